/**
 * Neural Cox model (DeepSurv) on @tensorflow/tfjs (CPU backend).
 *
 * Entry point `midia-hub/models/risk/neural` (README, "Library API"); not re-exported by
 * the root `midia-hub` (docs/public-api.md).
 */
export { deepSurvRiskModel } from './deep-surv.js';
export type { DeepSurvRiskModelOptions } from './deep-surv.js';
export { deepSurvSettings } from './deep-surv-control.js';
export type { DeepSurvOptions, DeepSurvSettings } from './deep-surv-control.js';
export { deepSurvFit } from './deep-surv-fit.js';
export type { DeepSurvFitResult } from './deep-surv-fit.js';
