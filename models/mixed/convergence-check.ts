/**
 * The convergence check of a derivative-free fit, after lme4's `checkConv`
 * (lme4 1.1-31, R/checkConv.R): finite-difference gradient and Hessian of
 * the profiled deviance at the optimum (finite-differences.ts), the gradient
 * scaled by the Cholesky factor of the Hessian, and a warning when the
 * largest of `min(|scaled gradient|, |gradient|)` exceeds the tolerance
 * (lme4's `check.conv.grad`, tol 0.002) or the Hessian is not positive
 * definite.
 *
 * Parameters on a bound (theta_ii = 0 of a singular fit) are checked
 * one-sided: moving inward must not lower the deviance by more than the
 * tolerance per unit; the free parameters are checked as above.
 */
import { choleskyOrNull, finiteDifferences } from './finite-differences.js';

/** What {@link checkConvergence} found. */
export interface ConvergenceCheck {
  /** Finite-difference gradient (one-sided for parameters next to a bound). */
  gradient: Float64Array;
  /** Largest min(|scaled gradient|, |gradient|) over the free parameters (0 without free parameters), or null when the Hessian is not positive definite. */
  maxScaledGradient: number | null;
  /** True when the Hessian of the free parameters is positive definite (or there are none). */
  hessianPositiveDefinite: boolean;
  /** Warnings, lme4's wording where it has one. */
  warnings: string[];
}

/**
 * Checks that `x` is a minimum of `f` in the box `[lower, upper]`.
 * @param f the deviance.
 * @param x the optimum.
 * @param lower lower bounds.
 * @param upper upper bounds.
 * @param tol gradient tolerance (lme4: 0.002).
 * @param delta relative finite-difference step (lme4: 1e-4).
 * @example checkConvergence((x) => x[0]! ** 2, Float64Array.of(0), [-Infinity], [Infinity], 0.002).warnings // => []
 */
export function checkConvergence(
  f: (x: Float64Array) => number,
  x: Float64Array,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  tol: number,
  delta = 1e-4,
): ConvergenceCheck {
  const fd = finiteDifferences(f, x, lower, upper, delta);
  const { gradient, free, side } = fd;
  const warnings: string[] = [];
  for (let k = 0; k < x.length; k++) {
    const g = gradient[k]!;
    if ((side[k] === 1 && g < -tol) || (side[k] === -1 && g > tol)) {
      warnings.push(`Model failed to converge: the deviance decreases away from the bound of parameter ${k + 1} (derivative ${g.toPrecision(3)})`);
    }
  }
  const m = free.length;
  if (m === 0) return { gradient, maxScaledGradient: 0, hessianPositiveDefinite: true, warnings };
  const L = choleskyOrNull(fd.hessian, m);
  if (!L) {
    warnings.push('Model failed to converge: the Hessian of the deviance is not positive definite (unable to evaluate scaled gradient); the model may be nearly unidentifiable');
    return { gradient, maxScaledGradient: null, hessianPositiveDefinite: false, warnings };
  }
  // Scaled gradient as lme4: solve(chol(H), g), chol(H) = L' (upper): back substitution.
  const g = Float64Array.from(free, (k) => gradient[k]!);
  const s = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    let acc = g[r]!;
    for (let k = r + 1; k < m; k++) acc -= L[k * m + r]! * s[k]!;
    s[r] = acc / L[r * m + r]!;
  }
  let worst = 0;
  let worstAt = 0;
  for (let a = 0; a < m; a++) {
    const v = Math.min(Math.abs(s[a]!), Math.abs(g[a]!));
    if (v > worst) {
      worst = v;
      worstAt = free[a]!;
    }
  }
  if (worst > tol) warnings.push(`Model failed to converge with max|grad| = ${worst.toPrecision(4)} (tol = ${tol}, component ${worstAt + 1})`);
  return { gradient, maxScaledGradient: worst, hessianPositiveDefinite: true, warnings };
}
