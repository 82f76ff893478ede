/**
 * Risk prediction numerics on typed arrays: the elastic-net penalized Cox
 * model (glmnet `family = "cox"`) with its cross-validation, validation
 * metrics (./metrics) and biomarker evaluation. No engine/ or cli/ imports.
 *
 * @example
 * ```ts
 * import { coxnetFormula } from 'midia-hub/models';
 * const { fit, cv } = coxnetFormula('Surv(rfstime, status) ~ age + factor(grade) + nodes + pgr', gbsg,
 *   { alpha: 0.5, crossValidate: true, nfolds: 10, seed: 42 });
 * fit.coefAt(cv!.lambdaMin); // coefficients on the original scale, named by fit.columnNames
 * ```
 *
 * Entry point `midia-hub/models/risk` (README, "Library API"); the root `midia-hub`
 * re-exports a curated part of it (docs/public-api.md).
 */
export { coxnet, CoxnetFit, linearPredictor } from './coxnet.js';
export { coxnetSettings, COXNET_PATH_CONSTANTS } from './coxnet-control.js';
export type { CoxnetOptions, CoxnetSettings } from './coxnet-control.js';
export type { CoxnetInput } from './coxnet-data.js';
export type { CoxnetPathResult } from './coxnet-fit.js';
export { cvCoxnet, randomFolds } from './cv-coxnet.js';
export type { CvCoxnetOptions, CvCoxnetResult } from './cv-coxnet.js';
export { coxnetFormula } from './coxnet-formula.js';
export type { CoxnetFormulaOptions, CoxnetFormulaResult } from './coxnet-formula.js';
export { coxDeviance, coxDevianceLayout, coxDevianceFromLayout } from './coxnet-deviance.js';
export { lambdaInterp, interpolateCoefficients } from './lambda-interp.js';
export { biomarkerValue, netReclassification, univariableScreen, multivariableScreen } from './biomarker.js';
export type { BiomarkerInput, BiomarkerOptions, BiomarkerResult, Nri, ScreenRow, ScreenOptions } from './biomarker.js';
export * from './metrics/index.js';
export * from './model/index.js';
export * from './artifact/index.js';
export * from './forest/index.js';
