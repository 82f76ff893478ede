/**
 * Model-based hierarchical agglomerative clustering, as mclust's `hc()`: the
 * initialisation mclust uses for EM in `mclustBIC` / `Mclust`.
 *
 * Each step merges the pair of clusters whose merge increases the (regularised)
 * Gaussian classification likelihood criterion the least (Banfield & Raftery 1993;
 * Fraley 1998). For the unconstrained model VVV, a cluster of l points with
 * scatter matrix W (trace tr) contributes, with alpha = `alpha` * tr(W_data)/(n p) and
 * beta = `beta` (Fraley 1998, section 3; mclust's hcvvv / vvvtij):
 *
 *   term = l log(beta (tr + alpha) / l)                   if l <= p
 *   term = l log(|W / l| + beta (tr + alpha) / l)         if l > p  (l log(alpha beta / l) when tr = 0)
 *
 * and a merge costs term(i + j) - term(i) - term(j). For EII (spherical, equal
 * volume; used by mclust when n <= d) the cost is Ward's: n_i n_j / (n_i + n_j) |m_i - m_j|^2.
 * Before clustering, the data are transformed as `mclust.options("hcUse")`,
 * which is "SVD" since mclust 5.4: columns centred and scaled to unit sd
 * (n - 1 denominator), constant columns dropped, then Z = X V D^(-1/2) where
 * X = U D V' (Scrucca & Raftery 2015).
 *
 * Ties are broken as mclust's Fortran: among equal costs the pair met last when
 * scanning the active clusters (j = 2..g, i = 1..j-1) wins, where clusters sit in
 * slots, the merged cluster keeps the lower slot and the last active slot moves into the freed one.
 * Costs are computed from each cluster's size, mean and scatter matrix, not by mclust's
 * incremental updates, so exact ties that mclust's rounding happens to break (Ward costs of
 * gridded data, EII) may break the other way; and with use 'VARS' on one 2-D data set tested,
 * mclust's incremental update reports a merge cost (merge 132) that the criterion does not give;
 * restarted from its own partition at that point, mclust merges as this code does. The default
 * SVD path agreed with mclust's hc() merge for merge on every data set tested.
 *
 * References: Banfield JD, Raftery AE (1993) Biometrics 49:803-821; Fraley C (1998)
 * Algorithms for model-based Gaussian hierarchical clustering, SIAM J Sci Comput
 * 20:270-281; Scrucca L, Raftery AE (2015) Improved initialisation of model-based
 * clustering using Gaussian hierarchical partitions, Adv Data Anal Classif 9:447-460;
 * mclust 6.0.0 (R/hc.R, src/mclust.f).
 */
import { UsageError } from '../../util/errors.js';
import { quantileType7 } from '../stats/quantile.js';
import { checkInteger, checkPositive, toRowMatrix, type PointsInput, type RowMatrix } from './matrix.js';

/** Hierarchical models: `VVV` (unconstrained, mclust's default `hcModelName`) or `EII` (Ward). */
export type HcModelName = 'VVV' | 'EII';
/** Data transformation before agglomeration (mclust's `hcUse`): `SVD` (default since mclust 5.4) or `VARS` (data as given). */
export type HcTransform = 'SVD' | 'VARS';

/** Options of {@link modelBasedHc}. */
export interface ModelBasedHcOptions {
  /** Model (default 'VVV', `mclust.options("hcModelName")`). */
  model?: HcModelName;
  /** Transformation (default 'SVD', `mclust.options("hcUse")`). */
  use?: HcTransform;
  /** Multiplier of the trace regularisation alpha (default 1, as `hcVVV(alpha = 1)`); VVV only. */
  alpha?: number;
  /** Weight beta of the trace term (default 1, as `hcVVV(beta = 1)`); VVV only. */
  beta?: number;
}

/** A model-based agglomeration tree. */
export interface ModelBasedHcResult {
  model: HcModelName;
  use: HcTransform;
  /** Number of observations. */
  n: number;
  /**
   * Merges, two entries per step (n - 1 steps): the clusters merged, each named by
   * its smallest 0-based row index, smaller first. This is mclust's `hc()` pair matrix
   * (`t(hc(x))`) minus one; after the merge the cluster is named by the smaller index.
   */
  merge: Int32Array;
  /** Increase of the criterion at each merge (mclust's Fortran `d`). */
  cost: Float64Array;
}

