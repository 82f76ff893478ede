/**
 * Input checking and the one-time sort/pack step of the Cox fit: rows are
 * ordered by stratum, then stop time descending, covariates are centred,
 * scaled (as R's `coxfit6`/`agfit4`) and packed row-major for cache locality.
 * Counting-process data also get a second index ordered by start time
 * descending within stratum (R's `agreg.fit` `sort.start`).
 *
 * Reference: Therneau T. survival 3.5-3, `R/coxph.fit.R`, `R/agreg.fit.R`,
 * `src/coxfit6.c`, `src/agfit4.c`.
 */
import { DataValidationError, UsageError } from '../../../util/errors.js';
import type { RecordIssue } from '../../../util/errors.js';
import { survivalOrder } from './cox-sort.js';

/** Numeric input of {@link coxFit}: typed arrays only, all of length n. */
export interface CoxInput {
  /** Covariates, column-major: one array of length n per column. May be empty (null model). */
  x: readonly Float64Array[];
  /** Event or censoring time (the stop time for counting-process data). */
  time: Float64Array;
  /** Event indicator: 1 (or any value > 0) = event, 0 = censored. */
  status: Float64Array;
  /** Start times of counting-process `(start, stop]` intervals. */
  start?: Float64Array | null;
  /** Stratum index per row (any integers; separate risk sets). */
  strata?: Int32Array | null;
  /** Case weights (> 0). Default 1. */
  weights?: Float64Array | null;
  /** Offset added to the linear predictor. Default 0. */
  offset?: Float64Array | null;
  /** Cluster index per row, for the robust variance. */
  cluster?: Int32Array | null;
}

/** Sorted, packed data shared by every pass of the fit. Internal to the Cox core. */
export interface CoxSortedData {
  n: number;
  p: number;
  /** Row-major `n × p` covariates, centred by `center` and multiplied by `scale`, in stop order. */
  x: Float64Array;
  stop: Float64Array;
  /** Start times in stop order, or null for right-censored data. */
  start: Float64Array | null;
  /** 1 = event. */
  event: Uint8Array;
  weight: Float64Array;
  offset: Float64Array;
  /** Original row of each sorted position. */
  order: Int32Array;
  /** Sorted positions where each stratum begins; last entry = n. */
  strataBounds: Int32Array;
  /** Sorted positions (stop order) ordered by start descending within stratum, or null. */
  byStart: Int32Array | null;
  /** Value subtracted from each column before scaling. */
  center: Float64Array;
  /** Factor applied to each centred column. */
  scale: Float64Array;
  /** True for columns that R treats as indicators (values in `nocenter`). */
  zeroOne: Uint8Array;
  nEvent: number;
}

const MEMORY = '<memory>';

function issue(row: number, field: string, message: string, value?: unknown): RecordIssue {
  const r: RecordIssue = { file: MEMORY, row: row + 1, field, message };
  if (value !== undefined) r.value = value;
  return r;
}

/** True when the first n values sum to a finite number (NaN and ±Inf propagate). */
function finiteSum(a: Float64Array, n: number): boolean {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]!;
  return s - s === 0; // false for NaN and ±Inf (no property lookup after the loop: cheaper to optimize)
}

/** True when every weight is > 0. */
function allPositive(w: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!(w[i]! > 0)) return false;
  return true;
}

/** True when start < stop on every row. */
function allBefore(start: Float64Array, stop: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!(start[i]! < stop[i]!)) return false;
  return true;
}

/**
 * Fast validity check: true when every value is finite, weights are > 0 and
 * start < stop. A finite sum proves a column finite (NaN and ±Inf propagate);
 * an overflowing sum only sends the caller to the exact scan. (Small
 * top-level loops: each is optimized on its own, see cox-pass.ts.)
 */
