/** The hash-chained, signed data-use ledger, and the signed-log primitives it is built on. */
export { canonicalJson, toJsonValue, type JsonValue } from './canonical-json.js';
export { engineVersion } from './engine-version.js';
export {
  appendLedgerEntry,
  entryHash,
  GENESIS_HASH,
  LEDGER_LOG,
  listLedger,
  readLedger,
  type AppendOptions,
  type LedgerEntry,
  type LedgerEntryInput,
  type LedgerEntrySummary,
  type ListLedgerOptions,
} from './ledger.js';
export { verifyLedger, type LedgerProblem, type LedgerProblemKind, type LedgerVerification, type VerifyOptions } from './verify-ledger.js';
export { ledgerCheckpoint, type CheckpointOptions } from './checkpoint.js';
export {
  checkpointDocument,
  parseCheckpoint,
  signedMessage,
  signHead,
  signatureProblem,
  verifySignedLog,
  SIGNED_LOG_MAGIC,
  type CheckpointDocument,
  type ChainEntry,
  type LogHead,
  type SignedHead,
  type SignedKind,
  type SignedLogInput,
  type SignedLogProblem,
  type SignedLogProblemKind,
  type SignedLogState,
  type SignedLogVerification,
} from './signed-log.js';
export {
  defaultLedgerKeyPath,
  keyIdOf,
  ledgerKeyLocation,
  loadLedgerSigner,
  publicKeysFromPem,
  publicKeysOf,
  signerFromPem,
  throwAwaySigner,
  LEDGER_KEY_ENV,
  type LogSigner,
  type PublicKeySet,
} from './signing-key.js';
export { ledgerForPatient, type PatientDataUse, type PatientLedgerReport, type PatientPublishedResult, type PatientStudyUse } from './ledger-for-patient.js';
