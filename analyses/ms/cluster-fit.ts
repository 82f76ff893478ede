/**
 * Fitting the clusterings of `msCluster` on response features and EDSS
 * courses, and choosing k (the sequence method: cluster-sequence.ts):
 * - `gmm`: Gaussian mixtures VVV/VVI/VII, G and model by BIC (mclust's `Mclust`);
 * - `lcgm`: latent-class growth models (linear, or natural splines with knots
 *   from spline-knots.ts), k by BIC;
 * - `kmeans` (k-means++), `grid-pam` (RMS difference on a yearly grid) and
 *   `dtw-pam` (DTW normalized by n + m): k by the average silhouette width
 *   (Kaufman & Rousseeuw 1990, k = 2..k-max).
 * Up to {@link FULL_DISSIMILARITY_MAX} objects every pair is computed (a
 * condensed matrix; DTW on worker threads) and PAM is exact; above it, PAM runs
 * as CLARA and the silhouette uses a seeded subsample. The PAM bootstrap
 * resamples a seeded subsample of {@link BOOTSTRAP_SUBSAMPLE_MAX} objects when
 * there are more (each refit is a PAM on the resample).
 */
import { clara } from '../../models/cluster/clara.js';
import { condensedFrom, dissimilarityValue, type AnyDissimilarity, type Dissimilarity } from '../../models/cluster/dissimilarity.js';
import { dtwMatrix } from '../../models/cluster/dtw-matrix.js';
import { dtwDistance } from '../../models/cluster/dtw.js';
import { gaussianMixture, mclustBIC, type GmmModelName } from '../../models/cluster/gaussian-mixture.js';
import { courseGrid, gridDistance, regularGrid } from '../../models/cluster/grid-distance.js';
import { kmeans } from '../../models/cluster/kmeans.js';
import { latentClassGrowth } from '../../models/cluster/latent-class-growth.js';
import { pam } from '../../models/cluster/pam.js';
import { silhouette } from '../../models/cluster/silhouette.js';
import type { Course } from '../../models/cluster/trajectory.js';
import { UsageError } from '../../util/errors.js';
import type { ProgressCallback } from '../../util/progress.js';
import { randomInt, seededRandom } from '../../util/random.js';
import { range, type ClusterSettings } from './cluster-settings.js';
import { splineKnotsAt } from './spline-knots.js';

/**
 * Largest number of objects whose dissimilarities are all computed (10,000:
 * a condensed matrix of 5 x 10^7 pairs, 381 MB; all-pairs DTW on worker
 * threads, about 25 s of CPU at 10^4 EDSS courses, bench/cluster.ts) and
 * clustered by exact PAM. Above it, PAM runs as CLARA (cluster::clara: 5
 * samples of 40 + 2k), and the silhouette uses a seeded random subsample of
 * {@link BOOTSTRAP_SUBSAMPLE_MAX} objects (the silhouette of a sample, as clara reports).
 */
export const FULL_DISSIMILARITY_MAX = 10_000;

/**
 * Largest number of objects the PAM bootstrap resamples (2000): with more, it
 * resamples a seeded random subsample of this many, and each refit is a PAM
 * on a 2000 x 2000 matrix (a full PAM per resample at 10^4 objects would take
 * minutes per resample set).
 */
export const BOOTSTRAP_SUBSAMPLE_MAX = 2000;

/** A fitted clustering before disclosure. */
export interface ClusterFit {
  /** Label of every object (0-based). */
  labels: Int32Array;
  k: number;
  criterion: 'BIC' | 'silhouette';
  selection: Record<string, number | string | null>[];
  bic: number | null;
  icl: number | null;
  loglik: number | null;
  model: string | null;
  /** Dissimilarities among the objects of `sample` (all objects when it is null). */
  diss: AnyDissimilarity;
  /** Sorted object indices of the quality subsample, or null when all objects are used. */
  sample: Int32Array | null;
  /** Sorted object indices the bootstrap resamples, or null for all objects. */
  bootstrapSample: Int32Array | null;
  /** Refits the chosen k on resampled objects (indices into all objects, or into `bootstrapSample` when set). */
  refit: (idx: Int32Array) => ArrayLike<number>;
  warnings: string[];
}

/** A seeded random subsample of m of n indices (sorted), or null when n <= m. */
export function sampleIndex(n: number, m: number, seed: number): Int32Array | null {
  if (n <= m) return null;
  const rand = seededRandom(seed);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + randomInt(rand, n - i);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.slice(0, m).sort();
}

