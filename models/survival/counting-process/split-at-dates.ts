/**
 * Splits counting-process rows at one date per subject and adds a 0/1
 * covariate that switches on at that date: the primitive for anything that
 * becomes true during follow-up (a therapy started, a pattern of events
 * completed, a marker crossing a threshold). Built on {@link tmerge} (a
 * `tdc(time)` without value), so the rules are R's: the covariate is 0 on
 * every row that starts before the date and 1 from the row that starts at it;
 * a date strictly inside a row splits the row there, and the row's events
 * stay on its last piece. This is what avoids immortal-time bias: the time
 * before the date counts as unexposed (docs/time-dependent-covariates.md).
 */
import type { ColumnTable } from '../../design/types.js';
import { UnknownColumnError, UsageError } from '../../../util/errors.js';
import { tmerge, tmergeBase, type TmergeColumn, type TmergeId, type TmergeValues } from './tmerge.js';

/** Column names of counting-process rows. */
export interface CountingKeys {
  /** Subject column. Default `pseudonym` (the analysis tables' id). */
  id?: string;
  /** Default `start`. */
  start?: string;
  /** Default `stop`. */
  stop?: string;
  /**
   * Event columns, kept on the last piece of a split row (0, or `''` for
   * texts, on the earlier pieces). Default: `event` and `status`, when present.
   */
  events?: readonly string[];
}

/** The date of each subject (on the rows' time scale); `NaN` or `null` = never. Several dates of one subject: the earliest counts. */
export interface SwitchDates {
  id: readonly TmergeId[];
  time: ArrayLike<number | null>;
}

/** Resolved keys and the table's columns read as the tmerge inputs. */
export interface CountingColumns {
  id: readonly TmergeId[];
  start: Float64Array;
  stop: Float64Array;
  events: Record<string, TmergeValues>;
  keys: Required<CountingKeys>;
}

/** Reads and checks the id, start, stop and event columns of counting-process rows. */
export function countingColumns(table: ColumnTable, keys: CountingKeys = {}): CountingColumns {
  const names = Object.keys(table);
  const k: Required<CountingKeys> = {
    id: keys.id ?? 'pseudonym',
    start: keys.start ?? 'start',
    stop: keys.stop ?? 'stop',
    events: keys.events ?? ['event', 'status'].filter((e) => e in table),
  };
  for (const c of [k.id, k.start, k.stop, ...k.events]) if (!(c in table)) throw new UnknownColumnError(c, names);
  const idCol = table[k.id]!;
  const id: readonly TmergeId[] = idCol instanceof Float64Array ? Array.from(idCol) : (idCol as readonly TmergeId[]);
  const num = (c: string): Float64Array => {
    const col = table[c]!;
    if (!(col instanceof Float64Array)) throw new UsageError(`Column ${c} must be numeric`);
    return col;
  };
  const events: Record<string, TmergeValues> = {};
  for (const e of k.events) events[e] = table[e] as TmergeValues;
  return { id, start: num(k.start), stop: num(k.stop), events, keys: k };
}

/** Output columns in the input's order, carried by `baseRow`, with tmerge's start, stop and event columns. */
export function carryColumns(table: ColumnTable, keys: Required<CountingKeys>, baseRow: Int32Array, tstart: Float64Array, tstop: Float64Array, variables: readonly { name: string; values: TmergeColumn }[]): Record<string, TmergeColumn> {
  const out: Record<string, TmergeColumn> = {};
  const vars = new Map(variables.map((v) => [v.name, v.values]));
  for (const [name, col] of Object.entries(table)) {
    if (name === keys.start) out[name] = tstart;
    else if (name === keys.stop) out[name] = tstop;
    else if (vars.has(name)) out[name] = vars.get(name)!;
    else if (col instanceof Float64Array) out[name] = Float64Array.from(baseRow, (r) => col[r]!);
    else out[name] = Array.from(baseRow, (r) => (col as readonly (string | null)[])[r] ?? null);
  }
  for (const [name, values] of vars) if (!(name in out)) out[name] = values;
  return out;
}

/**
 * Splits each subject's `(start, stop]` rows at its date and adds the column
 * `name`: 0 before the date, 1 from it on (R: `tmerge(rows, dates, id,
 * name = tdc(time))`).
 *
 * @param rows counting-process rows (several per subject allowed, not overlapping)
 * @param dates one or more dates per subject; subjects without a date (or with `NaN`/`null`) stay 0
 * @param name the new 0/1 column (must not exist yet)
 * @param keys id, start, stop and event columns (defaults `pseudonym`, `start`, `stop`, `event`/`status`)
 * @returns new rows sorted by subject (in order of first appearance) and time; the input is not changed
 * @throws DataValidationError naming the row for `stop <= start`, a missing id or overlapping rows;
 *   UnknownColumnError for a missing key column; UsageError when `name` exists or arrays differ in length.
 * @example
 * splitAtDates({ pseudonym: ['a'], start: Float64Array.of(0), stop: Float64Array.of(10), event: Float64Array.of(1) },
 *   { id: ['a'], time: [4] }, 'treated')
 * // => start [0, 4], stop [4, 10], event [0, 1], treated [0, 1]
 */
export function splitAtDates(rows: ColumnTable, dates: SwitchDates, name: string, keys: CountingKeys = {}): Record<string, TmergeColumn> {
  if (name in rows) throw new UsageError(`splitAtDates: column ${name} exists already`);
  if (dates.id.length !== dates.time.length) throw new UsageError(`splitAtDates: ${dates.id.length} ids but ${dates.time.length} dates`);
  const c = countingColumns(rows, keys);
  const base = tmergeBase({ id: c.id, tstart: c.start, tstop: c.stop, events: c.events, source: 'counting-process rows' });
  // the earliest date of each subject (later ones would only split rows without changing the value)
  const earliest = new Map<TmergeId, number>();
  for (let i = 0; i < dates.id.length; i++) {
    const t = dates.time[i];
    if (t === null || t === undefined || Number.isNaN(t)) continue;
    const id = dates.id[i] as TmergeId;
    const prev = earliest.get(id);
    if (prev === undefined || t < prev) earliest.set(id, t);
  }
  const data = tmerge(base, [{ name, kind: 'tdc', id: [...earliest.keys()], time: Float64Array.from(earliest.values()) }]);
  return carryColumns(rows, c.keys, data.baseRow, data.tstart, data.tstop, data.variables);
}
