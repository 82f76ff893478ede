/**
 * Risk-set sums at each distinct event time of a Cox model, per stratum, with
 * the Efron or Breslow treatment of tied events: the hazard increment, its
 * death-adjusted version, the hazard-weighted covariate means, the
 * Schoenfeld mean, the variance increment of the baseline hazard and,
 * optionally, the information contribution. Every post-fit quantity (martingale,
 * score and Schoenfeld residuals, cox.zph, survfit.coxph) is built from it.
 *
 * With `d` tied events at time `t` (count, unweighted), weighted event count
 * `W`, risk-set sums `S0 = Σ w r`, `S1 = Σ w r x` and the same sums over the
 * events only `E0`, `E1`, Efron's method uses `d` sub-steps `k = 0..d-1` with
 * `f = k/d`, `den_k = S0 - f E0`, `h_k = (W/d) / den_k`, `x̄_k = (S1 - f E1) / den_k`.
 * Breslow (or `d = 1`) uses one step with `h = W / S0`, `x̄ = S1 / S0`.
 * The risk set at `t` is `{i : start_i < t <= stop_i}` in the stratum of `t`.
 *
 * Reference: Therneau T. survival package 3.5-3, `src/coxmart.c`,
 * `src/coxscore2.c`, `src/agscore3.c`, `src/coxscho.c`, `src/zph1.c`,
 * `src/agsurv5.c` (the same sums; this is an independent implementation).
 */
import type { PreparedCox } from './cox-residuals-input.js';

/** Risk-set quantities at the distinct event times, ordered by (stratum, time). */
export interface CoxEventTable {
  /** Number of event times over all strata. */
  m: number;
  p: number;
  stratum: Int32Array;
  time: Float64Array;
  /** For stratum s, its event times are indices `stratumStart[s] .. stratumStart[s+1]-1`. */
  stratumStart: Int32Array;
  /** Number of events (unweighted count). */
  nDeath: Float64Array;
  /** Weighted number of events. */
  wDeath: Float64Array;
  /** Σ w r over the risk set. */
  denom: Float64Array;
  /** Hazard increment Σ_k h_k. */
  hazard: Float64Array;
  /** Hazard increment seen by the events themselves, Σ_k (1 - k/d) h_k. */
  hazardDeath: Float64Array;
  /** Variance increment of the baseline cumulative hazard, Σ_k h_k / den_k. */
  varHazard: Float64Array;
  /** Σ_k h_k x̄_k, one array of length m per covariate. */
  xHazard: Float64Array[];
  /** Σ_k (1 - k/d) h_k x̄_k. */
  xHazardDeath: Float64Array[];
  /** Schoenfeld mean (1/d) Σ_k x̄_k. */
  xMean: Float64Array[];
  /** Information increment Σ_k (W/d) V_k (p × p row-major per event time), when requested. */
  info: Float64Array | null;
}

/** Rows of each stratum, as index arrays. */
export function rowsByStratum(strata: Int32Array, nStrata: number): Int32Array[] {
  const counts = new Int32Array(nStrata);
  for (let i = 0; i < strata.length; i++) counts[strata[i]!]!++;
  const out = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(nStrata);
  for (let i = 0; i < strata.length; i++) {
    const s = strata[i]!;
    out[s]![fill[s]!++] = i;
  }
  return out;
}

/**
 * Build the event table.
 *
 * @param prep the prepared fit (centred covariates are used: all quantities
 *   except `xMean`, `xHazard*` are invariant to the centring, and those are
 *   only ever used in centring-invariant differences).
 * @param risk exp(linear predictor) per row (any common scale).
 * @param information also accumulate the information increments (for cox.zph).
 * @returns the table.
 * @example coxEventTable(prep, risk, false).hazard
 */
