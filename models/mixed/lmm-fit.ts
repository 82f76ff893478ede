/**
 * The numeric core of a linear mixed model with one grouping factor, as
 * lme4::lmer fits it: typed arrays in, estimates out (no formulas, no data
 * tables; the front end is lmm.ts).
 *
 * 1. Per-group cross-products (group-crossproducts.ts), once.
 * 2. theta minimizing the profiled deviance (profiled-deviance.ts: REML
 *    criterion or ML deviance): bounded Nelder-Mead (bounded-nelder-mead.ts)
 *    from lme4's start T = I to `xtol` (1e-5), then Newton steps with
 *    finite-difference derivatives (newton-polish.ts), which place theta
 *    below the rounding-noise limit of a simplex method; when the polish does
 *    not converge (indefinite Hessian, long steps), Nelder-Mead again to
 *    `fallbackXtol` (1e-10) with restarts, and the polish once more.
 * 3. At theta: beta, u, b = Lambda u; the penalized RSS recomputed from the
 *    residuals (lme4's wrss + ussq), sigma^2 = r^2 / n (ML) or r^2 / (n - p)
 *    (REML); vcov(beta) = sigma^2 (R_X'R_X)^-1; VarCorr = sigma^2 T T'; the
 *    log-likelihood -criterion / 2 (for REML the REML log-likelihood, as lme4's
 *    `logLik`).
 * 4. Warnings as data: singular fit (a diagonal element of T below
 *    `singularTol`, lme4's `isSingular`), convergence (optimizer budget, lme4's
 *    gradient check in convergence-check.ts).
 *
 * Reference: Bates, Mächler, Bolker, Walker (2015), J Stat Softw 67(1), 1-48,
 * sections 3.1-3.6.
 */
import { ModelError } from '../../util/errors.js';
import { boundedNelderMead } from './bounded-nelder-mead.js';
import { checkConvergence } from './convergence-check.js';
import { newtonPolish } from './newton-polish.js';
import { groupCrossproducts, type LmmArrays } from './group-crossproducts.js';
import type { LmmControl } from './lmm-control.js';
import { createProfiledDeviance, plsSolution, relativeFactor, thetaLowerBounds, thetaStart } from './profiled-deviance.js';

/** Least-squares coefficients of y on the columns x (normal equations; only a shift, its accuracy does not matter). */
function leastSquares(x: readonly Float64Array[], y: Float64Array): Float64Array {
  const p = x.length;
  const n = y.length;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let r = 0; r < p; r++) {
    const xr = x[r]!;
    let s = 0;
    for (let i = 0; i < n; i++) s += xr[i]! * y[i]!;
    xty[r] = s;
    for (let c = 0; c <= r; c++) {
      const xc = x[c]!;
      let t = 0;
      for (let i = 0; i < n; i++) t += xr[i]! * xc[i]!;
      xtx[r * p + c] = t;
      xtx[c * p + r] = t;
    }
  }
  const beta = new Float64Array(p);
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let s = xtx[j * p + j]!;
    for (let k = 0; k < j; k++) s -= l[j * p + k]! ** 2;
    if (!(s > 0)) return beta; // collinear: no shift (the fit reports the problem)
    l[j * p + j] = Math.sqrt(s);
    for (let i = j + 1; i < p; i++) {
      let t = xtx[i * p + j]!;
      for (let k = 0; k < j; k++) t -= l[i * p + k]! * l[j * p + k]!;
      l[i * p + j] = t / l[j * p + j]!;
    }
  }
  const z = new Float64Array(p);
  for (let r = 0; r < p; r++) {
    let acc = xty[r]!;
    for (let k = 0; k < r; k++) acc -= l[r * p + k]! * z[k]!;
    z[r] = acc / l[r * p + r]!;
  }
  for (let r = p - 1; r >= 0; r--) {
    let acc = z[r]!;
    for (let k = r + 1; k < p; k++) acc -= l[k * p + r]! * beta[k]!;
    beta[r] = acc / l[r * p + r]!;
  }
  return beta;
}

