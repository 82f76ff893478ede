/**
 * Property test of the miner against the exhaustive oracle (brute-force.ts)
 * on random small databases with random constraints: the mined set equals
 * the brute-force frequent set (so no frequent pattern is missing, none is
 * extra, every support is exact and every constraint is honoured), and the
 * closed and maximal selections equal the pairwise definitions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectPatterns } from '../../../models/patterns/closed-maximal.js';
import { mineFrequentSequences, type MiningEngine } from '../../../models/patterns/mine-frequent-sequences.js';
import { minSupportCount, type MiningOptions } from '../../../models/patterns/mining-options.js';
import { decodePattern } from '../../../models/patterns/pattern-order.js';
import { buildSequenceDatabase } from '../../../models/patterns/sequence-database.js';
import { seededRandom } from '../../../util/random.js';
import { bruteForceClosedMaximal, bruteForceFrequent, keyOf, plainSequences, supportOf, type Constraints } from './brute-force.js';

const ALPHABET = ['a', 'b', 'c', 'd', 'é'];

/** Rows of a random database: 1-7 patients, 0-5 events each over days 0-20 (same-day events merge into itemsets). */
const rowsArb = fc
  .array(
    fc.array(fc.record({ day: fc.integer({ min: 0, max: 20 }), item: fc.constantFrom(...ALPHABET) }), { minLength: 0, maxLength: 7 }),
    { minLength: 1, maxLength: 7 },
  )
  .map((patients) => patients.flatMap((events, p) => events.map((e) => ({ id: `p${p}`, day: e.day, item: e.item }))));

const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

const constraintsArb = fc
  .record({
    maxLength: optional(fc.integer({ min: 1, max: 4 })),
    maxSize: optional(fc.integer({ min: 1, max: 3 })),
    minGap: optional(fc.integer({ min: 0, max: 6 })),
    maxGap: optional(fc.integer({ min: 0, max: 10 })),
    maxWindow: optional(fc.integer({ min: 0, max: 15 })),
  })
  .map((c) => (c.minGap !== undefined && c.maxGap !== undefined && c.minGap > c.maxGap ? { ...c, maxGap: c.minGap } : c));

const supportArb = fc.oneof(
  fc.integer({ min: 1, max: 3 }).map((count) => ({ count })),
  fc.constantFrom(0.1, 0.25, 0.5, 0.75, 1).map((share) => ({ share })),
);

function run(rows: { id: string; day: number; item: string }[], c: Constraints, minSupport: MiningOptions['minSupport'], engine: MiningEngine = 'auto') {
  const built = buildSequenceDatabase({ id: rows.map((r) => r.id), day: rows.map((r) => r.day), item: rows.map((r) => r.item) });
  const mined = mineFrequentSequences(built.database, { minSupport, ...c }, { engine });
  const plain = plainSequences(rows, built.database.ids);
  const minCount = minSupportCount(minSupport, plain.sequences.length);
  return {
    mined,
    get expected() {
      return bruteForceFrequent(plain.sequences, minCount, c);
    },
    keys: mined.patterns.map((p) => keyOf(decodePattern(mined.alphabet, p.itemsets))),
  };
}

