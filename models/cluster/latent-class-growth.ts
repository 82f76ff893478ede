/**
 * Latent-class growth model (group-based trajectory model, Nagin): a finite
 * mixture of polynomial (linear or quadratic) or natural cubic spline
 * trajectories in time with a residual variance common to all classes and no
 * random effects, fitted by EM from seeded random partitions; the start with
 * the largest log-likelihood wins.
 *
 *   y_ij = x(t_ij)' beta_k + e_ij,  e_ij ~ N(0, sigma^2), class k with probability pi_k.
 *
 * x(t) is (1, t[, t^2]) or, with `spline`, the natural cubic spline basis with
 * the given knots (boundary knots first and last) in the truncated-power form
 * of Hastie, Tibshirani & Friedman (2009), Elements of Statistical Learning,
 * eq. 5.4-5.5: N_1 = 1, N_2 = t, N_{k+2} = d_k(t) - d_{m-1}(t) with
 * d_k(t) = ((t - xi_k)^3_+ - (t - xi_m)^3_+) / (xi_m - xi_k): cubic between
 * the knots, linear beyond the boundary knots. It spans the same space as R's
 * `splines::ns(t, knots = interior, Boundary.knots = range)` with an
 * intercept, so fitted trajectories and the likelihood are the same (the
 * coefficients are in another basis).
 *
 * BIC = 2 loglik - npar log(N) with N the number of subjects (as mclust; SAS
 * PROC TRAJ reports loglik - npar log(N) / 2, half of it); npar = (K-1) + K p + 1
 * with p basis functions (degree + 1, or the number of spline knots).
 *
 * References: Nagin DS (1999) Analyzing developmental trajectories, Psychol Methods 4:139-157;
 * Proust-Lima C et al. (2017) lcmm (hlme with random = ~ -1), J Stat Softw 78(2).
 */
import { UsageError } from '../../util/errors.js';
import { seededRandom, type RandomSource } from '../../util/random.js';
import { checkInteger, checkPositive } from './matrix.js';
import { checkCourse, type Course } from './trajectory.js';

/** Options of {@link latentClassGrowth}. */
export interface LatentClassGrowthOptions {
  /** Polynomial degree in time: 1 linear (default) or 2 quadratic. Ignored with `spline`. */
  degree?: 1 | 2;
  /**
   * Natural cubic spline trajectories instead of polynomials: `knots` are all
   * knots in increasing order, boundary knots first and last (at least 2; 2
   * knots give a straight line). Choose them from the visit times, e.g. the
   * 0, 1/3, 2/3 and 1 quantiles of follow-up (no default: it depends on the data).
   */
  spline?: { knots: readonly number[] };
  /** EM starts from random partitions (default 10). */
  nStart?: number;
  /** EM iterations per start (default 500). */
  maxIter?: number;
  /** Relative log-likelihood change for convergence (default 1e-9). */
  tol?: number;
  seed?: number;
  random?: RandomSource;
}

/** Result of {@link latentClassGrowth}. */
export interface LatentClassGrowthFit {
  K: number;
  /** Polynomial degree (1 or 2); null for spline trajectories. */
  degree: 1 | 2 | null;
  /** The basis x(t): polynomial of `degree`, or natural cubic spline with `knots`. Evaluate trajectories with {@link lcgmTrajectory}. */
  basis: LcgmBasis;
  /** Class coefficients, K x p in the basis: intercept, slope[, quadratic] for polynomials. */
  beta: Float64Array;
  pro: Float64Array;
  sigma2: number;
  /** Posterior class probabilities, subjects x K. */
  posterior: Float64Array;
  classification: Int32Array;
  loglik: number;
  npar: number;
  bic: number;
  icl: number;
  iterations: number;
  converged: boolean;
  warnings: string[];
}

/** Solves a small SPD system by Gaussian elimination with partial pivoting; null if singular. */
function solveSmall(a: Float64Array, b: Float64Array, p: number): Float64Array | null {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  const scale = Math.max(...Array.from({ length: p }, (_, i) => Math.abs(m[i * p + i] as number)), 1e-300);
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(m[r * p + c] as number) > Math.abs(m[piv * p + c] as number)) piv = r;
    if (Math.abs(m[piv * p + c] as number) <= 1e-12 * scale) return null;
    if (piv !== c) {
      for (let k = 0; k < p; k++) { const t = m[c * p + k] as number; m[c * p + k] = m[piv * p + k] as number; m[piv * p + k] = t; }
      const t = x[c] as number; x[c] = x[piv] as number; x[piv] = t;
    }
    for (let r = c + 1; r < p; r++) {
      const f = (m[r * p + c] as number) / (m[c * p + c] as number);
      for (let k = c; k < p; k++) m[r * p + k] = (m[r * p + k] as number) - f * (m[c * p + k] as number);
      x[r] = (x[r] as number) - f * (x[c] as number);
    }
  }
  for (let r = p - 1; r >= 0; r--) {
    let s = x[r] as number;
    for (let k = r + 1; k < p; k++) s -= (m[r * p + k] as number) * (x[k] as number);
    x[r] = s / (m[r * p + r] as number);
  }
  return x;
}

