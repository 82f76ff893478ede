/**
 * Kaplan-Meier step functions for the validation metrics: the survival
 * curve S(t) of the event and, with `reverse`, the censoring survival G(t)
 * (the "reverse" Kaplan-Meier: censorings are the events; at a tied time
 * deaths come first, so a death at t is no longer at risk of censoring at t,
 * as prodlim's `reverse = TRUE` and riskRegression's `cens.model = "km"`,
 * checked against riskRegression's Brier score on gbsg, which has such ties). Evaluated right-continuously
 * (`at`: S(t)) or as left limits (`before`: S(t-)).
 *
 * Reference: Kaplan EL, Meier P (1958) JASA 53:457-481; Gerds TA, Schumacher M
 * (2006) Biom J 48:1029-1040 (IPCW with the reverse KM).
 */
import { UsageError } from '../../../util/errors.js';
import { argsortFloat64 } from '../../survival/survival-utils.js';

/** A right-continuous step function: value `surv[k]` on `[time[k], time[k+1])`, 1 before `time[0]`. */
export interface SurvivalStep {
  time: Float64Array;
  surv: Float64Array;
}

/**
 * Kaplan-Meier estimate (weighted), jumps only at event times (or censoring times when `reverse`).
 * @param reverse estimate the censoring distribution G instead of S. Default false.
 */
export function kaplanMeierStep(time: Float64Array, status: Float64Array, weights?: Float64Array | null, reverse = false): SurvivalStep {
  const n = time.length;
  if (status.length !== n) throw new UsageError(`kaplanMeierStep: status has length ${status.length}, time has ${n}`);
  const ord = argsortFloat64(time);
  let atRisk = 0;
  for (let i = 0; i < n; i++) atRisk += weights ? weights[i]! : 1;
  const ts: number[] = [];
  const ss: number[] = [];
  let s = 1;
  let r = 0;
  while (r < n) {
    const t = time[ord[r]!]!;
    let d = 0;
    let all = 0;
    let r2 = r;
    while (r2 < n && time[ord[r2]!]! === t) {
      const i = ord[r2]!;
      const w = weights ? weights[i]! : 1;
      const ev = status[i]! > 0;
      if (reverse ? !ev : ev) d += w;
      all += w;
      r2++;
    }
    // Reverse KM: deaths at t precede censorings at t, so they are not at risk of censoring at t.
    const rs = reverse ? atRisk - (all - d) : atRisk;
    if (d > 0 && rs > 0) {
      s *= 1 - d / rs;
      ts.push(t);
      ss.push(s);
    }
    atRisk -= all;
    r = r2;
  }
  return { time: Float64Array.from(ts), surv: Float64Array.from(ss) };
}

/** Index of the last jump <= t (or < t when strict), -1 if none. */
function lastJump(step: SurvivalStep, t: number, strict: boolean): number {
  let lo = 0;
  let hi = step.time.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = step.time[mid]!;
    if (strict ? v < t : v <= t) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** S(t) (right-continuous). */
export function survivalAt(step: SurvivalStep, t: number): number {
  const k = lastJump(step, t, false);
  return k < 0 ? 1 : step.surv[k]!;
}

/** S(t-) (left limit). */
export function survivalBefore(step: SurvivalStep, t: number): number {
  const k = lastJump(step, t, true);
  return k < 0 ? 1 : step.surv[k]!;
}
