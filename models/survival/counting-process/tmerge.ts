/**
 * Time-dependent covariates and events on counting-process rows, as R's
 * `survival::tmerge` (Therneau, Crowson and Atkinson, "Using time dependent
 * covariates and time dependent coefficients in the Cox model", vignette of
 * survival 3.5; R/tmerge.R and src/tmerge.c of the package). Definitions and
 * the rules for times outside follow-up, ties and missing values are in
 * docs/time-dependent-covariates.md.
 *
 * Hand-written: no npm library builds counting-process data, and the golden
 * test (test/golden/tmerge.R) holds this to R row by row. Typed arrays and
 * linear merges keep it fast (10^5 subjects with 30 marker values each in
 * about a second, bench/tmerge.ts).
 *
 * Flow, as in R: {@link tmergeBase} sets each subject's time range (R's first
 * call), then each {@link tmerge} call applies operations in order:
 * - `tdc(time, value)`: a covariate that takes `value` from `time` on (last
 *   value carried forward; without `value`, 0 before the first time and 1
 *   from it); before the first time `init` (default `tdcstart`, missing);
 * - `cumtdc(time, value)`: the running sum of `value` (default 1 per time);
 * - `event(time, value)`: `value` on the row that ends at `time`;
 * - `cumevent(time, value)`: the running sum of `value` on the row that ends
 *   at `time`.
 * A time strictly inside a row splits it there; covariates take effect at the
 * start of a row, so a value dated `t` describes the rows `(t, ...]`.
 */
import { DataValidationError, UsageError, type RecordIssue } from '../../../util/errors.js';

/** A subject identifier (the same type throughout: numbers or strings). */
export type TmergeId = string | number;
/** Numeric values (`NaN` = missing). */
export type TmergeNumbers = Float64Array | readonly number[];
/** Text values (`null` = missing). */
export type TmergeTexts = readonly (string | null)[];
/** Values of a covariate or event: numbers or texts. */
export type TmergeValues = TmergeNumbers | TmergeTexts;
/** An output column: numbers with `NaN` for missing, or texts with `null`. */
export type TmergeColumn = Float64Array | (string | null)[];

/** The four kinds of R's tmerge arguments. */
export type TmergeKind = 'tdc' | 'cumtdc' | 'event' | 'cumevent';

/** The time range of each subject (R's first tmerge call). */
export interface TmergeBaseInput {
  /** Subject of each interval; several intervals per subject are allowed (non-overlapping). */
  id: readonly TmergeId[];
  /** Start of each interval. Default 0 for every interval (then every `tstop` must be > 0). */
  tstart?: ArrayLike<number>;
  /** End of each interval (required, no missing values, > `tstart`). */
  tstop: ArrayLike<number>;
  /**
   * Event columns already on these rows (e.g. of a counting-process table
   * built elsewhere): when a later operation splits a row, the earlier pieces
   * get the censoring value (0, or `''` for texts), as R does for the event
   * variables of an earlier tmerge call. Other columns are carried by
   * {@link TmergeData.baseRow}.
   */
  events?: Readonly<Record<string, TmergeValues>>;
  /** Name of the source in error messages (default `<memory>`). */
  source?: string;
}

/** One tmerge argument, e.g. R's `bili = tdc(day, bili)`. */
export interface TmergeOp {
  /** Name of the new (or updated) variable. */
  name: string;
  kind: TmergeKind;
  /** Subject of each record (ids not in the data are ignored and counted as `missid`). */
  id: readonly TmergeId[];
  /** Time of each record (`NaN` records are ignored). */
  time: ArrayLike<number>;
  /**
   * Value of each record. Omitted: `tdc` switches from 0 to 1, `cumtdc` and
   * `cumevent` count 1 per record, `event` sets 1. `cumtdc` and `cumevent`
   * need numbers.
   */
  value?: TmergeValues;
  /** `tdc`, `cumtdc`: value before the first record (R's `init`). Default: the option `tdcstart`. */
  init?: number | string | null;
}

