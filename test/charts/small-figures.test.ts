/** Calibration, time-dependent AUC/Brier, trajectory and love figures: specs, validation, immutability, JSON. */
import { describe, expect, it } from 'vitest';
import { calibrationFigure } from '../../charts/calibration-figure.js';
import { timeDependentFigure } from '../../charts/time-dependent-figure.js';
import { trajectoryFigure } from '../../charts/trajectory-figure.js';
import { loveFigure } from '../../charts/love-figure.js';
import { UsageError } from '../../util/errors.js';
import { byRole, deepFreeze, expectJsonRoundTrip } from './helpers.js';

describe('calibrationFigure', () => {
  const input = deepFreeze({ predicted: [0.3, 0.1, 0.2], observed: [0.28, 0.12, 0.15], lower: [0.2, 0.05, 0.1], upper: [0.36, 0.2, 0.22], n: [50, 50, 50] });

  it('points sorted by predicted risk, CI error bars, diagonal reference', () => {
    const spec = calibrationFigure(input);
    const [ref] = byRole(spec, 'reference');
    const [pts] = byRole(spec, 'groups');
    expect(pts!.x).toEqual([0.1, 0.2, 0.3]);
    expect(pts!.y).toEqual([0.12, 0.15, 0.28]);
    expect(pts!.error_y!.array[2]).toBeCloseTo(0.08, 12);
    expect(pts!.error_y!.arrayminus![2]).toBeCloseTo(0.08, 12);
    expect(ref!.x).toEqual(ref!.y);
    expect(spec.layout.xaxis?.title?.text).toBe('Predicted risk');
    expect(spec.layout.yaxis?.title?.text).toBe('Observed risk');
    expect(spec.layout.xaxis?.range).toEqual(spec.layout.yaxis?.range);
    expect((pts!.text as string[])[0]).toContain('n = 50');
    expectJsonRoundTrip(spec);
  });

  it('validates lengths and ranges', () => {
    expect(() => calibrationFigure({ predicted: [0.1], observed: [0.1, 0.2] })).toThrow(UsageError);
    expect(() => calibrationFigure({ predicted: [1.2], observed: [0.1] })).toThrow(UsageError);
    expect(() => calibrationFigure({ predicted: [], observed: [] })).toThrow(UsageError);
  });
});

describe('timeDependentFigure', () => {
  const input = deepFreeze({
    time: [365, 730, 1095],
    series: [
      { name: 'Cox', value: [0.72, 0.7, 0.68], lower: [0.65, 0.63, 0.6], upper: [0.79, 0.77, 0.76] },
      { name: 'Null', value: [0.5, NaN, 0.5] },
    ],
  });
  it('AUC: series lines, bands where limits exist, reference at 0.5, NaN as gaps', () => {
    const spec = timeDependentFigure(input, { timeUnit: 'days' });
    expect(byRole(spec, 'series').map((t) => t.name)).toEqual(['Cox', 'Null']);
    expect(byRole(spec, 'band-upper')).toHaveLength(1);
    expect(byRole(spec, 'series')[1]!.y).toEqual([0.5, null, 0.5]);
    expect(spec.layout.shapes?.[0]?.y0).toBe(0.5);
    expect(spec.layout.yaxis?.title?.text).toBe('AUC(t)');
    expect(spec.layout.xaxis?.title?.text).toBe('Time (days)');
    expectJsonRoundTrip(spec);
  });
  it('Brier: no reference line, own axis title; bands off', () => {
    const spec = timeDependentFigure(input, { metric: 'brier', confidenceBands: false });
    expect(spec.layout.shapes).toBeUndefined();
    expect(spec.layout.yaxis?.title?.text).toBe('Brier score(t)');
    expect(spec.data).toHaveLength(2);
    expect(() => timeDependentFigure({ time: [1, 2], series: [{ name: 'a', value: [1] }] })).toThrow(UsageError);
    expect(() => timeDependentFigure({ time: [1], series: [] })).toThrow(UsageError);
  });
});

