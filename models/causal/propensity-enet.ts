/**
 * Elastic-net penalized logistic regression for propensity scores, on the
 * objective of R's `glmnet(x, y, family = "binomial", alpha, lambda,
 * standardize = TRUE)` (Friedman, Hastie & Tibshirani, J Stat Softw
 * 2010;33(1)):
 * `-(1/sum w) sum_i w_i loglik_i + lambda sum_j (alpha |b_j| + (1 - alpha) / 2 b_j^2)`,
 * where the penalty acts on the coefficients of the columns standardized by
 * their weighted mean and weighted SD (denominator sum w, as glmnet), the
 * intercept is unpenalized, and the coefficients are returned on the original
 * scale. Solved by penalized IRLS (exact Newton weights, glmnet's default
 * `type.logistic = "Newton"`) with cyclic coordinate descent and soft
 * thresholding for each weighted least-squares step. Typed arrays only.
 */
import { ModelError } from '../../util/errors.js';

/** Controls of {@link logisticElasticNet}. */
export interface ElasticNetControl {
  /** Penalty strength lambda >= 0 (glmnet scale). */
  lambda: number;
  /** Mixing: 1 lasso, 0 ridge (default 1, as glmnet). */
  alpha?: number;
  /** Convergence tolerance on the largest coefficient change, standardized scale (default 1e-10). */
  tol?: number;
  /** Cap on outer IRLS iterations (default 100) and on coordinate sweeps per iteration (default 10000). */
  maxIter?: number;
  maxSweeps?: number;
}

/** Result of {@link logisticElasticNet}. */
export interface ElasticNetFit {
  /** Intercept first, then one coefficient per column of `x`, original scale. */
  coefficients: Float64Array;
  fitted: Float64Array;
  linearPredictor: Float64Array;
  /** Number of non-zero coefficients (intercept excluded). */
  nonZero: number;
  iterations: number;
  converged: boolean;
  warnings: string[];
}

function soft(z: number, g: number): number {
  return z > g ? z - g : z < -g ? z + g : 0;
}

/**
 * Fit the elastic-net logistic model.
 * @param x covariate columns (no intercept column), each length n; not modified.
 * @param y 0/1 response; @param weights prior weights (>= 0).
 * @param control lambda (required), alpha (1), tol (1e-10), maxIter (100), maxSweeps (10000).
 * @throws {ModelError} on invalid controls.
 * @example logisticElasticNet([age, edss], t, ones, { lambda: 0.01, alpha: 0.5 }).coefficients
 */
export function logisticElasticNet(x: readonly Float64Array[], y: Float64Array, weights: Float64Array, control: ElasticNetControl): ElasticNetFit {
  const lambda = control.lambda;
  const alpha = control.alpha ?? 1;
  const tol = control.tol ?? 1e-10;
  const maxIter = control.maxIter ?? 100;
  const maxSweeps = control.maxSweeps ?? 10000;
  if (!(lambda >= 0) || !(alpha >= 0 && alpha <= 1) || !(tol > 0) || !(maxIter >= 1) || !(maxSweeps >= 1)) {
    throw new ModelError(`elastic net: invalid control lambda=${lambda}, alpha=${alpha}, tol=${tol}`);
  }
  const n = y.length;
  const p = x.length;
  let sw = 0;
  for (let i = 0; i < n; i++) sw += weights[i]!;
  const w = Float64Array.from(weights, (v) => v / sw);
  // standardize (weighted mean, weighted SD with denominator sum w)
  const center = new Float64Array(p);
  const scale = new Float64Array(p);
  const xs = x.map((col, j) => {
    let m = 0;
    for (let i = 0; i < n; i++) m += w[i]! * col[i]!;
    let v = 0;
    for (let i = 0; i < n; i++) v += w[i]! * (col[i]! - m) ** 2;
    center[j] = m;
    scale[j] = Math.sqrt(v);
    if (!(scale[j]! > 0)) throw new ModelError(`elastic net: column ${j + 1} is constant`);
    return Float64Array.from(col, (e) => (e - m) / scale[j]!);
  });
  let ybar = 0;
  for (let i = 0; i < n; i++) ybar += w[i]! * y[i]!;
  let b0 = Math.log(ybar / (1 - ybar));
  const b = new Float64Array(p);
  const eta = new Float64Array(n).fill(b0);
  const mu = new Float64Array(n);
  const v = new Float64Array(n);
  const r = new Float64Array(n);
  const l1 = lambda * alpha;
  const l2 = lambda * (1 - alpha);
  let converged = false;
  let iterations = 0;
  const warnings: string[] = [];
  for (let iter = 1; iter <= maxIter; iter++) {
    iterations = iter;
    for (let i = 0; i < n; i++) {
      const m = 1 / (1 + Math.exp(-eta[i]!));
      mu[i] = m;
      const vi = Math.max(m * (1 - m), 1e-5);
      v[i] = w[i]! * vi;
      r[i] = (y[i]! - m) / vi; // working residual z - eta
    }
    const old0 = b0;
    const old = Float64Array.from(b);
    for (let sweep = 0; sweep < maxSweeps; sweep++) {
      let maxDelta = 0;
      // intercept
      let num = 0;
      let den = 0;
      for (let i = 0; i < n; i++) { num += v[i]! * r[i]!; den += v[i]!; }
      const d0 = num / den;
      if (d0 !== 0) {
        b0 += d0;
        for (let i = 0; i < n; i++) r[i]! -= d0;
        maxDelta = Math.max(maxDelta, den * d0 * d0);
      }
      for (let j = 0; j < p; j++) {
        const col = xs[j]!;
        let g = 0;
        let xv = 0;
        for (let i = 0; i < n; i++) { g += v[i]! * col[i]! * r[i]!; xv += v[i]! * col[i]! * col[i]!; }
        const bj = b[j]!;
        const nb = soft(g + xv * bj, l1) / (xv + l2);
        const d = nb - bj;
        if (d !== 0) {
          b[j] = nb;
          for (let i = 0; i < n; i++) r[i]! -= d * col[i]!;
          maxDelta = Math.max(maxDelta, xv * d * d);
        }
      }
      if (maxDelta < tol * tol) break;
    }
    for (let i = 0; i < n; i++) {
      let e = b0;
      for (let j = 0; j < p; j++) e += xs[j]![i]! * b[j]!;
      eta[i] = e;
    }
    let change = Math.abs(b0 - old0);
    for (let j = 0; j < p; j++) change = Math.max(change, Math.abs(b[j]! - old[j]!));
    if (change < tol) { converged = true; break; }
  }
  if (!converged) warnings.push(`elastic net: not converged in ${maxIter} iterations`);
  const coefficients = new Float64Array(p + 1);
  let intercept = b0;
  let nonZero = 0;
  for (let j = 0; j < p; j++) {
    coefficients[j + 1] = b[j]! / scale[j]!;
    intercept -= coefficients[j + 1]! * center[j]!;
    if (b[j] !== 0) nonZero++;
  }
  coefficients[0] = intercept;
  for (let i = 0; i < n; i++) mu[i] = 1 / (1 + Math.exp(-eta[i]!));
  return { coefficients, fitted: mu, linearPredictor: Float64Array.from(eta), nonZero, iterations, converged, warnings };
}
