/**
 * Numeric core of {@link survreg}: parametric accelerated failure time models
 * for right-censored data fitted by maximum likelihood with Newton–Raphson,
 * in R survival's parametrisation.
 *
 * Model: `log T = xᵀβ + σ W`, `W` standard extreme-value (Weibull; exponential
 * with σ fixed at 1), logistic (log-logistic) or normal (log-normal). The
 * parameters are `β` (intercept included when x has a column of ones) and
 * `log σ` (not for the exponential). The log-likelihood is R's: for an event
 * `log f(z) - log σ - log t`, for a right-censored time `log S(z)`, with
 * `z = (log t - xᵀβ)/σ` (the `- log t` Jacobian is R's `logcorrect`, which
 * makes the value the log-likelihood of the times, not of their logarithms).
 *
 * Algorithm (as `survreg.fit`): covariates that are not 0/1 are centred and
 * scaled for the iterations and the estimates transformed back; starting values
 * from `survreg.distributions[[d]]$init` (location and `log σ = log(4 var)/2`);
 * an intercept-only fit first, whose estimates start the full fit; Newton steps
 * with the exact Hessian, halved while the log-likelihood decreases; stop when
 * `|1 - loglik_old / loglik_new| <= tol` (R: `rel.tolerance = 1e-9`,
 * `maxiter = 30`). The variance is the inverse of minus the Hessian at the
 * estimate.
 *
 * Reference: R survival 3.5-3 `R/survreg.R`, `R/survreg.fit.R`, `src/survreg6.c`;
 * Kalbfleisch & Prentice (2002) ch. 2–3.
 */
import { choleskyLdl, invertSymmetric, solveSymmetric } from '../../linalg/index.js';
import { initialValues, logDensity, logSurvival, type AftErrorDistribution } from './aft-distributions.js';

/** Inputs of {@link survregFit}: n right-censored times and a design matrix. */
export interface SurvregInput {
  /** Survival or censoring times, > 0. */
  time: Float64Array;
  /** 1 = event, 0 = right-censored. */
  status: Float64Array;
  /** Design matrix, column-major, usually with an intercept column of ones first. */
  x: readonly Float64Array[];
}

/** Controls of {@link survregFit} (R's `survreg.control`). */
export interface SurvregControl {
  /** Error distribution. */
  dist: AftErrorDistribution;
  /** Fixed scale (R `scale = 1` for the exponential), or 0 to estimate it. */
  fixedScale: number;
  /** Maximum Newton iterations (R `maxiter`, default 30). */
  maxIter: number;
  /** Relative log-likelihood tolerance (R `rel.tolerance`, default 1e-9). */
  tol: number;
}

/** Output of {@link survregFit}. */
export interface SurvregCore {
  /** β, in the order of the columns of x. */
  coef: Float64Array;
  /** log σ (0 when the scale is fixed at 1). */
  logScale: number;
  /** Variance of (β, log σ) (or of β alone when the scale is fixed), row-major. */
  var: Float64Array;
  /** Number of parameters in `var` (p + 1, or p with a fixed scale). */
  nParam: number;
  loglik: number;
  /** Log-likelihood of the intercept-only model (NaN when x has no intercept column). */
  loglikNull: number;
  converged: boolean;
  iterations: number;
  /** Linear predictor xᵀβ per observation. */
  linearPredictors: Float64Array;
  warnings: string[];
}

interface Evaluation {
  loglik: number;
  grad: Float64Array;
  /** Minus the Hessian, row-major. */
  info: Float64Array;
}

