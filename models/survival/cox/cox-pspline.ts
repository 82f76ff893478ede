/**
 * Penalized Cox fit for `pspline()` terms, as survival 3.5-3's
 * `coxpenal.fit` with the P-spline penalty of `pspline()` (method "df"):
 *
 * - inner loop (`coxfit5_b` / `agfit5_b`): Newton–Raphson on the penalized
 *   partial likelihood `l(b) - sum_k lambda_k/2 b_k' D b_k`, `lambda = theta /
 *   (1 - theta)`, covariates centred by their unweighted means (not scaled),
 *   starting from `loglik = 0`, convergence `|1 - old/new| <= eps`, step halving
 *   when the penalized log-likelihood decreases;
 * - degrees of freedom of each term (`coxpenal.df`, non-sparse case):
 *   with H the penalized and I the unpenalized information, `var = H^-1`,
 *   `var2 = H^-1 I H^-1`, and for each term's columns j
 *   `df_j = trace(solve(var[j, j], var2[j, j]))`;
 * - outer loop (`frailty.controldf`): theta is moved until each term's df is
 *   within `eps` (0.1) of its target, starting from `1 - df / nterm` with the
 *   history (theta 1 -> df 1, theta 0 -> df nterm), interpolating on the log
 *   scale or bisecting, and restarting each inner fit from the coefficients of
 *   the closest theta tried, at most 10 outer iterations (`outer.max`);
 * - the printed summary of a term (`pspline`'s `printfun`): its linear part
 *   (the slope of the coefficients on the basis centres `cbase`, by
 *   generalized least squares with weight `var^-1`) with a 1-df Wald test, and
 *   the nonlinear rest with `df - 1` degrees of freedom.
 *
 * Hand-written (R's algorithm step by step) because the df search stops at a
 * tolerance of 0.1: only the same sequence of thetas gives R's numbers.
 *
 * Reference: survival 3.5-3 `R/coxpenal.fit.R`, `R/coxpenal.df.R`,
 * `R/frailty.controldf.R`, `R/pspline.R`, `src/coxfit5.c`; Eilers & Marx
 * (1996); Therneau & Grambsch (2000) ch. 5.
 */
import { choleskyLdl, choleskyLdlInPlace } from '../../linalg/cholesky.js';
import { choleskyInverse } from '../../linalg/cholesky-inverse.js';
import { choleskySolveInPlace } from '../../linalg/cholesky-solve.js';
import { pchisq } from '../../stats/distributions.js';
import type { CoxControl } from './cox-control.js';
import { prepareCoxData } from './cox-data.js';
import type { CoxInput, CoxSortedData } from './cox-data.js';
import { coxPass, coxPassWork } from './cox-pass.js';

/** One penalized term: its design columns and P-spline settings. */
export interface PenalizedTerm {
  /** Term label (`pspline(age)`). */
  label: string;
  /** Design columns of the basis (consecutive). */
  columns: number[];
  /** Penalty matrix `D'D` for these columns (k x k, row-major). */
  penalty: Float64Array;
  /** Target degrees of freedom (method "df"), used when `theta` is null. */
  df: number;
  /** Fixed theta in (0, 1) (method "fixed"), or null. */
  theta: number | null;
  /** Number of basis intervals (`nterm`): the df at theta = 0. */
  nterm: number;
  /** Tolerance on df (0.1). */
  eps: number;
  /** Centres of the basis functions (`cbase`), for the linear / nonlinear split. */
  cbase: number[];
}

/** The linear and nonlinear parts of a penalized term, as `print(coxph)` shows them. */
export interface PenalizedSummary {
  label: string;
  theta: number;
  df: number;
  linear: { coef: number; se: number; se2: number; chisq: number; df: number; p: number };
  nonlinear: { chisq: number; df: number; p: number };
}

