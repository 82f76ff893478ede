/** Cluster profiles on hand-checkable cases (values worked out by hand; R: tapply(x, g, mean/sd/quantile)). */
import { describe, expect, it } from 'vitest';
import { clusterProfiles, type CategoricalProfile, type NumericProfile } from '../../../models/cluster/cluster-profiles.js';
import { UsageError } from '../../../util/errors.js';

describe('clusterProfiles', () => {
  const labels = [0, 0, 0, 1, 1, 0];
  const age = [30, 40, NaN, 50, 60, 50];
  const sex = ['female', 'male', 'female', null, 'female', 'female'];

  it('summarises numeric variables per cluster (mean, sd, type-7 quartiles, missing)', () => {
    const p = clusterProfiles(labels, [{ name: 'age', kind: 'numeric', values: age }]);
    expect(p.map((c) => c.size)).toEqual([4, 2]);
    const a0 = p[0]?.variables[0] as NumericProfile;
    // cluster 0: 30, 40, 50 (one missing): mean 40, sd 10, quantile(c(30,40,50), c(.25,.5,.75)) = 35, 40, 45
    expect(a0).toMatchObject({ n: 3, missing: 1, mean: 40, median: 40, q1: 35, q3: 45 });
    expect(a0.sd).toBeCloseTo(10, 12);
    const a1 = p[1]?.variables[0] as NumericProfile;
    // cluster 1: 50, 60: sd = sqrt(50), quantile(c(50,60), .25) = 52.5
    expect(a1).toMatchObject({ n: 2, missing: 0, mean: 55, median: 55, q1: 52.5, q3: 57.5 });
    expect(a1.sd).toBeCloseTo(Math.sqrt(50), 12);
  });

  it('counts categorical levels in a shared order, with missing, and keeps empty clusters', () => {
    const p = clusterProfiles(labels, [{ name: 'sex', kind: 'categorical', values: sex, levels: ['male', 'female'] }], { clusters: 3 });
    expect(p).toHaveLength(3);
    expect((p[0]?.variables[0] as CategoricalProfile).levels).toEqual([{ level: 'male', count: 1 }, { level: 'female', count: 3 }]);
    expect((p[1]?.variables[0] as CategoricalProfile)).toMatchObject({ levels: [{ level: 'male', count: 0 }, { level: 'female', count: 1 }], missing: 1 });
    expect(p[2]?.size).toBe(0);
    const sorted = clusterProfiles(labels, [{ name: 'sex', kind: 'categorical', values: sex }]);
    expect((sorted[0]?.variables[0] as CategoricalProfile).levels.map((l) => l.level)).toEqual(['female', 'male']);
    const empty = clusterProfiles([1], [{ name: 'x', kind: 'numeric', values: [1] }]);
    expect((empty[0]?.variables[0] as NumericProfile).mean).toBeNaN();
  });

  it('does not modify its inputs', () => {
    const l = Object.freeze([...labels]);
    const a = Object.freeze([...age]);
    const s = Object.freeze([...sex]);
    expect(() => clusterProfiles(l, [{ name: 'age', kind: 'numeric', values: a }, { name: 'sex', kind: 'categorical', values: s }])).not.toThrow();
  });

  it('rejects bad labels, lengths, levels and cluster counts', () => {
    expect(() => clusterProfiles([0, -1], [])).toThrow(UsageError);
    expect(() => clusterProfiles([0, 1.5], [])).toThrow(UsageError);
    expect(() => clusterProfiles([0, 1], [{ name: 'age', kind: 'numeric', values: [1] }])).toThrow(/age has 1 values/);
    expect(() => clusterProfiles([0], [{ name: 'sex', kind: 'categorical', values: ['x'], levels: ['female'] }])).toThrow(/not among its levels/);
    expect(() => clusterProfiles([0, 1], [], { clusters: 1 })).toThrow(UsageError);
  });
});