describe('mineFrequentSequences against brute force', () => {
  it.each(['idlist', 'bitmap'] as const)('%s engine: finds exactly the frequent patterns with exact supports under random constraints', (engine) => {
    fc.assert(
      fc.property(rowsArb, constraintsArb, supportArb, (rows, c0, minSupport) => {
        // the bitmap engine serves the constraint sets without maxWindow
        const c = engine === 'bitmap' ? { ...c0, maxWindow: undefined } : c0;
        const { mined, expected, keys } = run(rows, c, minSupport, engine);
        expect(mined.engine).toBe(engine);
        const got = new Map(keys.map((k, i) => [k, mined.patterns[i]!.support]));
        expect(got.size).toBe(keys.length); // no pattern listed twice
        expect(got).toEqual(expected);
        for (const p of mined.patterns) {
          expect(p.itemsets.length).toBeLessThanOrEqual(c.maxLength ?? Infinity);
          for (const s of p.itemsets) {
            expect(s.length).toBeLessThanOrEqual(c.maxSize ?? Infinity);
            for (let j = 1; j < s.length; j++) expect(s[j]!).toBeGreaterThan(s[j - 1]!);
          }
        }
      }),
      { numRuns: 400, seed: 20261208 },
    );
  });

  it('closed and maximal selections equal their pairwise definitions', () => {
    fc.assert(
      fc.property(rowsArb, constraintsArb, supportArb, (rows, c, minSupport) => {
        const { mined, expected } = run(rows, c, minSupport);
        const want = bruteForceClosedMaximal(expected);
        const keysOf = (sel: 'closed' | 'maximal') => new Set(selectPatterns(mined, sel).map((p) => keyOf(decodePattern(mined.alphabet, p.itemsets))));
        expect(keysOf('closed')).toEqual(want.closed);
        expect(keysOf('maximal')).toEqual(want.maximal);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('long sequences (multi-word bitmaps, 33-100 itemsets): both engines agree, and supports match brute force', () => {
    const rand = seededRandom(3);
    const rows: { id: string; day: number; item: string }[] = [];
    for (let p = 0; p < 12; p++) {
      const n = 33 + Math.floor(rand() * 68);
      for (let i = 0; i < n; i++) {
        rows.push({ id: `p${p}`, day: 3 * i + Math.floor(rand() * 3), item: ALPHABET[Math.floor(rand() ** 2 * 5)]! });
        if (rand() < 0.2) rows.push({ id: `p${p}`, day: 3 * i, item: ALPHABET[Math.floor(rand() * 5)]! });
      }
    }
    for (const c of [{ maxLength: 3, maxSize: 2 }, { maxLength: 3, minGap: 40 }, { maxLength: 3, minGap: 5, maxGap: 40 }, { maxLength: 3, maxGap: 6 }] as Constraints[]) {
      const bitmap = run(rows, c, { share: 0.75 }, 'bitmap');
      const idlist = run(rows, c, { share: 0.75 }, 'idlist');
      expect(bitmap.mined.patterns.length).toBeGreaterThan(30);
      expect(bitmap.mined.patterns).toEqual(idlist.mined.patterns);
      const plain = plainSequences(rows).sequences;
      for (const p of bitmap.mined.patterns.filter((q, i) => i % 5 === 0 && q.itemsets.length <= 2)) {
        expect(supportOf(plain, decodePattern(bitmap.mined.alphabet, p.itemsets), c)).toBe(p.support);
      }
    }
  });

  it('with maxGap, a frequent super-pattern two items up is found although the patterns between are infrequent', () => {
    // maxGap 5. Patient 1: a 0, b 4, c 8, d 12 holds <a, b, c, d> (gaps 4, 4, 4) but neither
    // <a, b, d> (b -> d 8 days) nor <a, c, d> (a -> c 8) nor <a, d> (12). Patient 2: a 0, d 1 holds <a, d>.
    // So <a, d> (support 1) has the frequent super-pattern <a, b, c, d> (support 1): neither closed nor maximal.
    const rows = [
      ...['a', 'b', 'c', 'd'].map((item, i) => ({ id: '1', day: 4 * i, item })),
      { id: '2', day: 0, item: 'a' },
      { id: '2', day: 1, item: 'd' },
    ];
    const { mined, expected } = run(rows, { maxGap: 5 }, { count: 1 });
    const ad = keyOf([['a'], ['d']]);
    expect(expected.get(ad)).toBe(1);
    expect(expected.has(keyOf([['a'], ['b'], ['d']]))).toBe(false);
    const keysOf = (sel: 'closed' | 'maximal') => new Set(selectPatterns(mined, sel).map((p) => keyOf(decodePattern(mined.alphabet, p.itemsets))));
    expect(keysOf('closed').has(ad)).toBe(false);
    expect(keysOf('maximal').has(ad)).toBe(false);
    expect(keysOf('maximal')).toEqual(bruteForceClosedMaximal(expected).maximal);
  });

  it('with maxGap, the earliest end is not enough: a later occurrence can be the only one close enough', () => {
    // a on day 0 and day 10, b on day 12: <a, b> with maxGap 5 holds only through the second a.
    const rows = [
      { id: '1', day: 0, item: 'a' },
      { id: '1', day: 10, item: 'a' },
      { id: '1', day: 12, item: 'b' },
    ];
    const { mined } = run(rows, { maxGap: 5 }, { count: 1 });
    expect(mined.patterns.map((p) => decodePattern(mined.alphabet, p.itemsets))).toContainEqual([['a'], ['b']]);
    // and with a window, the latest start matters: <a, a, b> spans 12 days (0, 10, 12), outside a window of 11
    const w = run(rows, { maxWindow: 11 }, { count: 1 }).mined;
    const found = w.patterns.map((p) => JSON.stringify(decodePattern(w.alphabet, p.itemsets)));
    expect(found).toContain(JSON.stringify([['a'], ['b']]));
    expect(found).not.toContain(JSON.stringify([['a'], ['a'], ['b']]));
  });
});