export function coxEventTable(prep: PreparedCox, risk: Float64Array, information: boolean): CoxEventTable {
  const { p, x, time, status, start, weights, efron } = prep;
  const groups = rowsByStratum(prep.strata, prep.nStrata);

  // Collect the event times per stratum first (sizes).
  const perStratumTimes: Float64Array[] = groups.map((rows) => {
    const ts: number[] = [];
    for (const i of rows) if (status[i] === 1) ts.push(time[i]!);
    ts.sort((a, b) => a - b);
    const u: number[] = [];
    for (const t of ts) if (u.length === 0 || u[u.length - 1] !== t) u.push(t);
    return Float64Array.from(u);
  });
  const stratumStart = new Int32Array(prep.nStrata + 1);
  for (let s = 0; s < prep.nStrata; s++) stratumStart[s + 1] = stratumStart[s]! + perStratumTimes[s]!.length;
  const m = stratumStart[prep.nStrata]!;

  const tab: CoxEventTable = {
    m, p,
    stratum: new Int32Array(m),
    time: new Float64Array(m),
    stratumStart,
    nDeath: new Float64Array(m),
    wDeath: new Float64Array(m),
    denom: new Float64Array(m),
    hazard: new Float64Array(m),
    hazardDeath: new Float64Array(m),
    varHazard: new Float64Array(m),
    xHazard: Array.from({ length: p }, () => new Float64Array(m)),
    xHazardDeath: Array.from({ length: p }, () => new Float64Array(m)),
    xMean: Array.from({ length: p }, () => new Float64Array(m)),
    info: information ? new Float64Array(m * p * p) : null,
  };

  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const xbar = new Float64Array(p);
  const cmat = information ? new Float64Array(p * p) : null;
  const cmat2 = information ? new Float64Array(p * p) : null;

  for (let s = 0; s < prep.nStrata; s++) {
    const rows = groups[s]!;
    const times = perStratumTimes[s]!;
    if (times.length === 0) continue;
    const byStop = Int32Array.from(rows).sort((i, j) => time[j]! - time[i]!);
    const byStart = start ? Int32Array.from(rows).sort((i, j) => start[j]! - start[i]!) : null;
    let pAdd = 0;
    let pRem = 0;
    let denom = 0;
    a.fill(0);
    cmat?.fill(0);
    for (let e = times.length - 1; e >= 0; e--) {
      const t = times[e]!;
      const idx = stratumStart[s]! + e;
      let d = 0;
      let wsum = 0;
      let eDenom = 0;
      a2.fill(0);
      cmat2?.fill(0);
      // Add rows with stop >= t.
      while (pAdd < byStop.length && time[byStop[pAdd]!]! >= t) {
        const i = byStop[pAdd++]!;
        const wr = weights[i]! * risk[i]!;
        denom += wr;
        for (let k = 0; k < p; k++) a[k]! += wr * x[k]![i]!;
        if (cmat) {
          for (let k = 0; k < p; k++) {
            const xk = wr * x[k]![i]!;
            for (let l = 0; l <= k; l++) cmat[k * p + l]! += xk * x[l]![i]!;
          }
        }
        if (status[i] === 1 && time[i] === t) {
          d++;
          wsum += weights[i]!;
          eDenom += wr;
          for (let k = 0; k < p; k++) a2[k]! += wr * x[k]![i]!;
          if (cmat2) {
            for (let k = 0; k < p; k++) {
              const xk = wr * x[k]![i]!;
              for (let l = 0; l <= k; l++) cmat2[k * p + l]! += xk * x[l]![i]!;
            }
          }
        }
      }
      // Remove rows that enter at or after t (counting process).
      if (byStart && start) {
        while (pRem < byStart.length && start[byStart[pRem]!]! >= t) {
          const i = byStart[pRem++]!;
          const wr = weights[i]! * risk[i]!;
          denom -= wr;
          for (let k = 0; k < p; k++) a[k]! -= wr * x[k]![i]!;
          if (cmat) {
            for (let k = 0; k < p; k++) {
              const xk = wr * x[k]![i]!;
              for (let l = 0; l <= k; l++) cmat[k * p + l]! -= xk * x[l]![i]!;
            }
          }
        }
      }

      tab.stratum[idx] = s;
      tab.time[idx] = t;
      tab.nDeath[idx] = d;
      tab.wDeath[idx] = wsum;
      tab.denom[idx] = denom;
      const steps = efron && d > 1 ? d : 1;
      const wstep = wsum / steps;
      let haz = 0;
      let hazD = 0;
      let vhaz = 0;
      for (let k = 0; k < p; k++) {
        tab.xHazard[k]![idx] = 0;
        tab.xHazardDeath[k]![idx] = 0;
        tab.xMean[k]![idx] = 0;
      }
      for (let step = 0; step < steps; step++) {
        const f = steps === 1 ? 0 : step / d;
        const den = denom - f * eDenom;
        const h = wstep / den;
        haz += h;
        hazD += (1 - f) * h;
        vhaz += h / den;
        for (let k = 0; k < p; k++) {
          const xb = (a[k]! - f * a2[k]!) / den;
          xbar[k] = xb;
          tab.xHazard[k]![idx]! += h * xb;
          tab.xHazardDeath[k]![idx]! += (1 - f) * h * xb;
          tab.xMean[k]![idx]! += xb / steps;
        }
        if (tab.info && cmat && cmat2) {
          const base = idx * p * p;
          for (let k = 0; k < p; k++) {
            for (let l = 0; l <= k; l++) {
              const v = wstep * ((cmat[k * p + l]! - f * cmat2[k * p + l]!) / den - xbar[k]! * xbar[l]!);
              tab.info[base + k * p + l]! += v;
              if (l !== k) tab.info[base + l * p + k]! += v;
            }
          }
        }
      }
      tab.hazard[idx] = haz;
      tab.hazardDeath[idx] = hazD;
      tab.varHazard[idx] = vhaz;
    }
  }
  return tab;
}

/** Index of the first element of `arr[lo..hi)` that is `> value` (binary search). */
export function upperBound(arr: Float64Array, lo: number, hi: number, value: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
