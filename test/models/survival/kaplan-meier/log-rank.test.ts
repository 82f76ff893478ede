/**
 * Log-rank / G(rho, gamma) tests: hand-worked case, checks, and golden
 * comparisons with R 4.2.2 / survival 3.5-3 survdiff (test/golden/logrank.R ->
 * logrank.json). Tolerances: O, E, V, chisq 1e-6 relative; p-values 1e-5.
 */
import { describe, expect, it } from 'vitest';
import { logRank, pairwiseLogRank } from '../../../../models/survival/kaplan-meier/log-rank.js';
import { logRankCore } from '../../../../models/survival/kaplan-meier/log-rank-fit.js';
import { pAdjust } from '../../../../models/survival/survival-utils.js';
import { FormulaError, UsageError } from '../../../../util/errors.js';
import { expectClose, loadDataset, readJson } from './km-golden-helpers.js';

interface GoldTest {
  id: string; data: string; formula: string; rho: number; n: number[]; labels: string[];
  observed: number[]; expected: number[]; variance: number[][]; chisq: number; df: number; p: number;
}
interface GoldPairs {
  id: string; data: string; formula: string; rho: number;
  pairs: { group1: string; group2: string; chisq: number; p: number }[];
  holm: number[]; bonferroni: number[]; BH: number[];
}
const gold = readJson<{ tests: GoldTest[]; pairwise: GoldPairs[] }>('test/golden/logrank.json');

describe('logRankCore: hand-worked two-group example', () => {
  // group A: times 1, 3 (both events); group B: times 2 (event), 4 (censored)
  // t=1: n=4 (A 2, B 2), d=1 (A): E_A = 1*2/4 = 0.5, V = 1*(4-1)/(4*3) * 2*(1-2/4) = 0.25
  // t=2: n=3 (A 1, B 2), d=1 (B): E_A += 1/3,        V += 1*2/(3*2) * 1*(1-1/3) = 2/9
  // t=3: n=2 (A 1, B 1), d=1 (A): E_A += 1/2,        V += 1*1/(2*1) * 1*(1-1/2) = 1/4
  // O_A = 2, E_A = 4/3, V = 13/18, chisq = (2/3)^2 / (13/18) = 8/13
  const d = {
    time: new Float64Array([1, 3, 2, 4]),
    status: new Float64Array([1, 1, 1, 0]),
    group: new Int32Array([0, 0, 1, 1]),
    nGroups: 2,
  };
  it('matches the worked numbers', () => {
    const r = logRankCore(d);
    expectClose(r.observed, [2, 1], 1e-15, 'O');
    expectClose(r.expected, [4 / 3, 5 / 3], 1e-15, 'E');
    expectClose([r.variance[0]![0]!], [13 / 18], 1e-15, 'V');
    expectClose([r.chisq], [8 / 13], 1e-14, 'chisq');
    expect(r.df).toBe(1);
  });
  it('rho = 0 and gamma = 0 are the defaults; weights change the statistic', () => {
    expect(logRankCore(d, { rho: 0, gamma: 0 }).chisq).toBe(logRankCore(d).chisq);
    // gamma = 1: the first event time gets weight (1 - S(t-)) = 0
    const g = logRankCore(d, { gamma: 1 });
    // t=2: S(2-) = 3/4 -> w = 1/4; t=3: S(3-) = 3/4 * 2/3 = 1/2 -> w = 1/2
    expectClose(g.observed, [0.5, 0.25], 1e-15, 'O gamma');
    expectClose(g.expected, [(1 / 4) * (1 / 3) + (1 / 2) * (1 / 2), (1 / 4) * (2 / 3) + (1 / 2) * (1 / 2)], 1e-15, 'E gamma');
  });
  it('rejects bad input', () => {
    expect(() => logRankCore(d, { rho: -1 })).toThrow(UsageError);
    expect(() => logRankCore({ ...d, status: new Float64Array([1, 2, 1, 0]) })).toThrow(UsageError);
    expect(() => logRankCore({ ...d, group: new Int32Array([0, 0, 1, 5]) })).toThrow(UsageError);
    const lung = loadDataset('lung');
    expect(() => logRank('Surv(time, status) ~ 1', lung)).toThrow(FormulaError);
  });
});

describe('pAdjust as R p.adjust', () => {
  it('holm, bonferroni, BH on a worked vector', () => {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.5), "holm") = 0.04 0.09 0.09 0.50
    //    p.adjust(c(0.01, 0.04, 0.03, 0.5), "BH")   = 0.04 0.0533333 0.0533333 0.5
    const p = [0.01, 0.04, 0.03, 0.5];
    expectClose(pAdjust(p, 'holm'), [0.04, 0.09, 0.09, 0.5], 1e-15, 'holm');
    expectClose(pAdjust(p, 'bonferroni'), [0.04, 0.16, 0.12, 1], 1e-15, 'bonf');
    expectClose(pAdjust(p, 'BH'), [0.04, 0.16 / 3, 0.16 / 3, 0.5], 1e-15, 'BH');
    expect(pAdjust(p, 'none')).toEqual(p);
  });
});

describe('logRank vs R survdiff (golden)', () => {
  for (const t of gold.tests) {
    it(`${t.id}: survdiff(${t.formula}, rho = ${t.rho})`, () => {
      const r = logRank(t.formula, loadDataset(t.data), { rho: t.rho });
      expect(r.groups.map((g) => g.label)).toEqual(t.labels.map((l) => l.trim()));
      expectClose(r.groups.map((g) => g.n), t.n, 0, `${t.id} n`);
      expectClose(r.groups.map((g) => g.observed), t.observed, 1e-6, `${t.id} observed`);
      expectClose(r.groups.map((g) => g.expected), t.expected, 1e-6, `${t.id} expected`);
      r.variance.forEach((row, g) => expectClose(row, t.variance[g]!, 1e-6, `${t.id} variance`));
      expectClose([r.chisq], [t.chisq], 1e-6, `${t.id} chisq`);
      expect(r.df).toBe(t.df);
      expectClose([r.p], [t.p], 1e-5, `${t.id} p`);
      const j = r.toJSON();
      expect(Object.keys(j).slice(0, 3)).toEqual(['chisq', 'df', 'p']);
      expect(r.print()).toContain('degrees of freedom');
    });
  }
  for (const pw of gold.pairwise) {
    it(`pairwise ${pw.id}: survdiff on each pair, p.adjust`, () => {
      const data = loadDataset(pw.data);
      for (const adjust of ['holm', 'bonferroni', 'BH'] as const) {
        const r = pairwiseLogRank(pw.formula, data, { rho: pw.rho, adjust });
        expect(r.pairs.map((p) => [p.group1, p.group2])).toEqual(pw.pairs.map((p) => [p.group1, p.group2]));
        expectClose(r.pairs.map((p) => p.chisq), pw.pairs.map((p) => p.chisq), 1e-6, `${pw.id} chisq`);
        expectClose(r.pairs.map((p) => p.p), pw.pairs.map((p) => p.p), 1e-5, `${pw.id} p`);
        expectClose(r.pairs.map((p) => p.pAdjusted), pw[adjust], 1e-5, `${pw.id} ${adjust}`);
      }
      expect(pairwiseLogRank(pw.formula, data, { rho: pw.rho }).adjust).toBe('holm');
    });
  }
});
