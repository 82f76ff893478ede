/**
 * GLM families with a log link used for count data: Poisson and negative
 * binomial (fixed theta). Functions as R's `poisson()` and MASS's
 * `negative.binomial(theta)`: the inverse link is `max(exp(eta), eps)` and
 * its derivative likewise (R `make.link("log")`), the initial means are
 * `y + 0.1` (Poisson) and `y + (y == 0) / 6` (negative binomial).
 */
import { lgamma } from '../stats/distributions.js';

/** A log-link GLM family. */
export interface CountFamily {
  /** `poisson` or `negative.binomial(theta)`. */
  name: string;
  /** Var(Y) as a function of the mean. */
  variance(mu: number): number;
  /** Unit deviance contribution (already times 2 and the prior weight). */
  devianceResidual(y: number, mu: number, w: number): number;
  /** Starting mean for y (R's `family$initialize`). */
  initialMean(y: number): number;
  /**
   * Family AIC part without the 2·rank term, as R's `family$aic`
   * (`-2 log L` for Poisson; MASS's expression for the negative binomial).
   */
  aic(y: Float64Array, mu: Float64Array, w: Float64Array): number;
  /** Negative-binomial theta, or Infinity for Poisson. */
  theta: number;
}

const EPS = Number.EPSILON;

/** Inverse log link `max(exp(eta), eps)` (R's make.link("log")). */
export function logLinkInverse(eta: number): number {
  return Math.max(Math.exp(eta), EPS);
}

/** d mu / d eta for the log link, `max(exp(eta), eps)`. */
export const logLinkDerivative = logLinkInverse;

function logDpois(y: number, mu: number): number {
  if (y === 0) return -mu;
  return y * Math.log(mu) - mu - lgamma(y + 1);
}

/** Poisson family, log link (R `poisson()`). */
export const POISSON_FAMILY: CountFamily = {
  name: 'poisson',
  theta: Infinity,
  variance: (mu) => mu,
  devianceResidual: (y, mu, w) => (y > 0 ? 2 * w * (y * Math.log(y / mu) - (y - mu)) : 2 * w * mu),
  initialMean: (y) => y + 0.1,
  aic(y, mu, w) {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += (w[i] as number) * logDpois(y[i] as number, mu[i] as number);
    return -2 * s;
  },
};

/**
 * Negative binomial family with fixed `theta` (Var = mu + mu^2 / theta), log link
 * (MASS `negative.binomial(theta)`).
 */
export function negativeBinomialFamily(theta: number): CountFamily {
  return {
    name: `negative.binomial(${theta})`,
    theta,
    variance: (mu) => mu + (mu * mu) / theta,
    devianceResidual: (y, mu, w) => 2 * w * (y * Math.log(Math.max(1, y) / mu) - (y + theta) * Math.log((y + theta) / (mu + theta))),
    initialMean: (y) => y + (y === 0 ? 1 / 6 : 0),
    aic(y, mu, w) {
      let s = 0;
      for (let i = 0; i < y.length; i++) {
        const yi = y[i] as number;
        const mi = mu[i] as number;
        const term = (yi + theta) * Math.log(mi + theta) - (yi > 0 ? yi * Math.log(mi) : 0) + lgamma(yi + 1) - theta * Math.log(theta) + lgamma(theta) - lgamma(theta + yi);
        s += term * (w[i] as number);
      }
      return 2 * s;
    },
  };
}