/**
 * Cyclic Jacobi eigen-decomposition of a symmetric d x d matrix (row-major).
 * Returns eigenvalues and eigenvectors as columns of `vectors` (row-major d x d).
 */
function symmetricEigen(a: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let scale = 0;
    for (let i = 0; i < d; i++) {
      scale += (m[i * d + i] as number) ** 2;
      for (let j = i + 1; j < d; j++) off += (m[i * d + j] as number) ** 2;
    }
    if (off <= 1e-30 * scale || off === 0) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q] as number;
        if (apq === 0) continue;
        const app = m[p * d + p] as number;
        const aqq = m[q * d + q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const mkp = m[k * d + p] as number;
          const mkq = m[k * d + q] as number;
          m[k * d + p] = c * mkp - s * mkq;
          m[k * d + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < d; k++) {
          const mpk = m[p * d + k] as number;
          const mqk = m[q * d + k] as number;
          m[p * d + k] = c * mpk - s * mqk;
          m[q * d + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p] as number;
          const vkq = v[k * d + q] as number;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = m[i * d + i] as number;
  return { values, vectors: v };
}

/**
 * mclust's "SVD" transformation of the data for hierarchical clustering:
 * centre and scale each column (sd with n - 1), drop columns that are constant,
 * then Z = X V D^(-1/2) with X = U D V' (so Z = U D^(1/2)). Columns whose
 * singular value is zero (rank-deficient X) are dropped as well (mclust would
 * divide by zero there).
 * @param m the data (n x d).
 * @returns the transformed n x p matrix (p <= d).
 * @throws UsageError when every column is constant.
 * @example hcSvdTransform(toRowMatrix([[1, 2], [2, 1], [3, 5]])).ncol // => 2
 */
export function hcSvdTransform(m: RowMatrix): RowMatrix {
  const { nrow: n, ncol: d, data } = m;
  const keep: number[] = [];
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += data[i * d + j] as number;
    const mu = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += ((data[i * d + j] as number) - mu) ** 2;
    mean[j] = mu;
    sd[j] = Math.sqrt(ss / (n - 1));
    if (sd[j] as number > 0 && Number.isFinite(sd[j] as number)) keep.push(j);
  }
  const q = keep.length;
  if (q === 0) throw new UsageError('model-based hierarchical clustering: every column is constant');
  const x = new Float64Array(n * q);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < q; c++) {
      const j = keep[c] as number;
      x[i * q + c] = ((data[i * d + j] as number) - (mean[j] as number)) / (sd[j] as number);
    }
  }
  const xtx = new Float64Array(q * q);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < q; a++) {
      const xa = x[i * q + a] as number;
      for (let b = 0; b <= a; b++) xtx[a * q + b] = (xtx[a * q + b] as number) + xa * (x[i * q + b] as number);
    }
  }
  for (let a = 0; a < q; a++) for (let b = 0; b < a; b++) xtx[b * q + a] = xtx[a * q + b] as number;
  const { values, vectors } = symmetricEigen(xtx, q);
  let maxVal = 0;
  for (let k = 0; k < q; k++) maxVal = Math.max(maxVal, values[k] as number);
  const comps: number[] = [];
  for (let k = 0; k < q; k++) if ((values[k] as number) > maxVal * 1e-14 * q) comps.push(k);
  // Decreasing singular values, as svd(); the criterion does not depend on the order.
  comps.sort((a, b) => (values[b] as number) - (values[a] as number));
  const p = Math.min(comps.length, n);
  const z = new Float64Array(n * p);
  for (let c = 0; c < p; c++) {
    const k = comps[c] as number;
    const f = 1 / Math.sqrt(Math.sqrt(values[k] as number));
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let a = 0; a < q; a++) s += (x[i * q + a] as number) * (vectors[a * q + k] as number);
      z[i * p + c] = s * f;
    }
  }
  return { data: z, nrow: n, ncol: p };
}

/** Per-cluster sufficient statistics kept in a slot. */
interface Slot {
  size: number;
  /** Mean vector (p). */
  mean: Float64Array;
  /** Scatter matrix about the mean (p x p, row-major; VVV only). */
  scatter: Float64Array | null;
  /** Trace of the scatter matrix. */
  trace: number;
  /** Criterion term of the cluster. */
  term: number;
  /** Smallest row index in the cluster (its name in `merge`). */
  label: number;
}

