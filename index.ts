/**
 * MIDIA Hub analytics engine: the public API (`midia-hub`).
 *
 * What is public is chosen here, name by name; etc/midia-hub.api.md is the
 * checked report of it (test/api-report.test.ts fails when this surface
 * changes without the report; docs/public-api.md says how to update it).
 * Numeric kernels, control constants and helpers stay in their subpath
 * entries (`midia-hub/models/survival`, `midia-hub/engine`, ...; README,
 * "Library API").
 *
 * - analyses: one function per user-facing analysis (the same the CLI
 *   calls: survival, MS, therapy comparison, risk models, describe / table /
 *   timeline / query, sequential patterns), data sources, and the
 *   administrative operations as the namespace `admin`;
 * - engine: the cohort store, the access gate, analysis tables, timelines,
 *   consent, studies, ledger, disclosure control;
 * - models: the fitting functions users call directly on a ColumnTable
 *   (R names: kaplanMeier, coxph, survreg, ...);
 * - charts (figure specs), render (HTML, PNG), datasets, errors.
 *
 * Three survival analyses share their name with the model function they
 * wrap; the root exports the model functions under the R names (`rmst`,
 * `lmm`, `coxnet`) and the analyses as `rmstAnalysis`, `lmmAnalysis` and
 * `coxnetAnalysis` (plain names in `midia-hub/analyses`).
 */

// ---- analyses: data sources and the analyses the CLI, the service and the notebooks call
export { tableSource, studySource, openStudySource, fileSource } from './analyses/core/index.js';
export type { DataSource, TableSource, StudySource, OpenStudyOptions, AnalysisCall, AnalysisResult, DisclosureReport } from './analyses/core/index.js';
export { km, logrank, cox, zph, cif, finegray, aft, mstate, figure, FIGURE_KINDS } from './analyses/survival/index.js';
export { rmst as rmstAnalysis, lmm as lmmAnalysis, coxnet as coxnetAnalysis } from './analyses/survival/index.js';
export type {
  KmResult,
  LogrankResult,
  RmstResult as RmstAnalysisResult,
  CoxResult,
  ZphResult,
  CifResult,
  FinegrayResult,
  AftResult,
  LmmResult as LmmAnalysisResult,
  CoxnetResult,
  MstateResult,
  MstateOptionsInput,
  FigureKind,
  FigureResult,
  KmOptionsInput,
  LogrankOptionsInput,
  RmstOptionsInput,
  CoxOptionsInput,
  ZphOptionsInput,
  CifOptionsInput,
  FinegrayOptionsInput,
  AftOptionsInput,
  LmmOptionsInput,
  CoxnetOptionsInput,
  FigureOptionsInput,
} from './analyses/survival/index.js';
export { msCdw, msOutcomes, msPathways, msCluster, msCompare, MRI_ACTIVITY_CODES, CLUSTER_METHODS } from './analyses/ms/index.js';
export type {
  MsCdwResult,
  MsOutcomesResult,
  MsOutcomesSummary,
  MsOutcomePatient,
  MsPathwaysResult,
  MsClusterResult,
  ClusterReport,
  ClusterAssignment,
  ClusterCentre,
  ClusterMethod,
  CompareReport,
  MsCdwOptionsInput,
  MsOutcomesOptionsInput,
  MsPathwaysOptionsInput,
  MsClusterOptionsInput,
  MsCompareOptionsInput,
} from './analyses/ms/index.js';
export { compareTherapies } from './analyses/compare/index.js';
export type { CompareOptions, CompareResult, CompareDesign } from './analyses/compare/index.js';
export { riskTrain, riskEvaluate, riskCompare, riskPredict, riskPredictPatients, readModelArtifact } from './analyses/risk/index.js';
export type { RiskTrainResult, RiskEvaluation, RiskComparison, RiskTablePrediction, RiskPrediction, RiskTrainOptionsInput, RiskEvaluateOptionsInput, RiskCompareOptionsInput, RiskPredictOptionsInput, RiskPredictPatientsOptionsInput } from './analyses/risk/index.js';
export { describe, table, timeline, query } from './analyses/data/index.js';
export type { DescribeResult, TableResult, QueryResult, DescribeOptionsInput, TableOptionsInput, TimelineOptionsInput, QueryOptionsInput } from './analyses/data/index.js';
export { minePatterns, patternRules, comparePatterns, sequenceFileSource } from './analyses/patterns/index.js';
export type { MineResult, RulesResult, CompareResult as PatternCompareResult } from './analyses/patterns/index.js';
export { admin } from './analyses/index.js';