function quickValid(input: CoxInput): boolean {
  const { time, status } = input;
  const n = time.length;
  if (!finiteSum(time, n) || !finiteSum(status, n)) return false;
  for (const col of input.x) if (!finiteSum(col, n)) return false;
  if (input.offset && !finiteSum(input.offset, n)) return false;
  const w = input.weights;
  if (w && (!finiteSum(w, n) || !allPositive(w, n))) return false;
  const start = input.start;
  if (start && (!finiteSum(start, n) || !allBefore(start, time, n))) return false;
  return true;
}

/** True when every value of the column is one of the `nocenter` values (R's indicator rule). */
function isIndicator(col: Float64Array, n: number, nc: Float64Array): boolean {
  if (nc.length === 0) return false;
  for (let i = 0; i < n; i++) {
    const v = col[i]!;
    let hit = false;
    for (let q = 0; q < nc.length && !hit; q++) if (v === nc[q]) hit = true;
    if (!hit) return false;
  }
  return true;
}

/** Weighted mean and sum of weighted absolute deviations of a column (w null: all 1). */
function centreAndSpread(col: Float64Array, n: number, w: Float64Array | null, wsum: number, out: Float64Array): void {
  let m = 0;
  let s = 0;
  if (w) {
    for (let i = 0; i < n; i++) m += w[i]! * col[i]!;
    m /= wsum;
    for (let i = 0; i < n; i++) s += w[i]! * Math.abs(col[i]! - m);
  } else {
    for (let i = 0; i < n; i++) m += col[i]!;
    m /= wsum;
    for (let i = 0; i < n; i++) s += Math.abs(col[i]! - m);
  }
  out[0] = m;
  out[1] = s;
}

/** Centred, scaled rows, row-major in sorted order (each input row scattered once). */
function packRows(cols: readonly Float64Array[], pos: Int32Array, center: Float64Array, scale: Float64Array, n: number, p: number): Float64Array {
  const x = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    const col = cols[j]!;
    const c = center[j]!;
    const f = scale[j]!;
    for (let i = 0; i < n; i++) x[pos[i]! * p + j] = (col[i]! - c) * f;
  }
  return x;
}

/** Scatter a column to sorted positions. */
function scatter(src: Float64Array, pos: Int32Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[pos[i]!] = src[i]!;
}

/** Exact scan naming the first (up to 20) invalid values by row and field. */
function findIssues(input: CoxInput): RecordIssue[] {
  const issues: RecordIssue[] = [];
  const { time, status } = input;
  const n = time.length;
  const p = input.x.length;
  const start = input.start ?? null;
  const w = input.weights ?? null;
  const off = input.offset ?? null;
  for (let i = 0; i < n && issues.length < 20; i++) {
    if (!Number.isFinite(time[i]!)) issues.push(issue(i, 'time', `time is not finite: ${time[i]}`, time[i]));
    if (!Number.isFinite(status[i]!)) issues.push(issue(i, 'status', `status is not finite: ${status[i]}`, status[i]));
    if (start) {
      if (!Number.isFinite(start[i]!)) issues.push(issue(i, 'start', `start is not finite: ${start[i]}`, start[i]));
      else if (!(start[i]! < time[i]!))
        issues.push(issue(i, 'start', `start time ${start[i]} is not before stop time ${time[i]}`, start[i]));
    }
    if (w && !(w[i]! > 0 && Number.isFinite(w[i]!)))
      issues.push(issue(i, 'weights', `Invalid weight ${w[i]}: weights must be finite and > 0`, w[i]));
    if (off && !Number.isFinite(off[i]!)) issues.push(issue(i, 'offset', `offset is not finite: ${off[i]}`, off[i]));
    for (let j = 0; j < p; j++) {
      const v = input.x[j]![i]!;
      if (!Number.isFinite(v)) issues.push(issue(i, `x[${j}]`, `covariate is not finite: ${v}`, v));
    }
  }
  return issues;
}

