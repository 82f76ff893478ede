/**
 * Residuals of a fitted Cox model, as R survival 3.5-3's `residuals.coxph`:
 * martingale, deviance, score, Schoenfeld, scaled Schoenfeld, dfbeta and
 * dfbetas, with case weights, strata, counting-process data and Efron or
 * Breslow ties.
 *
 * Definitions (r_i = exp(η_i), Λ the Efron/Breslow baseline hazard of
 * {@link coxEventTable}; for an event at its own time the hazard increment is
 * the death-adjusted Σ_k (1 - k/d) h_k):
 * - martingale: `M_i = δ_i - r_i Σ_{t ∈ (start_i, stop_i]} dΛ(t)`;
 * - deviance: `sign(M) sqrt(-2 (M + δ log(δ - M)))`;
 * - score: `U_i = δ_i (x_i - x̄(t_i)) - r_i Σ_t (x_i - x̄(t)) dΛ(t)` (Efron: per sub-step);
 * - Schoenfeld: `x_i - x̄(t_i)` for each event, x̄ the Efron average of the sub-step means;
 * - scaled Schoenfeld: `n_events · V sᵢ + β` (R's definition, V the model variance);
 * - dfbeta: `w_i U_i V`; dfbetas: dfbeta divided by `sqrt(diag V)`.
 *
 * References: Therneau TM, Grambsch PM (2000), *Modeling Survival Data*,
 * Springer, ch. 4 and 6; R survival 3.5-3 `residuals.coxph.R`, `src/coxmart.c`,
 * `src/coxscore2.c`, `src/agscore3.c`, `src/coxscho.c`.
 */
import { UsageError } from '../../../util/errors.js';
import type { CoxPostInput } from './cox-post-types.js';
import { prepareCoxPost, type PreparedCox } from './cox-residuals-input.js';
import { coxEventTable, upperBound, type CoxEventTable } from './cox-residuals-riskset.js';

/** Residual types, R's names (`scaledschoenfeld` is R's `scaledsch`). */
export type CoxResidualType =
  | 'martingale'
  | 'deviance'
  | 'score'
  | 'schoenfeld'
  | 'scaledschoenfeld'
  | 'dfbeta'
  | 'dfbetas';

/** Options of {@link coxResiduals}. */
export interface CoxResidualOptions {
  /**
   * Group code per row: residuals are summed within groups (R's `collapse`,
   * e.g. a subject id in counting-process data); rows of the result are the
   * groups in increasing code order. Not allowed for Schoenfeld types.
   * Default: none.
   */
  collapse?: Int32Array;
  /**
   * Multiply by the case weights. Default as R: true for dfbeta and dfbetas,
   * false otherwise.
   */
  weighted?: boolean;
}

/** Residuals; matrices are column-major. */
export interface CoxResidualsResult {
  type: CoxResidualType;
  /** One column for martingale/deviance, one per kept coefficient otherwise. */
  columns: Float64Array[];
  /** The single column of martingale/deviance residuals, else null. */
  values: Float64Array | null;
  /** Names of the columns (the kept coefficients; `type` for vector residuals). */
  columnNames: string[];
  /**
   * Row meaning: for Schoenfeld types the 0-based input row of each event
   * (events ordered by stratum, time, then input order, as R); with `collapse`
   * null (see `groups`); else null (rows are the input rows).
   */
  rowIndex: Int32Array | null;
  /** Event times of the Schoenfeld rows, else null. */
  time: Float64Array | null;
  /** Stratum of each Schoenfeld row (when the fit has strata), else null. */
  strata: Int32Array | null;
  /** Group codes of the rows with `collapse`, else null. */
  groups: Int32Array | null;
  warnings: string[];
}

/** Per row: sums of the hazard (and x̄-weighted hazard) over its at-risk event times. */
interface Exposure {
  /** Σ dΛ over the row's exposure, death-adjusted at its own event time. */
  cumHaz: Float64Array;
  /** Σ x̄ dΛ, per covariate. */
  cumXHaz: Float64Array[] | null;
  /** Event-table index of the row's own event, or -1. */
  eventIndex: Int32Array;
}

/**
 * Prefix sums of `v` restarted in every stratum (so that a stratum's sums do
 * not carry the other strata's magnitudes): `out[e + s + 1] = Σ_{stratumStart[s] <= j <= e} v[j]`
 * and `out[stratumStart[s] + s] = 0`.
 */
