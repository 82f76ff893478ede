/**
 * patternCompletionDays against the exhaustive oracle: for random databases,
 * patterns and constraints, the earliest day a valid embedding completes
 * (null when none) and, counted, the miner's support.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mineFrequentSequences } from '../../../models/patterns/mine-frequent-sequences.js';
import { patternCompletionDays } from '../../../models/patterns/pattern-occurrence.js';
import { decodePattern } from '../../../models/patterns/pattern-order.js';
import { buildSequenceDatabase } from '../../../models/patterns/sequence-database.js';
import { earliestCompletion, plainSequences } from './brute-force.js';

const rowsArb = fc
  .array(fc.array(fc.record({ day: fc.integer({ min: 0, max: 30 }), item: fc.constantFrom('a', 'b', 'c') }), { maxLength: 8 }), { minLength: 1, maxLength: 6 })
  .map((ps) => ps.flatMap((evs, p) => evs.map((e) => ({ id: `p${p}`, ...e }))));
const patternArb = fc.array(fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 });
const consArb = fc.record({
  minGap: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  maxGap: fc.option(fc.integer({ min: 5, max: 15 }), { nil: undefined }),
  maxWindow: fc.option(fc.integer({ min: 0, max: 25 }), { nil: undefined }),
});

describe('patternCompletionDays', () => {
  it('equals the earliest completion over all valid embeddings', () => {
    fc.assert(
      fc.property(rowsArb, patternArb, consArb, (rows, pattern, c) => {
        const { database } = buildSequenceDatabase({ id: rows.map((r) => r.id), day: rows.map((r) => r.day), item: rows.map((r) => r.item) });
        const plain = plainSequences(rows, database.ids).sequences;
        const got = patternCompletionDays(database, pattern, c);
        expect(got).toEqual(plain.map((s) => earliestCompletion(s, pattern, c)));
      }),
      { numRuns: 400, seed: 15 },
    );
  });

  it('counted, gives the support the miner reports for every frequent pattern', () => {
    const rows = [
      { id: '1', day: 0, item: 'dmt' }, { id: '1', day: 90, item: 'relapse' }, { id: '1', day: 400, item: 'relapse' },
      { id: '2', day: 0, item: 'dmt' }, { id: '2', day: 500, item: 'relapse' },
      { id: '3', day: 10, item: 'relapse' }, { id: '3', day: 20, item: 'dmt' }, { id: '3', day: 200, item: 'relapse' },
    ];
    const { database } = buildSequenceDatabase({ id: rows.map((r) => r.id), day: rows.map((r) => r.day), item: rows.map((r) => r.item) });
    const c = { maxGap: 365 };
    const mined = mineFrequentSequences(database, { minSupport: { count: 1 }, ...c });
    for (const p of mined.patterns) {
      const days = patternCompletionDays(database, decodePattern(mined.alphabet, p.itemsets), c);
      expect(days.filter((d) => d !== null)).toHaveLength(p.support);
    }
    // <dmt, relapse> within 365 days: patient 1 on day 90, patient 2 never (500 days), patient 3 on day 200
    expect(patternCompletionDays(database, [['dmt'], ['relapse']], c)).toEqual([90, null, 200]);
    expect(patternCompletionDays(database, [['unknown']])).toEqual([null, null, null]);
    expect(() => patternCompletionDays(database, [])).toThrow(/at least one item/);
  });
});
