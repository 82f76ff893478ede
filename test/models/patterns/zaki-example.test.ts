/**
 * Zaki's example database (SPADE, Machine Learning 42 (2001) 31-60, Figure 1):
 * 4 customers (sequence ids 1-4), events dated by the event ids 10-25, items
 * A-H. The database is the one arulesSequences ships as its `zaki` data set
 * (inst/misc/zaki.txt: sequenceID eventID SIZE items). The frequent
 * sequences at min_sup = 2 (50 %) are the paper's Figure 1 lattice: A, B, D,
 * F; AB, AF, BF, B->A, D->A, D->B, D->F, F->A; ABF, BF->A, D->BF, D->B->A,
 * D->F->A; D->BF->A, 18 in all, the same set arulesSequences'
 * `cspade(zaki, parameter = list(support = 0.4))` lists. The paper's figure
 * was transcribed from its widely reproduced copies (the PDF was not at
 * hand); the brute-force check below confirms every support independently.
 */
import { describe, expect, it } from 'vitest';
import { mineFrequentSequences } from '../../../models/patterns/mine-frequent-sequences.js';
import { decodePattern, formatPattern } from '../../../models/patterns/pattern-order.js';
import { buildSequenceDatabase } from '../../../models/patterns/sequence-database.js';
import { sequentialRules } from '../../../models/patterns/sequential-rules.js';
import { plainSequences, supportOf } from './brute-force.js';

const ZAKI = `1 10 C D
1 15 A B C
1 20 A B F
1 25 A C D F
2 15 A B F
2 20 E
3 10 A B F
4 10 D G H
4 20 B F
4 25 A G H`;

const ROWS = ZAKI.split('\n').flatMap((l) => {
  const [id, t, ...items] = l.split(' ');
  return items.map((item) => ({ id: id as string, day: Number(t), item }));
});
const zakiDatabase = () => buildSequenceDatabase({ id: ROWS.map((r) => r.id), day: ROWS.map((r) => r.day), item: ROWS.map((r) => r.item) }).database;
const PLAIN = plainSequences(ROWS).sequences;

/** The paper's frequent sequences at min_sup 2, in its notation (-> separates itemsets) with their supports. */
const PUBLISHED: Record<string, number> = {
  A: 4, B: 4, D: 2, F: 4,
  AB: 3, AF: 3, BF: 4, 'B->A': 2, 'D->A': 2, 'D->B': 2, 'D->F': 2, 'F->A': 2,
  ABF: 3, 'BF->A': 2, 'D->BF': 2, 'D->B->A': 2, 'D->F->A': 2,
  'D->BF->A': 2,
};

const zakiNotation = (p: string[][]): string => p.map((s) => s.join('')).join('->');