/** log det(W / l) via Cholesky; -Infinity when a pivot is not positive (mclust: exact zero pivot). */
function logDetScaled(w: Float64Array, p: number, l: number, work: Float64Array): number {
  work.set(w);
  let ld = 0;
  for (let j = 0; j < p; j++) {
    let s = (work[j * p + j] as number) / l;
    for (let k = 0; k < j; k++) s -= (work[j * p + k] as number) ** 2;
    if (!(s > 0)) return -Infinity;
    const r = Math.sqrt(s);
    work[j * p + j] = r;
    ld += Math.log(r);
    for (let i = j + 1; i < p; i++) {
      let t = (work[i * p + j] as number) / l;
      for (let k = 0; k < j; k++) t -= (work[i * p + k] as number) * (work[j * p + k] as number);
      work[i * p + j] = t / r;
    }
  }
  return 2 * ld;
}

/** VVV criterion term of a cluster (mclust's vvvtij). */
function vvvTerm(l: number, p: number, trace: number, scatter: Float64Array | null, alpha: number, beta: number, work: Float64Array): number {
  let t: number;
  if (l <= p || scatter === null) {
    t = Math.log((beta * (trace + alpha)) / l);
  } else if (trace === 0) {
    t = Math.log((alpha * beta) / l);
  } else {
    const detlog = logDetScaled(scatter, p, l, work);
    const reg = (beta * (trace + alpha)) / l;
    if (detlog === -Infinity) t = Math.log(reg);
    else if (detlog <= 0) t = Math.log(Math.exp(detlog) + reg);
    else t = Math.log(1 + Math.exp(-detlog) * reg) + detlog;
  }
  return l * t;
}

/**
 * Model-based hierarchical agglomeration of the rows of `points`, starting from
 * singletons and merging down to one cluster (mclust's `hc(data, modelName, use)`).
 * Cost is O(n^2) memory and O(n^2 p^3) time or more (column minima are rescanned when
 * they get worse): mclustBIC runs it on a subset of at most 2000 rows.
 * @param points rows (n >= 2).
 * @param options model (default 'VVV'), use (default 'SVD'), alpha and beta (default 1).
 * @throws UsageError on bad input or options.
 * @example modelBasedHc([[0, 0], [0, 1], [5, 5], [5, 7]], { use: 'VARS' }).merge // => Int32Array [0, 1, 2, 3, 0, 2]
 */
