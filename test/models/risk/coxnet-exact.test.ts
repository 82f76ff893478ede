/**
 * The exact penalized Cox fit at a lambda (models/risk/coxnet-exact.ts)
 * against R glmnet 4.1-6 `coef(fit, s = L, exact = TRUE, x = X, y = y)`
 * (test/golden/coxnet-exact.R writes coxnet-exact.json) on rotterdam, death
 * as the event, alpha 1 and 0.5; the interpolation `coef(fit, s = L)` beside
 * it. Tolerances: exact coefficients 1e-6 absolute; interpolated 1e-4 *
 * max(1, |b|). Independent of R: the exact fit satisfies the optimality
 * (KKT) conditions of the penalized objective at L up to the coordinate-descent
 * tolerance, the interpolation misses them by a third of lambda.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coxnetFormula } from '../../../models/risk/coxnet-formula.js';
import { coxnet } from '../../../models/risk/coxnet.js';
import { exactLambdaSequence } from '../../../models/risk/coxnet-exact.js';
import { buildModelFrame } from '../../../models/design/model-frame.js';
import { readCsvColumns } from '../../helpers/read-csv.js';
import { UsageError } from '../../../util/errors.js';

interface Case { alpha: number; s: number; call: string; names: string[]; lambda: number[]; exact: number[]; interpolated: number[] }
const golden = JSON.parse(readFileSync('test/golden/coxnet-exact.json', 'utf8')) as { formula: string; cases: Case[] };

function rotterdam() {
  const t = readCsvColumns('datasets/rotterdam.csv');
  const death = t.death as Float64Array;
  const tg = Float64Array.from(t.dtime as Float64Array, (v, i) => v + (death[i] === 0 ? 0.1 : 0));
  return { ...t, tg };
}
const data = rotterdam();

/**
 * Largest violation of the optimality conditions of
 * -(1/n) loglik_Breslow(b) + lambda * sum_j (alpha |c_j| + (1 - alpha) / 2 c_j^2), c_j = b_j sd_j
 * (glmnet's objective on the standardized scale, 1/n variances): with g_j the
 * gradient of (1/n) loglik in c_j (the gradient in b_j over sd_j), g_j = lambda (alpha sign(c_j) + (1 - alpha) c_j)
 * where c_j != 0 and |g_j| <= lambda alpha where c_j = 0. Times here have no
 * censored row tied with an event, so Breslow's risk sets are plain.
 */
function kktViolation(x: Float64Array[], time: Float64Array, status: Float64Array, b: ArrayLike<number>, alpha: number, lambda: number): number {
  const n = time.length;
  const p = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => (time[j] as number) - (time[i] as number));
  const eta = new Float64Array(n);
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) eta[i] = (eta[i] as number) + (b[j] as number) * ((x[j] as Float64Array)[i] as number);
  const grad = new Float64Array(p);
  let s0 = 0;
  const s1 = new Float64Array(p);
  // Sweep from the latest time down; at each distinct time add its rows, then score its events.
  for (let a = 0; a < n; ) {
    let e = a;
    const t = time[order[a] as number] as number;
    while (e < n && time[order[e] as number] === t) e++;
    for (let k = a; k < e; k++) {
      const i = order[k] as number;
      const r = Math.exp(eta[i] as number);
      s0 += r;
      for (let j = 0; j < p; j++) s1[j] = (s1[j] as number) + r * ((x[j] as Float64Array)[i] as number);
    }
    for (let k = a; k < e; k++) {
      const i = order[k] as number;
      if (status[i] !== 1) continue;
      for (let j = 0; j < p; j++) grad[j] = (grad[j] as number) + ((x[j] as Float64Array)[i] as number) - (s1[j] as number) / s0;
    }
    a = e;
  }
  let worst = 0;
  for (let j = 0; j < p; j++) {
    const col = x[j] as Float64Array;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += col[i] as number;
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += ((col[i] as number) - mean) ** 2;
    const sd = Math.sqrt(v / n);
    const g = (grad[j] as number) / n / sd;
    const c = (b[j] as number) * sd;
    const viol = c !== 0 ? Math.abs(g - lambda * (alpha * Math.sign(c) + (1 - alpha) * c)) : Math.max(0, Math.abs(g) - lambda * alpha);
    worst = Math.max(worst, viol / lambda);
  }
  return worst;
}

