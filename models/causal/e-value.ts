/**
 * The E-value (VanderWeele & Ding, Ann Intern Med 2017;167:268–274): the
 * minimum strength of association, on the risk-ratio scale, that an unmeasured
 * confounder would need with both the treatment and the outcome, conditional
 * on the measured covariates, to fully explain away an observed association.
 * For a risk ratio RR >= 1: E = RR + sqrt(RR (RR - 1)); for RR < 1 the same
 * formula applied to 1 / RR. For the confidence interval, the E-value of the
 * limit closer to the null, or 1 when the interval includes the null.
 *
 * Hazard ratios are converted first (VanderWeele, Biometrics 2020;76:746–752,
 * and the 2017 paper's Table): for a rare outcome (cumulative incidence below
 * 15 % at the end of follow-up) RR ~ HR; for a common outcome
 * RR ~ (1 - 0.5^sqrt(HR)) / (1 - 0.5^sqrt(1 / HR)).
 */
import { UsageError } from '../../util/errors.js';

/** E-values of a point estimate and of its confidence interval. */
export interface EValue {
  /** The risk ratio the E-value was computed from (after any conversion). */
  riskRatio: number;
  /** E-value of the point estimate. */
  point: number;
  /** E-value of the confidence limit closer to the null (1 when the interval includes 1); NaN without an interval. */
  limit: number;
}

/** E-value of one risk ratio (> 0). */
function eOf(rr: number): number {
  const r = rr < 1 ? 1 / rr : rr;
  return r + Math.sqrt(r * (r - 1));
}

/**
 * E-values of a risk ratio and its interval.
 * @param rr risk ratio (> 0); @param lower, upper its confidence limits (optional).
 * @throws {UsageError} for a non-positive or non-finite ratio, or limits that do not enclose it.
 * @example eValue(3.9, 1.8, 8.7) // => { riskRatio: 3.9, point: 7.26, limit: 3.0 } (VanderWeele & Ding 2017)
 */
export function eValue(rr: number, lower?: number, upper?: number): EValue {
  if (!(rr > 0) || !Number.isFinite(rr)) throw new UsageError(`E-value: the ratio must be a positive number, got ${rr}`);
  let limit = NaN;
  if (lower !== undefined && upper !== undefined) {
    if (!(lower > 0 && lower <= rr && rr <= upper && Number.isFinite(upper))) throw new UsageError(`E-value: the interval [${lower}, ${upper}] must be positive and contain ${rr}`);
    limit = lower <= 1 && upper >= 1 ? 1 : eOf(rr > 1 ? lower : upper);
  }
  return { riskRatio: rr, point: eOf(rr), limit };
}

/**
 * The risk ratio a hazard ratio corresponds to (VanderWeele 2020): HR itself
 * for a rare outcome, `(1 - 0.5^sqrt(HR)) / (1 - 0.5^sqrt(1/HR))` for a common one.
 * @param hr hazard ratio (> 0); @param commonOutcome true when the outcome's cumulative incidence exceeds 15 % by the end of follow-up.
 * @example hazardToRiskRatio(2, true) // => 1.6125
 */
export function hazardToRiskRatio(hr: number, commonOutcome: boolean): number {
  if (!(hr > 0) || !Number.isFinite(hr)) throw new UsageError(`E-value: the hazard ratio must be a positive number, got ${hr}`);
  if (!commonOutcome) return hr;
  return (1 - 0.5 ** Math.sqrt(hr)) / (1 - 0.5 ** Math.sqrt(1 / hr));
}

/**
 * E-values of a hazard ratio and its interval, converted to the risk-ratio scale first.
 * @param commonOutcome outcome cumulative incidence above 15 % at the end of follow-up.
 * @example eValueHazardRatio(0.6, 0.45, 0.8, false).point // => 2.72
 */
export function eValueHazardRatio(hr: number, lower: number | undefined, upper: number | undefined, commonOutcome: boolean): EValue {
  const c = (x: number | undefined): number | undefined => (x === undefined ? undefined : hazardToRiskRatio(x, commonOutcome));
  return eValue(hazardToRiskRatio(hr, commonOutcome), c(lower), c(upper));
}
