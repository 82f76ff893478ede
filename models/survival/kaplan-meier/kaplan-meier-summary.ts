/**
 * Read-outs of Kaplan-Meier curves as R's `summary.survfit` and
 * `print.survfit` compute them: rows at event times, values at chosen times,
 * numbers at risk, the median survival and its confidence limits. Pure
 * functions of a {@link KaplanMeierCurve}.
 */

import type { KaplanMeierCurve } from './kaplan-meier-fit.js';
import { lastAtOrBefore } from '../survival-utils.js';

/** Rows of a summary table for one curve (R's `summary(fit)` columns). */
export interface KaplanMeierSummaryTable {
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  surv: number[];
  /** Standard error of S(t) (R's `summary(fit)$std.err`). */
  stdErr: number[];
  lower: number[];
  upper: number[];
  cumhaz: number[];
  stdErrCumhaz: number[];
}

/** Options of {@link summarizeCurve}. */
export interface KaplanMeierSummaryOptions {
  /** Report at these times instead of at the curve's own times (R's `times`). */
  times?: readonly number[];
  /** Without `times`: also keep rows with censoring only (default false, as R). */
  censored?: boolean;
  /** With `times`: keep times beyond the last follow-up time (default false, as R's `extend`). */
  extend?: boolean;
}

/**
 * Summary rows of one curve, as R's `summary.survfit`:
 * - without `times`: one row per time with an event (all distinct times when
 *   `censored`); `nCensor` of a kept row counts the censorings since the
 *   previous kept row, as R does.
 * - with `times` (sorted, non-finite dropped; beyond the last time dropped
 *   unless `extend`): S, its se, limits and the hazard are those of the last
 *   curve time <= t (1 / 0 before the first time, R's survfit0 row at time
 *   min(0, first time)); nRisk is that of the first curve time >= t (0 past the
 *   end); nEvent / nCensor are summed over (previous reported time, t].
 */
export function summarizeCurve(c: KaplanMeierCurve, options: KaplanMeierSummaryOptions = {}): KaplanMeierSummaryTable {
  const out: KaplanMeierSummaryTable = {
    time: [], nRisk: [], nEvent: [], nCensor: [], surv: [], stdErr: [], lower: [], upper: [], cumhaz: [], stdErrCumhaz: [],
  };
  const nt = c.time.length;
  if (!options.times) {
    let censSince = 0;
    for (let m = 0; m < nt; m++) {
      censSince += c.nCensor[m]!;
      if (!options.censored && !(c.nEvent[m]! > 0)) continue;
      pushRow(out, c, m, c.time[m]!, c.nRisk[m]!, c.nEvent[m]!, options.censored ? c.nCensor[m]! : censSince);
      censSince = 0;
    }
    return out;
  }
  if (nt === 0) return out;
  // survfit0: a row at start = min(0, first time) unless the curve starts there.
  const start = Math.min(0, c.time[0]!);
  const times = options.times.filter((t) => Number.isFinite(t)).slice().sort((a, b) => a - b);
  const maxTime = c.time[nt - 1]!;
  let prevIdx = -1; // last curve index included in the sums so far
  for (const t of times) {
    if (!options.extend && t > maxTime) continue;
    const i1 = lastAtOrBefore(c.time, 0, nt, t); // -1 when before the first time
    // first curve index with time >= t
    let i2 = i1 >= 0 && c.time[i1] === t ? i1 : i1 + 1;
    let nRisk: number;
    if (t <= start && c.time[0]! > start) nRisk = c.nRisk[0]!; // the survfit0 row
    else nRisk = i2 < nt ? c.nRisk[i2]! : 0;
    if (i2 > nt) i2 = nt;
    let ev = 0;
    let cens = 0;
    for (let m = prevIdx + 1; m <= i1; m++) {
      ev += c.nEvent[m]!;
      cens += c.nCensor[m]!;
    }
    if (i1 > prevIdx) prevIdx = i1;
    if (i1 < 0) {
      out.time.push(t);
      out.nRisk.push(nRisk);
      out.nEvent.push(0);
      out.nCensor.push(0);
      out.surv.push(1);
      out.stdErr.push(0);
      out.lower.push(1);
      out.upper.push(1);
      out.cumhaz.push(0);
      out.stdErrCumhaz.push(0);
    } else pushRow(out, c, i1, t, nRisk, ev, cens);
  }
  return out;
}

