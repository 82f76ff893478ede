/**
 * Resampling validation, generic over a learner (fit on rows, predict rows)
 * and a metric (score predictions of rows):
 *
 * - {@link bootstrapOptimism}: Harrell's optimism-corrected performance.
 *   apparent = metric of the model fitted and evaluated on all rows; for each
 *   of B bootstrap samples (rows drawn with replacement, seeded), optimism_b =
 *   metric(model_b on the bootstrap sample) - metric(model_b on the original
 *   rows); corrected = apparent - mean(optimism_b). Harrell FE, Lee KL, Mark DB
 *   (1996) Stat Med 15:361-387; Harrell FE (2015) Regression Modeling
 *   Strategies, 2nd ed., section 5.3.5. Default B = 200.
 * - {@link crossValidatePerformance}: k-fold cross-validation; each fold's
 *   model is fitted on the other folds and scored on the fold; reports the
 *   per-fold metrics and their mean (folds seeded as `shuffle(rep(1..k))`).
 *
 * Randomness only through util/random.ts (same seed, same result everywhere).
 */
import { UsageError } from '../../../util/errors.js';
import { randomInt, seededRandom } from '../../../util/random.js';
import { noProgress, type ProgressCallback } from '../../../util/progress.js';
import { randomFolds } from '../cv-coxnet.js';

/** A model-fitting procedure on row subsets (rows index the caller's data; may repeat). */
export interface Learner<M> {
  fit(rows: Int32Array): M;
  /** Predictions (e.g. risk scores) for the given rows, in that order. */
  predict(model: M, rows: Int32Array): Float64Array;
}

/** A performance measure of predictions for the given rows (larger or smaller = better, as the metric defines). */
export type Metric = (predictions: Float64Array, rows: Int32Array) => number;

/** Options of {@link bootstrapOptimism}. */
export interface BootstrapOptions {
  /** Bootstrap replicates. Default 200. */
  B?: number;
  /** Seed. Default 1. */
  seed?: number;
  /** Called after the apparent fit and after each replicate (step 'bootstrap', total B). */
  onProgress?: ProgressCallback;
}

/** Result of {@link bootstrapOptimism}. */
export interface OptimismResult {
  apparent: number;
  /** Mean optimism over the replicates that gave finite values. */
  optimism: number;
  corrected: number;
  /** Per-replicate optimism (NaN when the replicate failed). */
  optimismByReplicate: Float64Array;
  /** Replicates used (finite optimism). */
  used: number;
  warnings: string[];
}

/**
 * Harrell's bootstrap optimism correction.
 * @param n number of rows
 * @example bootstrapOptimism(n, coxLearner, (p, rows) => harrellC(sub(time, rows), sub(status, rows), p).c, { B: 200, seed: 1 })
 */
export function bootstrapOptimism<M>(n: number, learner: Learner<M>, metric: Metric, options: BootstrapOptions = {}): OptimismResult {
  const B = options.B ?? 200;
  if (!(Number.isInteger(B) && B >= 1)) throw new UsageError(`bootstrapOptimism: B must be a positive integer, got ${B}`);
  if (!(Number.isInteger(n) && n >= 2)) throw new UsageError(`bootstrapOptimism: n must be an integer >= 2, got ${n}`);
  const rand = seededRandom(options.seed ?? 1);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const full = learner.fit(all);
  const apparent = metric(learner.predict(full, all), all);
  const opt = new Float64Array(B);
  const warnings: string[] = [];
  const progress = options.onProgress ?? noProgress;
  progress({ step: 'bootstrap', done: 0, total: B });
  let sum = 0;
  let used = 0;
  for (let b = 0; b < B; b++) {
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = randomInt(rand, n);
    let o = NaN;
    try {
      const m = learner.fit(rows);
      o = metric(learner.predict(m, rows), rows) - metric(learner.predict(m, all), all);
    } catch (e) {
      warnings.push(`replicate ${b + 1}: ${(e as Error).message}`);
    }
    opt[b] = o;
    if (Number.isFinite(o)) {
      sum += o;
      used++;
    }
    progress({ step: 'bootstrap', done: b + 1, total: B });
  }
  if (used < B) warnings.push(`${B - used} of ${B} bootstrap replicates failed or gave a non-finite metric and were left out`);
  const optimism = used ? sum / used : NaN;
  return { apparent, optimism, corrected: apparent - optimism, optimismByReplicate: opt, used, warnings };
}

/** Options of {@link crossValidatePerformance}. */
export interface CrossValidationOptions {
  /** Number of folds. Default 10. */
  k?: number;
  /** Seed of the fold assignment. Default 1. */
  seed?: number;
  /** Explicit folds (1..K per row); overrides k and seed. */
  foldid?: ArrayLike<number>;
  /** Called after each fold (step 'cross-validation', total K). */
  onProgress?: ProgressCallback;
}

/** Result of {@link crossValidatePerformance}. */
export interface CrossValidationResult {
  byFold: Float64Array;
  mean: number;
  /** Standard deviation of the fold metrics / sqrt(K). */
  se: number;
  foldid: Int32Array;
}

/**
 * K-fold cross-validated performance.
 * @example crossValidatePerformance(n, learner, metric, { k: 5, seed: 3 }).mean
 */
export function crossValidatePerformance<M>(n: number, learner: Learner<M>, metric: Metric, options: CrossValidationOptions = {}): CrossValidationResult {
  const foldid = options.foldid ? Int32Array.from(options.foldid) : randomFolds(n, options.k ?? 10, options.seed ?? 1);
  if (foldid.length !== n) throw new UsageError(`crossValidatePerformance: foldid has length ${foldid.length}, expected ${n}`);
  let K = 0;
  for (const f of foldid) K = Math.max(K, f);
  if (K < 2) throw new UsageError('crossValidatePerformance: need at least 2 folds');
  const byFold = new Float64Array(K);
  for (let k = 1; k <= K; k++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (foldid[i] === k ? test : train).push(i);
    const te = Int32Array.from(test);
    const m = learner.fit(Int32Array.from(train));
    byFold[k - 1] = metric(learner.predict(m, te), te);
    options.onProgress?.({ step: 'cross-validation', done: k, total: K });
  }
  let mean = 0;
  for (const v of byFold) mean += v;
  mean /= K;
  let ss = 0;
  for (const v of byFold) ss += (v - mean) ** 2;
  return { byFold, mean, se: Math.sqrt(ss / (K - 1) / K), foldid };
}

/** Values of `a` at `rows` (a helper for metrics on row subsets). */
export function takeRows(a: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = a[rows[r]!]!;
  return out;
}
