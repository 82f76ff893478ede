/**
 * Shared output of the count regressions: the coefficient table with Wald
 * tests and Wald confidence intervals (R's `confint.default`; note that
 * `confint()` on a glm in R >= 4.4 / MASS profiles the likelihood instead) and
 * the rate ratios `exp(beta)` with their intervals.
 */
import { UsageError } from '../../util/errors.js';
import { pnorm, qnorm } from '../stats/distributions.js';

/** One row of the coefficient table. */
export interface CountCoefficient {
  term: string;
  estimate: number;
  se: number;
  /** Wald z = estimate / se. */
  z: number;
  /** Two-sided p-value of z. */
  p: number;
  lower: number;
  upper: number;
  /** exp(estimate): the rate ratio (for the intercept, the baseline rate per unit of exposure). */
  rateRatio: number;
  rateRatioLower: number;
  rateRatioUpper: number;
}

/** Fields common to both count regressions. */
export interface CountRegressionResult {
  family: 'poisson' | 'negative.binomial';
  coefficients: CountCoefficient[];
  /** Covariance used for the table (model-based or robust), row-major p × p as nested arrays. */
  covariance: number[][];
  /** `model` (inverse information, dispersion 1) or `robust` (sandwich HC0, clustered when clusters given). */
  varianceType: 'model' | 'robust';
  confLevel: number;
  n: number;
  rank: number;
  deviance: number;
  nullDeviance: number;
  dfResidual: number;
  dfNull: number;
  logLik: number;
  aic: number;
  /** Negative binomial only: theta (Var = mu + mu^2/theta) and its SE; Poisson: Infinity and NaN. */
  theta: number;
  thetaSE: number;
  iterations: number;
  converged: boolean;
  fitted: Float64Array;
  warnings: string[];
}

/** Options shared by both count regressions. */
export interface CountRegressionOptions {
  /** Confidence level of the Wald intervals (default 0.95). */
  confLevel?: number;
  /** `model` (default) or `robust` sandwich variance (clustered by the input's `cluster`). */
  variance?: 'model' | 'robust';
  /** With robust variance, multiply by G/(G-1) as `sandwich::vcovCL`'s default `cadjust = TRUE` (default false: HC0). */
  clusterAdjust?: boolean;
}

/** Validate the confidence level. */
export function checkConfLevel(confLevel: number): number {
  if (!(confLevel > 0 && confLevel < 1)) throw new UsageError(`confLevel must be in (0, 1), got ${confLevel}`);
  return confLevel;
}

/** Coefficient table from estimates and a covariance matrix (row-major). */
export function coefficientTable(names: readonly string[], coef: Float64Array, cov: Float64Array, aliased: readonly boolean[], confLevel: number): CountCoefficient[] {
  const p = names.length;
  const q = qnorm(1 - (1 - confLevel) / 2);
  return names.map((term, j) => {
    const estimate = coef[j] as number;
    const se = aliased[j] ? NaN : Math.sqrt(cov[j * p + j] as number);
    const z = estimate / se;
    const lower = estimate - q * se;
    const upper = estimate + q * se;
    return { term, estimate, se, z, p: 2 * pnorm(-Math.abs(z)), lower, upper, rateRatio: Math.exp(estimate), rateRatioLower: Math.exp(lower), rateRatioUpper: Math.exp(upper) };
  });
}

/** Row-major matrix as nested arrays. */
export function toNested(m: Float64Array, p: number): number[][] {
  return Array.from({ length: p }, (_, i) => Array.from(m.subarray(i * p, (i + 1) * p)));
}