/** The time basis of a latent-class growth model. */
export type LcgmBasis = { type: 'polynomial'; degree: 1 | 2 } | { type: 'natural-spline'; knots: number[] };

/** Number of basis functions. */
function basisSize(b: LcgmBasis): number {
  return b.type === 'polynomial' ? b.degree + 1 : b.knots.length;
}

/** Writes x(t) into `row` (length {@link basisSize}). */
function basisRow(b: LcgmBasis, t: number, row: Float64Array): void {
  row[0] = 1;
  row[1] = t;
  if (b.type === 'polynomial') {
    if (b.degree === 2) row[2] = t * t;
    return;
  }
  const xi = b.knots;
  const m = xi.length;
  const cube = (x: number): number => (x > 0 ? x * x * x : 0);
  const d = (k: number): number => (cube(t - xi[k]!) - cube(t - xi[m - 1]!)) / (xi[m - 1]! - xi[k]!);
  const last = m >= 3 ? d(m - 2) : 0;
  for (let k = 0; k < m - 2; k++) row[k + 2] = d(k) - last;
}

/**
 * The fitted mean trajectory of class k at the given times: x(t)' beta_k.
 * @example lcgmTrajectory(fit, 0, [0, 1, 2, 5])
 */
export function lcgmTrajectory(fit: Pick<LatentClassGrowthFit, 'basis' | 'beta' | 'K'>, k: number, times: readonly number[]): Float64Array {
  checkInteger('k', k, 0, fit.K - 1);
  const p = basisSize(fit.basis);
  const row = new Float64Array(p);
  return Float64Array.from(times, (t) => {
    basisRow(fit.basis, t, row);
    let s = 0;
    for (let a = 0; a < p; a++) s += (row[a] as number) * (fit.beta[k * p + a] as number);
    return s;
  });
}

interface Run { beta: Float64Array; pro: Float64Array; sigma2: number; post: Float64Array; loglik: number; iterations: number; converged: boolean }

/**
 * Fits a K-class latent-class growth model to irregular courses.
 * @param courses one course per subject (time, value).
 * @param K number of classes, 1 <= K <= number of subjects.
 * @throws UsageError on invalid courses or options.
 * @example latentClassGrowth(courses, 3, { seed: 1 }).classification
 */
