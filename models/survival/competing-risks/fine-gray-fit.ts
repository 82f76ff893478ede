/**
 * Numeric core of {@link fineGray}: the Fine–Gray proportional
 * subdistribution hazards model fitted as `cmprsk::crr` does it, on typed
 * arrays only, in O(N p²) per iteration (cmprsk's Fortran is O(N²)).
 *
 * Definitions (cmprsk 2.2-11, `crr` and Fortran `crrfsv`, `crrf`, `crrvv`, `crrfit`):
 * - Censoring distribution `G`: Kaplan–Meier of the censoring times (status
 *   = `cencode` is the "event"; a failure tied with a censoring stays at risk),
 *   evaluated just before each subject's own time, `G_i = G(t_i-)` (R: `approx(...,
 *   xout = ftime * (1 - 100 eps), method = "constant")`).
 * - At a distinct failure time `t` of the cause of interest the risk set holds
 *   every subject with `t_i >= t` with weight 1, and every subject who failed
 *   from another cause before `t` with weight `G(t-)/G(t_i-)` (IPCW).
 * - Log pseudo-partial likelihood `Σ_t [Σ_{failures at t} η_i - d_t log S0(t)]`,
 *   `S0(t) = Σ w_i(t) exp(η_i)` (ties: Breslow).
 * - Newton–Raphson from `init` (default 0) with cmprsk's backtracking line
 *   search (step halved while the objective does not decrease by at least
 *   `1e-4 ×` the predicted amount, at most 20 halvings) and cmprsk's stopping
 *   rule `max_j |U_j| max(|β_j|, 1) < tol × max(|loglik|, 1)`.
 * - Variance: the sandwich `I⁻¹ Σ_i (η_i + ψ_i)(η_i + ψ_i)ᵀ I⁻¹` of Fine & Gray
 *   (1999), where `η_i` is subject i's score process contribution and `ψ_i` the
 *   correction for estimating `G` (one censoring group).
 * - Baseline: jumps `d_t / S0(t)` of the cumulative subdistribution hazard
 *   (R: `bfitj`), predictions `1 - exp(-exp(xβ) Σ_{s<=t} jumps)`.
 * Covariates are centred internally (all quantities above are invariant to
 * shifting x); reported baseline jumps are for uncentred covariates, as R's.
 *
 * Reference: Fine JP, Gray RJ (1999) JASA 94:496–509; cmprsk 2.2-11 `R/cmprsk.R`, `src/crr.f`.
 */
import { solveSymmetric, invertSymmetric } from '../../linalg/index.js';
import { valueOrder } from '../cox/cox-sort.js';

/** Inputs of {@link fineGrayFit}. Arrays of length n without missing values. */
export interface FineGrayInput {
  time: Float64Array;
  /** 1 = failure from the cause of interest, 2 = failure from another cause, 0 = censored. */
  status: Uint8Array;
  /** Covariates, column-major: one Float64Array of length n per covariate. */
  x: readonly Float64Array[];
}

/** Controls of {@link fineGrayFit} (cmprsk's `crr` arguments). */
export interface FineGrayControl {
  /** Maximum Newton iterations (cmprsk `maxiter`, default 10). */
  maxIter: number;
  /** Gradient tolerance (cmprsk `gtol`, default 1e-6). */
  tol: number;
  /** Starting values (default all 0). */
  init?: Float64Array;
  /** Compute the sandwich variance (default true). */
  variance?: boolean;
}

/** Output of {@link fineGrayFit}. */
export interface FineGrayCore {
  coef: Float64Array;
  /** Sandwich variance, row-major p×p (NaN when `variance` is false). */
  var: Float64Array;
  /** Information matrix (minus the Hessian of the log pseudo-likelihood) at `coef`, row-major. */
  information: Float64Array;
  /** Score at `coef`. */
  score: Float64Array;
  loglik: number;
  /** Log pseudo-likelihood at β = 0. */
  loglikNull: number;
  converged: boolean;
  iterations: number;
  /** Distinct failure times of the cause of interest (R: `uftime`). */
  failureTimes: Float64Array;
  /** Jumps of the baseline cumulative subdistribution hazard at `failureTimes` (R: `bfitj`). */
  baselineJumps: Float64Array;
  /** Number of failures of the cause of interest. */
  events: number;
  warnings: string[];
}

const EPS = 2.220446049250313e-16;

