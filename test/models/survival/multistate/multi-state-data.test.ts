/**
 * Bad multi-state input is refused with a DataValidationError naming the
 * file, the row, the field and the patient: an impossible state sequence
 * (leaving the absorbing state death), overlapping intervals, gaps,
 * stop <= start, missing values, an istate that contradicts the previous row,
 * a grouping value that changes within a patient. Also: the state order,
 * merging of split censored rows (as R's survfit) and the transition order.
 */
import { describe, expect, it } from 'vitest';
import { aalenJohansen } from '../../../../models/survival/multistate/aalen-johansen.js';
import { readMultiStateRows } from '../../../../models/survival/multistate/multi-state-data.js';
import { DataValidationError, UsageError } from '../../../../util/errors.js';

type Rows = { id: (string | null)[]; start: Float64Array; stop: Float64Array; state: (string | null)[]; group?: (string | null)[]; istate?: (string | null)[] };
const table = (rows: [string | null, number, number, string | null, string?][]): Rows => ({
  id: rows.map((r) => r[0]),
  start: Float64Array.from(rows, (r) => r[1]),
  stop: Float64Array.from(rows, (r) => r[2]),
  state: rows.map((r) => r[3]),
  group: rows.map((r) => r[4] ?? 'a'),
});
const fitStates = (data: Rows, formula = 'Surv(start, stop, state) ~ 1', options: Record<string, unknown> = {}) =>
  aalenJohansen(formula, data, { id: 'id', ...options });

function rejection(f: () => unknown): DataValidationError {
  try {
    f();
  } catch (e) {
    if (e instanceof DataValidationError) return e;
    throw e;
  }
  throw new Error('expected a DataValidationError');
}

