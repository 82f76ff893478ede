/**
 * Partitioning around medoids (k-medoids): the BUILD and SWAP phases of
 * Kaufman and Rousseeuw, as R's cluster::pam (default `pamonce = FALSE`): each
 * SWAP step applies the single best medoid/non-medoid exchange while it lowers
 * the total dissimilarity. The numeric core (fastpam.ts) evaluates SWAP the
 * FastPAM1 way (all k exchanges per candidate in one pass), with the same
 * floating-point sums as the classic loop, hence the same medoids; it takes a
 * full or a condensed matrix (n = 10^4 DTW courses: 400 MB condensed).
 *
 * Reference: Kaufman L, Rousseeuw PJ (1990) Finding Groups in Data, Wiley, ch. 2;
 * Maechler M et al. cluster: Cluster Analysis Basics and Extensions (R package);
 * Schubert E, Rousseeuw PJ (2021) Fast and eager k-medoids clustering, Information Systems 101:101804.
 */
import { UsageError } from '../../util/errors.js';
import type { ProgressCallback } from '../../util/progress.js';
import { checkAnyDissimilarity, type AnyDissimilarity } from './dissimilarity.js';
import { fastPamBuild, fastPamSwap } from './fastpam.js';
import { checkInteger } from './matrix.js';

/** Options of {@link pam}. */
export interface PamOptions {
  /** Cap on SWAP exchanges (default 1000; cluster::pam has none). */
  maxIter?: number;
  /** Initial medoids (0-based), skipping BUILD (as `pam(medoids = )`). */
  initialMedoids?: readonly number[];
  /** Progress: steps 'pam build' (done of k) and 'pam swap' (exchanges so far; total null). Default none. */
  onProgress?: ProgressCallback;
}

/** Result of {@link pam}. */
export interface PamResult {
  /** 0-based medoid indices, cluster c has medoid `medoids[c]`. Clusters are numbered by first appearance in the data (as cluster::pam). */
  medoids: Int32Array;
  /** 0-based cluster of each object. */
  labels: Int32Array;
  /** Mean dissimilarity to the nearest medoid after BUILD and after SWAP (cluster::pam `objective`). */
  objective: { build: number; swap: number };
  /** Number of exchanges made in SWAP. */
  iterations: number;
  converged: boolean;
  warnings: string[];
}

/**
 * BUILD: greedy choice of k medoids, each maximizing the decrease of total dissimilarity.
 * @throws UsageError on a bad matrix or k.
 * @example pamBuild(euclideanDissimilarity([[0], [1], [10]]), 2) // => [1, 2]
 */
export function pamBuild(diss: AnyDissimilarity, k: number): number[] {
  checkAnyDissimilarity(diss);
  checkInteger('k', k, 1, diss.n);
  return fastPamBuild(diss, k);
}

/**
 * k-medoids clustering by BUILD + SWAP on a dissimilarity matrix.
 * @param diss symmetric dissimilarities, full ({@link dissimilarityFrom}) or condensed
 *   ({@link condensedFrom}, `dtwMatrix`); only the upper triangle of a full matrix is read
 *   by BUILD and SWAP.
 * @param k number of clusters, 1 <= k <= n.
 * @throws UsageError on bad k or initial medoids.
 * @example pam(euclideanDissimilarity(rows), 3).medoids
 */
export function pam(diss: AnyDissimilarity, k: number, options: PamOptions = {}): PamResult {
  checkAnyDissimilarity(diss);
  const n = diss.n;
  checkInteger('k', k, 1, n);
  const maxIter = options.maxIter ?? 1000;
  checkInteger('maxIter', maxIter, 0);
  let medoids: number[];
  if (options.initialMedoids) {
    medoids = [...options.initialMedoids];
    if (medoids.length !== k || new Set(medoids).size !== k || medoids.some((m) => !Number.isInteger(m) || m < 0 || m >= n)) {
      throw new UsageError(`initialMedoids must be ${k} distinct indices in 0..${n - 1}, got [${medoids.join(', ')}]`);
    }
  } else {
    medoids = fastPamBuild(diss, k, options.onProgress);
  }
  const swap = fastPamSwap(diss, medoids, maxIter, options.onProgress);
  const { which, total } = swap.distances;
  const { iterations, converged } = swap;
  // Number clusters by first appearance of their members in the data.
  const order: number[] = [];
  const seen = new Int32Array(k).fill(-1);
  for (let j = 0; j < n; j++) {
    const c = which[j] as number;
    if (seen[c] === -1) { seen[c] = order.length; order.push(c); }
  }
  const labels = new Int32Array(n);
  for (let j = 0; j < n; j++) labels[j] = seen[which[j] as number] as number;
  const outMed = new Int32Array(k);
  for (let c = 0; c < k; c++) outMed[seen[c] as number] = medoids[c] as number;
  const warnings = converged ? [] : [`pam: SWAP stopped after maxIter = ${maxIter} exchanges before convergence`];
  return { medoids: outMed, labels, objective: { build: swap.initialTotal / n, swap: total / n }, iterations, converged, warnings };
}
