/**
 * Logistic regression by iteratively reweighted least squares: the numeric
 * core of {@link propensityScore}. Typed arrays only. Follows R's `glm.fit`
 * with `family = binomial` (stats 4.2): start `mu = (w y + 0.5) / (w + 1)`,
 * working response `z = eta + (y - mu) / (mu (1 - mu))`, working weights
 * `w mu (1 - mu)`, convergence when `|dev - dev_old| / (|dev| + 0.1) < epsilon`
 * (epsilon 1e-8, maxIter 25 as `glm.control`), step halving when the
 * deviance is not finite, warning "fitted probabilities numerically 0 or 1
 * occurred" as R. Optional ridge penalty `lambda / 2 * sum_j beta_j^2` on
 * every column but the intercept (penalized IRLS; Le Cessie & van
 * Houwelingen, Appl Stat 1992;41:191–201), which the deviance convergence
 * criterion then includes. The covariance is `(X'WX + lambda P)^-1`.
 */
import { ModelError } from '../../util/errors.js';
import { invertSymmetric, solveSymmetric } from '../linalg/symmetric.js';

/** Arrays of one logistic fit: n rows, p design columns (column-major). */
export interface LogisticArrays {
  x: readonly Float64Array[];
  /** 0/1 response (treatment indicator). */
  y: Float64Array;
  /** Prior weights (>= 0). */
  weights: Float64Array;
  /** Index of the unpenalized intercept column, or -1. */
  interceptIndex: number;
}

/** Controls of the logistic IRLS. */
export interface LogisticControl {
  /** Relative deviance tolerance (default 1e-8, R glm.control). */
  epsilon?: number;
  /** Iteration cap (default 25, R glm.control). */
  maxIter?: number;
  /** Ridge penalty lambda >= 0 (default 0: plain maximum likelihood as R glm). */
  ridge?: number;
}

/** Result of {@link logisticIrls}. */
export interface LogisticFit {
  coefficients: Float64Array;
  /** Row-major p × p covariance (0 rows/columns for aliased columns). */
  covariance: Float64Array;
  aliased: boolean[];
  /** Fitted probabilities. */
  fitted: Float64Array;
  /** Linear predictor (logit of the fitted probabilities). */
  linearPredictor: Float64Array;
  /** Binomial deviance (without the penalty). */
  deviance: number;
  iterations: number;
  converged: boolean;
  warnings: string[];
}

const EPS = Number.EPSILON;
const THRESH = -Math.log(EPS);

function plogis(eta: number): number {
  // R's logit_linkinv clamps eta to +-30 (its MTHRESH/THRESH) to keep mu in (0, 1).
  const e = eta < -THRESH ? EPS : eta > THRESH ? 1 / EPS : Math.exp(eta);
  return e / (1 + e);
}

function binomialDeviance(y: Float64Array, mu: Float64Array, w: Float64Array): number {
  let d = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i]!;
    const mi = mu[i]!;
    const a = yi > 0 ? yi * Math.log(yi / mi) : 0;
    const b = yi < 1 ? (1 - yi) * Math.log((1 - yi) / (1 - mi)) : 0;
    d += 2 * w[i]! * (a + b);
  }
  return d;
}

/**
 * Fit a logistic regression by (penalized) IRLS.
 * @param a design, 0/1 response, prior weights (not modified).
 * @param control epsilon (1e-8), maxIter (25), ridge (0).
 * @throws {ModelError} when the deviance cannot be made finite.
 * @example logisticIrls({ x: [ones, age], y, weights: ones, interceptIndex: 0 }).coefficients
 */
