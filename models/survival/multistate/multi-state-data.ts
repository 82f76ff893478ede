/**
 * Input handling of multi-state survival data, as R survival 3.5-3 reads
 * `Surv(start, stop, state)` with `id` (and optionally `istate`): one row per
 * patient and interval `(start, stop]`, `state` the state entered at `stop`
 * (empty, missing or a censoring label for none), the rows of one patient
 * contiguous in time. This file checks the rows, orders the states, derives
 * the state each row is spent in, and packs typed arrays for the numeric
 * cores (aalen-johansen-fit.ts, the multi-state Cox model); it does no
 * statistics.
 *
 * Rules (docs/multi-state.md "Data"):
 * - States: without `istate` every patient starts in `(s0)`; the states are
 *   `(s0)` first, then the states entered at `stop` in code-point order of
 *   their labels (R: a factor whose first level is the censoring level, the
 *   other levels sorted). With `istate`, the states are the `istate` values
 *   that are never entered at `stop` (code-point order), then the entered ones.
 * - A numeric state column codes 0 as censored and other values as states
 *   labelled by their number (R would need a factor).
 * - Errors (DataValidationError naming file, row and field, and the patient
 *   unless `nameIds` is false): missing start, stop, state or id; `stop <= start`;
 *   overlapping intervals of one patient; a gap between them (R: survcheck's
 *   "gap" flag, which stops survfit); a row spent in an absorbing state (a
 *   transition out of death: `absorbing`, default states named `death` or
 *   `dead`); an `istate` that contradicts the patient's previous row (R's
 *   "jump" and "teleport" flags); a grouping value that changes within a
 *   patient.
 * - A censored row that is neither a patient's first nor last row is merged
 *   into the next row (R's survfitCI does this: such a row only splits an
 *   interval, e.g. at a covariate change), so its stop time is no time point
 *   of the curves unless another row ends there.
 *
 * Not done (documented): case weights, R's `timefix` (merging of times that
 * differ by floating-point noise only), left-censored or interval data.
 *
 * Reference: R survival 3.5-3 `survcheck2`, `survflag`, `survfitCI`
 * (R/survfitCI.R); Therneau, Crowson & Atkinson, vignette "Multi-state models
 * and competing risks".
 */
import { compareCodePoints } from '../../design/model-frame.js';
import type { Column, ColumnTable } from '../../design/types.js';
import { DataValidationError, UnknownColumnError, UsageError, type RecordIssue } from '../../../util/errors.js';

/** The label of the common initial state when no `istate` is given (R's `istate0`). */
export const INITIAL_STATE = '(s0)';

/** State labels that mean "no transition" besides an empty or missing value (default). */
export const DEFAULT_CENSOR_LABELS: readonly string[] = Object.freeze(['censor']);

/** States nobody may leave (compared case-insensitively; default). */
export const DEFAULT_ABSORBING_STATES: readonly string[] = Object.freeze(['death', 'dead']);

/** File name reported for in-process data (the CLI replaces it by the --data file). */
const IN_PROCESS_FILE = '<memory>';

/** Column names and rules for {@link readMultiStateRows}. */
export interface MultiStateColumns {
  /** Start of each interval (omit for `Surv(time, state)`: everyone at risk from before the first time). */
  start?: string;
  /** End of each interval (the time of `state`). */
  stop: string;
  /** State entered at `stop`. */
  state: string;
  /** Patient identifier (required with `start`; default for `Surv(time, state)`: one patient per row). */
  id?: string;
  /** State occupied during each row (R's `istate`); default: everyone starts in `(s0)`. */
  istate?: string;
  /** Labels meaning censored besides empty / missing (default `['censor']`). */
  censor?: readonly string[];
  /** States nobody may leave (default `['death', 'dead']`, case-insensitive; `[]` for none). */
  absorbing?: readonly string[];
  /** File named in errors (default `<memory>`). */
  file?: string;
  /** Name the patient's id in errors (default true; false under disclosure control). */
  nameIds?: boolean;
  /**
   * Merge a censored row that is neither the patient's first nor last into
   * the next row (default true, as R's survfit; false for the Cox model,
   * whose rows may carry different covariates).
   */
  mergeSplitRows?: boolean;
}

