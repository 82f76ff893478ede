/**
 * Input checking and the one-time preparation of the penalized Cox fit:
 * weights normalized to sum 1 (glmnet's `ww = w / sum(w)`), columns centred
 * and scaled with those weights (glmnet's `cstandard`: divisor sum(w), i.e.
 * 1/n for unit weights), constant columns flagged (glmnet's `chkvars`), rows
 * sorted by time and the Breslow risk-set structure built once (glmnet's
 * `groups` and `died`).
 *
 * Risk sets: a row with time y is at risk at every event time t <= y, so a
 * row censored at an event time is in that risk set (glmnet intends this by
 * adding 100 * .Machine$double.eps to censored times; for times above ~0.1
 * that shift vanishes in double precision and glmnet's result then depends
 * on its sort's order among ties: we always use the intended rule).
 * Rows censored before the first event time belong to no risk set.
 *
 * Reference: glmnet 4.1-6 `inst/mortran/coxnet5dpclean.m` (`coxnet`,
 * `cstandard`, `chkvars`, `groups`, `died`), `R/coxnet.R`.
 */
import { DataValidationError, ModelError, UsageError } from '../../util/errors.js';
import type { RecordIssue } from '../../util/errors.js';
import { argsortFloat64 } from '../survival/survival-utils.js';

/** Numeric input of the penalized Cox fit: typed arrays only, all of length n. */
export interface CoxnetInput {
  /** Covariates, column-major: one Float64Array of length n per column (no missing values). */
  x: readonly Float64Array[];
  /** Follow-up time (> 0). */
  time: Float64Array;
  /** 1 = event, 0 = censored. */
  status: Float64Array;
  /** Case weights (>= 0). Default all 1. */
  weights?: Float64Array | null;
  /** Offset added to the linear predictor. Default 0. */
  offset?: Float64Array | null;
}

/** Prepared data shared by every pass of the path. Internal to the coxnet core. */
export interface CoxnetData {
  n: number;
  p: number;
  /** Number of sorted rows (rows with weight > 0). */
  m: number;
  /** Standardized covariates in sorted row order, column j at `j * m`. */
  xs: Float64Array;
  /** Column means (weighted) removed before scaling. */
  center: Float64Array;
  /** Column scale (weighted sd, 1/sum(w) divisor); 1 when not standardizing. */
  scale: Float64Array;
  /** 1 when the column can enter (not constant, not excluded). */
  usable: Uint8Array;
  /** Normalized weights (sum 1) in sorted order. */
  q: Float64Array;
  /** q * event indicator in sorted order. */
  dq: Float64Array;
  /** Offset in sorted order (raw; centred by the path). */
  offset: Float64Array;
  /** Number of distinct event times K. */
  nk: number;
  /** Sorted position where group k begins (first row with time >= t_k); length K + 1, last = m. */
  groupStart: Int32Array;
  /** Sum of q over events at t_k. */
  dk: Float64Array;
  /** Sum of the raw weights (glmnet's `sw`). */
  sumWeights: number;
  /** Sorted position -> original row. */
  order: Int32Array;
}

/**
 * Validate and prepare {@link CoxnetInput}.
 * @throws DataValidationError for non-finite or non-positive times, bad status or weights, NaN covariates.
 * @throws ModelError when there are fewer than two usable event groups (glmnet's jerr 30000).
 */
