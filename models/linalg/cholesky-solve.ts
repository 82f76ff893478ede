/**
 * Solve `A x = b` from an LDLᵀ factor of `A` (R survival's `chsolve2`).
 * Components belonging to singular columns are set to 0, i.e. the solution
 * is the one with the redundant columns removed from the system.
 *
 * Reference: Therneau T. survival package, `src/chsolve2.c`.
 */
import type { CholeskyFactor } from './cholesky.js';

/**
 * Solve `A x = b` given `factor = choleskyLdl(A)`. `b` is not modified.
 *
 * @param factor from {@link choleskyLdl}.
 * @param b right-hand side, length `n`.
 * @returns a new `Float64Array` `x` (0 in singular columns).
 * @throws RangeError when `b.length !== factor.n`.
 * @example choleskySolve(choleskyLdl(Float64Array.of(4, 2, 2, 3), 2), Float64Array.of(2, 1)) // => [0.5, 0]
 */
export function choleskySolve(factor: CholeskyFactor, b: Float64Array): Float64Array {
  const y = new Float64Array(b);
  choleskySolveInPlace(factor, y);
  return y;
}

/**
 * In-place variant of {@link choleskySolve}: overwrites `y` (the right-hand
 * side) with the solution.
 *
 * @param factor from {@link choleskyLdl}.
 * @param y right-hand side on entry, solution on exit.
 * @throws RangeError when `y.length !== factor.n`.
 */
export function choleskySolveInPlace(factor: CholeskyFactor, y: Float64Array): void {
  const { n, data: m } = factor;
  if (y.length !== n) throw new RangeError(`choleskySolve: rhs length ${y.length} != ${n}`);
  // Forward: L z = y.
  for (let i = 0; i < n; i++) {
    let t = y[i]!;
    for (let j = 0; j < i; j++) t -= y[j]! * m[i * n + j]!;
    y[i] = t;
  }
  // Backward: D Lᵀ x = z.
  for (let i = n - 1; i >= 0; i--) {
    const d = m[i * n + i]!;
    if (d === 0) {
      y[i] = 0;
      continue;
    }
    let t = y[i]! / d;
    for (let j = i + 1; j < n; j++) t -= y[j]! * m[j * n + i]!;
    y[i] = t;
  }
}
