/**
 * Predicted survival curves from a Cox model for new covariate vectors, as R
 * survival 3.5-3's `survfit(fit, newdata)` with its defaults (`stype = 2`:
 * S = exp(-Λ); `ctype` following the ties of the fit; log confidence
 * intervals), for right-censored and counting-process data, with strata.
 *
 * For a new covariate vector z with risk `ρ = exp((z - means)·β + offset - mean(offset))`:
 * `Λ_z(t) = ρ Λ₀(t)`, `S_z(t) = exp(-Λ_z(t))`, and the standard error of
 * `Λ_z(t)` (R's `std.err`, on the log-survival scale) is
 * `ρ sqrt( Σ varHazard + dᵀ V d )`, `d(t) = Σ_{s<=t} (z - x̄(s)) dΛ₀(s)`,
 * V the variance of β (Tsiatis 1981; R's `varh` plus `dt %*% varmat %*% dt`).
 *
 * References: Tsiatis AA (1981), Ann Stat 9:93–108; Therneau TM, Grambsch PM
 * (2000), *Modeling Survival Data*, §10.2; R survival 3.5-3 `survfit.coxph.R`,
 * `coxsurv.fit`, `agsurv.R`, `survfit_confint`.
 */
import { UsageError } from '../../../util/errors.js';
import { qnorm } from '../../stats/distributions.js';
import type { CoxPostInput } from './cox-post-types.js';
import { prepareCoxPost } from './cox-residuals-input.js';
import { coxBaselineStrata, offsetMean } from './cox-baseline.js';
import { upperBound } from './cox-residuals-riskset.js';

/** Confidence-interval transforms (R's `conf.type`). */
export type CoxSurvConfType = 'log' | 'log-log' | 'plain' | 'none';

/** Options of {@link coxSurvfit}. */
export interface CoxSurvfitOptions {
  /** Confidence-interval type; default `'log'` (R's survfit default; lifelines uses log-log). */
  confType?: CoxSurvConfType;
  /** Confidence level; default 0.95. */
  confLevel?: number;
  /** Compute standard errors and intervals; default true. */
  se?: boolean;
}

/** New covariate rows. */
export interface CoxNewData {
  /** Column-major, the same columns as the fit's design (dropped columns are ignored). */
  x: Float64Array[];
  /** Offsets of the new rows (default 0). */
  offset?: Float64Array;
  /**
   * Stratum code of each new row. When the fit has strata and this is given,
   * each row gets the curve of its stratum; when absent, each row gets one
   * curve per stratum (R's behaviour when newdata lacks the strata variable).
   */
  strata?: Int32Array;
}

/** One predicted curve. */
export interface CoxSurvCurve {
  /** Index of the new-data row. */
  row: number;
  /** Stratum code, or null when the fit has no strata. */
  stratum: number | null;
  time: Float64Array;
  nRisk: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
  surv: Float64Array;
  cumhaz: Float64Array;
  /** Standard error of the cumulative hazard (= of log survival, R's `std.err`), or null with `se: false`. */
  stdErr: Float64Array | null;
  lower: Float64Array | null;
  upper: Float64Array | null;
}

/** Values of one curve at requested times. */
export interface CoxSurvAt {
  row: number;
  stratum: number | null;
  time: Float64Array;
  surv: Float64Array;
  cumhaz: Float64Array;
  stdErr: Float64Array | null;
  lower: Float64Array | null;
  upper: Float64Array | null;
}

/** The result of {@link coxSurvfit}. */
export interface CoxSurvfitResult {
  curves: CoxSurvCurve[];
  confType: CoxSurvConfType;
  confLevel: number;
  warnings: string[];
  /** Step-function values of every curve at `times` (see {@link curveAt}). */
  survivalAt(times: ArrayLike<number>): CoxSurvAt[];
}

