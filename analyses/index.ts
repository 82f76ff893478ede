/**
 * The analyses layer (analyses/README.md), entry point `midia-hub/analyses`:
 * one function per user-facing analysis, each taking a data source and one
 * validated options object and returning the result with its warnings, what
 * disclosure control did and the ledger entry it wrote. The CLI, the HTTP
 * service and the notebooks call these same functions.
 *
 * - core: data sources (`tableSource`, `fileSource`, `openStudySource`) and
 *   the one load -> fit -> disclose -> ledger sequence (`runAnalysis`);
 * - survival: km, logrank, rmst, cox, zph, cif, finegray, aft, lmm, coxnet, figure;
 * - ms: msCdw, msOutcomes, msPathways, msCluster, msCompare;
 * - compare: target trial emulation of two therapies (`compareTherapies`);
 * - risk: riskTrain, riskEvaluate, riskCompare, riskPredict, riskPredictPatients;
 * - data: describe, table, timeline, query;
 * - patterns: minePatterns, patternRules, comparePatterns on event sequences;
 * - admin (namespace): database-level operations (import, consent, studies,
 *   ledger, pseudonymize, schema, synthetic data).
 */
export * from './core/index.js';
export * from './survival/index.js';
export * from './ms/index.js';
export {
  compareTherapies,
  analyseComparison,
  resolveCompareOptions,
  trialProtocol,
  COMPARE_DESIGNS,
  type CompareAnalysis,
  type CompareDiagnostics,
  type NegativeControlResult,
  type ArmCurve,
  type CompareOptions,
  type ResolvedCompareOptions,
  type CompareDesign,
  type EligibilityCriterion,
  type CompareResult,
  type ContractEstimate,
  type DisclosedCurve,
  type ProtocolRow,
} from './compare/index.js';
export * from './data/index.js';
export {
  riskTrain,
  runRiskTrain,
  riskEvaluate,
  runRiskEvaluate,
  riskCompare,
  runRiskCompare,
  riskPredict,
  runRiskPredict,
  riskPredictPatients,
  runRiskPredictPatients,
  readModelArtifact,
  TRAIN_REFUSES_STUDY,
  PREDICT_REFUSES_STUDY,
  type RiskTrainResult,
  type RiskTrainSummary,
  type RiskEvaluation,
  type RiskEvaluated,
  type RiskComparison,
  type RiskTablePrediction,
  type RiskPrediction,
  type ModelArtifact,
  type RiskTrainOptionsInput,
  type RiskEvaluateOptionsInput,
  type RiskCompareOptionsInput,
  type RiskPredictOptionsInput,
  type RiskPredictPatientsOptionsInput,
} from './risk/index.js';
export {
  minePatterns,
  runMinePatterns,
  patternRules,
  runPatternRules,
  comparePatterns,
  runComparePatterns,
  sequenceFileSource,
  readSequenceFile,
  readGroupFile,
  ALPHABET_FAMILIES,
  DEFAULT_ALPHABET,
  type MineResult,
  type MinedPattern,
  type RulesResult,
  type DecodedRule,
  type CompareResult as PatternCompareResult,
  type ComparedPattern,
  type SequenceFileEvents,
  type GroupFile,
  type AlphabetFamily,
  type SequenceAlphabet,
} from './patterns/index.js';
export * as admin from './admin/index.js';