/** Sorted data and the per-failure-time structure shared by all evaluations. */
interface Prepared {
  n: number;
  p: number;
  t: Float64Array;
  ici: Uint8Array;
  /** Centred covariates, row-major n×p. */
  xr: Float64Array;
  center: Float64Array;
  /** G(t_i-) per subject. */
  g: Float64Array;
  /** Distinct failure times: start index of their tie block, count d, G(t-). */
  kStart: Int32Array;
  kTime: Float64Array;
  kD: Float64Array;
  kG: Float64Array;
}

function prepare(input: FineGrayInput): Prepared {
  const n = input.time.length;
  const p = input.x.length;
  // Ascending time, ties in input order (a radix/native sort: no comparison callback).
  const order = valueOrder(input.time);
  const t = new Float64Array(n);
  const ici = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    t[r] = input.time[i]!;
    ici[r] = input.status[i]!;
  }
  const center = new Float64Array(p);
  const xr = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    const col = input.x[j]!;
    for (let i = 0; i < n; i++) s += col[i]!;
    const c = s / n;
    center[j] = c;
    for (let r = 0; r < n; r++) xr[r * p + j] = col[order[r]!]! - c;
  }
  // Kaplan–Meier of censoring over the distinct times, and the failure-time blocks of cause 1.
  const uTime = new Float64Array(n);
  const uSurv = new Float64Array(n);
  const kStartAll = new Int32Array(n);
  const kDAll = new Float64Array(n);
  let nu = 0;
  let nk = 0;
  let surv = 1;
  for (let i = 0; i < n; ) {
    let j = i;
    let c = 0;
    let d = 0;
    const ti = t[i]!;
    while (j < n && t[j] === ti) {
      if (ici[j] === 0) c++;
      else if (ici[j] === 1) d++;
      j++;
    }
    surv *= 1 - c / (n - i);
    uTime[nu] = ti;
    uSurv[nu++] = surv;
    if (d > 0) {
      kStartAll[nk] = i;
      kDAll[nk++] = d;
    }
    i = j;
  }
  // G at t_i (1 - 100 eps): value at the last distinct time <= that point, else 1.
  const g = new Float64Array(n);
  let ptr = -1;
  for (let i = 0; i < n; i++) {
    const xout = t[i]! * (1 - 100 * EPS);
    while (ptr + 1 < nu && uTime[ptr + 1]! <= xout) ptr++;
    g[i] = ptr < 0 ? 1 : uSurv[ptr]!;
  }
  const kStart = kStartAll.slice(0, nk);
  const kTime = new Float64Array(nk);
  const kG = new Float64Array(nk);
  for (let k = 0; k < nk; k++) {
    kTime[k] = t[kStart[k]!]!;
    kG[k] = g[kStart[k]!]!;
  }
  return { n, p, t, ici, xr, center, g, kStart, kTime, kD: kDAll.slice(0, nk), kG };
}

/** Risk-set sums S0(t_k), S1(t_k) at every distinct failure time, and exp(η). */
function riskSums(pr: Prepared, beta: Float64Array): { e: Float64Array; eta: Float64Array; s0: Float64Array; s1: Float64Array } {
  const { n, p, xr, ici, g, kStart, kG } = pr;
  const nk = kStart.length;
  const eta = new Float64Array(n);
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += xr[i * p + j]! * beta[j]!;
    eta[i] = s;
    e[i] = Math.exp(s);
  }
  const s0 = new Float64Array(nk);
  const s1 = new Float64Array(nk * p);
  // Suffix part: subjects with t_i >= t_k.
  let a0 = 0;
  const a1 = new Float64Array(p);
  let i = n - 1;
  for (let k = nk - 1; k >= 0; k--) {
    const start = kStart[k]!;
    for (; i >= start; i--) {
      a0 += e[i]!;
      for (let j = 0; j < p; j++) a1[j]! += e[i]! * xr[i * p + j]!;
    }
    s0[k] = a0;
    for (let j = 0; j < p; j++) s1[k * p + j] = a1[j]!;
  }
  // Prefix part: other-cause failures with t_i < t_k, weight G(t_k-)/G(t_i-).
  let b0 = 0;
  const b1 = new Float64Array(p);
  i = 0;
  for (let k = 0; k < nk; k++) {
    const start = kStart[k]!;
    for (; i < start; i++) {
      if (ici[i] !== 2) continue;
      const w = e[i]! / g[i]!;
      b0 += w;
      for (let j = 0; j < p; j++) b1[j]! += w * xr[i * p + j]!;
    }
    s0[k]! += kG[k]! * b0;
    for (let j = 0; j < p; j++) s1[k * p + j]! += kG[k]! * b1[j]!;
  }
  return { e, eta, s0, s1 };
}

