/**
 * `midia ms cluster`: therapy-response clusters of an MS cohort with quality
 * measures and cluster profiles under disclosure control (issue 6 item 3).
 *
 * Objects clustered:
 * - `gmm`, `kmeans`: per-patient response features (models/ms/response-features.ts;
 *   default ARR on therapy, EDSS slope, MRI activity), standardised as R's `scale()`;
 *   patients with a missing feature (e.g. never treated) are left out and counted.
 * - `grid-pam`, `dtw-pam`, `lcgm`: EDSS courses in years since the first EDSS
 *   (patients with at least 2 scores); `lcgm` with `--spline-knots K` fits
 *   natural cubic spline trajectories with K knots at quantiles of the visit
 *   times ({@link splineKnotsAt}).
 * - `sequence`: therapy sequences (models/ms/therapy-sequence.ts: quarterly
 *   states untreated / moderate / high efficacy over 5 years from the index
 *   date, truncated at last contact), compared by optimal matching
 *   (substitution 2, indel 1, as TraMineR's seqdist(method = "OM", sm =
 *   "CONSTANT", indel = 1); or transition-rate costs) and clustered
 *   hierarchically (Ward, as agnes/hclust ward.D2 on OM distances; Studer &
 *   Ritschard 2016); see {@link fitSequenceClustering}.
 * Choice of k (unless --k): BIC for `gmm` (mclust's `Mclust`: G = 1..k-max and
 * models VVV/VVI/VII) and `lcgm`; average silhouette width for `kmeans`, the
 * PAM methods and `sequence` (Kaufman & Rousseeuw 1990, k = 2..k-max).
 * Aggregates leave the engine through engine/disclosure: cluster sizes, and in
 * each shown cluster every count, suppressed below the threshold with
 * complementary suppression (suppressSmallCounts1D); summaries of fewer than
 * threshold values are withheld. Row-level assignments only with --assignments.
 * Up to {@link FULL_DISSIMILARITY_MAX} objects every pair is computed (a
 * condensed matrix; DTW on worker threads) and PAM is exact; above it, PAM runs
 * as CLARA and the silhouette uses a seeded subsample. The PAM bootstrap
 * resamples a seeded subsample of {@link BOOTSTRAP_SUBSAMPLE_MAX} objects when
 * there are more (each refit is a PAM on the resample).
 */
import { writeFile } from 'node:fs/promises';
import { suppressSmallCounts1D } from '../../engine/disclosure/suppress-small-counts.js';
import { bootstrapStability } from '../../models/cluster/bootstrap-stability.js';
import { clusterProfiles, type CategoricalProfile, type NumericProfile, type ProfileVariable } from '../../models/cluster/cluster-profiles.js';
import { clara } from '../../models/cluster/clara.js';
import { condensedFrom, dissimilarityValue, toFull, type AnyDissimilarity, type Dissimilarity } from '../../models/cluster/dissimilarity.js';
import { dtwMatrix } from '../../models/cluster/dtw-matrix.js';
import { dtwDistance } from '../../models/cluster/dtw.js';
import { gaussianMixture, mclustBIC, type GmmModelName } from '../../models/cluster/gaussian-mixture.js';
import { courseGrid, gridDistance, regularGrid } from '../../models/cluster/grid-distance.js';
import { kmeans } from '../../models/cluster/kmeans.js';
import { cutTree, hierarchicalClustering, type Linkage } from '../../models/cluster/hierarchical.js';
import { latentClassGrowth } from '../../models/cluster/latent-class-growth.js';
import { optimalMatchingDistance } from '../../models/cluster/optimal-matching.js';
import { pam } from '../../models/cluster/pam.js';
import { silhouette } from '../../models/cluster/silhouette.js';
import type { Course } from '../../models/cluster/trajectory.js';
import { toDayNumber } from '../../models/ms/day-number.js';
import { dmtClassOf } from '../../models/ms/pathways/drug-classes.js';
import { treatmentStrategies } from '../../models/ms/pathways/treatment-strategy.js';
import { encodeSequences, therapySequences, transitionRateCosts, type SequenceStateKind } from '../../models/ms/therapy-sequence.js';
import { quantileSortedType7 } from '../../models/stats/quantile.js';
import { ageAt, DEFAULT_CLUSTER_FEATURES, featureMatrix, RESPONSE_FEATURE_NAMES, responseFeatures, type ResponseFeatureName, type ResponseFeatures } from '../../models/ms/response-features.js';
import { UsageError } from '../../util/errors.js';
import { randomInt, seededRandom } from '../../util/random.js';
import type { ProgressCallback } from '../../util/progress.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, stringFlag } from '../args.js';
import type { CommandIO, ParsedArgs } from '../command.js';
import { requireRowLevel } from '../../engine/disclosure/access-level.js';
import { recordRun } from '../io.js';
import { loadMsCohort, minCellFlag, suppressTable, withMsSession, type MsPatient } from '../ms-data.js';
import { csvText, jsonText, progressBar, textTable, writeLine } from '../output.js';

/** Clustering methods of `ms cluster`. */
export const CLUSTER_METHODS = ['gmm', 'kmeans', 'grid-pam', 'dtw-pam', 'lcgm', 'sequence'] as const;
export type ClusterMethod = (typeof CLUSTER_METHODS)[number];

/** Flags of `ms cluster`. */
export const CLUSTER_FLAGS = ['db', 'study', 'purpose', 'method', 'k', 'k-max', 'seed', 'bootstrap', 'min-cell', 'assignments', 'features', 'grid-years', 'spline-knots', 'states', 'step-months', 'window-years', 'costs', 'indel', 'linkage'] as const;

/** Flags that apply to `--method sequence` only. */
const SEQUENCE_FLAGS = ['states', 'step-months', 'window-years', 'costs', 'indel', 'linkage'] as const;

/** Substitution costs of `--method sequence`: `constant` (2) or `trate` (2 - p(j|i) - p(i|j), TraMineR seqcost TRATE). */
export type SequenceCosts = 'constant' | 'trate';

