/**
 * Predicted state occupation of a multi-state Cox model for a covariate
 * profile, as R survival 3.5-3's `survfit(coxfit, newdata)` for a multi-state
 * `coxph` (`survfit.coxphms`, `multihaz`, C routine `coxsurv2`):
 *
 * - each transition t = (a -> b) has the baseline hazard of its stratum of the
 *   stacked fit, times `exp(z·β_t)` for the profile z. At a time with `d`
 *   events of the transition, with `R` the sum of `exp(x·β)` over its risk set
 *   and `E` that sum over the `d` events, the increment is
 *   - `ctype = 1` (Breslow, the default after `ties = 'breslow'`): `d / R`;
 *   - `ctype = 2` (the default after `ties = 'efron'`, as R): `d / R̄` with
 *     `R̄ = (1/d) Σ_{k=0}^{d-1} (R - k E / d²)` — R's multi-state rule
 *     (coxsurv2's "Efron number at risk"), which is not the Efron increment
 *     `Σ_k (1/d)... / (R - (k/d) E)` of single-state `survfit.coxph`
 *     (models/survival/cox/cox-baseline.ts); the two agree without ties;
 * - the time grid and the initial distribution p0 are those of the
 *   Aalen-Johansen curve of the fitted data (R: `survfitCI` inside survfit);
 * - `stype = 2` (R's default): `p(t) = p(t-) exp(dA(t))`, the matrix
 *   exponential of the step's hazard matrix (diagonal minus the row sums);
 *   `stype = 1`: the product integral `p(t) = p(t-) (I + dA(t))` with the
 *   diagonal `max(0, 1 - row sum)`.
 *
 * No standard errors (R's multi-state survfit.coxph computes none either).
 *
 * Reference: R survival 3.5-3 `R/survfit.coxphms.R`, `R/multihaz.R`,
 * `src/coxsurv2.c` (definitions restated, code written anew); Putter, Fiocco
 * & Geskus (2007) Stat Med 26:2389-2430.
 */
import { UsageError } from '../../../util/errors.js';
import { buildModelFrame } from '../../design/model-frame.js';
import type { ColumnTable } from '../../design/types.js';
import { matrixExponential } from './matrix-exponential.js';
import type { CoxTransition, MultiStateCoxFit } from './multi-state-cox.js';

/** Options of {@link predictStateOccupation}. */
export interface StateOccupationPredictionOptions {
  /** 2 (default, R's default): matrix exponential per step; 1: product integral (Aalen-Johansen form). */
  stype?: 1 | 2;
  /** Hazard increments: 1 = Breslow, 2 = R's multi-state Efron rule (default: 2 after Efron ties, 1 after Breslow, as R). */
  ctype?: 1 | 2;
}

/** Predicted state occupation for one covariate profile. */
export interface StateOccupationPrediction {
  states: string[];
  transitions: CoxTransition[];
  /** Times of the fitted data's Aalen-Johansen curve. */
  time: number[];
  /** Initial state distribution. */
  p0: number[];
  /** One row per time, one column per state. */
  pstate: number[][];
  /** Cumulative hazard of each transition for the profile, one row per time. */
  cumhaz: number[][];
}

/** Times and p0 of the Aalen-Johansen curve of the fit's rows (R: survfitCI on the fitted data). */
function curveGrid(fit: MultiStateCoxFit): { time: Float64Array; p0: Float64Array } {
  const r = fit.rows;
  const exits: number[] = [];
  let t0 = Infinity;
  let tMax = -Infinity;
  for (let j = 0; j < r.nRows; j++) {
    // A censored row between two rows of the same patient is merged away by survfit: its time is no grid point.
    const middle = j > 0 && j + 1 < r.nRows && r.subject[j - 1] === r.subject[j] && r.subject[j + 1] === r.subject[j];
    if (!(middle && r.status[j] === 0)) exits.push(r.exit[j]!);
    if (r.status[j] !== 0 && r.exit[j]! < t0) t0 = r.exit[j]!;
    if (r.exit[j]! > tMax) tMax = r.exit[j]!;
  }
  if (t0 === Infinity) t0 = tMax;
  const time = Float64Array.from(new Set(exits)).sort();
  const S = r.states.length;
  const p0 = new Float64Array(S);
  let n0 = 0;
  for (let j = 0; j < r.nRows; j++) {
    if (r.entry[j]! < t0 && r.exit[j]! >= t0) {
      p0[r.current[j]!]! += 1;
      n0++;
    }
  }
  for (let s = 0; s < S; s++) p0[s] = n0 > 0 ? p0[s]! / n0 : 0;
  return { time, p0 };
}

