/**
 * Discriminating patterns on a hand-built case, every number worked by hand.
 *
 * Group A (index 0, the reference), 10 patients: a1-a8 start a DMT (day 0) and
 * relapse (day 100); a1-a3 also have an MRI finding x on day 200; a9, a10 the DMT only.
 * Group B (index 1), 10 patients: b1, b2 DMT then relapse; b3-b10 the DMT only.
 * Minimum support 3 sequences. Frequent patterns and their G x 2 tables
 * (rows A, B; columns with, without):
 *   <dmt>                                 [[10, 0], [10, 0]]  every sequence: no test
 *   <relapse>, <dmt, relapse>             [[8, 2], [2, 8]]
 *   <x>, <dmt, x>, <relapse, x>, <dmt, relapse, x>   [[3, 7], [0, 10]]
 *
 * [[8, 2], [2, 8]]: N = 20, 10 with the pattern, expected 10 x 10 / 20 = 5 in
 * every cell (none below 5: chi-square). |x - E| = 3; Yates:
 * X2 = 4 x (3 - 0.5)^2 / 5 = 4 x 6.25 / 5 = 5.0, df 1, p = P(chi2_1 > 5) = 0.0253473.
 * Pearson residuals of the "with" cells: (8 - 5) / sqrt(5) = 1.341641 (A), -1.341641 (B).
 * Odds ratio B vs A: (2 x 2) / (8 x 8) = 0.0625; se(log OR) = sqrt(1/2 + 1/8 + 1/8 + 1/2)
 * = sqrt(1.25) = 1.118034; 95 % CI exp(log 0.0625 -+ 1.959964 x 1.118034)
 * = exp(-2.772589 -+ 2.191306) = [0.0069857, 0.5591808].
 *
 * [[3, 7], [0, 10]]: expected with = 10 x 3 / 20 = 1.5 < 5: Fisher. Hypergeometric
 * (N 20, 3 with, 10 in A): P(A has k) = C(10, k) C(10, 3 - k) / C(20, 3), C(20, 3) = 1140:
 * k = 0: 120/1140, 1: 450/1140, 2: 450/1140, 3: 120/1140. Observed k = 3 (0.105263);
 * tables no more probable: k = 0 and 3, p = 240/1140 = 0.2105263.
 * Odds ratio B vs A has a zero cell: Haldane, (0.5 x 7.5) / (10.5 x 3.5) = 3.75 / 36.75 = 0.1020408.
 *
 * BH over the 6 tested p-values (sorted 0.0253473 x 2, 0.2105263 x 4; m = 6):
 * q(rank 2) = 0.0253473 x 6 / 2 = 0.0760420, q(rank 1) = min(0.0253473 x 6, 0.0760420) = 0.0760420;
 * q(ranks 3-6) = min over k >= rank of 0.2105263 x 6 / k = 0.2105263.
 */
import { describe, expect, it } from 'vitest';
import { discriminatingPatterns } from '../../../models/patterns/discriminating-patterns.js';
import { mineFrequentSequences } from '../../../models/patterns/mine-frequent-sequences.js';
import { decodePattern, formatPattern } from '../../../models/patterns/pattern-order.js';
import { buildSequenceDatabase } from '../../../models/patterns/sequence-database.js';

function handCase() {
  const rows: { id: string; day: number; item: string }[] = [];
  const add = (id: string, day: number, item: string) => rows.push({ id, day, item });
  for (let i = 1; i <= 10; i++) {
    add(`a${i}`, 0, 'dmt');
    if (i <= 8) add(`a${i}`, 100, 'relapse');
    if (i <= 3) add(`a${i}`, 200, 'x');
    add(`b${i}`, 0, 'dmt');
    if (i <= 2) add(`b${i}`, 100, 'relapse');
  }
  const { database } = buildSequenceDatabase({ id: rows.map((r) => r.id), day: rows.map((r) => r.day), item: rows.map((r) => r.item) });
  const groups = { of: Int32Array.from(database.ids, (id) => (id.startsWith('a') ? 0 : 1)), count: 2 };
  const mined = mineFrequentSequences(database, { minSupport: { count: 3 } }, { groups });
  return { mined, groups, result: discriminatingPatterns(mined, groups) };
}

