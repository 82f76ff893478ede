/**
 * Front-end tests of fineGray against cmprsk 2.2-11 (test/golden/cmprsk.R ->
 * cmprsk.json: `crr(etime, event, model.matrix(~ age + sex + hgb)[, -1], failcode)`
 * on mgus2, `summary.crr`, `predict.crr`). Tolerances: coefficients and
 * log-likelihoods 1e-6 relative; se, z, p, intervals and predicted incidence
 * 1e-5 relative. Plus a simulated N = 100,000 fit (speed and recovery of the
 * true subdistribution hazard ratios) and input validation.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readCsvColumns } from '../../../helpers/read-csv.js';
import { fineGray } from '../../../../models/survival/competing-risks/fine-gray.js';
import type { ColumnTable } from '../../../../models/design/types.js';
import { UsageError } from '../../../../util/errors.js';
import { seededRandom, normal } from '../../../../util/random.js';

interface GoldenCrr {
  name: string;
  formula: string;
  cause: number;
  n: number;
  terms: string[];
  coef: number[];
  se: number[];
  z: number[];
  p: number[];
  lower95: number[];
  upper95: number[];
  loglik: number;
  loglikNull: number;
  converged: boolean;
  predict: { cov: number[][]; time: number[]; cif: number[][] };
}
const golden = JSON.parse(readFileSync('test/golden/cmprsk.json', 'utf8')) as { crr: GoldenCrr[] };
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

function mgus2(): ColumnTable {
  const d = readCsvColumns('datasets/mgus2.csv');
  const pstat = d['pstat'] as Float64Array;
  const etime = pstat.map((s, i) => (s === 0 ? (d['futime'] as Float64Array)[i]! : (d['ptime'] as Float64Array)[i]!));
  const event = pstat.map((s, i) => (s === 0 ? 2 * (d['death'] as Float64Array)[i]! : 1));
  return { ...d, etime, event };
}

describe('fineGray vs cmprsk::crr', () => {
  const data = mgus2();
  for (const c of golden.crr) {
    it(c.name, () => {
      const fit = fineGray(c.formula, data, { cause: c.cause });
      expect(fit.n).toBe(c.n);
      expect(fit.converged).toBe(c.converged);
      expect(fit.terms.map((t) => t.term)).toEqual(c.terms);
      fit.terms.forEach((t, j) => {
        expect(rel(t.coef, c.coef[j]!), `coef ${t.term}`).toBeLessThan(1e-6);
        expect(rel(t.se, c.se[j]!), `se ${t.term}`).toBeLessThan(1e-5);
        expect(rel(t.z, c.z[j]!), `z ${t.term}`).toBeLessThan(1e-5);
        expect(rel(t.p, c.p[j]!), `p ${t.term}`).toBeLessThan(1e-5);
        expect(rel(t.shr, Math.exp(c.coef[j]!))).toBeLessThan(1e-6);
        expect(rel(t.lower95, c.lower95[j]!)).toBeLessThan(1e-5);
        expect(rel(t.upper95, c.upper95[j]!)).toBeLessThan(1e-5);
      });
      expect(rel(fit.loglik, c.loglik)).toBeLessThan(1e-6);
      expect(rel(fit.loglikNull, c.loglikNull)).toBeLessThan(1e-6);
      const pred = fit.predict(c.predict.cov);
      expect(Array.from(pred.time)).toEqual(c.predict.time);
      c.predict.cif.forEach((curve, r) => curve.forEach((v, k) => expect(rel(pred.cif[r]![k]!, v), `cif ${r},${k}`).toBeLessThan(1e-5)));
      const json = JSON.parse(JSON.stringify(fit)) as Record<string, unknown>;
      expect(Object.keys(json).sort()).toEqual(['converged', 'events', 'loglik', 'n', 'terms', 'warnings']);
      expect(Object.keys((json['terms'] as object[])[0]!).sort()).toEqual(['coef', 'lower95', 'p', 'se', 'shr', 'term', 'upper95', 'z']);
    });
  }

  it('predicts from a column table coded like the data', () => {
    const fit = fineGray('Surv(etime, event) ~ age + sex + hgb', data);
    const byRows = fit.predict([[70, 1, 13], [60, 0, 12]]);
    const byTable = fit.predict({ age: Float64Array.of(70, 60), sex: ['M', 'F'], hgb: Float64Array.of(13, 12) });
    expect(Array.from(byTable.cif[0]!)).toEqual(Array.from(byRows.cif[0]!));
    expect(Array.from(byTable.cif[1]!)).toEqual(Array.from(byRows.cif[1]!));
    expect(byRows.cif[0]![byRows.cif[0]!.length - 1]!).toBeGreaterThan(0);
  });
});

describe('fineGray at scale and on bad input', () => {
  it('fits N = 100,000 quickly and recovers the simulated effects', () => {
    // Fine & Gray (1999) simulation design: P(cause 1) = 1 - (1 - p)^exp(xb), cause-1 times from
    // the conditional subdistribution, competing times exponential; uniform censoring.
    const rand = seededRandom(20240601);
    const n = 100_000;
    const beta = [0.5, -0.5];
    const p0 = 0.3;
    const x1 = new Float64Array(n);
    const x2 = new Float64Array(n);
    const time = new Float64Array(n);
    const event = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x1[i] = normal(rand);
      x2[i] = rand() < 0.5 ? 1 : 0;
      const r = Math.exp(beta[0]! * x1[i]! + beta[1]! * x2[i]!);
      const pc1 = 1 - Math.pow(1 - p0, r);
      let t: number;
      let e: number;
      if (rand() < pc1) {
        // invert F1(t | x) / pc1 with F1(t) = 1 - (1 - p0 (1 - e^{-t}))^r
        const u = rand() * pc1;
        t = -Math.log(1 - (1 - Math.pow(1 - u, 1 / r)) / p0);
        e = 1;
      } else {
        t = -Math.log(rand()) / Math.exp(beta[0]! * x1[i]!);
        e = 2;
      }
      const c = rand() * 4;
      if (c < t) {
        time[i] = Math.round(c * 1000) / 1000; // rounding creates ties
        event[i] = 0;
      } else {
        time[i] = Math.round(t * 1000) / 1000;
        event[i] = e;
      }
    }
    const fit = fineGray('Surv(time, event) ~ x1 + x2', { time, event, x1, x2 });
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.terms[0]!.coef - 0.5)).toBeLessThan(4 * fit.terms[0]!.se);
    expect(Math.abs(fit.terms[1]!.coef + 0.5)).toBeLessThan(4 * fit.terms[1]!.se);
    expect(fit.terms[0]!.se).toBeLessThan(0.02);
  });

  it('rejects a missing cause, equal codes and no covariates', () => {
    const data = mgus2();
    expect(() => fineGray('Surv(etime, event) ~ age', data, { cause: 7 })).toThrow(/no event with code 7/);
    expect(() => fineGray('Surv(etime, event) ~ age', data, { cause: 0 })).toThrow(UsageError);
    expect(() => fineGray('Surv(etime, event) ~ 1', data)).toThrow(UsageError);
  });

  it('reports non-convergence when iterations run out, and still returns', () => {
    const fit = fineGray('Surv(etime, event) ~ age + sex', mgus2(), { maxIter: 1 });
    expect(fit.converged).toBe(false);
    expect(fit.warnings.some((w) => w.includes('did not converge'))).toBe(true);
  });
});