/** The estimates of {@link fitLmm}. */
export interface LmmFit {
  /** REML (true) or ML. */
  reml: boolean;
  /** Rows n, fixed effects p, random effects per group q, groups J. */
  n: number;
  p: number;
  q: number;
  nGroups: number;
  /** The relative covariance factor's parameters (lme4's `getME(fit, "theta")`). */
  theta: Float64Array;
  /** Fixed effects. */
  beta: Float64Array;
  /** vcov(beta), p x p row-major. */
  vcov: Float64Array;
  /** Standard errors of beta. */
  se: Float64Array;
  /** Residual standard deviation. */
  sigma: number;
  /** Standard deviations of the random effects (q). */
  sd: Float64Array;
  /** Correlations of the random effects, q x q row-major (NaN where an sd is 0). */
  corr: Float64Array;
  /** REML criterion (reml) or deviance (ML) at the optimum. */
  criterion: number;
  /** Log-likelihood: -criterion / 2 (the REML log-likelihood for REML fits). */
  loglik: number;
  /** Random effects (BLUPs) b, J blocks of q (lme4's `ranef`). */
  b: Float64Array;
  /** Fitted values X beta + Z b, one per row. */
  fitted: Float64Array;
  /** Residuals y - fitted. */
  residuals: Float64Array;
  /** Singular fit (lme4's `isSingular`). */
  singular: boolean;
  /** Optimizer report. */
  optimizer: { evaluations: number; restarts: number; polishSteps: number; converged: boolean; maxScaledGradient: number | null };
  /** Warnings (singular fit, convergence). */
  warnings: string[];
}

/**
 * Fits the model y = X beta + Z b + e with one grouping factor.
 * @param a response, design columns and group codes (see {@link LmmArrays}); X must have full column rank.
 * @param reml REML (true, lmer's default) or ML.
 * @param control see lmm-control.ts.
 * @throws ModelError when there are no more rows than fixed effects (REML), the fit is exact, or X is collinear.
 * @example fitLmm({ y, x: [ones, days], z: [ones, days], group, nGroups: 18 }, true, DEFAULT_LMM_CONTROL).sd
 */