/** Log-likelihood (without the Jacobian), gradient and information at (β, log σ). */
function evaluate(
  y: Float64Array,
  status: Float64Array,
  xr: Float64Array,
  p: number,
  theta: Float64Array,
  dist: AftErrorDistribution,
  fixedScale: number,
  withDerivatives: boolean,
): Evaluation {
  const n = y.length;
  const estScale = fixedScale === 0;
  const k = estScale ? p + 1 : p;
  const logSigma = estScale ? theta[p]! : Math.log(fixedScale);
  const sigma = Math.exp(logSigma);
  const grad = new Float64Array(k);
  const info = new Float64Array(k * k);
  let loglik = 0;
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += xr[i * p + j]! * theta[j]!;
    const z = (y[i]! - eta) / sigma;
    const event = status[i] === 1;
    const term = event ? logDensity(dist, z) : logSurvival(dist, z);
    loglik += term.value - (event ? logSigma : 0);
    if (!withDerivatives) continue;
    const gb = -term.d1 / sigma; // d/dη
    const hbb = term.d2 / (sigma * sigma); // d²/dη²
    for (let j = 0; j < p; j++) {
      const xj = xr[i * p + j]!;
      grad[j]! += gb * xj;
      for (let l = 0; l <= j; l++) info[j * k + l]! -= hbb * xj * xr[i * p + l]!;
    }
    if (estScale) {
      grad[p]! += -z * term.d1 - (event ? 1 : 0);
      const hss = z * term.d1 + z * z * term.d2;
      const hbs = (z * term.d2 + term.d1) / sigma;
      info[p * k + p]! -= hss;
      for (let j = 0; j < p; j++) info[p * k + j]! -= hbs * xr[i * p + j]!;
    }
  }
  for (let j = 0; j < k; j++) for (let l = 0; l < j; l++) info[l * k + j] = info[j * k + l]!;
  return { loglik, grad, info };
}

/** Newton–Raphson with step halving; returns the estimate and whether it converged. */
function newton(
  y: Float64Array,
  status: Float64Array,
  xr: Float64Array,
  p: number,
  start: Float64Array,
  control: SurvregControl,
): { theta: Float64Array; ev: Evaluation; converged: boolean; iterations: number } {
  let theta = Float64Array.from(start);
  let ev = evaluate(y, status, xr, p, theta, control.dist, control.fixedScale, true);
  const k = theta.length;
  for (let iter = 1; iter <= control.maxIter; iter++) {
    let info = ev.info;
    const f = choleskyLdl(info, k);
    if (!f.nonNegativeDefinite || f.rank < k) {
      // Not yet in a concave region: regularize (Levenberg–Marquardt style).
      info = Float64Array.from(info);
      let maxDiag = 0;
      for (let j = 0; j < k; j++) maxDiag = Math.max(maxDiag, Math.abs(info[j * k + j]!));
      for (let j = 0; j < k; j++) info[j * k + j]! += Math.abs(info[j * k + j]!) + 1e-3 * (maxDiag || 1);
    }
    let step = solveSymmetric(info, ev.grad).x;
    let next = Float64Array.from(theta, (v, j) => v + step[j]!);
    let nev = evaluate(y, status, xr, p, next, control.dist, control.fixedScale, true);
    let halvings = 0;
    while (!(nev.loglik >= ev.loglik) && halvings < 30) {
      // R survreg6 halves the step when the likelihood gets worse (or is not finite).
      halvings++;
      step = Float64Array.from(step, (v) => v / 2);
      next = Float64Array.from(theta, (v, j) => v + step[j]!);
      nev = evaluate(y, status, xr, p, next, control.dist, control.fixedScale, true);
    }
    if (!(nev.loglik >= ev.loglik)) return { theta, ev, converged: false, iterations: iter };
    const done = Math.abs(1 - ev.loglik / nev.loglik) <= control.tol;
    theta = next;
    ev = nev;
    if (done) return { theta, ev, converged: true, iterations: iter };
  }
  return { theta, ev, converged: false, iterations: control.maxIter };
}

/**
 * Fit an AFT model by maximum likelihood, as R's `survreg(..., dist)`.
 *
 * @param input times (> 0), status (1 event / 0 censored), design columns (not modified).
 * @param control distribution, fixed scale (0 = estimate), `maxIter` (R 30), `tol` (R 1e-9).
 * @returns estimates on the original covariate scale, their variance, log-likelihoods.
 * @throws RangeError on mismatched lengths, non-positive times or no columns.
 * @example survregFit({ time, status, x: [ones, age] }, { dist: 'extreme', fixedScale: 0, maxIter: 30, tol: 1e-9 }).coef
 */