/** Validated multi-state rows, in patient order and time order within a patient. */
export interface MultiStateRows {
  /** State labels; index k is state code k (0-based). */
  states: string[];
  /** Number of rows (after merging split censored intervals, unless `mergeSplitRows` is false). */
  nRows: number;
  /** Per row: interval start (entry). */
  entry: Float64Array;
  /** Per row: interval end. */
  exit: Float64Array;
  /** Per row: state entered at exit as 1-based state code, 0 = none (censored). */
  status: Int32Array;
  /** Per row: the state occupied during the row (0-based code). */
  current: Int32Array;
  /** Per row: patient index (0-based, order of first appearance). */
  subject: Int32Array;
  /** Per row: the data row (0-based) of its last piece (the row whose stop and state it has). */
  dataRow: Int32Array;
  /** Number of patients. */
  nSubjects: number;
  /** Per patient: the id as text. */
  ids: string[];
  /** Per patient: the state of its first row (0-based code). */
  initialState: Int32Array;
  /**
   * Observed transitions with at least one event, ordered as R orders them
   * (by the state entered, then by the state left): from and to codes and
   * the number of events.
   */
  transitions: { from: number; to: number; events: number }[];
}

const isNumeric = (c: Column): c is Float64Array => c instanceof Float64Array;

/** Text of an id value (numbers as R prints them: 1, 2.5). */
function idText(col: Column, i: number): string | null {
  if (isNumeric(col)) {
    const v = col[i]!;
    return Number.isNaN(v) ? null : String(v);
  }
  const v = col[i];
  return v === null || v === undefined || v === '' ? null : v;
}

/**
 * Reads, checks and orders multi-state rows (see the file comment for the rules).
 *
 * @param data columns by name
 * @param columns column names and rules
 * @param rows 0-based data rows to use (default all), e.g. the rows a model frame kept
 * @param group per used row, a group code that must be constant within a patient (default none)
 * @returns the validated rows; nothing in `data` is modified
 * @throws UnknownColumnError for a missing column; UsageError for a wrongly typed column;
 *   DataValidationError listing every bad row (file, 1-based row, field, patient)
 * @example readMultiStateRows({ start, stop, state, id }, { start: 'start', stop: 'stop', state: 'state', id: 'id' }).states // => ['(s0)', 'death', 'recurrence']
 */
