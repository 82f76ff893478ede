/**
 * Numeric core of the cumulative hazard estimators, as R survival's
 * `survfit(..., ctype = 1 | 2)` computes them from the risk-set counts.
 *
 * - ctype 1 (Nelson-Aalen; R's default): H(t) = sum over event times of
 *   d_w / n_w, variance sum d_w / n_w^2 (Aalen's estimator with weights).
 * - ctype 2 (Fleming-Harrington tie correction): the d tied events at a time
 *   are treated as happening one after another, each removing the average
 *   event weight from the risk set: increment sum_{j=0}^{d-1} (d_w/d) / (n_w - j d_w/d),
 *   variance sum_{j} (d_w/d) / (n_w - j d_w/d)^2.
 *
 * Here d is the unweighted number of events, d_w and n_w the case-weighted
 * numbers of events and at risk. A time contributes only when d > 0 and d_w > 0.
 * Reference: Therneau, survival package vignette "The survfit function",
 * section on the Nelson-Aalen and Fleming-Harrington estimates; Fleming &
 * Harrington (1984), Commun. Stat. 13:2469-86.
 */

/** Cumulative hazard type: 1 = Nelson-Aalen (R default), 2 = Fleming-Harrington. */
export type CumhazType = 1 | 2;

/** Cumulative hazard and its standard error at each of the given times. */
export interface CumulativeHazard {
  cumhaz: Float64Array;
  /** sqrt of the summed variance increments (R's `std.chaz`). */
  stdErr: Float64Array;
}

/**
 * Cumulative hazard from per-time counts (one stratum, times ascending).
 * @param nRisk case-weighted number at risk at each time
 * @param nEventWeighted case-weighted number of events
 * @param nEventCount unweighted number of events
 * @param ctype 1 (Nelson-Aalen, default as R) or 2 (Fleming-Harrington)
 * @example cumulativeHazardFromCounts(new Float64Array([5, 3]), new Float64Array([1, 2]), new Float64Array([1, 2]))
 *   // => cumhaz [0.2, 0.8666...]
 */
export function cumulativeHazardFromCounts(
  nRisk: Float64Array,
  nEventWeighted: Float64Array,
  nEventCount: Float64Array,
  ctype: CumhazType = 1,
): CumulativeHazard {
  const m = nRisk.length;
  const cumhaz = new Float64Array(m);
  const stdErr = new Float64Array(m);
  let h = 0;
  let v = 0;
  for (let i = 0; i < m; i++) {
    const d0 = nEventCount[i]!;
    const d1 = nEventWeighted[i]!;
    const n = nRisk[i]!;
    if (d0 > 0 && d1 > 0) {
      if (ctype === 1) {
        h += d1 / n;
        v += d1 / (n * n);
      } else {
        const wbar = d1 / d0;
        for (let j = 0; j < d0; j++) {
          const den = n - j * wbar;
          h += wbar / den;
          v += wbar / (den * den);
        }
      }
    }
    cumhaz[i] = h;
    stdErr[i] = Math.sqrt(v);
  }
  return { cumhaz, stdErr };
}