export function survregFit(input: SurvregInput, control: SurvregControl): SurvregCore {
  const n = input.time.length;
  const p = input.x.length;
  if (p === 0) throw new RangeError('survregFit: the design matrix has no columns');
  if (input.status.length !== n || input.x.some((c) => c.length !== n)) {
    throw new RangeError('survregFit: time, status and design columns differ in length');
  }
  const warnings: string[] = [];
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = input.time[i]!;
    if (!(t > 0) || !Number.isFinite(t)) throw new RangeError(`survregFit: times must be finite and > 0, got ${t} (row ${i + 1})`);
    const s = input.status[i]!;
    if (s !== 0 && s !== 1) throw new RangeError(`survregFit: status must be 0 or 1, got ${s} (row ${i + 1})`);
    y[i] = Math.log(t);
  }
  let logJacobian = 0;
  for (let i = 0; i < n; i++) if (input.status[i] === 1) logJacobian -= y[i]!;

  // Intercept column and rescaling of non-binary columns (R's survreg.fit).
  const intercept = input.x.findIndex((c) => c.every((v) => v === 1));
  const center = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  if (intercept >= 0 && p > 1) {
    for (let j = 0; j < p; j++) {
      const col = input.x[j]!;
      if (j === intercept || col.every((v) => v === 0 || v === 1)) continue;
      let m = 0;
      for (const v of col) m += v;
      m /= n;
      let s = 0;
      for (const v of col) s += (v - m) * (v - m);
      s = Math.sqrt(s / (n - 1));
      center[j] = m;
      scale[j] = s > 0 ? s : 1;
    }
  }
  const xr = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) xr[i * p + j] = (input.x[j]![i]! - center[j]!) / scale[j]!;

  const estScale = control.fixedScale === 0;
  const init = initialValues(control.dist, y);
  const logSigma0 = estScale ? Math.log(4 * init.variance) / 2 : Math.log(control.fixedScale);
  const k = estScale ? p + 1 : p;

  // Intercept-only fit (R's fit0): loglikNull and the starting scale.
  let loglikNull = NaN;
  const start = new Float64Array(k);
  if (intercept >= 0) {
    const ones = new Float64Array(n).fill(1);
    const s0 = estScale ? Float64Array.of(init.mean, logSigma0) : Float64Array.of(init.mean);
    const fit0 = newton(y, input.status, ones, 1, s0, { ...control, maxIter: Math.max(control.maxIter, 20) });
    loglikNull = fit0.ev.loglik + logJacobian;
    // With centred covariates the intercept-only estimate is the intercept at β = 0.
    start[intercept] = fit0.theta[0]!;
    if (estScale) start[p] = fit0.theta[1]!;
    if (!fit0.converged) warnings.push('intercept-only model did not converge');
  } else if (estScale) {
    start[p] = logSigma0;
  }
  const res = newton(y, input.status, xr, p, start, control);
  if (!res.converged) warnings.push(`Ran out of iterations and did not converge (maxIter ${control.maxIter})`);

  // Back-transform: β_j = θ_j / s_j, β_int = θ_int - Σ θ_j c_j / s_j.
  const m = new Float64Array(k * k); // Jacobian d(original)/d(theta)
  for (let j = 0; j < p; j++) m[j * k + j] = 1 / scale[j]!;
  if (intercept >= 0) for (let j = 0; j < p; j++) if (j !== intercept) m[intercept * k + j] = -center[j]! / scale[j]!;
  if (estScale) m[p * k + p] = 1;
  const coef = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += m[i * k + j]! * res.theta[j]!;
    coef[i] = s;
  }
  const inv = invertSymmetric(res.ev.info, k);
  if (inv.rank < k) warnings.push('information matrix is singular: some variances are not available');
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let a = 0; a < k; a++) {
        const mia = m[i * k + a]!;
        if (mia === 0) continue;
        for (let b = 0; b < k; b++) s += mia * inv.inverse[a * k + b]! * m[j * k + b]!;
      }
      v[i * k + j] = s;
    }
  }
  for (let j = 0; j < k; j++) if (inv.singular[j]) v[j * k + j] = NaN;
  const lp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += input.x[j]![i]! * coef[j]!;
    lp[i] = s;
  }
  return {
    coef,
    logScale: estScale ? res.theta[p]! : Math.log(control.fixedScale),
    var: v,
    nParam: k,
    loglik: res.ev.loglik + logJacobian,
    loglikNull,
    converged: res.converged,
    iterations: res.iterations,
    linearPredictors: lp,
    warnings,
  };
}