/**
 * Baseline hazard increments of each transition stratum of the stacked fit
 * at the grid times (see the file comment for ctype).
 */
function transitionHazards(fit: MultiStateCoxFit['cox']['internals'], centre: number, grid: Float64Array, nT: number, ctype: 1 | 2): Float64Array[] {
  const n = fit.time.length;
  const start = fit.start;
  const strata = fit.strata;
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = -centre;
    for (let k = 0; k < fit.x.length; k++) {
      const b = fit.coef[k]!;
      if (!Number.isNaN(b)) eta += fit.x[k]![i]! * b;
    }
    if (fit.offset) eta += fit.offset[i]!;
    risk[i] = Math.exp(eta);
  }
  const nt = grid.length;
  const out = Array.from({ length: nT }, () => new Float64Array(nt));
  for (let t = 0; t < nT; t++) {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if ((strata ? strata[i]! : 0) === t) rows.push(i);
    // Risk sums over stop >= g and start >= g by sorted suffix sums: R(g) = Σ_{stop >= g} - Σ_{start >= g}.
    const byStop = rows.slice().sort((a, b) => fit.time[a]! - fit.time[b]!);
    const stopT = Float64Array.from(byStop, (i) => fit.time[i]!);
    const stopSum = new Float64Array(byStop.length + 1);
    for (let q = byStop.length - 1; q >= 0; q--) stopSum[q] = stopSum[q + 1]! + risk[byStop[q]!]!;
    const byStart = start ? rows.slice().sort((a, b) => start[a]! - start[b]!) : [];
    const startT = Float64Array.from(byStart, (i) => start![i]!);
    const startSum = new Float64Array(byStart.length + 1);
    for (let q = byStart.length - 1; q >= 0; q--) startSum[q] = startSum[q + 1]! + risk[byStart[q]!]!;
    const lowerBound = (a: Float64Array, v: number): number => {
      let lo = 0;
      let hi = a.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (a[mid]! < v) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    // Events of the transition grouped by time.
    const events = rows.filter((i) => fit.status[i] === 1).sort((a, b) => fit.time[a]! - fit.time[b]!);
    let g = 0;
    for (let q = 0; q < events.length; ) {
      const time = fit.time[events[q]!]!;
      let d = 0;
      let e = 0;
      while (q < events.length && fit.time[events[q]!] === time) {
        d++;
        e += risk[events[q]!]!;
        q++;
      }
      const r = stopSum[lowerBound(stopT, time)]! - (start ? startSum[lowerBound(startT, time)]! : 0);
      let denom = r;
      if (ctype === 2 && d > 1) {
        denom = 0;
        for (let k = 0; k < d; k++) denom += r - (k * e) / (d * d);
        denom /= d;
      }
      while (g < nt && grid[g]! < time) g++;
      if (g >= nt || grid[g] !== time) throw new UsageError(`internal: event time ${time} is not on the curve's grid`);
      out[t]![g] = d / denom;
    }
  }
  return out;
}

/**
 * Predicted state occupation probabilities for covariate profiles (see the file comment).
 *
 * @param fit a {@link MultiStateCoxFit}
 * @param newdata one row per profile with the model's covariates (factor levels as in the fit)
 * @param options stype (2), ctype (from the fit's ties)
 * @returns one prediction per row of newdata
 * @throws UsageError for a missing covariate value; FormulaError / DataValidationError for unknown columns or levels
 * @example predictStateOccupation(fit, { x: Float64Array.of(0.5), group: ['b'] })[0].pstate.at(-1)
 */