describe('discriminatingPatterns on the hand-built case', () => {
  const { mined, result } = handCase();
  const byText = new Map(result.patterns.map((d) => [formatPattern(decodePattern(mined.alphabet, d.itemsets)), d]));

  it('mines the 7 patterns and sorts them by p, untested last', () => {
    expect(result.sizes).toEqual([10, 10]);
    expect(result.patterns.map((d) => formatPattern(decodePattern(mined.alphabet, d.itemsets)))).toEqual([
      '<{relapse}>', '<{dmt}, {relapse}>', '<{x}>', '<{dmt}, {x}>', '<{relapse}, {x}>', '<{dmt}, {relapse}, {x}>', '<{dmt}>',
    ]);
  });

  it('chi-square with Yates on [[8, 2], [2, 8]]: 5.0, p 0.0253473, residuals +-1.341641, OR 0.0625 [0.0069857, 0.5591808]', () => {
    for (const text of ['<{relapse}>', '<{dmt}, {relapse}>']) {
      const d = byText.get(text)!;
      expect(d.test).toBe('chisq');
      expect(d.statistic).toBeCloseTo(5.0, 12);
      expect(d.df).toBe(1);
      expect(d.p).toBeCloseTo(0.0253473, 7);
      expect(d.groups.map((c) => [c.support, c.absent, c.share, c.expected])).toEqual([[8, 2, 0.8, 5], [2, 8, 0.2, 5]]);
      expect(d.groups[0]!.residual).toBeCloseTo(1.341641, 6);
      expect(d.groups[1]!.residual).toBeCloseTo(-1.341641, 6);
      expect(d.oddsRatios).toHaveLength(1);
      const or = d.oddsRatios[0]!;
      expect(or.group).toBe(1);
      expect(or.estimate).toBeCloseTo(0.0625, 12);
      expect(or.lower).toBeCloseTo(0.0069857, 7);
      expect(or.upper).toBeCloseTo(0.5591808, 7);
      expect(or.haldane).toBe(false);
      expect(d.q).toBeCloseTo(0.076042, 6);
    }
  });

  it("Fisher's exact test on [[3, 7], [0, 10]] (expected 1.5): p = 240/1140, Haldane OR 0.1020408", () => {
    for (const text of ['<{x}>', '<{dmt}, {x}>', '<{relapse}, {x}>', '<{dmt}, {relapse}, {x}>']) {
      const d = byText.get(text)!;
      expect(d.test).toBe('fisher');
      expect(d.statistic).toBeNull();
      expect(d.p).toBeCloseTo(240 / 1140, 12);
      expect(d.q).toBeCloseTo(240 / 1140, 12);
      expect(d.oddsRatios[0]!.estimate).toBeCloseTo(3.75 / 36.75, 12);
      expect(d.oddsRatios[0]!.haldane).toBe(true);
    }
  });

  it('a pattern in every sequence is not tested', () => {
    const d = byText.get('<{dmt}>')!;
    expect(d).toMatchObject({ test: 'none', statistic: null, p: null, q: null });
    expect(d.groups.map((c) => c.absent)).toEqual([0, 0]);
  });

  it('forcing chi-square warns about the small expected counts; forcing Fisher tests every table exactly', () => {
    const { mined: m, groups } = handCase();
    const chi = discriminatingPatterns(m, groups, { test: 'chisq' });
    expect(chi.patterns.filter((d) => d.test === 'chisq')).toHaveLength(6);
    expect(chi.warnings.join(' ')).toMatch(/expected count below 5/);
    const fisher = discriminatingPatterns(m, groups, { test: 'fisher' });
    // [[8, 2], [2, 8]]: hypergeometric N 20, 10 with, 10 in A; C(20, 10) = 184756;
    // P(8) = P(2) = C(10, 8) C(10, 2) / 184756 = 2025 / 184756; tables at least as extreme: k = 0, 1, 2, 8, 9, 10
    // (C(10,9)C(10,1) = 100, C(10,10)C(10,0) = 1): p = 2 x (2025 + 100 + 1) / 184756 = 4252 / 184756 = 0.0230141.
    expect(fisher.patterns[0]!.p).toBeCloseTo(4252 / 184756, 12);
  });

  it('changes nothing in its inputs and refuses a result mined without groups', () => {
    const { mined: m, groups } = handCase();
    const before = JSON.stringify(m.patterns.map((p) => [p.itemsets, p.support, [...(p.groupSupport ?? [])]]));
    discriminatingPatterns(m, groups);
    expect(JSON.stringify(m.patterns.map((p) => [p.itemsets, p.support, [...(p.groupSupport ?? [])]]))).toBe(before);
    const plain = mineFrequentSequences(buildSequenceDatabase({ id: ['1', '2'], day: [0, 0], item: ['a', 'a'] }).database, { minSupport: { count: 1 } });
    expect(() => discriminatingPatterns(plain, { of: Int32Array.from([0, 1]), count: 2 })).toThrow(/same groups/);
  });
});