/** Labels of the sampled objects. */
export function sampleLabels(labels: ArrayLike<number>, sample: Int32Array | null): Int32Array {
  return sample ? Int32Array.from(sample, (i) => labels[i]!) : Int32Array.from(labels);
}

/** The dissimilarities among the objects `idx` (a full matrix). */
export function subDissimilarity(d: AnyDissimilarity, idx: ArrayLike<number>): Dissimilarity {
  const n = idx.length;
  const data = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) data[a * n + b] = dissimilarityValue(d, idx[a]!, idx[b]!);
  return { n, data };
}

/** Renumbers labels 0..K'-1 by decreasing cluster size (ties: first appearance); empty clusters vanish. */
export function canonicalLabels(labels: ArrayLike<number>): Int32Array {
  const size = new Map<number, number>();
  const first = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    size.set(l, (size.get(l) ?? 0) + 1);
    if (!first.has(l)) first.set(l, i);
  }
  const order = [...size.keys()].sort((a, b) => size.get(b)! - size.get(a)! || first.get(a)! - first.get(b)!);
  const map = new Map(order.map((l, i) => [l, i]));
  return Int32Array.from(Array.from(labels, (l) => map.get(l)!));
}

/**
 * Fits the clustering of `msCluster` and chooses k (see the module comment).
 * @param maxFull objects above which the large-n path is taken (default {@link FULL_DISSIMILARITY_MAX}).
 * @param maxBootstrap objects above which the PAM bootstrap resamples a subsample (default {@link BOOTSTRAP_SUBSAMPLE_MAX}).
 * @throws {UsageError} with too few objects for the k asked.
 */
