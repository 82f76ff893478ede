/**
 * The group-contrast statistics against R 4.2.2 (test/golden/patterns-contrast.R
 * writes test/golden/patterns-contrast.json): chisq.test with and without Yates'
 * correction, fisher.test (2 x 2 and 2 x 3), Woolf odds ratios with the
 * Haldane-Anscombe correction, p.adjust(p, "BH"). Tolerance: relative 1e-9
 * (statistics, p-values), 1e-12 (odds ratios).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chiSquareTest } from '../../../models/patterns/chi-square-test.js';
import { fisherExactTest, logFactorials } from '../../../models/patterns/fisher-exact-test.js';
import { oddsRatio } from '../../../models/patterns/odds-ratio.js';
import { pAdjust } from '../../../models/survival/survival-utils.js';

interface Golden {
  tables: {
    table: number[][];
    chisq: number;
    chisqP: number;
    df: number;
    chisqNoCorrect: number;
    chisqNoCorrectP: number;
    expected: number[][];
    residuals: number[][];
    fisherP: number;
    oddsRatio: { estimate: number; lower: number; upper: number; haldane: boolean };
  }[];
  bh: number[];
}
const golden = JSON.parse(readFileSync('test/golden/patterns-contrast.json', 'utf8')) as Golden;

const rel = (got: number, want: number, tol: number): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(tol * Math.max(Math.abs(want), 1e-300));
};

describe('contrast statistics vs R', () => {
  it.each(golden.tables.map((t, i) => [i, t] as const))('table %i: chisq.test with and without Yates, expected counts, residuals', (_, t) => {
    const yates = chiSquareTest(t.table);
    rel(yates.statistic, t.chisq, 1e-9);
    rel(yates.p, t.chisqP, 1e-9);
    expect(yates.df).toBe(t.df);
    const plain = chiSquareTest(t.table, false);
    rel(plain.statistic, t.chisqNoCorrect, 1e-9);
    rel(plain.p, t.chisqNoCorrectP, 1e-9);
    yates.expected.flat().forEach((e, k) => rel(e, t.expected.flat()[k]!, 1e-12));
    yates.residuals.flat().forEach((r, k) => rel(r, t.residuals.flat()[k]!, 1e-9));
  });

  it.each(golden.tables.map((t, i) => [i, t] as const))('table %i: fisher.test p-value', (_, t) => {
    const n = t.table.flat().reduce((a, b) => a + b, 0);
    rel(fisherExactTest(t.table, logFactorials(n)) as number, t.fisherP, 1e-9);
  });

  it.each(golden.tables.filter((t) => t.table.length === 2).map((t, i) => [i, t] as const))('table %i: Woolf odds ratio of row 2 vs row 1', (_, t) => {
    const [[c, d], [a, b]] = t.table as [[number, number], [number, number]];
    const or = oddsRatio(a, b, c, d);
    rel(or.estimate, t.oddsRatio.estimate, 1e-12);
    rel(or.lower, t.oddsRatio.lower, 1e-12);
    rel(or.upper, t.oddsRatio.upper, 1e-12);
    expect(or.haldane).toBe(t.oddsRatio.haldane);
  });

  it('Benjamini-Hochberg of the chi-square p-values', () => {
    const q = pAdjust(golden.tables.map((t) => chiSquareTest(t.table).p), 'BH');
    q.forEach((v, i) => rel(v, golden.bh[i]!, 1e-9));
  });

  it('fisherExactTest gives up (null) past its table limit', () => {
    const t = [[40, 60], [50, 50], [45, 55]];
    expect(fisherExactTest(t, logFactorials(300), 100)).toBeNull();
    expect(fisherExactTest(t, logFactorials(300))).toBeGreaterThan(0);
  });
});