export function logisticIrls(a: LogisticArrays, control: LogisticControl = {}): LogisticFit {
  const epsilon = control.epsilon ?? 1e-8;
  const maxIter = control.maxIter ?? 25;
  const lambda = control.ridge ?? 0;
  if (!(epsilon > 0) || !(Number.isInteger(maxIter) && maxIter >= 1) || !(lambda >= 0)) {
    throw new ModelError(`logistic: invalid control epsilon=${epsilon}, maxIter=${maxIter}, ridge=${lambda}`);
  }
  const n = a.y.length;
  const p = a.x.length;
  const { y, weights: w } = a;
  const mu = new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mu[i] = (w[i]! * y[i]! + 0.5) / (w[i]! + 1);
    eta[i] = Math.log(mu[i]! / (1 - mu[i]!));
  }
  const penalty = (b: Float64Array): number => {
    let s = 0;
    for (let j = 0; j < p; j++) if (j !== a.interceptIndex) s += b[j]! * b[j]!;
    return lambda * s;
  };
  let coef: Float64Array = new Float64Array(p);
  let coefOld: Float64Array | null = null;
  let devOld = binomialDeviance(y, mu, w);
  let converged = false;
  let iterations = 0;
  let xtwx = new Float64Array(p * p);
  const warnings: string[] = [];
  for (let iter = 1; iter <= maxIter; iter++) {
    iterations = iter;
    xtwx = new Float64Array(p * p);
    const xtwz = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const v = mu[i]! * (1 - mu[i]!);
      const wi = w[i]! * v;
      if (wi === 0) continue;
      const z = eta[i]! + (y[i]! - mu[i]!) / v;
      for (let j = 0; j < p; j++) {
        const xij = a.x[j]![i]! * wi;
        xtwz[j]! += xij * z;
        for (let k = j; k < p; k++) xtwx[j * p + k]! += xij * a.x[k]![i]!;
      }
    }
    for (let j = 0; j < p; j++) {
      if (j !== a.interceptIndex) xtwx[j * p + j]! += lambda;
      for (let k = 0; k < j; k++) xtwx[j * p + k] = xtwx[k * p + j]!;
    }
    let next = solveSymmetric(xtwx, xtwz).x;
    let dev = NaN;
    for (let half = 0; half < 30; half++) {
      for (let i = 0; i < n; i++) {
        let e = 0;
        for (let j = 0; j < p; j++) e += a.x[j]![i]! * next[j]!;
        eta[i] = e;
        mu[i] = plogis(e);
      }
      dev = binomialDeviance(y, mu, w) + penalty(next);
      if (Number.isFinite(dev)) break;
      if (!coefOld) throw new ModelError('logistic: no valid set of coefficients has been found (deviance not finite)');
      const prev = coefOld;
      next = next.map((b, j) => (b + prev[j]!) / 2);
    }
    if (!Number.isFinite(dev)) throw new ModelError('logistic: inner loop; cannot correct step size');
    coef = next;
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devOld = dev;
    coefOld = coef;
  }
  if (!converged) warnings.push(`glm.fit: algorithm did not converge in ${maxIter} iterations`);
  let extreme = false;
  for (let i = 0; i < n; i++) if (mu[i]! > 1 - 10 * EPS || mu[i]! < 10 * EPS) extreme = true;
  if (extreme) warnings.push('glm.fit: fitted probabilities numerically 0 or 1 occurred');
  // Covariance from the working weights at the final coefficients.
  const info = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    const wi = w[i]! * mu[i]! * (1 - mu[i]!);
    for (let j = 0; j < p; j++) {
      const xij = a.x[j]![i]! * wi;
      for (let k = j; k < p; k++) info[j * p + k]! += xij * a.x[k]![i]!;
    }
  }
  for (let j = 0; j < p; j++) {
    if (j !== a.interceptIndex) info[j * p + j]! += lambda;
    for (let k = 0; k < j; k++) info[j * p + k] = info[k * p + j]!;
  }
  const inv = invertSymmetric(info, p);
  const aliased = Array.from(inv.singular, (s) => s === 1);
  if (aliased.some(Boolean)) warnings.push('propensity model: singular design, aliased columns set to NaN');
  const coefficients = coef.map((b, j) => (aliased[j] ? NaN : b));
  return { coefficients, covariance: inv.inverse, aliased, fitted: mu, linearPredictor: eta, deviance: binomialDeviance(y, mu, w), iterations, converged, warnings };
}