export function readMultiStateRows(
  data: ColumnTable,
  columns: MultiStateColumns,
  rows?: ArrayLike<number>,
  group?: ArrayLike<number>,
): MultiStateRows {
  const file = columns.file ?? IN_PROCESS_FILE;
  const nameIds = columns.nameIds ?? true;
  const col = (name: string): Column => {
    if (!Object.prototype.hasOwnProperty.call(data, name)) throw new UnknownColumnError(name, Object.keys(data));
    return data[name]!;
  };
  const numeric = (name: string, role: string): Float64Array => {
    const c = col(name);
    if (!isNumeric(c)) throw new UsageError(`${role} column '${name}' must be numeric`);
    return c;
  };
  const stopCol = numeric(columns.stop, columns.start ? 'The stop' : 'The time');
  const startCol = columns.start ? numeric(columns.start, 'The start') : null;
  const stateCol = col(columns.state);
  const idCol = columns.id ? col(columns.id) : null;
  if (startCol && !idCol) throw new UsageError('Multi-state (start, stop] data need an id column (R: "an id statement is required for start,stop data")');
  const istateCol = columns.istate ? col(columns.istate) : null;
  const censorSet = new Set(columns.censor ?? DEFAULT_CENSOR_LABELS);
  const absorbing = new Set((columns.absorbing ?? DEFAULT_ABSORBING_STATES).map((s) => s.toLowerCase()));
  const used = rows ? Int32Array.from(rows as ArrayLike<number>) : Int32Array.from({ length: stopCol.length }, (_, i) => i);
  const m = used.length;

  const issues: RecordIssue[] = [];
  const who = (id: string | null): string => (nameIds && id !== null ? ` (patient ${id})` : '');
  const issue = (r: number, field: string | null, message: string, value?: unknown): void => {
    issues.push({ file, row: r + 1, field, message, ...(value !== undefined ? { value } : {}) });
  };

  // Row values.
  const stateLabel: (string | null)[] = new Array(m);
  const idOf: string[] = new Array(m);
  const istateOf: (string | null)[] = new Array(m);
  for (let k = 0; k < m; k++) {
    const r = used[k]!;
    const id = idCol ? idText(idCol, r) : String(r + 1);
    if (id === null) issue(r, columns.id ?? null, 'missing patient id');
    idOf[k] = id ?? '';
    const b = stopCol[r]!;
    if (!Number.isFinite(b)) issue(r, columns.stop, `missing or infinite ${columns.start ? 'stop' : 'time'}${who(id)}`, b);
    if (startCol) {
      const a = startCol[r]!;
      if (!Number.isFinite(a)) issue(r, columns.start!, `missing or infinite start${who(id)}`, a);
      else if (Number.isFinite(b) && !(b > a)) issue(r, columns.stop, `stop time ${b} must be greater than start time ${a}${who(id)}`, b);
    }
    let label: string | null;
    if (isNumeric(stateCol)) {
      const v = stateCol[r]!;
      if (Number.isNaN(v)) {
        issue(r, columns.state, `missing state${who(id)}: write 0 (numeric) or leave it empty (text) for no transition`);
        label = null;
      } else label = v === 0 ? null : String(v);
    } else {
      const v = stateCol[r];
      label = v === null || v === undefined || v === '' || censorSet.has(v) ? null : v;
    }
    if (label === INITIAL_STATE && !istateCol) issue(r, columns.state, `the state label ${INITIAL_STATE} is reserved for the initial state${who(id)}`, label);
    stateLabel[k] = label;
    if (istateCol) {
      const s = isNumeric(istateCol) ? (Number.isNaN(istateCol[r]!) ? null : String(istateCol[r]!)) : (istateCol[r] ?? null);
      if (s === null || s === '') issue(r, columns.istate!, `missing initial state (istate)${who(id)}`);
      istateOf[k] = s === '' ? null : s;
    }
  }
  if (issues.length) throw new DataValidationError(issues);

  // States: istate-only values, then entered states, each in code-point order.
  const entered = [...new Set(stateLabel.filter((s): s is string => s !== null))].sort(compareCodePoints);
  const enteredSet = new Set(entered);
  const initialOnly = istateCol ? [...new Set(istateOf.filter((s): s is string => s !== null && !enteredSet.has(s)))].sort(compareCodePoints) : [INITIAL_STATE];
  const states = [...initialOnly, ...entered];
  const code = new Map(states.map((s, i) => [s, i]));

  // Patients in order of first appearance; rows by (stop, start) within a patient.
  const subjectIndex = new Map<string, number>();
  const byPatient: number[][] = [];
  for (let k = 0; k < m; k++) {
    let s = subjectIndex.get(idOf[k]!);
    if (s === undefined) {
      s = byPatient.length;
      subjectIndex.set(idOf[k]!, s);
      byPatient.push([]);
    }
    byPatient[s]!.push(k);
  }
  const startOf = (k: number): number => (startCol ? startCol[used[k]!]! : -Infinity);
  const stopOf = (k: number): number => stopCol[used[k]!]!;
  for (const list of byPatient) list.sort((a, b) => stopOf(a) - stopOf(b) || startOf(a) - startOf(b));

  // Current state per row, with the checks that need the patient's history.
  const currentOf = new Int32Array(m);
  const statusOf = new Int32Array(m);
  for (let k = 0; k < m; k++) statusOf[k] = stateLabel[k] === null ? 0 : code.get(stateLabel[k]!)! + 1;
  const isAbsorbing = (c: number): boolean => absorbing.has(states[c]!.toLowerCase());
  for (const list of byPatient) {
    const first = list[0]!;
    let cur = istateCol ? code.get(istateOf[first]!)! : 0;
    let prev = -1;
    let enteredAt = -1; // the row that entered the current state
    for (const k of list) {
      const r = used[k]!;
      const id = idOf[k]!;
      if (prev >= 0) {
        const gap = startOf(k) - stopOf(prev);
        if (gap < 0) {
          issue(r, columns.start ?? columns.stop, `interval (${startOf(k)}, ${stopOf(k)}] overlaps the patient's interval (${startOf(prev)}, ${stopOf(prev)}] on row ${used[prev]! + 1}${who(id)}`);
        } else if (gap > 0) {
          issue(r, columns.start!, `gap in follow-up: the interval starts at ${startOf(k)} but the patient's previous interval (row ${used[prev]! + 1}) ended at ${stopOf(prev)}${who(id)}`);
        }
        if (statusOf[prev]! > 0) {
          cur = statusOf[prev]! - 1;
          enteredAt = prev;
        }
        if (istateCol) {
          const given = code.get(istateOf[k]!)!;
          if (given !== cur) {
            issue(r, columns.istate!, `initial state ${istateOf[k]} contradicts the patient's previous row ${used[prev]! + 1}, after which the patient is in state ${states[cur]}${who(id)}`, istateOf[k]);
          }
        }
        if (isAbsorbing(cur)) {
          issue(
            r,
            columns.state,
            `impossible state sequence: a row after the absorbing state ${states[cur]} (entered on row ${used[enteredAt >= 0 ? enteredAt : prev]! + 1}); nobody leaves ${states[cur]}${who(id)}`,
            stateLabel[k] ?? undefined,
          );
        }
      } else if (isAbsorbing(cur)) {
        issue(r, columns.istate ?? columns.state, `the patient starts in the absorbing state ${states[cur]}${who(id)}`);
      }
      if (group && group[k] !== group[first]) {
        issue(r, null, `the grouping value changes within the patient (row ${used[first]! + 1} is in another group)${who(id)}`);
      }
      currentOf[k] = cur;
      prev = k;
    }
  }
  if (issues.length) throw new DataValidationError(issues);

  // Merge censored rows that are neither first nor last of a patient into the next row.
  const merge = columns.mergeSplitRows ?? true;
  const keep: number[] = [];
  const mergedEntry: number[] = [];
  for (const list of byPatient) {
    let pendingEntry: number | null = null;
    for (let j = 0; j < list.length; j++) {
      const k = list[j]!;
      const middle = merge && j > 0 && j < list.length - 1;
      if (middle && statusOf[k] === 0) {
        if (pendingEntry === null) pendingEntry = startOf(k);
        continue;
      }
      keep.push(k);
      mergedEntry.push(pendingEntry ?? startOf(k));
      pendingEntry = null;
    }
  }
  const n = keep.length;
  const entry = new Float64Array(n);
  const exit = new Float64Array(n);
  const status = new Int32Array(n);
  const current = new Int32Array(n);
  const subject = new Int32Array(n);
  const dataRow = new Int32Array(n);
  let minTime = Infinity;
  for (let j = 0; j < n; j++) {
    const k = keep[j]!;
    exit[j] = stopOf(k);
    if (exit[j]! < minTime) minTime = exit[j]!;
  }
  // Surv(time, state): everyone at risk from before the first time (R: entry = min(0, time) - 1).
  const noStartEntry = Math.min(0, minTime) - 1;
  for (let j = 0; j < n; j++) {
    const k = keep[j]!;
    entry[j] = startCol ? mergedEntry[j]! : noStartEntry;
    status[j] = statusOf[k]!;
    current[j] = currentOf[k]!;
    subject[j] = subjectIndex.get(idOf[k]!)!;
    dataRow[j] = used[k]!;
  }
  const initialState = new Int32Array(byPatient.length);
  byPatient.forEach((list, s) => (initialState[s] = currentOf[list[0]!]!));

  // Transitions with events, ordered by the state entered, then the state left (R's order).
  const counts = new Map<number, number>();
  const ns = states.length;
  for (let j = 0; j < n; j++) {
    const to = status[j]! - 1;
    if (to < 0 || to === current[j]) continue;
    const key = to * ns + current[j]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const transitions = [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([key, events]) => ({ from: key % ns, to: Math.floor(key / ns), events }));

  return { states, nRows: n, entry, exit, status, current, subject, dataRow, nSubjects: byPatient.length, ids: [...subjectIndex.keys()], initialState, transitions };
}
