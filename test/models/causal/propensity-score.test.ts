import { describe, expect, it } from 'vitest';
import { logisticIrls, propensityScore } from '../../../models/causal/index.js';
import { DataValidationError, UsageError } from '../../../util/errors.js';

const ones = (n: number): Float64Array => new Float64Array(n).fill(1);

describe('propensityScore / logisticIrls', () => {
  it('ridge fit satisfies the penalized score equations X\'(y - mu) = lambda * beta (intercept unpenalized)', () => {
    const x1 = Float64Array.of(-1.2, -0.5, 0.3, 0.8, 1.5, 2.1, -0.7, 0.1, 1.1, -1.9);
    const x2 = Float64Array.of(0, 1, 0, 1, 1, 0, 1, 0, 1, 0);
    const y = Float64Array.of(0, 0, 1, 0, 1, 1, 1, 0, 1, 0);
    const lambda = 1.5;
    const a = { x: [ones(10), x1, x2], y, weights: ones(10), interceptIndex: 0 };
    const ml = logisticIrls(a);
    const r = logisticIrls(a, { ridge: lambda, epsilon: 1e-12, maxIter: 100 });
    expect(r.converged).toBe(true);
    const score = [0, 0, 0];
    for (let i = 0; i < 10; i++) for (let j = 0; j < 3; j++) score[j]! += a.x[j]![i]! * (y[i]! - r.fitted[i]!);
    expect(score[0]).toBeCloseTo(0, 8);
    expect(score[1]).toBeCloseTo(lambda * r.coefficients[1]!, 8);
    expect(score[2]).toBeCloseTo(lambda * r.coefficients[2]!, 8);
    expect(Math.abs(r.coefficients[1]!)).toBeLessThan(Math.abs(ml.coefficients[1]!));
  });

  it('warns as R on separation', () => {
    const r = propensityScore('t ~ x', { t: Float64Array.of(0, 0, 0, 1, 1, 1), x: Float64Array.of(1, 2, 3, 4, 5, 6) });
    expect(r.warnings.some((w) => /fitted probabilities numerically 0 or 1/.test(w))).toBe(true);
  });

  it('drops rows with missing covariates and keeps their indices', () => {
    const r = propensityScore('t ~ x', { t: Float64Array.of(0, 1, 0, 1, 1, 0), x: Float64Array.of(1, NaN, 3, 2, 5, 4) });
    expect(Array.from(r.rowIndex)).toEqual([0, 2, 3, 4, 5]);
    expect(r.ps.length).toBe(5);
    expect(r.logitPs[0]).toBeCloseTo(Math.log(r.ps[0]! / (1 - r.ps[0]!)), 12);
  });

  it('rejects non-binary treatments and single-arm data', () => {
    expect(() => propensityScore('t ~ x', { t: Float64Array.of(0, 2, 1), x: Float64Array.of(1, 2, 3) })).toThrow(DataValidationError);
    expect(() => propensityScore('t ~ x', { t: Float64Array.of(1, 1, 1), x: Float64Array.of(1, 2, 3) })).toThrow(UsageError);
    expect(() => propensityScore('t ~ x', { t: Float64Array.of(0, 1), x: Float64Array.of(1, 2) }, { confLevel: 2 })).toThrow(UsageError);
  });
});
