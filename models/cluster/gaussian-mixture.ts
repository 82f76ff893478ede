/**
 * Gaussian mixture models fitted by EM, with the three mclust covariance
 * structures VVV (full, varying), VVI (diagonal, varying) and VII (spherical,
 * varying); BIC and ICL as mclust defines them.
 *
 * References: Fraley C, Raftery AE (2002) Model-based clustering, discriminant
 * analysis and density estimation, JASA 97:611-631; Scrucca L et al. (2016)
 * mclust 5, R Journal 8:289-317 (BIC = 2 loglik - npar log n, larger is better;
 * ICL = BIC + 2 sum_i log z_{i,map}); Biernacki C et al. (2000) IEEE TPAMI 22:719-725 (ICL).
 *
 * EM starts as mclust 6 does by default (`mclustBIC`): from the partitions of a
 * model-based hierarchical agglomeration (hcVVV on SVD-transformed data, see
 * ./model-based-hc.ts), run once and cut at every G; above `subset` = 2000 rows
 * the agglomeration runs on a random subset, the M-step is taken there and an
 * E-step on all rows gives the starting posteriors. One-dimensional data start
 * from quantile classes (mclust's qclass). EM then runs with mclust's emControl
 * tolerance and its thresholds: a component whose posterior sum falls to
 * sqrt(eps) or a covariance whose Cholesky factor has min|L_jj| / (1 + max|L_jj|)
 * <= sqrt(eps) (VVV), a variance <= eps (VII, as meVII) or a component's weighted
 * sum of squares in one coordinate <= eps (VVI: mclust's mevvi rule is internal to its
 * Fortran; this bound reproduces where it turned NA in probes, 1e-17 vs 1.7e-17 for a
 * 20-row component), makes the cell NA (NaN here).
 */
import { ModelError, UsageError } from '../../util/errors.js';
import { seededRandom, type RandomSource } from '../../util/random.js';
import { kmeans } from './kmeans.js';
import { checkInteger, checkPositive, toRowMatrix, type PointsInput, type RowMatrix } from './matrix.js';
import { hcPartition, modelBasedHc, quantileClasses, type ModelBasedHcResult } from './model-based-hc.js';

/** mclust covariance model names supported here. */
export type GmmModelName = 'VVV' | 'VVI' | 'VII';

/**
 * How EM is started: `hc` (default), mclust's model-based hierarchical
 * agglomeration (one start); `kmeans`, the best of `nStart` k-means++ partitions.
 */
export type GmmInit = 'hc' | 'kmeans';

/** EM controls of {@link gaussianMixture}. */
export interface GmmOptions {
  /** EM iterations cap (default 1000; mclust's emControl has no practical cap). */
  maxIter?: number;
  /**
   * Stop when |loglik - previous| <= tol * (1 + |loglik|) (default 1e-5, mclust's
   * `emControl()$tol[1]`, so that the BIC table equals mclust's; lower it to iterate
   * closer to the optimum).
   */
  tol?: number;
  /** Starting partitions (default 'hc', as mclust). */
  init?: GmmInit;
  /**
   * Rows above which the hierarchical agglomeration runs on a random subset of
   * this many rows (default 2000, `mclust.options("subset")`; the agglomeration needs
   * O(n^2) memory and at least O(n^2) time, about 2 s for 2000 rows). The subset is drawn
   * with the seeded `random`. Every gaussianMixture call with init 'hc' runs its own agglomeration.
   */
  subset?: number;
  /** Explicit 0-based rows for the agglomeration (mclust's `initialization = list(subset = )`); overrides `subset`. */
  subsetRows?: readonly number[];
  /**
   * What to do when mclust's start ends in an NA cell (a singular covariance or a vanishing
   * component, typical of data with many tied rows): 'kmeans' (default) refits that cell from
   * `nStart` k-means starts, flags it (`fallback: true`) and warns; 'none' keeps it NaN, as mclust.
   */
  fallback?: 'kmeans' | 'none';
  /** Number of k-means starts when init is 'kmeans' or for the fallback (default 10); the highest log-likelihood wins. */
  nStart?: number;
  /** Seed (default 1) of the subset and k-means draws; ignored if `random` is given. */
  seed?: number;
  random?: RandomSource;
  /** Explicit starting partitions (0-based labels, length n each); replace `init`. */
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
  /** True when mclust's start gave NA and this fit comes from the k-means fallback. */
  fallback: boolean;
  warnings: string[];
}

