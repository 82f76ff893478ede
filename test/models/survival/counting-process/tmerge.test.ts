/**
 * tmerge: hand-worked cases, bad input (typed errors naming the row), and
 * that inputs are never changed. The row-by-row agreement with R is in
 * tmerge-golden.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { tmerge, tmergeBase, tmergeColumns, tmergeRowIds } from '../../../../models/survival/counting-process/tmerge.js';
import { DataValidationError, UsageError } from '../../../../util/errors.js';

const arr = (a: ArrayLike<number | string | null>) => Array.from(a);

describe('tmergeBase', () => {
  it('orders rows by subject (first appearance) and stop, keeping the input row', () => {
    const d = tmergeBase({ id: ['b', 'a', 'b'], tstart: [10, 0, 0], tstop: [20, 5, 10] });
    expect(tmergeRowIds(d)).toEqual(['b', 'b', 'a']);
    expect(arr(d.tstart)).toEqual([0, 10, 0]);
    expect(arr(d.baseRow)).toEqual([2, 0, 1]);
    expect(arr(d.offsets)).toEqual([0, 2, 3]);
  });

  it('rejects stop <= start, a default start of 0 with stop <= 0, missing ids and overlaps, naming the row', () => {
    const bad = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(DataValidationError);
        return (e as DataValidationError).issues;
      }
      throw new Error('no error');
    };
    const i1 = bad(() => tmergeBase({ id: ['p1', 'p2', 'p3'], tstart: [0, 5, 0], tstop: [3, 5, 2] }));
    expect(i1).toEqual([expect.objectContaining({ row: 2, field: 'tstop', message: expect.stringContaining('subject p2: tstart must be < tstop, got (5, 5]') })]);
    const i2 = bad(() => tmergeBase({ id: [1, 2], tstop: [4, 0] }));
    expect(i2[0]).toMatchObject({ row: 2, field: 'tstop' });
    expect(i2[0]?.message).toContain('the default starting time of 0 is invalid');
    const i3 = bad(() => tmergeBase({ id: [1, null as unknown as number], tstop: [4, 3] }));
    expect(i3[0]).toMatchObject({ row: 2, field: 'id' });
    const i4 = bad(() => tmergeBase({ id: [1, 1], tstart: [0, 3], tstop: [4, 8] }));
    expect(i4[0]?.message).toContain('overlapping');
    const i5 = bad(() => tmergeBase({ id: [1], tstop: [NaN] }));
    expect(i5[0]?.message).toContain('missing time value');
  });
});

describe('tmerge', () => {
  const base = () => tmergeBase({ id: [1, 2], tstop: [10, 6] });

  it('tdc: last value carried forward from the start of the row after the record; init before', () => {
    const d = tmerge(base(), [{ name: 'psa', kind: 'tdc', id: [1, 1, 1, 2], time: [-3, 4, 12, 0], value: [0.1, 0.5, 9, 2] }]);
    // 1: split at 4 (within); the value at -3 applies from 0; 12 is after the end (late)
    expect(tmergeRowIds(d)).toEqual([1, 1, 2]);
    expect(arr(d.tstart)).toEqual([0, 4, 0]);
    expect(arr(d.tstop)).toEqual([4, 10, 6]);
    expect(arr(d.variables[0]!.values)).toEqual([0.1, 0.5, 2]);
    expect(d.counts[0]).toMatchObject({ early: 1, within: 1, late: 1, leading: 1 });
  });

  it('ties: the last record in input order wins (R)', () => {
    const d = tmerge(base(), [{ name: 'x', kind: 'tdc', id: [1, 1, 1], time: [5, 5, 2], value: [7, 8, 1] }]);
    expect(arr(d.variables[0]!.values)).toEqual([NaN, 1, 8, NaN]);
    expect(d.counts[0]!.tied).toBe(1);
  });

  it('event: on the row that ends at the time; an event strictly inside splits the row, earlier events stay on the last piece', () => {
    let d = tmerge(base(), [{ name: 'death', kind: 'event', id: [1, 2], time: [10, 6], value: [1, 0] }]);
    d = tmerge(d, [{ name: 'x', kind: 'tdc', id: [1], time: [7], value: [3] }]);
    expect(arr(d.tstop)).toEqual([7, 10, 6]);
    expect(arr(d.variables.find((v) => v.name === 'death')!.values)).toEqual([0, 1, 0]);
    // events at a leading start (time 0) are ignored, as in R
    const e = tmerge(base(), [{ name: 'ev', kind: 'event', id: [1], time: [0] }]);
    expect(arr(e.variables[0]!.values)).toEqual([0, 0]);
    expect(e.counts[0]!.leading).toBe(1);
  });

  it('cumtdc counts records at or before each start; cumevent numbers the events', () => {
    const d = tmerge(base(), [
      { name: 'relapses', kind: 'cumtdc', id: [1, 1, 1], time: [-10, 3, 6] },
      { name: 'relapse', kind: 'cumevent', id: [1, 1, 1], time: [-10, 3, 6] },
    ]);
    expect(arr(d.tstop)).toEqual([3, 6, 10, 6]);
    expect(arr(d.variables[0]!.values)).toEqual([1, 2, 3, 0]);
    // the record before follow-up counts in the running sum (R)
    expect(arr(d.variables[1]!.values)).toEqual([2, 3, 0, 0]);
  });

  it('text covariates with init; a tdc update changes only rows with a record', () => {
    let d = tmerge(base(), [{ name: 'stage', kind: 'tdc', id: [1, 2], time: [5, 1], value: ['pT3a', null], init: 'unknown' }]);
    expect(d.variables[0]!.values).toEqual(['unknown', 'pT3a', 'unknown']);
    d = tmerge(d, [{ name: 'stage', kind: 'tdc', id: [2], time: [3], value: ['pT2'] }]);
    expect(d.variables[0]!.values).toEqual(['unknown', 'pT3a', 'unknown', 'pT2']);
    expect(() => tmerge(d, [{ name: 'stage', kind: 'tdc', id: [2], time: [4], value: [1] }])).toThrow(/does not match prior variable type/);
  });

  it('bad input: typed errors, unknown ids counted, missing values dropped (or kept with naRm false)', () => {
    expect(() => tmerge(base(), [{ name: 'x', kind: 'tdc', id: [1, 2], time: [1] }])).toThrow(UsageError);
    expect(() => tmerge(base(), [{ name: 'x y', kind: 'tdc', id: [1], time: [1] }])).toThrow(/invalid variable name/);
    expect(() => tmerge(base(), [{ name: 'x', kind: 'tdc', id: [1, 1], time: [1, 2], value: [1, 'a'] as unknown as string[] }])).toThrow(/mix numbers and strings/);
    expect(() => tmerge(base(), [{ name: 'n', kind: 'cumtdc', id: [1], time: [1], value: ['a'] }])).toThrow(/numbers needed/);
    try {
      tmerge(base(), [{ name: 'x', kind: 'tdc', id: [1, null as unknown as number], time: [1, 2] }]);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(DataValidationError);
      expect((e as DataValidationError).issues[0]).toMatchObject({ row: 2, field: 'x.id' });
    }
    const ev = tmerge(base(), [{ name: 'death', kind: 'event', id: [1], time: [10] }]);
    expect(() => tmerge(ev, [{ name: 'death', kind: 'tdc', id: [1], time: [1] }])).toThrow(/event variable death into a tdc/);
    expect(() => tmerge(tmerge(base(), [{ name: 'x', kind: 'tdc', id: [1], time: [1] }]), [{ name: 'x', kind: 'event', id: [1], time: [10] }])).toThrow(/into an event/);
    const d = tmerge(base(), [{ name: 'x', kind: 'tdc', id: [1, 99, 2], time: [2, 1, NaN], value: [1, 2, 3] }]);
    expect(d.counts[0]!.missid).toBe(1);
    const na = tmerge(base(), [{ name: 'x', kind: 'tdc', id: [1, 1], time: [2, 4], value: [1, NaN] }], { naRm: false });
    expect(arr(na.variables[0]!.values)).toEqual([NaN, 1, NaN, NaN]);
    expect(() => tmerge(base(), [], { delay: -1 })).toThrow(/delay/);
  });

  it('never changes its inputs', () => {
    const id = Object.freeze([1, 1, 2]);
    const time = Float64Array.of(4, 2, 3);
    const value = Float64Array.of(1, 2, 3);
    const b = base();
    const startBefore = arr(b.tstart);
    const d = tmerge(b, [{ name: 'x', kind: 'tdc', id, time, value }]);
    expect(arr(time)).toEqual([4, 2, 3]);
    expect(arr(value)).toEqual([1, 2, 3]);
    expect(arr(b.tstart)).toEqual(startBefore);
    expect(b.variables).toEqual([]);
    expect(d.tstart.length).toBe(5);
  });

  it('tmergeColumns carries the base columns to every piece', () => {
    const b = tmergeBase({ id: ['a', 'b'], tstop: [10, 6] });
    const d = tmerge(b, [{ name: 'x', kind: 'tdc', id: ['a'], time: [5], value: [1] }]);
    const t = tmergeColumns(d, { age: Float64Array.of(60, 70), site: ['s1', 's2'] }, { id: 'id' });
    expect(Object.keys(t)).toEqual(['age', 'site', 'id', 'tstart', 'tstop', 'x']);
    expect(arr(t.age!)).toEqual([60, 60, 70]);
    expect(t.site).toEqual(['s1', 's1', 's2']);
    expect(t.id).toEqual(['a', 'a', 'b']);
  });
});