/** Options of one tmerge call (R's `tmerge.control`). */
export interface TmergeOptions {
  /** Drop records with a missing value (R's `na.rm`). Default true; false carries missing values forward. */
  naRm?: boolean;
  /** Default initial value of `tdc` and `cumtdc` variables (R's `tdcstart`). Default missing. */
  tdcstart?: number | string | null;
  /**
   * Delay of `tdc` and `cumtdc` records after a subject's first start (R's
   * `delay`): a record at `t` later than the subject's first `tstart` takes
   * effect at `t + delay`. Default 0.
   */
  delay?: number;
  /** Name of the source in error messages (default `<memory>`). */
  source?: string;
}

/** A variable created by tmerge. */
export interface TmergeVariable {
  readonly name: string;
  /** `tdc` for `tdc` and `cumtdc` (copied to both pieces of a split row), `event` for `event` and `cumevent`. */
  readonly kind: 'tdc' | 'event';
  /** One value per row. */
  readonly values: TmergeColumn;
}

/** Where one operation's records fell, R's `attr(x, "tcount")` row. */
export interface TmergeCounts {
  name: string;
  /** Before the subject's first start. */
  early: number;
  /** After the subject's last stop. */
  late: number;
  /** Between two intervals of the subject. */
  gap: number;
  /** Strictly inside an interval (which is split there). */
  within: number;
  /** On the stop of one interval and the start of the next. */
  boundary: number;
  /** On the start of an interval that follows no adjacent interval. */
  leading: number;
  /** On the stop of an interval that no adjacent interval follows. */
  trailing: number;
  /** Records at the same time as an earlier record of the same subject. */
  tied: number;
  /** Records whose subject is not in the data. */
  missid: number;
}

/** Counting-process rows with their variables: the result of every tmerge step. */
export interface TmergeData {
  /** Subjects in order of first appearance. */
  readonly ids: readonly TmergeId[];
  /** Rows of subject `s`: `offsets[s]` up to `offsets[s + 1]` (rows are sorted by subject, then time). */
  readonly offsets: Int32Array;
  /** Subject (index into `ids`) of each row. */
  readonly subject: Int32Array;
  readonly tstart: Float64Array;
  readonly tstop: Float64Array;
  /** Row of the base input each row comes from (to carry the base's other columns). */
  readonly baseRow: Int32Array;
  /** Variables in order of creation. */
  readonly variables: readonly TmergeVariable[];
  /** One entry per operation applied so far. */
  readonly counts: readonly TmergeCounts[];
}

const NAME = /^[A-Za-z_.][A-Za-z0-9_.]*$/;
const MAX_ISSUES = 100;

function isMissingId(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) || (typeof v !== 'number' && typeof v !== 'string');
}

function isNumeric(v: TmergeValues): v is TmergeNumbers {
  if (v instanceof Float64Array) return true;
  for (const x of v) if (x !== null) return typeof x === 'number';
  return false;
}

/** Checks that values are all numbers or all texts/null; returns which. */
function valueType(v: TmergeValues, what: string): 'number' | 'text' {
  if (v instanceof Float64Array) return 'number';
  let type: 'number' | 'text' | null = null;
  for (const x of v) {
    if (x === null) continue;
    const t = typeof x === 'number' ? 'number' : typeof x === 'string' ? 'text' : null;
    if (t === null) throw new UsageError(`${what}: values must be numbers or strings, got ${typeof x}`);
    if (type === null) type = t;
    else if (type !== t) throw new UsageError(`${what}: values mix numbers and strings`);
  }
  // all null: numbers with NaN would lose nothing, but texts keep null; treat as text
  return type ?? 'text';
}

