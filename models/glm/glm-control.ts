/**
 * Iteration controls of the GLM fitters, as R's `glm.control()`: relative
 * deviance change `|dev - dev_old| / (|dev| + 0.1) < epsilon` (default 1e-8)
 * within `maxIter` IRLS iterations (default 25). The negative-binomial
 * alternation and theta.ml use the same values, as `MASS::glm.nb`.
 */
import { UsageError } from '../../util/errors.js';

/** GLM iteration controls. */
export interface GlmControl {
  /** Convergence tolerance on the relative deviance change (R: 1e-8). */
  epsilon?: number;
  /** Maximum IRLS iterations (R: 25); also the alternation and theta.ml limits of glm.nb. */
  maxIter?: number;
}

/** Controls with defaults filled in. */
export type ResolvedGlmControl = Required<GlmControl>;

/** R's defaults. */
export const DEFAULT_GLM_CONTROL: Readonly<ResolvedGlmControl> = { epsilon: 1e-8, maxIter: 25 };

/**
 * Fill in defaults and validate.
 * @throws {UsageError} for a non-positive epsilon or maxIter.
 * @example resolveGlmControl({ maxIter: 50 }) // => { epsilon: 1e-8, maxIter: 50 }
 */
export function resolveGlmControl(control: GlmControl = {}): ResolvedGlmControl {
  const epsilon = control.epsilon ?? DEFAULT_GLM_CONTROL.epsilon;
  const maxIter = control.maxIter ?? DEFAULT_GLM_CONTROL.maxIter;
  if (!(epsilon > 0)) throw new UsageError(`epsilon must be > 0, got ${epsilon}`);
  if (!(Number.isInteger(maxIter) && maxIter >= 1)) throw new UsageError(`maxIter must be an integer >= 1, got ${maxIter}`);
  return { epsilon, maxIter };
}
