/**
 * One-call conveniences over the LDLᵀ routines: solve and invert a symmetric
 * non-negative definite matrix, reporting which columns were singular.
 *
 * Reference: Therneau T. survival package, `src/cholesky2.c`, `chsolve2.c`, `chinv2.c`.
 */
import { choleskyLdl, DEFAULT_TOLER_CHOL } from './cholesky.js';
import { choleskySolve } from './cholesky-solve.js';
import { choleskyInverse } from './cholesky-inverse.js';

/**
 * Solve `A x = b` for symmetric `A` (row-major `n × n`); singular columns get 0.
 *
 * @param a symmetric matrix (upper triangle read), not modified.
 * @param b right-hand side, length `n`, not modified.
 * @param toler relative singularity tolerance (default {@link DEFAULT_TOLER_CHOL}).
 * @returns the solution, the rank and the singular-column flags.
 * @throws RangeError on mismatched dimensions.
 * @example solveSymmetric(Float64Array.of(2, 0, 0, 4), Float64Array.of(2, 2)).x // => [1, 0.5]
 */
export function solveSymmetric(
  a: Float64Array,
  b: Float64Array,
  toler: number = DEFAULT_TOLER_CHOL,
): { x: Float64Array; rank: number; singular: Uint8Array } {
  const n = b.length;
  const f = choleskyLdl(a, n, toler);
  return { x: choleskySolve(f, b), rank: f.rank, singular: f.singular };
}

/**
 * Invert symmetric `A` (row-major `n × n`); singular rows/columns are 0.
 *
 * @param a symmetric matrix (upper triangle read), not modified.
 * @param n dimension.
 * @param toler relative singularity tolerance (default {@link DEFAULT_TOLER_CHOL}).
 * @returns the inverse, the rank and the singular-column flags.
 * @throws RangeError on mismatched dimensions.
 * @example invertSymmetric(Float64Array.of(2, 0, 0, 4), 2).inverse // => [0.5, 0, 0, 0.25]
 */
export function invertSymmetric(
  a: Float64Array,
  n: number,
  toler: number = DEFAULT_TOLER_CHOL,
): { inverse: Float64Array; rank: number; singular: Uint8Array } {
  const f = choleskyLdl(a, n, toler);
  return { inverse: choleskyInverse(f), rank: f.rank, singular: f.singular };
}
