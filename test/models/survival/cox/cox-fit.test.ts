/**
 * Hand-checkable cases of the Cox numeric core (coxFit), from the small data
 * sets of Therneau & Grambsch (2000), Appendix E, used by survival's
 * tests/book1.R (test1) and tests/book3.R-book6.R (test2), with the expected
 * values derived in closed form in the comments; plus input validation,
 * immutability and edge cases.
 */
import { describe, expect, it } from 'vitest';
import { coxFit } from '../../../../models/survival/cox/cox-fit.js';
import { DataValidationError, UsageError } from '../../../../util/errors.js';

// test1 (the row with a missing status removed):
//   time   = 9 1 1 6 6 8,  status = 1 1 0 1 1 0,  x = 0 1 1 1 0 0
// With r = exp(beta), the risk sets at the event times are
//   t=1: 3 with x=1 and 3 with x=0 → sum 3r+3, one event (x=1)
//   t=6: {9:x0, 6:x1, 6:x0, 8:x0} → sum r+3, two tied events (x=1 and x=0), their sum r+1
//   t=9: {9:x0} → sum 1, one event (x=0)
// Breslow: loglik(b) = 2b - log(3r+3) - 2 log(r+3);  U = 2 - 3r/(3r+3) - 2r/(r+3)
//   U = 0 ⇔ r² - 3r - 6 = 0 ⇔ r = (3 + √33)/2, so b̂ = log((3 + √33)/2) ≈ 1.4752.
//   At b = 0: loglik = -log 96, U = 1, I = 1/4 + 2·(1/4)(3/4) = 5/8, score test = 1.6.
// Efron: the tied pair at t=6 uses denominators r+3 and (r+3) - (r+1)/2 = (r+5)/2:
//   loglik(b) = 2b - log(3r+3) - log(r+3) - log((r+5)/2);  U = 2 - r/(r+1) - r/(r+3) - r/(r+5)
//   At b = 0: loglik = -log 72, U = 13/12, I = 1/4 + 3/16 + 5/36 = 83/144, score = 169/83.
const test1 = {
  time: Float64Array.of(9, 1, 1, 6, 6, 8),
  status: Float64Array.of(1, 1, 0, 1, 1, 0),
  x: [Float64Array.of(0, 1, 1, 1, 0, 0)],
};

// test2 (counting process):
//   start = 1 2 5 2 1 7 3 4 8 8, stop = 2 3 6 7 8 9 9 9 14 17, event = 1 1 1 1 1 1 1 0 0 0,
//   x = 1 0 0 1 0 1 1 1 0 0
// Risk sets (start < t <= stop) at b = 0: t=2: 2, t=3: 3, t=6: 5, t=7: 4, t=8: 4, t=9: 5 with 2 tied events.
//   Breslow loglik(0) = -log(2·3·5·4·4·5²) = -log 12000
//   Efron   loglik(0) = -log(2·3·5·4·4·5·4) = -log 9600
const test2 = {
  start: Float64Array.of(1, 2, 5, 2, 1, 7, 3, 4, 8, 8),
  time: Float64Array.of(2, 3, 6, 7, 8, 9, 9, 9, 14, 17),
  status: Float64Array.of(1, 1, 1, 1, 1, 1, 1, 0, 0, 0),
  x: [Float64Array.of(1, 0, 0, 1, 0, 1, 1, 1, 0, 0)],
};