function pushRow(out: KaplanMeierSummaryTable, c: KaplanMeierCurve, m: number, t: number, nRisk: number, nEvent: number, nCensor: number): void {
  out.time.push(t);
  out.nRisk.push(nRisk);
  out.nEvent.push(nEvent);
  out.nCensor.push(nCensor);
  out.surv.push(c.surv[m]!);
  out.stdErr.push(c.stdErrSurv[m]!);
  out.lower.push(c.lower[m]!);
  out.upper.push(c.upper[m]!);
  out.cumhaz.push(c.cumhaz[m]!);
  out.stdErrCumhaz.push(c.stdErrCumhaz[m]!);
}

/**
 * Survival S(t) of a curve at arbitrary times (right-continuous step
 * function; 1 before the first time; the last value after the end).
 */
export function survivalAtTimes(c: KaplanMeierCurve, times: readonly number[]): number[] {
  return times.map((t) => {
    const i = lastAtOrBefore(c.time, 0, c.time.length, t);
    return i < 0 ? 1 : c.surv[i]!;
  });
}

/**
 * Number at risk at each time as R's `summary(fit, times, extend = TRUE)$n.risk`:
 * the risk set of the first curve time >= t (everyone before the first
 * time, 0 after the last).
 */
export function numberAtRisk(c: KaplanMeierCurve, times: readonly number[]): number[] {
  const nt = c.time.length;
  return times.map((t) => {
    const i1 = lastAtOrBefore(c.time, 0, nt, t);
    const i2 = i1 >= 0 && c.time[i1] === t ? i1 : i1 + 1;
    return i2 < nt ? c.nRisk[i2]! : 0;
  });
}

/**
 * R's rule for the time at which a curve first drops to 0.5 or below
 * (survmean's `minmin`, tolerance sqrt(machine epsilon)): the first time with
 * y < 0.5 + tol; when that y equals 0.5 (within tol) and the curve later
 * drops below it, the average of that time and the first time it drops.
 * NaN values (R's NA limits) are skipped. Returns null when never reached.
 */
export function timeCurveReachesHalf(y: ArrayLike<number>, x: ArrayLike<number>): number | null {
  const tol = Math.sqrt(2.220446049250313e-16);
  let first = -1;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isNaN(v) && v < 0.5 + tol) {
      first = i;
      break;
    }
  }
  if (first < 0) return null;
  const y1 = y[first]!;
  if (Math.abs(y1 - 0.5) < tol) {
    for (let i = first + 1; i < y.length; i++) {
      const v = y[i]!;
      if (!Number.isNaN(v) && v < y1) return (x[first]! + x[i]!) / 2;
    }
  }
  return x[first]!;
}

/** Median survival and its confidence limits as R's print.survfit. */
export interface MedianSurvival {
  median: number | null;
  /** Where the lower confidence curve reaches 0.5 (R's `0.95LCL`). */
  lower: number | null;
  /** Where the upper confidence curve reaches 0.5 (R's `0.95UCL`). */
  upper: number | null;
}

/** Median survival of a curve and its CI (R's print.survfit / survmean). */
export function medianSurvival(c: KaplanMeierCurve): MedianSurvival {
  return {
    median: timeCurveReachesHalf(c.surv, c.time),
    lower: timeCurveReachesHalf(c.lower, c.time),
    upper: timeCurveReachesHalf(c.upper, c.time),
  };
}
