/**
 * Numeric core of the Cox proportional-hazards model: Newton–Raphson on the
 * partial likelihood over typed arrays (no formula handling here).
 *
 * Matches R's `survival::coxph` fitters: `coxph.fit`/`coxfit6.c` for
 * right-censored data and `agreg.fit`/`agfit4.c` for counting-process data,
 * including covariate centring and scaling, the convergence rule
 * `|1 - loglik_old/loglik_new| <= eps`, step halving when the log-likelihood
 * decreases, tolerance-based detection of collinear columns (coefficient
 * reported as NaN, R's `NA`), and R's warnings for non-convergence and
 * infinite coefficients (monotone likelihood).
 *
 * Reference: Therneau & Grambsch (2000), *Modeling Survival Data*, ch. 3;
 * survival 3.5-3 `R/coxph.fit.R`, `R/agreg.fit.R`, `src/coxfit6.c`, `src/agfit4.c`.
 */
import { choleskyLdlInPlace } from '../../linalg/cholesky.js';
import type { CholeskyFactor } from '../../linalg/cholesky.js';
import { choleskySolveInPlace } from '../../linalg/cholesky-solve.js';
import { choleskyInverse } from '../../linalg/cholesky-inverse.js';
import { UsageError } from '../../../util/errors.js';
import { coxControl } from './cox-control.js';
import type { CoxControl, CoxTies } from './cox-control.js';
import { prepareCoxData } from './cox-data.js';
import type { CoxInput, CoxSortedData } from './cox-data.js';
import { coxPass, coxPassWork } from './cox-pass.js';
import { coxRobust } from './cox-robust.js';
import { waldTest } from './cox-wald.js';

export type { CoxInput } from './cox-data.js';

/** Result of {@link coxFit}. Arrays are in the input row order unless stated. */
export interface CoxFitResult {
  /** Coefficients on the original covariate scale; NaN for columns dropped as collinear (R: NA). */
  coef: Float64Array;
  /** Model-based variance (inverse information), row-major `p × p`; 0 rows/columns for dropped columns. */
  naiveVar: Float64Array;
  /** Variance used for inference: the robust one when `robust`, else `naiveVar` (R's `fit$var`). */
  var: Float64Array;
  /** Robust sandwich variance, or null when not robust. */
  robustVar: Float64Array | null;
  /** Log partial likelihood at the initial and the final coefficients (R: `loglik`). */
  loglik: [number, number];
  /** Score (log-rank) test statistic at the initial coefficients (R: `score`). */
  scoreTest: number;
  /** Robust score test (R: `rscore`), or null when not robust. */
  robustScoreTest: number | null;
  /** Wald test `b' V⁻¹ b` over the estimable coefficients (R: `wald.test`) and its df. */
  waldTest: number;
  /** Number of estimable coefficients (the df of the tests). */
  df: number;
  /** Newton–Raphson iterations used (R: `iter`). */
  iterations: number;
  /** False when the iteration limit was reached without convergence. */
  converged: boolean;
  /** Rank of the information matrix. */
  rank: number;
  /** Score vector at the final coefficients (original scale). */
  u: Float64Array;
  /**
   * Centring values (R: `fit$means`): the weighted column means for
   * right-censored data, unweighted column means for counting-process data,
   * 0 for indicator columns (values in `nocenter`), as R.
   */
  means: Float64Array;
  /** Linear predictor `x·coef + offset - sum(coef·means)` per row (R: `linear.predictors`). */
  linearPredictors: Float64Array;
  /** 1 for columns dropped as collinear. */
  singular: Uint8Array;
  /** Number of events. */
  nEvent: number;
  /** Tie method used. */
  ties: CoxTies;
  /** Warnings, as R would print them. */
  warnings: string[];
}

interface Iterated {
  beta: Float64Array; // scaled
  loglik: [number, number];
  scoreTest: number;
  iterations: number;
  converged: boolean;
  rank: number;
  u: Float64Array; // scaled
  factor: CholeskyFactor; // of the final (scaled) information
}