export function modelBasedHc(points: PointsInput, options: ModelBasedHcOptions = {}): ModelBasedHcResult {
  const m0 = toRowMatrix(points);
  const model = options.model ?? 'VVV';
  const use = options.use ?? 'SVD';
  const alphaMult = options.alpha ?? 1;
  const beta = options.beta ?? 1;
  if (model !== 'VVV' && model !== 'EII') throw new UsageError(`Unknown hierarchical model: ${String(model)} (use VVV or EII)`);
  if (use !== 'SVD' && use !== 'VARS') throw new UsageError(`Unknown hc transformation: ${String(use)} (use SVD or VARS)`);
  checkPositive('alpha', alphaMult);
  checkPositive('beta', beta);
  const n = m0.nrow;
  checkInteger('number of rows', n, 2);
  const m = use === 'SVD' ? hcSvdTransform(m0) : m0;
  const p = m.ncol;
  const x = m.data;

  // alpha = alpha * traceW(Z / sqrt(n p)): total sum of squares about the column means over n p.
  let alpha = 0;
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i * p + j] as number;
    const mu = s / n;
    for (let i = 0; i < n; i++) alpha += ((x[i * p + j] as number) - mu) ** 2;
  }
  alpha = Math.max(alphaMult * (alpha / (n * p)), Number.EPSILON);
  const singletonTerm = Math.log(beta * alpha);
  const vvv = model === 'VVV';
  const work = new Float64Array(p * p);
  const wNew = new Float64Array(p * p);
  const diff = new Float64Array(p);

  const slots: Slot[] = [];
  for (let i = 0; i < n; i++) {
    slots.push({
      size: 1, mean: x.slice(i * p, (i + 1) * p), scatter: vvv ? new Float64Array(p * p) : null,
      trace: 0, term: vvv ? singletonTerm : 0, label: i,
    });
  }

  /** Increase of the criterion when slots a and b merge. */
  const mergeCost = (a: Slot, b: Slot): number => {
    const na = a.size;
    const nb = b.size;
    const nab = na + nb;
    const f = (na * nb) / nab;
    let d2 = 0;
    for (let k = 0; k < p; k++) {
      const dk = (a.mean[k] as number) - (b.mean[k] as number);
      diff[k] = dk;
      d2 += dk * dk;
    }
    if (!vvv) return f * d2;
    const trace = a.trace + b.trace + f * d2;
    let term: number;
    if (nab <= p) {
      term = nab * Math.log((beta * (trace + alpha)) / nab);
    } else {
      const sa = a.scatter as Float64Array;
      const sb = b.scatter as Float64Array;
      for (let r = 0; r < p; r++) {
        for (let c = 0; c <= r; c++) wNew[r * p + c] = (sa[r * p + c] as number) + (sb[r * p + c] as number) + f * (diff[r] as number) * (diff[c] as number);
      }
      term = vvvTerm(nab, p, trace, wNew, alpha, beta, work);
    }
    return term - (a.term + b.term);
  };

  const mergeInto = (a: Slot, b: Slot): Slot => {
    const na = a.size;
    const nb = b.size;
    const nab = na + nb;
    const f = (na * nb) / nab;
    const mean = new Float64Array(p);
    let d2 = 0;
    for (let k = 0; k < p; k++) {
      const dk = (a.mean[k] as number) - (b.mean[k] as number);
      diff[k] = dk;
      d2 += dk * dk;
      mean[k] = (na * (a.mean[k] as number) + nb * (b.mean[k] as number)) / nab;
    }
    const label = Math.min(a.label, b.label);
    if (!vvv) return { size: nab, mean, scatter: null, trace: a.trace + b.trace + f * d2, term: 0, label };
    const sa = a.scatter as Float64Array;
    const sb = b.scatter as Float64Array;
    const scatter = new Float64Array(p * p);
    for (let r = 0; r < p; r++) {
      for (let c = 0; c <= r; c++) {
        const v = (sa[r * p + c] as number) + (sb[r * p + c] as number) + f * (diff[r] as number) * (diff[c] as number);
        scatter[r * p + c] = v;
        scatter[c * p + r] = v;
      }
    }
    const trace = a.trace + b.trace + f * d2;
    return { size: nab, mean, scatter, trace, term: vvvTerm(nab, p, trace, scatter, alpha, beta, work), label };
  };

  // Packed pair costs: pair (i < j) of active slots at index j (j - 1) / 2 + i. mclust scans all
  // of them at every step and keeps the last minimum (<=); the same choice comes from per-column
  // minima (column j: its smallest cost, the largest row i among ties), kept up to date, so a step
  // costs O(g) plus the columns whose minimum got worse.
  const cost = new Float64Array((n * (n - 1)) / 2);
  const colRow = new Int32Array(n);
  const colVal = new Float64Array(n);
  const rescan = (j: number): void => {
    const base = (j * (j - 1)) / 2;
    let bi = 0;
    let bv = cost[base] as number;
    for (let i = 1; i < j; i++) {
      const v = cost[base + i] as number;
      if (v <= bv) { bv = v; bi = i; }
    }
    colRow[j] = bi;
    colVal[j] = bv;
  };
  /** Column j's entry at row i has changed to its current value. */
  const touched = (j: number, i: number): void => {
    const v = cost[(j * (j - 1)) / 2 + i] as number;
    const bv = colVal[j] as number;
    if (i === colRow[j]) {
      if (v <= bv) colVal[j] = v;
      else rescan(j);
    } else if (v < bv || (v === bv && i > (colRow[j] as number))) {
      colRow[j] = i;
      colVal[j] = v;
    }
  };
  for (let j = 1; j < n; j++) {
    const base = (j * (j - 1)) / 2;
    for (let i = 0; i < j; i++) cost[base + i] = mergeCost(slots[i] as Slot, slots[j] as Slot);
    rescan(j);
  }
  const merge = new Int32Array(2 * (n - 1));
  const costs = new Float64Array(n - 1);
  let g = n;
  for (let step = 0; step < n - 1; step++) {
    let jo = 1;
    for (let j = 2; j < g; j++) if ((colVal[j] as number) <= (colVal[jo] as number)) jo = j;
    const io = colRow[jo] as number;
    const a = slots[io] as Slot;
    const b = slots[jo] as Slot;
    merge[2 * step] = Math.min(a.label, b.label);
    merge[2 * step + 1] = Math.max(a.label, b.label);
    costs[step] = colVal[jo] as number;
    slots[io] = mergeInto(a, b);
    const last = g - 1;
    const moved = jo !== last;
    if (moved) {
      // The last active slot moves into the freed slot jo, with its pair costs.
      slots[jo] = slots[last] as Slot;
      for (let k = 0; k < last; k++) {
        if (k === jo) continue;
        const src = (last * (last - 1)) / 2 + k;
        const dst = k < jo ? (jo * (jo - 1)) / 2 + k : (k * (k - 1)) / 2 + jo;
        cost[dst] = cost[src] as number;
      }
    }
    slots.length = last;
    g = last;
    if (g < 2) break;
    const merged = slots[io] as Slot;
    for (let k = 0; k < g; k++) {
      if (k === io) continue;
      const idx = k < io ? (io * (io - 1)) / 2 + k : (k * (k - 1)) / 2 + io;
      cost[idx] = k < io ? mergeCost(slots[k] as Slot, merged) : mergeCost(merged, slots[k] as Slot);
    }
    if (io >= 1) rescan(io);
    if (moved && jo < g) rescan(jo);
    for (let c = io + 1; c < g; c++) if (!(moved && c === jo)) touched(c, io);
    if (moved) for (let c = jo + 1; c < g; c++) touched(c, jo);
  }
  return { model, use, n, merge, cost: costs };
}

