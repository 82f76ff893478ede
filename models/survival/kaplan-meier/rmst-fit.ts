/**
 * Numeric core of the restricted mean survival time (RMST): the area under a
 * Kaplan-Meier curve up to tau, and its standard error, exactly as R survival's
 * `print(survfit, rmean = tau)` (survmean) and survRM2's `rmst1` compute them:
 *
 *   RMST(tau) = start + sum of rectangles under the step function S on [start, tau],
 *     start = min(0, first time);
 *   var = sum over curve times t_i <= tau of A_i^2 d_i / (n_i (n_i - d_i)),
 *     A_i = area under S from t_i to tau, the term 0 when n_i = d_i
 *   (Klein & Moeschberger 2003, §4.5; Royston & Parmar 2013, BMC Med Res Methodol 13:152).
 * d and n are the case-weighted counts of the curve.
 */

import { UsageError } from '../../../util/errors.js';
import type { KaplanMeierCurve } from './kaplan-meier-fit.js';

/** RMST of one curve. */
export interface RmstEstimate {
  rmst: number;
  /** Standard error (R's `se(rmean)`). */
  stdErr: number;
}

/**
 * RMST of a Kaplan-Meier curve up to `tau` (R: `summary(survfit(...), rmean = tau)$table[, c("rmean", "se(rmean)")]`).
 * @param curve a curve from kaplanMeierCore
 * @param tau truncation time, >= min(0, first time)
 * @throws UsageError when tau is not finite or before the start of the curve
 * @example rmstFromCurve(curve, 365) // => { rmst: 284.3, stdErr: 9.4 }
 */
export function rmstFromCurve(curve: KaplanMeierCurve, tau: number): RmstEstimate {
  const { time, surv, nRisk, nEvent } = curve;
  const nt = time.length;
  const start = Math.min(0, nt > 0 ? time[0]! : 0);
  if (!Number.isFinite(tau) || tau < start) throw new UsageError(`rmst: tau must be a finite time >= ${start}, got ${tau}`);
  let last = -1;
  while (last + 1 < nt && time[last + 1]! <= tau) last++;
  // rectangles: [start, t_0) at S = 1, [t_i, t_{i+1}) at S(t_i), [t_last, tau] at S(t_last)
  const rect = new Float64Array(last + 2);
  let prevT = start;
  let prevS = 1;
  for (let i = 0; i <= last; i++) {
    rect[i] = (time[i]! - prevT) * prevS;
    prevT = time[i]!;
    prevS = surv[i]!;
  }
  rect[last + 1] = (tau - prevT) * prevS;
  let area = 0;
  for (let i = 0; i < rect.length; i++) area += rect[i]!;
  // A_i = area from t_i to tau = sum of rect[i+1..]
  let tail = 0;
  let v = 0;
  for (let i = last; i >= 0; i--) {
    tail += rect[i + 1]!;
    const n = nRisk[i]!;
    const d = nEvent[i]!;
    const h = n - d === 0 ? 0 : d / (n * (n - d));
    v += tail * tail * h;
  }
  return { rmst: area + start, stdErr: Math.sqrt(v) };
}