/** Free parameters: (G - 1) proportions, G d means, and the covariance parameters of the model. */
export function gmmParameterCount(model: GmmModelName, G: number, d: number): number {
  const cov = model === 'VVV' ? (G * d * (d + 1)) / 2 : model === 'VVI' ? G * d : G;
  return G - 1 + G * d + cov;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Lower Cholesky of a d x d SPD matrix into `out`; false when a pivot is not positive.
 * How close to singular a fit may come is decided by mclust's thresholds in the M-step.
 */
function cholesky(a: Float64Array, d: number, out: Float64Array): boolean {
  out.fill(0);
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j] as number;
    for (let k = 0; k < j; k++) s -= (out[j * d + k] as number) ** 2;
    if (!(s > 0) || !Number.isFinite(s)) return false;
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

/** Why a cell is NA, as mclust's return codes. */
type Failure = 'singular' | 'proportion';

const RT_EPS = Math.sqrt(Number.EPSILON);

/**
 * M-step from posteriors z (n x G), with mclust's thresholds: a posterior sum at or
 * below sqrt(eps) gives 'proportion'; a degenerate covariance gives 'singular'.
 */
function mStep(x: Float64Array, n: number, d: number, G: number, z: Float64Array, model: GmmModelName): Params | Failure {
  const pro = new Float64Array(G);
  const mean = new Float64Array(G * d);
  const sigma = new Float64Array(G * d * d);
  const nks = new Float64Array(G);
  for (let k = 0; k < G; k++) {
    let nk = 0;
    for (let i = 0; i < n; i++) nk += z[i * G + k] as number;
    nks[k] = nk;
  }
  for (let k = 0; k < G; k++) if (!((nks[k] as number) > RT_EPS)) return 'proportion';
  for (let k = 0; k < G; k++) {
    const nk = nks[k] as number;
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
  if (model === 'VVV') {
    // mclust (mevvv): min over components of min|L_jj| / (1 + max|L_jj|) <= sqrt(eps) is singular.
    const tmpA = new Float64Array(d * d);
    const tmpL = new Float64Array(d * d);
    for (let k = 0; k < G; k++) {
      tmpA.set(sigma.subarray(k * d * d, (k + 1) * d * d));
      if (!cholesky(tmpA, d, tmpL)) return 'singular';
      let umin = Infinity;
      let umax = 0;
      for (let j = 0; j < d; j++) {
        const u = Math.abs(tmpL[j * d + j] as number);
        umin = Math.min(umin, u);
        umax = Math.max(umax, u);
      }
      if (umin / (1 + umax) <= RT_EPS) return 'singular';
    }
  } else {
    // mclust: VII (meVII) is singular when sigma-squared <= eps; VVI (mevvi) when a component's
    // weighted sum of squares in one coordinate, n_k sigma_kjj, is <= eps (found by probing mclust).
    for (let k = 0; k < G; k++) {
      const f = model === 'VVI' ? (nks[k] as number) : 1;
      for (let a = 0; a < d; a++) if (!(f * (sigma[k * d * d + a * d + a] as number) > Number.EPSILON)) return 'singular';
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
      if (r >= SMALL_LOG) s += Math.exp(r);
    }
    const lse = mx + Math.log(s);
    loglik += lse;
    // Posteriors below e^-708 are set to 0 (mclust's SMALOG): subnormal floats make later arithmetic ~100x slower.
    for (let k = 0; k < G; k++) {
      const r = (lp[k] as number) - mx;
      z[i * G + k] = r < SMALL_LOG ? 0 : Math.exp(r) / s;
    }
  }
  return loglik;
}

/** mclust's SMALOG: log-ratios below this give a zero posterior. */
const SMALL_LOG = -708;

interface EmRun { params: Params; z: Float64Array; loglik: number; iterations: number; converged: boolean }

/** EM from posteriors z0 (M-step first, as mclust's `me`); a failure is mclust's NA cell. */
function emFromZ(x: Float64Array, n: number, d: number, G: number, model: GmmModelName, z0: Float64Array, maxIter: number, tol: number): EmRun | Failure {
  let z = z0;
  let prev = -Infinity;
  let last: EmRun | null = null;
  for (let it = 1; it <= maxIter; it++) {
    const params = mStep(x, n, d, G, z, model);
    if (typeof params === 'string') return params;
    const zNew = new Float64Array(n * G);
    const ll = eStep(x, n, d, G, params, zNew);
    if (Number.isNaN(ll)) return 'singular';
    const done = Math.abs(ll - prev) <= tol * (1 + Math.abs(ll));
    last = { params, z: zNew, loglik: ll, iterations: it, converged: done };
    if (done) return last;
    prev = ll;
    z = zNew;
  }
  return last as EmRun;
}

/** A starting partition: labels of all rows, or of the rows in `rows` (a subset, as mclust's initialization$subset). */
interface Start { labels: Int32Array; rows: Int32Array | null }

function oneHot(labels: Int32Array, G: number): Float64Array {
  const z = new Float64Array(labels.length * G);
  for (let i = 0; i < labels.length; i++) z[i * G + (labels[i] as number)] = 1;
  return z;
}

/** Starting posteriors of all rows: one-hot labels, or M-step on the subset then E-step on all rows (mclust). */
function startZ(x: Float64Array, n: number, d: number, G: number, model: GmmModelName, start: Start): Float64Array | Failure {
  if (start.rows === null) return oneHot(start.labels, G);
  const rows = start.rows;
  const xs = new Float64Array(rows.length * d);
  for (let r = 0; r < rows.length; r++) xs.set(x.subarray((rows[r] as number) * d, ((rows[r] as number) + 1) * d), r * d);
  const params = mStep(xs, rows.length, d, G, oneHot(start.labels, G), model);
  if (typeof params === 'string') return params;
  const z = new Float64Array(n * G);
  return Number.isNaN(eStep(x, n, d, G, params, z)) ? 'singular' : z;
}

interface Control { maxIter: number; tol: number; nStart: number; init: GmmInit; subset: number; fallback: 'kmeans' | 'none' }

function validate(options: GmmOptions): Control {
  const maxIter = options.maxIter ?? 1000;
  const tol = options.tol ?? 1e-5;
  const nStart = options.nStart ?? 10;
  const init = options.init ?? 'hc';
  const subset = options.subset ?? 2000;
  const fallback = options.fallback ?? 'kmeans';
  checkInteger('maxIter', maxIter, 1);
  checkPositive('tol', tol);
  checkInteger('nStart', nStart, 1);
  checkInteger('subset', subset, 2);
  if (init !== 'hc' && init !== 'kmeans') throw new UsageError(`Unknown init: ${String(init)} (use hc or kmeans)`);
  if (fallback !== 'kmeans' && fallback !== 'none') throw new UsageError(`Unknown fallback: ${String(fallback)} (use kmeans or none)`);
  return { maxIter, tol, nStart, init, subset, fallback };
}

/** k-means partitions used as EM starts (one per start, each a single k-means++ run). */
export function kmeansStarts(m: RowMatrix, G: number, nStart: number, rand: RandomSource): Int32Array[] {
  const out: Int32Array[] = [];
  for (let s = 0; s < nStart; s++) out.push(kmeans(m, G, { nStart: 1, random: rand }).labels);
  return out;
}

/** The rows the agglomeration sees: all, the given subset, or a seeded sample of `size` rows (sorted). */
function hcRows(n: number, size: number, explicit: readonly number[] | undefined, rand: RandomSource): Int32Array | null {
  if (explicit !== undefined) {
    const rows = Int32Array.from(explicit);
    const seen = new Set<number>();
    for (const r of rows) {
      if (!Number.isInteger(r) || r < 0 || r >= n || seen.has(r)) throw new UsageError(`subsetRows: bad or repeated row ${r} (0-based, < ${n})`);
      seen.add(r);
    }
    if (rows.length < 2) throw new UsageError('subsetRows: at least 2 rows');
    return rows;
  }
  if (n <= size) return null;
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const t = idx[i] as number;
    idx[i] = idx[j] as number;
    idx[j] = t;
  }
  return idx.slice(0, size).sort();
}

/** Initialisation shared by every (G, model): the agglomeration tree (d > 1) on all rows or a subset. */
interface HcInit { tree: ModelBasedHcResult | null; rows: Int32Array | null; x1: Float64Array | null }

function hcInit(m: RowMatrix, control: Control, options: GmmOptions, rand: RandomSource): HcInit {
  const { nrow: n, ncol: d, data } = m;
  const rows = hcRows(n, control.subset, options.subsetRows, rand);
  const sub: RowMatrix = rows === null ? m : {
    nrow: rows.length, ncol: d,
    data: Float64Array.from({ length: rows.length * d }, (_, k) => data[(rows[Math.floor(k / d)] as number) * d + (k % d)] as number),
  };
  if (d === 1) return { tree: null, rows, x1: sub.data };
  // mclust: hcVVV when n > d, else hcEII; both on SVD-transformed data.
  return { tree: modelBasedHc(sub, { model: n > d ? 'VVV' : 'EII', use: 'SVD' }), rows, x1: null };
}

function hcStart(init: HcInit, n: number, G: number): Start {
  if (G === 1) return { labels: new Int32Array(n), rows: null };
  const size = init.rows === null ? n : init.rows.length;
  if (G > size) throw new UsageError(`G = ${G} exceeds the ${size} rows used for initialisation`);
  const labels = init.tree !== null ? hcPartition(init.tree, G) : quantileClasses(init.x1 as Float64Array, G);
  return { labels, rows: init.rows };
}

function bestRun(m: RowMatrix, G: number, model: GmmModelName, starts: readonly Start[], control: Control): EmRun | Failure {
  const { nrow: n, ncol: d, data: x } = m;
  let best: EmRun | null = null;
  let failure: Failure = 'singular';
  for (const start of starts) {
    const z0 = startZ(x, n, d, G, model, start);
    const run = typeof z0 === 'string' ? z0 : emFromZ(x, n, d, G, model, z0, control.maxIter, control.tol);
    if (typeof run === 'string') { failure = run; continue; }
    if (best === null || run.loglik > best.loglik) best = run;
  }
  return best ?? failure;
}

const FAILURE_TEXT: Record<Failure, string> = { singular: 'singular covariance', proportion: 'mixing proportion fell below threshold' };

/**
 * Fits one cell from its starts; when they all fail and `fallbackStarts` is given
 * (mclust's start, fallback 'kmeans'), refits from those starts and flags the fit.
 */
function fitCell(m: RowMatrix, G: number, model: GmmModelName, starts: readonly Start[], control: Control, fallbackStarts?: () => readonly Start[]): GmmFit {
  const { nrow: n, ncol: d } = m;
  const npar = gmmParameterCount(model, G, d);
  const warnings: string[] = [];
  let run = bestRun(m, G, model, starts, control);
  let fallback = false;
  if (typeof run === 'string' && fallbackStarts !== undefined) {
    const again = bestRun(m, G, model, fallbackStarts(), control);
    if (typeof again !== 'string') {
      warnings.push(`${model} with G = ${G}: mclust's start gives NA (${FAILURE_TEXT[run]}); fitted from ${control.nStart} k-means starts instead`);
      run = again;
      fallback = true;
    }
  }
  if (typeof run === 'string') {
    warnings.push(`${model} with G = ${G}: ${FAILURE_TEXT[run]}; BIC not available`);
    return {
      model, G, n, d, pro: new Float64Array(G), mean: new Float64Array(G * d), sigma: new Float64Array(G * d * d),
      z: new Float64Array(n * G), classification: new Int32Array(n), uncertainty: new Float64Array(n),
      loglik: NaN, npar, bic: NaN, icl: NaN, iterations: 0, converged: false, fallback: false, warnings,
    };
  }
  const best = run;
  if (!best.converged) warnings.push(`${model} with G = ${G}: EM did not converge in maxIter = ${control.maxIter} iterations`);
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
    iterations: best.iterations, converged: best.converged, fallback, warnings,
  };
}

