import { describe, expect, it } from 'vitest';
import { checkConvergence, finiteDifferences, newtonPolish } from '../../../models/mixed/index.js';

describe('finiteDifferences', () => {
  it('central gradient and Hessian of a smooth function; Richardson removes the h^2 error', () => {
    // f = exp(x0) + x0 x1^2: gradient (e^x0 + x1^2, 2 x0 x1), Hessian [[e^x0, 2 x1], [2 x1, 2 x0]]
    const f = (x: Float64Array): number => Math.exp(x[0]!) + x[0]! * x[1]! ** 2;
    const x = Float64Array.of(0.7, 1.3);
    const plain = finiteDifferences(f, x, [-Infinity, -Infinity], [Infinity, Infinity], 1e-3);
    const rich = finiteDifferences(f, x, [-Infinity, -Infinity], [Infinity, Infinity], 1e-3, true);
    const g0 = Math.exp(0.7) + 1.3 ** 2;
    expect(Math.abs(plain.gradient[0]! - g0)).toBeGreaterThan(1e-8); // O(h^2 f''') visible at h = 1e-3
    expect(Math.abs(rich.gradient[0]! - g0)).toBeLessThan(1e-9);
    expect(Math.abs(rich.gradient[1]! - 2 * 0.7 * 1.3)).toBeLessThan(1e-9);
    expect(plain.free).toEqual([0, 1]);
    expect(Math.abs(plain.hessian[0]! - Math.exp(0.7))).toBeLessThan(1e-5);
    expect(Math.abs(plain.hessian[1]! - 2 * 1.3)).toBeLessThan(1e-5);
    expect(Math.abs(plain.hessian[3]! - 2 * 0.7)).toBeLessThan(1e-5);
  });

  it('one-sided next to a bound, and such a parameter is not free', () => {
    const fd = finiteDifferences((x) => (x[0]! + 1) ** 2, Float64Array.of(0), [0], [Infinity]);
    expect(fd.free).toEqual([]);
    expect(fd.side[0]).toBe(1);
    expect(Math.abs(fd.gradient[0]! - 2)).toBeLessThan(1e-3);
  });
});

describe('newtonPolish', () => {
  it('takes a point 1e-5 off the minimum of a non-quadratic function to 1e-10', () => {
    const f = (x: Float64Array): number => Math.cosh(x[0]! - 1) + (x[1]! + 2) ** 4 + (x[1]! + 2) ** 2 + 0.5 * (x[0]! - 1) * (x[1]! + 2);
    const r = newtonPolish(f, Float64Array.of(1 + 1e-5, -2 - 1e-5), [-Infinity, -Infinity], [Infinity, Infinity]);
    expect(r.converged).toBe(true);
    expect(r.steps).toBeGreaterThanOrEqual(1);
    expect(Math.abs(r.x[0]! - 1)).toBeLessThan(1e-10);
    expect(Math.abs(r.x[1]! + 2)).toBeLessThan(1e-10);
  });

  it('puts a parameter within a step of its bound on the bound when f does not rise', () => {
    const f = (x: Float64Array): number => (x[0]! + 1) ** 2 + (x[1]! - 3) ** 2;
    const r = newtonPolish(f, Float64Array.of(2e-5, 3.001), [0, -Infinity], [Infinity, Infinity]);
    expect(r.x[0]).toBe(0);
    expect(Math.abs(r.x[1]! - 3)).toBeLessThan(1e-10);
  });

  it('does not move when the Hessian is not positive definite, and says so', () => {
    const r = newtonPolish((x) => -(x[0]! ** 2), Float64Array.of(0.5), [-Infinity], [Infinity]);
    expect(r.converged).toBe(false);
    expect(r.x[0]).toBe(0.5);
  });
});

describe('checkConvergence (lme4 checkConv)', () => {
  it('passes a minimum and flags a point with a large scaled gradient', () => {
    const f = (x: Float64Array): number => (x[0]! - 1) ** 2 + 10 * (x[1]! - 2) ** 2;
    expect(checkConvergence(f, Float64Array.of(1, 2), [-Infinity, -Infinity], [Infinity, Infinity], 0.002).warnings).toEqual([]);
    const bad = checkConvergence(f, Float64Array.of(1.1, 2), [-Infinity, -Infinity], [Infinity, Infinity], 0.002);
    expect(bad.warnings[0]).toMatch(/^Model failed to converge with max\|grad\| = .* \(tol = 0.002, component 1\)$/);
  });

  it('flags a bound the deviance decreases away from, and an indefinite Hessian', () => {
    const away = checkConvergence((x) => (x[0]! - 1) ** 2, Float64Array.of(0), [0], [Infinity], 0.002);
    expect(away.warnings[0]).toMatch(/decreases away from the bound of parameter 1/);
    const saddle = checkConvergence((x) => x[0]! ** 2 - x[1]! ** 2, Float64Array.of(0, 0), [-Infinity, -Infinity], [Infinity, Infinity], 0.002);
    expect(saddle.hessianPositiveDefinite).toBe(false);
    expect(saddle.warnings[0]).toMatch(/Hessian of the deviance is not positive definite/);
  });
});
