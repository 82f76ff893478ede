/**
 * Golden tests of the Fine–Gray core against cmprsk 2.2-11
 * (test/golden/cmprsk.R -> cmprsk.json: `crr(etime, event, model.matrix(~ age + sex + hgb)[, -1],
 * failcode = 1 or 2)` on mgus2 after dropping incomplete rows, and `predict.crr`).
 * Tolerances: coefficients, log-likelihoods 1e-6 relative; se, p, predictions 1e-5 relative.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readCsvColumns } from '../../../helpers/read-csv.js';
import { fineGrayFit } from '../../../../models/survival/competing-risks/fine-gray-fit.js';

interface GoldenCrr {
  name: string;
  cause: number;
  n: number;
  terms: string[];
  coef: number[];
  se: number[];
  loglik: number;
  loglikNull: number;
  converged: boolean;
  score: number[];
  inf: number[][];
  predict: { cov: number[][]; time: number[]; cif: number[][] };
}
const golden = JSON.parse(readFileSync('test/golden/cmprsk.json', 'utf8')) as { crr: GoldenCrr[] };

export function relDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

function mgus2Arrays(terms: string[], cause: number): { time: Float64Array; status: Uint8Array; x: Float64Array[] } {
  const d = readCsvColumns('datasets/mgus2.csv');
  const pstat = d['pstat'] as Float64Array;
  const n = pstat.length;
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const ok = terms.every((t) => (t === 'sex' ? (d['sex'] as (string | null)[])[i] !== null : !Number.isNaN((d[t] as Float64Array)[i]!)));
    if (ok) rows.push(i);
  }
  const time = Float64Array.from(rows, (i) => (pstat[i] === 0 ? (d['futime'] as Float64Array)[i]! : (d['ptime'] as Float64Array)[i]!));
  const ev = rows.map((i) => (pstat[i] === 0 ? 2 * (d['death'] as Float64Array)[i]! : 1));
  const status = Uint8Array.from(ev, (e) => (e === 0 ? 0 : e === cause ? 1 : 2));
  const x = terms.map((t) =>
    t === 'sex' ? Float64Array.from(rows, (i) => ((d['sex'] as string[])[i] === 'M' ? 1 : 0)) : Float64Array.from(rows, (i) => (d[t] as Float64Array)[i]!),
  );
  return { time, status, x };
}

describe('fineGrayFit vs cmprsk::crr', () => {
  for (const c of golden.crr) {
    it(c.name, () => {
      const terms = c.terms.map((t) => (t === 'sexM' ? 'sex' : t));
      const { time, status, x } = mgus2Arrays(terms, c.cause);
      expect(time.length).toBe(c.n);
      const fit = fineGrayFit({ time, status, x }, { maxIter: 10, tol: 1e-6 });
      const p = c.coef.length;
      expect(fit.converged).toBe(c.converged);
      for (let j = 0; j < p; j++) {
        expect(relDiff(fit.coef[j]!, c.coef[j]!), `coef ${j}`).toBeLessThan(1e-6);
        expect(relDiff(Math.sqrt(fit.var[j * p + j]!), c.se[j]!), `se ${j}`).toBeLessThan(1e-5);
        for (let l = 0; l < p; l++) expect(relDiff(fit.information[j * p + l]!, c.inf[j]![l]!), `inf ${j},${l}`).toBeLessThan(1e-5);
      }
      expect(relDiff(fit.loglik, c.loglik)).toBeLessThan(1e-6);
      expect(relDiff(fit.loglikNull, c.loglikNull)).toBeLessThan(1e-6);
      expect(Array.from(fit.failureTimes)).toEqual(c.predict.time);
    });
  }
});
