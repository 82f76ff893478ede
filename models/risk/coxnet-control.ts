/**
 * Options of the elastic-net penalized Cox fit, gathered and validated in one
 * place (as R's `glmnet(..., family = "cox")` arguments and `glmnet.control`).
 *
 * Reference: Friedman J, Hastie T, Tibshirani R (2010) "Regularization paths
 * for generalized linear models via coordinate descent", J Stat Softw 33(1);
 * Simon N, Friedman J, Hastie T, Tibshirani R (2011) "Regularization paths for
 * Cox's proportional hazards model via coordinate descent", J Stat Softw 39(5);
 * glmnet 4.1-6 `R/glmnet.R`, `R/glmnet.control.R`, `inst/mortran/coxnet5dpclean.m`.
 */
import { UsageError } from '../../util/errors.js';

/** User options of {@link coxnet}. Every field is optional; defaults as glmnet 4.1-6. */
export interface CoxnetOptions {
  /**
   * Elastic-net mixing in (0, 1]: penalty `lambda * (alpha * |b|_1 + (1 - alpha) / 2 * |b|_2^2)`.
   * Default 1 (lasso; glmnet `alpha = 1`).
   */
  alpha?: number;
  /** Number of lambda values on the automatic path. Default 100 (glmnet `nlambda`). */
  nlambda?: number;
  /**
   * Smallest lambda as a fraction of lambda_max on the automatic path.
   * Default 0.01 when n < p, else 1e-4 (glmnet `lambda.min.ratio`); values
   * below 1e-6 act as 1e-6 (glmnet.control `eps = 1e-6`).
   */
  lambdaMinRatio?: number;
  /**
   * A user lambda sequence (sorted decreasing, as glmnet does). When given,
   * `nlambda` and `lambdaMinRatio` are ignored and the path never stops early.
   * Default: none (automatic path from lambda_max).
   */
  lambda?: ArrayLike<number>;
  /**
   * Relative penalty per column (>= 0; 0 = unpenalized), rescaled to sum to p
   * as glmnet does. Default all 1 (glmnet `penalty.factor`).
   */
  penaltyFactor?: ArrayLike<number>;
  /** 0-based columns kept out of the model (coefficient 0). Default none (glmnet `exclude`). */
  exclude?: readonly number[];
  /**
   * Standardize columns before fitting (weighted mean 0, weighted variance 1
   * with divisor sum(w), i.e. 1/n for unit weights); coefficients are always
   * returned on the original scale. Default true (glmnet `standardize = TRUE`).
   */
  standardize?: boolean;
  /**
   * Convergence threshold. glmnet's criterion: a coordinate-descent cycle has
   * converged when `max_j v_j * (change in b_j)^2 < thresh * D0`, where `v_j`
   * is the weighted sum of squares of column j under the current quadratic
   * approximation and `D0` the null deviance on glmnet's 1/sum(w) scale; the
   * quadratic approximation is renewed until every active coefficient moves
   * by less than that between renewals. Default 1e-7 (glmnet `thresh`).
   */
  thresh?: number;
  /** Most coordinate-descent passes over the whole path. Default 1e5 (glmnet `maxit`). */
  maxit?: number;
  /** Stop the path when more than this many coefficients are non-zero. Default p + 1 (glmnet `dfmax`). */
  dfmax?: number;
  /** Most variables ever active along the path. Default min(2 * dfmax + 20, p) (glmnet `pmax`). */
  pmax?: number;
}

/** Validated options with every default filled in. */
export interface CoxnetSettings {
  alpha: number;
  nlambda: number;
  lambdaMinRatio: number;
  /** User lambda (decreasing) or null. */
  lambda: Float64Array | null;
  /** Raw penalty factors (before glmnet's rescaling to sum p). */
  penaltyFactor: Float64Array;
  exclude: number[];
  standardize: boolean;
  thresh: number;
  maxit: number;
  dfmax: number;
  pmax: number;
}

/**
 * Internal constants of glmnet's path (`glmnet.control()` defaults, with the
 * Cox-specific changes made in `coxnet1`: `fdev` x 100 and `devmax` x 0.99/0.999).
 */