type RiskSums = ReturnType<typeof riskSums>;

/** Minus the log pseudo-likelihood (cmprsk's objective, `crrf`), with the risk sums it was computed from. */
function objective(pr: Prepared, beta: Float64Array): { lik: number; sums: RiskSums } {
  const sums = riskSums(pr, beta);
  return { lik: objectiveFrom(pr, sums.eta, sums.s0), sums };
}

function objectiveFrom(pr: Prepared, eta: Float64Array, s0: Float64Array): number {
  let lik = 0;
  for (let i = 0; i < pr.n; i++) if (pr.ici[i] === 1) lik -= eta[i]!;
  for (let k = 0; k < s0.length; k++) lik += pr.kD[k]! * Math.log(s0[k]!);
  return lik;
}

/** Objective, its gradient and Hessian (cmprsk's `crrfsv`); `sums` when the risk sums at `beta` are known. */
function objectiveScoreHessian(
  pr: Prepared,
  beta: Float64Array,
  sums: RiskSums = riskSums(pr, beta),
): { lik: number; score: Float64Array; hess: Float64Array; s0: Float64Array; s1: Float64Array; e: Float64Array } {
  const { n, p, xr, ici, g, kStart, kD, kG } = pr;
  const nk = kStart.length;
  const { e, eta, s0, s1 } = sums;
  const lik = objectiveFrom(pr, eta, s0);
  const score = new Float64Array(p);
  const hess = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    if (ici[i] !== 1) continue;
    for (let j = 0; j < p; j++) score[j]! -= xr[i * p + j]!;
  }
  const a = new Float64Array(nk);
  for (let k = 0; k < nk; k++) {
    a[k] = kD[k]! / s0[k]!;
    const w = a[k]! / s0[k]!;
    for (let j = 0; j < p; j++) {
      score[j]! += a[k]! * s1[k * p + j]!;
      for (let l = 0; l <= j; l++) hess[j * p + l]! -= w * s1[k * p + j]! * s1[k * p + l]!;
    }
  }
  // Σ_k a_k S2(t_k): subjects with t_i >= t_k get Σ_{k: t_k <= t_i} a_k; other-cause
  // failures additionally get (1/G_i) Σ_{k: t_k > t_i} a_k G_k.
  const cumA = new Float64Array(nk + 1); // cumA[k] = Σ_{m<k} a_m
  for (let k = 0; k < nk; k++) cumA[k + 1] = cumA[k]! + a[k]!;
  const tailAG = new Float64Array(nk + 1); // tailAG[k] = Σ_{m>=k} a_m G_m
  for (let k = nk - 1; k >= 0; k--) tailAG[k] = tailAG[k + 1]! + a[k]! * kG[k]!;
  let k = 0; // number of failure times with t_k <= t_i
  for (let i = 0; i < n; i++) {
    while (k < nk && pr.kTime[k]! <= pr.t[i]!) k++;
    let w = e[i]! * cumA[k]!;
    if (ici[i] === 2) w += (e[i]! / g[i]!) * tailAG[k]!;
    if (w === 0) continue;
    for (let j = 0; j < p; j++) {
      const xj = xr[i * p + j]! * w;
      for (let l = 0; l <= j; l++) hess[j * p + l]! += xj * xr[i * p + l]!;
    }
  }
  for (let j = 0; j < p; j++) for (let l = 0; l < j; l++) hess[l * p + j] = hess[j * p + l]!;
  return { lik, score, hess, s0, s1, e };
}