describe('coxFit: Therneau & Grambsch test1 (right-censored, closed form)', () => {
  it('Breslow: MLE log((3+√33)/2), loglik(0) = -log 96, score test 1.6', () => {
    const f = coxFit(test1, { ties: 'breslow' });
    const bhat = Math.log((3 + Math.sqrt(33)) / 2);
    expect(f.coef[0]).toBeCloseTo(bhat, 8);
    expect(f.loglik[0]).toBeCloseTo(-Math.log(96), 12);
    const r = Math.exp(bhat);
    expect(f.loglik[1]).toBeCloseTo(2 * bhat - Math.log(3 * r + 3) - 2 * Math.log(r + 3), 10);
    expect(f.scoreTest).toBeCloseTo(1.6, 12);
    // Information at the MLE: 3r/(3r+3)² ·3 ... = r·3/(3r+3)·(3/(3r+3)) + 2·r·3/(r+3)²
    const info = (3 * r * 3) / (3 * r + 3) ** 2 + (2 * 3 * r) / (r + 3) ** 2;
    expect(f.var[0]).toBeCloseTo(1 / info, 8);
    expect(f.converged).toBe(true);
    expect(f.warnings).toEqual([]);
  });

  it('Efron: loglik(0) = -log 72, score test 169/83, U(b̂) = 0', () => {
    const f = coxFit(test1, { ties: 'efron' });
    expect(f.loglik[0]).toBeCloseTo(-Math.log(72), 12);
    expect(f.scoreTest).toBeCloseTo(169 / 83, 12);
    const r = Math.exp(f.coef[0]!);
    const U = 2 - r / (r + 1) - r / (r + 3) - r / (r + 5);
    expect(Math.abs(U)).toBeLessThan(1e-7);
    const b = f.coef[0]!;
    expect(f.loglik[1]).toBeCloseTo(2 * b - Math.log(3 * r + 3) - Math.log(r + 3) - Math.log((r + 5) / 2), 10);
  });

  it('a single Newton step from 0 is beta = U(0)/I(0) (Breslow: 1 / (5/8) = 1.6)', () => {
    const f = coxFit(test1, { ties: 'breslow', maxIter: 1 });
    expect(f.coef[0]).toBeCloseTo(1.6, 12);
    expect(f.converged).toBe(false);
    expect(f.warnings).toContain('Ran out of iterations and did not converge');
  });
});

describe('coxFit: Therneau & Grambsch test2 (counting process, closed form at 0)', () => {
  it('Breslow loglik(0) = -log 12000; Efron loglik(0) = -log 9600', () => {
    expect(coxFit(test2, { ties: 'breslow' }).loglik[0]).toBeCloseTo(-Math.log(12000), 12);
    expect(coxFit(test2, { ties: 'efron' }).loglik[0]).toBeCloseTo(-Math.log(9600), 12);
  });

  it('a counting-process fit whose intervals all start before every time equals the right-censored fit', () => {
    const f1 = coxFit(test1, { ties: 'efron' });
    const f2 = coxFit({ ...test1, start: new Float64Array(6).fill(-5) }, { ties: 'efron' });
    expect(f2.coef[0]).toBeCloseTo(f1.coef[0]!, 9);
    expect(f2.loglik[1]).toBeCloseTo(f1.loglik[1], 10);
    expect(f2.var[0]).toBeCloseTo(f1.var[0]!, 9);
  });

  it('splitting a subject into two (start, stop] pieces leaves the fit unchanged', () => {
    // Split the row (start 1, stop 8] at 5 into (1, 5] censored and (5, 8] with the event.
    const start = Float64Array.of(1, 2, 5, 2, 1, 5, 7, 3, 4, 8, 8);
    const time = Float64Array.of(2, 3, 6, 7, 5, 8, 9, 9, 9, 14, 17);
    const status = Float64Array.of(1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0);
    const x = [Float64Array.of(1, 0, 0, 1, 0, 0, 1, 1, 1, 0, 0)];
    const a = coxFit(test2, { ties: 'efron' });
    const b = coxFit({ start, time, status, x }, { ties: 'efron' });
    expect(b.coef[0]).toBeCloseTo(a.coef[0]!, 10);
    expect(b.loglik[1]).toBeCloseTo(a.loglik[1], 10);
  });
});

