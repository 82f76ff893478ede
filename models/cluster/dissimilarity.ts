/**
 * Dissimilarity matrices: a full symmetric n x n Float64Array with zero
 * diagonal, built once from points or from any pairwise distance function.
 * Memory is 8 n^2 bytes (n = 5,000 -> 200 MB): for larger n use {@link clara}.
 */
import { UsageError } from '../../util/errors.js';
import { squaredDistance, toRowMatrix, type PointsInput } from './matrix.js';

/** A symmetric dissimilarity matrix, row-major `data[i * n + j]`. */
export interface Dissimilarity {
  readonly n: number;
  readonly data: Float64Array;
}

/**
 * Builds a dissimilarity matrix from a pairwise function (called once per
 * unordered pair i < j). Throws UsageError on a negative, NaN or infinite value
 * (an infinite DTW distance means the window left no warping path).
 * @example dissimilarityFrom(3, (i, j) => Math.abs(i - j))
 */
export function dissimilarityFrom(n: number, distance: (i: number, j: number) => number): Dissimilarity {
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`n must be a positive integer, got ${n}`);
  const data = new Float64Array(n * n);
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = distance(i, j);
      if (!(v >= 0) || v === Infinity) throw new UsageError(`dissimilarity(${i}, ${j}) = ${v}: must be a finite non-negative number`);
      data[i * n + j] = v;
      data[j * n + i] = v;
    }
  }
  return { n, data };
}

/** Euclidean dissimilarities between rows (as R's `dist(x)`). */
export function euclideanDissimilarity(points: PointsInput): Dissimilarity {
  const m = toRowMatrix(points);
  return dissimilarityFrom(m.nrow, (i, j) => Math.sqrt(squaredDistance(m.data, i, m.data, j, m.ncol)));
}

/** Validates a user-supplied dissimilarity object. */
export function checkDissimilarity(diss: Dissimilarity): void {
  if (!Number.isInteger(diss.n) || diss.n < 1 || diss.data.length !== diss.n * diss.n) {
    throw new UsageError(`dissimilarity: data length ${diss.data.length} does not match n = ${diss.n}`);
  }
}