describe('trajectoryFigure', () => {
  const people = deepFreeze([
    { id: 'a', cluster: 1, time: [0, 2, 1], value: [1, 3, 2] },
    { id: 'b', cluster: 1, time: [0, 1], value: [1.5, 2] },
    { id: 'c', cluster: 2, time: [0, 1, 2], value: [4, 4, 4.5] },
  ]);
  const centres = deepFreeze([
    { cluster: 1, time: [0, 1, 2], value: [1.2, 2, 3] },
    { cluster: 2, time: [0, 1, 2], value: [4, 4, 4.5] },
  ]);
  it('faint individuals per cluster (null-separated, time-sorted), bold centres, colour by cluster', () => {
    const spec = trajectoryFigure(people, centres, { yTitle: 'EDSS' });
    const ind = byRole(spec, 'individuals');
    const cen = byRole(spec, 'centre');
    expect(ind).toHaveLength(2);
    expect(cen).toHaveLength(2);
    expect(ind[0]!.x).toEqual([0, 1, 2, null, 0, 1, null]);
    expect(ind[0]!.y).toEqual([1, 2, 3, null, 1.5, 2, null]);
    expect(ind[0]!.line!.width).toBeLessThan(cen[0]!.line!.width!);
    expect(ind[0]!.line!.color).toMatch(/^rgba\(.*,0\.15\)$/);
    expect(cen[0]!.line!.color).not.toBe(cen[1]!.line!.color);
    expect(cen.map((c) => c.name)).toEqual(['Cluster 1 (n = 2)', 'Cluster 2 (n = 1)']);
    expect(spec.layout.yaxis?.title?.text).toBe('EDSS');
    expectJsonRoundTrip(spec);
  });
  it('thins large clusters deterministically and says so', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ id: `p${i}`, cluster: 'x', time: [0, 1], value: [i, i] }));
    const spec = trajectoryFigure(many, [], { maxIndividualsPerCluster: 4 });
    expect(byRole(spec, 'individuals')[0]!.meta).toMatchObject({ drawn: 4, total: 10 });
    expect(spec.meta?.warnings).toEqual(['Cluster x: 4 of 10 individual courses drawn (one in 3)']);
    expect(() => trajectoryFigure([{ id: 'z', cluster: 1, time: [0], value: [] }], [])).toThrow(UsageError);
  });
});

describe('loveFigure', () => {
  const rows = deepFreeze([
    { covariate: 'age', smdBefore: 0.05, smdAfter: 0.01 },
    { covariate: 'grade', smdBefore: -0.4, smdAfter: 0.12 },
  ]);
  it('before/after markers, |SMD| reference at 0.1, ordering, imbalance warning', () => {
    const spec = loveFigure(rows, { order: 'before' });
    expect(spec.meta?.covariates).toEqual(['grade', 'age']);
    expect(byRole(spec, 'before')[0]!.x).toEqual([0.4, 0.05]);
    expect(byRole(spec, 'after')[0]!.x).toEqual([0.12, 0.01]);
    expect(spec.layout.shapes?.[0]?.x0).toBe(0.1);
    expect(spec.layout.xaxis?.title?.text).toBe('Absolute standardized mean difference');
    expect(spec.meta?.warnings).toEqual(['|SMD| >= 0.1 after adjustment: grade']);
    expectJsonRoundTrip(spec);
  });
  it('signed SMDs get lines at ±threshold', () => {
    const spec = loveFigure(rows, { absolute: false, threshold: 0.2 });
    expect(spec.layout.shapes?.slice(0, 2).map((s) => s.x0)).toEqual([-0.2, 0.2]);
    expect(byRole(spec, 'before')[0]!.x).toEqual([0.05, -0.4]);
    expect(() => loveFigure([])).toThrow(UsageError);
  });
});