function explicitStarts(labelsList: readonly Int32Array[], n: number, G: number): Start[] {
  return labelsList.map((labels) => {
    if (labels.length !== n) throw new UsageError(`startLabels: length ${labels.length}, expected ${n}`);
    for (let i = 0; i < n; i++) {
      const l = labels[i] as number;
      if (!Number.isInteger(l) || l < 0 || l >= G) throw new UsageError(`startLabels: label ${l} at ${i} outside 0..${G - 1}`);
    }
    return { labels, rows: null };
  });
}

function checkModel(model: GmmModelName): void {
  if (model !== 'VVV' && model !== 'VVI' && model !== 'VII') throw new UsageError(`Unknown mixture model: ${String(model)} (use VVV, VVI or VII)`);
}

/**
 * Fits one Gaussian mixture (G components, covariance model) by EM, started as
 * mclust does (default init 'hc': the hierarchical partition into G clusters) or
 * from the best of several k-means starts. When EM meets a singular covariance or
 * a vanishing component (mclust's thresholds), returns a fit with loglik, bic and
 * icl NaN and a warning (as mclust's NA BIC) instead of throwing.
 * @param points rows of coordinates.
 * @param G number of components (default options documented on {@link GmmOptions}).
 * @throws UsageError on bad input or options.
 * @example gaussianMixture(rows, 2, 'VVV').bic
 */