/**
 * Partition into G clusters read off a model-based tree, as mclust's `hclass(hcPairs, G)`:
 * the state after n - G merges, clusters numbered 0, 1, ... in order of first appearance.
 * @param tree from {@link modelBasedHc}.
 * @param G number of clusters, 1..n.
 * @throws UsageError when G is out of range.
 * @example hcPartition(modelBasedHc(rows), 3) // => Int32Array of labels 0..2
 */
export function hcPartition(tree: ModelBasedHcResult, G: number): Int32Array {
  const n = tree.n;
  checkInteger('G', G, 1, n);
  const name = new Int32Array(n);
  for (let i = 0; i < n; i++) name[i] = i;
  // parent pointers with path compression: each cluster named by its smallest row index.
  const find = (i: number): number => {
    let r = i;
    while ((name[r] as number) !== r) r = name[r] as number;
    let c = i;
    while ((name[c] as number) !== r) { const nx = name[c] as number; name[c] = r; c = nx; }
    return r;
  };
  for (let s = 0; s < n - G; s++) {
    const a = tree.merge[2 * s] as number;
    const b = tree.merge[2 * s + 1] as number;
    name[find(b)] = find(a);
  }
  const out = new Int32Array(n);
  const code = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    let c = code.get(r);
    if (c === undefined) { c = code.size; code.set(r, c); }
    out[i] = c;
  }
  return out;
}

/**
 * Quantile classes of one variable, as mclust's `qclass(x, k)` (its EM start for
 * one-dimensional data): k classes cut at type-7 quantiles, the narrowest gaps
 * merged when quantiles coincide. Labels 0..k-1 (R: 1..k).
 * @throws UsageError when k is out of range or x has fewer than k distinct values.
 * @example quantileClasses(Float64Array.of(1, 2, 3, 4), 2) // => Int32Array [0, 0, 1, 1]
 */
export function quantileClasses(x: ArrayLike<number>, k: number): Int32Array {
  const n = x.length;
  checkInteger('k', k, 1, n);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i] as number;
  mean /= n;
  let ss = 0;
  let mn = Infinity;
  let mx = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    ss += (v - mean) ** 2;
    mn = Math.min(mn, v);
    mx = Math.max(mx, v);
  }
  const eps = Math.sqrt(ss / (n - 1)) * Math.sqrt(Number.EPSILON);
  let q: number[] = [];
  let m = k;
  while (q.length < k + 1) {
    m++;
    if (m > n + k + 1) throw new UsageError(`quantileClasses: fewer than ${k} distinct values`);
    const probs = Array.from({ length: m }, (_, i) => i / (m - 1));
    q = [...new Set(probs.map((pr) => quantileType7(x, pr)))];
  }
  if (q.length > k + 1) {
    // drop the left end of each of the nr narrowest gaps (R: q[-order(diff(q))[1:nr]], ties in order)
    const gaps = q.slice(1).map((v, i) => ({ i, w: v - (q[i] as number) }));
    gaps.sort((a, b) => a.w - b.w || a.i - b.i);
    const drop = new Set(gaps.slice(0, q.length - k - 1).map((g) => g.i));
    q = q.filter((_, i) => !drop.has(i));
  }
  q[0] = mn - eps;
  q[q.length - 1] = mx + eps;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    for (let c = 0; c < k; c++) if (v >= (q[c] as number) && v < (q[c + 1] as number)) out[i] = c;
  }
  return out;
}
