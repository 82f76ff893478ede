/**
 * Inverse of a symmetric matrix from its LDLᵀ factor (R survival's `chinv2`).
 * Rows and columns of singular pivots are 0 in the result: this is the
 * generalized inverse `coxph` reports as the variance of a fit with a
 * redundant covariate (R then shows `NA` for that coefficient).
 *
 * Reference: Therneau T. survival package, `src/chinv2.c`.
 */
import type { CholeskyFactor } from './cholesky.js';

/**
 * Full symmetric inverse (row-major `n × n`) from `factor = choleskyLdl(A)`.
 * The factor is not modified.
 *
 * @param factor from {@link choleskyLdl}.
 * @returns a new symmetric matrix; singular rows/columns are 0.
 * @example choleskyInverse(choleskyLdl(Float64Array.of(2, 0, 0, 4), 2)) // => [0.5, 0, 0, 0.25]
 */
export function choleskyInverse(factor: CholeskyFactor): Float64Array {
  const { n } = factor;
  const m = new Float64Array(factor.data);
  // 1. Invert L (unit lower) in place and D on the diagonal.
  for (let i = 0; i < n; i++) {
    const d = m[i * n + i]!;
    if (d > 0) {
      m[i * n + i] = 1 / d;
      for (let j = i + 1; j < n; j++) {
        const lji = -m[j * n + i]!;
        m[j * n + i] = lji;
        for (let k = 0; k < i; k++) m[j * n + k] = m[j * n + k]! + lji * m[i * n + k]!;
      }
    }
  }
  // 2. A⁻¹ = L⁻ᵀ D⁻¹ L⁻¹, accumulated into the upper triangle.
  for (let i = 0; i < n; i++) {
    if (m[i * n + i] === 0) {
      for (let j = 0; j < i; j++) m[j * n + i] = 0;
      for (let j = i; j < n; j++) m[i * n + j] = 0;
      continue;
    }
    for (let j = i + 1; j < n; j++) {
      const t = m[j * n + i]! * m[j * n + j]!;
      m[i * n + j] = t;
      for (let k = i; k < j; k++) m[i * n + k] = m[i * n + k]! + t * m[j * n + k]!;
    }
  }
  // 3. Mirror the upper triangle into the lower one.
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) m[i * n + j] = m[j * n + i]!;
  return m;
}