export function fitLmm(a: LmmArrays, reml: boolean, control: LmmControl): LmmFit {
  // The deviance is invariant to y -> y - X beta0 (beta shifts by beta0): work with the
  // least-squares residuals of y on X, so that y'y is close to r^2(theta) and the
  // subtraction in profiled-deviance.ts loses few digits.
  const beta0 = leastSquares(a.x, a.y);
  const e = Float64Array.from(a.y);
  for (let c = 0; c < a.x.length; c++) {
    const col = a.x[c]!;
    const bc = beta0[c]!;
    if (bc !== 0) for (let i = 0; i < e.length; i++) e[i]! -= bc * col[i]!;
  }
  const cp = groupCrossproducts({ ...a, y: e });
  const { n, p, q, nGroups: J } = cp;
  if (reml && n <= p) throw new ModelError(`REML needs more observations (${n}) than fixed effects (${p})`);
  const deviance = createProfiledDeviance(cp, reml);
  const lower = thetaLowerBounds(q);
  const upper = new Float64Array(lower.length).fill(Infinity);
  // A coarse simplex search, then Newton steps; a fine search with restarts only when the polish fails.
  const search = (start: Float64Array, xtol: number, maxRestarts: number) =>
    boundedNelderMead(deviance, start, { lower, upper, step: control.initialStep, xtol, ftol: control.ftol, maxEval: control.maxEval, maxRestarts });
  let opt = search(thetaStart(q), control.xtol, 0);
  let evaluations = opt.evaluations;
  let polished = newtonPolish(deviance, opt.x, lower, upper);
  evaluations += polished.evaluations;
  let restarts = 0;
  if (!polished.converged) {
    opt = search(polished.x, control.fallbackXtol, control.maxRestarts);
    evaluations += opt.evaluations;
    restarts = opt.restarts + 1;
    polished = newtonPolish(deviance, opt.x, lower, upper);
    evaluations += polished.evaluations;
  }
  if (!Number.isFinite(opt.f)) throw new ModelError('The profiled deviance is not finite at any theta tried (collinear fixed effects or an exact fit)');
  const theta = polished.x;
  const sol = plsSolution(cp, theta, reml);
  for (let c = 0; c < p; c++) sol.beta[c]! += beta0[c]!;

  // Residuals and the penalized RSS from them (more accurate than by subtraction).
  const fitted = new Float64Array(n);
  const residuals = new Float64Array(n);
  let wrss = 0;
  for (let i = 0; i < n; i++) {
    const g = a.group[i]!;
    let mu = 0;
    for (let c = 0; c < p; c++) mu += a.x[c]![i]! * sol.beta[c]!;
    for (let r = 0; r < q; r++) mu += a.z[r]![i]! * sol.b[g * q + r]!;
    fitted[i] = mu;
    const e = a.y[i]! - mu;
    residuals[i] = e;
    wrss += e * e;
  }
  let ussq = 0;
  for (let k = 0; k < J * q; k++) ussq += sol.u[k]! * sol.u[k]!;
  const pwrss = wrss + ussq;
  const df = reml ? n - p : n;
  const criterion = sol.ldL2 + (reml ? sol.ldRX2 : 0) + df * (1 + Math.log((2 * Math.PI * pwrss) / df));
  const sigma2 = pwrss / df;
  const sigma = Math.sqrt(sigma2);

  const vcov = Float64Array.from(sol.rxtrxInverse, (v) => v * sigma2);
  const se = new Float64Array(p);
  for (let c = 0; c < p; c++) se[c] = Math.sqrt(vcov[c * p + c]!);

  // VarCorr: sigma^2 T T'.
  const T = relativeFactor(theta, q);
  const cov = new Float64Array(q * q);
  for (let r = 0; r < q; r++) {
    for (let c = 0; c < q; c++) {
      let acc = 0;
      for (let k = 0; k <= Math.min(r, c); k++) acc += T[r * q + k]! * T[c * q + k]!;
      cov[r * q + c] = acc * sigma2;
    }
  }
  const sd = new Float64Array(q);
  for (let r = 0; r < q; r++) sd[r] = Math.sqrt(cov[r * q + r]!);
  const corr = new Float64Array(q * q);
  for (let r = 0; r < q; r++) for (let c = 0; c < q; c++) corr[r * q + c] = r === c ? 1 : cov[r * q + c]! / (sd[r]! * sd[c]!);

  const warnings: string[] = [];
  let singular = false;
  for (let c = 0, k = 0; c < q; c++) {
    for (let r = c; r < q; r++, k++) if (r === c && theta[k]! < control.singularTol) singular = true;
  }
  if (singular) {
    warnings.push(
      'boundary (singular) fit: a random-effect variance is estimated as 0 or a correlation as +-1 (theta on its bound, as lme4 isSingular); consider a simpler random-effects term',
    );
  }
  if (!opt.converged) warnings.push(`Model failed to converge: the optimizer stopped after ${evaluations} evaluations (maxEval)`);
  const check = checkConvergence(deviance, theta, lower, upper, control.gradTol);
  warnings.push(...check.warnings);
  return {
    reml,
    n,
    p,
    q,
    nGroups: J,
    theta,
    beta: sol.beta,
    vcov,
    se,
    sigma,
    sd,
    corr,
    criterion,
    loglik: -criterion / 2,
    b: sol.b,
    fitted,
    residuals,
    singular,
    optimizer: { evaluations, restarts, polishSteps: polished.steps, converged: opt.converged && check.warnings.length === 0, maxScaledGradient: check.maxScaledGradient },
    warnings,
  };
}