/** Result of {@link coxPenalizedFit}. */
export interface CoxPenalizedResult {
  coef: Float64Array;
  /** `H^-1`, p x p row-major (R's `fit$var`). */
  var: Float64Array;
  /** `H^-1 I H^-1` (R's `fit$var2`). */
  var2: Float64Array;
  /** Unpenalized log partial likelihood at 0 and at the fit (R's `loglik`). */
  loglik: [number, number];
  /** Penalty at the first and the last outer iteration (R's `penalty`). */
  penalty: [number, number];
  /** Degrees of freedom per model term (R's `df`, in term order). */
  dfByTerm: number[];
  /** Theta of each penalized term. */
  theta: number[];
  /** Outer iterations and total Newton–Raphson iterations (R's `iter`). */
  iterations: [number, number];
  converged: boolean;
  /** Unweighted column means (R's `means`). */
  means: Float64Array;
  /** `offset + x b - sum(means b)` per row. */
  linearPredictors: Float64Array;
  /** Wald statistic `b' H b` (R's `wald.test`). */
  waldTest: number;
  nEvent: number;
  summaries: PenalizedSummary[];
  warnings: string[];
}

/** Options of {@link coxPenalizedFit}. */
export interface CoxPenalizedControl extends Pick<CoxControl, 'eps' | 'tolerChol' | 'maxIter' | 'ties'> {
  /** Outer iterations (R's `outer.max`, 10). */
  outerMax: number;
}

/** R's `coxph.wtest` solve: `solve(v, b)` by the LDL factor with tolerance 1e-9 (columns of b). */
function wtestSolve(v: Float64Array, k: number, b: Float64Array[]): Float64Array[] {
  const f = choleskyLdl(v, k, 1e-9);
  return b.map((col) => {
    const y = new Float64Array(col);
    choleskySolveInPlace(f, y);
    return y;
  });
}

function block(m: Float64Array, p: number, cols: readonly number[]): Float64Array {
  const k = cols.length;
  const out = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) out[a * k + b] = m[cols[a]! * p + cols[b]!]!;
  return out;
}

/** Degrees of freedom of the columns `cols`: trace(solve(var[j,j], var2[j,j])). */
function termDf(v: Float64Array, v2: Float64Array, p: number, cols: readonly number[]): number {
  const k = cols.length;
  const a = block(v, p, cols);
  const b = block(v2, p, cols);
  const rhs = Array.from({ length: k }, (_, c) => Float64Array.from({ length: k }, (_, r) => b[r * k + c]!));
  const sol = wtestSolve(a, k, rhs);
  let t = 0;
  for (let c = 0; c < k; c++) t += sol[c]![c]!;
  return t;
}

interface ControlState {
  theta: number;
  done: boolean;
  thetas: number[];
  dfs: number[];
  half: number;
}

/** One step of R's `frailty.controldf` (iter >= 1). */
function controlDf(target: number, eps: number, iter: number, old: ControlState, df: number): ControlState {
  const thetas = [...old.thetas, old.theta];
  const dfs = [...old.dfs, df];
  const nx = thetas.length;
  if (nx === 2) {
    let theta = thetas[0]! + ((thetas[1]! - thetas[0]!) * (target - dfs[0]!)) / (dfs[1]! - dfs[0]!);
    if (target > df) theta *= 1.5;
    return { theta, done: false, thetas, dfs, half: 0 };
  }
  const done = iter > 1 && Math.abs(dfs[nx - 1]! - target) < eps;
  const doingWell = !(Math.abs((dfs[nx - 1]! - target) / (dfs[nx - 2]! - target)) > 0.6);
  const ord = thetas.map((_, i) => i).sort((a, b) => thetas[a]! - thetas[b]! || a - b);
  let y: number[];
  let tgt = target;
  if ((thetas[0]! - thetas[1]!) * (dfs[0]! - dfs[1]!) > 0) y = ord.map((i) => dfs[i]!);
  else {
    y = ord.map((i) => -dfs[i]!);
    tgt = -target;
  }
  const x = ord.map((i) => thetas[i]!);
  let b1: number; // 1-based as R
  if (y.every((v) => v > tgt)) b1 = 1;
  else if (y.every((v) => v < tgt)) b1 = nx - 2;
  else {
    b1 = 0;
    for (let i = 0; i < nx; i++) if (y[i]! <= tgt) b1 = i + 1;
    if (!doingWell && old.half < 2) {
      return { theta: (x[b1 - 1]! + x[b1]!) / 2, done, thetas, dfs, half: Math.max(old.half, 0) + 1 };
    }
    if (b1 + 1 === nx || (b1 > 1 && tgt - y[b1 - 1]! < y[b1]! - tgt)) b1 = b1 - 1;
  }
  const xb1 = x[b1 - 1]!;
  const yb1 = y[b1 - 1]!;
  const xx = [Math.log(x[b1]! - xb1), Math.log(x[b1 + 1]! - xb1)];
  const yy = [Math.log(y[b1]! - yb1), Math.log(y[b1 + 1]! - yb1)];
  const power = (yy[1]! - yy[0]!) / (xx[1]! - xx[0]!);
  const a = yy[0]! - power * xx[0]!;
  const newx = (Math.log(tgt - yb1) - a) / power;
  return { theta: xb1 + Math.exp(newx), done, thetas, dfs, half: 0 };
}

