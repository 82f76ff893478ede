/**
 * Poisson regression with log link, offset and prior weights, as R's
 * `glm(y ~ ..., family = poisson, offset = log(years))` (stats 4.2):
 * dispersion fixed at 1, Wald standard errors, deviance, null deviance (with
 * the offset: the intercept-only fit, as `glm`), AIC `-2 log L + 2 rank`.
 * Used for model-based annualized relapse rates: with `offset = log(years)`,
 * `exp(intercept)` is the baseline ARR and `exp(beta)` the rate ratios.
 */
import { ModelError } from '../../util/errors.js';
import type { ColumnTable } from '../design/types.js';
import { countDataFromFormula, prepareCountData, type CountRegressionInput, type PreparedCountData } from './count-input.js';
import { checkConfLevel, coefficientTable, toNested, type CountRegressionOptions, type CountRegressionResult } from './count-summary.js';
import { logLinkInverse, POISSON_FAMILY, type CountFamily } from './families.js';
import { resolveGlmControl, type GlmControl, type ResolvedGlmControl } from './glm-control.js';
import { glmIrls, type GlmIrlsFit } from './glm-fit.js';
import { robustCovariance } from './sandwich.js';

/** Options of {@link poissonRegression}. */
export interface PoissonRegressionOptions extends CountRegressionOptions {
  /** IRLS controls (R glm.control: epsilon 1e-8, maxIter 25). */
  control?: GlmControl;
}

/** Deviance of the null model: intercept-only (with offset) or the offset alone (R glm). */
export function nullDeviance(d: PreparedCountData, family: CountFamily, control: ResolvedGlmControl): number {
  const n = d.y.length;
  const mu = new Float64Array(n);
  if (!d.hasIntercept) {
    for (let i = 0; i < n; i++) mu[i] = logLinkInverse(d.offset[i] as number);
  } else if (d.offset.every((o) => o === 0)) {
    let sw = 0;
    let swy = 0;
    for (let i = 0; i < n; i++) {
      sw += d.weights[i] as number;
      swy += (d.weights[i] as number) * (d.y[i] as number);
    }
    mu.fill(swy / sw);
  } else {
    const fit = glmIrls({ x: [d.x[0] as Float64Array], y: d.y, offset: d.offset, weights: d.weights }, family, control);
    mu.set(fit.mu);
  }
  let dev = 0;
  for (let i = 0; i < n; i++) dev += family.devianceResidual(d.y[i] as number, mu[i] as number, d.weights[i] as number);
  return dev;
}

/** Assemble the shared result fields. */
export function countResult(
  d: PreparedCountData,
  fit: GlmIrlsFit,
  options: CountRegressionOptions,
  extra: { family: 'poisson' | 'negative.binomial'; nullDeviance: number; logLik: number; aic: number; theta: number; thetaSE: number; iterations: number; converged: boolean; warnings: string[] },
): CountRegressionResult {
  const confLevel = checkConfLevel(options.confLevel ?? 0.95);
  const varianceType = options.variance ?? 'model';
  const p = d.names.length;
  const cov = varianceType === 'robust' ? robustCovariance(d, fit, d.cluster, options.clusterAdjust ?? false) : fit.covariance;
  let nPositive = 0;
  for (let i = 0; i < d.y.length; i++) if ((d.weights[i] as number) > 0) nPositive++;
  return {
    family: extra.family,
    coefficients: coefficientTable(d.names, fit.coefficients, cov, fit.aliased, confLevel),
    covariance: toNested(cov, p),
    varianceType,
    confLevel,
    n: d.y.length,
    rank: fit.rank,
    deviance: fit.deviance,
    nullDeviance: extra.nullDeviance,
    dfResidual: nPositive - fit.rank,
    dfNull: nPositive - (d.hasIntercept ? 1 : 0),
    logLik: extra.logLik,
    aic: extra.aic,
    theta: extra.theta,
    thetaSE: extra.thetaSE,
    iterations: extra.iterations,
    converged: extra.converged,
    fitted: fit.mu,
    warnings: [...new Set([...d.warnings, ...extra.warnings])],
  };
}

/** Fit on prepared arrays (the numeric entry point). */
export function poissonFit(d: PreparedCountData, options: PoissonRegressionOptions = {}): CountRegressionResult {
  const control = resolveGlmControl(options.control);
  const fit = glmIrls(d, POISSON_FAMILY, control);
  if (!fit.coefficients.some(Number.isFinite)) throw new ModelError('poisson: no estimable coefficient');
  const aicFamily = POISSON_FAMILY.aic(d.y, fit.mu, d.weights);
  return countResult(d, fit, options, {
    family: 'poisson',
    nullDeviance: nullDeviance(d, POISSON_FAMILY, control),
    logLik: -aicFamily / 2,
    aic: aicFamily + 2 * fit.rank,
    theta: Infinity,
    thetaSE: NaN,
    iterations: fit.iterations,
    converged: fit.converged,
    warnings: fit.warnings,
  });
}

/**
 * Poisson regression on arrays or on a formula and column table.
 * @param input arrays ({@link CountRegressionInput}) or a formula such as `'relapses ~ therapy + offset(logYears)'`.
 * @param data the column table when `input` is a formula.
 * @param options confLevel (0.95), variance ('model' | 'robust'), clusterAdjust (false), control (R glm.control).
 * @throws {DataValidationError} for negative or non-finite counts, weights, offsets; {@link ModelError} when IRLS fails.
 * @example poissonRegression('relapses ~ therapy + offset(logYears)', table).coefficients[1].rateRatio
 */
export function poissonRegression(input: CountRegressionInput | string, data?: ColumnTable, options: PoissonRegressionOptions & { weights?: string | Float64Array } = {}): CountRegressionResult {
  const d = typeof input === 'string' ? countDataFromFormula(input, data ?? {}, options.weights !== undefined ? { weights: options.weights } : {}) : prepareCountData(input);
  return poissonFit(d, options);
}