/**
 * Defaults of `ms cluster`: method gmm (issue 6: GMM with BIC choice as mclust),
 * k-max 6 (mclust tries 1..9; fewer here because clusters below the disclosure
 * threshold are suppressed anyway), seed 1, 50 bootstrap resamples (as
 * models/cluster bootstrapStability; Hennig 2007, CSDA 52:258, uses 100),
 * grid 0..10 years yearly for grid-pam (as bench/cluster.ts); lcgm linear
 * (no spline knots). For `sequence`: states by efficacy class, quarterly
 * (3-month) slots over a 5-year window (models/ms/therapy-sequence.ts),
 * constant substitution cost 2 and indel cost 1 (TraMineR seqdist OM with
 * sm = "CONSTANT", indel = 1; Gabadinho et al. 2011, J Stat Softw 40(4);
 * with `--costs trate` the indel default is max(sm)/2, seqdist's indel =
 * "auto"), Ward linkage (Ward on OM distances is the usual choice in sequence
 * analysis: Studer & Ritschard 2016, J R Stat Soc A 179:481-511; here hclust
 * "ward.D2" = agnes "ward" on the distances).
 */
export const CLUSTER_DEFAULTS = Object.freeze({
  method: 'gmm' as ClusterMethod,
  kMax: 6,
  seed: 1,
  bootstrap: 50,
  gridYears: 10,
  states: 'class' as SequenceStateKind,
  stepMonths: 3,
  windowYears: 5,
  costs: 'constant' as SequenceCosts,
  substitution: 2,
  indel: 1,
  linkage: 'ward' as Linkage,
});

/** Options of one clustering run, validated from the flags. */
export interface ClusterSettings {
  method: ClusterMethod;
  k: number | null;
  kMax: number;
  seed: number;
  bootstrap: number;
  features: ResponseFeatureName[];
  gridYears: number;
  /** lcgm: number of natural-spline knots (boundary knots included), or null for linear trajectories. */
  splineKnots: number | null;
  /** sequence: state alphabet. */
  states: SequenceStateKind;
  /** sequence: slot length in months. */
  stepMonths: number;
  /** sequence: window in years from the index date. */
  windowYears: number;
  /** sequence: substitution costs. */
  costs: SequenceCosts;
  /** sequence: indel cost, or null for the default of the costs (1 constant, max(sm)/2 trate). */
  indel: number | null;
  /** sequence: hierarchical linkage. */
  linkage: Linkage;
}

function intFlag(args: ParsedArgs, name: string, lo: number, fallback: number | null): number | null {
  const v = numberFlag(args, name);
  if (v === undefined) return fallback;
  if (!(Number.isInteger(v) && v >= lo)) throw new UsageError(`--${name} must be a whole number >= ${lo}, got ${stringFlag(args, name)}`);
  return v;
}

/** Validates the flags of `ms cluster` (UsageError naming the flag). */
export function clusterSettings(args: ParsedArgs): ClusterSettings {
  checkFlags(args, CLUSTER_FLAGS);
  const method = choiceFlag(args, 'method', CLUSTER_METHODS, CLUSTER_DEFAULTS.method);
  if (args.flags.k !== undefined && args.flags['k-max'] !== undefined) throw new UsageError('Give either --k or --k-max, not both');
  const silhouetteChoice = method === 'kmeans' || method === 'grid-pam' || method === 'dtw-pam' || method === 'sequence';
  const k = intFlag(args, 'k', 1, null);
  if (k !== null && silhouetteChoice && k < 2) throw new UsageError(`--k must be >= 2 for --method ${method}, got ${k}`);
  const kMax = intFlag(args, 'k-max', 2, CLUSTER_DEFAULTS.kMax) as number;
  const seed = intFlag(args, 'seed', 0, CLUSTER_DEFAULTS.seed) as number;
  const bootstrap = intFlag(args, 'bootstrap', 0, CLUSTER_DEFAULTS.bootstrap) as number;
  const gridYears = numberFlag(args, 'grid-years', CLUSTER_DEFAULTS.gridYears) as number;
  if (!(gridYears >= 1)) throw new UsageError(`--grid-years must be >= 1, got ${gridYears}`);
  const featureText = stringFlag(args, 'features');
  let features = [...DEFAULT_CLUSTER_FEATURES];
  if (featureText !== undefined) {
    if (method !== 'gmm' && method !== 'kmeans') throw new UsageError(`--features applies to --method gmm or kmeans, not ${method}`);
    features = featureText.split(',').map((s) => s.trim()) as ResponseFeatureName[];
    for (const f of features) if (!(RESPONSE_FEATURE_NAMES as readonly string[]).includes(f)) throw new UsageError(`--features: unknown feature '${f}' (one of ${RESPONSE_FEATURE_NAMES.join(', ')})`);
    if (new Set(features).size !== features.length || features.length === 0) throw new UsageError(`--features must name distinct features, got '${featureText}'`);
  }
  const splineKnots = intFlag(args, 'spline-knots', 3, null);
  if (splineKnots !== null && method !== 'lcgm') throw new UsageError(`--spline-knots applies to --method lcgm, not ${method}`);
  if (method !== 'sequence') for (const f of SEQUENCE_FLAGS) if (args.flags[f] !== undefined) throw new UsageError(`--${f} applies to --method sequence, not ${method}`);
  if (method === 'sequence' && args.flags['grid-years'] !== undefined) throw new UsageError('--grid-years applies to grid-pam, not sequence (use --window-years)');
  const states = choiceFlag(args, 'states', ['class', 'drug'] as const, CLUSTER_DEFAULTS.states);
  const stepMonths = intFlag(args, 'step-months', 1, CLUSTER_DEFAULTS.stepMonths) as number;
  const windowYears = numberFlag(args, 'window-years', CLUSTER_DEFAULTS.windowYears) as number;
  if (!(windowYears > 0 && (windowYears * 12) / stepMonths >= 2)) throw new UsageError(`--window-years must hold at least 2 slots of --step-months ${stepMonths}, got ${stringFlag(args, 'window-years') ?? windowYears}`);
  const costs = choiceFlag(args, 'costs', ['constant', 'trate'] as const, CLUSTER_DEFAULTS.costs);
  const indelFlag = numberFlag(args, 'indel');
  if (indelFlag !== undefined && !(indelFlag > 0 && Number.isFinite(indelFlag))) throw new UsageError(`--indel must be a number > 0, got ${stringFlag(args, 'indel')}`);
  const linkage = choiceFlag(args, 'linkage', ['ward', 'average'] as const, CLUSTER_DEFAULTS.linkage);
  return { method, k, kMax, seed, bootstrap, features, gridYears, splineKnots, states, stepMonths, windowYears, costs, indel: indelFlag ?? null, linkage };
}

