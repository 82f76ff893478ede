/**
 * Time-transformed covariates of `coxph(... + tt(x), tt = function(x, t, ...))`
 * as survival 3.5-3 fits them: the data are expanded so that each event time
 * of each stratum becomes its own stratum holding the rows at risk then
 * (`Ccoxcount1` for right-censored data: time >= t; `Ccoxcount2` for
 * counting-process data: start < t <= stop), each with time t and status 1
 * for the rows with an event at t; the `tt()` column is replaced by
 * `tt(x, t, riskset)` evaluated on the expanded rows; the model is fitted on
 * the expanded data (so the partial likelihood is the one of the
 * time-varying covariate x * g(t)), and the concordance is computed on it.
 *
 * Without a `tt` function R's default is used: within each risk set the
 * O'Brien rank transform `(r - 0.5) / (0.5 + m - r)` of x (r the mid-rank,
 * m the risk-set size).
 *
 * Reference: survival 3.5-3 `R/coxph.R` (the `timetrans` block),
 * `src/coxcount1.c`; Therneau, Crowson & Atkinson, "Using time dependent
 * covariates and time dependent coefficients in the Cox model" (survival
 * vignette), section 4.
 */
import { UsageError } from '../../../util/errors.js';

/**
 * A time transform: `x` and `time` (the event time of each expanded row) and
 * `riskset` (its 0-based risk-set index) to the transformed covariate, as R's
 * `tt = function(x, t, riskset, weights)`.
 */
export type CoxTtFunction = (x: Float64Array, time: Float64Array, riskset: Int32Array) => Float64Array;

/** The named transforms of the command line's `--tt`: `log` = x log(t), `identity` = x t. */
export const NAMED_TT: Readonly<Record<string, CoxTtFunction>> = {
  log: (x, t) => x.map((v, i) => v * Math.log(t[i]!)),
  identity: (x, t) => x.map((v, i) => v * t[i]!),
};

/** R's default tt: the O'Brien rank transform of x within each risk set. */
export function obrienTransform(x: Float64Array, _time: Float64Array, riskset: Int32Array): Float64Array {
  const out = new Float64Array(x.length);
  let i = 0;
  while (i < x.length) {
    let j = i;
    while (j < x.length && riskset[j] === riskset[i]) j++;
    const idx = Array.from({ length: j - i }, (_, k) => i + k).sort((a, b) => x[a]! - x[b]!);
    const m = idx.length;
    for (let a = 0; a < m; ) {
      let b = a;
      while (b + 1 < m && x[idx[b + 1]!] === x[idx[a]!]) b++;
      const r = (a + b) / 2 + 1; // mid-rank, 1-based
      for (let k = a; k <= b; k++) out[idx[k]!] = (r - 0.5) / (0.5 + m - r);
      a = b + 1;
    }
    i = j;
  }
  return out;
}

/** The data of a Cox fit before expansion. */
export interface TtInput {
  x: Float64Array[];
  time: Float64Array;
  status: Float64Array;
  start: Float64Array | null;
  strata: Int32Array | null;
  weights: Float64Array | null;
  offset: Float64Array | null;
  cluster: Int32Array | null;
}

/** The expanded data: one stratum per (stratum, event time), right-censored. */
export interface TtExpanded {
  x: Float64Array[];
  time: Float64Array;
  status: Float64Array;
  strata: Int32Array;
  weights: Float64Array | null;
  offset: Float64Array | null;
  cluster: Int32Array | null;
  /** Original row of each expanded row. */
  index: Int32Array;
}

/** Most expanded rows (risk-set size summed over event times) accepted. */
export const MAX_TT_ROWS = 50_000_000;

/**
 * Expand the data for the tt() columns and apply the transforms.
 *
 * @param input the model frame's arrays (not modified).
 * @param ttColumns design columns holding tt() variables.
 * @param transforms one function per tt column (or one for all).
 * @throws UsageError when the expansion would exceed {@link MAX_TT_ROWS} rows or a transform returns the wrong length.
 */
export function expandForTt(input: TtInput, ttColumns: readonly number[], transforms: readonly CoxTtFunction[]): TtExpanded {
  const n = input.time.length;
  const strata = input.strata ?? new Int32Array(n);
  // Rows grouped by stratum.
  const byStratum = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    let g = byStratum.get(strata[i]!);
    if (!g) byStratum.set(strata[i]!, (g = []));
    g.push(i);
  }
  const keys = [...byStratum.keys()].sort((a, b) => a - b);
  // First pass: sizes.
  const plan: { rows: number[]; times: number[] }[] = [];
  let total = 0;
  for (const k of keys) {
    const rows = byStratum.get(k)!;
    const times = [...new Set(rows.filter((i) => input.status[i]! !== 0).map((i) => input.time[i]!))].sort((a, b) => a - b);
    for (const t of times) {
      let m = 0;
      for (const i of rows) if (atRisk(input, i, t)) m++;
      total += m;
      if (total > MAX_TT_ROWS) throw new UsageError(`tt(): the expanded data would exceed ${MAX_TT_ROWS} rows (risk-set sizes summed over event times)`);
    }
    plan.push({ rows, times });
  }
  const index = new Int32Array(total);
  const time = new Float64Array(total);
  const status = new Float64Array(total);
  const riskset = new Int32Array(total);
  let r = 0;
  let set = 0;
  for (const { rows, times } of plan) {
    for (const t of times) {
      for (const i of rows) {
        if (!atRisk(input, i, t)) continue;
        index[r] = i;
        time[r] = t;
        status[r] = input.time[i] === t && input.status[i]! !== 0 ? 1 : 0;
        riskset[r] = set;
        r++;
      }
      set++;
    }
  }
  const take = (col: Float64Array): Float64Array => {
    const out = new Float64Array(total);
    for (let k = 0; k < total; k++) out[k] = col[index[k]!]!;
    return out;
  };
  const x = input.x.map((col) => take(col));
  ttColumns.forEach((j, q) => {
    const f = transforms.length === 1 ? transforms[0]! : transforms[q];
    if (!f) throw new UsageError(`tt(): ${ttColumns.length} tt() terms but ${transforms.length} transforms`);
    const v = f(x[j]!, time, riskset);
    if (!(v instanceof Float64Array) || v.length !== total) throw new UsageError(`tt(): the transform must return a Float64Array of length ${total}`);
    x[j] = v;
  });
  let cluster: Int32Array | null = null;
  if (input.cluster) {
    const c = input.cluster;
    cluster = new Int32Array(total);
    for (let k = 0; k < total; k++) cluster[k] = c[index[k]!]!;
  }
  return {
    x,
    time,
    status,
    strata: riskset,
    weights: input.weights ? take(input.weights) : null,
    offset: input.offset ? take(input.offset) : null,
    cluster,
    index,
  };
}

function atRisk(input: TtInput, i: number, t: number): boolean {
  if (input.start) return input.start[i]! < t && t <= input.time[i]!;
  return input.time[i]! >= t;
}