export function latentClassGrowth(courses: readonly Course[], K: number, options: LatentClassGrowthOptions = {}): LatentClassGrowthFit {
  const N = courses.length;
  checkInteger('K', K, 1, Math.max(1, N));
  courses.forEach((c, i) => checkCourse(c, i));
  const degree = options.degree ?? 1;
  checkInteger('degree', degree, 1, 2);
  let basis: LcgmBasis = { type: 'polynomial', degree };
  if (options.spline !== undefined) {
    const knots = [...options.spline.knots];
    if (knots.length < 2) throw new UsageError(`spline: at least 2 knots (the boundary knots) are needed, got ${knots.length}`);
    for (let k = 0; k < knots.length; k++) {
      if (!Number.isFinite(knots[k]!)) throw new UsageError(`spline: knot ${k} is not finite (${knots[k]})`);
      if (k > 0 && !(knots[k]! > knots[k - 1]!)) throw new UsageError(`spline: knots must be strictly increasing (knot ${k}: ${knots[k]})`);
    }
    basis = { type: 'natural-spline', knots };
  }
  const nStart = options.nStart ?? 10;
  const maxIter = options.maxIter ?? 500;
  const tol = options.tol ?? 1e-9;
  checkInteger('nStart', nStart, 1);
  checkInteger('maxIter', maxIter, 1);
  checkPositive('tol', tol);
  const rand = options.random ?? seededRandom(options.seed ?? 1);
  const p = basisSize(basis);
  let nObs = 0;
  for (const c of courses) nObs += c.time.length;
  const LOG_2PI = Math.log(2 * Math.PI);

  // Per-subject sufficient statistics: X'X (p x p), X'y (p), y'y, n_i.
  const xtx = new Float64Array(N * p * p);
  const xty = new Float64Array(N * p);
  const yty = new Float64Array(N);
  const ni = new Float64Array(N);
  const row = new Float64Array(p);
  courses.forEach((c, i) => {
    for (let j = 0; j < c.time.length; j++) {
      const t = c.time[j] as number;
      const y = c.value[j] as number;
      basisRow(basis, t, row);
      for (let a = 0; a < p; a++) {
        xty[i * p + a] = (xty[i * p + a] as number) + (row[a] as number) * y;
        for (let b = 0; b < p; b++) xtx[i * p * p + a * p + b] = (xtx[i * p * p + a * p + b] as number) + (row[a] as number) * (row[b] as number);
      }
      yty[i] = (yty[i] as number) + y * y;
    }
    ni[i] = c.time.length;
  });
  const rss = (i: number, beta: Float64Array, k: number): number => {
    // y'y - 2 b'X'y + b'X'X b
    let s = yty[i] as number;
    for (let a = 0; a < p; a++) {
      const ba = beta[k * p + a] as number;
      s -= 2 * ba * (xty[i * p + a] as number);
      for (let b = 0; b < p; b++) s += ba * (beta[k * p + b] as number) * (xtx[i * p * p + a * p + b] as number);
    }
    return Math.max(s, 0);
  };

  const mStep = (post: Float64Array): { beta: Float64Array; pro: Float64Array; sigma2: number } | null => {
    const beta = new Float64Array(K * p);
    const pro = new Float64Array(K);
    const A = new Float64Array(p * p);
    const B = new Float64Array(p);
    for (let k = 0; k < K; k++) {
      A.fill(0); B.fill(0);
      let wk = 0;
      for (let i = 0; i < N; i++) {
        const w = post[i * K + k] as number;
        wk += w;
        if (w === 0) continue;
        for (let a = 0; a < p; a++) {
          B[a] = (B[a] as number) + w * (xty[i * p + a] as number);
          for (let b = 0; b < p; b++) A[a * p + b] = (A[a * p + b] as number) + w * (xtx[i * p * p + a * p + b] as number);
        }
      }
      pro[k] = wk / N;
      const sol = solveSmall(A, B, p);
      if (sol === null || !(wk > 0)) return null;
      beta.set(sol, k * p);
    }
    let s = 0;
    for (let i = 0; i < N; i++) for (let k = 0; k < K; k++) {
      const w = post[i * K + k] as number;
      if (w > 0) s += w * rss(i, beta, k);
    }
    const sigma2 = s / nObs;
    if (!(sigma2 > 0)) return null;
    return { beta, pro, sigma2 };
  };

  const eStep = (beta: Float64Array, pro: Float64Array, sigma2: number, post: Float64Array): number => {
    let ll = 0;
    const lp = new Float64Array(K);
    for (let i = 0; i < N; i++) {
      let mx = -Infinity;
      for (let k = 0; k < K; k++) {
        const v = Math.log(pro[k] as number) - 0.5 * (ni[i] as number) * (LOG_2PI + Math.log(sigma2)) - rss(i, beta, k) / (2 * sigma2);
        lp[k] = v;
        if (v > mx) mx = v;
      }
      let s = 0;
      for (let k = 0; k < K; k++) s += Math.exp((lp[k] as number) - mx);
      const lse = mx + Math.log(s);
      ll += lse;
      for (let k = 0; k < K; k++) {
        const r = (lp[k] as number) - lse;
        post[i * K + k] = r < -700 ? 0 : Math.exp(r); // no subnormals (slow arithmetic)
      }
    }
    return ll;
  };

  let best: Run | null = null;
  let failed = 0;
  for (let s = 0; s < nStart; s++) {
    let post = new Float64Array(N * K);
    for (let i = 0; i < N; i++) post[i * K + Math.min(K - 1, Math.floor(rand() * K))] = 1;
    let prev = -Infinity;
    let run: Run | null = null;
    for (let it = 1; it <= maxIter; it++) {
      const m = mStep(post);
      if (m === null) break;
      const next = new Float64Array(N * K);
      const ll = eStep(m.beta, m.pro, m.sigma2, next);
      const done = Math.abs(ll - prev) <= tol * (1 + Math.abs(ll));
      run = { ...m, post: next, loglik: ll, iterations: it, converged: done };
      if (done) break;
      prev = ll;
      post = next;
    }
    if (run === null) { failed++; continue; }
    if (best === null || run.loglik > best.loglik) best = run;
  }
  const warnings: string[] = [];
  const npar = K - 1 + K * p + 1;
  if (failed > 0) warnings.push(`latentClassGrowth: ${failed} of ${nStart} starts failed (empty class or singular design)`);
  if (best === null) {
    warnings.push('latentClassGrowth: no start could be fitted');
    return { K, degree: basis.type === 'polynomial' ? degree : null, basis, beta: new Float64Array(K * p).fill(NaN), pro: new Float64Array(K).fill(NaN), sigma2: NaN, posterior: new Float64Array(N * K), classification: new Int32Array(N), loglik: NaN, npar, bic: NaN, icl: NaN, iterations: 0, converged: false, warnings };
  }
  if (!best.converged) warnings.push(`latentClassGrowth: best start did not converge in maxIter = ${maxIter}`);
  const classification = new Int32Array(N);
  let sumLogMap = 0;
  for (let i = 0; i < N; i++) {
    let bk = 0;
    for (let k = 1; k < K; k++) if ((best.post[i * K + k] as number) > (best.post[i * K + bk] as number)) bk = k;
    classification[i] = bk;
    sumLogMap += Math.log(best.post[i * K + bk] as number);
  }
  const bic = 2 * best.loglik - npar * Math.log(N);
  return { K, degree: basis.type === 'polynomial' ? degree : null, basis, beta: best.beta, pro: best.pro, sigma2: best.sigma2, posterior: best.post, classification, loglik: best.loglik, npar, bic, icl: bic + 2 * sumLogMap, iterations: best.iterations, converged: best.converged, warnings };
}
