/**
 * Elastic-net penalized Cox regression on typed arrays, as R's
 * `glmnet(x, Surv(time, status), family = "cox")` (glmnet 4.1-6): Breslow
 * ties, objective `-loglik / sum(w) + lambda * penalty`, standardization with
 * 1/n variances and coefficients on the original scale, a lambda path with
 * warm starts and glmnet's early stopping. The numeric core is
 * {@link coxnetPath}; this facade validates input and wraps the result.
 *
 * Reference: Simon N, Friedman J, Hastie T, Tibshirani R (2011) "Regularization
 * paths for Cox's proportional hazards model via coordinate descent",
 * J Stat Softw 39(5); glmnet 4.1-6 `R/glmnet.R`, `R/coxnet.R`.
 */
import { UsageError } from '../../util/errors.js';
import type { CoxnetOptions, CoxnetSettings } from './coxnet-control.js';
import { coxnetSettings } from './coxnet-control.js';
import type { CoxnetData, CoxnetInput } from './coxnet-data.js';
import { prepareCoxnetData } from './coxnet-data.js';
import { coxnetExactAt } from './coxnet-exact.js';
import type { CoxnetPathResult } from './coxnet-fit.js';
import { coxnetPath } from './coxnet-fit.js';
import { interpolateCoefficients } from './lambda-interp.js';

/** A fitted penalized Cox path. Plain data plus thin methods. */
export class CoxnetFit {
  /** Lambda values actually fitted (decreasing). */
  readonly lambda: Float64Array;
  /** Coefficients on the original scale: one dense Float64Array of length p per lambda. */
  readonly beta: Float64Array[];
  /** Non-zero coefficients per lambda (R: `df`). */
  readonly df: Int32Array;
  /** Fraction of null deviance explained per lambda (R: `dev.ratio`). */
  readonly devRatio: Float64Array;
  /** Null deviance (R: `nulldev`). */
  readonly nullDeviance: number;
  /** Coordinate-descent passes per lambda. */
  readonly iterations: Int32Array;
  /** Total passes (R: `npasses`). */
  readonly totalPasses: number;
  /** False when the path was cut short by `maxit` or a numeric problem (see warnings). */
  readonly converged: boolean;
  readonly warnings: string[];
  /** Number of rows and columns. */
  readonly n: number;
  readonly p: number;
  /** Column names, when known (the formula front end sets them). */
  readonly columnNames: string[];
  /** The settings used (defaults filled in). */
  readonly settings: CoxnetSettings;
  /** The prepared data, kept for exact fits at new lambdas ({@link coefExact}); null when not kept. */
  readonly #data: CoxnetData | null;

  constructor(init: { path: CoxnetPathResult; n: number; p: number; columnNames: string[]; settings: CoxnetSettings; data?: CoxnetData | null }) {
    const { path } = init;
    this.#data = init.data ?? null;
    this.lambda = path.lambda;
    this.beta = path.beta;
    this.df = path.df;
    this.devRatio = path.devRatio;
    this.nullDeviance = path.nullDeviance;
    this.iterations = path.passes;
    this.totalPasses = path.totalPasses;
    this.converged = path.converged;
    this.warnings = path.warnings;
    this.n = init.n;
    this.p = init.p;
    this.columnNames = init.columnNames;
    this.settings = init.settings;
  }

  /**
   * Coefficients at `s`, linearly interpolated between path values (glmnet's
   * `coef(fit, s = s)` with `exact = FALSE`; `s` outside the path is clamped to
   * its ends). An approximation: {@link coefExact} gives the fit at `s`.
   * @example fit.coefAt(0.05) // => Float64Array of length p
   */
  coefAt(s: number): Float64Array {
    if (this.lambda.length === 0) throw new UsageError('coxnet: the path is empty');
    return interpolateCoefficients(this.lambda, this.beta, s);
  }