/** Sandwich middle term Σ_i (η_i + ψ_i)(η_i + ψ_i)ᵀ (cmprsk's `crrvv`, one censoring group). */
function sandwichMeat(pr: Prepared, e: Float64Array, s0: Float64Array, s1: Float64Array): Float64Array {
  const { n, p, xr, ici, g, kD, kG, t } = pr;
  const nk = kD.length;
  const a = Float64Array.from(kD, (d, k) => d / s0[k]!);
  const xbar = new Float64Array(nk * p);
  for (let k = 0; k < nk; k++) for (let j = 0; j < p; j++) xbar[k * p + j] = s1[k * p + j]! / s0[k]!;
  // Prefix over failure times: A = Σ a, B = Σ a xbar. Suffix: C = Σ a G, D = Σ a G xbar.
  const cumA = new Float64Array(nk + 1);
  const cumB = new Float64Array((nk + 1) * p);
  for (let k = 0; k < nk; k++) {
    cumA[k + 1] = cumA[k]! + a[k]!;
    for (let j = 0; j < p; j++) cumB[(k + 1) * p + j] = cumB[k * p + j]! + a[k]! * xbar[k * p + j]!;
  }
  const tailC = new Float64Array(nk + 1);
  const tailD = new Float64Array((nk + 1) * p);
  for (let k = nk - 1; k >= 0; k--) {
    tailC[k] = tailC[k + 1]! + a[k]! * kG[k]!;
    for (let j = 0; j < p; j++) tailD[k * p + j] = tailD[(k + 1) * p + j]! + a[k]! * kG[k]! * xbar[k * p + j]!;
  }
  const meat = new Float64Array(p * p);
  const u = new Float64Array(p);
  const q = new Float64Array(p); // q(t_c) of the current censoring block
  const ss2 = new Float64Array(p); // -Σ_{t_c <= t} q(t_c) c(t_c) / Y(t_c)²
  const pre1 = new Float64Array(p); // Σ_{other-cause failures, t_j < t_c} e_j x_j / G_j
  let pre0 = 0;
  let kNext = 0; // failure-time pointer: number of failure times with t_k <= t_i
  let kGe = 0; // number of failure times with t_k < current block time
  let jPre = 0; // subjects added to the prefix sums
  let kFail = 0; // index of subject i's own failure time
  for (let i0 = 0; i0 < n; ) {
    let i1 = i0;
    let cens = 0;
    while (i1 < n && t[i1] === t[i0]) {
      if (ici[i1] === 0) cens++;
      i1++;
    }
    const tc = t[i0]!;
    const atRisk = n - i0;
    if (cens > 0) {
      for (; jPre < n && t[jPre]! < tc; jPre++) {
        if (ici[jPre] !== 2) continue;
        const w = e[jPre]! / g[jPre]!;
        pre0 += w;
        for (let j = 0; j < p; j++) pre1[j]! += w * xr[jPre * p + j]!;
      }
      while (kGe < nk && pr.kTime[kGe]! < tc) kGe++;
      for (let j = 0; j < p; j++) {
        q[j] = pre1[j]! * tailC[kGe]! - pre0 * tailD[kGe * p + j]!;
        ss2[j]! -= (q[j]! * cens) / (atRisk * atRisk);
      }
    }
    while (kNext < nk && pr.kTime[kNext]! <= tc) kNext++;
    for (let i = i0; i < i1; i++) {
      // η_i: dN part, dΛ part
      const ei = e[i]!;
      for (let j = 0; j < p; j++) {
        const xij = xr[i * p + j]!;
        let v = -ei * (xij * cumA[kNext]! - cumB[kNext * p + j]!);
        if (ici[i] === 2) v -= (ei / g[i]!) * (xij * tailC[kNext]! - tailD[kNext * p + j]!);
        u[j] = v + ss2[j]!;
        if (ici[i] === 0) u[j]! += q[j]! / atRisk;
      }
      if (ici[i] === 1) {
        while (pr.kTime[kFail]! < tc) kFail++;
        for (let j = 0; j < p; j++) u[j]! += xr[i * p + j]! - xbar[kFail * p + j]!;
      }
      for (let j = 0; j < p; j++) for (let l = 0; l <= j; l++) meat[j * p + l]! += u[j]! * u[l]!;
    }
    i0 = i1;
  }
  for (let j = 0; j < p; j++) for (let l = 0; l < j; l++) meat[l * p + j] = meat[j * p + l]!;
  return meat;
}

/**
 * Fit the Fine–Gray model as `cmprsk::crr(ftime, fstatus, cov1, failcode, cencode)`.
 *
 * @param input times, status coded 1/2/0 (cause of interest / other / censored), covariates (not modified).
 * @param control `maxIter` (cmprsk default 10), `tol` (cmprsk `gtol`, default 1e-6), `init`, `variance`.
 * @returns coefficients, sandwich variance, log pseudo-likelihoods, baseline jumps, convergence.
 * @throws RangeError on mismatched lengths or no covariates.
 * @example fineGrayFit({ time, status, x: [age] }, { maxIter: 10, tol: 1e-6 }).coef
 */
