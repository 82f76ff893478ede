/**
 * Cluster stability by bootstrap: resample objects with replacement, cluster
 * each resample with the caller's procedure, and compare with the reference
 * clustering restricted to the drawn objects by the adjusted Rand index
 * (duplicates count as separate objects). Mean ARI near 1: stable clusters.
 *
 * Reference: Hennig C (2007) Cluster-wise assessment of cluster stability,
 * Comput Stat Data Anal 52:258-271 (fpc::clusterboot; it reports Jaccard per cluster, we report ARI overall).
 */
import { seededRandom, type RandomSource } from '../../util/random.js';
import { UsageError } from '../../util/errors.js';
import { adjustedRandIndex } from './adjusted-rand.js';
import { checkInteger } from './matrix.js';

/** Options of {@link bootstrapStability}. */
export interface BootstrapStabilityOptions {
  /** Bootstrap resamples (default 50). */
  nBoot?: number;
  seed?: number;
  random?: RandomSource;
}

/** Result of {@link bootstrapStability}. */
export interface BootstrapStabilityResult {
  ari: Float64Array;
  mean: number;
  min: number;
}

/**
 * @param reference labels of the clustering of all n objects.
 * @param cluster clusters the objects with the given (0-based, possibly repeated) indices; returns one label per index.
 * @throws UsageError when `cluster` returns the wrong number of labels.
 * @example bootstrapStability(fit.labels, (idx) => kmeans(Array.from(idx, (i) => rows[i]), 3).labels, { nBoot: 20 })
 */
export function bootstrapStability(reference: ArrayLike<number>, cluster: (indices: Int32Array) => ArrayLike<number>, options: BootstrapStabilityOptions = {}): BootstrapStabilityResult {
  const n = reference.length;
  checkInteger('n', n, 2);
  const nBoot = options.nBoot ?? 50;
  checkInteger('nBoot', nBoot, 1);
  const rand = options.random ?? seededRandom(options.seed ?? 1);
  const ari = new Float64Array(nBoot);
  const ref = new Int32Array(n);
  for (let b = 0; b < nBoot; b++) {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = Math.min(n - 1, Math.floor(rand() * n));
    const labels = cluster(idx);
    if (labels.length !== n) throw new UsageError(`bootstrapStability: cluster returned ${labels.length} labels for ${n} indices`);
    for (let i = 0; i < n; i++) ref[i] = reference[idx[i] as number] as number;
    ari[b] = adjustedRandIndex(ref, labels);
  }
  let s = 0;
  let mn = Infinity;
  for (const v of ari) { s += v; mn = Math.min(mn, v); }
  return { ari, mean: s / nBoot, min: mn };
}
