/**
 * Error distributions of accelerated failure time models on the log-time
 * scale, as R survival's `survreg.distributions`: the standard extreme-value
 * (minimum) distribution (Weibull and exponential models), the logistic
 * (log-logistic model) and the standard normal (log-normal model).
 *
 * For a standardized residual `z` each distribution gives, for an observed
 * event, `log f(z)` and its first two derivatives in `z`, and for a
 * right-censored observation `log S(z)` and its derivatives (`S = 1 - F`).
 * Tails are computed without overflow or loss of accuracy (`log1p`, the
 * normal upper tail of models/stats, an asymptotic series for the inverse
 * Mills ratio beyond z = 37).
 *
 * Reference: R survival 3.5-3 `R/survreg.distributions.R` and `src/survreg6.c`
 * (`exvalue_d`, `logistic_d`, `gauss_d`); Kalbfleisch & Prentice (2002) §2.2.
 */
import { pnorm, qnorm } from '../../stats/distributions.js';

/** Name of an error distribution. */
export type AftErrorDistribution = 'extreme' | 'logistic' | 'gaussian';

/** Log-density or log-survival and two derivatives in z. */
export interface LogTerm {
  /** log f(z) (event) or log S(z) (right-censored). */
  value: number;
  /** First derivative in z. */
  d1: number;
  /** Second derivative in z. */
  d2: number;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log(1 + exp(x)) without overflow. */
function log1pExp(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Log-density of the standardized error at `z`, with derivatives.
 * @param dist error distribution.
 * @param z standardized residual (y - η) / σ.
 * @example logDensity('gaussian', 0).value // => -0.9189385332046728
 */
export function logDensity(dist: AftErrorDistribution, z: number): LogTerm {
  switch (dist) {
    case 'extreme': {
      const w = Math.exp(z);
      return { value: z - w, d1: 1 - w, d2: -w };
    }
    case 'logistic': {
      // p = F(z) = 1 / (1 + exp(-z)); f = p (1 - p)
      const p = 1 / (1 + Math.exp(-z));
      const q = 1 / (1 + Math.exp(z));
      return { value: -log1pExp(-z) - log1pExp(z), d1: q - p, d2: -2 * p * q };
    }
    case 'gaussian':
      return { value: -0.5 * z * z - LOG_SQRT_2PI, d1: -z, d2: -1 };
  }
}

/** Inverse Mills ratio φ(z)/Q(z), Q the upper tail. */
function millsInverse(z: number): number {
  if (z < 37) {
    const q = pnorm(z, false);
    const logPhi = -0.5 * z * z - LOG_SQRT_2PI;
    return Math.exp(logPhi - Math.log(q));
  }
  // Asymptotic: Q(z)/φ(z) = 1/z (1 - 1/z² + 3/z⁴ - 15/z⁶ + 105/z⁸)
  const r = 1 / (z * z);
  return z / (1 - r * (1 - 3 * r * (1 - 5 * r * (1 - 7 * r))));
}

/**
 * Log-survival of the standardized error at `z` (right censoring), with derivatives.
 * @param dist error distribution.
 * @param z standardized residual.
 * @example logSurvival('extreme', 0).value // => -1
 */
export function logSurvival(dist: AftErrorDistribution, z: number): LogTerm {
  switch (dist) {
    case 'extreme': {
      const w = Math.exp(z);
      return { value: -w, d1: -w, d2: -w };
    }
    case 'logistic': {
      const p = 1 / (1 + Math.exp(-z));
      const q = 1 / (1 + Math.exp(z));
      return { value: -log1pExp(z), d1: -p, d2: -p * q };
    }
    case 'gaussian': {
      const lambda = millsInverse(z);
      let value: number;
      if (z < 37) value = Math.log(pnorm(z, false));
      else value = -0.5 * z * z - LOG_SQRT_2PI - Math.log(lambda);
      return { value, d1: -lambda, d2: -lambda * (lambda - z) };
    }
  }
}

/**
 * Quantile of the standardized error distribution (R: `survreg.distributions[[d]]$quantile`).
 * @param dist error distribution.
 * @param p probability in (0, 1).
 * @example errorQuantile('extreme', 0.5) // => log(log(2)) = -0.3665129205816643
 */
export function errorQuantile(dist: AftErrorDistribution, p: number): number {
  switch (dist) {
    case 'extreme':
      return Math.log(-Math.log1p(-p));
    case 'logistic':
      return Math.log(p / (1 - p));
    case 'gaussian':
      return qnorm(p);
  }
}

/**
 * R's starting values for the location and variance of the error on the data
 * scale (`survreg.distributions[[d]]$init`): weighted mean (+0.572 for the
 * extreme value) and variance divided by 1.64 (extreme), 3.2 (logistic) or 1.
 * @param dist error distribution.
 * @param y log times.
 * @example initialValues('gaussian', Float64Array.of(1, 3)) // => { mean: 2, variance: 1 }
 */
export function initialValues(dist: AftErrorDistribution, y: Float64Array): { mean: number; variance: number } {
  let m = 0;
  for (const v of y) m += v;
  m /= y.length;
  let s = 0;
  for (const v of y) s += (v - m) * (v - m);
  s /= y.length;
  switch (dist) {
    case 'extreme':
      return { mean: m + 0.572, variance: s / 1.64 };
    case 'logistic':
      return { mean: m, variance: s / 3.2 };
    case 'gaussian':
      return { mean: m, variance: s };
  }
}
