/**
 * Input handling shared by the clustering cores: rows of numbers become one
 * row-major Float64Array, validated once (finite values, equal lengths).
 */
import { UsageError } from '../../util/errors.js';

/** A dense row-major matrix: element (i, j) is `data[i * ncol + j]`. */
export interface RowMatrix {
  readonly data: Float64Array;
  readonly nrow: number;
  readonly ncol: number;
}

/** Points as rows (`points[i][j]` = coordinate j of point i) or an already packed matrix. */
export type PointsInput = readonly (readonly number[])[] | RowMatrix;

/**
 * Packs and validates points. Throws UsageError on ragged rows, no rows, or
 * non-finite values (clustering has no missing-data model: drop or impute first).
 */
export function toRowMatrix(points: PointsInput, what = 'points'): RowMatrix {
  if (!Array.isArray(points)) {
    const m = points as RowMatrix;
    if (m.data.length !== m.nrow * m.ncol) throw new UsageError(`${what}: data length ${m.data.length} != nrow*ncol ${m.nrow * m.ncol}`);
    for (let i = 0; i < m.data.length; i++) {
      if (!Number.isFinite(m.data[i] as number)) throw new UsageError(`${what}: non-finite value ${m.data[i]} at row ${Math.floor(i / m.ncol) + 1}`);
    }
    return m;
  }
  const rows = points as readonly (readonly number[])[];
  const nrow = rows.length;
  if (nrow === 0) throw new UsageError(`${what}: no rows`);
  const ncol = (rows[0] as readonly number[]).length;
  if (ncol === 0) throw new UsageError(`${what}: rows have no columns`);
  const data = new Float64Array(nrow * ncol);
  for (let i = 0; i < nrow; i++) {
    const r = rows[i] as readonly number[];
    if (r.length !== ncol) throw new UsageError(`${what}: row ${i + 1} has ${r.length} values, expected ${ncol}`);
    for (let j = 0; j < ncol; j++) {
      const v = r[j] as number;
      if (!Number.isFinite(v)) throw new UsageError(`${what}: non-finite value ${v} at row ${i + 1}, column ${j + 1}`);
      data[i * ncol + j] = v;
    }
  }
  return { data, nrow, ncol };
}

/** Squared Euclidean distance between row i of `a` and row j of `b` (same ncol). */
export function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, ncol: number): number {
  let s = 0;
  const oi = i * ncol;
  const oj = j * ncol;
  for (let c = 0; c < ncol; c++) {
    const d = (a[oi + c] as number) - (b[oj + c] as number);
    s += d * d;
  }
  return s;
}

/** Checks an integer option lies in [lo, hi]. */
export function checkInteger(name: string, value: number, lo: number, hi = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw new UsageError(`${name} must be an integer in [${lo}, ${hi}], got ${value}`);
  }
}

/** Checks a positive finite number option. */
export function checkPositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new UsageError(`${name} must be a positive number, got ${value}`);
}