function prefixByStratum(v: Float64Array, stratumStart: Int32Array): Float64Array {
  const nS = stratumStart.length - 1;
  const out = new Float64Array(v.length + nS);
  for (let s = 0; s < nS; s++) {
    let acc = 0;
    for (let e = stratumStart[s]!; e < stratumStart[s + 1]!; e++) {
      acc += v[e]!;
      out[e + s + 1] = acc;
    }
  }
  return out;
}

function exposure(prep: PreparedCox, tab: CoxEventTable, withX: boolean): Exposure {
  const { n, p, time, status, start, strata } = prep;
  const cumH = prefixByStratum(tab.hazard, tab.stratumStart);
  const cumX = withX ? tab.xHazard.map((v) => prefixByStratum(v, tab.stratumStart)) : null;
  const cumHaz = new Float64Array(n);
  const cumXHaz = withX ? Array.from({ length: p }, () => new Float64Array(n)) : null;
  const eventIndex = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const s = strata[i]!;
    const lo0 = tab.stratumStart[s]!;
    const hi0 = tab.stratumStart[s + 1]!;
    const lo = start ? upperBound(tab.time, lo0, hi0, start[i]!) : lo0;
    const hi = upperBound(tab.time, lo0, hi0, time[i]!);
    if (hi <= lo) continue;
    // event indices lo..hi-1 of stratum s; prefix index shifted by s
    let h = cumH[hi + s]! - cumH[lo + s]!;
    const dead = status[i] === 1;
    if (dead) {
      const e = hi - 1;
      eventIndex[i] = e;
      h -= tab.hazard[e]! - tab.hazardDeath[e]!;
    }
    cumHaz[i] = h;
    if (cumX && cumXHaz) {
      for (let k = 0; k < p; k++) {
        let v = cumX[k]![hi + s]! - cumX[k]![lo + s]!;
        if (dead) v -= tab.xHazard[k]![hi - 1]! - tab.xHazardDeath[k]![hi - 1]!;
        cumXHaz[k]![i] = v;
      }
    }
  }
  return { cumHaz, cumXHaz, eventIndex };
}

/** Martingale residuals on prepared data (unweighted, per row). */
export function martingaleCore(prep: PreparedCox, tab: CoxEventTable): Float64Array {
  const ex = exposure(prep, tab, false);
  const out = new Float64Array(prep.n);
  for (let i = 0; i < prep.n; i++) out[i] = prep.status[i]! - Math.exp(prep.eta[i]!) * ex.cumHaz[i]!;
  return out;
}

/** Score residuals on prepared data (unweighted), column-major n × p. */
export function scoreCore(prep: PreparedCox, tab: CoxEventTable): Float64Array[] {
  const { n, p, x, status, eta } = prep;
  const ex = exposure(prep, tab, true);
  const out = Array.from({ length: p }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const r = Math.exp(eta[i]!);
    const e = ex.eventIndex[i]!;
    for (let k = 0; k < p; k++) {
      const xi = x[k]![i]!;
      let u = -r * (xi * ex.cumHaz[i]! - ex.cumXHaz![k]![i]!);
      if (status[i] === 1 && e >= 0) u += xi - tab.xMean[k]![e]!;
      out[k]![i] = u;
    }
  }
  return out;
}

/**
 * Schoenfeld residuals on prepared data, one row per event in the given order.
 * @param rows input rows of the events, in output order.
 */
export function schoenfeldCore(prep: PreparedCox, tab: CoxEventTable, rows: Int32Array): Float64Array[] {
  const { p, x, strata, time } = prep;
  const out = Array.from({ length: p }, () => new Float64Array(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    const s = strata[i]!;
    const e = upperBound(tab.time, tab.stratumStart[s]!, tab.stratumStart[s + 1]!, time[i]!) - 1;
    for (let k = 0; k < p; k++) out[k]![r] = x[k]![i]! - tab.xMean[k]![e]!;
  }
  return out;
}

/** Event rows ordered by (stratum, time, input order): R's `residuals(type = "schoenfeld")` order. */
export function eventRowsInOrder(prep: PreparedCox): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < prep.n; i++) if (prep.status[i] === 1) rows.push(i);
  const { strata, time } = prep;
  rows.sort((i, j) => strata[i]! - strata[j]! || time[i]! - time[j]! || i - j);
  return Int32Array.from(rows);
}

/** Multiply column-major n × p by symmetric p × p (row-major) → n × p. */
function timesMatrix(cols: Float64Array[], v: Float64Array, p: number): Float64Array[] {
  const n = cols.length ? cols[0]!.length : 0;
  const out = Array.from({ length: p }, () => new Float64Array(n));
  for (let j = 0; j < p; j++) {
    const o = out[j]!;
    for (let k = 0; k < p; k++) {
      const vkj = v[k * p + j]!;
      if (vkj === 0) continue;
      const c = cols[k]!;
      for (let i = 0; i < n; i++) o[i]! += c[i]! * vkj;
    }
  }
  return out;
}