describe('coxnet exact fit at lambda (glmnet exact = TRUE)', () => {
  it.each(golden.cases.map((c) => [c.alpha, c.s, c] as const))('alpha %s, lambda %s: exact and interpolated coefficients as glmnet', (_a, _s, c) => {
    const { fit, frame } = coxnetFormula(golden.formula, data, { alpha: c.alpha });
    expect(frame.columnNames).toEqual(c.names);
    expect(fit.lambda.length).toBe(c.lambda.length);
    fit.lambda.forEach((l, k) => expect(Math.abs(l - (c.lambda[k] as number)) / (c.lambda[k] as number)).toBeLessThan(1e-6));
    const exact = fit.coefExact(c.s);
    const interp = fit.coefAt(c.s);
    c.exact.forEach((b, j) => expect(Math.abs((exact[j] as number) - b), `exact ${c.names[j]}: ${c.call}`).toBeLessThan(1e-6));
    c.interpolated.forEach((b, j) => expect(Math.abs((interp[j] as number) - b), `interpolated ${c.names[j]}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(b))));
  });

  it('the exact fit is the optimum at lambda (KKT); the interpolation is not', () => {
    const c = golden.cases.find((x) => x.alpha === 0.5 && x.s === 0.003) as Case;
    const frame = buildModelFrame(golden.formula, data);
    const { fit } = coxnetFormula(golden.formula, data, { alpha: c.alpha });
    const exact = kktViolation(frame.x, frame.time as Float64Array, frame.status as Float64Array, fit.coefExact(c.s), c.alpha, c.s);
    const interp = kktViolation(frame.x, frame.time as Float64Array, frame.status as Float64Array, fit.coefAt(c.s), c.alpha, c.s);
    // Violations relative to lambda: the exact fit is optimal up to glmnet's convergence
    // tolerance (thresh 1e-7: 0.03 here, as R's own fit), the interpolation is off by 0.3 to 0.4.
    expect(exact).toBeLessThan(0.05);
    expect(interp).toBeGreaterThan(0.25);
    // and the difference is material on this case (chemo: 0.0353 exact vs 0.0284 interpolated in R)
    const j = c.names.indexOf('chemo');
    expect(Math.abs((c.exact[j] as number) - (c.interpolated[j] as number))).toBeGreaterThan(0.005);
  });

  it('returns the stored coefficients on a path value and equals a fit with the user lambda sequence off it', () => {
    const frame = buildModelFrame(golden.formula, data);
    const input = { x: frame.x, time: frame.time as Float64Array, status: frame.status as Float64Array };
    const fit = coxnet(input, { alpha: 1 });
    const k = 10;
    expect(Array.from(fit.coefExact(fit.lambda[k] as number))).toEqual(Array.from(fit.beta[k] as Float64Array));
    const s = ((fit.lambda[k] as number) + (fit.lambda[k + 1] as number)) / 2;
    const seq = exactLambdaSequence(fit.lambda, s);
    expect(seq.length).toBe(k + 2);
    const direct = coxnet(input, { alpha: 1, lambda: seq });
    expect(Array.from(fit.coefExact(s))).toEqual(Array.from(direct.beta[k + 1] as Float64Array));
    // above lambda_max every coefficient is 0
    expect(Array.from(fit.coefExact((fit.lambda[0] as number) * 2)).every((b) => b === 0)).toBe(true);
    expect(() => fit.coefExact(Number.NaN)).toThrow(UsageError);
  });

  it('exactLambdaSequence keeps the path values above s, then s', () => {
    expect(Array.from(exactLambdaSequence([0.2, 0.1, 0.05, 0.02], 0.07))).toEqual([0.2, 0.1, 0.07]);
    expect(Array.from(exactLambdaSequence([0.2, 0.1], 0.5))).toEqual([0.5]);
    expect(Array.from(exactLambdaSequence([0.2, 0.1], 0.01))).toEqual([0.2, 0.1, 0.01]);
  });
});