export function prepareCoxnetData(input: CoxnetInput, standardize: boolean, exclude: readonly number[]): CoxnetData {
  const { x, time, status } = input;
  const n = time.length;
  const p = x.length;
  if (status.length !== n) throw new UsageError(`coxnet: status has length ${status.length}, time has ${n}`);
  const issues: RecordIssue[] = [];
  const issue = (row: number, field: string, message: string, value: unknown): void => {
    if (issues.length < 20) issues.push({ file: '<memory>', row: row + 1, field, message, value });
  };
  for (let j = 0; j < p; j++) if (x[j]!.length !== n) throw new UsageError(`coxnet: column ${j} has length ${x[j]!.length}, expected ${n}`);
  const wIn = input.weights ?? null;
  const gIn = input.offset ?? null;
  if (wIn && wIn.length !== n) throw new UsageError(`coxnet: weights have length ${wIn.length}, expected ${n}`);
  if (gIn && gIn.length !== n) throw new UsageError(`coxnet: offset has length ${gIn.length}, expected ${n}`);
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    if (!(Number.isFinite(t) && t > 0)) issue(i, 'time', `time must be finite and > 0 (glmnet rejects non-positive times), got ${t}`, t);
    const s = status[i]!;
    if (s !== 0 && s !== 1) issue(i, 'status', `status must be 0 or 1, got ${s}`, s);
    if (wIn && !(Number.isFinite(wIn[i]!) && wIn[i]! >= 0)) issue(i, 'weights', `weight must be finite and >= 0, got ${wIn[i]}`, wIn[i]);
    if (gIn && !Number.isFinite(gIn[i]!)) issue(i, 'offset', `offset must be finite, got ${gIn[i]}`, gIn[i]);
    for (let j = 0; j < p; j++) {
      const v = x[j]![i]!;
      if (!Number.isFinite(v)) issue(i, `x[${j}]`, `covariate must be finite, got ${v}`, v);
    }
  }
  if (issues.length) throw new DataValidationError(issues);

  // Weights normalized to sum 1.
  let sw = 0;
  for (let i = 0; i < n; i++) sw += wIn ? wIn[i]! : 1;
  if (!(sw > 0)) throw new ModelError('coxnet: all weights are zero');
  const qAll = new Float64Array(n);
  for (let i = 0; i < n; i++) qAll[i] = (wIn ? wIn[i]! : 1) / sw;

  // chkvars: a column is usable when not constant over all rows.
  const usable = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    const c = x[j]!;
    const t0 = c[0];
    for (let i = 1; i < n; i++) {
      if (c[i] !== t0) {
        usable[j] = 1;
        break;
      }
    }
  }
  for (const j of exclude) usable[j] = 0;
  if (!usable.some((u) => u === 1)) throw new ModelError('coxnet: every column is constant or excluded (glmnet jerr 7777)');

  // Rows with positive weight, sorted by time ascending.
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (qAll[i]! > 0) keep.push(i);
  const order = argsortFloat64(time, Int32Array.from(keep));
  const m = order.length;

  const center = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  const xs = new Float64Array(m * p);
  for (let j = 0; j < p; j++) {
    const c = x[j]!;
    if (!usable[j]) continue;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += qAll[i]! * c[i]!;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = c[i]! - mean;
      ss += qAll[i]! * d * d;
    }
    center[j] = mean;
    const sd = standardize ? Math.sqrt(ss) : 1;
    scale[j] = sd;
    const inv = 1 / sd;
    const off = j * m;
    for (let r = 0; r < m; r++) xs[off + r] = (c[order[r]!]! - mean) * inv;
  }

  const q = new Float64Array(m);
  const dq = new Float64Array(m);
  const offset = new Float64Array(m);
  const ts = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const i = order[r]!;
    q[r] = qAll[i]!;
    dq[r] = status[i]! > 0 ? qAll[i]! : 0;
    offset[r] = gIn ? gIn[i]! : 0;
    ts[r] = time[i]!;
  }

  // Distinct event times and where each group starts in sorted order.
  const starts: number[] = [];
  const dkList: number[] = [];
  let lastT = -Infinity;
  let firstOfValue = 0;
  for (let r = 0; r < m; r++) {
    if (r === 0 || ts[r]! !== ts[r - 1]!) firstOfValue = r;
    if (dq[r]! > 0) {
      if (ts[r]! !== lastT) {
        starts.push(firstOfValue);
        dkList.push(0);
        lastT = ts[r]!;
      }
      dkList[dkList.length - 1]! += dq[r]!;
    }
  }
  const nk = starts.length;
  // glmnet (groups): fewer than two usable rows from the first event on is fatal (jerr 30000).
  if (nk === 0 || starts[0]! >= m - 2) throw new ModelError('coxnet: too few events or rows at risk to fit a Cox model (glmnet jerr 30000)');
  const groupStart = new Int32Array(nk + 1);
  for (let k = 0; k < nk; k++) groupStart[k] = starts[k]!;
  groupStart[nk] = m;
  return {
    n,
    p,
    m,
    xs,
    center,
    scale,
    usable,
    q,
    dq,
    offset,
    nk,
    groupStart,
    dk: Float64Array.from(dkList),
    sumWeights: sw,
    order,
  };
}
