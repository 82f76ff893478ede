/**
 * The risk-model analyses (README.md in this folder): train an artifact on a
 * plain table, evaluate and compare artifacts on a plain table or a study
 * (disclosed, recorded), predict for the rows of a plain table or for
 * patients given as JSON. `riskX(source, options)` validates the options
 * (zod); `runRiskX(source, parsed)` takes them already parsed.
 */
export { riskTrain, runRiskTrain, TRAIN_REFUSES_STUDY, RSF_MODEL_MIN_NODE_SIZE, type RiskTrainResult, type RiskTrainSummary } from './train.js';
export { riskEvaluate, runRiskEvaluate, riskColumns, type RiskEvaluation, type RiskEvaluated } from './evaluate.js';
export { riskCompare, runRiskCompare, type RiskComparison } from './compare.js';
export { riskPredict, runRiskPredict, riskPredictPatients, runRiskPredictPatients, PREDICT_REFUSES_STUDY, type RiskTablePrediction, type RiskPrediction } from './predict.js';
export { readModelArtifact, type ModelArtifact } from './model-file.js';
export { convertHorizons, artifactHorizons, responseColumns, patientsFromTable, UNIT_DAYS, TIME_UNITS, type TimeUnit, type OutcomeColumns, type TablePatients } from './rows.js';
export { discloseRowWarnings } from './warnings.js';
export { loadRiskData, type RiskData } from './load.js';
export type {
  RiskTrainOptionsInput,
  RiskTrainOptionsParsed,
  RiskEvaluateOptionsInput,
  RiskEvaluateOptionsParsed,
  RiskCompareOptionsInput,
  RiskCompareOptionsParsed,
  RiskPredictOptionsInput,
  RiskPredictOptionsParsed,
  RiskPredictPatientsOptionsInput,
  RiskPredictPatientsOptionsParsed,
} from './options.js';
