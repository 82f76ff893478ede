import { describe, expect, it } from 'vitest';
import { bootstrapMultiplicity, bootstrapReplicates, percentileInterval } from '../../../models/causal/tte-bootstrap.js';
import { ModelError, UsageError } from '../../../util/errors.js';
import { seededRandom } from '../../../util/random.js';

describe('bootstrap of patients', () => {
  it('draws multiplicities that sum to n', () => {
    const m = bootstrapMultiplicity(50, seededRandom(1));
    expect(m.reduce((a, v) => a + v, 0)).toBe(50);
    expect(m.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
  });

  it('is deterministic for a seed and different for another', () => {
    const mean = (m: Float64Array) => ({ mean: m.reduce((a, v, i) => a + v * i, 0) / m.length });
    const a = bootstrapReplicates(30, mean, { replicates: 20, seed: 3 });
    const b = bootstrapReplicates(30, mean, { replicates: 20, seed: 3 });
    const c = bootstrapReplicates(30, mean, { replicates: 20, seed: 4 });
    expect(Array.from(a.estimates.mean!)).toEqual(Array.from(b.estimates.mean!));
    expect(Array.from(a.estimates.mean!)).not.toEqual(Array.from(c.estimates.mean!));
  });

  it('counts replicates whose analysis fails and keeps going', () => {
    let k = 0;
    const r = bootstrapReplicates(10, () => { k++; if (k % 4 === 0) throw new ModelError('no followers'); return { x: k }; }, { replicates: 12, seed: 1 });
    expect(r.failed).toBe(3);
    expect(r.failures).toEqual(['no followers']);
    expect(Array.from(r.estimates.x!).filter(Number.isNaN).length).toBe(3);
  });

  it('gives type-7 percentile intervals, skipping NaN', () => {
    expect(percentileInterval(Float64Array.of(1, 2, 3, 4, 5), 0.9)).toEqual({ lower: 1.2, upper: 4.8, used: 5 });
    expect(percentileInterval([Number.NaN, 1, 2, 3, 4, 5], 0.9).used).toBe(5);
    expect(percentileInterval([Number.NaN]).lower).toBeNaN();
  });

  it('refuses a bad number of replicates', () => {
    expect(() => bootstrapReplicates(5, () => ({}), { replicates: 0 })).toThrow(UsageError);
  });
});