describe('multi-state input checks', () => {
  const ok: [string, number, number, string | null][] = [['P1', 0, 2, 'recurrence'], ['P1', 2, 5, 'death'], ['P2', 0, 4, null]];

  it('accepts a valid illness-death sequence', () => {
    expect(fitStates(table(ok)).states).toEqual(['(s0)', 'death', 'recurrence']);
  });

  it('refuses leaving an absorbing state (death -> recurrence), naming the row and patient', () => {
    const e = rejection(() => fitStates(table([['P1', 0, 2, 'death'], ['P1', 2, 5, 'recurrence'], ['P2', 0, 4, null]]), undefined, { file: 'cohort.csv' }));
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]).toMatchObject({ file: 'cohort.csv', row: 2, field: 'state' });
    expect(e.issues[0]!.message).toMatch(/absorbing state death/);
    expect(e.issues[0]!.message).toMatch(/entered on row 1/);
    expect(e.issues[0]!.message).toMatch(/patient P1/);
    expect(e.message).toMatch(/^cohort\.csv, row 2, field 'state'/);
  });

  it('absorbing states are configurable (none: R accepts the same data)', () => {
    const data = table([['P1', 0, 2, 'death'], ['P1', 2, 5, 'recurrence'], ['P2', 0, 4, null]]);
    expect(fitStates(data, undefined, { absorbing: [] }).transitions).toEqual([
      { from: '(s0)', to: 'death', events: 1 },
      { from: 'death', to: 'recurrence', events: 1 },
    ]);
    const e = rejection(() => fitStates(table([['P1', 0, 2, 'SP'], ['P1', 2, 5, 'RR']]), undefined, { absorbing: ['sp'] }));
    expect(e.issues[0]!.message).toMatch(/absorbing state SP/);
  });

  it('refuses overlapping intervals of one patient', () => {
    const e = rejection(() => fitStates(table([['P1', 0, 3, 'recurrence'], ['P1', 2, 5, 'death']])));
    expect(e.issues[0]).toMatchObject({ row: 2, field: 'start' });
    expect(e.issues[0]!.message).toMatch(/overlaps .* row 1/);
  });

  it('refuses a gap in follow-up', () => {
    const e = rejection(() => fitStates(table([['P1', 0, 2, 'recurrence'], ['P1', 3, 5, 'death']])));
    expect(e.issues[0]).toMatchObject({ row: 2, field: 'start' });
    expect(e.issues[0]!.message).toMatch(/gap in follow-up/);
  });

  it('refuses stop <= start and missing times, ids and states', () => {
    const e = rejection(() => fitStates(table([['P1', 2, 2, 'death'], [null, 0, 1, null], ['P3', NaN, 4, null], ['P4', 0, NaN, null]])));
    expect(e.issues.map((i) => [i.row, i.field])).toEqual([[1, 'stop'], [2, 'id'], [3, 'start'], [4, 'stop']]);
    expect(e.issues[0]!.message).toMatch(/stop time 2 must be greater than start time 2/);
    const num = rejection(() => aalenJohansen('Surv(start, stop, state) ~ 1', { id: ['a'], start: Float64Array.of(0), stop: Float64Array.of(1), state: Float64Array.of(NaN) }, { id: 'id' }));
    expect(num.issues[0]).toMatchObject({ row: 1, field: 'state' });
  });

  it('hides the patient id when asked (disclosure control)', () => {
    const e = rejection(() => fitStates(table([['P1', 0, 2, 'death'], ['P1', 2, 5, 'recurrence']]), undefined, { nameIds: false }));
    expect(e.message).not.toMatch(/P1/);
    expect(e.issues[0]!.row).toBe(2);
  });

  it('refuses an istate that contradicts the previous row, and a patient starting dead', () => {
    const data = { ...table([['P1', 0, 2, 'ill'], ['P1', 2, 5, null], ['P2', 0, 3, 'ill']]), istate: ['well', 'well', 'well'] };
    const e = rejection(() => fitStates(data, undefined, { istate: 'istate' }));
    expect(e.issues[0]).toMatchObject({ row: 2, field: 'istate' });
    expect(e.issues[0]!.message).toMatch(/after which the patient is in state ill/);
    const dead = { ...table([['P1', 0, 2, null]]), istate: ['death'] };
    expect(rejection(() => fitStates(dead, undefined, { istate: 'istate' })).issues[0]!.message).toMatch(/starts in the absorbing state death/);
  });

  it('refuses a grouping value that changes within a patient, and a missing group on some rows only', () => {
    const e = rejection(() => fitStates(table([['P1', 0, 2, 'ill', 'a'], ['P1', 2, 5, null, 'b']]), 'Surv(start, stop, state) ~ group'));
    expect(e.issues[0]).toMatchObject({ row: 2 });
    expect(e.issues[0]!.message).toMatch(/grouping value changes/);
    const d = table([['P1', 0, 2, 'ill', 'a'], ['P1', 2, 5, null, 'a'], ['P2', 0, 3, 'ill', 'a']]);
    d.group![1] = null;
    const m = rejection(() => fitStates(d, 'Surv(start, stop, state) ~ group'));
    expect(m.issues[0]).toMatchObject({ row: 2 });
    expect(m.issues[0]!.message).toMatch(/missing grouping value/);
    // a patient whose only row lacks the group is dropped and counted, as R's na.omit
    d.group![1] = 'a';
    d.group![2] = null;
    const f = fitStates(d, 'Surv(start, stop, state) ~ group');
    expect(f.nDropped).toBe(1);
    expect(f.nSubjects).toBe(1);
    expect(f.warnings[0]).toMatch(/1 observation deleted/);
  });

  it('refuses the reserved label (s0) and needs an id for (start, stop] data', () => {
    expect(rejection(() => fitStates(table([['P1', 0, 2, '(s0)']]))).issues[0]!.message).toMatch(/reserved/);
    expect(() => aalenJohansen('Surv(start, stop, state) ~ 1', table(ok))).toThrow(UsageError);
  });

  it('orders states: (s0), then code-point order; with istate the never-entered istate values first', () => {
    const r = readMultiStateRows(table([['P1', 0, 1, 'b'], ['P1', 1, 2, 'B'], ['P2', 0, 1, 'a']]), { start: 'start', stop: 'stop', state: 'state', id: 'id' });
    expect(r.states).toEqual(['(s0)', 'B', 'a', 'b']);
    const withIstate = { ...table([['P1', 0, 1, 'ill'], ['P1', 1, 2, 'well'], ['P2', 0, 1, null]]), istate: ['well', 'ill', 'zz'] };
    const s = readMultiStateRows(withIstate, { start: 'start', stop: 'stop', state: 'state', id: 'id', istate: 'istate' });
    expect(s.states).toEqual(['zz', 'ill', 'well']);
    expect(Array.from(s.initialState)).toEqual([2, 0]);
  });

  it('merges a censored row between two rows of a patient (as R survfit), but not a first censored row', () => {
    const data = table([['P1', 0, 1, null], ['P1', 1, 2, null], ['P1', 2, 4, 'death'], ['P2', 0, 3, 'death'], ['P3', 0, 5, null]]);
    const r = readMultiStateRows(data, { start: 'start', stop: 'stop', state: 'state', id: 'id' });
    expect(r.nRows).toBe(4);
    expect(Array.from(r.entry)).toEqual([0, 1, 0, 0]); // P1's (1, 2] merged into (1, 4]
    expect(Array.from(r.exit)).toEqual([1, 4, 3, 5]);
    expect(Array.from(fitStates(data).strata[0]!.time)).toEqual([1, 3, 4, 5]);
    const unmerged = readMultiStateRows(data, { start: 'start', stop: 'stop', state: 'state', id: 'id', mergeSplitRows: false });
    expect(unmerged.nRows).toBe(5);
  });
});
