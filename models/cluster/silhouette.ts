/**
 * Silhouette widths, as R's cluster::silhouette: for object i in cluster A,
 * a(i) = mean dissimilarity to the other members of A, b(i) = smallest mean
 * dissimilarity to the members of another cluster, s(i) = (b - a) / max(a, b);
 * s(i) = 0 for a singleton cluster.
 *
 * Reference: Rousseeuw PJ (1987) Silhouettes, J Comput Appl Math 20:53-65.
 */
import { UsageError } from '../../util/errors.js';
import { checkAnyDissimilarity, rowOffset, type AnyDissimilarity } from './dissimilarity.js';

/** Result of {@link silhouette}. */
export interface SilhouetteResult {
  /** s(i) per object. */
  widths: Float64Array;
  /** Neighbour cluster (the one achieving b(i)), 0-based label. */
  neighbor: Int32Array;
  /** Mean width per cluster label 0..K-1 (NaN for an absent label). */
  clusterAverage: Float64Array;
  /** Mean of all widths. */
  average: number;
}

/**
 * Silhouette of a clustering. One pass over the stored pairs (i < j) in
 * storage order accumulates each object's dissimilarity sums per cluster
 * (n x K doubles), so a condensed matrix of 10^4 objects needs no full copy;
 * the sums are added in the order j = 0..n-1 for every object, as a row scan
 * would, so both layouts give the same widths.
 * @param diss dissimilarities, full or condensed (of a full matrix the upper triangle is read: it must be symmetric, as R's `dist`).
 * @param labels 0-based cluster labels; at least 2 distinct clusters.
 * @throws UsageError for a length mismatch, negative labels or fewer than 2 clusters.
 * @example silhouette(euclideanDissimilarity(rows), pam(d, 2).labels).average
 */
export function silhouette(diss: AnyDissimilarity, labels: ArrayLike<number>): SilhouetteResult {
  checkAnyDissimilarity(diss);
  const { n, data } = diss;
  if (labels.length !== n) throw new UsageError(`silhouette: ${labels.length} labels for ${n} objects`);
  let K = 0;
  for (let i = 0; i < n; i++) {
    const l = labels[i] as number;
    if (!Number.isInteger(l) || l < 0) throw new UsageError(`silhouette: label ${l} at ${i} is not a non-negative integer`);
    K = Math.max(K, l + 1);
  }
  const size = new Int32Array(K);
  for (let i = 0; i < n; i++) size[labels[i] as number] = (size[labels[i] as number] as number) + 1;
  let present = 0;
  for (let c = 0; c < K; c++) if ((size[c] as number) > 0) present++;
  if (present < 2) throw new UsageError('silhouette: needs at least 2 clusters');
  const widths = new Float64Array(n);
  const neighbor = new Int32Array(n);
  const sums = new Float64Array(n * K);
  for (let i = 0; i < n - 1; i++) {
    const li = labels[i] as number;
    const off = rowOffset(diss, i);
    for (let j = i + 1; j < n; j++) {
      const v = data[off + j] as number;
      sums[i * K + (labels[j] as number)]! += v;
      sums[j * K + li]! += v;
    }
  }
  for (let i = 0; i < n; i++) {
    const own = labels[i] as number;
    let b = Infinity;
    let nb = -1;
    for (let c = 0; c < K; c++) {
      if (c === own || size[c] === 0) continue;
      const v = (sums[i * K + c] as number) / (size[c] as number);
      if (v < b) { b = v; nb = c; }
    }
    neighbor[i] = nb;
    if (size[own] === 1) { widths[i] = 0; continue; }
    const a = (sums[i * K + own] as number) / ((size[own] as number) - 1);
    const mx = Math.max(a, b);
    widths[i] = mx > 0 ? (b - a) / mx : 0;
  }
  const clusterAverage = new Float64Array(K);
  let total = 0;
  for (let i = 0; i < n; i++) {
    clusterAverage[labels[i] as number] = (clusterAverage[labels[i] as number] as number) + (widths[i] as number);
    total += widths[i] as number;
  }
  for (let c = 0; c < K; c++) clusterAverage[c] = size[c] === 0 ? NaN : (clusterAverage[c] as number) / (size[c] as number);
  return { widths, neighbor, clusterAverage, average: total / n };
}
