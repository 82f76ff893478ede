import { describe, expect, it } from 'vitest';
import { breslowOnGrid, defaultGridStep } from '../../../../models/risk/model/baseline-grid.js';
import { UsageError } from '../../../../util/errors.js';

describe('breslowOnGrid', () => {
  it('sums d / sum exp(score) over event times up to each grid point (worked by hand)', () => {
    // times 1,2,2,3,4,5 ; events at 1, 2 (one of the tied), 4 ; scores 0 except row 1 (log 2).
    const time = Float64Array.of(1, 2, 2, 3, 4, 5);
    const status = Float64Array.of(1, 1, 0, 0, 1, 0);
    const score = Float64Array.of(0, Math.log(2), 0, 0, 0, 0);
    const b = breslowOnGrid(time, status, score, { timeUnit: 'years', step: 1.5, minAtRisk: 2 });
    // risk sets: t=1: 1+2+1+1+1+1 = 7; t=2: 2+1+1+1+1 = 6; t=4: 2.
    // at-risk >= 2 up to t = 4 (the 2nd largest time): grid 0, 1.5, 3.
    expect(b.grid).toEqual([0, 1.5, 3]);
    expect(b.cumulativeHazard[0]).toBe(0);
    expect(b.cumulativeHazard[1]).toBeCloseTo(1 / 7, 15);
    expect(b.cumulativeHazard[2]).toBeCloseTo(1 / 7 + 1 / 6, 15);
    const c = breslowOnGrid(time, status, score, { timeUnit: 'years', step: 2, minAtRisk: 2 });
    // an event exactly at a grid point counts at that point
    expect(c.grid).toEqual([0, 2, 4]);
    expect(c.cumulativeHazard[1]).toBeCloseTo(1 / 7 + 1 / 6, 15);
    expect(c.cumulativeHazard[2]).toBeCloseTo(1 / 7 + 1 / 6 + 1 / 2, 15);
    expect(b.gridRule).toContain('at least 2');
  });

  it('uses monthly defaults and checks its input', () => {
    expect(defaultGridStep('days')).toBe(30.4375);
    expect(defaultGridStep('months')).toBe(1);
    expect(() => breslowOnGrid(Float64Array.of(1, 2), Float64Array.of(1, 1), Float64Array.of(0, 0))).toThrow(UsageError);
    expect(() => breslowOnGrid(Float64Array.of(1), Float64Array.of(1, 1), Float64Array.of(0, 0), { minAtRisk: 1 })).toThrow(UsageError);
  });
});
