/**
 * Cox partial-likelihood deviance of given linear predictors, as glmnet's
 * `coxnet.deviance()`: `2 * (lsat - loglik)` with the Breslow log partial
 * likelihood `loglik = sum_i w_i d_i eta_i - sum_k D_k log(sum_{y_j >= t_k} w_j exp(eta_j))`
 * and the saturated value `lsat = -sum_k D_k log(D_k)` (D_k = weighted number
 * of events at the k-th distinct event time). Weights are first standardized
 * to mean 1 (glmnet `std.weights = TRUE`). A row censored at an event time is
 * in that risk set.
 *
 * Reference: glmnet 4.1-6 `R/coxnet.deviance.R` (`coxnet.deviance0`),
 * `inst/mortran/coxnet5dpclean.m` (`loglike`, `risk`).
 */
import { UsageError } from '../../util/errors.js';
import { argsortFloat64 } from '../survival/survival-utils.js';

/** Sorted risk-set layout of one (time, status, weights) sample, reusable for many linear predictors. */
export interface CoxDevianceLayout {
  /** Rows with positive weight, sorted by time ascending. */
  order: Int32Array;
  /** Standardized weight (mean 1 over all rows) in sorted order. */
  w: Float64Array;
  /** w * status in sorted order. */
  wd: Float64Array;
  /** Sorted position where the risk set of the k-th event time begins; last entry = sorted length. */
  groupStart: Int32Array;
  /** Weighted events per distinct event time. */
  dk: Float64Array;
  /** Saturated log-likelihood `-sum D_k log D_k`. */
  lsat: number;
}

/**
 * Build the sorted layout once for {@link coxDevianceFromLayout}.
 * @param weights case weights (default 1), standardized to mean 1 as glmnet.
 */
export function coxDevianceLayout(time: Float64Array, status: Float64Array, weights?: Float64Array | null): CoxDevianceLayout {
  const n = time.length;
  if (status.length !== n) throw new UsageError(`coxDeviance: status has length ${status.length}, time has ${n}`);
  let sw = 0;
  for (let i = 0; i < n; i++) sw += weights ? weights[i]! : 1;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (!weights || weights[i]! > 0) keep.push(i);
  const order = argsortFloat64(time, Int32Array.from(keep));
  const m = order.length;
  const w = new Float64Array(m);
  const wd = new Float64Array(m);
  const starts: number[] = [];
  const dks: number[] = [];
  let lastT = NaN;
  let firstOfValue = 0;
  for (let r = 0; r < m; r++) {
    const i = order[r]!;
    w[r] = weights ? (n * weights[i]!) / sw : 1;
    wd[r] = status[i]! > 0 ? w[r]! : 0;
    if (r === 0 || time[i]! !== time[order[r - 1]!]!) firstOfValue = r;
    if (wd[r]! > 0) {
      if (time[i]! !== lastT) {
        starts.push(firstOfValue);
        dks.push(0);
        lastT = time[i]!;
      }
      dks[dks.length - 1]! += wd[r]!;
    }
  }
  const groupStart = new Int32Array(starts.length + 1);
  starts.forEach((s, k) => (groupStart[k] = s));
  groupStart[starts.length] = m;
  let lsat = 0;
  for (const v of dks) lsat -= v * Math.log(v);
  return { order, w, wd, groupStart, dk: Float64Array.from(dks), lsat };
}

/**
 * Deviance `2 * (lsat - loglik)` of linear predictor `eta` (indexed by original row) on a layout.
 * The predictor is centred by its weighted mean first (as glmnet's `loglike`; the value is unchanged
 * mathematically, the centring only guards exp() against overflow).
 */
export function coxDevianceFromLayout(layout: CoxDevianceLayout, eta: ArrayLike<number>): number {
  const { order, w, wd, groupStart, dk } = layout;
  const m = order.length;
  const nk = dk.length;
  let sw = 0;
  let mean = 0;
  for (let r = 0; r < m; r++) {
    sw += w[r]!;
    mean += w[r]! * eta[order[r]!]!;
  }
  mean /= sw;
  let ll = 0;
  let h = 0;
  let k = nk - 1;
  for (let r = m - 1; r >= 0 && k >= 0; r--) {
    const f = eta[order[r]!]! - mean;
    h += w[r]! * Math.exp(f);
    ll += wd[r]! * f;
    if (r === groupStart[k]) {
      ll -= dk[k]! * Math.log(h);
      k--;
    }
  }
  return 2 * (layout.lsat - ll);
}

/**
 * Cox deviance of one linear predictor, as glmnet `coxnet.deviance(pred = eta, y = Surv(time, status), weights)`.
 * @example coxDeviance(new Float64Array([1, 2, 3]), new Float64Array([1, 1, 0]), new Float64Array([0, 0, 0])) // => 2 * (log 3 + log 2)
 */
export function coxDeviance(time: Float64Array, status: Float64Array, eta: ArrayLike<number>, weights?: Float64Array | null): number {
  return coxDevianceFromLayout(coxDevianceLayout(time, status, weights), eta);
}