/** R's `coxfit6` iteration (right-censored data). */
function iterateRight(d: CoxSortedData, beta0: Float64Array, efron: boolean, c: CoxControl): Iterated {
  const p = d.p;
  const work = coxPassWork(d.n, p);
  const u = new Float64Array(p);
  const imat = new Float64Array(p * p);
  const beta = new Float64Array(beta0);
  const ll0 = coxPass(d, beta, efron, u, imat, work);
  const loglik: [number, number] = [ll0, ll0];
  const step = new Float64Array(u);
  let factor = choleskyLdlInPlace(imat, p, c.tolerChol);
  choleskySolveInPlace(factor, step);
  let sctest = 0;
  for (let i = 0; i < p; i++) sctest += u[i]! * step[i]!;
  if (c.maxIter === 0 || !Number.isFinite(ll0)) {
    return { beta, loglik, scoreTest: sctest, iterations: 0, converged: true, rank: factor.rank, u, factor };
  }
  const newbeta = new Float64Array(p);
  for (let i = 0; i < p; i++) newbeta[i] = beta[i]! + step[i]!;
  let halving = 0;
  for (let iter = 1; iter <= c.maxIter; iter++) {
    const newlk = coxPass(d, newbeta, efron, u, imat, work);
    factor = choleskyLdlInPlace(imat, p, c.tolerChol);
    let notfinite = !Number.isFinite(newlk);
    for (let i = 0; i < p && !notfinite; i++) if (!Number.isFinite(u[i]!)) notfinite = true;
    for (let i = 0; i < p * p && !notfinite; i++) if (!Number.isFinite(imat[i]!)) notfinite = true;
    if (!notfinite && Math.abs(1 - loglik[1] / newlk) <= c.eps) {
      loglik[1] = newlk;
      return { beta: newbeta, loglik, scoreTest: sctest, iterations: iter, converged: true, rank: factor.rank, u, factor };
    }
    if (notfinite || newlk < loglik[1]) {
      halving++;
      for (let i = 0; i < p; i++) newbeta[i] = (newbeta[i]! + halving * beta[i]!) / (halving + 1);
    } else {
      halving = 0;
      loglik[1] = newlk;
      step.set(u);
      choleskySolveInPlace(factor, step);
      for (let i = 0; i < p; i++) {
        beta[i] = newbeta[i]!;
        newbeta[i] = newbeta[i]! + step[i]!;
      }
    }
  }
  // Out of iterations: report the last good coefficients (R recomputes there when maxIter > 1).
  if (c.maxIter > 1) {
    loglik[1] = coxPass(d, beta, efron, u, imat, work);
    factor = choleskyLdlInPlace(imat, p, c.tolerChol);
  }
  return { beta, loglik, scoreTest: sctest, iterations: c.maxIter + 1, converged: false, rank: factor.rank, u, factor };
}

/** R's `agfit4` iteration (counting-process data). */
function iterateCounting(d: CoxSortedData, beta0: Float64Array, efron: boolean, c: CoxControl): Iterated {
  const p = d.p;
  const work = coxPassWork(d.n, p);
  const u = new Float64Array(p);
  const imat = new Float64Array(p * p);
  const beta = new Float64Array(beta0);
  const oldbeta = new Float64Array(p);
  const step = new Float64Array(p);
  const loglik: [number, number] = [0, 0];
  let sctest = 0;
  let rank = 0;
  let halving = 0;
  let converged = true;
  let newlk = 0;
  let factor: CholeskyFactor | null = null;
  let iter = 0;
  for (iter = 0; iter <= c.maxIter; iter++) {
    newlk = coxPass(d, beta, efron, u, imat, work);
    if (iter === 0) {
      loglik[0] = newlk;
      loglik[1] = newlk;
      step.set(u);
      factor = choleskyLdlInPlace(imat, p, c.tolerChol);
      rank = factor.rank;
      choleskySolveInPlace(factor, step);
      for (let i = 0; i < p; i++) sctest += u[i]! * step[i]!;
      if (c.maxIter === 0 || !Number.isFinite(newlk)) break;
      for (let i = 0; i < p; i++) {
        oldbeta[i] = beta[i]!;
        beta[i] = beta[i]! + step[i]!;
      }
      continue;
    }
    let fail = 0;
    for (let i = 0; i < p; i++) if (!Number.isFinite(imat[i * p + i]!)) fail++;
    factor = choleskyLdlInPlace(imat, p, c.tolerChol);
    if (!Number.isFinite(newlk)) fail++;
    fail += Math.abs(rank - factor.rank);
    if (fail === 0 && halving === 0 && Math.abs(1 - loglik[1] / newlk) <= c.eps) break;
    if (iter === c.maxIter) {
      converged = false;
      if (c.maxIter > 1 && (newlk - loglik[1]) / Math.abs(loglik[1]) < -c.eps) {
        beta.set(oldbeta);
        newlk = coxPass(d, beta, efron, u, imat, work);
        factor = choleskyLdlInPlace(imat, p, c.tolerChol);
      }
      break;
    }
    if (fail > 0 || newlk < loglik[1]) {
      halving++;
      for (let i = 0; i < p; i++) beta[i] = (oldbeta[i]! * halving + beta[i]!) / (halving + 1);
    } else {
      halving = 0;
      loglik[1] = newlk;
      step.set(u);
      choleskySolveInPlace(factor, step);
      for (let i = 0; i < p; i++) {
        oldbeta[i] = beta[i]!;
        beta[i] = beta[i]! + step[i]!;
      }
    }
  }
  loglik[1] = newlk;
  return {
    beta,
    loglik,
    scoreTest: sctest,
    iterations: Math.min(iter, c.maxIter),
    converged,
    rank,
    u,
    factor: factor!,
  };
}

