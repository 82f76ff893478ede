/**
 * Loaders of the cohort store: files (CSV/TSV, Parquet, Arrow IPC, NDJSON),
 * FHIR R4 and in-process records, with declarative column mapping.
 */
export * from './types.js';
export { detectFormat, defaultDelimiter, EXTENSION_FORMATS } from './format.js';
export {
  ColumnMappingSchema,
  ColumnMappingEntrySchema,
  parseColumnMapping,
  loadColumnMapping,
  resolveMapping,
  type ColumnMapping,
  type ColumnMappingEntry,
  type ResolvedColumn,
  type ResolvedMapping,
} from './mapping.js';
export { mapFhirResources, fhirDay, type FhirEntry, type FhirMapping, type MappedRecord, type FhirMapOptions } from './fhir.js';
export { parseFhirText, type FhirParse } from './fhir-read.js';
export * as fhirCodes from './fhir-codes.js';
export { MEMORY_FILE } from './import-records.js';
