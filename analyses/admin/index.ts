/**
 * The administrative operations as the surfaces reach them (analyses/README.md):
 * open a cohort database, import data and cohort folders, pseudonymize,
 * manage consent, studies and the data-use ledger, print the schema, write
 * the synthetic data. Thin functions over engine/ that take a database path
 * and open it for the call. The public API exposes this folder as the
 * namespace `admin` (`admin.registerStudy(db, ...)`), apart from the
 * engine's store-level functions of the same names.
 */
export { openStore, withStore, type OpenStoreOptions, type CohortStore } from './store.js';
export { importSources, CANONICAL_TABLES, type CanonicalTableName, type ImportRequest, type ImportResult, type ImportReport } from './import.js';
export { governanceLines, readStudyFile, STUDY_FILE, CONSENTS_FILE, type FolderGovernanceReport, type StudyFileReport } from './study-folder.js';
export {
  changeConsentIn,
  consentHistoryOf,
  consentStatusOf,
  importConsents,
  parseIsoTime,
  CONSENT_SOURCES,
  type ConsentAction,
  type ConsentChange,
  type ConsentEvent,
  type ConsentSource,
  type ConsentState,
  type ConsentChangeResult,
  type FhirConsentReport,
} from './consent.js';
export { registerStudy, listStudies, showStudy, publishResult, DEFAULT_MIN_CELL_COUNT, STUDY_ACCESS_LEVELS, type Publication, type PublicationInput, type Study, type StudyAccess, type StudyInput } from './study.js';
export {
  verifyLedger,
  verifyOptions,
  ledgerCheckpointOf,
  listLedgerOf,
  ledgerForPatientOf,
  LEDGER_KEY_ENV,
  type VerifyRequest,
  type CheckpointDocument,
  type LedgerEntrySummary,
  type ListLedgerOptions,
  type PatientLedgerReport,
  type LedgerVerification,
  type VerifyOptions,
} from './ledger.js';
export { pseudonymizeOptions, pseudonymsOf, importPseudonymized, PSEUDONYM_KEY_ENV, DEFAULT_PSEUDONYM_DOMAIN, type PseudonymizeRequest, type PseudonymizedImportRequest, type PseudonymizeOptions } from './pseudonymize.js';
export { schemaJson, schemaSql, schemaText } from './schema.js';
export { writeCohortFiles, writeRegistryFiles, GENERATE_MAX_PATIENTS, MS_REGISTRY_DEFAULT_SEED, DEFAULT_COHORT_OPTIONS, SYNTHETIC_STUDY_ID, type CohortFilesRequest, type RegistryFilesRequest } from './generate.js';
