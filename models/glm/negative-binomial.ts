/**
 * Negative-binomial regression (NB2, Var = mu + mu^2/theta, log link) by
 * maximum likelihood, as `MASS::glm.nb` (MASS 7.3; Venables & Ripley, MASS
 * 4th ed., §7.4): a Poisson fit, then alternation of theta.ml (theta for the
 * current means) and an IRLS fit for beta at that theta, until
 * `|L0 - L|/d1 + |theta change|/d2 <= epsilon` (d1 = sqrt(2 max(1, df.residual)),
 * d2 = 1) or `maxIter` alternations ("alternation limit reached"). As MASS,
 * theta is updated from the means *before* the latest beta fit, the AIC is
 * `-2 loglik + 2 rank + 2`, the null deviance (with an offset) is the
 * intercept-only fit at the final theta, and standard errors use dispersion 1.
 * The usual model for annualized relapse rates (overdispersion).
 */
import { lgamma } from '../stats/distributions.js';
import type { ColumnTable } from '../design/types.js';
import { countDataFromFormula, prepareCountData, type CountRegressionInput, type PreparedCountData } from './count-input.js';
import type { CountRegressionResult } from './count-summary.js';
import { negativeBinomialFamily, POISSON_FAMILY } from './families.js';
import { resolveGlmControl } from './glm-control.js';
import { glmIrls } from './glm-fit.js';
import { countResult, nullDeviance, type PoissonRegressionOptions } from './poisson.js';
import { negativeBinomialLogLik, thetaMl } from './theta-ml.js';

/** Options of {@link negativeBinomialRegression} (as Poisson; control also bounds the alternation and theta.ml). */
export type NegativeBinomialOptions = PoissonRegressionOptions;

/** Fit on prepared arrays (the numeric entry point). */
export function negativeBinomialFit(d: PreparedCountData, options: NegativeBinomialOptions = {}): CountRegressionResult {
  const control = resolveGlmControl(options.control);
  const warnings: string[] = [];
  let fit = glmIrls(d, POISSON_FAMILY, control);
  warnings.push(...fit.warnings.map((w) => `initial Poisson fit: ${w}`));
  let mu = fit.mu;
  let th = thetaMl(d.y, mu, d.weights, control.maxIter);
  let family = negativeBinomialFamily(th.theta);
  let nPositive = 0;
  for (let i = 0; i < d.y.length; i++) if ((d.weights[i] as number) > 0) nPositive++;
  const d1 = Math.sqrt(2 * Math.max(1, nPositive - fit.rank));
  const d2 = 1;
  let del = 1;
  let lm = negativeBinomialLogLik(d.y, mu, d.weights, th.theta, lgamma);
  let lm0 = lm + 2 * d1;
  let iter = 0;
  while (++iter <= control.maxIter && Math.abs(lm0 - lm) / d1 + Math.abs(del) / d2 > control.epsilon) {
    const eta = Float64Array.from(mu, Math.log);
    fit = glmIrls(d, family, control, eta);
    const t0 = th.theta;
    th = thetaMl(d.y, mu, d.weights, control.maxIter);
    family = negativeBinomialFamily(th.theta);
    mu = fit.mu;
    del = t0 - th.theta;
    lm0 = lm;
    lm = negativeBinomialLogLik(d.y, mu, d.weights, th.theta, lgamma);
  }
  warnings.push(...fit.warnings, ...th.warnings);
  const converged = iter <= control.maxIter && fit.converged;
  if (iter > control.maxIter) warnings.push('glm.nb: alternation limit reached');
  return countResult(d, fit, options, {
    family: 'negative.binomial',
    nullDeviance: nullDeviance(d, family, control),
    logLik: lm,
    aic: -2 * lm + 2 * fit.rank + 2,
    theta: th.theta,
    thetaSE: th.se,
    iterations: Math.min(iter, control.maxIter),
    converged,
    warnings,
  });
}

/**
 * Negative-binomial regression on arrays or on a formula and column table.
 * @param input arrays ({@link CountRegressionInput}) or a formula such as `'relapses ~ therapy + offset(logYears)'`.
 * @param data the column table when `input` is a formula.
 * @param options confLevel (0.95), variance ('model' | 'robust'), clusterAdjust (false), control (epsilon 1e-8, maxIter 25).
 * @throws {DataValidationError} for invalid data; {@link ModelError} when IRLS fails.
 * @example negativeBinomialRegression('relapses ~ therapy + offset(logYears)', table).theta
 */
export function negativeBinomialRegression(input: CountRegressionInput | string, data?: ColumnTable, options: NegativeBinomialOptions & { weights?: string | Float64Array } = {}): CountRegressionResult {
  const d = typeof input === 'string' ? countDataFromFormula(input, data ?? {}, options.weights !== undefined ? { weights: options.weights } : {}) : prepareCountData(input);
  return negativeBinomialFit(d, options);
}