export function gaussianMixture(points: PointsInput, G: number, model: GmmModelName, options: GmmOptions = {}): GmmFit {
  const m = toRowMatrix(points);
  const n = m.nrow;
  checkInteger('G', G, 1, n);
  checkModel(model);
  const control = validate(options);
  const rand = options.random ?? seededRandom(options.seed ?? 1);
  const kmeansOf = (): Start[] => kmeansStarts(m, G, control.nStart, rand).map((labels) => ({ labels, rows: null }));
  if (options.startLabels !== undefined) return fitCell(m, G, model, explicitStarts(options.startLabels, n, G), control);
  if (G === 1) return fitCell(m, G, model, [{ labels: new Int32Array(n), rows: null }], control);
  if (control.init === 'kmeans') return fitCell(m, G, model, kmeansOf(), control);
  const starts = [hcStart(hcInit(m, control, options, rand), n, G)];
  return fitCell(m, G, model, starts, control, control.fallback === 'kmeans' ? kmeansOf : undefined);
}

/** Options of {@link mclustBIC}. */
export interface MclustOptions extends Omit<GmmOptions, 'startLabels'> {
  /** Numbers of components tried (default [1, ..., 9], as mclust). */
  G?: readonly number[];
  /** Covariance models tried (default ['VVV', 'VVI', 'VII']). */
  models?: readonly GmmModelName[];
}