function isNa(v: number | string | null | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

/**
 * The time range of each subject, as R's first `tmerge(data1, data2, id,
 * tstart =, tstop =)` call: one or more intervals `(tstart, tstop]` per
 * subject, sorted by subject (in order of first appearance) and then by
 * `tstop`.
 *
 * @throws DataValidationError naming the row and field for a missing id or
 *   `tstop`, `tstart >= tstop`, a default start of 0 with `tstop <= 0`, or
 *   overlapping intervals of one subject; UsageError for arrays of different lengths.
 * @example tmergeBase({ id: [1, 2], tstop: [400, 4500] }).tstop // => Float64Array [400, 4500]
 */
export function tmergeBase(base: TmergeBaseInput): TmergeData {
  const file = base.source ?? '<memory>';
  const n = base.id.length;
  if (base.tstop.length !== n) throw new UsageError(`tmerge: tstop has ${base.tstop.length} values, id ${n}`);
  if (base.tstart && base.tstart.length !== n) throw new UsageError(`tmerge: tstart has ${base.tstart.length} values, id ${n}`);
  const issues: RecordIssue[] = [];
  const issue = (row: number, field: string, message: string, value?: unknown): void => {
    if (issues.length < MAX_ISSUES) issues.push({ file, row: row + 1, field, message, ...(value !== undefined ? { value } : {}) });
  };
  const ids: TmergeId[] = [];
  const index = new Map<TmergeId, number>();
  const subjectOfInput = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const id = base.id[i];
    if (isMissingId(id)) {
      issue(i, 'id', 'id variable cannot have missing values', id);
      continue;
    }
    let s = index.get(id as TmergeId);
    if (s === undefined) {
      s = ids.length;
      index.set(id as TmergeId, s);
      ids.push(id as TmergeId);
    }
    subjectOfInput[i] = s;
    const stop = base.tstop[i] as number;
    const start = base.tstart ? (base.tstart[i] as number) : 0;
    if (Number.isNaN(stop)) issue(i, 'tstop', `missing time value for subject ${String(id)}, when that variable defines the span`);
    else if (!base.tstart && stop <= 0) issue(i, 'tstop', `subject ${String(id)}: found an ending time of ${stop}, the default starting time of 0 is invalid`, stop);
    else if (Number.isNaN(start)) issue(i, 'tstart', `missing start time for subject ${String(id)}`);
    else if (!(start < stop)) issue(i, 'tstop', `subject ${String(id)}: tstart must be < tstop, got (${start}, ${stop}]`, stop);
  }
  if (issues.length) throw new DataValidationError(issues);
  // order: subject (first appearance), then tstop (stable)
  const order = groupOrder(subjectOfInput, ids.length, base.tstop);
  const tstart = new Float64Array(n);
  const tstop = new Float64Array(n);
  const baseRow = new Int32Array(n);
  const subject = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const i = order.index[r] as number;
    baseRow[r] = i;
    subject[r] = subjectOfInput[i] as number;
    tstart[r] = base.tstart ? (base.tstart[i] as number) : 0;
    tstop[r] = base.tstop[i] as number;
  }
  for (let r = 0; r + 1 < n; r++) {
    if (subject[r] === subject[r + 1] && (tstop[r] as number) > (tstart[r + 1] as number)) {
      issue(baseRow[r + 1] as number, 'tstart', `subject ${String(ids[subject[r] as number])}: overlapping or duplicated time intervals (${tstart[r]}, ${tstop[r]}] and (${tstart[r + 1]}, ${tstop[r + 1]}]`);
    }
  }
  if (issues.length) throw new DataValidationError(issues);
  const variables: TmergeVariable[] = [];
  for (const [name, values] of Object.entries(base.events ?? {})) {
    checkName(name);
    if (values.length !== n) throw new UsageError(`tmerge: event column ${name} has ${values.length} values, id ${n}`);
    variables.push({ name, kind: 'event', values: gather(values, baseRow) });
  }
  return { ids, offsets: order.offsets, subject, tstart, tstop, baseRow, variables, counts: [] };
}

function checkName(name: string): void {
  if (!NAME.test(name)) throw new UsageError(`tmerge: invalid variable name: ${JSON.stringify(name)}`);
}

