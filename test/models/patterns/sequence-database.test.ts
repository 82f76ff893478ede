import { describe, expect, it } from 'vitest';
import { miningControl, minSupportCount, parseMinSupport } from '../../../models/patterns/mining-options.js';
import { buildSequenceDatabase, checkSequenceDatabase, sequenceItemsets } from '../../../models/patterns/sequence-database.js';
import { UsageError } from '../../../util/errors.js';

describe('buildSequenceDatabase', () => {
  it('one itemset per day, items in code-point order, ids in code-point order, duplicates counted once', () => {
    const events = {
      id: ['p2', 'p1', 'p1', 'p1', 'p1', 'p1'],
      day: [5, 30, 0, 0, 0, 30],
      // U+1F600 (a surrogate pair) sorts after U+FFFD by code point, before it by UTF-16 units
      item: ['z', '\u{1F600}', 'b', 'a', 'b', '\uFFFD'],
    };
    const frozen = JSON.stringify(events);
    const built = buildSequenceDatabase(events);
    expect(JSON.stringify(events)).toBe(frozen); // inputs unchanged
    const db = built.database;
    expect(db.ids).toEqual(['p1', 'p2']);
    expect(db.alphabet).toEqual(['a', 'b', 'z', '\uFFFD', '\u{1F600}']);
    expect(sequenceItemsets(db, 0)).toEqual([{ day: 0, items: ['a', 'b'] }, { day: 30, items: ['\uFFFD', '\u{1F600}'] }]);
    expect(sequenceItemsets(db, 1)).toEqual([{ day: 5, items: ['z'] }]);
    expect(built.duplicateEvents).toBe(1);
    expect(() => checkSequenceDatabase(db)).not.toThrow();
  });

  it('options.ids: that population in that order, empty sequences for ids without events, other events dropped', () => {
    const built = buildSequenceDatabase({ id: ['a', 'x', 'a'], day: [1, 2, 3], item: ['i', 'j', 'k'] }, { ids: ['b', 'a'] });
    expect(built.database.ids).toEqual(['b', 'a']);
    expect(sequenceItemsets(built.database, 0)).toEqual([]);
    expect(sequenceItemsets(built.database, 1).map((s) => s.items)).toEqual([['i'], ['k']]);
    expect(built.droppedEvents).toBe(1);
    expect(built.database.alphabet).toEqual(['i', 'k']);
  });

  it('refuses non-integer days, unequal columns and repeated ids', () => {
    expect(() => buildSequenceDatabase({ id: ['a'], day: [1.5], item: ['i'] })).toThrow(UsageError);
    expect(() => buildSequenceDatabase({ id: ['a'], day: [Number.NaN], item: ['i'] })).toThrow(/day of event 0/);
    expect(() => buildSequenceDatabase({ id: ['a', 'b'], day: [1], item: ['i'] })).toThrow(/unequal length/);
    expect(() => buildSequenceDatabase({ id: ['a'], day: [1], item: ['i'] }, { ids: ['a', 'a'] })).toThrow(/more than once/);
  });

  it('checkSequenceDatabase names a broken invariant', () => {
    const { database } = buildSequenceDatabase({ id: ['a', 'a'], day: [1, 2], item: ['i', 'j'] });
    expect(() => checkSequenceDatabase({ ...database, itemsetDay: Int32Array.from([2, 2]) })).toThrow(/strictly increasing/);
    expect(() => checkSequenceDatabase({ ...database, items: Int32Array.from([0, 7]) })).toThrow(/outside the alphabet/);
  });
});

describe('minimum support', () => {
  it('parses counts without and shares with a decimal point', () => {
    expect(parseMinSupport('30')).toEqual({ count: 30 });
    expect(parseMinSupport('0.1')).toEqual({ share: 0.1, text: '0.1' });
    expect(parseMinSupport('1.0')).toEqual({ share: 1, text: '1.0' });
    expect(parseMinSupport('.5')).toEqual({ share: 0.5, text: '.5' });
    for (const bad of ['0', '0.0', '1.5', '-2', '1e3', 'abc', '', '2.']) expect(() => parseMinSupport(bad), bad).toThrow(UsageError);
  });

  it('ceil(S x n) exactly on the decimal S', () => {
    expect(minSupportCount({ share: 0.07 }, 100)).toBe(7); // 0.07 * 100 = 7.000000000000001 in floating point
    expect(minSupportCount({ share: 0.1 }, 55)).toBe(6);
    expect(minSupportCount({ share: 1 }, 50)).toBe(50);
    expect(minSupportCount({ share: 0.3, text: '0.30000000000000000001' }, 10)).toBe(4);
    expect(minSupportCount({ share: 1e-7 }, 10)).toBe(1);
    expect(minSupportCount({ count: 12 }, 5)).toBe(12);
  });

  it('miningControl validates and fills defaults', () => {
    expect(miningControl({ minSupport: { count: 2 } })).toMatchObject({ maxLength: Infinity, maxSize: Infinity, minGap: 0, maxGap: Infinity, maxWindow: Infinity });
    expect(() => miningControl({ minSupport: { count: 0 } })).toThrow(/count/);
    expect(() => miningControl({ minSupport: { share: 1.2 } })).toThrow(/share/);
    expect(() => miningControl({ minSupport: { count: 1 }, maxLength: 0 })).toThrow(/maxLength/);
    expect(() => miningControl({ minSupport: { count: 1 }, maxGap: 2.5 })).toThrow(/maxGap/);
    expect(() => miningControl({ minSupport: { count: 1 }, minGap: 10, maxGap: 5 })).toThrow(/larger than maxGap/);
  });
});