/**
 * Confidence limits for survival `s` with standard error `se` of log S
 * (R's `survfit_confint` with `logse = TRUE`).
 *
 * @returns lower and upper limits (NaN where undefined, e.g. log at S = 0).
 * @example confidenceLimits(0.5, 0.1, 'log', 0.95) // => { lower: 0.411, upper: 0.608 }
 */
export function confidenceLimits(
  s: number,
  se: number,
  confType: Exclude<CoxSurvConfType, 'none'>,
  confLevel: number,
): { lower: number; upper: number } {
  const z = qnorm(1 - (1 - confLevel) / 2);
  switch (confType) {
    case 'plain': {
      const w = se * s * z;
      return { lower: Math.max(s - w, 0), upper: Math.min(s + w, 1) };
    }
    case 'log': {
      if (s === 0) return { lower: NaN, upper: NaN };
      const w = z * se;
      return { lower: Math.exp(Math.log(s) - w), upper: Math.min(Math.exp(Math.log(s) + w), 1) };
    }
    case 'log-log': {
      if (s === 0 || s === 1) return { lower: NaN, upper: NaN };
      const w = (z * se) / Math.log(s);
      const ll = Math.log(-Math.log(s));
      return { lower: Math.exp(-Math.exp(ll - w)), upper: Math.exp(-Math.exp(ll + w)) };
    }
    default:
      throw new UsageError(`Unknown confidence interval type: ${String(confType)}`);
  }
}

/**
 * Step-function value of a curve at the given times: the value at the last
 * curve time <= t; S = 1 (cumulative hazard 0) before the first time; NaN
 * after the last time (R's `summary(fit, times)` omits such times).
 *
 * @example curveAt(curve, [365]).surv[0]
 */
export function curveAt(curve: CoxSurvCurve, times: ArrayLike<number>): CoxSurvAt {
  const m = curve.time.length;
  const n = times.length;
  const pick = (src: Float64Array | null, before: number): Float64Array | null => {
    if (!src) return null;
    const out = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const t = times[j]!;
      if (m === 0 || t > curve.time[m - 1]! || Number.isNaN(t)) out[j] = NaN;
      else {
        const k = upperBound(curve.time, 0, m, t) - 1;
        out[j] = k < 0 ? before : src[k]!;
      }
    }
    return out;
  };
  return {
    row: curve.row, stratum: curve.stratum, time: Float64Array.from(times),
    surv: pick(curve.surv, 1)!, cumhaz: pick(curve.cumhaz, 0)!,
    stdErr: pick(curve.stdErr, 0), lower: pick(curve.lower, 1), upper: pick(curve.upper, 1),
  };
}

/**
 * Predicted survival curves for new covariate vectors (R: `survfit(fit, newdata)`).
 *
 * @param input the fitted model; not modified.
 * @param newdata new covariate rows (column-major, same columns as the fit);
 *   default: one row at the covariate means (R's `survfit(fit)` without newdata).
 * @param options confType (default `'log'`), confLevel (default 0.95), se (default true).
 * @returns one curve per new row (per row and stratum when strata are not given).
 * @throws UsageError on malformed input, mismatched new-data columns, an
 *   unknown stratum or a confidence level outside (0, 1).
 * @example coxSurvfit(fit, { x: [Float64Array.of(60), Float64Array.of(1)] }).survivalAt([365])
 */
