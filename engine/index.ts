/**
 * The data layer: the cohort store (DuckDB), the canonical schema, loaders,
 * the access gate (the only read path to patient data), analysis tables,
 * timelines and Arrow conversion.
 *
 * Entry point `midia-hub/engine` (README, "Library API"); the root `midia-hub`
 * re-exports a curated part of it (docs/public-api.md).
 */
export * from './schema.js';
export { CohortStore, ImportValidationError, MIGRATIONS, STORE_CATALOG } from './store.js';
export type { ImportOptions, ImportReport, Migration, RecordImportOptions, StoreOpenOptions, TableDescription } from './store.js';
export { detectFormat, loadColumnMapping, mapFhirResources, parseColumnMapping } from './import/index.js';
export type { ColumnMapping, ColumnMappingEntry } from './import/index.js';
export { AnalysisSession, allPatients, openSession, SESSION_TABLES } from './access.js';
export type { AccessPolicy, SessionOptions } from './access.js';
export {
  countingProcessSql,
  countingProcessTable,
  DAYS_PER_UNIT,
  patientTable,
  patientTableSql,
} from './analysis-table.js';
export type { CountingProcessSpec, CovariateSpec, Diagnosis, EndpointSpec, EventType, PatientTableSpec, TimeUnit } from './analysis-table.js';
export { resolveCovariates, timeDependentTable } from './time-dependent-table.js';
export type { EventCountSpec, ObservationTdcSpec, RecurrentEventSpec, TherapySwitchSpec, TimeDependentSpec, TimeDependentTable } from './time-dependent-table.js';
export { patientTimeline, TIMELINE_SQL } from './timeline.js';
export type { PatientTimeline, TimelineEntry } from './timeline.js';
export { describeCohort } from './describe.js';
export type { CohortDescription, VariableSummary } from './describe.js';
export { daysFrom, daysToIso, isoToDays, readResult, toArrowTable, toColumnTable, toInt32, toRows } from './convert.js';
export type { ColumnKind, ResultColumns } from './convert.js';
export { formatOf, readDataFile } from './read-file.js';
export type { DataFileFormat } from './read-file.js';
export * from './consent/index.js';
export * from './study/index.js';
export * from './ledger/index.js';
export {
  checkThreshold,
  DEFAULT_THRESHOLD,
  discloseDescription,
  discloseIncidenceCurves,
  discloseKaplanMeier,
  discloseModel,
  discloseSurvivalAtTimes,
  suppressRowCounts,
  suppressSmallCounts,
  suppressSmallCounts1D,
} from './disclosure/index.js';
export type {
  CrossTable,
  DisclosedDescription,
  DisclosedKaplanMeier,
  DisclosedModel,
  DisclosureOptions,
  IncidenceCurve as DisclosableIncidenceCurve,
  KaplanMeierDisclosureOptions,
  ModelDisclosureOptions,
  SuppressedTable,
  SuppressOptions,
} from './disclosure/index.js';
export { IdentifyingDataError } from './privacy/errors.js';
export { detectIdentifierColumns, identifierKind } from './privacy/identifiers.js';
export type { IdentifierColumn, IdentifierKind } from './privacy/identifiers.js';
export { loadPseudonymKey, MIN_KEY_BYTES, PSEUDONYM_KEY_ENV } from './privacy/key.js';
export type { KeySource } from './privacy/key.js';
export { DEFAULT_PSEUDONYM_DOMAIN, normalizeSourceId, pseudonymFor } from './privacy/pseudonym.js';
export type { PseudonymOptions } from './privacy/pseudonym.js';
export type { PseudonymizeOptions, PseudonymizationSummary } from './privacy/types.js';
export { acceptedPseudonymPattern, checkPseudonymPattern, DEFAULT_PSEUDONYM_FORMS, isAcceptedPseudonym, pseudonymPattern } from './privacy/pseudonym-format.js';
export type { PseudonymForm } from './privacy/pseudonym-format.js';
export { FREE_TEXT_COLUMNS, FREE_TEXT_PATTERNS, redactFreeText } from './privacy/free-text.js';
export type { RedactionCounts, RedactionKind } from './privacy/free-text.js';
export { importFiles, type ImportJob } from './import/import-batch.js';
export { importReports, isReportScoreCode, recordReport, REPORT_SCORES_TABLE, reportDateRange, sessionReports, writeReports } from './reports/index.js';
export type { ImportedReports, NewReport, RecordedReport, RecordReportOptions, ReportToImport, ReportView, WriteReportsResult } from './reports/index.js';
export { instrumentOfQuestionnaire, QUESTIONNAIRE_CANONICALS, questionnaireResponseFromReport, reportFromQuestionnaireResponse } from './import/fhir-questionnaire-response.js';
export type { QuestionnaireResponseIssue, QuestionnaireResponseReport, QuestionnaireResponseResult, ReportForFhir } from './import/fhir-questionnaire-response.js';
export { checkStorePath } from './store-file.js';
export { privateTempDir, removeStaleTempDirs, withPrivateTempDir } from './temp-dir.js';
