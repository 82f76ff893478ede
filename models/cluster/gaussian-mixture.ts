/**
 * Gaussian mixture models fitted by EM, with the three mclust covariance
 * structures VVV (full, varying), VVI (diagonal, varying) and VII (spherical,
 * varying); BIC and ICL as mclust defines them.
 *
 * References: Fraley C, Raftery AE (2002) Model-based clustering, discriminant
 * analysis and density estimation, JASA 97:611-631; Scrucca L et al. (2016)
 * mclust 5, R Journal 8:289-317 (BIC = 2 loglik - npar log n, larger is better;
 * ICL = BIC + 2 sum_i log z_{i,map}); Biernacki C et al. (2000) IEEE TPAMI 22:719-725 (ICL).
 */
import { ModelError, UsageError } from '../../util/errors.js';
import { seededRandom, type RandomSource } from '../../util/random.js';
import { kmeans } from './kmeans.js';
import { checkInteger, checkPositive, toRowMatrix, type PointsInput, type RowMatrix } from './matrix.js';

/** mclust covariance model names supported here. */
export type GmmModelName = 'VVV' | 'VVI' | 'VII';

/** EM controls of {@link gaussianMixture}. */
export interface GmmOptions {
  /** EM iterations cap (default 1000; mclust has no practical cap). */
  maxIter?: number;
  /**
   * Stop when |loglik - previous| <= tol * (1 + |loglik|) (default 1e-10; mclust's
   * emControl uses 1e-5, looser: we iterate further so the optimum is reproducible).
   */
  tol?: number;
  /**
   * Number of EM starts, each from one k-means++/Lloyd partition (default 10);
   * the highest log-likelihood wins. mclust starts once, from model-based
   * hierarchical agglomeration (hcVVV), which is not implemented here.
   */
  nStart?: number;
  /** Seed (default 1); ignored if `random` is given. */
  seed?: number;
  random?: RandomSource;
  /** Explicit starting partitions (0-based labels, length n each); replace the k-means starts. */
  startLabels?: readonly Int32Array[];
}

/** A fitted mixture. Matrices are row-major; `sigma` holds G full d x d matrices (zeros off the diagonal for VVI/VII). */
export interface GmmFit {
  model: GmmModelName;
  G: number;
  n: number;
  d: number;
  pro: Float64Array;
  mean: Float64Array;
  sigma: Float64Array;
  /** Posterior membership probabilities, n x G. */
  z: Float64Array;
  /** MAP class (0-based). */
  classification: Int32Array;
  /** 1 - max_k z_ik. */
  uncertainty: Float64Array;
  loglik: number;
  /** Free parameters as mclust's nMclustParams (no noise component). */
  npar: number;
  bic: number;
  icl: number;
  iterations: number;
  converged: boolean;
  warnings: string[];
}

/** Free parameters: (G - 1) proportions, G d means, and the covariance parameters of the model. */
export function gmmParameterCount(model: GmmModelName, G: number, d: number): number {
  const cov = model === 'VVV' ? (G * d * (d + 1)) / 2 : model === 'VVI' ? G * d : G;
  return G - 1 + G * d + cov;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** In-place lower Cholesky of a d x d SPD matrix; returns false when a pivot is not above eps * max diagonal. */
function cholesky(a: Float64Array, d: number, out: Float64Array): boolean {
  let maxDiag = 0;
  for (let j = 0; j < d; j++) maxDiag = Math.max(maxDiag, a[j * d + j] as number);
  if (!(maxDiag > 0)) return false;
  const eps = Number.EPSILON * maxDiag * d;
  out.fill(0);
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j] as number;
    for (let k = 0; k < j; k++) s -= (out[j * d + k] as number) ** 2;
    if (!(s > eps)) return false;
    const l = Math.sqrt(s);
    out[j * d + j] = l;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j] as number;
      for (let k = 0; k < j; k++) t -= (out[i * d + k] as number) * (out[j * d + k] as number);
      out[i * d + j] = t / l;
    }
  }
  return true;
}

