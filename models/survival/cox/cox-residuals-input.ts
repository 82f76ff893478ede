/**
 * Input handling shared by the post-fit Cox computations (residuals, cox.zph,
 * baseline hazard, survfit): validates a {@link CoxPostInput}, drops the
 * columns whose coefficient is NaN (R's aliased columns: coefficient treated
 * as 0, column excluded), centres the design at `means` and forms the linear
 * predictor. The numeric cores see only the {@link PreparedCox} arrays.
 *
 * Reference: Therneau T. survival package 3.5-3, `residuals.coxph.R`
 * (`ifelse(is.na(coef), 0, coef)`), `coxph.fit.R` (centred linear predictor).
 */
import { UsageError } from '../../../util/errors.js';
import type { CoxPostInput } from './cox-post-types.js';

/** A validated Cox fit on the kept columns, centred; produced by {@link prepareCoxPost}. */
export interface PreparedCox {
  /** Number of rows. */
  n: number;
  /** Number of kept columns (finite coefficient). */
  p: number;
  /** Original column index of each kept column. */
  keep: number[];
  /** Kept columns as given (not centred). */
  xRaw: Float64Array[];
  /** Kept columns centred at `means`. */
  x: Float64Array[];
  time: Float64Array;
  status: Float64Array;
  start: Float64Array | null;
  /** Stratum code per row (all 0 without strata). */
  strata: Int32Array;
  /** Number of strata (max code + 1). */
  nStrata: number;
  /** Whether the fit has strata. */
  hasStrata: boolean;
  /** Case weights (1 when none were given). */
  weights: Float64Array;
  /** Offset (0 when none was given). */
  offset: Float64Array;
  /** Whether an offset was given. */
  hasOffset: boolean;
  /** Kept coefficients. */
  coef: Float64Array;
  /** Kept variance, p × p row-major. */
  var: Float64Array;
  /** Kept model-based variance (equals `var` when no naive variance was given). */
  naiveVar: Float64Array;
  /** Kept means. */
  means: Float64Array;
  /** Centred linear predictor `(x - means)·β + offset`. */
  eta: Float64Array;
  efron: boolean;
  columnNames: string[];
  /** Term index of each kept column, renumbered 0.. over the terms that keep a column. */
  assign: number[];
  /** Labels of the terms that keep at least one column. */
  termLabels: string[];
}

function subMatrix(m: Float64Array, pAll: number, keep: number[], what: string): Float64Array {
  if (m.length !== pAll * pAll) {
    throw new UsageError(`${what} must have length p*p = ${pAll * pAll}, got ${m.length}`);
  }
  const p = keep.length;
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) out[i * p + j] = m[keep[i]! * pAll + keep[j]!]!;
  }
  return out;
}

/**
 * Validate and prepare a Cox fit for the post-fit computations.
 *
 * @param input the fitted model; not modified.
 * @returns the kept, centred arrays.
 * @throws UsageError when lengths disagree, status is not 0/1, a weight is
 *   negative or not finite, or a time is missing.
 * @example prepareCoxPost(fit).eta // centred linear predictor
 */
export function prepareCoxPost(input: CoxPostInput): PreparedCox {
  const n = input.time.length;
  const pAll = input.x.length;
  if (input.status.length !== n) throw new UsageError(`status has length ${input.status.length}, time has ${n}`);
  if (input.coef.length !== pAll) throw new UsageError(`coef has length ${input.coef.length}, x has ${pAll} columns`);
  if (input.means.length !== pAll) throw new UsageError(`means has length ${input.means.length}, x has ${pAll} columns`);
  if (input.columnNames.length !== pAll) {
    throw new UsageError(`columnNames has length ${input.columnNames.length}, x has ${pAll} columns`);
  }
  if (input.assign.length !== pAll) throw new UsageError(`assign has length ${input.assign.length}, x has ${pAll} columns`);
  for (let j = 0; j < pAll; j++) {
    if (input.x[j]!.length !== n) throw new UsageError(`column ${input.columnNames[j]} has length ${input.x[j]!.length}, expected ${n}`);
    const a = input.assign[j]!;
    if (!Number.isInteger(a) || a < 0 || a >= input.termLabels.length) {
      throw new UsageError(`assign[${j}] = ${a} is not a term index (0..${input.termLabels.length - 1})`);
    }
  }
  for (const [name, arr] of [['start', input.start], ['weights', input.weights], ['offset', input.offset], ['strata', input.strata]] as const) {
    if (arr !== null && arr.length !== n) throw new UsageError(`${name} has length ${arr.length}, expected ${n}`);
  }
  for (let i = 0; i < n; i++) {
    const s = input.status[i]!;
    if (s !== 0 && s !== 1) throw new UsageError(`status must be 0 or 1, got ${s} at row ${i + 1}`);
    const t = input.time[i]!;
    if (Number.isNaN(t)) throw new UsageError(`time is missing at row ${i + 1}`);
    if (input.start !== null && !(input.start[i]! < t)) {
      throw new UsageError(`start (${input.start[i]}) must be < stop (${t}) at row ${i + 1}`);
    }
    if (input.weights !== null) {
      const w = input.weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) throw new UsageError(`weight must be finite and >= 0, got ${w} at row ${i + 1}`);
    }
    if (input.strata !== null && input.strata[i]! < 0) throw new UsageError(`strata codes must be >= 0, got ${input.strata[i]} at row ${i + 1}`);
  }

  const keep: number[] = [];
  for (let j = 0; j < pAll; j++) if (!Number.isNaN(input.coef[j]!)) keep.push(j);
  const p = keep.length;
  const coef = Float64Array.from(keep, (j) => input.coef[j]!);
  const means = Float64Array.from(keep, (j) => input.means[j]!);
  const xRaw = keep.map((j) => input.x[j]!);
  const x = keep.map((j, k) => {
    const col = input.x[j]!;
    const out = new Float64Array(n);
    const m = means[k]!;
    for (let i = 0; i < n; i++) out[i] = col[i]! - m;
    return out;
  });
  const v = subMatrix(input.var, pAll, keep, 'var');
  const nv = input.naiveVar ? subMatrix(input.naiveVar, pAll, keep, 'naiveVar') : v;

  const offset = input.offset ?? new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = offset[i]!;
    for (let k = 0; k < p; k++) s += x[k]![i]! * coef[k]!;
    eta[i] = s;
  }
  const strata = input.strata ?? new Int32Array(n);
  let nStrata = 1;
  for (let i = 0; i < n; i++) if (strata[i]! + 1 > nStrata) nStrata = strata[i]! + 1;

  // Renumber terms over those that keep a column, as cox.zph does.
  const termMap = new Map<number, number>();
  const termLabels: string[] = [];
  const assign = keep.map((j) => {
    const t = input.assign[j]!;
    let k = termMap.get(t);
    if (k === undefined) {
      k = termLabels.length;
      termMap.set(t, k);
      termLabels.push(input.termLabels[t]!);
    }
    return k;
  });

  return {
    n, p, keep, xRaw, x,
    time: input.time, status: input.status, start: input.start,
    strata, nStrata, hasStrata: input.strata !== null,
    weights: input.weights ?? new Float64Array(n).fill(1),
    offset, hasOffset: input.offset !== null,
    coef, var: v, naiveVar: nv, means, eta,
    efron: input.ties === 'efron',
    columnNames: keep.map((j) => input.columnNames[j]!),
    assign, termLabels,
  };
}
