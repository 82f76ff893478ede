/**
 * Linear interpolation of a coefficient path at arbitrary lambda values, as
 * glmnet's `coef(fit, s = ..., exact = FALSE)` (`lambda.interp`): the path is
 * parametrized by `(lambda_1 - lambda) / (lambda_1 - lambda_L)`, `s` is
 * clamped to `[lambda_L, lambda_1]`, and the coefficients are
 * `frac * beta_left + (1 - frac) * beta_right` between the two neighbouring
 * path values (linear in lambda).
 *
 * Reference: glmnet 4.1-6 `R/lambda.interp.R`, `R/predict.glmnet.R`.
 */
import { UsageError } from '../../util/errors.js';

/** Where `s` falls on the path: neighbouring indices (0-based) and the weight of `left`. */
export interface LambdaPosition {
  left: number;
  right: number;
  frac: number;
}

/**
 * Locate `s` on a decreasing lambda path (glmnet `lambda.interp`).
 * @throws UsageError on an empty path or a non-finite s.
 */
export function lambdaInterp(lambda: ArrayLike<number>, s: number): LambdaPosition {
  const k = lambda.length;
  if (k === 0) throw new UsageError('lambdaInterp: empty lambda path');
  if (!Number.isFinite(s)) throw new UsageError(`lambdaInterp: s must be finite, got ${s}`);
  if (k === 1) return { left: 0, right: 0, frac: 1 };
  const l1 = lambda[0]!;
  const span = l1 - lambda[k - 1]!;
  const pos = (x: number): number => (l1 - x) / span;
  let sf = pos(s);
  const lo = pos(lambda[0]!);
  const hi = pos(lambda[k - 1]!);
  if (sf < lo) sf = lo;
  if (sf > hi) sf = hi;
  // approx(pos(lambda), 1..k, sf): find the segment containing sf.
  let left = 0;
  let right = 0;
  let found = false;
  for (let i = 0; i < k; i++) {
    if (pos(lambda[i]!) === sf) {
      left = right = i;
      found = true;
      break;
    }
  }
  if (!found) {
    for (let i = 0; i + 1 < k; i++) {
      const a = pos(lambda[i]!);
      const b = pos(lambda[i + 1]!);
      if (sf > a && sf < b) {
        left = i;
        right = i + 1;
        break;
      }
    }
  }
  if (left === right) return { left, right, frac: 1 };
  const pl = pos(lambda[left]!);
  const pr = pos(lambda[right]!);
  if (Math.abs(pl - pr) < Number.EPSILON) return { left, right, frac: 1 };
  return { left, right, frac: (sf - pr) / (pl - pr) };
}

/** Interpolated coefficients at `s` from per-lambda dense coefficient vectors. */
export function interpolateCoefficients(lambda: ArrayLike<number>, beta: readonly Float64Array[], s: number): Float64Array {
  const { left, right, frac } = lambdaInterp(lambda, s);
  const bl = beta[left]!;
  const br = beta[right]!;
  const out = new Float64Array(bl.length);
  for (let j = 0; j < bl.length; j++) out[j] = frac * bl[j]! + (1 - frac) * br[j]!;
  return out;
}
