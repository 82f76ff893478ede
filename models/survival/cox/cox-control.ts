/**
 * Controls of the Cox proportional-hazards fit, gathered and validated in one
 * place as R's `survival::coxph.control`.
 *
 * Reference: Therneau T. survival 3.5-3, `R/coxph.control.R`.
 */
import { UsageError } from '../../../util/errors.js';
import { DEFAULT_TOLER_CHOL } from '../../linalg/cholesky.js';

/** Method for tied event times (R's `ties`). `exact` is not implemented. */
export type CoxTies = 'efron' | 'breslow';

/** Options of the Newton–Raphson fit. Every field has a documented default. */
export interface CoxControl {
  /** Tie handling. Default `'efron'` (R's default). */
  ties: CoxTies;
  /** Maximum Newton–Raphson iterations. Default 20 (R: `iter.max = 20`). */
  maxIter: number;
  /**
   * Convergence criterion: stop when `|1 - loglik_old / loglik_new| <= eps`.
   * Default 1e-9 (R: `eps = 1e-9`).
   */
  eps: number;
  /**
   * Relative tolerance for declaring a Cholesky pivot singular (collinear
   * column). Default `.Machine$double.eps^0.75` ≈ 1.82e-12 (R: `toler.chol`).
   */
  tolerChol: number;
  /**
   * Threshold of the "coefficient may be infinite" check. Default `sqrt(eps)`
   * (R: `toler.inf = sqrt(eps)`).
   */
  tolerInf: number;
  /** Initial coefficients (original scale). Default: all zero (R: `init`). */
  init?: Float64Array;
  /**
   * Robust (sandwich) variance. Default: true when a cluster is given, else
   * false (R additionally turns it on for non-integer case weights; the
   * `coxph` front end does that).
   */
  robust?: boolean;
  /**
   * Values that mark a column as an indicator, which R neither centres nor
   * scales. Default `[-1, 0, 1]` (R: `coxph(nocenter = c(-1, 0, 1))`).
   */
  nocenter: readonly number[];
}

/** Defaults of {@link CoxControl}, as R's `coxph.control()`. */
export const DEFAULT_COX_CONTROL: Readonly<CoxControl> = Object.freeze({
  ties: 'efron',
  maxIter: 20,
  eps: 1e-9,
  tolerChol: DEFAULT_TOLER_CHOL,
  tolerInf: Math.sqrt(1e-9),
  nocenter: [-1, 0, 1],
});

/**
 * Merge user options with the defaults and validate them (R's `coxph.control`).
 * `tolerInf` defaults to `sqrt(eps)` of the merged `eps`.
 *
 * @param options partial control.
 * @returns a complete control object.
 * @throws UsageError for a negative `maxIter`, non-positive `eps`/`tolerChol`/`tolerInf`, or unknown ties.
 * @example coxControl({ ties: 'breslow' }).maxIter // => 20
 */
export function coxControl(options: Partial<CoxControl> = {}): CoxControl {
  const eps = options.eps ?? DEFAULT_COX_CONTROL.eps;
  const c: CoxControl = {
    ties: options.ties ?? DEFAULT_COX_CONTROL.ties,
    maxIter: options.maxIter ?? DEFAULT_COX_CONTROL.maxIter,
    eps,
    tolerChol: options.tolerChol ?? DEFAULT_COX_CONTROL.tolerChol,
    tolerInf: options.tolerInf ?? Math.sqrt(eps),
    nocenter: options.nocenter ?? DEFAULT_COX_CONTROL.nocenter,
  };
  if (options.init !== undefined) c.init = options.init;
  if (options.robust !== undefined) c.robust = options.robust;
  if (c.ties !== 'efron' && c.ties !== 'breslow') {
    throw new UsageError(`Unknown ties method '${String(c.ties)}' (use 'efron' or 'breslow')`);
  }
  if (!Number.isInteger(c.maxIter) || c.maxIter < 0) throw new UsageError(`Invalid value for iterations: ${c.maxIter}`);
  if (!(c.eps > 0)) throw new UsageError(`Invalid convergence criteria eps = ${c.eps}`);
  if (!(c.tolerChol > 0)) throw new UsageError(`tolerChol must be > 0, got ${c.tolerChol}`);
  if (!(c.tolerInf > 0)) throw new UsageError(`The tolerInf setting must be > 0, got ${c.tolerInf}`);
  return c;
}