function collapseRows(cols: Float64Array[], groups: Int32Array): { cols: Float64Array[]; ids: Int32Array } {
  const ids = Int32Array.from(new Set(groups)).sort();
  const pos = new Map<number, number>();
  ids.forEach((g, k) => pos.set(g, k));
  const out = cols.map((c) => {
    const o = new Float64Array(ids.length);
    for (let i = 0; i < c.length; i++) o[pos.get(groups[i]!)!]! += c[i]!;
    return o;
  });
  return { cols: out, ids };
}

/**
 * Residuals of a fitted Cox model (R: `residuals(fit, type, collapse, weighted)`).
 *
 * @param input the fitted model (coefficients, variance, design, response); not modified.
 * @param type residual type; R's default is martingale.
 * @param options `collapse` (group codes, default none) and `weighted`
 *   (default true for dfbeta/dfbetas, false otherwise, as R).
 * @returns the residual columns and row bookkeeping.
 * @throws UsageError on malformed input, a `collapse` of the wrong length or
 *   `collapse` with Schoenfeld types.
 * @example coxResiduals(fit, 'martingale').values
 */
export function coxResiduals(
  input: CoxPostInput,
  type: CoxResidualType = 'martingale',
  options: CoxResidualOptions = {},
): CoxResidualsResult {
  const prep = prepareCoxPost(input);
  const { n, p } = prep;
  const weighted = options.weighted ?? (type === 'dfbeta' || type === 'dfbetas');
  const collapse = options.collapse ?? null;
  if (collapse !== null && collapse.length !== n) {
    throw new UsageError(`collapse has length ${collapse.length}, expected ${n}`);
  }
  const warnings: string[] = [];
  if (prep.keep.length < input.coef.length) {
    warnings.push(`${input.coef.length - prep.keep.length} column(s) with NaN coefficient excluded`);
  }
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) risk[i] = Math.exp(prep.eta[i]!);
  const tab = coxEventTable(prep, risk, false);

  if (type === 'schoenfeld' || type === 'scaledschoenfeld') {
    if (collapse !== null) throw new UsageError(`collapse is not available for ${type} residuals`);
    const rows = eventRowsInOrder(prep);
    let cols = schoenfeldCore(prep, tab, rows);
    if (weighted) {
      cols = cols.map((c) => c.map((v, r) => v * prep.weights[rows[r]!]!));
    }
    if (type === 'scaledschoenfeld') {
      const nd = rows.length;
      cols = timesMatrix(cols, prep.naiveVar, p).map((c, k) => c.map((v) => v * nd + prep.coef[k]!));
    }
    return {
      type, columns: cols, values: null, columnNames: prep.columnNames,
      rowIndex: rows, time: Float64Array.from(rows, (i) => prep.time[i]!),
      strata: prep.hasStrata ? Int32Array.from(rows, (i) => prep.strata[i]!) : null,
      groups: null, warnings,
    };
  }

  let cols: Float64Array[];
  let names: string[];
  if (type === 'martingale' || type === 'deviance') {
    cols = [martingaleCore(prep, tab)];
    names = [type];
  } else {
    cols = scoreCore(prep, tab);
    names = prep.columnNames;
    if (type === 'dfbeta' || type === 'dfbetas') {
      cols = timesMatrix(cols, prep.naiveVar, p);
      if (type === 'dfbetas') {
        cols = cols.map((c, k) => {
          const sd = Math.sqrt(prep.naiveVar[k * p + k]!);
          return c.map((v) => v / sd);
        });
      }
    }
  }
  if (weighted) cols = cols.map((c) => c.map((v, i) => v * prep.weights[i]!));
  let status: Float64Array = prep.status;
  let groups: Int32Array | null = null;
  if (collapse !== null) {
    const c = collapseRows(cols, collapse);
    cols = c.cols;
    groups = c.ids;
    if (type === 'deviance') status = collapseRows([prep.status], collapse).cols[0]!;
  }
  if (type === 'deviance') {
    const mr = cols[0]!;
    cols = [mr.map((m, i) => {
      const d = status[i]!;
      const dev = -2 * (m + (d === 0 ? 0 : d * Math.log(d - m)));
      return Math.sign(m) * Math.sqrt(dev);
    })];
  }
  return {
    type, columns: cols, values: cols.length === 1 && (type === 'martingale' || type === 'deviance') ? cols[0]! : null,
    columnNames: names, rowIndex: null, time: null, strata: null, groups, warnings,
  };
}
