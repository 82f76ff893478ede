/**
 * Dissimilarity matrices, in two layouts:
 * - full: a symmetric n x n Float64Array with zero diagonal (8 n^2 bytes;
 *   n = 5,000 -> 200 MB), accepted by every clustering function;
 * - condensed: the strict upper triangle only, row by row, as R's `dist`
 *   objects store the lower triangle column by column (the same order):
 *   pair i < j sits at `i n - i (i + 1) / 2 + j - i - 1`. n (n - 1) / 2 values,
 *   Float64 (n = 10,000 -> 400 MB) or Float32 (200 MB); accepted by {@link pam}
 *   and built in parallel for DTW by `dtwMatrix` (dtw-matrix.ts).
 */
import { UsageError } from '../../util/errors.js';
import { squaredDistance, toRowMatrix, type PointsInput } from './matrix.js';

/** A symmetric dissimilarity matrix, row-major `data[i * n + j]`. */
export interface Dissimilarity {
  readonly n: number;
  readonly data: Float64Array;
}

/** A symmetric dissimilarity matrix stored as its strict upper triangle (R's `dist` order). */
export interface CondensedDissimilarity {
  readonly layout: 'condensed';
  readonly n: number;
  /** Pair i < j at {@link condensedIndex}(n, i, j); length n (n - 1) / 2. */
  readonly data: Float64Array | Float32Array;
}

/** Either layout; see the module comment. */
export type AnyDissimilarity = Dissimilarity | CondensedDissimilarity;

/** True for the condensed layout. */
export function isCondensed(diss: AnyDissimilarity): diss is CondensedDissimilarity {
  return (diss as { layout?: string }).layout === 'condensed';
}

/**
 * Position of pair (i, j), i != j, in a condensed matrix of n objects.
 * @example condensedIndex(4, 1, 3) // => 4
 */
export function condensedIndex(n: number, i: number, j: number): number {
  if (i > j) { const t = i; i = j; j = t; }
  return i * n - (i * (i + 1)) / 2 + j - i - 1;
}

/**
 * Offset of row i in a matrix stored row by row: element (i, j), i < j, is at
 * `rowOffset(i) + j` (full: i n; condensed: i n - i (i + 1) / 2 - i - 1).
 * The clustering cores walk pairs in storage order through this.
 */
export function rowOffset(diss: AnyDissimilarity, i: number): number {
  const n = diss.n;
  return isCondensed(diss) ? i * n - (i * (i + 1)) / 2 - i - 1 : i * n;
}

/**
 * Dissimilarity of objects i and j (0 on the diagonal), for either layout.
 * @example dissimilarityValue(d, 0, 2)
 */
export function dissimilarityValue(diss: AnyDissimilarity, i: number, j: number): number {
  if (i === j) return 0;
  return isCondensed(diss) ? (diss.data[condensedIndex(diss.n, i, j)] as number) : (diss.data[i * diss.n + j] as number);
}

/** Options of {@link condensedFrom}. */
export interface CondensedOptions {
  /** Storage precision (default 'float64'; 'float32' halves memory, rounding each value to single precision). */
  precision?: 'float64' | 'float32';
}

/**
 * Builds a condensed dissimilarity matrix from a pairwise function, called as
 * `distance(j, i)` with i < j (larger index first, as {@link dissimilarityFrom}
 * does, so asymmetric-in-rounding distances give the same values).
 * @throws UsageError on a negative, NaN or infinite value.
 * @example condensedFrom(3, (i, j) => Math.abs(i - j)).data // => Float64Array [1, 2, 1]
 */
export function condensedFrom(n: number, distance: (i: number, j: number) => number, options: CondensedOptions = {}): CondensedDissimilarity {
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`n must be a positive integer, got ${n}`);
  const data = allocateCondensed(n, options.precision ?? 'float64', false);
  let p = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = distance(j, i);
      if (!(v >= 0) || v === Infinity) throw new UsageError(`dissimilarity(${j}, ${i}) = ${v}: must be a finite non-negative number`);
      data[p++] = v;
    }
  }
  return { layout: 'condensed', n, data };
}

/**
 * Allocates the storage of a condensed matrix of n objects, optionally on a
 * SharedArrayBuffer (for worker threads).
 * @throws UsageError when n (n - 1) / 2 values exceed the typed-array limit.
 */
export function allocateCondensed(n: number, precision: 'float64' | 'float32', shared: boolean): Float64Array | Float32Array {
  if (precision !== 'float64' && precision !== 'float32') throw new UsageError(`precision must be 'float64' or 'float32', got ${String(precision)}`);
  const len = (n * (n - 1)) / 2;
  const bytes = precision === 'float64' ? 8 : 4;
  if (len * bytes > 2 ** 53 || len > 2 ** 32) throw new UsageError(`condensed matrix of n = ${n} objects is too large (${len} values)`);
  const buffer = shared ? new SharedArrayBuffer(len * bytes) : new ArrayBuffer(len * bytes);
  return precision === 'float64' ? new Float64Array(buffer) : new Float32Array(buffer);
}

/** Condensed copy of a full matrix (upper triangle; the matrix is assumed symmetric). */
export function toCondensed(diss: Dissimilarity, options: CondensedOptions = {}): CondensedDissimilarity {
  checkDissimilarity(diss);
  const { n, data } = diss;
  const out = allocateCondensed(n, options.precision ?? 'float64', false);
  let p = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) out[p++] = data[i * n + j] as number;
  return { layout: 'condensed', n, data: out };
}

/** Full copy of a condensed matrix (8 n^2 bytes: for functions that need the full layout, such as silhouette, at moderate n). */
export function toFull(diss: CondensedDissimilarity): Dissimilarity {
  checkAnyDissimilarity(diss);
  const { n, data } = diss;
  const out = new Float64Array(n * n);
  let p = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = data[p++] as number;
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return { n, data: out };
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

/** Validates either layout: n a positive integer and the data length matching it. */
export function checkAnyDissimilarity(diss: AnyDissimilarity): void {
  if (!isCondensed(diss)) { checkDissimilarity(diss); return; }
  if (!Number.isInteger(diss.n) || diss.n < 1 || diss.data.length !== (diss.n * (diss.n - 1)) / 2) {
    throw new UsageError(`condensed dissimilarity: data length ${diss.data.length} does not match n = ${diss.n} (expected n (n - 1) / 2)`);
  }
}

/** Validates a user-supplied full dissimilarity object. */
export function checkDissimilarity(diss: Dissimilarity): void {
  if (!Number.isInteger(diss.n) || diss.n < 1 || diss.data.length !== diss.n * diss.n) {
    throw new UsageError(`dissimilarity: data length ${diss.data.length} does not match n = ${diss.n}`);
  }
}
