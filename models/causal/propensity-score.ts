/**
 * Propensity scores: the probability of receiving the treatment of interest
 * given baseline covariates, estimated by logistic regression (Rosenbaum &
 * Rubin, Biometrika 1983;70:41–55), optionally ridge-penalized. Input
 * handling only; the numeric core is {@link logisticIrls}.
 */
import { DataValidationError, UsageError } from '../../util/errors.js';
import { buildModelFrame } from '../design/model-frame.js';
import type { ColumnTable } from '../design/types.js';
import { pnorm, qnorm } from '../stats/distributions.js';
import { logisticElasticNet } from './propensity-enet.js';
import { logisticIrls, type LogisticControl } from './propensity-fit.js';

/** Options of {@link propensityScore}. */
export interface PropensityScoreOptions extends LogisticControl {
  /** Confidence level of the coefficient intervals (default 0.95). */
  confLevel?: number;
  /** Prior (e.g. sampling) weights: a column name or an array (default: all 1). */
  weights?: string | Float64Array;
  /**
   * Elastic-net penalty on glmnet's scale (standardized columns, loss divided by sum w;
   * see {@link logisticElasticNet}); default none. Exclusive with `ridge`. Standard errors are NaN
   * (no valid model-based SEs after selection).
   */
  elasticNet?: { lambda: number; alpha?: number } | null;
}

/** One coefficient of the propensity model. */
export interface PropensityCoefficient {
  term: string;
  estimate: number;
  /** Model-based standard error (penalized information when ridge > 0). */
  se: number;
  z: number;
  p: number;
  lower: number;
  upper: number;
}

/** Result of {@link propensityScore}. */
export interface PropensityScoreResult {
  /** Propensity score per used row (probability of treatment = 1). */
  ps: Float64Array;
  /** Logit of the propensity score (the matching scale). */
  logitPs: Float64Array;
  /** Treatment indicator (0/1) per used row. */
  treatment: Float64Array;
  /** Original 0-based row index of each used row (rows with missing covariates are dropped). */
  rowIndex: Int32Array;
  coefficients: PropensityCoefficient[];
  deviance: number;
  ridge: number;
  iterations: number;
  converged: boolean;
  warnings: string[];
}

/**
 * Fit a propensity-score model, as R's
 * `glm(treat ~ age + edss + ..., family = binomial)` (ridge 0).
 * @param formula `treatment ~ covariates`; the response must be coded 0/1 (1 = the treatment of interest).
 * @param data column table.
 * @param options epsilon (1e-8), maxIter (25), ridge (0), elasticNet (none), confLevel (0.95), weights (none).
 * @throws {DataValidationError} when the treatment is not 0/1; {@link UsageError} when one arm is empty; FormulaError for bad formulas.
 * @example propensityScore('hormon ~ age + meno + size', gbsg).ps
 */
export function propensityScore(formula: string, data: ColumnTable, options: PropensityScoreOptions = {}): PropensityScoreResult {
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw new UsageError(`confLevel must be in (0, 1), got ${confLevel}`);
  const mf = buildModelFrame(formula, data, { interceptColumn: true, ...(options.weights !== undefined ? { weights: options.weights } : {}) });
  if (!mf.y) throw new UsageError(`propensityScore needs the treatment on the left of the formula: ${formula}`);
  const y = mf.y;
  let n1 = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (v !== 0 && v !== 1) {
      throw new DataValidationError([{ file: '<memory>', row: mf.rowIndex[i]! + 1, field: 'treatment', message: `treatment must be 0 or 1, got ${v}`, value: v }]);
    }
    n1 += v;
  }
  if (n1 === 0 || n1 === y.length) throw new UsageError(`propensityScore: only one treatment group present (${n1} treated of ${y.length})`);
  const weights = mf.weights ?? new Float64Array(y.length).fill(1);
  const control: LogisticControl = {};
  if (options.epsilon !== undefined) control.epsilon = options.epsilon;
  if (options.maxIter !== undefined) control.maxIter = options.maxIter;
  if (options.ridge !== undefined) control.ridge = options.ridge;
  if (options.elasticNet) {
    if ((options.ridge ?? 0) > 0) throw new UsageError('propensityScore: give either ridge or elasticNet, not both');
    const xi = mf.columnNames.indexOf('(Intercept)');
    const cols = mf.x.filter((_, j) => j !== xi);
    const en = logisticElasticNet(cols, y, weights, { lambda: options.elasticNet.lambda, ...(options.elasticNet.alpha !== undefined ? { alpha: options.elasticNet.alpha } : {}) });
    const names = ['(Intercept)', ...mf.columnNames.filter((_, j) => j !== xi)];
    let dev = 0;
    for (let i = 0; i < y.length; i++) {
      const m = en.fitted[i]!;
      dev -= 2 * weights[i]! * (y[i] === 1 ? Math.log(m) : Math.log(1 - m));
    }
    return {
      ps: en.fitted,
      logitPs: en.linearPredictor,
      treatment: Float64Array.from(y),
      rowIndex: mf.rowIndex,
      coefficients: names.map((term, j) => ({ term, estimate: en.coefficients[j]!, se: NaN, z: NaN, p: NaN, lower: NaN, upper: NaN })),
      deviance: dev,
      ridge: 0,
      iterations: en.iterations,
      converged: en.converged,
      warnings: [...new Set([...mf.warnings, ...en.warnings])],
    };
  }
  const fit = logisticIrls({ x: mf.x, y, weights, interceptIndex: mf.columnNames.indexOf('(Intercept)') }, control);
  const p = mf.columnNames.length;
  const zq = qnorm(1 - (1 - confLevel) / 2);
  const coefficients = mf.columnNames.map((term, j) => {
    const estimate = fit.coefficients[j]!;
    const se = fit.aliased[j] ? NaN : Math.sqrt(fit.covariance[j * p + j]!);
    const z = estimate / se;
    return { term, estimate, se, z, p: 2 * pnorm(-Math.abs(z)), lower: estimate - zq * se, upper: estimate + zq * se };
  });
  return {
    ps: fit.fitted,
    logitPs: fit.linearPredictor,
    treatment: Float64Array.from(y),
    rowIndex: mf.rowIndex,
    coefficients,
    deviance: fit.deviance,
    ridge: options.ridge ?? 0,
    iterations: fit.iterations,
    converged: fit.converged,
    warnings: [...new Set([...mf.warnings, ...fit.warnings])],
  };
}
