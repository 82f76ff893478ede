/**
 * Golden tests of survreg against R survival 3.5-3 (test/golden/survreg.R ->
 * survreg.json: `survreg(formula, data, dist)`, `summary(fit)$table`,
 * `predict(fit, newdata, type = "lp" | "response" | "quantile")`).
 * Tolerances: coefficients, scale, log-likelihoods 1e-6 relative; se, z, p,
 * chi-square p and predictions 1e-5 relative.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readCsvColumns } from '../../../helpers/read-csv.js';
import { survreg, type SurvregDistribution } from '../../../../models/survival/parametric/survreg.js';
import { logDensity, logSurvival } from '../../../../models/survival/parametric/aft-distributions.js';
import type { Column, ColumnTable } from '../../../../models/design/types.js';
import { UsageError } from '../../../../util/errors.js';

interface GoldenSurvreg {
  name: string;
  dataset: string;
  formula: string;
  dist: SurvregDistribution;
  n: number;
  nDropped: number;
  terms: string[];
  coef: number[];
  se: number[];
  z: number[];
  p: number[];
  scale: number;
  loglik: number;
  loglikNull: number;
  chisq: number;
  df: number;
  chisqP: number;
  predict: { rows: number[]; lp: (number | null)[]; response: (number | null)[]; p: number[]; quantile: (number | null)[][] };
}
const golden = JSON.parse(readFileSync('test/golden/survreg.json', 'utf8')) as { survreg: GoldenSurvreg[] };

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}
function rows(data: ColumnTable, idx: number[]): ColumnTable {
  const out: Record<string, Column> = {};
  for (const [k, col] of Object.entries(data)) {
    out[k] = col instanceof Float64Array ? Float64Array.from(idx, (i) => col[i]!) : idx.map((i) => col[i]!);
  }
  return out;
}

describe('survreg vs R survival::survreg', () => {
  for (const c of golden.survreg) {
    it(c.name, () => {
      const data = readCsvColumns(`datasets/${c.dataset}.csv`);
      const fit = survreg(c.formula, data, { dist: c.dist });
      expect(fit.converged).toBe(true);
      expect(fit.n).toBe(c.n);
      expect(fit.nDropped).toBe(c.nDropped);
      expect(fit.terms.map((t) => t.term)).toEqual(c.terms);
      fit.terms.forEach((t, j) => {
        expect(rel(t.coef, c.coef[j]!), `coef ${t.term}: ${t.coef} vs ${c.coef[j]}`).toBeLessThan(1e-6);
        expect(rel(t.se, c.se[j]!), `se ${t.term}: ${t.se} vs ${c.se[j]}`).toBeLessThan(1e-5);
        expect(rel(t.z, c.z[j]!), `z ${t.term}`).toBeLessThan(1e-5);
        expect(rel(t.p, c.p[j]!), `p ${t.term}: ${t.p} vs ${c.p[j]}`).toBeLessThan(1e-5);
      });
      expect(rel(fit.scale, c.scale)).toBeLessThan(1e-6);
      expect(rel(fit.loglik, c.loglik)).toBeLessThan(1e-6);
      expect(rel(fit.loglikNull, c.loglikNull)).toBeLessThan(1e-6);
      expect(fit.df).toBe(c.df);
      if (c.df > 0) {
        expect(rel(fit.chisq, c.chisq)).toBeLessThan(1e-5);
        expect(rel(fit.chisqP, c.chisqP)).toBeLessThan(1e-5);
      }
      const nd = rows(data, c.predict.rows.map((r) => r - 1));
      const lp = fit.predict(nd, { type: 'lp' }) as Float64Array;
      const resp = fit.predict(nd, { type: 'response' }) as Float64Array;
      const qu = fit.predict(nd, { type: 'quantile', p: c.predict.p }) as Float64Array[];
      // R predicts NA (null in the JSON) for a new row with a missing covariate.
      const check = (got: number, want: number | null, tol: number): void => {
        if (want === null) expect(got).toBeNaN();
        else expect(rel(got, want), `${got} vs ${want}`).toBeLessThan(tol);
      };
      c.predict.lp.forEach((v, i) => check(lp[i]!, v, 1e-6));
      c.predict.response.forEach((v, i) => check(resp[i]!, v, 1e-5));
      c.predict.quantile.forEach((row, i) => row.forEach((v, j) => check(qu[i]![j]!, v, 1e-5)));
      const json = JSON.parse(JSON.stringify(fit)) as { terms: { term: string }[]; loglik: number };
      expect(json.terms.length).toBe(c.terms.length);
      expect(json.loglik).toBe(fit.loglik);
    });
  }
});

describe('survreg details', () => {
  it('does not modify its input and predicts the fitted rows without newdata', () => {
    const data = readCsvColumns('datasets/ovarian.csv');
    const copy = Float64Array.from(data['futime'] as Float64Array);
    const fit = survreg('Surv(futime, fustat) ~ ecog.ps + rx', data, { dist: 'lognormal' });
    expect(data['futime']).toEqual(copy);
    expect(Array.from(fit.predict() as Float64Array)).toEqual(Array.from(fit.linearPredictors));
  });
  it('rejects unknown distributions, non-positive times and unseen factor levels', () => {
    const data = readCsvColumns('datasets/veteran.csv');
    expect(() => survreg('Surv(time, status) ~ karno', data, { dist: 'gamma' as SurvregDistribution })).toThrow(UsageError);
    const bad = { ...data, time: Float64Array.from(data['time'] as Float64Array, (t, i) => (i === 0 ? 0 : t)) };
    expect(() => survreg('Surv(time, status) ~ karno', bad)).toThrow(/times must be > 0/);
    const fit = survreg('Surv(time, status) ~ celltype', data);
    expect(() => fit.predict({ celltype: ['giant'] })).toThrow(UsageError);
  });
  it('distribution derivatives agree with finite differences', () => {
    const h = 1e-6;
    for (const dist of ['extreme', 'logistic', 'gaussian'] as const) {
      for (const z of [-3, -0.5, 0, 1.2, 4, 40]) {
        for (const f of [logDensity, logSurvival]) {
          const a = f(dist, z);
          const num1 = (f(dist, z + h).value - f(dist, z - h).value) / (2 * h);
          const num2 = (f(dist, z + h).d1 - f(dist, z - h).d1) / (2 * h);
          expect(Math.abs(a.d1 - num1)).toBeLessThan(1e-5 * Math.max(1, Math.abs(a.d1)));
          expect(Math.abs(a.d2 - num2)).toBeLessThan(1e-5 * Math.max(1, Math.abs(a.d2)));
        }
      }
    }
  });
  it('matches the closed form of the exponential model (MLE rate = events / total time)', () => {
    const time = Float64Array.of(2, 3, 5, 7, 11, 13);
    const status = Float64Array.of(1, 1, 0, 1, 0, 1);
    const fit = survreg('Surv(time, status) ~ 1', { time, status }, { dist: 'exponential' });
    const d = 4;
    const total = 41;
    const rate = d / total;
    expect(fit.terms[0]!.coef).toBeCloseTo(-Math.log(rate), 10);
    expect(fit.terms[0]!.se).toBeCloseTo(1 / Math.sqrt(d), 8);
    // log-likelihood of the times: d log(rate) - rate * total
    expect(fit.loglik).toBeCloseTo(d * Math.log(rate) - rate * total, 10);
  });
  it('warns and still returns when iterations run out', () => {
    const data = readCsvColumns('datasets/lung.csv');
    const fit = survreg('Surv(time, status) ~ age + sex', data, { maxIter: 1 });
    expect(fit.converged).toBe(false);
    expect(fit.warnings.some((w) => w.includes('did not converge'))).toBe(true);
    expect(Number.isFinite(fit.terms[0]!.coef)).toBe(true);
  });
});