function gather(values: TmergeValues, rows: Int32Array): TmergeColumn {
  if (isNumeric(values)) {
    const out = new Float64Array(rows.length);
    for (let r = 0; r < rows.length; r++) out[r] = values[rows[r] as number] as number;
    return out;
  }
  const out: (string | null)[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = (values as TmergeTexts)[rows[r] as number] ?? null;
  return out;
}

/**
 * Stable order by group, then by time within the group: a counting sort by
 * group, then a check (and, when needed, a sort) of each group's times.
 */
function groupOrder(group: Int32Array, groups: number, time: ArrayLike<number>, keep?: Uint8Array): { index: Int32Array; offsets: Int32Array } {
  const offsets = new Int32Array(groups + 1);
  const n = group.length;
  for (let i = 0; i < n; i++) if (!keep || keep[i]) offsets[(group[i] as number) + 1]!++;
  for (let g = 0; g < groups; g++) offsets[g + 1]! += offsets[g] as number;
  const fill = offsets.slice(0, groups);
  const index = new Int32Array(offsets[groups] as number);
  for (let i = 0; i < n; i++) if (!keep || keep[i]) index[fill[group[i] as number]!++] = i;
  for (let g = 0; g < groups; g++) {
    const a = offsets[g] as number;
    const b = offsets[g + 1] as number;
    let sorted = true;
    for (let k = a + 1; k < b; k++) {
      if ((time[index[k] as number] as number) < (time[index[k - 1] as number] as number)) {
        sorted = false;
        break;
      }
    }
    if (!sorted) {
      const part = Array.from(index.subarray(a, b));
      part.sort((x, y) => (time[x] as number) - (time[y] as number) || x - y);
      index.set(part, a);
    }
  }
  return { index, offsets };
}

/** Record classes (R's itype + subtype). */
const EARLY = 1;
const LATE = 2;
const GAP = 3;
const WITHIN = 4;
const BOUNDARY = 6;
const LEADING = 7;
const TRAILING = 8;

/**
 * Classifies sorted records against the rows of their subject: for each
 * record the row with the largest start <= time (`prior`, -1 when none) and
 * the row with the smallest stop >= time (`after`, -1 when none), as R's
 * `neardate(best = "prior")` and `neardate(best = "after")`.
 */
function classify(data: Pick<TmergeData, 'offsets' | 'tstart' | 'tstop'>, recSubject: Int32Array, recTime: Float64Array): { cls: Uint8Array; prior: Int32Array; after: Int32Array } {
  const m = recTime.length;
  const cls = new Uint8Array(m);
  const prior = new Int32Array(m);
  const after = new Int32Array(m);
  const { offsets, tstart, tstop } = data;
  let k = 0;
  while (k < m) {
    const s = recSubject[k] as number;
    const rs = offsets[s] as number;
    const re = offsets[s + 1] as number;
    let p1 = rs - 1;
    let p2 = rs;
    for (; k < m && recSubject[k] === s; k++) {
      const e = recTime[k] as number;
      while (p1 + 1 < re && (tstart[p1 + 1] as number) <= e) p1++;
      while (p2 < re && (tstop[p2] as number) < e) p2++;
      const i1 = p1 >= rs ? p1 : -1;
      const i2 = p2 < re ? p2 : -1;
      prior[k] = i1;
      after[k] = i2;
      let c: number;
      if (i1 < 0) c = EARLY;
      else if (i2 < 0) c = LATE;
      else if (i2 > i1) c = GAP;
      else if (e === tstart[i1] || e === tstop[i2]) c = i1 === i2 + 1 ? BOUNDARY : e === tstart[i1] ? LEADING : TRAILING;
      else c = WITHIN;
      cls[k] = c;
    }
  }
  return { cls, prior, after };
}

/** Splits rows at the times of WITHIN records; event variables are censored on the earlier pieces. */
function splitRows(data: TmergeData, cls: Uint8Array, prior: Int32Array, recTime: Float64Array): TmergeData {
  const rows = data.tstart.length;
  const extra = new Int32Array(rows);
  const cuts: number[] = [];
  const cutRow: number[] = [];
  let lastRow = -1;
  let lastTime = NaN;
  for (let k = 0; k < cls.length; k++) {
    if (cls[k] !== WITHIN) continue;
    const r = prior[k] as number;
    const t = recTime[k] as number;
    if (r === lastRow && t === lastTime) continue; // unique (row, time)
    cuts.push(t);
    cutRow.push(r);
    extra[r]!++;
    lastRow = r;
    lastTime = t;
  }
  if (cuts.length === 0) return data;
  const total = rows + cuts.length;
  const tstart = new Float64Array(total);
  const tstop = new Float64Array(total);
  const baseRow = new Int32Array(total);
  const subject = new Int32Array(total);
  const source = new Int32Array(total); // old row of each new row
  const last = new Uint8Array(total); // 1 on the last piece of an old row
  let c = 0;
  let w = 0;
  for (let r = 0; r < rows; r++) {
    let start = data.tstart[r] as number;
    const pieces = extra[r] as number;
    for (let j = 0; j < pieces; j++, c++) {
      const t = cuts[c] as number;
      tstart[w] = start;
      tstop[w] = t;
      source[w] = r;
      w++;
      start = t;
    }
    tstart[w] = start;
    tstop[w] = data.tstop[r] as number;
    source[w] = r;
    last[w] = 1;
    w++;
  }
  const offsets = new Int32Array(data.offsets.length);
  for (let i = 0; i < total; i++) {
    const r = source[i] as number;
    baseRow[i] = data.baseRow[r] as number;
    subject[i] = data.subject[r] as number;
  }
  for (let i = 0; i < total; i++) offsets[(subject[i] as number) + 1]!++;
  for (let s = 0; s + 1 < offsets.length; s++) offsets[s + 1]! += offsets[s] as number;
  const variables = data.variables.map((v): TmergeVariable => {
    const values = gather(v.values, source);
    if (v.kind === 'event') {
      // the censoring value: 0 for numbers, '' for texts (R's tcensor)
      for (let i = 0; i < total; i++) {
        if (last[i]) continue;
        if (values instanceof Float64Array) values[i] = 0;
        else values[i] = '';
      }
    }
    return { name: v.name, kind: v.kind, values };
  });
  return { ids: data.ids, offsets, subject, tstart, tstop, baseRow, variables, counts: data.counts };
}

/**
 * Applies tmerge operations in order to counting-process rows, as R's
 * `tmerge(data1, data2, id, name = tdc(time, value), ...)` (each operation
 * as its own argument; a later call on the result continues the same way).
 *
 * Rules (R's): records with a missing time (and, with `naRm`, a missing
 * value) are dropped; records are sorted by subject and time, ties kept in
 * input order so that the last of tied `tdc`/`event` records wins; a time
 * strictly inside a row splits it (event variables keep their value on the
 * last piece only); `tdc` takes the value of the last record at or before a
 * row's start (records before the first start count; records after the last
 * stop never apply); `event` sets the value on the row whose stop equals the
 * time (times on a leading start, in a gap, before or after follow-up are
 * ignored and counted). A `tdc` named like an earlier `tdc` updates it on
 * the rows with a record; an `event` named like an earlier event updates it.
 *
 * @param data rows from {@link tmergeBase} or an earlier {@link tmerge}
 * @param ops operations, applied in order
 * @param options `naRm` (true), `tdcstart` (missing), `delay` (0)
 * @returns new rows and variables (inputs are not changed) and one {@link TmergeCounts} per operation
 * @throws DataValidationError for a missing id (naming the record); UsageError for
 *   arrays of different lengths, mixed value types, a `tdc` on an event
 *   variable (or the reverse), or an update of another type.
 * @example
 * const base = tmergeBase({ id: [1], tstop: [10] });
 * const d = tmerge(base, [{ name: 'x', kind: 'tdc', id: [1, 1], time: [0, 4], value: [5, 7] }]);
 * // d.tstart => [0, 4], d.tstop => [4, 10], x => [5, 7]
 */
export function tmerge(data: TmergeData, ops: readonly TmergeOp[], options: TmergeOptions = {}): TmergeData {
  const naRm = options.naRm ?? true;
  const tdcstart = options.tdcstart === undefined ? null : options.tdcstart;
  const delay = options.delay ?? 0;
  if (!(delay >= 0 && Number.isFinite(delay))) throw new UsageError(`tmerge: delay must be a number >= 0, got ${delay}`);
  let out = data;
  for (const op of ops) out = applyOp(out, op, naRm, tdcstart, delay, options.source ?? '<memory>');
  return out;
}

function applyOp(data: TmergeData, op: TmergeOp, naRm: boolean, tdcstart: number | string | null, delay: number, file: string): TmergeData {
  checkName(op.name);
  const n = op.id.length;
  if (op.time.length !== n) throw new UsageError(`tmerge ${op.name}: time has ${op.time.length} values, id ${n}`);
  const value = op.value;
  if (value && value.length !== n) throw new UsageError(`tmerge ${op.name}: value has ${value.length} values, id ${n}`);
  const vtype = value ? valueType(value, `tmerge ${op.name}`) : 'number';
  if ((op.kind === 'cumtdc' || op.kind === 'cumevent') && vtype !== 'number') throw new UsageError(`tmerge ${op.name}: invalid increment for ${op.kind} (numbers needed)`);
  const prior = data.variables.find((v) => v.name === op.name);
  if (prior && prior.kind === 'event' && (op.kind === 'tdc' || op.kind === 'cumtdc')) throw new UsageError(`tmerge: attempt to turn event variable ${op.name} into a ${op.kind}`);
  if (prior && prior.kind === 'tdc' && (op.kind === 'event' || op.kind === 'cumevent')) throw new UsageError(`tmerge: attempt to turn time-dependent covariate ${op.name} into an event (give the event another name)`);

  // 1. subjects of the records; missing ids are an error, unknown ids are counted
  const index = new Map<TmergeId, number>();
  data.ids.forEach((id, s) => index.set(id, s));
  const recSubjectAll = new Int32Array(n);
  const keep = new Uint8Array(n);
  let missid = 0;
  const issues: RecordIssue[] = [];
  let lastId: TmergeId | undefined;
  let lastSubject = -1;
  for (let i = 0; i < n; i++) {
    const id = op.id[i];
    if (isMissingId(id)) {
      if (issues.length < MAX_ISSUES) issues.push({ file, row: i + 1, field: `${op.name}.id`, message: `tmerge ${op.name}: id variable cannot have missing values` });
      continue;
    }
    let s: number;
    if (id === lastId) s = lastSubject;
    else {
      s = index.get(id as TmergeId) ?? -1;
      lastId = id as TmergeId;
      lastSubject = s;
    }
    if (s < 0) {
      missid++;
      continue;
    }
    recSubjectAll[i] = s;
    const t = op.time[i] as number;
    if (Number.isNaN(t)) continue;
    if (value && naRm && isNa(value[i])) continue;
    keep[i] = 1;
  }
  if (issues.length) throw new DataValidationError(issues);

  // 2. delay (tdc, cumtdc): records after the subject's first start move later
  let time: ArrayLike<number> = op.time;
  if (delay > 0 && (op.kind === 'tdc' || op.kind === 'cumtdc')) {
    const shifted = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const t = op.time[i] as number;
      if (!keep[i]) {
        shifted[i] = t;
        continue;
      }
      const first = data.tstart[data.offsets[recSubjectAll[i] as number] as number] as number;
      shifted[i] = t <= first ? t : t + delay;
    }
    time = shifted;
  }

  // 3. sort by subject, then time (stable)
  const order = groupOrder(recSubjectAll, data.ids.length, time, keep).index;
  const m = order.length;
  const recSubject = new Int32Array(m);
  const recTime = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const i = order[k] as number;
    recSubject[k] = recSubjectAll[i] as number;
    recTime[k] = time[i] as number;
  }

  // 4. classify (counts), split at times inside rows, classify again
  const first = classify(data, recSubject, recTime);
  const counts: TmergeCounts = { name: op.name, early: 0, late: 0, gap: 0, within: 0, boundary: 0, leading: 0, trailing: 0, tied: 0, missid };
  for (let k = 0; k < m; k++) {
    switch (first.cls[k]) {
      case EARLY: counts.early++; break;
      case LATE: counts.late++; break;
      case GAP: counts.gap++; break;
      case WITHIN: counts.within++; break;
      case BOUNDARY: counts.boundary++; break;
      case LEADING: counts.leading++; break;
      case TRAILING: counts.trailing++; break;
    }
    if (k > 0 && recSubject[k] === recSubject[k - 1] && recTime[k] === recTime[k - 1]) counts.tied++;
  }
  let rows = data;
  let after = first.after;
  if (counts.within > 0) {
    rows = splitRows(data, first.cls, first.prior, recTime);
    after = classify(rows, recSubject, recTime).after;
  }
  const nrow = rows.tstart.length;
  // the variable of the same name on the (possibly split) rows
  const existing = rows.variables.find((v) => v.name === op.name);
  const val = (k: number): number | string | null => (value ? (value[order[k] as number] ?? null) : 1);

  let values: TmergeColumn;
  let kind: 'tdc' | 'event';
  switch (op.kind) {
    case 'tdc': {
      kind = 'tdc';
      // last record at or before each row's start (0-based record, -1 when none)
      const idx = lastRecordAtStart(rows, recSubject, recTime);
      if (existing) {
        values = cloneColumn(existing.values);
        if (!value) {
          if (!(values instanceof Float64Array) || values.some((v) => !Number.isNaN(v) && v !== 0 && v !== 1)) throw new UsageError(`tmerge: tdc update does not match prior variable type: ${op.name}`);
          for (let r = 0; r < nrow; r++) if ((idx[r] as number) >= 0) values[r] = 1;
        } else {
          if ((values instanceof Float64Array) !== (vtype === 'number')) throw new UsageError(`tmerge: tdc update does not match prior variable type: ${op.name}`);
          for (let r = 0; r < nrow; r++) {
            const k = idx[r] as number;
            if (k >= 0) setValue(values, r, val(k));
          }
        }
      } else if (!value) {
        const v = new Float64Array(nrow);
        for (let r = 0; r < nrow; r++) v[r] = (idx[r] as number) >= 0 ? 1 : 0;
        values = v;
      } else {
        const init = op.init === undefined ? tdcstart : op.init;
        values = vtype === 'number' ? new Float64Array(nrow) : new Array<string | null>(nrow).fill(null);
        const initValue = vtype === 'number' ? (typeof init === 'number' ? init : init === null ? NaN : Number(init)) : init === null ? null : String(init);
        for (let r = 0; r < nrow; r++) {
          const k = idx[r] as number;
          setValue(values, r, k >= 0 ? val(k) : initValue);
        }
      }
      break;
    }
    case 'cumtdc': {
      kind = 'tdc';
      let v: Float64Array;
      if (existing) {
        if (!(existing.values instanceof Float64Array)) throw new UsageError(`tmerge ${op.name}: data and starting value do not agree on data type`);
        v = Float64Array.from(existing.values);
      } else if (!value) v = new Float64Array(nrow);
      else {
        const init = op.init === undefined ? tdcstart : op.init;
        if (op.init !== undefined && op.init !== null && typeof op.init !== 'number') throw new UsageError(`tmerge ${op.name}: cumtdc initial value must be numeric`);
        v = new Float64Array(nrow).fill(typeof init === 'number' ? init : NaN);
      }
      // running sum of the increments at or before each row's start
      let k = 0;
      for (let s = 0; s < rows.ids.length; s++) {
        while (k < m && (recSubject[k] as number) < s) k++;
        let csum = 0;
        let hasOne = false;
        for (let r = rows.offsets[s] as number; r < (rows.offsets[s + 1] as number); r++) {
          const start = rows.tstart[r] as number;
          for (; k < m && recSubject[k] === s && (recTime[k] as number) <= start; k++) {
            csum += val(k) as number;
            hasOne = true;
          }
          if (hasOne) v[r] = Number.isNaN(v[r] as number) ? csum : (v[r] as number) + csum;
        }
      }
      values = v;
      break;
    }
    case 'event':
    case 'cumevent': {
      kind = 'event';
      if (existing) {
        if ((existing.values instanceof Float64Array) !== (vtype === 'number')) throw new UsageError(`tmerge: attempt to update an event variable with a different type: ${op.name}`);
        values = cloneColumn(existing.values);
      } else values = vtype === 'number' ? new Float64Array(nrow) : new Array<string | null>(nrow).fill('');
      if (op.kind === 'event') {
        for (let k = 0; k < m; k++) {
          const c = first.cls[k];
          if (c === BOUNDARY || c === WITHIN || c === TRAILING) setValue(values, after[k] as number, val(k));
        }
      } else {
        let csum = 0;
        for (let k = 0; k < m; k++) {
          if (k === 0 || recSubject[k] !== recSubject[k - 1]) csum = 0;
          const inc = val(k) as number;
          csum += inc;
          const c = first.cls[k];
          if ((c === BOUNDARY || c === WITHIN || c === TRAILING) && inc !== 0) setValue(values, after[k] as number, csum);
        }
      }
      break;
    }
    default:
      throw new UsageError(`tmerge ${op.name}: unknown kind ${String((op as { kind: unknown }).kind)}`);
  }
  const variables = rows.variables.filter((v) => v.name !== op.name);
  const at = rows.variables.findIndex((v) => v.name === op.name);
  const created: TmergeVariable = { name: op.name, kind, values };
  if (at >= 0) variables.splice(at, 0, created);
  else variables.push(created);
  return { ...rows, variables, counts: [...rows.counts, counts] };
}

