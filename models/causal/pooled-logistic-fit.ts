/**
 * Logistic IRLS for designs of the form intercept + one factor + dense
 * columns, the design of pooled logistic hazard models
 * (`y ~ factor(interval) + x1 + ... + xq`): R's `glm.fit` with `family =
 * binomial`, step for step as {@link logisticIrls} (start
 * `mu = (w y + 0.5) / (w + 1)`, working response and weights, relative
 * deviance change below epsilon 1e-8, at most 25 iterations, step halving when
 * the deviance is not finite, the covariance at the final fit).
 *
 * Hand-written for speed: a factor with L levels adds L - 1 indicator
 * columns, and the generic IRLS spends O(n p^2) per iteration on them; here
 * each row adds to the cross-product only where its indicator is 1, so an
 * iteration costs O(n (q + 1)^2) whatever L is. With 60 monthly intervals
 * and 5 covariates on 10^6 person-intervals that is about 50 times fewer
 * operations. Parameter order as R: (Intercept), the L - 1 levels after the
 * first, then the dense columns.
 */
import { ModelError, UsageError } from '../../util/errors.js';
import { invertSymmetric, solveSymmetric } from '../linalg/symmetric.js';
import type { LogisticControl, LogisticFit } from './propensity-fit.js';

/** Arrays of one fit. */
export interface LevelledLogisticArrays {
  /** Level of each row, 0..levels-1 (0 = reference, no indicator column). */
  level: Int32Array;
  levels: number;
  /** Dense columns (q), one value per row. */
  x: readonly Float64Array[];
  /** 0/1 response. */
  y: Float64Array;
  /** Prior weights (>= 0). */
  weights: Float64Array;
}

const EPS = Number.EPSILON;
const THRESH = -Math.log(EPS);

function plogis(eta: number): number {
  const e = eta < -THRESH ? EPS : eta > THRESH ? 1 / EPS : Math.exp(eta);
  return e / (1 + e);
}

function deviance(y: Float64Array, mu: Float64Array, w: Float64Array): number {
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

/** Cross-product X'WX (row-major p x p, full) and X'Wz of the structured design. */
function crossProducts(a: LevelledLogisticArrays, ww: Float64Array, z: Float64Array | null, p: number): { xtwx: Float64Array; xtwz: Float64Array } {
  const L = a.levels;
  const q = a.x.length;
  const xtwx = new Float64Array(p * p);
  const xtwz = new Float64Array(p);
  const xi = new Float64Array(q);
  for (let i = 0; i < a.y.length; i++) {
    const w = ww[i]!;
    if (w === 0) continue;
    const zi = z ? z[i]! : 0;
    const l = a.level[i]!;
    const d = l > 0 ? l : -1; // column of the level indicator
    for (let j = 0; j < q; j++) xi[j] = a.x[j]![i]!;
    xtwx[0]! += w;
    xtwz[0]! += w * zi;
    if (d > 0) {
      xtwx[d]! += w; // (0, d)
      xtwx[d * p + d]! += w;
      xtwz[d]! += w * zi;
    }
    for (let j = 0; j < q; j++) {
      const c = L + j;
      const wx = w * xi[j]!;
      xtwx[c]! += wx; // (0, c)
      if (d > 0) xtwx[d * p + c]! += wx;
      xtwz[c]! += wx * zi;
      for (let k = j; k < q; k++) xtwx[c * p + L + k]! += wx * xi[k]!;
    }
  }
  for (let r = 0; r < p; r++) for (let c = 0; c < r; c++) xtwx[r * p + c] = xtwx[c * p + r]!;
  return { xtwx, xtwz };
}

function linearPredictor(a: LevelledLogisticArrays, beta: Float64Array, eta: Float64Array): void {
  const L = a.levels;
  const q = a.x.length;
  for (let i = 0; i < a.y.length; i++) {
    const l = a.level[i]!;
    let e = beta[0]! + (l > 0 ? beta[l]! : 0);
    for (let j = 0; j < q; j++) e += beta[L + j]! * a.x[j]![i]!;
    eta[i] = e;
  }
}

/**
 * Fits the logistic regression `y ~ factor(level) + x` by IRLS.
 * @param a levels, dense columns, response, prior weights (not modified).
 * @param control epsilon (1e-8), maxIter (25).
 * @throws {ModelError} when the deviance cannot be made finite; {@link UsageError} for bad arrays or controls.
 * @example levelledLogisticIrls({ level, levels: 6, x: [age], y, weights }).coefficients
 */
export function levelledLogisticIrls(a: LevelledLogisticArrays, control: Omit<LogisticControl, 'ridge'> = {}): LogisticFit {
  const epsilon = control.epsilon ?? 1e-8;
  const maxIter = control.maxIter ?? 25;
  if (!(epsilon > 0) || !(Number.isInteger(maxIter) && maxIter >= 1)) throw new UsageError(`logistic: invalid control epsilon=${epsilon}, maxIter=${maxIter}`);
  const n = a.y.length;
  if (a.level.length !== n || a.weights.length !== n || a.x.some((c) => c.length !== n)) throw new UsageError('levelledLogisticIrls: every array needs one value per row');
  if (!(Number.isInteger(a.levels) && a.levels >= 1)) throw new UsageError(`levelledLogisticIrls: levels must be a positive integer, got ${a.levels}`);
  const p = a.levels + a.x.length;
  const { y, weights: w } = a;
  const mu = new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    mu[i] = (w[i]! * y[i]! + 0.5) / (w[i]! + 1);
    eta[i] = Math.log(mu[i]! / (1 - mu[i]!));
  }
  let coef: Float64Array = new Float64Array(p);
  let coefOld: Float64Array | null = null;
  let devOld = deviance(y, mu, w);
  let converged = false;
  let iterations = 0;
  const ww = new Float64Array(n);
  const z = new Float64Array(n);
  for (let iter = 1; iter <= maxIter; iter++) {
    iterations = iter;
    for (let i = 0; i < n; i++) {
      const v = mu[i]! * (1 - mu[i]!);
      ww[i] = w[i]! * v;
      z[i] = eta[i]! + (y[i]! - mu[i]!) / v;
    }
    const { xtwx, xtwz } = crossProducts(a, ww, z, p);
    let next = solveSymmetric(xtwx, xtwz).x;
    let dev = NaN;
    for (let half = 0; half < 30; half++) {
      linearPredictor(a, next, eta);
      for (let i = 0; i < n; i++) mu[i] = plogis(eta[i]!);
      dev = deviance(y, mu, w);
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
  const warnings: string[] = [];
  if (!converged) warnings.push(`glm.fit: algorithm did not converge in ${maxIter} iterations`);
  let extreme = false;
  for (let i = 0; i < n; i++) if (mu[i]! > 1 - 10 * EPS || mu[i]! < 10 * EPS) extreme = true;
  if (extreme) warnings.push('glm.fit: fitted probabilities numerically 0 or 1 occurred');
  for (let i = 0; i < n; i++) ww[i] = w[i]! * mu[i]! * (1 - mu[i]!);
  const inv = invertSymmetric(crossProducts(a, ww, null, p).xtwx, p);
  const aliased = Array.from(inv.singular, (s) => s === 1);
  if (aliased.some(Boolean)) warnings.push('pooled logistic model: singular design, aliased columns set to NaN');
  return { coefficients: coef.map((b, j) => (aliased[j] ? NaN : b)), covariance: inv.inverse, aliased, fitted: mu, linearPredictor: eta, deviance: deviance(y, mu, w), iterations, converged, warnings };
}