/** Sum of the first n values. */
function columnSum(col: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += col[i]!;
  return s;
}

/**
 * `offset + x·coef - shift` per row, summed in column order per row as before
 * (kept apart from coxFit so that V8 optimizes this loop on its own).
 */
function linearPredictor(x: readonly Float64Array[], coef: Float64Array, offset: Float64Array | null, shift: number, n: number): Float64Array {
  const p = x.length;
  const lp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = (offset ? offset[i]! : 0) - shift;
    for (let j = 0; j < p; j++) z += coef[j]! * x[j]![i]!;
    lp[i] = z;
  }
  return lp;
}

/**
 * Fit a Cox proportional-hazards model by Newton–Raphson (numeric core).
 *
 * @param input covariates (column-major), times, status and optional start
 *   times, strata, weights, offset, cluster.
 * @param control options, defaults as R's `coxph.control` (see {@link CoxControl}):
 *   ties `'efron'`, maxIter 20, eps 1e-9, tolerChol `.Machine$double.eps^0.75`.
 * @returns coefficients, variance, log-likelihoods, tests, linear predictors, warnings.
 * @throws UsageError for bad lengths/options; DataValidationError (naming the row)
 *   for non-finite data, weights <= 0 or `start >= stop`.
 * @example coxFit({ x: [age], time, status }, { ties: 'breslow' }).coef
 */