/** The sorted data with covariates centred by their unweighted means and not scaled (coxfit5). */
function centredData(input: CoxInput): { d: CoxSortedData; means: Float64Array } {
  const d = prepareCoxData(input, []);
  const n = d.n;
  const p = d.p;
  const means = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    const col = input.x[j]!;
    for (let i = 0; i < n; i++) s += col[i]!;
    means[j] = s / n;
  }
  const x = new Float64Array(n * p);
  for (let k = 0; k < n; k++) {
    const i = d.order[k]!;
    for (let j = 0; j < p; j++) x[k * p + j] = input.x[j]![i]! - means[j]!;
  }
  return { d: { ...d, x, center: means, scale: new Float64Array(p).fill(1), zeroOne: new Uint8Array(p) }, means };
}

/**
 * Fit a Cox model with penalized (P-spline) terms, as R's `coxpenal.fit`.
 *
 * @param input the model's arrays (all design columns, penalized ones included).
 * @param terms the penalized terms (their columns index `input.x`).
 * @param assign term index of each design column (R's `assign`), for the df per term.
 * @param control eps, tolerChol, maxIter (inner, 20), ties, outerMax (10).
 */
export function coxPenalizedFit(input: CoxInput, terms: readonly PenalizedTerm[], assign: readonly number[], control: CoxPenalizedControl): CoxPenalizedResult {
  const { d, means } = centredData(input);
  const p = d.p;
  const efron = control.ties === 'efron';
  const work = coxPassWork(d.n, p);
  const u = new Float64Array(p);
  const imat = new Float64Array(p * p);
  const warnings: string[] = [];

  /** Penalty of the terms at theta: adds -lambda D b to u and lambda D to imat; returns the penalty (>= 0). */
  const applyPenalty = (beta: Float64Array, thetas: readonly number[], uu: Float64Array, im: Float64Array): number => {
    let pen = 0;
    terms.forEach((t, q) => {
      const th = thetas[q]!;
      const cols = t.columns;
      const k = cols.length;
      if (th >= 1) {
        // R: penalty 100 (1 - theta) and the term's coefficients held at 0.
        pen += 100 * (1 - th);
        for (const c of cols) {
          uu[c] = 0;
          for (let j = 0; j < p; j++) {
            im[c * p + j] = 0;
            im[j * p + c] = 0;
          }
          im[c * p + c] = 1;
        }
        return;
      }
      const lambda = th <= 0 ? 0 : th / (1 - th);
      for (let a = 0; a < k; a++) {
        let da = 0;
        for (let b = 0; b < k; b++) {
          const dab = t.penalty[a * k + b]!;
          da += dab * beta[cols[b]!]!;
          im[cols[a]! * p + cols[b]!] = im[cols[a]! * p + cols[b]!]! + lambda * dab;
        }
        uu[cols[a]!] = uu[cols[a]!]! - lambda * da;
        pen += (lambda / 2) * beta[cols[a]!]! * da;
      }
    });
    return pen;
  };

  /** coxfit5_b: Newton-Raphson from `init` at fixed thetas. */
  const inner = (init: Float64Array, thetas: readonly number[]) => {
    const beta = new Float64Array(init);
    const oldbeta = new Float64Array(init);
    let loglik = 0; // as R: the call passes loglik = 0
    let halving = false;
    let newlk = 0;
    let pen = 0;
    let iter = 0;
    let converged = false;
    for (iter = 0; iter <= control.maxIter; iter++) {
      newlk = coxPass(d, beta, efron, u, imat, work);
      pen = applyPenalty(beta, thetas, u, imat);
      newlk -= pen;
      const factor = choleskyLdlInPlace(imat, p, control.tolerChol);
      if (Math.abs(1 - loglik / newlk) <= control.eps) {
        converged = !halving;
        break;
      }
      if (iter === control.maxIter) break;
      if (iter > 0 && newlk < loglik) {
        halving = true;
        for (let i = 0; i < p; i++) beta[i] = (oldbeta[i]! + beta[i]!) / 2;
      } else {
        halving = false;
        loglik = newlk;
        const step = new Float64Array(u);
        choleskySolveInPlace(factor, step);
        for (let i = 0; i < p; i++) {
          oldbeta[i] = beta[i]!;
          beta[i] = beta[i]! + step[i]!;
        }
      }
    }
    // The penalized information at the final beta: imat was overwritten in place by the factor,
    // so it is rebuilt for the df computation.
    const pll = coxPass(d, beta, efron, u, imat, work);
    const iUnpen = new Float64Array(imat);
    const h = new Float64Array(imat);
    const pen2 = applyPenalty(beta, thetas, new Float64Array(p), h);
    void pen;
    return { beta, iterations: Math.min(iter, control.maxIter), converged, loglikUnpen: pll, penalty: pen2, h, iUnpen };
  };

  /** var, var2 and df per term at a fit. */
  const dfOf = (h: Float64Array, iUnpen: Float64Array) => {
    const f = choleskyLdl(h, p, control.tolerChol);
    const hinv = choleskyInverse(f);
    // var2 = Hinv I Hinv
    const tmp = new Float64Array(p * p);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += hinv[i * p + k]! * iUnpen[k * p + j]!;
      tmp[i * p + j] = s;
    }
    const v2 = new Float64Array(p * p);
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += tmp[i * p + k]! * hinv[k * p + j]!;
      v2[i * p + j] = s;
    }
    const nTerms = assign.reduce((m, a) => Math.max(m, a + 1), 0);
    const dfByTerm: number[] = [];
    for (let t = 0; t < nTerms; t++) {
      const cols = assign.map((a, j) => (a === t ? j : -1)).filter((j) => j >= 0);
      dfByTerm.push(cols.length ? termDf(hinv, v2, p, cols) : 0);
    }
    return { hinv, v2, dfByTerm, singular: f.singular };
  };

  // coxfit5_a: the log-likelihood at the initial (zero) coefficients.
  const zero = new Float64Array(p);
  const loglik0 = coxPass(d, zero, efron, new Float64Array(p), new Float64Array(p * p), work);

  const fixed = terms.map((t) => t.theta !== null);
  let states: ControlState[] = terms.map((t) =>
    t.theta !== null
      ? { theta: t.theta, done: true, thetas: [], dfs: [], half: 0 }
      : { theta: 1 - t.df / t.nterm, done: false, thetas: [1, 0], dfs: [1, t.nterm], half: 0 },
  );
  let init: Float64Array = new Float64Array(p);
  const thetaSave: number[][] = [states.map((s) => s.theta)];
  const coefSave: Float64Array[] = [];
  let totalIter = 0;
  let outer = 0;
  let fit = inner(init, states.map((s) => s.theta));
  let stats = dfOf(fit.h, fit.iUnpen);
  let penalty0 = 0;
  let innerFailed = false;
  let usedThetas = states.map((s) => s.theta);
  for (outer = 1; outer <= control.outerMax; outer++) {
    usedThetas = states.map((s) => s.theta);
    if (outer > 1) {
      fit = inner(init, usedThetas);
      stats = dfOf(fit.h, fit.iUnpen);
    }
    totalIter += fit.iterations;
    if (!fit.converged && fit.iterations >= control.maxIter) innerFailed = true;
    if (outer === 1) penalty0 = fit.penalty;
    let done = true;
    states = states.map((s, q) => {
      if (fixed[q]) return s;
      const t = terms[q]!;
      const termIndex = assign[t.columns[0]!]!;
      const next = controlDf(t.df, t.eps, outer, s, stats.dfByTerm[termIndex]!);
      done = done && next.done;
      return next;
    });
    if (done) break;
    if (outer === 1) {
      init = new Float64Array(fit.beta);
      coefSave.push(init);
      thetaSave.push(states.map((s) => s.theta));
    } else {
      coefSave.push(new Float64Array(fit.beta));
      const now = states.map((s) => s.theta);
      // Restart from the coefficients of the closest theta tried (R: the first of the closest).
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < coefSave.length; c++) {
        const dist = thetaSave[c]!.reduce((acc, v, q) => acc + (v - now[q]!) ** 2, 0);
        if (dist < bestD) {
          bestD = dist;
          best = c;
        }
      }
      init = new Float64Array(coefSave[best]!);
      thetaSave.push(now);
    }
  }
  if (outer > control.outerMax) {
    outer = control.outerMax;
    if (terms.some((t) => t.theta === null)) warnings.push(`pspline(): the degrees of freedom were not reached within ${control.outerMax} outer iterations`);
  }
  if (innerFailed) warnings.push('Inner loop failed to converge for some outer iterations');

  const beta = fit.beta;
  let mb = 0;
  for (let j = 0; j < p; j++) mb += means[j]! * beta[j]!;
  const n = input.time.length;
  const lp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = input.offset ? input.offset[i]! : 0;
    for (let j = 0; j < p; j++) s += input.x[j]![i]! * beta[j]!;
    lp[i] = s - mb;
  }
  const coef = new Float64Array(beta);
  stats.singular.forEach((s, j) => {
    if (s) coef[j] = NaN;
  });
  // Wald test b' H b (R: coxph.wtest(fit$var, coef)).
  let wald = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) wald += beta[i]! * fit.h[i * p + j]! * beta[j]!;

  const summaries = terms.map((t, q): PenalizedSummary => {
    const termIndex = assign[t.columns[0]!]!;
    const df = stats.dfByTerm[termIndex]!;
    return { label: t.label, theta: usedThetas[q]!, df, ...printParts(t, beta, stats.hinv, stats.v2, p, df) };
  });
  return {
    coef,
    var: stats.hinv,
    var2: stats.v2,
    loglik: [loglik0, fit.loglikUnpen],
    penalty: [penalty0, fit.penalty],
    dfByTerm: stats.dfByTerm,
    theta: usedThetas,
    iterations: [outer, totalIter],
    converged: !innerFailed,
    means,
    linearPredictors: lp,
    waldTest: wald,
    nEvent: d.nEvent,
    summaries,
    warnings,
  };
}

