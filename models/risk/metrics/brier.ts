/**
 * Brier score of predicted risks at a horizon with inverse probability of
 * censoring weights, and the integrated Brier score:
 *
 *   BS(t) = (1/n) sum_i [ 1{T_i <= t, delta_i = 1} (1 - r_i(t))^2 / G(T_i-) + 1{T_i > t} r_i(t)^2 / G(t) ],
 *
 * r_i(t) the predicted probability of an event by t, G the reverse
 * Kaplan-Meier of censoring (marginal); rows censored at or before t
 * contribute 0. This is riskRegression's `Score(..., metrics = "brier",
 * cens.model = "km")` (golden test in test/golden/risk-metrics.R).
 * The integrated Brier score is the trapezoid rule over the given time grid
 * divided by its range, `IBS = int_{t_1}^{t_K} BS(t) dt / (t_K - t_1)`
 * (Graf et al. 1999 integrate from 0; pass a grid starting near 0 for that).
 *
 * Reference: Graf E, Schmoor C, Sauerbrei W, Schumacher M (1999) Stat Med
 * 18:2529-2545; Gerds TA, Schumacher M (2006) Biom J 48:1029-1040.
 */
import { UsageError } from '../../../util/errors.js';
import { kaplanMeierStep, survivalAt, survivalBefore } from './survival-step.js';
import type { SurvivalStep } from './survival-step.js';

/** Brier scores at each time. */
export interface BrierResult {
  times: Float64Array;
  brier: Float64Array;
  /** Brier score of the null model (the marginal Kaplan-Meier risk for everybody), for reference. */
  brierNull: Float64Array;
}

/**
 * IPCW Brier score at each time.
 * @param risk predicted event probability by each time: one Float64Array (length n) per time
 * @throws UsageError on length mismatch or risks outside [0, 1]
 * @example brierScore(time, status, [risk1y, risk2y], [365, 730]).brier
 */
export function brierScore(time: Float64Array, status: Float64Array, risk: readonly Float64Array[], times: readonly number[]): BrierResult {
  const n = time.length;
  if (risk.length !== times.length) throw new UsageError('brierScore: one risk array per time is required');
  for (const r of risk) {
    if (r.length !== n) throw new UsageError(`brierScore: risk has length ${r.length}, expected ${n}`);
    for (const v of r) if (!(v >= 0 && v <= 1)) throw new UsageError(`brierScore: predicted risk must be in [0, 1], got ${v}`);
  }
  const G = kaplanMeierStep(time, status, null, true);
  const S = kaplanMeierStep(time, status, null, false);
  const out = new Float64Array(times.length);
  const nul = new Float64Array(times.length);
  times.forEach((t, k) => {
    const r = risk[k]!;
    const r0 = 1 - survivalAt(S, t);
    out[k] = ipcwBrier(time, status, G, t, (i) => r[i]!);
    nul[k] = ipcwBrier(time, status, G, t, () => r0);
  });
  return { times: Float64Array.from(times), brier: out, brierNull: nul };
}

function ipcwBrier(time: Float64Array, status: Float64Array, G: SurvivalStep, t: number, pred: (i: number) => number): number {
  const n = time.length;
  const gt = survivalAt(G, t);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const p = pred(i);
    if (time[i]! <= t) {
      if (status[i]! > 0) s += ((1 - p) * (1 - p)) / survivalBefore(G, time[i]!);
    } else s += (p * p) / gt;
  }
  return s / n;
}

/**
 * Integrated Brier score by the trapezoid rule over `times` (ascending, at least two), divided by the range.
 * @example integratedBrierScore([0.05, 0.1, 0.12], [1, 2, 3]) // => (0.075 + 0.11) / 2
 */
export function integratedBrierScore(brier: ArrayLike<number>, times: ArrayLike<number>): number {
  const k = times.length;
  if (k < 2 || brier.length !== k) throw new UsageError('integratedBrierScore: need at least two times and one score per time');
  let area = 0;
  for (let i = 1; i < k; i++) {
    const dt = times[i]! - times[i - 1]!;
    if (!(dt > 0)) throw new UsageError('integratedBrierScore: times must be strictly increasing');
    area += (dt * (brier[i]! + brier[i - 1]!)) / 2;
  }
  return area / (times[k - 1]! - times[0]!);
}