export const COXNET_PATH_CONSTANTS = Object.freeze({
  /** Stop when the relative change of dev.ratio over the last `mnlam - 1` steps is below this (1e-5 * 100). */
  fdev: 1e-3,
  /** Stop when dev.ratio exceeds this (0.999 * 0.99 / 0.999). */
  devmax: 0.99,
  /** Smallest allowed lambda.min.ratio (glmnet.control `eps`). */
  minFlmin: 1e-6,
  /** First lambda of the automatic path (glmnet.control `big`); replaced in the output by the extrapolated lambda_max. */
  big: 9.9e35,
  /** Minimum number of lambdas before the path may stop early (glmnet.control `mnlam`). */
  mnlam: 5,
});

function finiteNumber(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new UsageError(`coxnet: ${name} must be a finite number, got ${String(v)}`);
  return v;
}

/**
 * Fill in defaults and validate {@link CoxnetOptions} for n rows and p columns.
 * @throws UsageError naming the bad option and value.
 */
export function coxnetSettings(options: CoxnetOptions, n: number, p: number): CoxnetSettings {
  const alpha = finiteNumber(options.alpha ?? 1, 'alpha');
  if (!(alpha > 0 && alpha <= 1)) throw new UsageError(`coxnet: alpha must be in (0, 1], got ${alpha}`);
  const nlambda = finiteNumber(options.nlambda ?? 100, 'nlambda');
  if (!Number.isInteger(nlambda) || nlambda < 1) throw new UsageError(`coxnet: nlambda must be a positive integer, got ${nlambda}`);
  const lambdaMinRatio = finiteNumber(options.lambdaMinRatio ?? (n < p ? 0.01 : 1e-4), 'lambdaMinRatio');
  if (!(lambdaMinRatio > 0 && lambdaMinRatio < 1)) throw new UsageError(`coxnet: lambdaMinRatio must be in (0, 1), got ${lambdaMinRatio}`);
  let lambda: Float64Array | null = null;
  if (options.lambda !== undefined) {
    lambda = Float64Array.from(options.lambda as ArrayLike<number>);
    if (lambda.length < 1) throw new UsageError('coxnet: lambda must have at least one value');
    for (const l of lambda) if (!(Number.isFinite(l) && l >= 0)) throw new UsageError(`coxnet: lambda values must be finite and >= 0, got ${l}`);
    lambda.sort().reverse();
  }
  const penaltyFactor = new Float64Array(p).fill(1);
  if (options.penaltyFactor !== undefined) {
    if (options.penaltyFactor.length !== p) throw new UsageError(`coxnet: penaltyFactor has length ${options.penaltyFactor.length}, expected ${p}`);
    for (let j = 0; j < p; j++) {
      const v = options.penaltyFactor[j]!;
      if (!(Number.isFinite(v) && v >= 0)) throw new UsageError(`coxnet: penaltyFactor[${j}] must be finite and >= 0, got ${v}`);
      penaltyFactor[j] = v;
    }
    if (!penaltyFactor.some((v) => v > 0)) throw new UsageError('coxnet: at least one penaltyFactor must be > 0');
  }
  const exclude = [...(options.exclude ?? [])];
  for (const j of exclude) if (!(Number.isInteger(j) && j >= 0 && j < p)) throw new UsageError(`coxnet: exclude index ${j} outside 0..${p - 1}`);
  const thresh = finiteNumber(options.thresh ?? 1e-7, 'thresh');
  if (!(thresh > 0)) throw new UsageError(`coxnet: thresh must be > 0, got ${thresh}`);
  const maxit = finiteNumber(options.maxit ?? 1e5, 'maxit');
  if (!(Number.isInteger(maxit) && maxit >= 1)) throw new UsageError(`coxnet: maxit must be a positive integer, got ${maxit}`);
  const dfmax = finiteNumber(options.dfmax ?? p + 1, 'dfmax');
  if (!(Number.isInteger(dfmax) && dfmax >= 0)) throw new UsageError(`coxnet: dfmax must be a non-negative integer, got ${dfmax}`);
  const pmax = finiteNumber(options.pmax ?? Math.min(dfmax * 2 + 20, p), 'pmax');
  if (!(Number.isInteger(pmax) && pmax >= 0)) throw new UsageError(`coxnet: pmax must be a non-negative integer, got ${pmax}`);
  return {
    alpha,
    nlambda,
    lambdaMinRatio,
    lambda,
    penaltyFactor,
    exclude,
    standardize: options.standardize ?? true,
    thresh,
    maxit,
    dfmax,
    pmax,
  };
}