describe('SPADE on Zaki\'s example database', () => {
  const db = zakiDatabase();

  it('finds exactly the 18 published frequent sequences at min_sup 2 with their supports', () => {
    const r = mineFrequentSequences(db, { minSupport: { count: 2 } });
    const found = Object.fromEntries(r.patterns.map((p) => [zakiNotation(decodePattern(r.alphabet, p.itemsets)), p.support]));
    expect(found).toEqual(PUBLISHED);
    expect(r.sequences).toBe(4);
    expect(r.minSupport).toBe(2);
  });

  it('gives the same result for min support as a share (0.4 -> ceil(1.6) = 2, 0.5 -> 2)', () => {
    const a = mineFrequentSequences(db, { minSupport: { share: 0.4 } });
    const b = mineFrequentSequences(db, { minSupport: { share: 0.5 } });
    expect(a.minSupport).toBe(2);
    expect(a.patterns).toEqual(b.patterns);
    expect(a.patterns).toHaveLength(18);
  });

  it('lists patterns by support, then fewer itemsets, fewer items, then code-point order', () => {
    const r = mineFrequentSequences(db, { minSupport: { count: 2 } });
    expect(r.patterns.slice(0, 7).map((p) => formatPattern(decodePattern(r.alphabet, p.itemsets)))).toEqual([
      '<{A}>', '<{B}>', '<{F}>', '<{B, F}>', '<{A, B}>', '<{A, F}>', '<{A, B, F}>',
    ]);
    expect(formatPattern(decodePattern(r.alphabet, r.patterns[17]!.itemsets))).toBe('<{D}, {B, F}, {A}>');
  });

  it('every published support agrees with a brute-force count over all embeddings', () => {
    for (const [text, support] of Object.entries(PUBLISHED)) {
      const pattern = text.split('->').map((s) => s.split(''));
      expect(supportOf(PLAIN, pattern, {}), text).toBe(support);
    }
  });

  it('at min_sup 3: A, B, F, AB, AF, BF, ABF only', () => {
    const r = mineFrequentSequences(db, { minSupport: { count: 3 } });
    expect(r.patterns.map((p) => zakiNotation(decodePattern(r.alphabet, p.itemsets))).sort()).toEqual(['A', 'AB', 'ABF', 'AF', 'B', 'BF', 'F']);
  });

  it('with a window of 5 days (event ids as days): D->BF->A (days 10, 20, 25 in customer 4) is no longer frequent', () => {
    const r = mineFrequentSequences(db, { minSupport: { count: 2 }, maxWindow: 5 });
    const found = r.patterns.map((p) => zakiNotation(decodePattern(r.alphabet, p.itemsets)));
    expect(found).not.toContain('D->BF->A');
    // customer 1: D on 10, then B,F on 20 and A on 25 span 15 days; customer 4: 15 days
    expect(found).not.toContain('D->B->A');
    // B->A within 5 days: customer 1 (B 20 -> A 25), customer 4 (B 20 -> A 25)
    expect(found).toContain('B->A');
    for (const p of r.patterns) expect(supportOf(PLAIN, decodePattern(r.alphabet, p.itemsets), { maxWindow: 5 })).toBe(p.support);
  });

  it('sequential rules X => Y: confidence sup(XY)/sup(X), lift confidence / (sup(Y)/4), worked by hand', () => {
    const r = mineFrequentSequences(db, { minSupport: { count: 2 } });
    const rules = sequentialRules(r);
    const text = (x: number[][]) => zakiNotation(decodePattern(r.alphabet, x));
    const find = (x: string, y: string) => rules.find((q) => text(q.antecedent) === x && text(q.consequent) === y);
    // D => BF->A: sup 2, sup(D) 2, sup(BF->A) 2: confidence 1, lift 1 / (2/4) = 2
    expect(find('D', 'BF->A')).toMatchObject({ support: 2, antecedentSupport: 2, consequentSupport: 2, confidence: 1, lift: 2 });
    // D->BF => A: sup(D->BF) 2, sup(A) 4: confidence 1, lift 1
    expect(find('D->BF', 'A')).toMatchObject({ confidence: 1, lift: 1 });
    // B => A: sup(B->A) 2, sup(B) 4, sup(A) 4: confidence 0.5, lift 0.5
    expect(find('B', 'A')).toMatchObject({ support: 2, confidence: 0.5, lift: 0.5 });
    // every split of every pattern with 2+ itemsets: D->A, D->B, D->F, B->A, F->A (5 x 1),
    // BF->A, D->BF (2 x 1), D->B->A, D->F->A, D->BF->A (3 x 2) = 13 rules
    expect(rules).toHaveLength(13);
    expect(rules[0]!.confidence).toBe(1);
    for (let i = 1; i < rules.length; i++) expect(rules[i - 1]!.confidence).toBeGreaterThanOrEqual(rules[i]!.confidence);
    // arulesSequences' ruleInduction keeps the last itemset as consequent only: 10 rules
    expect(sequentialRules(r, { consequent: 'last' })).toHaveLength(10);
    expect(sequentialRules(r, { minConfidence: 0.6 }).every((q) => q.confidence >= 0.6)).toBe(true);
    expect(() => sequentialRules(r, { minConfidence: 2 })).toThrow(/minConfidence/);
  });

  it('stops with a ModelError past maxPatterns, on both engines', () => {
    expect(() => mineFrequentSequences(db, { minSupport: { count: 2 }, maxPatterns: 5 })).toThrow(/more than 5 frequent patterns/);
    expect(() => mineFrequentSequences(db, { minSupport: { count: 2 }, maxPatterns: 5 }, { engine: 'idlist' })).toThrow(/more than 5 frequent patterns/);
    expect(mineFrequentSequences(db, { minSupport: { count: 2 }, maxPatterns: 18 }).patterns).toHaveLength(18);
    expect(() => mineFrequentSequences(db, { minSupport: { count: 2 }, maxWindow: 5 }, { engine: 'bitmap' })).toThrow(/bitmap engine/);
  });
});
