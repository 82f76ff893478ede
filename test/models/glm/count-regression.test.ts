import { describe, expect, it } from 'vitest';
import { negativeBinomialRegression, poissonRegression, withIntercept, resolveGlmControl } from '../../../models/glm/index.js';
import { DataValidationError, UsageError } from '../../../util/errors.js';

describe('count regressions: hand-checkable cases and input handling', () => {
  it('intercept-only Poisson with offset gives the crude rate: exp(b0) = sum(y) / sum(years)', () => {
    const y = [0, 2, 1, 5, 3];
    const years = [1, 2.5, 0.5, 4, 2];
    const fit = poissonRegression({ y, x: withIntercept([], 5), offset: years.map(Math.log) });
    expect(fit.coefficients[0]!.rateRatio).toBeCloseTo(11 / 10, 8);
    // SE of log rate = 1 / sqrt(total count)
    expect(fit.coefficients[0]!.se).toBeCloseTo(1 / Math.sqrt(11), 5);
    expect(fit.nullDeviance).toBeCloseTo(fit.deviance, 10);
    expect(fit.dfNull).toBe(4);
    expect(fit.dfResidual).toBe(4);
  });

  it('two groups: the rate ratio is the ratio of crude rates', () => {
    const y = [1, 2, 3, 6, 0, 4];
    const years = [2, 2, 2, 1, 1, 1];
    const g = [0, 0, 0, 1, 1, 1];
    const fit = poissonRegression({ y, x: withIntercept([{ name: 'g', values: g }], 6), offset: years.map(Math.log) });
    expect(fit.coefficients[1]!.rateRatio).toBeCloseTo(10 / 3 / 1, 8);
  });

  it('reports an aliased column as NaN with a warning, as R reports NA', () => {
    const x = [1, 2, 3, 4, 5, 6];
    const fit = poissonRegression({ y: [1, 0, 2, 3, 1, 4], x: withIntercept([{ name: 'x', values: x }, { name: 'x2', values: x.map((v) => 2 * v) }], 6) });
    expect(Number.isNaN(fit.coefficients[2]!.estimate)).toBe(true);
    expect(Number.isFinite(fit.coefficients[1]!.estimate)).toBe(true);
    expect(fit.warnings.some((w) => /singularities/.test(w))).toBe(true);
  });

  it('warns when the iteration limit is reached instead of throwing', () => {
    const y = [0, 1, 3, 2, 8, 1, 0, 4];
    const x = withIntercept([{ name: 'x', values: [1, 2, 3, 4, 5, 6, 7, 8] }], 8);
    const fit = negativeBinomialRegression({ y, x }, undefined, { control: { maxIter: 1 } });
    expect(fit.converged).toBe(false);
    expect(fit.warnings.length).toBeGreaterThan(0);
  });

  it('rejects negative counts, bad weights, length mismatches and bad controls', () => {
    const x = withIntercept([], 3);
    expect(() => poissonRegression({ y: [1, -1, 2], x })).toThrow(DataValidationError);
    expect(() => poissonRegression({ y: [1, 1, 2], x, weights: [1, NaN, 1] })).toThrow(DataValidationError);
    expect(() => poissonRegression({ y: [1, 1, 2], x, offset: [0, 0] })).toThrow(UsageError);
    expect(() => resolveGlmControl({ maxIter: 0 })).toThrow(UsageError);
    expect(() => poissonRegression({ y: [1, 1, 2], x }, undefined, { confLevel: 1.5 })).toThrow(UsageError);
  });

  it('does not modify its inputs', () => {
    const y = Object.freeze([1, 0, 2, 3]);
    const years = Object.freeze([1, 1, 2, 2]);
    const x = Object.freeze(withIntercept([{ name: 'g', values: Object.freeze([0, 0, 1, 1]) }], 4));
    expect(() => negativeBinomialRegression({ y, x, offset: years.map(Math.log) })).not.toThrow();
    expect(y).toEqual([1, 0, 2, 3]);
  });
});
