/**
 * Validation metrics of risk predictions for survival outcomes: discrimination
 * (Harrell's and Uno's C, time-dependent AUC), accuracy (IPCW Brier score,
 * integrated Brier score), calibration at a horizon, resampling validation
 * (bootstrap optimism, k-fold CV) and paired comparison of two scores.
 * Convention: a larger score means a higher risk (shorter survival).
 */
export { harrellC } from './harrell-c.js';
export type { HarrellCResult } from './harrell-c.js';
export { unoC } from './uno-c.js';
export type { UnoCOptions } from './uno-c.js';
export { timeDependentAuc } from './td-auc.js';
export type { TimeDependentAuc } from './td-auc.js';
export { brierScore, integratedBrierScore } from './brier.js';
export type { BrierResult } from './brier.js';
export { calibrationAtHorizon, breslowCumulativeHazard, quantileType7, rcs3 } from './calibration.js';
export type { CalibrationOptions, CalibrationResult, CalibrationGroup } from './calibration.js';
export { bootstrapOptimism, crossValidatePerformance, takeRows } from './resampling.js';
export type { Learner, Metric, BootstrapOptions, OptimismResult, CrossValidationOptions, CrossValidationResult } from './resampling.js';
export { compareConcordance } from './compare.js';
export type { CompareOptions, ConcordanceComparison } from './compare.js';
export { kaplanMeierStep, survivalAt, survivalBefore } from './survival-step.js';
export type { SurvivalStep } from './survival-step.js';