  /**
   * Coefficients of the penalized fit at `s` itself, as glmnet's
   * `coef(fit, s = s, exact = TRUE, x = x, y = y)`: the stored coefficients
   * when `s` is a path value, else a refit warm-started down the path to `s`
   * (coxnet-exact.ts). Costs a partial path fit (milliseconds on clinical data).
   * @throws UsageError when the fit kept no data (built without it) or for a bad `s`; ModelError when the refit stops before `s`
   * @example fit.coefExact(0.005) // => Float64Array of length p
   */
  coefExact(s: number): Float64Array {
    if (this.lambda.length === 0) throw new UsageError('coxnet: the path is empty');
    if (!this.#data) throw new UsageError('coxnet: this fit kept no data for an exact fit at a new lambda; use coefAt (interpolation)');
    return coxnetExactAt(this.#data, this.settings, { lambda: this.lambda, beta: this.beta }, s).beta;
  }

  /** The same fit with other column names (the data for {@link coefExact} is kept). */
  withColumnNames(columnNames: readonly string[]): CoxnetFit {
    if (columnNames.length !== this.p) throw new UsageError(`coxnet: ${columnNames.length} column names for ${this.p} columns`);
    return new CoxnetFit({
      path: {
        lambda: this.lambda,
        beta: this.beta,
        df: this.df,
        devRatio: this.devRatio,
        nullDeviance: this.nullDeviance,
        passes: this.iterations,
        totalPasses: this.totalPasses,
        converged: this.converged,
        warnings: this.warnings,
      },
      n: this.n,
      p: this.p,
      columnNames: [...columnNames],
      settings: this.settings,
      data: this.#data,
    });
  }

  /**
   * Linear predictor `x b(s) + offset` for new rows (glmnet `predict(type = "link")`, no centring).
   * @param x columns as in the fit (column-major)
   * @param s lambda (interpolated as {@link coefAt}); default the smallest fitted lambda
   * @param offset optional offset per row
   */
  predict(x: readonly Float64Array[], s?: number, offset?: Float64Array | null): Float64Array {
    if (x.length !== this.p) throw new UsageError(`coxnet predict: expected ${this.p} columns, got ${x.length}`);
    const b = this.coefAt(s ?? this.lambda[this.lambda.length - 1]!);
    return linearPredictor(x, b, offset);
  }
}

/** `x b + offset` for column-major x. */
export function linearPredictor(x: readonly Float64Array[], b: ArrayLike<number>, offset?: Float64Array | null): Float64Array {
  const n = x.length ? x[0]!.length : offset ? offset.length : 0;
  const eta = offset ? Float64Array.from(offset) : new Float64Array(n);
  for (let j = 0; j < x.length; j++) {
    const bj = b[j]!;
    if (bj === 0) continue;
    const c = x[j]!;
    for (let i = 0; i < n; i++) eta[i] = eta[i]! + bj * c[i]!;
  }
  return eta;
}

/**
 * Fit the elastic-net Cox path (glmnet `family = "cox"`).
 * @param input covariates (column-major), time (> 0), status (0/1), optional weights and offset
 * @param options see {@link CoxnetOptions} (defaults: alpha 1, nlambda 100, lambdaMinRatio 0.01 if n < p else 1e-4,
 *   standardize true, thresh 1e-7, maxit 1e5)
 * @param columnNames optional names of the columns
 * @throws DataValidationError for invalid values, UsageError for invalid options, ModelError when no fit is possible
 * @example coxnet({ x: [age, size], time, status }, { alpha: 0.5 }).coefAt(0.02)
 */
export function coxnet(input: CoxnetInput, options: CoxnetOptions = {}, columnNames?: readonly string[]): CoxnetFit {
  const n = input.time.length;
  const p = input.x.length;
  if (p === 0) throw new UsageError('coxnet: at least one covariate column is required');
  const settings = coxnetSettings(options, n, p);
  const data = prepareCoxnetData(input, settings.standardize, settings.exclude);
  const path = coxnetPath(data, settings);
  const names = columnNames ? [...columnNames] : Array.from({ length: p }, (_, j) => `V${j + 1}`);
  if (names.length !== p) throw new UsageError(`coxnet: ${names.length} column names for ${p} columns`);
  return new CoxnetFit({ path, n, p, columnNames: names, settings, data });
}
