/**
 * Partitioning around medoids (k-medoids): the BUILD and SWAP phases of
 * Kaufman and Rousseeuw, as R's cluster::pam (default `pamonce = FALSE`): each
 * SWAP step applies the single best medoid/non-medoid exchange while it lowers
 * the total dissimilarity.
 *
 * Reference: Kaufman L, Rousseeuw PJ (1990) Finding Groups in Data, Wiley, ch. 2;
 * Maechler M et al. cluster: Cluster Analysis Basics and Extensions (R package).
 */
import { UsageError } from '../../util/errors.js';
import { checkDissimilarity, type Dissimilarity } from './dissimilarity.js';
import { checkInteger } from './matrix.js';

/** Options of {@link pam}. */
export interface PamOptions {
  /** Cap on SWAP exchanges (default 1000; cluster::pam has none). */
  maxIter?: number;
  /** Initial medoids (0-based), skipping BUILD (as `pam(medoids = )`). */
  initialMedoids?: readonly number[];
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

function nearestTwo(diss: Float64Array, n: number, medoids: readonly number[], nearest: Float64Array, second: Float64Array, which: Int32Array): number {
  let total = 0;
  for (let j = 0; j < n; j++) {
    let d1 = Infinity;
    let d2 = Infinity;
    let w = -1;
    for (let c = 0; c < medoids.length; c++) {
      const v = diss[j * n + (medoids[c] as number)] as number;
      // A medoid always belongs to its own cluster, even when another medoid is at distance 0.
      if (medoids[c] === j) { if (w >= 0) d2 = Math.min(d2, d1); d1 = 0; w = c; continue; }
      if (w >= 0 && medoids[w] === j) { if (v < d2) d2 = v; continue; }
      if (v < d1) { d2 = d1; d1 = v; w = c; } else if (v < d2) d2 = v;
    }
    nearest[j] = d1;
    second[j] = d2;
    which[j] = w;
    total += d1;
  }
  return total;
}

/** BUILD: greedy choice of k medoids, each maximizing the decrease of total dissimilarity. */
export function pamBuild(diss: Dissimilarity, k: number): number[] {
  const { n, data } = diss;
  const medoids: number[] = [];
  const isMed = new Uint8Array(n);
  const nearest = new Float64Array(n).fill(Infinity);
  for (let step = 0; step < k; step++) {
    let best = -1;
    let bestGain = -Infinity;
    for (let i = 0; i < n; i++) {
      if (isMed[i]) continue;
      let gain = 0;
      for (let j = 0; j < n; j++) {
        const dj = nearest[j] as number;
        const dij = data[i * n + j] as number;
        // First medoid: minimize total dissimilarity (gain = -sum d(i, j)).
        gain += dj === Infinity ? -dij : Math.max(dj - dij, 0);
      }
      if (gain > bestGain) { bestGain = gain; best = i; }
    }
    medoids.push(best);
    isMed[best] = 1;
    for (let j = 0; j < n; j++) nearest[j] = Math.min(nearest[j] as number, data[best * n + j] as number);
  }
  return medoids;
}

/**
 * k-medoids clustering by BUILD + SWAP on a dissimilarity matrix.
 * @param diss full symmetric dissimilarities ({@link dissimilarityFrom}).
 * @param k number of clusters, 1 <= k <= n.
 * @throws UsageError on bad k or initial medoids.
 * @example pam(euclideanDissimilarity(rows), 3).medoids
 */
export function pam(diss: Dissimilarity, k: number, options: PamOptions = {}): PamResult {
  checkDissimilarity(diss);
  const { n, data } = diss;
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
    medoids = pamBuild(diss, k);
  }
  const nearest = new Float64Array(n);
  const second = new Float64Array(n);
  const which = new Int32Array(n);
  let total = nearestTwo(data, n, medoids, nearest, second, which);
  const buildObjective = total / n;
  const isMed = new Uint8Array(n);
  for (const m of medoids) isMed[m] = 1;
  let iterations = 0;
  let converged = false;
  for (;;) {
    let bestDelta = 0;
    let bestC = -1;
    let bestH = -1;
    for (let c = 0; c < k; c++) {
      for (let h = 0; h < n; h++) {
        if (isMed[h]) continue;
        let delta = 0;
        for (let j = 0; j < n; j++) {
          const dh = data[h * n + j] as number;
          const keep = which[j] === c ? (second[j] as number) : (nearest[j] as number);
          delta += Math.min(dh, keep) - (nearest[j] as number);
        }
        if (delta < bestDelta) { bestDelta = delta; bestC = c; bestH = h; }
      }
    }
    // Exchange only on a real decrease (relative guard against rounding, as cluster's pam.c).
    if (bestC < 0 || !(bestDelta < -1e-12 * Math.max(1, total))) { converged = true; break; }
    if (iterations >= maxIter) break;
    isMed[medoids[bestC] as number] = 0;
    medoids[bestC] = bestH;
    isMed[bestH] = 1;
    total = nearestTwo(data, n, medoids, nearest, second, which);
    iterations++;
  }
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
  return { medoids: outMed, labels, objective: { build: buildObjective, swap: total / n }, iterations, converged, warnings };
}