/**
 * Validate the input and build the sorted, packed representation.
 *
 * @param input numeric arrays.
 * @param nocenter values marking indicator columns that are not centred/scaled.
 * @throws UsageError on length mismatches; DataValidationError naming the row for
 *   non-finite values, non-positive weights, or `start >= stop`.
 */
export function prepareCoxData(input: CoxInput, nocenter: readonly number[]): CoxSortedData {
  const n = input.time.length;
  const p = input.x.length;
  const check = (name: string, a: { length: number } | null | undefined) => {
    if (a && a.length !== n) throw new UsageError(`${name} has length ${a.length}, expected ${n}`);
  };
  check('status', input.status);
  input.x.forEach((c, j) => check(`x[${j}]`, c));
  check('start', input.start);
  check('strata', input.strata);
  check('weights', input.weights);
  check('offset', input.offset);
  check('cluster', input.cluster);
  if (n === 0) throw new UsageError('No (non-missing) observations');

  const { time, status } = input;
  const start = input.start ?? null;
  const w = input.weights ?? null;
  const off = input.offset ?? null;
  if (!quickValid(input)) {
    const issues = findIssues(input);
    if (issues.length) throw new DataValidationError(issues);
  }

  // Sort: stratum ascending, stop descending (tied times are processed as a group,
  // so their order does not matter; the radix sort keeps input order).
  const strata = input.strata ?? null;
  const order = survivalOrder(time, strata);
  const pos = new Int32Array(n);
  for (let k = 0; k < n; k++) pos[order[k]!] = k;

  // Scatter every row to its sorted position: the input is read sequentially and
  // each row is written once (cheaper than gathering through the order).
  const stop = new Float64Array(n);
  const event = new Uint8Array(n);
  const weight = new Float64Array(n);
  const offset = new Float64Array(n);
  const sStart = start ? new Float64Array(n) : null;
  scatter(time, pos, stop, n);
  let nEvent = 0;
  for (let i = 0; i < n; i++) {
    const e = status[i]! > 0 ? 1 : 0;
    event[pos[i]!] = e;
    nEvent += e;
  }
  if (w) scatter(w, pos, weight, n);
  else weight.fill(1);
  if (off) scatter(off, pos, offset, n);
  if (sStart) scatter(start!, pos, sStart, n);
  const bounds: number[] = [0];
  if (strata) {
    for (let k = 1; k < n; k++) if (strata[order[k]!] !== strata[order[k - 1]!]) bounds.push(k);
  }
  bounds.push(n);

  // Centre (weighted overall mean) and scale (sum w / sum w|x - m|) as coxfit6;
  // indicator columns (values in nocenter) are left alone, as R.
  const center = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  const zeroOne = new Uint8Array(p);
  let wsum = n;
  if (w) {
    wsum = 0;
    for (let i = 0; i < n; i++) wsum += w[i]!;
  }
  const nc = Float64Array.from(nocenter);
  const ms = new Float64Array(2);
  for (let j = 0; j < p; j++) {
    const col = input.x[j]!;
    const isZeroOne = isIndicator(col, n, nc);
    zeroOne[j] = isZeroOne ? 1 : 0;
    if (!isZeroOne) {
      centreAndSpread(col, n, w, wsum, ms);
      center[j] = ms[0]!;
      scale[j] = ms[1]! > 0 ? wsum / ms[1]! : 1;
    }
  }
  // Centred, scaled rows, row-major in sorted order.
  const x = packRows(input.x, pos, center, scale, n, p);

  let byStart: Int32Array | null = null;
  if (start) {
    // Positions (stop order) ordered by stratum, then start descending.
    const os = survivalOrder(start, strata);
    byStart = new Int32Array(n);
    for (let k = 0; k < n; k++) byStart[k] = pos[os[k]!]!;
  }
  return {
    n,
    p,
    x,
    stop,
    start: sStart,
    event,
    weight,
    offset,
    order,
    strataBounds: Int32Array.from(bounds),
    byStart,
    center,
    scale,
    zeroOne,
    nEvent,
  };
}
