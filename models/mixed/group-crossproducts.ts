/**
 * The cross-products a linear mixed model with one grouping factor needs, per
 * group: with `q` random effects per group, `Z'Z` is block diagonal, so the
 * profiled deviance needs only, for each group j, `Z_j'Z_j` (q x q),
 * `Z_j'X_j` (q x p) and `Z_j'y_j` (q), plus `X'X`, `X'y` and `y'y` (Bates et
 * al. 2015, J Stat Softw 67(1), section 3.2: the blocks of eq. 18). One pass
 * over the rows, O(n (q + p)^2); every later evaluation of the deviance costs
 * O(J q^2 (q + p) + p^3), independent of n.
 *
 * Hand-written on typed arrays for speed (the deviance is evaluated hundreds
 * of times per fit).
 */
import { UsageError } from '../../util/errors.js';

/** Input of {@link groupCrossproducts}: the model's arrays, column-major. */
export interface LmmArrays {
  /** Response, length n. */
  readonly y: Float64Array;
  /** Fixed-effects design columns (p of them), each length n. */
  readonly x: readonly Float64Array[];
  /** Random-effects design columns (q of them), each length n. */
  readonly z: readonly Float64Array[];
  /** Group (0-based, < nGroups) of each row. */
  readonly group: Int32Array;
  /** Number of groups J. */
  readonly nGroups: number;
}

/** Cross-products by group (all matrices row-major). */
export interface GroupCrossproducts {
  readonly n: number;
  readonly p: number;
  readonly q: number;
  readonly nGroups: number;
  /** Rows per group. */
  readonly groupSize: Int32Array;
  /** `Z_j'Z_j`, J blocks of q*q. */
  readonly ztz: Float64Array;
  /** `Z_j'X_j`, J blocks of q*p. */
  readonly ztx: Float64Array;
  /** `Z_j'y_j`, J blocks of q. */
  readonly zty: Float64Array;
  /** `X'X`, p*p. */
  readonly xtx: Float64Array;
  /** `X'y`, p. */
  readonly xty: Float64Array;
  /** `y'y`. */
  readonly yty: number;
}

/**
 * Accumulates the per-group cross-products of a one-grouping-factor LMM.
 * @throws UsageError when columns differ in length or a group code is out of range.
 * @example groupCrossproducts({ y, x: [ones, time], z: [ones, time], group, nGroups: 18 }).ztz.length // => 18 * 4
 */
export function groupCrossproducts(a: LmmArrays): GroupCrossproducts {
  const n = a.y.length;
  const p = a.x.length;
  const q = a.z.length;
  const J = a.nGroups;
  for (const c of [...a.x, ...a.z]) if (c.length !== n) throw new UsageError(`design column of length ${c.length}, expected ${n}`);
  if (a.group.length !== n) throw new UsageError(`group codes of length ${a.group.length}, expected ${n}`);
  const ztz = new Float64Array(J * q * q);
  const ztx = new Float64Array(J * q * p);
  const zty = new Float64Array(J * q);
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const groupSize = new Int32Array(J);
  const xi = new Float64Array(p);
  const zi = new Float64Array(q);
  let yty = 0;
  for (let i = 0; i < n; i++) {
    const g = a.group[i]!;
    if (!(g >= 0 && g < J)) throw new UsageError(`group code ${g} of row ${i} outside 0..${J - 1}`);
    groupSize[g]!++;
    const yi = a.y[i]!;
    for (let c = 0; c < p; c++) xi[c] = a.x[c]![i]!;
    for (let r = 0; r < q; r++) zi[r] = a.z[r]![i]!;
    yty += yi * yi;
    for (let r = 0; r < p; r++) {
      const v = xi[r]!;
      xty[r]! += v * yi;
      const row = r * p;
      for (let c = 0; c <= r; c++) xtx[row + c]! += v * xi[c]!;
    }
    const bq = g * q;
    const bqq = bq * q;
    const bqp = bq * p;
    for (let r = 0; r < q; r++) {
      const v = zi[r]!;
      zty[bq + r]! += v * yi;
      const rowZ = bqq + r * q;
      for (let c = 0; c <= r; c++) ztz[rowZ + c]! += v * zi[c]!;
      const rowX = bqp + r * p;
      for (let c = 0; c < p; c++) ztx[rowX + c]! += v * xi[c]!;
    }
  }
  // Fill the upper triangles.
  for (let r = 0; r < p; r++) for (let c = r + 1; c < p; c++) xtx[r * p + c] = xtx[c * p + r]!;
  for (let g = 0; g < J; g++) {
    const b = g * q * q;
    for (let r = 0; r < q; r++) for (let c = r + 1; c < q; c++) ztz[b + r * q + c] = ztz[b + c * q + r]!;
  }
  return { n, p, q, nGroups: J, groupSize, ztz, ztx, zty, xtx, xty, yty };
}
