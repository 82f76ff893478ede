/**
 * Generalized Cholesky (LDLᵀ) factorization of a symmetric, non-negative
 * definite matrix with tolerance-based singularity detection, as in R's
 * survival package (`cholesky2`, used by `coxph` to drop collinear columns).
 *
 * The matrix `A` is written `A = L D Lᵀ` with `L` unit lower triangular and
 * `D` diagonal. A pivot that falls below `toler × max(diag(A))` (or is not
 * finite) marks that column as singular: its `D` entry is set to 0 and the
 * column is skipped, so the remaining columns are factored as if it were
 * absent. Solves and inverses then return 0 for the singular columns, which
 * is how `coxph` reports a redundant covariate (coefficient `NA`).
 *
 * Reference: Therneau T. survival package, `src/cholesky2.c`; Therneau &
 * Grambsch (2000), *Modeling Survival Data*, Appendix.
 */

/**
 * Default singularity tolerance: `.Machine$double.eps^0.75` ≈ 1.82e-12, the
 * default of `toler.chol` in R's `coxph.control`.
 */
export const DEFAULT_TOLER_CHOL: number = Math.pow(Number.EPSILON, 0.75);

/** An LDLᵀ factorization produced by {@link choleskyLdl}. */
export interface CholeskyFactor {
  /** Dimension of the (square) matrix. */
  readonly n: number;
  /**
   * Packed factor, row-major `n × n`: strictly-lower triangle holds `L`
   * (its unit diagonal is implicit), the diagonal holds `D` (0 for singular
   * columns). The upper triangle holds the input's upper triangle unchanged.
   */
  readonly data: Float64Array;
  /** Number of non-singular pivots. */
  readonly rank: number;
  /**
   * False when some pivot was clearly negative (below `-8 × eps`): the input
   * was not non-negative definite (R returns `-rank` in that case).
   */
  readonly nonNegativeDefinite: boolean;
  /** 1 where the column was judged singular (pivot set to 0), else 0. */
  readonly singular: Uint8Array;
  /** The absolute threshold used: `toler × max positive diagonal` (or `toler`). */
  readonly threshold: number;
}

/**
 * Factor a symmetric matrix as `L D Lᵀ` with R survival's `cholesky2` rule for
 * singular pivots. Only the upper triangle (including the diagonal) of `a` is
 * read; `a` is not modified.
 *
 * @param a symmetric matrix, row-major, length `n * n`.
 * @param n dimension.
 * @param toler relative singularity tolerance (default {@link DEFAULT_TOLER_CHOL},
 *   R's `coxph.control(toler.chol = .Machine$double.eps^0.75)`).
 * @throws RangeError when `a.length !== n * n` or `toler` is not positive.
 * @example choleskyLdl(Float64Array.of(4, 2, 2, 3), 2).rank // => 2
 */
export function choleskyLdl(
  a: Float64Array,
  n: number,
  toler: number = DEFAULT_TOLER_CHOL,
): CholeskyFactor {
  const m = new Float64Array(a);
  const res = choleskyLdlInPlace(m, n, toler);
  return res;
}

/**
 * In-place variant of {@link choleskyLdl} for hot loops: overwrites the lower
 * triangle and diagonal of `m` with the factor and returns the factor object
 * that wraps `m` itself (no copy).
 *
 * @param m symmetric matrix, row-major `n × n` (upper triangle read).
 * @param n dimension.
 * @param toler relative singularity tolerance (default {@link DEFAULT_TOLER_CHOL}).
 * @throws RangeError when `m.length !== n * n` or `toler` is not positive.
 */
export function choleskyLdlInPlace(
  m: Float64Array,
  n: number,
  toler: number = DEFAULT_TOLER_CHOL,
): CholeskyFactor {
  if (!Number.isInteger(n) || n < 0 || m.length !== n * n) {
    throw new RangeError(`choleskyLdl: matrix of length ${m.length} is not ${n} x ${n}`);
  }
  if (!(toler > 0)) throw new RangeError(`choleskyLdl: toler must be > 0, got ${toler}`);
  // Threshold relative to the largest positive diagonal; mirror upper -> lower.
  let eps = 0;
  for (let i = 0; i < n; i++) {
    const d = m[i * n + i]!;
    if (d > eps) eps = d;
    for (let j = i + 1; j < n; j++) m[j * n + i] = m[i * n + j]!;
  }
  eps = eps === 0 ? toler : eps * toler;

  const singular = new Uint8Array(n);
  let rank = 0;
  let nonneg = true;
  for (let i = 0; i < n; i++) {
    const pivot = m[i * n + i]!;
    if (!Number.isFinite(pivot) || pivot < eps) {
      m[i * n + i] = 0;
      singular[i] = 1;
      if (pivot < -8 * eps) nonneg = false;
      continue;
    }
    rank++;
    for (let j = i + 1; j < n; j++) {
      const t = m[j * n + i]! / pivot;
      m[j * n + i] = t;
      m[j * n + j] = m[j * n + j]! - t * t * pivot;
      for (let k = j + 1; k < n; k++) m[k * n + j] = m[k * n + j]! - t * m[k * n + i]!;
    }
  }
  return { n, data: m, rank, nonNegativeDefinite: nonneg, singular, threshold: eps };
}
