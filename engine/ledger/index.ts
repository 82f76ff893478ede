/** The hash-chained data-use ledger. */
export { canonicalJson, toJsonValue, type JsonValue } from './canonical-json.js';
export { engineVersion } from './engine-version.js';
export {
  appendLedgerEntry,
  entryHash,
  GENESIS_HASH,
  listLedger,
  readLedger,
  type AppendOptions,
  type LedgerEntry,
  type LedgerEntryInput,
  type LedgerEntrySummary,
  type ListLedgerOptions,
} from './ledger.js';
export { verifyLedger, type LedgerProblem, type LedgerProblemKind, type LedgerVerification, type VerifyOptions } from './verify-ledger.js';
export { ledgerForPatient, type PatientDataUse, type PatientLedgerReport, type PatientPublishedResult, type PatientStudyUse } from './ledger-for-patient.js';
