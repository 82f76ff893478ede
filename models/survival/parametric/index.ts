/**
 * Parametric accelerated failure time models as `survival::survreg`
 * (Weibull, exponential, log-normal, log-logistic): the formula front end,
 * its numeric core, the error distributions and prediction for new data.
 *
 * @example
 * ```ts
 * import { survreg } from './index.js';
 * survreg('Surv(time, status) ~ age + sex', lung, { dist: 'weibull' }).scale;
 * ```
 */
export { survreg, survregControl } from './survreg.js';
export type { SurvregOptions, SurvregResult, SurvregTerm, SurvregJSON, SurvregDistribution, SurvregPredictType } from './survreg.js';
export { survregFit } from './survreg-fit.js';
export type { SurvregInput, SurvregControl, SurvregCore } from './survreg-fit.js';
export { logDensity, logSurvival, errorQuantile, initialValues } from './aft-distributions.js';
export type { AftErrorDistribution, LogTerm } from './aft-distributions.js';
export { designForNewData } from './aft-newdata.js';
