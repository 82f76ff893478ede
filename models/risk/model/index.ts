/**
 * Deployable risk models with one train / predict / serialize interface
 * ({@link RiskModel} trains a {@link TrainedModel}; {@link buildModelArtifact}
 * serializes any kind): Cox, penalized Cox (coxnet), the random survival
 * forest and (in ../neural) the neural Cox model; the validation summary.
 */
export type { RiskModel, TrainedModel, TrainedRiskModel, TrainingData, SurvivalPrediction } from './types.js';
export { TrainedScoreModel } from './trained-model.js';
export type { ScoreFit, ScoreModelKind } from './trained-model.js';
export { TrainedRsfModel } from './trained-rsf-model.js';
export { coxRiskModel } from './cox-risk-model.js';
export type { CoxRiskModelOptions } from './cox-risk-model.js';
export { coxnetRiskModel } from './coxnet-risk-model.js';
export type { CoxnetRiskModelOptions } from './coxnet-risk-model.js';
export { breslowOnGrid, defaultGridStep } from './baseline-grid.js';
export type { GridOptions, GridBaseline, TimeUnit as GridTimeUnit } from './baseline-grid.js';
export { designSpecFromFrame, designFromTable } from './design-spec.js';
export type { DesignSpec, DesignColumn, DesignCovariate } from './design-spec.js';
export { buildModelArtifact, buildRsfArtifact, medianFollowUp } from './build-artifact.js';
export type { BuildArtifactOptions, BuildRsfArtifactOptions } from './build-artifact.js';
export { forestArtifactPredictor, RSF_EXPORT_MIN_NODE_SIZE, RSF_EXPORT_MIN_LEAF_PATIENTS } from './forest-artifact.js';
export type { ForestExportFloors } from './forest-artifact.js';
export { validateRiskModel, tableRows } from './validate.js';
export type { ValidateOptions } from './validate.js';
export { rsfRiskModel, RSF_MODEL_MIN_NODE_SIZE } from './rsf-risk-model.js';
export type { RsfRiskModelOptions } from './rsf-risk-model.js';