export function coxSurvfit(
  input: CoxPostInput,
  newdata: CoxNewData | null = null,
  options: CoxSurvfitOptions = {},
): CoxSurvfitResult {
  if (input.special === 'tt') throw new UsageError('survfit cannot process Cox models with a tt() term (as R)');
  const confType = options.confType ?? 'log';
  const confLevel = options.confLevel ?? 0.95;
  const se = options.se ?? true;
  if (!(confLevel > 0 && confLevel < 1)) throw new UsageError(`confLevel must be in (0, 1), got ${confLevel}`);
  if (!['log', 'log-log', 'plain', 'none'].includes(confType)) {
    throw new UsageError(`Unknown confidence interval type: ${confType} (use log, log-log, plain or none)`);
  }
  const prep = prepareCoxPost(input);
  const { p } = prep;
  if (newdata === null) {
    // R: without newdata the curve is at the means with risk 1 (offset at its mean).
    newdata = { x: Array.from(input.means, (m) => Float64Array.of(m)), offset: Float64Array.of(offsetMean(prep)) };
  }
  if (newdata.x.length !== input.x.length) {
    throw new UsageError(`newdata has ${newdata.x.length} columns, the fit has ${input.x.length}`);
  }
  const nNew = newdata.x.length ? newdata.x[0]!.length : 0;
  for (const c of newdata.x) if (c.length !== nNew) throw new UsageError('newdata columns differ in length');
  if (newdata.offset && newdata.offset.length !== nNew) throw new UsageError('newdata offset has the wrong length');
  if (newdata.strata && newdata.strata.length !== nNew) throw new UsageError('newdata strata has the wrong length');

  const base = coxBaselineStrata(prep);
  const om = offsetMean(prep);
  const warnings: string[] = [];
  if (prep.keep.length < input.coef.length) {
    warnings.push(`${input.coef.length - prep.keep.length} column(s) with NaN coefficient excluded`);
  }
  const V = prep.var;
  const curves: CoxSurvCurve[] = [];
  const z = new Float64Array(p);
  for (let r = 0; r < nNew; r++) {
    let lp = newdata.offset ? newdata.offset[r]! - om : -om;
    for (let k = 0; k < p; k++) {
      z[k] = newdata.x[prep.keep[k]!]![r]! - prep.means[k]!;
      lp += z[k]! * prep.coef[k]!;
    }
    const rho = Math.exp(lp);
    let strataFor: number[];
    if (!prep.hasStrata) strataFor = [0];
    else if (newdata.strata) {
      const s = newdata.strata[r]!;
      if (!(s >= 0 && s < prep.nStrata)) throw new UsageError(`newdata stratum ${s} not found in the fit (0..${prep.nStrata - 1})`);
      strataFor = [s];
    } else strataFor = base.map((b) => b.stratum);
    for (const s of strataFor) {
      const b = base[s]!;
      const m = b.time.length;
      const cumhaz = b.cumHaz.map((h) => h * rho);
      const surv = cumhaz.map((h) => Math.exp(-h));
      let stdErr: Float64Array | null = null;
      let lower: Float64Array | null = null;
      let upper: Float64Array | null = null;
      if (se) {
        stdErr = new Float64Array(m);
        const d = new Float64Array(p);
        for (let k = 0; k < m; k++) {
          for (let c = 0; c < p; c++) d[c] = b.cumHaz[k]! * z[c]! - b.cumXHaz[c]![k]!;
          let q = 0;
          for (let i = 0; i < p; i++) {
            let t = 0;
            for (let j = 0; j < p; j++) t += V[i * p + j]! * d[j]!;
            q += d[i]! * t;
          }
          stdErr[k] = Math.sqrt((b.cumVar[k]! + q) * rho * rho);
        }
        if (confType !== 'none') {
          lower = new Float64Array(m);
          upper = new Float64Array(m);
          for (let k = 0; k < m; k++) {
            const ci = confidenceLimits(surv[k]!, stdErr[k]!, confType, confLevel);
            lower[k] = ci.lower;
            upper[k] = ci.upper;
          }
        }
      }
      curves.push({
        row: r, stratum: prep.hasStrata ? s : null, time: b.time, nRisk: b.nRisk, nEvent: b.nEvent,
        nCensor: b.nCensor, surv, cumhaz, stdErr, lower, upper,
      });
    }
  }
  return {
    curves, confType, confLevel, warnings,
    survivalAt(times: ArrayLike<number>): CoxSurvAt[] {
      return curves.map((c) => curveAt(c, times));
    },
  };
}
