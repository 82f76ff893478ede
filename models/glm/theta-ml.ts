/**
 * Maximum-likelihood estimate of the negative-binomial shape `theta` for
 * given means, as `MASS::theta.ml` (Venables & Ripley, MASS 4th ed., §7.4):
 * Newton-Raphson on the score in theta from the moment start
 * `n / sum(w (y/mu - 1)^2)`, stopping when the step is at most
 * `eps = .Machine$double.eps^0.25` or after `limit - 1` steps; the standard
 * error is `sqrt(1 / information)` at the last theta a step was taken from.
 */
import { digamma, trigamma } from './gamma-functions.js';

/** Result of {@link thetaMl}. */
export interface ThetaMlResult {
  theta: number;
  /** Standard error of theta (from the observed information). */
  se: number;
  iterations: number;
  /** MASS's warnings: "estimate truncated at zero", "iteration limit reached". */
  warnings: string[];
}

/** MASS's tolerance `.Machine$double.eps^0.25`. */
export const THETA_ML_EPS: number = Math.pow(Number.EPSILON, 0.25);

/**
 * ML estimate of theta.
 * @param y counts.
 * @param mu fitted means.
 * @param weights prior weights.
 * @param limit iteration limit (glm.nb passes glm.control's maxit, 25; theta.ml's own default is 10).
 * @param eps step tolerance (default {@link THETA_ML_EPS}).
 * @example thetaMl(y, mu, weights, 25).theta
 */
export function thetaMl(y: Float64Array, mu: Float64Array, weights: Float64Array, limit: number, eps: number = THETA_ML_EPS): ThetaMlResult {
  const n = y.length;
  let sw = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    sw += w;
    const r = (y[i] as number) / (mu[i] as number) - 1;
    ss += w * r * r;
  }
  let t0 = sw / ss;
  let it = 0;
  let del = 1;
  let info = NaN;
  while (++it < limit && Math.abs(del) > eps) {
    t0 = Math.abs(t0);
    let score = 0;
    info = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i] as number;
      const yi = y[i] as number;
      const mi = mu[i] as number;
      score += w * (digamma(t0 + yi) - digamma(t0) + Math.log(t0) + 1 - Math.log(t0 + mi) - (yi + t0) / (mi + t0));
      info += w * (-trigamma(t0 + yi) + trigamma(t0) - 1 / t0 + 2 / (mi + t0) - (yi + t0) / ((mi + t0) * (mi + t0)));
    }
    del = score / info;
    t0 += del;
  }
  const warnings: string[] = [];
  if (t0 < 0) {
    t0 = 0;
    warnings.push('theta.ml: estimate truncated at zero');
  }
  if (it === limit) warnings.push('theta.ml: iteration limit reached');
  return { theta: t0, se: Math.sqrt(1 / info), iterations: it - 1, warnings };
}

/**
 * Negative-binomial log-likelihood at theta (MASS glm.nb's `loglik`).
 * @example negativeBinomialLogLik(y, mu, w, 2.5)
 */
export function negativeBinomialLogLik(y: Float64Array, mu: Float64Array, weights: Float64Array, theta: number, lgamma: (x: number) => number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] as number;
    const mi = mu[i] as number;
    s +=
      (weights[i] as number) *
      (lgamma(theta + yi) - lgamma(theta) - lgamma(yi + 1) + theta * Math.log(theta) + yi * Math.log(mi + (yi === 0 ? 1 : 0)) - (theta + yi) * Math.log(theta + mi));
  }
  return s;
}
