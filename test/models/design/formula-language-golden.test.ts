/**
 * The formula language against R 4.2.2 / survival 3.5-3 / splines:
 * test/golden/formula-language.R writes test/golden/formula-language.json.
 * Designs (model.frame + model.matrix): term labels, column names, assign, row
 * counts and indices exactly; first rows to relative 1e-13 (jsonlite writes 15
 * significant digits); column sums to relative 1e-12; the Surv() response
 * (expressions in time and status). Cox fits with these terms and with tt():
 * n, events, names exactly; coef, se, loglik to relative 1e-6; the three tests
 * and the concordance with its standard error to relative 1e-5.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModelFrame } from '../../../models/design/model-frame.js';
import { parseFormula } from '../../../models/design/formula.js';
import type { ColumnTable } from '../../../models/design/types.js';
import { coxph } from '../../../models/survival/cox/cox.js';
import type { CoxphOptions } from '../../../models/survival/cox/cox.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

interface DesignCase {
  dataset: string;
  formula: string;
  labels: string[];
  nrow: number;
  nDropped: number;
  rowIndexFirst: number[];
  columnNames: string[];
  assign: number[];
  firstRows: number[][];
  colSums: number[];
  timeFirst?: number[];
  statusFirst?: number[];
  statusSum?: number;
  timeSum?: number;
  yFirst?: number[];
  ySum?: number;
}
interface FitCase {
  dataset: string;
  formula: string;
  tt?: 'log' | 'identity' | 'log20';
  ties: 'efron' | 'breslow';
  n: number;
  nevent: number;
  names: string[];
  coef: number[];
  se: number[];
  loglik: number[];
  lr: number[];
  wald: number[];
  score: number[];
  concordance: number[];
}

const golden = JSON.parse(readFileSync('test/golden/formula-language.json', 'utf8')) as { designs: DesignCase[]; fits: FitCase[] };
const cache: Record<string, ColumnTable> = {};
const load = (name: string): ColumnTable => (cache[name] ??= readCsvColumns(`datasets/${name}.csv`));
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));
const close = (got: number, want: number, tol: number): void => {
  expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want)));
};

describe('model frames with the formula language match R model.frame + model.matrix', () => {
  it('has the cases', () => expect(golden.designs.length).toBeGreaterThanOrEqual(12));
  for (const c of golden.designs) {
    it(`${c.dataset}: ${c.formula}`, () => {
      expect(parseFormula(c.formula).terms.map((t) => t.label)).toEqual(c.labels);
      const fr = buildModelFrame(c.formula, load(c.dataset));
      expect(fr.n).toBe(c.nrow);
      expect(fr.nDropped).toBe(c.nDropped);
      expect(Array.from(fr.rowIndex.subarray(0, c.rowIndexFirst.length))).toEqual(c.rowIndexFirst);
      expect(fr.columnNames).toEqual(c.columnNames);
      expect(fr.assign).toEqual(c.assign);
      c.firstRows.forEach((row, i) => row.forEach((want, j) => close(fr.x[j]![i]!, want, 1e-13)));
      fr.x.forEach((col, j) => {
        let s = 0;
        for (const v of col) s += v;
        close(s, c.colSums[j]!, 1e-12);
      });
      if (c.timeFirst) {
        c.timeFirst.forEach((t, i) => close(fr.time![i]!, t, 1e-14));
        expect(Array.from(fr.status!.subarray(0, c.statusFirst!.length))).toEqual(c.statusFirst);
        expect(fr.status!.reduce((a, b) => a + b, 0)).toBe(c.statusSum);
        close(fr.time!.reduce((a, b) => a + b, 0), c.timeSum!, 1e-12);
      } else {
        c.yFirst!.forEach((y, i) => close(fr.y![i]!, y, 1e-14));
        expect(fr.y!.reduce((a, b) => a + b, 0)).toBe(c.ySum);
      }
    });
  }
});

const TT: Record<string, NonNullable<CoxphOptions['tt']>> = {
  log: (x, t) => x.map((v, i) => v * Math.log(t[i]!)),
  identity: (x, t) => x.map((v, i) => v * t[i]!),
  log20: (x, t) => x.map((v, i) => v * Math.log(t[i]! + 20)),
};

describe('coxph with expressions, relevel, factor(levels), ns() and tt() matches R coxph', () => {
  it('has the cases', () => expect(golden.fits.length).toBeGreaterThanOrEqual(8));
  for (const c of golden.fits) {
    it(`${c.dataset}: ${c.formula}${c.tt ? ` (tt ${c.tt})` : ''}`, () => {
      const options: CoxphOptions = { ties: c.ties };
      if (c.tt) options.tt = TT[c.tt]!;
      const fit = coxph(c.formula, load(c.dataset), options);
      expect(fit.n).toBe(c.n);
      expect(fit.nEvent).toBe(c.nevent);
      expect(fit.columnNames).toEqual(c.names);
      c.coef.forEach((b, j) => expect(rel(fit.coefficients[j]!, b)).toBeLessThan(1e-6));
      c.se.forEach((s, j) => expect(rel(fit.naiveSe[j]!, s)).toBeLessThan(1e-6));
      c.loglik.forEach((l, j) => expect(rel(fit.loglik[j]!, l)).toBeLessThan(1e-9));
      const json = fit.toJSON();
      for (const [key, want] of [['lr', c.lr], ['wald', c.wald], ['score', c.score]] as const) {
        const got = json.tests[key];
        expect(rel(got.stat ?? NaN, want[0]!)).toBeLessThan(1e-5);
        expect(got.df).toBe(want[1]);
        expect(rel(got.p ?? NaN, want[2]!)).toBeLessThan(1e-5);
      }
      expect(rel(json.concordance ?? NaN, c.concordance[0]!)).toBeLessThan(1e-5);
      expect(rel(json.concordanceSe ?? NaN, c.concordance[1]!)).toBeLessThan(1e-5);
    });
  }
});
