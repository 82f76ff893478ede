/**
 * Harrell's concordance of a risk score (larger = higher risk, e.g. a Cox
 * linear predictor or a predicted risk), by {@link concordance} of the
 * survival core with `reverse = true`: R's
 * `concordance(Surv(time, status) ~ risk, reverse = TRUE)` (timewt = "n",
 * ties in the score count 1/2, pairs tied on an event time are not comparable,
 * a row censored at an event time is still at risk), with its
 * infinitesimal-jackknife standard error.
 *
 * Reference: Harrell FE, Califf RM, Pryor DB, Lee KL, Rosati RA (1982) JAMA
 * 247:2543-2546; survival 3.5-3 `concordance`.
 */
import { concordance } from '../../survival/concordance/concordance.js';

/** Result of {@link harrellC}. */
export interface HarrellCResult {
  /** C statistic in [0, 1] (NaN without comparable pairs). */
  c: number;
  /** Infinitesimal-jackknife standard error. */
  se: number;
  /** Weighted pair counts (concordant, discordant, tied on score, tied on time, tied on both). */
  count: { concordant: number; discordant: number; tiedX: number; tiedY: number; tiedXY: number };
}

/**
 * Harrell's C of a risk score.
 * @param risk larger = higher risk (shorter survival)
 * @param weights optional case weights (default 1)
 * @example harrellC(time, status, fit.linearPredictors).c // => e.g. 0.68
 */
export function harrellC(time: Float64Array, status: Float64Array, risk: Float64Array, weights?: Float64Array | null): HarrellCResult {
  const r = concordance(time, status, risk, { reverse: true, weights: weights ?? null });
  return { c: r.concordance, se: r.std, count: { ...r.count } };
}