export function predictStateOccupation(fit: MultiStateCoxFit, newdata: ColumnTable, options: StateOccupationPredictionOptions = {}): StateOccupationPrediction[] {
  const stype = options.stype ?? 2;
  if (stype !== 1 && stype !== 2) throw new UsageError(`stype must be 1 or 2, got ${String(stype)}`);
  const frame = buildModelFrame({ ...fit.frame.formula, response: null, strata: [], cluster: null, offset: null }, newdata, {
    xlevels: fit.frame.levels,
    ...(fit.frame.splines ? { splines: fit.frame.splines } : {}),
  });
  const nNew = Object.values(newdata)[0]?.length ?? 0;
  if (frame.nDropped > 0) {
    const missing = Array.from({ length: nNew }, (_, i) => i).filter((i) => !frame.rowIndex.includes(i));
    throw new UsageError(`newdata row ${missing[0]! + 1} has a missing covariate value`);
  }
  if (frame.columnNames.join('\u0000') !== fit.columns.join('\u0000')) {
    throw new UsageError(`newdata gives the design columns ${frame.columnNames.join(', ')}, the model has ${fit.columns.join(', ')}`);
  }
  const S = fit.states.length;
  const nT = fit.transitions.length;
  const P = fit.columns.length;
  const from = fit.rows.transitions.map((t) => t.from);
  const to = fit.rows.transitions.map((t) => t.to);
  const { time, p0 } = curveGrid(fit);
  const nt = time.length;

  // Baseline hazard increments per transition on the grid (risk scores centred as R: exp(x·β - Σ means·β)).
  const internals = fit.cox.internals;
  let centre = 0;
  for (let k = 0; k < internals.coef.length; k++) {
    const b = internals.coef[k]!;
    if (!Number.isNaN(b)) centre += internals.means[k]! * b;
  }
  const ctype = options.ctype ?? (internals.ties === 'breslow' ? 1 : 2);
  if (ctype !== 1 && ctype !== 2) throw new UsageError(`ctype must be 1 or 2, got ${String(ctype)}`);
  const dh = transitionHazards(internals, centre, time, nT, ctype);
  const out: StateOccupationPrediction[] = [];
  for (let i = 0; i < frame.n; i++) {
    const risk = new Float64Array(nT);
    for (let t = 0; t < nT; t++) {
      let lp = 0;
      for (let c = 0; c < P; c++) {
        const b = internals.coef[fit.coefIndex[c * nT + t]!]!;
        if (!Number.isNaN(b)) lp += frame.x[c]![i]! * b;
      }
      risk[t] = Math.exp(lp - centre);
    }
    let p: Float64Array = Float64Array.from(p0);
    const H = new Float64Array(S * S);
    const cum = new Float64Array(nT);
    const pstate: number[][] = [];
    const cumhaz: number[][] = [];
    for (let k = 0; k < nt; k++) {
      let any = false;
      H.fill(0);
      for (let t = 0; t < nT; t++) {
        const h = dh[t]![k]! * risk[t]!;
        if (h > 0) any = true;
        H[from[t]! * S + to[t]!]! += h;
        cum[t]! += h;
      }
      if (any) {
        for (let a = 0; a < S; a++) {
          let row = 0;
          for (let b = 0; b < S; b++) if (b !== a) row += H[a * S + b]!;
          H[a * S + a] = stype === 1 ? Math.max(0, 1 - row) : -row;
        }
        const step = stype === 1 ? H : matrixExponential(H, S);
        const next = new Float64Array(S);
        for (let a = 0; a < S; a++) {
          const pa = p[a]!;
          if (pa === 0) continue;
          for (let b = 0; b < S; b++) next[b]! += pa * step[a * S + b]!;
        }
        p = next;
      }
      pstate.push(Array.from(p));
      cumhaz.push(Array.from(cum));
    }
    out.push({ states: [...fit.states], transitions: fit.transitions.map((t) => ({ ...t })), time: Array.from(time), p0: Array.from(p0), pstate, cumhaz });
  }
  return out;
}
