/**
 * Deployable risk models with one train / predict / serialize interface:
 * Cox, penalized Cox (coxnet) and (in ../neural) the neural Cox model; the
 * artifact builder and validation summary.
 */
export type { RiskModel } from './types.js';
export { TrainedRiskModel } from './trained-model.js';
export type { SurvivalPrediction, ScoreFit } from './trained-model.js';
export { coxRiskModel } from './cox-risk-model.js';
export type { CoxRiskModelOptions } from './cox-risk-model.js';
export { coxnetRiskModel } from './coxnet-risk-model.js';
export type { CoxnetRiskModelOptions } from './coxnet-risk-model.js';
export { breslowOnGrid, defaultGridStep } from './baseline-grid.js';
export type { GridOptions, GridBaseline, TimeUnit as GridTimeUnit } from './baseline-grid.js';
export { designSpecFromFrame, designFromTable } from './design-spec.js';
export type { DesignSpec, DesignColumn, DesignCovariate } from './design-spec.js';
export { buildModelArtifact, medianFollowUp } from './build-artifact.js';
export type { BuildArtifactOptions } from './build-artifact.js';
export { validateRiskModel, tableRows } from './validate.js';
export type { ValidateOptions } from './validate.js';
export { rsfRiskModel, buildRsfArtifact, TrainedRsfModel, RSF_MODEL_MIN_NODE_SIZE, RSF_EXPORT_MIN_NODE_SIZE, RSF_EXPORT_MIN_LEAF_PATIENTS } from './rsf-risk-model.js';
export type { RsfRiskModelOptions, BuildRsfArtifactOptions } from './rsf-risk-model.js';