export async function fitClustering(s: ClusterSettings, rows: readonly number[][], courses: readonly Course[], progress: ProgressCallback, maxFull = FULL_DISSIMILARITY_MAX, maxBootstrap = BOOTSTRAP_SUBSAMPLE_MAX): Promise<ClusterFit> {
  if (s.method === 'sequence') throw new UsageError("fitClustering: use fitSequenceClustering for method 'sequence'");
  const n = s.method === 'gmm' || s.method === 'kmeans' ? rows.length : courses.length;
  const kMax = Math.min(s.kMax, n - 1);
  const ks = s.k !== null ? [s.k] : s.method === 'gmm' || s.method === 'lcgm' ? range(1, kMax) : range(2, kMax);
  if (n < 3 || ks.length === 0 || ks.some((k) => k > n)) throw new UsageError(`too few patients to cluster: ${n} with complete data for k up to ${Math.max(2, ...ks)}`);
  const warnings: string[] = [];
  let dist: (i: number, j: number) => number;
  if (s.method === 'gmm' || s.method === 'kmeans') {
    const d = rows[0]!.length;
    dist = (i, j) => {
      let t = 0;
      for (let c = 0; c < d; c++) t += (rows[i]![c]! - rows[j]![c]!) ** 2;
      return Math.sqrt(t);
    };
  } else if (s.method === 'dtw-pam') dist = (i, j) => dtwDistance(courses[i]!, courses[j]!, { trusted: true, normalize: true });
  else {
    const grid = courseGrid(courses, regularGrid(0, s.gridYears, Math.round(s.gridYears) + 1));
    dist = (i, j) => gridDistance(grid, i, j);
  }
  const sample = n > maxFull ? sampleIndex(n, Math.min(maxFull, maxBootstrap), s.seed) : null;
  const m = sample ? sample.length : n;
  const at = (a: number): number => (sample ? sample[a]! : a);
  let diss: AnyDissimilarity;
  if (s.method === 'dtw-pam' && !sample) {
    // all pairs on worker threads; entry (i, j) is dtwDistance(courses[j], courses[i]), the same value
    diss = await dtwMatrix(courses, { normalize: true, onProgress: (e) => progress({ step: 'dissimilarities', done: e.done, total: e.total }) });
  } else {
    let done = 0;
    const total = (m * (m - 1)) / 2;
    diss = condensedFrom(m, (a, b) => {
      if (++done % 50_000 === 0) progress({ step: 'dissimilarities', done, total });
      return dist(at(a), at(b));
    });
    progress({ step: 'dissimilarities', done: total, total });
  }
  const pamMethod = s.method === 'grid-pam' || s.method === 'dtw-pam';
  if (sample) warnings.push(`${n} objects: silhouette${pamMethod ? ', PAM bootstrap' : ''} on a seeded random subsample of ${m}${pamMethod ? '; PAM run as CLARA' : ''}`);
  const bootstrapSample = pamMethod ? sample ?? sampleIndex(n, maxBootstrap, s.seed) : null;
  if (pamMethod && !sample && bootstrapSample) warnings.push(`${n} objects: PAM bootstrap on a seeded random subsample of ${bootstrapSample.length}`);
  const common = { diss, sample };
  if (s.method === 'gmm') {
    progress({ step: 'gaussian mixtures', done: 0, total: 1 });
    const r = mclustBIC(rows, { G: ks, seed: s.seed });
    progress({ step: 'gaussian mixtures', done: 1, total: 1 });
    const best = r.best;
    warnings.push(...new Set(r.warnings));
    const model: GmmModelName = best.model;
    return {
      ...common,
      labels: best.classification,
      k: best.G,
      criterion: 'BIC',
      selection: r.table.map((e) => ({ k: e.G, model: e.model, bic: e.bic, icl: e.icl, loglik: e.loglik })),
      bic: best.bic,
      icl: best.icl,
      loglik: best.loglik,
      model,
      bootstrapSample: null,
      refit: (idx) => gaussianMixture(Array.from(idx, (i) => rows[i]!), best.G, model, { seed: s.seed }).classification,
      warnings,
    };
  }
  if (s.method === 'lcgm') {
    const spline = s.splineKnots !== null ? splineKnotsAt(courses, s.splineKnots) : null;
    if (spline) warnings.push(...spline.warnings);
    const options = spline ? { seed: s.seed, spline: { knots: spline.knots } } : { seed: s.seed };
    const fits = ks.map((k, i) => {
      progress({ step: 'latent-class growth', done: i, total: ks.length });
      return latentClassGrowth(courses, k, options);
    });
    progress({ step: 'latent-class growth', done: ks.length, total: ks.length });
    let best = fits[0]!;
    for (const f of fits) if (!Number.isNaN(f.bic) && (Number.isNaN(best.bic) || f.bic > best.bic)) best = f;
    for (const f of fits) warnings.push(...f.warnings);
    return {
      ...common,
      labels: best.classification,
      k: best.K,
      criterion: 'BIC',
      selection: fits.map((f) => ({ k: f.K, bic: f.bic, icl: f.icl, loglik: f.loglik })),
      bic: best.bic,
      icl: best.icl,
      loglik: best.loglik,
      model: spline
        ? `natural cubic spline growth, ${spline.knots.length} knots at the ${spline.probs.map((q) => Number(q.toFixed(3))).join(', ')} quantiles of visit times, ${best.K} classes`
        : `linear growth, ${best.K} classes`,
      bootstrapSample: null,
      refit: (idx) => latentClassGrowth(Array.from(idx, (i) => courses[i]!), best.K, options).classification,
      warnings,
    };
  }
  const step = s.method === 'kmeans' ? 'k-means' : sample ? 'CLARA' : 'PAM';
  const candidates = ks.map((k, i) => {
    progress({ step, done: i, total: ks.length });
    const labels = s.method === 'kmeans' ? kmeans(rows, k, { seed: s.seed }).labels : sample ? clara(n, dist, k, { seed: s.seed }).labels : pam(diss, k).labels;
    return { k, labels, width: silhouette(diss, sampleLabels(labels, sample)).average };
  });
  progress({ step, done: ks.length, total: ks.length });
  let best = candidates[0]!;
  for (const c of candidates) if (c.width > best.width) best = c;
  const k = best.k;
  return {
    ...common,
    labels: best.labels,
    k,
    criterion: 'silhouette',
    selection: candidates.map((c) => ({ k: c.k, silhouette: c.width })),
    bic: null,
    icl: null,
    loglik: null,
    model: null,
    bootstrapSample,
    refit: s.method === 'kmeans'
      ? (idx) => kmeans(Array.from(idx, (i) => rows[i]!), k, { seed: s.seed }).labels
      : sample
        ? (idx) => pam(subDissimilarity(diss, idx), k).labels // the CLARA path: diss is over the subsample, which the bootstrap resamples
        : (idx) => pam(subDissimilarity(diss, bootstrapSample ? Array.from(idx, (i) => bootstrapSample[i]!) : idx), k).labels,
    warnings,
  };
}