interface Params { pro: Float64Array; mean: Float64Array; sigma: Float64Array }

function mStep(x: Float64Array, n: number, d: number, G: number, z: Float64Array, model: GmmModelName): Params | null {
  const pro = new Float64Array(G);
  const mean = new Float64Array(G * d);
  const sigma = new Float64Array(G * d * d);
  for (let k = 0; k < G; k++) {
    let nk = 0;
    for (let i = 0; i < n; i++) nk += z[i * G + k] as number;
    if (!(nk > 0)) return null;
    pro[k] = nk / n;
    for (let i = 0; i < n; i++) {
      const w = z[i * G + k] as number;
      if (w === 0) continue;
      for (let j = 0; j < d; j++) mean[k * d + j] = (mean[k * d + j] as number) + w * (x[i * d + j] as number);
    }
    for (let j = 0; j < d; j++) mean[k * d + j] = (mean[k * d + j] as number) / nk;
    const off = k * d * d;
    for (let i = 0; i < n; i++) {
      const w = z[i * G + k] as number;
      if (w === 0) continue;
      for (let a = 0; a < d; a++) {
        const ra = (x[i * d + a] as number) - (mean[k * d + a] as number);
        for (let b = model === 'VVV' ? 0 : a; b <= a; b++) {
          const rb = (x[i * d + b] as number) - (mean[k * d + b] as number);
          sigma[off + a * d + b] = (sigma[off + a * d + b] as number) + w * ra * rb;
        }
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) {
      const v = (sigma[off + a * d + b] as number) / nk;
      sigma[off + a * d + b] = v;
      sigma[off + b * d + a] = v;
    }
    if (model === 'VII') {
      let tr = 0;
      for (let a = 0; a < d; a++) tr += sigma[off + a * d + a] as number;
      for (let a = 0; a < d; a++) sigma[off + a * d + a] = tr / d;
    }
  }
  return { pro, mean, sigma };
}

/** E-step: fills z, returns the log-likelihood, or NaN when a covariance is singular. */
function eStep(x: Float64Array, n: number, d: number, G: number, p: Params, z: Float64Array): number {
  const chol = new Float64Array(G * d * d);
  const logdet = new Float64Array(G);
  const tmpA = new Float64Array(d * d);
  const tmpL = new Float64Array(d * d);
  for (let k = 0; k < G; k++) {
    tmpA.set(p.sigma.subarray(k * d * d, (k + 1) * d * d));
    if (!cholesky(tmpA, d, tmpL)) return NaN;
    chol.set(tmpL, k * d * d);
    let ld = 0;
    for (let j = 0; j < d; j++) ld += 2 * Math.log(tmpL[j * d + j] as number);
    logdet[k] = ld;
  }
  const y = new Float64Array(d);
  const lp = new Float64Array(G);
  const constK = new Float64Array(G);
  for (let k = 0; k < G; k++) constK[k] = Math.log(p.pro[k] as number) - 0.5 * (d * LOG_2PI + (logdet[k] as number));
  let loglik = 0;
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let k = 0; k < G; k++) {
      const off = k * d * d;
      let maha = 0;
      for (let a = 0; a < d; a++) {
        let s = (x[i * d + a] as number) - (p.mean[k * d + a] as number);
        for (let b = 0; b < a; b++) s -= (chol[off + a * d + b] as number) * (y[b] as number);
        const v = s / (chol[off + a * d + a] as number);
        y[a] = v;
        maha += v * v;
      }
      const v = (constK[k] as number) - 0.5 * maha;
      lp[k] = v;
      if (v > mx) mx = v;
    }
    let s = 0;
    for (let k = 0; k < G; k++) {
      const r = (lp[k] as number) - mx;
      if (r > -700) s += Math.exp(r);
    }
    const lse = mx + Math.log(s);
    loglik += lse;
    // Posteriors below e^-700 are set to 0: subnormal floats make later arithmetic ~100x slower.
    for (let k = 0; k < G; k++) {
      const r = (lp[k] as number) - lse;
      z[i * G + k] = r < -700 ? 0 : Math.exp(r);
    }
  }
  return loglik;
}

