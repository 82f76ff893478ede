/**
 * The data-use ledger as the surfaces reach it (`midia ledger`): verify the
 * chain, signatures and seal (with a checkpoint and public keys read from
 * files), write a signed checkpoint, list entries, and a patient's view of
 * which studies used their data (docs/ledger.md). Thin functions over
 * engine/ledger/ that open the database for the call.
 */
import { readFileSync } from 'node:fs';
import { ledgerCheckpoint } from '../../engine/ledger/checkpoint.js';
import { listLedger, type LedgerEntrySummary, type ListLedgerOptions } from '../../engine/ledger/ledger.js';
import { ledgerForPatient, type PatientLedgerReport } from '../../engine/ledger/ledger-for-patient.js';
import { parseCheckpoint, type CheckpointDocument } from '../../engine/ledger/signed-log.js';
import { publicKeysFromPem } from '../../engine/ledger/signing-key.js';
import { verifyLedger as verify, type LedgerVerification, type VerifyOptions } from '../../engine/ledger/verify-ledger.js';
import { StoreError, UsageError } from '../../util/errors.js';
import { withStore } from './store.js';

export { LEDGER_KEY_ENV } from '../../engine/ledger/signing-key.js';
export type { CheckpointDocument } from '../../engine/ledger/signed-log.js';
export type { LedgerEntrySummary, ListLedgerOptions } from '../../engine/ledger/ledger.js';
export type { PatientLedgerReport } from '../../engine/ledger/ledger-for-patient.js';
export type { LedgerVerification, VerifyOptions } from '../../engine/ledger/verify-ledger.js';

/** What a verification is checked against, as files and text (the surface's flags). */
export interface VerifyRequest {
  /** `SEQ:HASH` (64 hex digits): entry SEQ must still have HASH. */
  expectHead?: string;
  /** SPKI PEM file of the public key(s). */
  publicKeyFile?: string;
  /** A checkpoint file written by {@link writeCheckpoint}'s document. */
  checkpointFile?: string;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${file}: ${(error as Error).message}`);
  }
}

/**
 * The verification options of a request: the expected head parsed, the key and checkpoint files read.
 * @throws UsageError for a malformed head or an unreadable file; StoreError for a checkpoint that is not JSON.
 */
export function verifyOptions(request: VerifyRequest): VerifyOptions {
  const opts: VerifyOptions = {};
  const head = request.expectHead;
  if (head !== undefined) {
    const m = /^(\d+):([0-9a-f]{64})$/.exec(head);
    if (!m) throw new UsageError(`--expect-head must be SEQ:HASH (64 hex digits), got '${head}'`);
    opts.expectHead = { seq: Number(m[1]), hash: m[2]! };
  }
  const keyFile = request.publicKeyFile;
  if (keyFile !== undefined) opts.publicKeys = publicKeysFromPem(readText(keyFile, 'public key file'), keyFile);
  const cpFile = request.checkpointFile;
  if (cpFile !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(readText(cpFile, 'checkpoint file'));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new StoreError(`checkpoint ${cpFile} is not JSON: ${(error as Error).message}`);
    }
    opts.checkpoint = parseCheckpoint(value, `checkpoint ${cpFile}`);
  }
  return opts;
}

/** Verifies the ledger of `db`: chain, signatures, seal, and the checkpoint or head of `options`. */
export function verifyLedger(db: string, options: VerifyOptions = {}): Promise<LedgerVerification> {
  return withStore(db, (store) => verify(store, options));
}

/** A signed checkpoint of the ledger of `db` (verified with the signing key first). */
export function ledgerCheckpointOf(db: string): Promise<CheckpointDocument> {
  return withStore(db, (store) => ledgerCheckpoint(store));
}

/** Ledger entries in order (patients counted, not listed). */
export function listLedgerOf(db: string, options: ListLedgerOptions = {}): Promise<LedgerEntrySummary[]> {
  return withStore(db, (store) => listLedger(store, options));
}

/** Which studies used a patient's data, when, for what question, with what published result. */
export function ledgerForPatientOf(db: string, pseudonym: string): Promise<PatientLedgerReport> {
  return withStore(db, (store) => ledgerForPatient(store, pseudonym));
}
