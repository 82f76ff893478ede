/**
 * Versioned model artifacts (format versions 1 and 2; 2 adds the forest
 * predictor of kind rsf): types and zod schemas, load
 * and save with validation, the patient input schema (JSON Schema), the one
 * check of a prediction input (./patient-input.ts) and {@link predictRisk} for
 * portals and the prediction service.
 */
export * from './types.js';
export { loadModelArtifact, saveModelArtifact, artifactConsistencyIssues, formatPath } from './load.js';
export type { LoadArtifactOptions } from './load.js';
export { patientSchema, inputJsonSchema } from './input-schema.js';
export { predictRisk, predictChecked, mlpForward } from './predict-risk.js';
export { predictInputRules, checkPredictInput, checkPatient, checkHorizons, patientJsonSchema, horizonsJsonSchema, inputField } from './patient-input.js';
export type { CheckedPredictInput, InputIssue, InputPath, PatientValues, PlausibleRange, PredictInputCheck, PredictInputPaths, PredictInputPolicy, PredictInputRules } from './patient-input.js';
export type { PredictRiskOptions } from './predict-risk.js';
export { modelCardMarkdown } from './card-markdown.js';