/** One BIC table cell; `fallback` marks a cell mclust reports as NA, fitted here from k-means starts. */
export interface BicEntry { G: number; model: GmmModelName; bic: number; icl: number; loglik: number; fallback: boolean }

/** Result of {@link mclustBIC}: every cell and the best fit by BIC. */
export interface MclustResult {
  table: BicEntry[];
  best: GmmFit;
  warnings: string[];
  /** The hierarchical agglomeration the EM starts came from (init 'hc', d > 1); null otherwise. */
  hc: ModelBasedHcResult | null;
  /** 0-based rows the agglomeration ran on when a subset was used; null when it saw every row. */
  subsetRows: Int32Array | null;
}

/**
 * Choice of the number of components and covariance model by BIC, as mclust's
 * `mclustBIC(x, G, modelNames)` / `Mclust`: fits every (G, model), keeps the
 * largest BIC (mclust's order of G, then models, breaks exact ties). With the
 * default init 'hc', one model-based hierarchical agglomeration (hcVVV on
 * SVD-transformed data; hcEII when n <= d; quantile classes when d = 1), on a
 * seeded subset of `subset` = 2000 rows when n is larger, gives the start of
 * every G > 1; G = 1 is the closed-form fit. With init 'kmeans', the same
 * `nStart` k-means starts are shared by all models of a given G. Cells where
 * mclust's start gives NA are refitted from k-means starts and flagged unless
 * `fallback` is 'none' (then the table is mclust's, NA included).
 * @throws UsageError on bad options; ModelError when no cell could be fitted (single cells that fail are NaN, mclust's NA).
 * @example mclustBIC(rows, { G: [1, 2, 3] }).best.model // => 'VVV'
 */
export function mclustBIC(points: PointsInput, options: MclustOptions = {}): MclustResult {
  const m = toRowMatrix(points);
  const n = m.nrow;
  const Gs = options.G ?? [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const models = options.models ?? ['VVV', 'VVI', 'VII'];
  if (Gs.length === 0 || models.length === 0) throw new UsageError('mclustBIC: G and models must be non-empty');
  for (const G of Gs) checkInteger('G', G, 1, n);
  for (const model of models) checkModel(model);
  const control = validate(options);
  const rand = options.random ?? seededRandom(options.seed ?? 1);
  const needsInit = control.init === 'hc' && Gs.some((G) => G > 1);
  const init = needsInit ? hcInit(m, control, options, rand) : null;
  const table: BicEntry[] = [];
  const warnings: string[] = [];
  let best: GmmFit | null = null;
  for (const G of Gs) {
    // k-means starts of this G, drawn once and shared by the models that need them
    let km: Start[] | null = null;
    const kmeansOf = (): Start[] => (km ??= kmeansStarts(m, G, control.nStart, rand).map((labels) => ({ labels, rows: null })));
    let starts: Start[];
    if (G === 1) starts = [{ labels: new Int32Array(n), rows: null }];
    else if (init !== null) starts = [hcStart(init, n, G)];
    else starts = kmeansOf();
    const fallback = G > 1 && init !== null && control.fallback === 'kmeans' ? kmeansOf : undefined;
    for (const model of models) {
      const fit = fitCell(m, G, model, starts, control, fallback);
      warnings.push(...fit.warnings);
      table.push({ G, model, bic: fit.bic, icl: fit.icl, loglik: fit.loglik, fallback: fit.fallback });
      if (!Number.isNaN(fit.bic) && (best === null || fit.bic > best.bic)) best = fit;
    }
  }
  if (best === null) throw new ModelError('mclustBIC: no (G, model) combination could be fitted');
  return { table, best, warnings, hc: init?.tree ?? null, subsetRows: init?.rows ?? null };
}
