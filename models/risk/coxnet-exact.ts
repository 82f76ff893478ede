/**
 * The exact elastic-net Cox fit at one lambda, as glmnet's
 * `coef(fit, s = L, exact = TRUE, x = x, y = y)` (glmnet 4.1-6,
 * `R/predict.glmnet.R`): when `L` is not on the fitted path, glmnet refits
 * with the user lambda sequence `unique(rev(sort(c(L, fit$lambda))))` and
 * reads the coefficients at `L`. The path is fitted from the largest lambda
 * down with warm starts, so the values below `L` never influence the fit at
 * `L`: this refits only the path values above `L` and then `L` itself, the
 * same iterates as glmnet's refit, at a fraction of its cost (milliseconds on
 * clinical data). Linear interpolation between path values
 * (`exact = FALSE`, lambda-interp.ts) is a different, approximate answer: on
 * rotterdam (death, alpha 0.5, lambda 0.003; test/golden/coxnet-exact.R) it
 * gives `chemo` 0.0248 where the fit at that lambda has 0.0350.
 *
 * Reference: Friedman J, Hastie T, Tibshirani R (2010) J Stat Softw 33(1),
 * section 2.5 (warm starts along the path); glmnet 4.1-6 `predict.glmnet`.
 */
import { ModelError, UsageError } from '../../util/errors.js';
import type { CoxnetSettings } from './coxnet-control.js';
import type { CoxnetData } from './coxnet-data.js';
import { coxnetPath } from './coxnet-fit.js';

/** Result of {@link coxnetExactAt}. */
export interface CoxnetExactResult {
  /** Coefficients at `s` on the original scale. */
  beta: Float64Array;
  /** True when `s` is a value of the fitted path (its stored coefficients are returned, as glmnet does). */
  onPath: boolean;
  /** Lambda values refitted (the path values above `s`, then `s`); empty when on the path. */
  lambdas: Float64Array;
  /** Coordinate-descent passes of the refit. */
  passes: number;
  warnings: string[];
}

/**
 * The user lambda sequence of glmnet's exact refit, cut after `s`: the path
 * values above `s` (decreasing), then `s`.
 * @example exactLambdaSequence([0.2, 0.1, 0.05, 0.02], 0.07) // => [0.2, 0.1, 0.07]
 */
export function exactLambdaSequence(path: ArrayLike<number>, s: number): Float64Array {
  const above: number[] = [];
  for (let k = 0; k < path.length; k++) if ((path[k] as number) > s) above.push(path[k] as number);
  above.sort((a, b) => b - a);
  return Float64Array.from([...above, s]);
}

/**
 * Coefficients of the exact penalized fit at `s`.
 * @param data prepared data of the fit ({@link prepareCoxnetData})
 * @param settings the fit's settings (alpha, penalty factors, thresh, ...); its lambda is replaced
 * @param path the fit's lambda values and coefficients
 * @param s lambda, finite and >= 0
 * @throws UsageError for a bad `s`; ModelError when the refit stops before `s` (maxit, pmax or a numeric failure)
 */
export function coxnetExactAt(
  data: CoxnetData,
  settings: CoxnetSettings,
  path: { lambda: Float64Array; beta: readonly Float64Array[] },
  s: number,
): CoxnetExactResult {
  if (!(Number.isFinite(s) && s >= 0)) throw new UsageError(`coxnet: lambda must be finite and >= 0, got ${s}`);
  const k = path.lambda.indexOf(s);
  if (k >= 0) return { beta: Float64Array.from(path.beta[k] as Float64Array), onPath: true, lambdas: new Float64Array(0), passes: 0, warnings: [] };
  const lambdas = exactLambdaSequence(path.lambda, s);
  const refit = coxnetPath(data, { ...settings, lambda: lambdas });
  if (refit.lambda.length !== lambdas.length) {
    throw new ModelError(`coxnet: the exact fit did not reach lambda = ${s}${refit.warnings.length ? ` (${refit.warnings.join('; ')})` : ''}`);
  }
  return { beta: refit.beta[lambdas.length - 1] as Float64Array, onPath: false, lambdas, passes: refit.totalPasses, warnings: refit.warnings };
}