// ---- engine: store, access gate, analysis tables, consent, studies, ledger, disclosure
export { CohortStore, openSession, allPatients, AnalysisSession, CANONICAL_TABLES, TABLES, SCHEMA_VERSION } from './engine/index.js';
export type { CanonicalTableName, AccessPolicy, SessionOptions, ImportOptions, ImportReport, RecordImportOptions, StoreOpenOptions } from './engine/index.js';
export { patientTable, patientTableSql, countingProcessTable, countingProcessSql, timeDependentTable, patientTimeline, describeCohort } from './engine/index.js';
export type {
  PatientTableSpec,
  CountingProcessSpec,
  CovariateSpec,
  EndpointSpec,
  Diagnosis,
  EventType,
  TimeUnit,
  TimeDependentSpec,
  TimeDependentTable,
  PatientTimeline,
  TimelineEntry,
  CohortDescription,
} from './engine/index.js';
export { readDataFile, toColumnTable, toArrowTable } from './engine/index.js';
export { grantConsent, revokeConsent, consentStatus, consentHistory, consentPolicy, importFhirConsent } from './engine/index.js';
export type { ConsentChange, ConsentState, ConsentEvent } from './engine/index.js';
export { registerStudy, getStudy, listStudies, publishResult } from './engine/index.js';
export type { Study, StudyInput, StudyAccess, Publication, PublicationInput } from './engine/index.js';
export { verifyLedger, ledgerCheckpoint, listLedger, ledgerForPatient } from './engine/index.js';
export type { LedgerVerification, LedgerEntrySummary, PatientLedgerReport } from './engine/index.js';
export { discloseKaplanMeier, discloseModel, suppressSmallCounts, DEFAULT_THRESHOLD } from './engine/index.js';
export type { DisclosedKaplanMeier, DisclosedModel, DisclosureOptions } from './engine/index.js';
export { pseudonymFor, detectIdentifierColumns } from './engine/index.js';
export { recordReport, importReports, sessionReports } from './engine/index.js';
export type { NewReport, RecordedReport, ReportView } from './engine/index.js';

// ---- models: the fitting functions on a ColumnTable
export { parseFormula } from './models/design/index.js';
export type { ColumnTable } from './models/design/index.js';
export {
  kaplanMeier,
  KaplanMeierFit,
  logRank,
  pairwiseLogRank,
  LogRankTest,
  nelsonAalen,
  rmst,
  coxph,
  CoxFit,
  predictCox,
  concordance,
  coxResiduals,
  coxZph,
  coxBaselineHazard,
  coxSurvfit,
  cumulativeIncidence,
  fineGray,
  survreg,
  tmerge,
  splitAtDates,
  splitAtTimes,
  aalenJohansen,
  multiStateCox,
  predictStateOccupation,
} from './models/survival/index.js';
export type {
  KaplanMeierOptions,
  KaplanMeierJSON,
  LogRankJSON,
  RmstOptions,
  RmstResult,
  CoxphOptions,
  CoxTerm,
  CoxZphOptions,
  CoxZphResult,
  CumulativeIncidenceOptions,
  CumulativeIncidenceResult,
  FineGrayOptions,
  FineGrayResult,
  SurvregOptions,
  SurvregResult,
} from './models/survival/index.js';
export { lmm } from './models/mixed/index.js';
export type { LmmOptions, LmmResult } from './models/mixed/index.js';
export { poissonRegression, negativeBinomialRegression } from './models/glm/index.js';
export {
  coxnet,
  cvCoxnet,
  coxnetFormula,
  coxRiskModel,
  coxnetRiskModel,
  rsfRiskModel,
  randomSurvivalForestFormula,
  harrellC,
  unoC,
  timeDependentAuc,
  brierScore,
  integratedBrierScore,
  calibrationAtHorizon,
  compareConcordance,
  netReclassification,
  bootstrapOptimism,
  crossValidatePerformance,
  univariableScreen,
  multivariableScreen,
  biomarkerValue,
  randomFolds,
  tableRows,
  takeRows,
  buildModelArtifact,
  loadModelArtifact,
  saveModelArtifact,
  predictRisk,
} from './models/risk/index.js';
export {
  confirmedDisabilityEvents,
  relapsesInWindows,
  crudeAnnualizedRelapseRate,
  nedaStatus,
  dmtEpisodes,
  pathwaySummary,
  treatmentStrategies,
} from './models/ms/index.js';
export { pam, clara, kmeans, gaussianMixture, latentClassGrowth, silhouette, adjustedRandIndex, clusterProfiles, dtwDistance } from './models/cluster/index.js';
export { propensityScore, ipWeights, balanceTable, weightedEffect, subgroupEffects, matchNearest } from './models/causal/index.js';
export { nottinghamPrognosticIndex, nottinghamPrognosticIndexes, capraS, isupGradeGroup, psaDoublingTime, steepEndpoints } from './models/oncology/index.js';
export { mineFrequentSequences, sequentialRules, discriminatingPatterns } from './models/patterns/index.js';

// ---- charts, render, datasets, errors, randomness, progress
export {
  kaplanMeierFigure,
  cumulativeIncidenceFigure,
  forestPlot,
  forestFromCox,
  forestFromFineGray,
  schoenfeldFigure,
  schoenfeldFigures,
  stateOccupationFigure,
  patientTimelineFigure,
  calibrationFigure,
  timeDependentFigure,
  cvCurveFigure,
  coefficientPathFigure,
  importanceFigure,
  predictedSurvivalFigure,
  sankeyFigure,
  trajectoryFigure,
  loveFigure,
  silhouetteFigure,
  bicFigure,
  clusterProfileFigure,
  patternSupportFigure,
  discriminatingPatternsFigure,
  OKABE_ITO,
} from './charts/index.js';
export type { FigureSpec } from './charts/index.js';
export { figureHtml, figureToPng, tableHtml, reportHtml, writeReport } from './render/index.js';
export type { FigureHtmlOptions, PngOptions, Report } from './render/index.js';
export { PUBLIC_DATASETS, publicDataset, datasetPath, packageRoot, generateCohort, generateMsRegistry, SYNTHETIC_STUDY_ID } from './datasets/index.js';
export type { PublicDataset, PublicDatasetName } from './datasets/index.js';
export * from './util/errors.js';
export { seededRandom } from './util/random.js';
export type { RandomSource } from './util/random.js';
export type { ProgressCallback, ProgressEvent } from './util/progress.js';
