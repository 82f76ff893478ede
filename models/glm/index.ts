/**
 * Count regression (GLM, log link): Poisson and negative binomial, as R's glm and MASS::glm.nb.
 *
 * Entry point `midia-hub/models/glm` (README, "Library API"); the root `midia-hub`
 * re-exports a curated part of it (docs/public-api.md).
 */
export { poissonRegression, poissonFit, nullDeviance } from './poisson.js';
export type { PoissonRegressionOptions } from './poisson.js';
export { negativeBinomialRegression, negativeBinomialFit } from './negative-binomial.js';
export type { NegativeBinomialOptions } from './negative-binomial.js';
export { prepareCountData, countDataFromFormula, withIntercept } from './count-input.js';
export type { CountRegressionInput, PreparedCountData } from './count-input.js';
export type { CountCoefficient, CountRegressionResult, CountRegressionOptions } from './count-summary.js';
export { resolveGlmControl, DEFAULT_GLM_CONTROL } from './glm-control.js';
export type { GlmControl, ResolvedGlmControl } from './glm-control.js';
export { glmIrls } from './glm-fit.js';
export type { GlmArrays, GlmIrlsFit } from './glm-fit.js';
export { POISSON_FAMILY, negativeBinomialFamily } from './families.js';
export type { CountFamily } from './families.js';
export { thetaMl, negativeBinomialLogLik, THETA_ML_EPS } from './theta-ml.js';
export type { ThetaMlResult } from './theta-ml.js';
export { robustCovariance } from './sandwich.js';
export { digamma, trigamma } from './gamma-functions.js';