export function fineGrayFit(input: FineGrayInput, control: FineGrayControl = { maxIter: 10, tol: 1e-6 }): FineGrayCore {
  const n = input.time.length;
  const p = input.x.length;
  if (p === 0) throw new RangeError('fineGrayFit: at least one covariate is required');
  if (input.status.length !== n || input.x.some((c) => c.length !== n)) {
    throw new RangeError('fineGrayFit: time, status and covariates differ in length');
  }
  const warnings: string[] = [];
  const pr = prepare(input);
  const events = pr.kD.reduce((s, d) => s + d, 0);
  // β in the centred parametrisation equals β in the original one.
  let beta = control.init ? Float64Array.from(control.init) : new Float64Array(p);
  let converged = false;
  let iterations = 0;
  let cur = objectiveScoreHessian(pr, beta);
  // The null log pseudo-likelihood is the first objective when the iterations start at 0.
  const loglikNull = control.init && control.init.some((b) => b !== 0) ? -objective(pr, new Float64Array(p)).lik : -cur.lik;
  for (let ll = 0; ll <= control.maxIter; ll++) {
    let gmax = 0;
    for (let j = 0; j < p; j++) gmax = Math.max(gmax, Math.abs(cur.score[j]!) * Math.max(Math.abs(beta[j]!), 1));
    if (gmax < Math.max(Math.abs(cur.lik), 1) * control.tol) {
      converged = true;
      break;
    }
    if (ll === control.maxIter) break;
    const sol = solveSymmetric(cur.hess, cur.score);
    if (sol.rank < p) warnings.push('singular information matrix during Newton iterations');
    let sc = Float64Array.from(sol.x, (v) => -v);
    let slope = 0;
    for (let j = 0; j < p; j++) slope += sc[j]! * cur.score[j]!;
    let bn = Float64Array.from(beta, (b, j) => b + sc[j]!);
    let trial = objective(pr, bn);
    let fbn = trial.lik;
    let halvings = 0;
    let failed = false;
    while (Number.isNaN(fbn) || fbn > cur.lik + 1e-4 * slope) {
      halvings++;
      sc = Float64Array.from(sc, (v) => v * 0.5);
      slope *= 0.5;
      bn = Float64Array.from(beta, (b, j) => b + sc[j]!);
      trial = objective(pr, bn);
      fbn = trial.lik;
      if (halvings > 20) {
        failed = true;
        break;
      }
    }
    if (failed) {
      warnings.push('line search failed after 20 step halvings; stopped');
      break;
    }
    beta = bn;
    iterations = ll + 1;
    cur = objectiveScoreHessian(pr, beta, trial.sums);
  }
  if (!converged) warnings.push(`did not converge in ${control.maxIter} iterations (tol ${control.tol})`);

  const information = Float64Array.from(cur.hess);
  let variance = new Float64Array(p * p).fill(NaN);
  if (control.variance !== false) {
    const inv = invertSymmetric(information, p);
    if (inv.rank < p) warnings.push('information matrix is singular: variance not available for all terms');
    const meat = sandwichMeat(pr, cur.e, cur.s0, cur.s1);
    const h = inv.inverse;
    const tmp = new Float64Array(p * p);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let l = 0; l < p; l++) s += h[i * p + l]! * meat[l * p + j]!;
        tmp[i * p + j] = s;
      }
    }
    variance = new Float64Array(p * p);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let l = 0; l < p; l++) s += tmp[i * p + l]! * h[j * p + l]!;
        variance[i * p + j] = s;
      }
    }
    for (let j = 0; j < p; j++) if (inv.singular[j]) variance[j * p + j] = NaN;
  }
  // Baseline jumps for uncentred covariates: d / S0_raw = (d / S0_c) exp(-c·β).
  let cb = 0;
  for (let j = 0; j < p; j++) cb += pr.center[j]! * beta[j]!;
  const baselineJumps = Float64Array.from(pr.kD, (d, k) => (d / cur.s0[k]!) * Math.exp(-cb));
  return {
    coef: beta,
    var: variance,
    information,
    score: Float64Array.from(cur.score, (v) => -v),
    loglik: -cur.lik,
    loglikNull,
    converged,
    iterations,
    failureTimes: Float64Array.from(pr.kTime),
    baselineJumps,
    events,
    warnings,
  };
}
