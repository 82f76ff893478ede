/**
 * Empirical calibration with negative controls (Schuemie et al., Stat Med
 * 2014;33:209–218; Schuemie, Hripcsak et al., PNAS 2018;115:2571–2577):
 * outcomes the treatment is known not to cause estimate the study design's
 * systematic error. Each negative-control estimate (a log ratio theta_i with
 * standard error s_i) is modelled as theta_i ~ N(mu, tau^2 + s_i^2): bias mu
 * and spread tau of the systematic error plus its own sampling error. mu and
 * tau are fitted by maximum likelihood (for fixed tau, mu is the weighted mean
 * with weights 1 / (tau^2 + s_i^2); tau maximises the profile likelihood,
 * found by golden-section search on [0, tauMax] and polished there).
 *
 * An estimate theta with standard error s is then calibrated: z =
 * (theta - mu) / sqrt(tau^2 + s^2), calibrated two-sided p = 2 Phi(-|z|) (the
 * 2014 paper's empirical null), and the calibrated interval
 * exp(theta - mu +- z_{1-a/2} sqrt(tau^2 + s^2)) (the 2018 paper's
 * interval under its simplest error model: the systematic error does not
 * depend on the true effect size, which negative controls alone cannot
 * tell apart; positive controls would be needed for that).
 */
import { UsageError } from '../../util/errors.js';
import { pnorm, qnorm } from '../stats/distributions.js';

/** The fitted systematic-error (empirical null) distribution. */
export interface SystematicError {
  /** Mean of the systematic error on the log scale. */
  mu: number;
  /** Its standard deviation (>= 0). */
  tau: number;
  /** Maximised log-likelihood. */
  logLik: number;
  /** Negative controls used. */
  controls: number;
  warnings: string[];
}

/** A calibrated estimate. */
export interface CalibratedEstimate {
  /** The calibrated estimate as a ratio, exp(theta - mu) (the centre of the calibrated interval), and the calibrated interval. */
  estimate: number;
  lower: number;
  upper: number;
  /** The estimate before calibration, exp(theta). */
  uncalibrated: number;
  /** Uncalibrated and calibrated two-sided p-values. */
  p: number;
  calibratedP: number;
}

function logLik(theta: ArrayLike<number>, se: ArrayLike<number>, tau: number): { ll: number; mu: number } {
  let sw = 0;
  let swx = 0;
  for (let i = 0; i < theta.length; i++) {
    const w = 1 / (tau * tau + se[i]! * se[i]!);
    sw += w;
    swx += w * theta[i]!;
  }
  const mu = swx / sw;
  let ll = 0;
  for (let i = 0; i < theta.length; i++) {
    const v = tau * tau + se[i]! * se[i]!;
    ll += -0.5 * Math.log(2 * Math.PI * v) - ((theta[i]! - mu) ** 2) / (2 * v);
  }
  return { ll, mu };
}

/**
 * Fits the systematic-error distribution to negative-control estimates.
 * @param logEstimates log ratios of the negative controls; @param standardErrors their standard errors (> 0).
 * @throws {UsageError} with fewer than 2 controls, mismatched lengths or non-finite values (naming the control).
 * @example fitSystematicError([0.1, 0.3, -0.05, 0.2], [0.1, 0.2, 0.15, 0.1]).mu
 */
export function fitSystematicError(logEstimates: ArrayLike<number>, standardErrors: ArrayLike<number>): SystematicError {
  const n = logEstimates.length;
  if (standardErrors.length !== n) throw new UsageError(`empirical calibration: ${n} estimates but ${standardErrors.length} standard errors`);
  if (n < 2) throw new UsageError(`empirical calibration needs at least 2 negative-control estimates, got ${n}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(logEstimates[i]!)) throw new UsageError(`empirical calibration: negative control ${i + 1} has estimate ${logEstimates[i]}`);
    if (!(standardErrors[i]! > 0) || !Number.isFinite(standardErrors[i]!)) throw new UsageError(`empirical calibration: negative control ${i + 1} has standard error ${standardErrors[i]}`);
  }
  const warnings: string[] = [];
  if (n < 5) warnings.push(`only ${n} negative controls: the systematic-error distribution is poorly determined (at least 5, better 20 or more, are advised)`);
  let min = Infinity;
  let max = -Infinity;
  let maxSe = 0;
  for (let i = 0; i < n; i++) {
    min = Math.min(min, logEstimates[i]!);
    max = Math.max(max, logEstimates[i]!);
    maxSe = Math.max(maxSe, standardErrors[i]!);
  }
  const f = (tau: number): number => logLik(logEstimates, standardErrors, tau).ll;
  // Coarse scan (the profile likelihood can be flat near 0), then golden-section search around the best point.
  const tauMax = 2 * (max - min) + maxSe + 1e-6;
  const grid = 200;
  let best = 0;
  let bestLl = f(0);
  for (let g = 1; g <= grid; g++) {
    const t = (tauMax * g) / grid;
    const l = f(t);
    if (l > bestLl) { bestLl = l; best = t; }
  }
  let a = Math.max(0, best - tauMax / grid);
  let b = Math.min(tauMax, best + tauMax / grid);
  const phi = (Math.sqrt(5) - 1) / 2;
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let it = 0; it < 200 && b - a > 1e-13 * Math.max(1, b); it++) {
    if (fc > fd) { b = d; d = c; fd = fc; c = b - phi * (b - a); fc = f(c); }
    else { a = c; c = d; fc = fd; d = a + phi * (b - a); fd = f(d); }
  }
  let tau = (a + b) / 2;
  if (f(0) >= f(tau)) tau = 0;
  const fit = logLik(logEstimates, standardErrors, tau);
  return { mu: fit.mu, tau, logLik: fit.ll, controls: n, warnings };
}

/**
 * Calibrates one estimate with a fitted systematic-error distribution.
 * @param logEstimate log ratio; @param standardError its standard error; @param null the fitted distribution.
 * @param confLevel (0.95).
 * @example calibrateEstimate(Math.log(0.7), 0.12, fitSystematicError(theta, se)).calibratedP
 */
export function calibrateEstimate(logEstimate: number, standardError: number, fitted: SystematicError, confLevel = 0.95): CalibratedEstimate {
  if (!Number.isFinite(logEstimate) || !(standardError > 0)) throw new UsageError(`empirical calibration: cannot calibrate estimate ${logEstimate} with standard error ${standardError}`);
  const sd = Math.sqrt(fitted.tau ** 2 + standardError ** 2);
  const z = qnorm(1 - (1 - confLevel) / 2);
  const zc = (logEstimate - fitted.mu) / sd;
  return {
    estimate: Math.exp(logEstimate - fitted.mu),
    lower: Math.exp(logEstimate - fitted.mu - z * sd),
    upper: Math.exp(logEstimate - fitted.mu + z * sd),
    uncalibrated: Math.exp(logEstimate),
    p: 2 * pnorm(-Math.abs(logEstimate / standardError)),
    calibratedP: 2 * pnorm(-Math.abs(zc)),
  };
}