/** pspline's printfun: linear slope on the basis centres and the nonlinear rest. */
function printParts(t: PenalizedTerm, beta: Float64Array, v: Float64Array, v2: Float64Array, p: number, df: number): Pick<PenalizedSummary, 'linear' | 'nonlinear'> {
  const cols = t.columns;
  const k = cols.length;
  const V = block(v, p, cols);
  const V2 = block(v2, p, cols);
  const b = Float64Array.from(cols, (c) => beta[c]!);
  const test1 = dot(b, wtestSolve(V, k, [b])[0]!);
  // xsig = V^-1 [1, cbase]; cmat = solve(X' xsig, t(xsig))[2, ]
  const ones = new Float64Array(k).fill(1);
  const cb = Float64Array.from(t.cbase);
  const [s1, s2] = wtestSolve(V, k, [ones, cb]) as [Float64Array, Float64Array];
  const m = Float64Array.of(dot(ones, s1), dot(ones, s2), dot(cb, s1), dot(cb, s2)); // X' xsig (2 x 2)
  const rows = Array.from({ length: k }, (_, r) => Float64Array.of(s1[r]!, s2[r]!));
  const sol = wtestSolve(m, 2, rows);
  const cmat = Float64Array.from(sol, (s) => s[1]!);
  const linear = dot(cmat, b);
  const quad = (M: Float64Array): number => {
    let s = 0;
    for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) s += cmat[a]! * M[a * k + c]! * cmat[c]!;
    return s;
  };
  const lvar1 = quad(V);
  const lvar2 = quad(V2);
  const test2 = (linear * linear) / lvar1;
  const nl = test1 - test2;
  return {
    linear: { coef: linear, se: Math.sqrt(lvar1), se2: Math.sqrt(lvar2), chisq: test2, df: 1, p: pchisq(test2, 1) },
    nonlinear: { chisq: nl, df: df - 1, p: pchisq(Math.max(nl, 0), Math.max(0.5, df - 1)) },
  };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