function cloneColumn(c: TmergeColumn): TmergeColumn {
  return c instanceof Float64Array ? Float64Array.from(c) : [...c];
}

function setValue(values: TmergeColumn, r: number, v: number | string | null): void {
  if (values instanceof Float64Array) values[r] = v === null ? NaN : (v as number);
  else values[r] = v === null ? null : (v as string);
}

/** For each row, the sorted record index of the last record of its subject with time <= the row's start, or -1 (R's tmerge2). */
function lastRecordAtStart(rows: TmergeData, recSubject: Int32Array, recTime: Float64Array): Int32Array {
  const nrow = rows.tstart.length;
  const m = recTime.length;
  const idx = new Int32Array(nrow).fill(-1);
  let k = 0;
  for (let s = 0; s < rows.ids.length; s++) {
    while (k < m && (recSubject[k] as number) < s) k++;
    let lastK = -1;
    for (let r = rows.offsets[s] as number; r < (rows.offsets[s + 1] as number); r++) {
      const start = rows.tstart[r] as number;
      for (; k < m && recSubject[k] === s && (recTime[k] as number) <= start; k++) lastK = k;
      idx[r] = lastK;
    }
  }
  return idx;
}

/** Names of the columns {@link tmergeColumns} writes. */
export interface TmergeColumnNames {
  /** Column of the subject id (default none: the base columns usually carry it). */
  id?: string;
  /** Default `tstart`. */
  tstart?: string;
  /** Default `tstop`. */
  tstop?: string;
}