export function coxFit(input: CoxInput, control: Partial<CoxControl> = {}): CoxFitResult {
  const c = coxControl(control);
  const p = input.x.length;
  const d = prepareCoxData(input, c.nocenter);
  const n = d.n;
  const counting = d.start !== null;
  const warnings: string[] = [];
  const efron = c.ties === 'efron';

  // R's reported centring values.
  const means = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    if (d.zeroOne[j]) continue;
    means[j] = counting ? columnSum(input.x[j]!, n) / n : d.center[j]!;
  }

  if (c.init && c.init.length !== p) throw new UsageError(`Wrong length for initial values: ${c.init.length}, expected ${p}`);
  const init = c.init ? new Float64Array(c.init) : new Float64Array(p);

  if (d.nEvent === 0) {
    warnings.push('No events: the coefficients cannot be estimated');
    const lp = new Float64Array(n);
    if (input.offset) lp.set(input.offset);
    return {
      coef: new Float64Array(p).fill(NaN),
      naiveVar: new Float64Array(p * p),
      var: new Float64Array(p * p),
      robustVar: null,
      loglik: [0, 0],
      scoreTest: 0,
      robustScoreTest: null,
      waldTest: 0,
      df: 0,
      iterations: 0,
      converged: true,
      rank: 0,
      u: new Float64Array(p),
      means,
      linearPredictors: lp,
      singular: new Uint8Array(p),
      nEvent: 0,
      ties: c.ties,
      warnings,
    };
  }

  const beta0 = new Float64Array(p);
  for (let j = 0; j < p; j++) beta0[j] = init[j]! / d.scale[j]!;
  const it = counting ? iterateCounting(d, beta0, efron, c) : iterateRight(d, beta0, efron, c);

  // Back to the original scale.
  const inv = choleskyInverse(it.factor);
  const coef = new Float64Array(p);
  const u = new Float64Array(p);
  const naiveVar = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    coef[i] = it.beta[i]! * d.scale[i]!;
    u[i] = it.u[i]! / d.scale[i]!;
    for (let j = 0; j < p; j++) naiveVar[i * p + j] = inv[i * p + j]! * d.scale[i]! * d.scale[j]!;
  }
  const singular = new Uint8Array(p);
  if (it.rank < p) for (let i = 0; i < p; i++) if (naiveVar[i * p + i] === 0) singular[i] = 1;

  // Linear predictor with R's centring (raw coefficients, as R).
  let shift = 0;
  for (let j = 0; j < p; j++) shift += coef[j]! * means[j]!;
  const lp = linearPredictor(input.x, coef, input.offset ?? null, shift, n);

  // Warnings, with R's rules, except that non-convergence is also reported for
  // maxIter = 1 (R stays silent there so users can step one iteration at a time).
  if (!it.converged && c.maxIter === 1) warnings.push('Ran out of iterations and did not converge');
  if (c.maxIter > 1) {
    if (!it.converged) {
      warnings.push('Ran out of iterations and did not converge');
      if (!counting) {
        let maxLp = -Infinity;
        for (let i = 0; i < n; i++) if (lp[i]! > maxLp) maxLp = lp[i]!;
        let infFinite = true;
        for (let j = 0; j < p; j++) {
          let s = 0;
          for (let i = 0; i < p; i++) s += u[i]! * naiveVar[i * p + j]!;
          if (!Number.isFinite(s)) infFinite = false;
        }
        if (maxLp > 500 || !infFinite) warnings.push('one or more coefficients may be infinite');
      }
    } else {
      const flagged: number[] = [];
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let i = 0; i < p; i++) s += u[i]! * naiveVar[i * p + j]!;
        const infs = Math.abs(s);
        const bad = counting
          ? !Number.isFinite(u[j]!) || infs > c.tolerInf * (1 + Math.abs(coef[j]!))
          : !Number.isFinite(u[j]!) || (infs > c.eps && infs > c.tolerInf * Math.abs(coef[j]!));
        if (bad) flagged.push(j + 1);
      }
      if (flagged.length) {
        warnings.push(
          `Loglik converged before variable  ${flagged.join(',')} ; ${counting ? 'beta' : 'coefficient'} may be infinite.`,
        );
      }
    }
  }
  if (c.maxIter > 0) {
    const dropped: number[] = [];
    for (let j = 0; j < p; j++) if (singular[j]) dropped.push(j + 1);
    for (let j = 0; j < p; j++) if (singular[j]) coef[j] = NaN;
    if (dropped.length) warnings.push(`X matrix deemed to be singular; variable ${dropped.join(' ')}`);
  }

  // Robust variance (R: dfbeta residuals summed within cluster).
  const robust = c.robust ?? (input.cluster != null);
  let robustVar: Float64Array | null = null;
  let robustScoreTest: number | null = null;
  let varUsed: Float64Array = naiveVar;
  const estimable = Array.from(singular, (s) => s === 0);
  if (robust && estimable.some(Boolean)) {
    const r = coxRobust(d, {
      beta: it.beta,
      init: beta0,
      naiveVar,
      efron,
      cluster: input.cluster ?? null,
      tolerChol: c.tolerChol,
    });
    robustVar = r.robustVar;
    robustScoreTest = r.robustScoreTest;
    varUsed = robustVar;
  }
  const delta = new Float64Array(p);
  for (let j = 0; j < p; j++) delta[j] = coef[j]! - init[j]!;
  const wt = waldTest(varUsed, delta, estimable, c.tolerChol);

  return {
    coef,
    naiveVar,
    var: varUsed,
    robustVar,
    loglik: it.loglik,
    scoreTest: it.scoreTest,
    robustScoreTest,
    waldTest: wt.statistic,
    df: estimable.filter(Boolean).length,
    iterations: it.iterations,
    converged: it.converged,
    rank: it.rank,
    u,
    means,
    linearPredictors: lp,
    singular,
    nEvent: d.nEvent,
    ties: c.ties,
    warnings,
  };
}