interface EmRun { params: Params; z: Float64Array; loglik: number; iterations: number; converged: boolean }

function emFromLabels(x: Float64Array, n: number, d: number, G: number, model: GmmModelName, labels: Int32Array, maxIter: number, tol: number): EmRun | null {
  let z = new Float64Array(n * G);
  for (let i = 0; i < n; i++) z[i * G + (labels[i] as number)] = 1;
  let prev = -Infinity;
  let last: EmRun | null = null;
  for (let it = 1; it <= maxIter; it++) {
    const params = mStep(x, n, d, G, z, model);
    if (params === null) return last;
    const zNew = new Float64Array(n * G);
    const ll = eStep(x, n, d, G, params, zNew);
    if (Number.isNaN(ll)) return null;
    const done = Math.abs(ll - prev) <= tol * (1 + Math.abs(ll));
    last = { params, z: zNew, loglik: ll, iterations: it, converged: done };
    if (done) return last;
    prev = ll;
    z = zNew;
  }
  return last;
}

function validate(G: number, n: number, options: GmmOptions): { maxIter: number; tol: number; nStart: number } {
  checkInteger('G', G, 1, n);
  const maxIter = options.maxIter ?? 1000;
  const tol = options.tol ?? 1e-10;
  const nStart = options.nStart ?? 10;
  checkInteger('maxIter', maxIter, 1);
  checkPositive('tol', tol);
  checkInteger('nStart', nStart, 1);
  return { maxIter, tol, nStart };
}

/** k-means partitions used as EM starts (one per start, each a single k-means++ run). */
export function kmeansStarts(m: RowMatrix, G: number, nStart: number, rand: RandomSource): Int32Array[] {
  const out: Int32Array[] = [];
  for (let s = 0; s < nStart; s++) out.push(kmeans(m, G, { nStart: 1, random: rand }).labels);
  return out;
}

/**
 * Fits one Gaussian mixture (G components, covariance model) by EM from the
 * best of several k-means starts. When every start hits a singular covariance
 * or an empty component, returns a fit with loglik, bic and icl NaN and a
 * warning (as mclust's NA BIC) instead of throwing.
 * @param points rows of coordinates.
 * @param G number of components (default options documented on {@link GmmOptions}).
 * @throws UsageError on bad input or options.
 * @example gaussianMixture(rows, 2, 'VVV', { seed: 1 }).bic
 */
