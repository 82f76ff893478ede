import { describe, expect, it } from 'vitest';
import { boundedNelderMead } from '../../../models/mixed/index.js';
import { UsageError } from '../../../util/errors.js';

const rosenbrock = (x: Float64Array): number => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;

describe('boundedNelderMead', () => {
  it('finds the Rosenbrock minimum (1, 1) from (-1.2, 1) to 1e-6', () => {
    const r = boundedNelderMead(rosenbrock, [-1.2, 1], { xtol: 1e-12, ftol: 1e-30 });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.x[0]! - 1)).toBeLessThan(1e-6);
    expect(Math.abs(r.x[1]! - 1)).toBeLessThan(1e-6);
    expect(r.f).toBeLessThan(1e-12);
  });

  it('stops exactly on an active bound (a variance estimated as 0)', () => {
    // minimum of (x0 + 1)^2 + (x1 - 2)^2 over x0 >= 0 is (0, 2)
    const f = (x: Float64Array): number => (x[0]! + 1) ** 2 + (x[1]! - 2) ** 2;
    const r = boundedNelderMead(f, [1, 0], { lower: [0, -Infinity], xtol: 1e-12 });
    expect(r.x[0]).toBe(0);
    expect(Math.abs(r.x[1]! - 2)).toBeLessThan(1e-8);
    // every point tried lies in the box
    const seen: number[] = [];
    boundedNelderMead((x) => (seen.push(x[0]!), f(x)), [1, 0], { lower: [0, -Infinity], upper: [3, Infinity] });
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...seen)).toBeLessThanOrEqual(3);
  });

  it('projects the start onto the box and handles an upper bound', () => {
    const r = boundedNelderMead((x) => (x[0]! - 5) ** 2, [10], { lower: [-1], upper: [2] });
    expect(r.x[0]).toBe(2);
  });

  it('reports converged = false when maxEval runs out, with the best point so far', () => {
    const r = boundedNelderMead(rosenbrock, [-1.2, 1], { maxEval: 30 });
    expect(r.converged).toBe(false);
    expect(r.evaluations).toBeLessThanOrEqual(34); // a shrink may finish its d evaluations
    expect(r.f).toBeLessThan(rosenbrock(Float64Array.of(-1.2, 1)));
  });

  it('restarts after convergence until a restart no longer improves', () => {
    const r = boundedNelderMead((x) => x[0]! ** 2 + x[1]! ** 2, [3, 4], { maxRestarts: 3 });
    expect(r.restarts).toBeGreaterThanOrEqual(1);
    expect(r.restarts).toBeLessThanOrEqual(3);
    const none = boundedNelderMead((x) => x[0]! ** 2 + x[1]! ** 2, [3, 4], { maxRestarts: 0 });
    expect(none.restarts).toBe(0);
  });

  it('treats NaN as +Infinity and does not modify its start', () => {
    const x0 = Float64Array.of(0.5, 0.5);
    const r = boundedNelderMead((x) => (x[0]! < 0.2 ? NaN : (x[0]! - 0.3) ** 2 + x[1]! ** 2), x0);
    expect(Math.abs(r.x[0]! - 0.3)).toBeLessThan(1e-6);
    expect(Array.from(x0)).toEqual([0.5, 0.5]);
  });

  it('refuses bad options with a UsageError', () => {
    expect(() => boundedNelderMead(rosenbrock, [0, 0], { lower: [0] })).toThrow(UsageError);
    expect(() => boundedNelderMead(rosenbrock, [0, 0], { lower: [1, 1], upper: [0, 2] })).toThrow(/lower bound 1 above upper bound 0/);
    expect(() => boundedNelderMead(rosenbrock, [0, 0], { xtol: 0 })).toThrow(/xtol must be a positive number/);
  });
});