describe('coxFit: weights, strata, offset, edge cases', () => {
  it('integer case weights equal replicated rows (Breslow; weighted Efron in R is not replication, see the golden lung_weights_int)', () => {
    const w = Float64Array.of(2, 1, 3, 1, 2, 1);
    const rep = { time: [] as number[], status: [] as number[], x: [] as number[] };
    for (let i = 0; i < 6; i++)
      for (let k = 0; k < w[i]!; k++) {
        rep.time.push(test1.time[i]!);
        rep.status.push(test1.status[i]!);
        rep.x.push(test1.x[0]![i]!);
      }
    for (const ties of ['breslow'] as const) {
      const a = coxFit({ ...test1, weights: w }, { ties });
      const b = coxFit(
        { time: Float64Array.from(rep.time), status: Float64Array.from(rep.status), x: [Float64Array.from(rep.x)] },
        { ties },
      );
      expect(a.coef[0]).toBeCloseTo(b.coef[0]!, 9);
      expect(a.loglik[1]).toBeCloseTo(b.loglik[1], 9);
      expect(a.var[0]).toBeCloseTo(b.var[0]!, 9);
    }
  });

  it('strata: the log-likelihood is the sum over strata', () => {
    const time = Float64Array.of(...test1.time, ...test1.time.map((t) => t + 0.5));
    const status = Float64Array.of(...test1.status, ...test1.status);
    const x = [Float64Array.of(...test1.x[0]!, ...test1.x[0]!)];
    const strata = Int32Array.of(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1);
    const f = coxFit({ time, status, x, strata }, { ties: 'breslow' });
    const one = coxFit(test1, { ties: 'breslow' });
    expect(f.coef[0]).toBeCloseTo(one.coef[0]!, 9);
    expect(f.loglik[1]).toBeCloseTo(2 * one.loglik[1], 9);
  });

  it('an offset equal to c·x shifts the coefficient by -c', () => {
    const c = 0.7;
    const f = coxFit({ ...test1, offset: test1.x[0]!.map((v) => c * v) }, { ties: 'efron' });
    const g = coxFit(test1, { ties: 'efron' });
    expect(f.coef[0]).toBeCloseTo(g.coef[0]! - c, 8);
  });

  it('no events: NaN coefficients, loglik [0, 0], a warning, no crash', () => {
    const f = coxFit({ ...test1, status: new Float64Array(6) });
    expect(Number.isNaN(f.coef[0]!)).toBe(true);
    expect(f.loglik).toEqual([0, 0]);
    expect(f.warnings.length).toBe(1);
  });

  it('times <= 0 are allowed', () => {
    const f = coxFit({ ...test1, time: test1.time.map((t) => t - 10) }, { ties: 'breslow' });
    expect(f.coef[0]).toBeCloseTo(Math.log((3 + Math.sqrt(33)) / 2), 8);
  });

  it('start >= stop is a DataValidationError naming the row', () => {
    const start = Float64Array.from(test2.start);
    start[3] = 7; // equals stop
    try {
      coxFit({ ...test2, start });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DataValidationError);
      expect((e as DataValidationError).issues[0]!.row).toBe(4);
      expect((e as DataValidationError).message).toMatch(/row 4/);
    }
  });

  it('rejects bad weights, lengths and controls', () => {
    expect(() => coxFit({ ...test1, weights: Float64Array.of(1, 1, 0, 1, 1, 1) })).toThrow(DataValidationError);
    expect(() => coxFit({ ...test1, status: Float64Array.of(1, 0) })).toThrow(UsageError);
    expect(() => coxFit(test1, { eps: 0 })).toThrow(UsageError);
    expect(() => coxFit(test1, { maxIter: -1 })).toThrow(UsageError);
  });

  it('does not modify its inputs', () => {
    const input = {
      time: Float64Array.from(test2.time),
      status: Float64Array.from(test2.status),
      start: Float64Array.from(test2.start),
      x: [Float64Array.from(test2.x[0]!)],
    };
    const copy = JSON.stringify([input.time, input.status, input.start, input.x].map((a) => Array.from(a as Float64Array)));
    coxFit(input, { ties: 'efron', robust: true });
    expect(JSON.stringify([input.time, input.status, input.start, input.x].map((a) => Array.from(a as Float64Array)))).toBe(copy);
  });

  it('robust variance without cluster uses one cluster per row', () => {
    const a = coxFit(test2, { robust: true });
    const b = coxFit({ ...test2, cluster: Int32Array.from({ length: 10 }, (_, i) => i) });
    expect(a.robustVar![0]).toBeCloseTo(b.robustVar![0]!, 14);
    expect(a.robustVar![0]).toBeGreaterThan(0);
    expect(a.var).toBe(a.robustVar);
  });
});