/**
 * The rows as a column table: the base's columns carried to every piece of
 * their row (`baseRow`), then the id (when named), `tstart`, `tstop` and the
 * variables in order of creation. A variable replaces a base column of the
 * same name (as R's tmerge replaces a variable of `data1`).
 * @example tmergeColumns(d, { age: Float64Array.of(61) }) // => { age, tstart, tstop, x }
 */
export function tmergeColumns(data: TmergeData, base: Readonly<Record<string, TmergeValues>> = {}, names: TmergeColumnNames = {}): Record<string, TmergeColumn> {
  const out: Record<string, TmergeColumn> = {};
  const replaced = new Set([names.tstart ?? 'tstart', names.tstop ?? 'tstop', ...(names.id ? [names.id] : []), ...data.variables.map((v) => v.name)]);
  for (const [name, col] of Object.entries(base)) if (!replaced.has(name)) out[name] = gather(col, data.baseRow);
  if (names.id) {
    const ids = data.ids;
    if (ids.length && typeof ids[0] === 'number') out[names.id] = Float64Array.from(data.subject, (s) => ids[s] as number);
    else out[names.id] = Array.from(data.subject, (s) => String(ids[s]));
  }
  out[names.tstart ?? 'tstart'] = data.tstart;
  out[names.tstop ?? 'tstop'] = data.tstop;
  for (const v of data.variables) out[v.name] = v.values;
  return out;
}

/** Subject id of every row (convenience for tests and small data). */
export function tmergeRowIds(data: TmergeData): TmergeId[] {
  return Array.from(data.subject, (s) => data.ids[s] as TmergeId);
}