/** EDSS course of a patient in years since the first score (same-day duplicates: the first kept). */
function courseOf(p: MsPatient): Course | null {
  const pts = [...p.edss].sort((a, b) => String(a.date).localeCompare(String(b.date)));
  if (pts.length < 2) return null;
  const t0 = toDayNumber(pts[0]!.date);
  const time: number[] = [];
  const value: number[] = [];
  for (const v of pts) {
    const t = (toDayNumber(v.date) - t0) / 365.25;
    if (time.length && t <= time[time.length - 1]!) continue;
    time.push(t);
    value.push(v.edss);
  }
  return time.length >= 2 ? { time, value } : null;
}

function subDissimilarity(d: AnyDissimilarity, idx: ArrayLike<number>): Dissimilarity {
  const n = idx.length;
  const data = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) data[a * n + b] = dissimilarityValue(d, idx[a]!, idx[b]!);
  return { n, data };
}

/** Renumbers labels 0..K'-1 by decreasing cluster size (ties: first appearance); empty clusters vanish. */
function canonicalLabels(labels: ArrayLike<number>): Int32Array {
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
function sampleIndex(n: number, m: number, seed: number): Int32Array | null {
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

/**
 * Fits the clustering of `ms cluster` and chooses k (see the module comment).
 * @param maxFull objects above which the large-n path is taken (default {@link FULL_DISSIMILARITY_MAX}).
 * @param maxBootstrap objects above which the PAM bootstrap resamples a subsample (default {@link BOOTSTRAP_SUBSAMPLE_MAX}).
 * @throws {UsageError} with too few objects for the k asked.
 */
export async function fitClustering(s: ClusterSettings, rows: readonly number[][], courses: readonly Course[], progress: ProgressCallback, maxFull = FULL_DISSIMILARITY_MAX, maxBootstrap = BOOTSTRAP_SUBSAMPLE_MAX): Promise<ClusterFit> {
  if (s.method === 'sequence') throw new UsageError('fitClustering: use fitSequenceClustering for --method sequence');
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

/**
 * Knots of natural cubic spline trajectories (`--spline-knots K`): the
 * j / (K - 1) quantiles (j = 0..K-1; R's default type 7) of all observed
 * visit times pooled over patients, so the boundary knots are the 0 and 1
 * quantiles (first and last visit time) and interior knots sit where visits
 * are dense (as splines::ns places knots at quantiles of x; Hastie et al.
 * 2009, ESL sec. 5.2). Tied quantiles are merged, with a warning.
 * @throws {UsageError} for K < 3 (2 knots are a straight line: the default) or fewer than 2 distinct knots.
 * @example splineKnotsAt([{ time: [0, 1, 2], value: [1, 1, 2] }, { time: [0, 3], value: [2, 3] }], 3).knots // => [0, 1, 3]
 */
export function splineKnotsAt(courses: readonly Course[], K: number): { knots: number[]; probs: number[]; warnings: string[] } {
  if (!(Number.isInteger(K) && K >= 3)) throw new UsageError(`--spline-knots must be a whole number >= 3, got ${K}`);
  const times = courses.flatMap((c) => Array.from(c.time)).sort((a, b) => a - b);
  if (times.length === 0) throw new UsageError('--spline-knots: no visit times');
  const probs: number[] = [];
  const knots: number[] = [];
  for (let j = 0; j < K; j++) {
    const q = quantileSortedType7(times, j / (K - 1));
    if (knots.length && !(q > knots[knots.length - 1]!)) continue;
    knots.push(q);
    probs.push(j / (K - 1));
  }
  if (knots.length < 2) throw new UsageError(`--spline-knots ${K}: the visit times have fewer than 2 distinct quantiles`);
  const warnings = knots.length < K ? [`--spline-knots ${K}: tied quantiles of the visit times merged, ${knots.length} knots used`] : [];
  return { knots, probs, warnings };
}

/**
 * Largest number of therapy sequences clustered hierarchically as a whole
 * (2000): the clustering keeps a full n x n matrix (8 n^2 bytes: 32 MB) and
 * its naive Lance-Williams agglomeration takes about n^3 / 6 steps (seconds at
 * 2000). With more, a seeded random subsample of this many is clustered (its
 * silhouette chooses k), every other sequence joins the cluster of the
 * nearest cluster medoid by OM distance (as CLARA assigns to medoids;
 * Kaufman & Rousseeuw 1990 ch. 3), and a warning says so.
 */
export const SEQUENCE_MAX_OBJECTS = 2000;

/**
 * Largest number of sequences the bootstrap of `--method sequence` resamples
 * (500): each refit is a hierarchical clustering of the resample; with more
 * sequences a seeded random subsample of this many is resampled.
 */
export const SEQUENCE_BOOTSTRAP_MAX = 500;

/** Costs of optimal matching for `--method sequence`, with a description for the output. */
export function sequenceCosts(s: Pick<ClusterSettings, 'costs' | 'indel'>, sequences: readonly (readonly number[])[], nStates: number): { substitution: number | ((a: number, b: number) => number); indel: number; description: string } {
  if (s.costs === 'trate') {
    const c = transitionRateCosts(sequences, nStates);
    const indel = s.indel ?? c.indel;
    return { substitution: (a, b) => c.substitution[a * nStates + b]!, indel, description: `optimal matching, transition-rate substitution costs 2 - p(j|i) - p(i|j) (TraMineR TRATE), indel ${Number(indel.toPrecision(6))}` };
  }
  const indel = s.indel ?? CLUSTER_DEFAULTS.indel;
  return { substitution: CLUSTER_DEFAULTS.substitution, indel, description: `optimal matching, substitution cost ${CLUSTER_DEFAULTS.substitution}, indel ${indel} (TraMineR seqdist OM, sm = "CONSTANT")` };
}

/**
 * Sequence clustering of `ms cluster --method sequence`: optimal-matching
 * distances between all pairs of sequences, a hierarchical clustering
 * (`s.linkage`, Ward by default) cut at k = 2..k-max with k chosen by the
 * average silhouette width (or `s.k`); the bootstrap refits a hierarchical
 * clustering on each resample. Above `maxObjects` sequences the clustering
 * runs on a seeded subsample (see {@link SEQUENCE_MAX_OBJECTS}).
 * @param sequences integer-coded state sequences (models/ms/therapy-sequence.ts encodeSequences), possibly of unequal length.
 * @param nStates size of the alphabet.
 * @param maxObjects default {@link SEQUENCE_MAX_OBJECTS}; maxBootstrap default {@link SEQUENCE_BOOTSTRAP_MAX}.
 * @throws {UsageError} with too few sequences for the k asked.
 */
export function fitSequenceClustering(s: ClusterSettings, sequences: readonly (readonly number[])[], nStates: number, progress: ProgressCallback, maxObjects = SEQUENCE_MAX_OBJECTS, maxBootstrap = SEQUENCE_BOOTSTRAP_MAX): ClusterFit & { distance: string } {
  const n = sequences.length;
  const kMax = Math.min(s.kMax, n - 1);
  const ks = s.k !== null ? [s.k] : range(2, kMax);
  if (n < 3 || ks.length === 0 || ks.some((k) => k > n)) throw new UsageError(`too few patients to cluster: ${n} with a therapy sequence for k up to ${Math.max(2, ...ks)}`);
  const warnings: string[] = [];
  const costs = sequenceCosts(s, sequences, nStates);
  const om = (i: number, j: number): number => optimalMatchingDistance(sequences[i]!, sequences[j]!, { substitution: costs.substitution, indel: costs.indel });
  const sample = sampleIndex(n, maxObjects, s.seed);
  const m = sample ? sample.length : n;
  const at = (a: number): number => (sample ? sample[a]! : a);
  let done = 0;
  const total = (m * (m - 1)) / 2;
  const diss = condensedFrom(m, (a, b) => {
    if (++done % 50_000 === 0) progress({ step: 'dissimilarities', done, total });
    return om(at(a), at(b));
  });
  progress({ step: 'dissimilarities', done: total, total });
  progress({ step: 'hierarchical clustering', done: 0, total: 1 });
  const tree = hierarchicalClustering(toFull(diss), s.linkage);
  progress({ step: 'hierarchical clustering', done: 1, total: 1 });
  const candidates = ks.map((k) => {
    const labels = cutTree(tree, k);
    return { k, labels, width: silhouette(diss, labels).average };
  });
  let best = candidates[0]!;
  for (const c of candidates) if (c.width > best.width) best = c;
  const k = best.k;
  let labels: Int32Array = best.labels;
  if (sample) {
    // medoid of each cluster of the subsample: the member with the least sum of OM distances to its cluster
    const medoid = range(0, k - 1).map((c) => {
      let bestA = -1;
      let bestSum = Infinity;
      for (let a = 0; a < m; a++) {
        if (best.labels[a] !== c) continue;
        let sum = 0;
        for (let b = 0; b < m; b++) if (best.labels[b] === c) sum += dissimilarityValue(diss, a, b);
        if (sum < bestSum) { bestSum = sum; bestA = a; }
      }
      return at(bestA);
    });
    labels = new Int32Array(n).fill(-1);
    sample.forEach((i, a) => (labels[i] = best.labels[a]!));
    for (let i = 0; i < n; i++) {
      if (labels[i]! >= 0) continue;
      let bc = 0;
      let bd = Infinity;
      medoid.forEach((med, c) => {
        const d = om(i, med);
        if (d < bd) { bd = d; bc = c; }
      });
      labels[i] = bc;
    }
    warnings.push(`${n} sequences: hierarchical clustering, choice of k and silhouette on a seeded random subsample of ${m}; the other ${n - m} joined the cluster of the nearest cluster medoid`);
  }
  const bpos = sampleIndex(m, maxBootstrap, s.seed);
  const bootstrapSample = bpos ? Int32Array.from(bpos, (a) => at(a)) : sample;
  if (bpos && s.bootstrap > 0) warnings.push(`bootstrap on a seeded random subsample of ${bpos.length} sequences`);
  return {
    labels,
    k,
    criterion: 'silhouette',
    selection: candidates.map((c) => ({ k: c.k, silhouette: c.width })),
    bic: null,
    icl: null,
    loglik: null,
    model: `hierarchical clustering, ${s.linkage === 'ward' ? 'Ward (hclust ward.D2)' : 'average linkage (UPGMA)'}, of optimal-matching distances`,
    diss,
    sample,
    bootstrapSample,
    refit: (idx) => cutTree(hierarchicalClustering(subDissimilarity(diss, bpos ? Array.from(idx, (i) => bpos[i]!) : idx), s.linkage), k),
    warnings,
    distance: costs.description,
  };
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

/** A numeric summary after disclosure control (null values: withheld). */
export interface DisclosedNumeric {
  n: number | null;
  missing: number | null;
  mean: number | null;
  sd: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
}

/** Level counts after disclosure control, with shares of the cluster. */
export type DisclosedLevels = { level: string; count: number | null; share: number | null }[];

/** A numeric summary with its counts already disclosed; statistics withheld below the threshold. */
function discloseNumeric(v: NumericProfile, n: number | null, missing: number | null, threshold: number): DisclosedNumeric {
  const ok = v.n >= threshold;
  const f = (x: number): number | null => (ok && Number.isFinite(x) ? x : null);
  return { n, missing, mean: f(v.mean), sd: f(v.sd), median: f(v.median), q1: f(v.q1), q3: f(v.q3) };
}

/** Level counts of one categorical variable for every profile group (cluster or rest), with the missing count as a last column. */
function levelCounts(v: CategoricalProfile): number[] {
  return [...v.levels.map((l) => l.count), v.missing];
}

/** Variables of the cluster profiles and the group each belongs to. */
const PROFILE_GROUPS: Record<string, 'baseline' | 'outcomes' | 'therapies'> = {
  ageAtOnset: 'baseline',
  sex: 'baseline',
  baselineEdss: 'baseline',
  followUpYears: 'baseline',
  arr: 'outcomes',
  arrOnTherapy: 'outcomes',
  edssSlope: 'outcomes',
  mriActivity: 'outcomes',
  cdw: 'outcomes',
  neda: 'outcomes',
  everModerateEfficacy: 'therapies',
  everHighEfficacy: 'therapies',
  strategy: 'therapies',
  shareUntreated: 'therapies',
  shareModerate: 'therapies',
  shareHigh: 'therapies',
};

/**
 * For `--method sequence`: per patient the share of the slots of the (possibly
 * truncated) therapy sequence spent untreated, on moderate- and on
 * high-efficacy DMT (by efficacy class whatever --states; unclassified drugs
 * count in none); NaN for a patient without a sequence.
 */
function sequenceShares(patients: readonly MsPatient[], s: ClusterSettings): Map<string, [number, number, number]> {
  const r = therapySequences(
    patients.map((p) => ({ id: p.id, index: p.onset, end: p.end, episodes: p.episodes.map((e) => ({ drug: e.drug, start: e.start, stop: e.stop, efficacy: e.efficacy })) })),
    { years: s.windowYears, stepMonths: s.stepMonths, states: 'class' },
  );
  return new Map(
    r.sequences.map((q) => {
      const n = q.states.length;
      const share = (st: string): number => (n === 0 ? NaN : q.states.filter((x) => x === st).length / n);
      return [q.id, [share('untreated'), share('moderate'), share('high')]];
    }),
  );
}

function profileVariables(patients: readonly MsPatient[], features: readonly ResponseFeatures[], shares: Map<string, [number, number, number]> | null): ProfileVariable[] {
  const strategies = new Map(treatmentStrategies(patients.flatMap((p) => p.episodes)).map((s) => [s.id, s.strategy]));
  const ever = (p: MsPatient, eff: 'moderate' | 'high'): string => (p.episodes.some((e) => (e.efficacy ?? dmtClassOf(e.drug)?.efficacy ?? null) === eff) ? 'yes' : 'no');
  const yn = (b: boolean | null): string | null => (b === null ? null : b ? 'yes' : 'no');
  return [
    { name: 'ageAtOnset', kind: 'numeric', values: patients.map((p) => (Number.isFinite(p.birthYear) ? ageAt(p.birthYear, p.birthMonth, p.onset) : NaN)) },
    { name: 'sex', kind: 'categorical', values: patients.map((p) => p.sex), levels: ['female', 'male', 'diverse', 'unknown'] },
    { name: 'baselineEdss', kind: 'numeric', values: features.map((f) => f.baselineEdss) },
    { name: 'followUpYears', kind: 'numeric', values: features.map((f) => f.years) },
    { name: 'arr', kind: 'numeric', values: features.map((f) => f.arr) },
    { name: 'arrOnTherapy', kind: 'numeric', values: features.map((f) => f.arrOnTherapy) },
    { name: 'edssSlope', kind: 'numeric', values: features.map((f) => f.edssSlope) },
    { name: 'mriActivity', kind: 'numeric', values: features.map((f) => f.mriActivity) },
    { name: 'cdw', kind: 'categorical', values: features.map((f) => yn(f.cdw)), levels: ['yes', 'no'] },
    { name: 'neda', kind: 'categorical', values: features.map((f) => yn(f.neda)), levels: ['yes', 'no'] },
    { name: 'everModerateEfficacy', kind: 'categorical', values: patients.map((p) => ever(p, 'moderate')), levels: ['yes', 'no'] },
    { name: 'everHighEfficacy', kind: 'categorical', values: patients.map((p) => ever(p, 'high')), levels: ['yes', 'no'] },
    { name: 'strategy', kind: 'categorical', values: patients.map((p) => strategies.get(p.id) ?? 'untreated'), levels: ['early-intensive', 'escalation', 'late-intensive', 'no-high-efficacy', 'untreated'] },
    ...(shares
      ? (['shareUntreated', 'shareModerate', 'shareHigh'] as const).map((name, j): ProfileVariable => ({ name, kind: 'numeric', values: patients.map((p) => shares.get(p.id)?.[j] ?? NaN) }))
      : []),
  ];
}

/** One cluster in the output of `ms cluster --json`. */
export interface DisclosedCluster {
  /** 1-based, ordered by decreasing size. */
  cluster: number;
  size: number | null;
  suppressed: boolean;
  silhouette: number | null;
  baseline: Record<string, DisclosedNumeric | DisclosedLevels> | null;
  outcomes: Record<string, DisclosedNumeric | DisclosedLevels> | null;
  therapies: Record<string, DisclosedNumeric | DisclosedLevels> | null;
}

/** Runs `midia ms cluster`. */
export async function runMsCluster(args: ParsedArgs, io: CommandIO): Promise<number> {
  const s = clusterSettings(args);
  const assignments = stringFlag(args, 'assignments');
  const progress = progressBar(io.stderr, io.showProgress);
  await withMsSession(args, io, async (session) => {
    if (assignments !== undefined) requireRowLevel(session.disclosure, session.study, 'ms cluster --assignments (one row per patient)');
    const threshold = minCellFlag(args, session.disclosure.threshold);
    const cohort = await loadMsCohort(session);
    const features = cohort.patients.map((p) => responseFeatures({ id: p.id, start: p.onset, end: p.end, edss: p.edss, relapses: p.relapses, mri: p.mri, cdw: p.cdw, therapy: p.episodes.map((e) => ({ start: e.start, stop: e.stop })) }));
    const trajectory = s.method === 'grid-pam' || s.method === 'dtw-pam' || s.method === 'lcgm';
    let ids: string[];
    let rows: number[][] = [];
    let courses: Course[] = [];
    let seq: { encoded: number[][]; alphabet: string[]; slots: number; truncated: number } | null = null;
    if (s.method === 'sequence') {
      const r = therapySequences(
        cohort.patients.map((p) => ({ id: p.id, index: p.onset, end: p.end, episodes: p.episodes.map((e) => ({ drug: e.drug, start: e.start, stop: e.stop, efficacy: e.efficacy })) })),
        { years: s.windowYears, stepMonths: s.stepMonths, states: s.states },
      );
      // patients whose follow-up ends before the first slot midpoint have no sequence: left out and counted as excluded
      const kept = r.sequences.filter((q) => q.states.length > 0);
      ids = kept.map((q) => q.id);
      seq = { encoded: encodeSequences(kept.map((q) => q.states), r.alphabet), alphabet: r.alphabet, slots: r.slots, truncated: r.truncated };
    } else if (trajectory) {
      const kept = cohort.patients.map((p) => ({ id: p.id, c: courseOf(p) })).filter((x): x is { id: string; c: Course } => x.c !== null);
      ids = kept.map((x) => x.id);
      courses = kept.map((x) => x.c);
    } else {
      const m = featureMatrix(features, s.features, true);
      ids = m.ids;
      rows = m.rows;
    }
    const seqFit = seq ? fitSequenceClustering(s, seq.encoded, seq.alphabet.length, progress) : null;
    const fit = seqFit ?? (await fitClustering(s, rows, courses, progress));
    const labels = canonicalLabels(fit.labels);
    const K = Math.max(...labels) + 1;
    const warnings = [...cohort.warnings, ...fit.warnings];
    if (K < fit.k) warnings.push(`${fit.k - K} of ${fit.k} clusters came out empty`);
    const sil = K >= 2 ? silhouette(fit.diss, sampleLabels(labels, fit.sample)) : null;
    let stability: { bootstrap: number; meanAri: number; minAri: number } | null = null;
    if (s.bootstrap > 0 && K >= 2) {
      let b = 0;
      const st = bootstrapStability(sampleLabels(labels, fit.bootstrapSample), (idx) => {
        progress({ step: 'bootstrap stability', done: b++, total: s.bootstrap });
        return fit.refit(idx);
      }, { nBoot: s.bootstrap, seed: s.seed });
      progress({ step: 'bootstrap stability', done: s.bootstrap, total: s.bootstrap });
      stability = { bootstrap: s.bootstrap, meanAri: st.mean, minAri: st.min };
    }
    // profile groups: clusters 0..K-1, and K = patients left out (no complete features / course)
    const index = new Map(ids.map((id, i) => [id, i]));
    const groupOf = Int32Array.from(cohort.patients, (p) => {
      const i = index.get(p.id);
      return i === undefined ? K : labels[i]!;
    });
    const vars = profileVariables(cohort.patients, features, s.method === 'sequence' ? sequenceShares(cohort.patients, s) : null);
    const profiles = clusterProfiles(groupOf, vars, { clusters: K + 1 });
    // one table: cluster sizes and the excluded patients, total = the cohort (published by other commands too),
    // so that no hidden size or excluded count follows from the others
    const sizes = suppressSmallCounts1D(profiles.map((p) => p.size), { threshold });
    const excludedShown = sizes.counts[K] ?? null;
    const shown = range(0, K - 1).filter((c) => sizes.counts[c] !== null);
    const rest = range(0, K).filter((c) => !shown.includes(c));
    // every count table is clusters x levels with the cohort's level totals taken as public (ms outcomes publishes
    // some of them): the shown clusters plus one 'rest' row (suppressed clusters and excluded patients), never shown
    // the missing column only when some patient of the cohort lacks the value (a known zero column is no protection)
    const anyMissing = vars.map((_, j) => profiles.some((q) => (q.variables[j] as NumericProfile | CategoricalProfile).missing > 0));
    const disclosedCounts = vars.map((_, j) => {
      const perGroup = profiles.map((p) => {
        const v = p.variables[j]!;
        const row = v.kind === 'numeric' ? [v.n, v.missing] : levelCounts(v);
        return anyMissing[j] ? row : row.slice(0, -1);
      });
      const restRow = perGroup[0]!.map((_, l) => rest.reduce((a, c) => a + perGroup[c]![l]!, 0));
      const table = [...shown.map((c) => perGroup[c]!), restRow];
      const out = suppressTable(table, threshold, [...shown.map(() => true), false]);
      return new Map(shown.map((c, r) => [c, out[r]!]));
    });
    const clusters: DisclosedCluster[] = profiles.slice(0, K).map((p, c) => {
      const size = sizes.counts[c] ?? null;
      if (size === null) return { cluster: c + 1, size: null, suppressed: true, silhouette: null, baseline: null, outcomes: null, therapies: null };
      const groups: Record<'baseline' | 'outcomes' | 'therapies', Record<string, DisclosedNumeric | DisclosedLevels>> = { baseline: {}, outcomes: {}, therapies: {} };
      p.variables.forEach((v, j) => {
        const g = PROFILE_GROUPS[v.name]!;
        const counts = disclosedCounts[j]!.get(c)!;
        if (v.kind === 'numeric') groups[g][v.name] = discloseNumeric(v, counts[0] ?? null, anyMissing[j] ? (counts[1] ?? null) : 0, threshold);
        else {
          const labelsOfLevels = [...v.levels.map((l) => l.level), ...(anyMissing[j] ? [v.name === 'neda' ? 'unknown' : 'missing'] : [])];
          groups[g][v.name] = labelsOfLevels.map((level, l) => {
            const n = counts[l] ?? null;
            return { level, count: n, share: n === null ? null : n / p.size };
          });
        }
      });
      return { cluster: c + 1, size, suppressed: false, silhouette: sil ? finite(sil.clusterAverage[c]!) : null, ...groups };
    });
    const clusteredShown = sizes.total !== null && excludedShown !== null;
    let objects: Record<string, unknown>;
    if (seq && seqFit) {
      // complete vs truncated sequences: a 1-D table whose total (clustered) is published only when shown above
      const split = suppressSmallCounts1D([ids.length - seq.truncated, seq.truncated], { threshold });
      objects = {
        kind: 'therapy sequences',
        time: `from the index date, ${s.stepMonths}-month slots over ${s.windowYears} years (${seq.slots} slots; state at each slot midpoint)`,
        states: s.states === 'class' ? seq.alphabet : `${seq.alphabet.length} states: untreated and the drugs (names not listed)`,
        distance: seqFit.distance,
        linkage: s.linkage,
        sequences: { complete: clusteredShown ? split.counts[0] ?? null : null, truncated: clusteredShown ? split.counts[1] ?? null : null, rule: 'follow-up shorter than the window: the sequence ends at the last slot before the last contact (OM compares unequal lengths by indels)' },
      };
    } else if (trajectory) {
      objects = { kind: 'EDSS courses', time: 'years since the first EDSS', ...(s.method === 'dtw-pam' ? { distance: 'DTW (normalized by n + m, unconstrained)' } : s.method === 'grid-pam' ? { distance: `RMS difference on a yearly grid 0-${s.gridYears} years` } : {}) };
      if (s.method === 'lcgm') {
        const sp = s.splineKnots !== null ? splineKnotsAt(courses, s.splineKnots) : null;
        // boundary knots are the first and last visit times (individual values): withheld; interior knots rounded to 0.1 year
        objects.basis = sp ? { type: 'natural cubic spline', knots: sp.knots.length, knotQuantiles: sp.probs, interiorKnotsYears: sp.knots.slice(1, -1).map((x) => Math.round(x * 10) / 10) } : { type: 'linear' };
      }
    } else objects = { kind: 'response features', features: s.features, standardized: true };
    const result = {
      method: s.method,
      objects,
      seed: s.seed,
      patients: { cohort: sizes.total, clustered: clusteredShown ? ids.length : null, excluded: excludedShown },
      k: K,
      selection: { criterion: s.k !== null ? 'fixed (--k)' : fit.criterion, table: fit.selection },
      quality: {
        model: fit.model,
        bic: fit.bic,
        icl: fit.icl,
        loglik: fit.loglik,
        silhouette: sil ? sil.average : null,
        silhouetteObjects: fit.sample ? fit.sample.length : ids.length,
        stability,
      },
      clusters,
      threshold,
      assignments: assignments ?? null,
      warnings: [...new Set(warnings)],
    };
    if (assignments !== undefined) await writeFile(assignments, csvText(['pseudonym', 'cluster'], ids.map((id, i) => [id, labels[i]! + 1])), 'utf8');
    await recordRun(
      session,
      'ms cluster',
      args,
      { method: s.method, k: K, clustered: ids.length, sizes: profiles.slice(0, K).map((p) => p.size), assignments: assignments ? { file: assignments, rows: ids.length } : null },
      ids,
    );
    if (hasFlag(args, 'json')) io.stdout.write(jsonText(result));
    else {
      for (const w of result.warnings) writeLine(io.stderr, `warning: ${w}`);
      const c = (v: number | null): string | number => v ?? 'suppressed';
      io.stdout.write(`${s.method}: k = ${K} (${result.selection.criterion}); patients clustered ${c(result.patients.clustered)} of ${c(result.patients.cohort)}\n`);
      io.stdout.write(`silhouette ${fmt(result.quality.silhouette)}, BIC ${fmt(fit.bic)}, ICL ${fmt(fit.icl)}, bootstrap ARI ${stability ? `${fmt(stability.meanAri)} (min ${fmt(stability.minAri)}, ${stability.bootstrap} resamples)` : 'not run'}\n\n`);
      const mean = (cl: DisclosedCluster, g: 'baseline' | 'outcomes' | 'therapies', name: string): number | null => ((cl[g]?.[name] as DisclosedNumeric | undefined)?.mean ?? null);
      const seqCols = s.method === 'sequence' ? ['untreated', 'moderate', 'high'] : [];
      const seqVals = (cl: DisclosedCluster): (number | null)[] => (s.method === 'sequence' ? ['shareUntreated', 'shareModerate', 'shareHigh'].map((name) => mean(cl, 'therapies', name)) : []);
      const share = (cl: DisclosedCluster, g: 'outcomes' | 'therapies', name: string): number | null => ((cl[g]?.[name] as DisclosedLevels | undefined)?.find((l) => l.level === 'yes')?.share ?? null);
      io.stdout.write(
        textTable(
          ['cluster', 'size', 'silhouette', 'age', 'baseEDSS', 'ARR', 'ARR on DMT', 'EDSS/yr', 'CDW', 'NEDA-3', 'high eff.', ...seqCols],
          clusters.map((cl) => [cl.cluster, c(cl.size), cl.silhouette, mean(cl, 'baseline', 'ageAtOnset'), mean(cl, 'baseline', 'baselineEdss'), mean(cl, 'outcomes', 'arr'), mean(cl, 'outcomes', 'arrOnTherapy'), mean(cl, 'outcomes', 'edssSlope'), share(cl, 'outcomes', 'cdw'), share(cl, 'outcomes', 'neda'), share(cl, 'therapies', 'everHighEfficacy'), ...seqVals(cl)]),
        ),
      );
      if (s.method === 'sequence') io.stdout.write('\nuntreated / moderate / high: mean share of the sequence slots in each efficacy class\n');
      io.stdout.write(`\nmeans and shares; counts below ${threshold} suppressed${assignments ? `; assignments written to ${assignments}` : ''}\n`);
    }
  });
  return 0;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function fmt(x: number | null): string {
  return x === null || !Number.isFinite(x) ? 'NA' : Number(x.toPrecision(4)).toString();
}

/** Help of `ms cluster` (included in `midia ms --help`). */
export const MS_CLUSTER_HELP = `cluster: therapy-response clusters with quality and profiles.
  midia ms cluster --db FILE --study ID [--method gmm|kmeans|grid-pam|dtw-pam|lcgm|sequence]
                   [--k K | --k-max 6] [--seed 1] [--bootstrap 50] [--min-cell N]
                   [--features arrOnTherapy,edssSlope,mriActivity] [--grid-years 10]
                   [--spline-knots K] [--states class|drug] [--step-months 3] [--window-years 5]
                   [--costs constant|trate] [--indel 1] [--linkage ward|average]
                   [--assignments FILE] [--json]
  --method      gmm (default): Gaussian mixtures VVV/VVI/VII on standardised response
                features, k and model by BIC (as mclust); kmeans: k-means++ (10 starts);
                grid-pam: PAM on EDSS courses (years since first EDSS) compared on a
                yearly grid 0..--grid-years; dtw-pam: PAM with DTW distances (normalized
                by n + m); lcgm: latent-class linear growth model, k by BIC;
                sequence: therapy sequences compared by optimal matching, clustered
                hierarchically, k by silhouette
  --k / --k-max a fixed k, or the largest k tried (default 6; from 1 for gmm/lcgm, from 2
                for silhouette choice with kmeans, the PAM methods and sequence)
  --spline-knots lcgm only: natural cubic spline trajectories with K >= 3 knots at the
                j/(K-1) quantiles (j = 0..K-1, type 7) of all visit times, so the boundary
                knots are the 0 and 1 quantiles (default: off, linear); quality.model
                states the basis, objects.basis the knot quantiles (interior knots rounded
                to 0.1 year; boundary knots withheld: they are single visit times)
  sequence: each patient's DMT states at the midpoint of every --step-months slot (default
                3, quarterly) over --window-years (default 5) from the index date:
                --states class (default: untreated, moderate, high efficacy by DGN 2021,
                unclassified) or drug (untreated or the drug). Follow-up shorter than
                the window: the sequence ends at the last slot before the last contact
                (optimal matching compares unequal lengths by indels); such patients are
                counted in objects.sequences.truncated; no slot at all: left out, counted
                as excluded. Distance: optimal matching (Abbott & Tsay 2000) with
                --costs constant (default: substitution 2) or trate (2 - p(j|i) - p(i|j)
                from the observed transition rates, TraMineR seqcost TRATE) and --indel
                (default 1 for constant, max substitution / 2 for trate), as TraMineR
                seqdist(method = "OM", sm = "CONSTANT", indel = 1) (Gabadinho et al. 2011,
                J Stat Softw 40(4)). --linkage ward (default; hclust ward.D2 on the
                distances, as usual with OM: Studer & Ritschard 2016, J R Stat Soc A
                179:481-511) or average. The bootstrap refits the hierarchical clustering
                on each resample (a seeded subsample of 500 when there are more).
                Up to 2000 sequences are clustered as a whole; with more, a seeded random
                subsample of 2000 is clustered (k and silhouette on it) and the others join
                the cluster of the nearest cluster medoid (a warning says so).
  --features    response features of gmm/kmeans (default arrOnTherapy,edssSlope,mriActivity;
                also baselineEdss, arr, neda); patients missing one (e.g. never on a DMT)
                are left out and counted
  --seed        seed of every random step (default 1): same seed, same clusters
  --bootstrap   resamples for stability, mean adjusted Rand index of refits against the
                clustering (default 50; 0 skips)
  --min-cell    disclosure threshold; may only raise the study's minimum cell count
                (default: the study's, 5 unless registered otherwise)
  Up to 10,000 objects every dissimilarity is computed (DTW on worker threads) and PAM is
  exact; the PAM bootstrap resamples a seeded random subsample of 2000 when there are more.
  Above 10,000 PAM runs as CLARA (5 samples of 40 + 2k, as cluster::clara) and the
  silhouette uses a seeded random subsample of 2000 (warnings say so).
  --assignments write pseudonym,cluster rows to FILE (the only row-level output; the file
                name and row count are recorded in the data-use ledger; refused for
                studies with access level aggregate)
  Output: quality (silhouette, BIC/ICL where defined, bootstrap ARI) and per cluster
  (numbered by decreasing size) baseline (age at onset, sex, baseline EDSS, follow-up),
  outcomes (ARR, ARR on DMT, EDSS slope, MRI activity, CDW, NEDA-3 over 2 years from the
  first DMT) and therapies (ever moderate/high efficacy, strategy as Harding 2019; with
  sequence also shareUntreated/shareModerate/shareHigh: the share of each patient's
  sequence slots untreated, on moderate and on high efficacy, summarised per cluster).
  Clusters smaller than the threshold are suppressed (and one more when a single one
  would be revealed by the total); within shown clusters counts below the threshold
  are suppressed with complementary suppression, and summaries of fewer values withheld.
  --json prints {method, objects (what was clustered, distance, basis or sequences), seed, patients{cohort,clustered,excluded}, k,
  selection{criterion,table}, quality{model,bic,icl,loglik,silhouette,silhouetteObjects,stability},
  clusters[{cluster,size,suppressed,silhouette,baseline,outcomes,therapies}], threshold,
  assignments, warnings}.
`;
