/**
 * Iteratively reweighted least squares for a log-link count GLM: the numeric
 * core of {@link poissonRegression} and {@link negativeBinomialRegression}.
 * Typed arrays only. Follows R's `glm.fit` (stats 4.2): working response
 * `z = eta - offset + (y - mu) / mu.eta`, working weights
 * `w * mu.eta^2 / V(mu)`, convergence when
 * `|dev - dev_old| / (|dev| + 0.1) < epsilon`, step halving when the deviance
 * is not finite; the unscaled covariance is `(X' W X)^-1` with the working
 * weights of the last iteration (as `summary.glm`). R solves the weighted
 * least squares by pivoted QR; here by an LDLᵀ factorization of `X' W X`
 * (singular columns are reported as aliased, coefficient NaN, as R's NA).
 */
import { ModelError } from '../../util/errors.js';
import { invertSymmetric } from '../linalg/symmetric.js';
import { logLinkDerivative, logLinkInverse, type CountFamily } from './families.js';
import type { ResolvedGlmControl } from './glm-control.js';

/** Data of one fit, validated: n rows, p design columns. */
export interface GlmArrays {
  /** Design columns (column-major), each of length n. */
  x: readonly Float64Array[];
  y: Float64Array;
  offset: Float64Array;
  /** Prior weights (>= 0). */
  weights: Float64Array;
}

/** Result of {@link glmIrls}. */
export interface GlmIrlsFit {
  /** Coefficients; NaN for aliased (singular) columns. */
  coefficients: Float64Array;
  /** Unscaled covariance `(X'WX)^-1`, row-major p × p (0 rows/columns for aliased). */
  covariance: Float64Array;
  aliased: boolean[];
  rank: number;
  /** Fitted means. */
  mu: Float64Array;
  /** Linear predictor including the offset. */
  eta: Float64Array;
  /** Working weights of the last iteration. */
  workingWeights: Float64Array;
  deviance: number;
  iterations: number;
  converged: boolean;
  warnings: string[];
}

function deviance(a: GlmArrays, mu: Float64Array, family: CountFamily): number {
  let d = 0;
  for (let i = 0; i < mu.length; i++) d += family.devianceResidual(a.y[i] as number, mu[i] as number, a.weights[i] as number);
  return d;
}

/**
 * Fit a log-link GLM by IRLS.
 * @param a design columns, response, offset and prior weights (not modified).
 * @param family {@link POISSON_FAMILY} or {@link negativeBinomialFamily}.
 * @param control epsilon and maxIter (R's glm.control).
 * @param etaStart optional starting linear predictor (R's `etastart`, offset included); default from `family.initialMean(y)`.
 * @throws {ModelError} when the deviance is not finite at the start or cannot be made finite by step halving.
 * @example glmIrls({ x: [ones], y, offset: zeros, weights: ones }, POISSON_FAMILY, { epsilon: 1e-8, maxIter: 25 })
 */
export function glmIrls(a: GlmArrays, family: CountFamily, control: ResolvedGlmControl, etaStart?: Float64Array): GlmIrlsFit {
  const n = a.y.length;
  const p = a.x.length;
  const warnings: string[] = [];
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    eta[i] = etaStart ? (etaStart[i] as number) : Math.log(family.initialMean(a.y[i] as number));
    mu[i] = logLinkInverse(eta[i] as number);
  }
  let devOld = deviance(a, mu, family);
  if (!Number.isFinite(devOld)) throw new ModelError('glm: the deviance is not finite at the starting values');
  const xtwx = new Float64Array(p * p);
  const xtwz = new Float64Array(p);
  const ww = new Float64Array(n);
  const z = new Float64Array(n);
  let coef = new Float64Array(p);
  let coefOld: Float64Array | null = null;
  let cov: Float64Array = new Float64Array(p * p);
  let singular: Uint8Array = new Uint8Array(p);
  let rank = p;
  let converged = false;
  let iter = 0;
  let dev = devOld;
  for (iter = 1; iter <= control.maxIter; iter++) {
    for (let i = 0; i < n; i++) {
      const m = mu[i] as number;
      const me = logLinkDerivative(eta[i] as number);
      const w = a.weights[i] as number;
      z[i] = (eta[i] as number) - (a.offset[i] as number) + ((a.y[i] as number) - m) / me;
      ww[i] = w > 0 ? (w * me * me) / family.variance(m) : 0;
    }
    xtwx.fill(0);
    xtwz.fill(0);
    for (let j = 0; j < p; j++) {
      const xj = a.x[j] as Float64Array;
      let s = 0;
      for (let i = 0; i < n; i++) s += (ww[i] as number) * (xj[i] as number) * (z[i] as number);
      xtwz[j] = s;
      for (let k = j; k < p; k++) {
        const xk = a.x[k] as Float64Array;
        let t = 0;
        for (let i = 0; i < n; i++) t += (ww[i] as number) * (xj[i] as number) * (xk[i] as number);
        xtwx[j * p + k] = t;
        xtwx[k * p + j] = t;
      }
    }
    const inv = invertSymmetric(xtwx, p);
    cov = inv.inverse;
    singular = inv.singular;
    rank = inv.rank;
    const next = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += (cov[j * p + k] as number) * (xtwz[k] as number);
      next[j] = s;
    }
    const update = (c: Float64Array): void => {
      for (let i = 0; i < n; i++) {
        let e = a.offset[i] as number;
        for (let j = 0; j < p; j++) e += (c[j] as number) * ((a.x[j] as Float64Array)[i] as number);
        eta[i] = e;
        mu[i] = logLinkInverse(e);
      }
    };
    update(next);
    dev = deviance(a, mu, family);
    let halvings = 0;
    while (!Number.isFinite(dev)) {
      if (coefOld === null || halvings >= control.maxIter) throw new ModelError('glm: no valid set of coefficients found (deviance not finite); please supply starting values');
      for (let j = 0; j < p; j++) next[j] = ((next[j] as number) + (coefOld[j] as number)) / 2;
      update(next);
      dev = deviance(a, mu, family);
      halvings++;
    }
    if (halvings) warnings.push('glm: step size truncated due to divergence');
    coef = next;
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < control.epsilon) {
      converged = true;
      break;
    }
    devOld = dev;
    coefOld = next;
  }
  if (!converged) {
    iter = control.maxIter;
    warnings.push('glm.fit: algorithm did not converge');
  }
  if (family.theta === Infinity && mu.some((m) => m <= 10 * Number.EPSILON)) warnings.push('glm.fit: fitted rates numerically 0 occurred');
  const aliased = Array.from(singular, (s) => s === 1);
  if (aliased.some(Boolean)) warnings.push(`glm: ${aliased.filter(Boolean).length} coefficient(s) not defined because of singularities`);
  for (let j = 0; j < p; j++) if (aliased[j]) coef[j] = NaN;
  return { coefficients: coef, covariance: cov, aliased, rank, mu, eta, workingWeights: ww, deviance: dev, iterations: iter, converged, warnings };
}
