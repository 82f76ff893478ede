/**
 * The data layer: the cohort store (DuckDB), the canonical schema, loaders,
 * the access gate (the only read path to patient data), analysis tables,
 * timelines and Arrow conversion.
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
export { patientTimeline, TIMELINE_SQL } from './timeline.js';
export type { PatientTimeline, TimelineEntry } from './timeline.js';
export { describeCohort } from './describe.js';
export type { CohortDescription, VariableSummary } from './describe.js';
export { daysFrom, daysToIso, isoToDays, readResult, toArrowTable, toColumnTable, toInt32, toRows } from './convert.js';
export type { ColumnKind, ResultColumns } from './convert.js';
export { formatOf, readDataFile } from './read-file.js';
export type { DataFileFormat } from './read-file.js';