export function gaussianMixture(points: PointsInput, G: number, model: GmmModelName, options: GmmOptions = {}): GmmFit {
  const m = toRowMatrix(points);
  const { nrow: n, ncol: d, data: x } = m;
  const { maxIter, tol, nStart } = validate(G, n, options);
  if (model !== 'VVV' && model !== 'VVI' && model !== 'VII') throw new UsageError(`Unknown mixture model: ${String(model)} (use VVV, VVI or VII)`);
  const starts = options.startLabels ?? kmeansStarts(m, G, nStart, options.random ?? seededRandom(options.seed ?? 1));
  let best: EmRun | null = null;
  for (const labels of starts) {
    if (labels.length !== n) throw new UsageError(`startLabels: length ${labels.length}, expected ${n}`);
    for (let i = 0; i < n; i++) {
      const l = labels[i] as number;
      if (!Number.isInteger(l) || l < 0 || l >= G) throw new UsageError(`startLabels: label ${l} at ${i} outside 0..${G - 1}`);
    }
    const run = emFromLabels(x, n, d, G, model, labels, maxIter, tol);
    if (run !== null && (best === null || run.loglik > best.loglik)) best = run;
  }
  const npar = gmmParameterCount(model, G, d);
  const warnings: string[] = [];
  if (best === null) {
    warnings.push(`${model} with G = ${G}: singular covariance or empty component from every start; BIC not available`);
    return {
      model, G, n, d, pro: new Float64Array(G), mean: new Float64Array(G * d), sigma: new Float64Array(G * d * d),
      z: new Float64Array(n * G), classification: new Int32Array(n), uncertainty: new Float64Array(n),
      loglik: NaN, npar, bic: NaN, icl: NaN, iterations: 0, converged: false, warnings,
    };
  }
  if (!best.converged) warnings.push(`${model} with G = ${G}: EM did not converge in maxIter = ${maxIter} iterations`);
  const classification = new Int32Array(n);
  const uncertainty = new Float64Array(n);
  let sumLogMap = 0;
  for (let i = 0; i < n; i++) {
    let bk = 0;
    for (let k = 1; k < G; k++) if ((best.z[i * G + k] as number) > (best.z[i * G + bk] as number)) bk = k;
    classification[i] = bk;
    const zm = best.z[i * G + bk] as number;
    uncertainty[i] = 1 - zm;
    sumLogMap += Math.log(zm);
  }
  const bic = 2 * best.loglik - npar * Math.log(n);
  return {
    model, G, n, d, pro: best.params.pro, mean: best.params.mean, sigma: best.params.sigma, z: best.z,
    classification, uncertainty, loglik: best.loglik, npar, bic, icl: bic + 2 * sumLogMap,
    iterations: best.iterations, converged: best.converged, warnings,
  };
}

/** Options of {@link mclustBIC}. */
export interface MclustOptions extends Omit<GmmOptions, 'startLabels'> {
  /** Numbers of components tried (default [1, ..., 9], as mclust). */
  G?: readonly number[];
  /** Covariance models tried (default ['VVV', 'VVI', 'VII']). */
  models?: readonly GmmModelName[];
}

/** One BIC table cell. */
export interface BicEntry { G: number; model: GmmModelName; bic: number; icl: number; loglik: number }

/** Result of {@link mclustBIC}: every cell and the best fit by BIC. */
export interface MclustResult {
  table: BicEntry[];
  best: GmmFit;
  warnings: string[];
}

/**
 * Choice of the number of components and covariance model by BIC, as mclust's
 * `Mclust(x, G, modelNames)`: fits every (G, model), keeps the largest BIC.
 * The same k-means starts (seeded) are shared by all models for a given G.
 * @throws UsageError on bad options; ModelError when no cell could be fitted (single cells that fail are NaN).
 * @example mclustBIC(rows, { G: [1, 2, 3], seed: 1 }).best.model // => 'VVV'
 */
export function mclustBIC(points: PointsInput, options: MclustOptions = {}): MclustResult {
  const m = toRowMatrix(points);
  const Gs = options.G ?? [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const models = options.models ?? ['VVV', 'VVI', 'VII'];
  if (Gs.length === 0 || models.length === 0) throw new UsageError('mclustBIC: G and models must be non-empty');
  const rand = options.random ?? seededRandom(options.seed ?? 1);
  const nStart = options.nStart ?? 10;
  checkInteger('nStart', nStart, 1);
  const table: BicEntry[] = [];
  const warnings: string[] = [];
  let best: GmmFit | null = null;
  for (const G of Gs) {
    checkInteger('G', G, 1, m.nrow);
    const starts = kmeansStarts(m, G, nStart, rand);
    for (const model of models) {
      const fit = gaussianMixture(m, G, model, { ...options, startLabels: starts });
      warnings.push(...fit.warnings);
      table.push({ G, model, bic: fit.bic, icl: fit.icl, loglik: fit.loglik });
      if (!Number.isNaN(fit.bic) && (best === null || fit.bic > best.bic)) best = fit;
    }
  }
  if (best === null) throw new ModelError('mclustBIC: no (G, model) combination could be fitted');
  return { table, best, warnings };
}
