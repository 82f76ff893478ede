/**
 * Verification of the data-use ledger: its hash chain, its Ed25519
 * signatures, its signed seal, and optionally a checkpoint held outside the
 * store and an expected head (rules in signed-log.ts, threat model in docs/ledger.md).
 *
 * Walking the entries in seq order, entry k is sound when (1) its seq is one
 * more than the previous entry's (1 for the first): a gap means entries were
 * removed, a repeat that one was copied or renumbered; (2) its `prevHash`
 * equals the previous entry's stored hash ({@link GENESIS_HASH} for the first);
 * (3) its stored hash equals the SHA-256 recomputed from its fields and
 * pseudonyms (an edited field, an added or removed pseudonym, or a renumbered
 * entry changes it); (4) its patient count matches its pseudonym rows;
 * (5) unless written before signing existed (legacy), it carries a valid
 * signature. The signed seal then detects removed newest entries (truncation)
 * and entries appended without the key, and a checkpoint held outside the
 * store detects a rollback of the whole database to an older state.
 * A missing (dropped) ledger table is reported as a problem, not an error.
 */
import type { KeyObject } from 'node:crypto';
import { StoreError } from '../../util/errors.js';
import type { CohortStore } from '../store.js';
import { exclusive, existingLedgerSigner } from '../store-internal.js';
import { entryFromRow, entryHash, GENESIS_HASH, LEDGER_LOG, T_LEDGER, T_LEDGER_PATIENTS, type LedgerEntry } from './ledger.js';
import {
  readEntrySignatures,
  readSignedLogState,
  T_LOG_SIGNATURES,
  T_SIGNED_LOGS,
  verifySignedLog,
  type ChainEntry,
  type SignedHead,
  type SignedLogProblemKind,
  type SignedLogState,
  type SignedLogVerification,
} from './signed-log.js';
import { publicKeysOf, type PublicKeySet } from './signing-key.js';

export { GENESIS_HASH };

/** Kind of a problem {@link verifyLedger} found. */
export type LedgerProblemKind = SignedLogProblemKind | 'count';

/** One broken link (seq 0: the ledger as a whole). */
export interface LedgerProblem {
  /** Seq of the entry at which the chain breaks (0 for the ledger as a whole, e.g. a dropped table). */
  seq: number;
  kind: LedgerProblemKind;
  message: string;
}

/** Result of {@link verifyLedger}. */
export interface LedgerVerification extends Omit<SignedLogVerification, 'problems'> {
  /** True when no problem was found and every signature could be checked. */
  ok: boolean;
  /** Last entry's seq and hash, or null for an empty ledger. */
  head: { seq: number; hash: string } | null;
  /** Seq of the first entry at which the chain breaks (0 for the ledger as a whole), or null. */
  firstBrokenSeq: number | null;
  problems: LedgerProblem[];
}

/** Options of {@link verifyLedger}. */
export interface VerifyOptions {
  /** A head recorded earlier outside the store: the ledger must still contain this entry with this hash. */
  expectHead?: { seq: number; hash: string };
  /** A signed checkpoint held outside the store, with the public key it names (`parseCheckpoint` in signed-log.ts). */
  checkpoint?: { head: SignedHead; publicKey: KeyObject };
  /**
   * Public keys that signatures must verify under. Default: the checkpoint's key
   * when a checkpoint is given; else the store's signing key when one exists
   * (the throw-away key of an in-memory store, or the process's key file; a key is never created here).
   */
  publicKeys?: PublicKeySet;
}

type Row = Record<string, unknown>;

function rowsOf(reader: { columnNames(): string[]; getRowsJS(): unknown[][] }): Row[] {
  const names = reader.columnNames();
  return reader.getRowsJS().map((r) => Object.fromEntries(names.map((n, j) => [n, r[j]])));
}

/** What the verifier reads from the store, or the tables it found missing. */
interface LedgerRead {
  entries: (LedgerEntry & { nPatients: number })[];
  signatures: Map<number, { keyId: string; signature: string }>;
  repeated: number[];
  state: SignedLogState | null;
  missingTables: string[];
  /** Problems found while reading (e.g. two seal rows for the ledger). */
  readProblems: LedgerProblem[];
}

const isMissingTable = (error: unknown) => /Catalog Error|does not exist/i.test(error instanceof Error ? error.message : String(error));

async function readForVerify(store: CohortStore): Promise<LedgerRead> {
  return exclusive(store, async (c) => {
    const missingTables: string[] = [];
    const attempt = async <T>(table: string, read: () => Promise<T>, empty: T): Promise<T> => {
      try {
        return await read();
      } catch (error) {
        if (!isMissingTable(error)) throw error;
        missingTables.push(table);
        return empty;
      }
    };
    const ledgerRows = await attempt(T_LEDGER, async () => rowsOf(await c.runAndReadAll(`SELECT * FROM ${T_LEDGER} ORDER BY seq, hash`)), [] as Row[]);
    const patientRows = await attempt(
      T_LEDGER_PATIENTS,
      async () => rowsOf(await c.runAndReadAll(`SELECT seq, list(pseudonym ORDER BY pseudonym) AS pseudonyms FROM ${T_LEDGER_PATIENTS} GROUP BY seq`)),
      [] as Row[],
    );
    const { bySeq, repeated } = await attempt(T_LOG_SIGNATURES, () => readEntrySignatures(c, LEDGER_LOG), { bySeq: new Map(), repeated: [] as number[] });
    const readProblems: LedgerProblem[] = [];
    const state = await attempt(
      T_SIGNED_LOGS,
      () =>
        readSignedLogState(c, LEDGER_LOG).catch((error: unknown) => {
          if (!(error instanceof StoreError)) throw error;
          readProblems.push({ seq: 0, kind: 'seal', message: error.message });
          return null;
        }),
      null,
    );
    const lists = new Map(patientRows.map((r) => [Number(r.seq), ((r.pseudonyms as unknown[] | null) ?? []).map(String).sort()]));
    const entries = ledgerRows.map((r) => {
      const summary = entryFromRow(r);
      const { nPatients, ...rest } = summary;
      return { ...rest, pseudonyms: lists.get(summary.seq) ?? [], nPatients };
    });
    return { entries, signatures: bySeq, repeated, state, missingTables, readProblems };
  });
}

/** The public keys a verification uses when none are given (see {@link VerifyOptions.publicKeys}). */
function defaultKeys(store: CohortStore, options: VerifyOptions): PublicKeySet | null {
  if (options.publicKeys) return options.publicKeys;
  if (options.checkpoint) return new Map([[options.checkpoint.head.keyId, options.checkpoint.publicKey]]);
  const signer = existingLedgerSigner(store);
  return signer ? publicKeysOf(signer) : null;
}

/**
 * Checks the store's ledger: hash chain, signatures, seal, and optionally a
 * checkpoint and an expected head.
 *
 * @param options `checkpoint`, `publicKeys`, `expectHead`
 * @returns which seq breaks the chain and why (`ok: false`), whether a key was
 *   available (`needsKey`: signatures exist but none could be checked), or `ok: true` with the head.
 * @throws StoreError when the store is closed.
 * @example const v = await verifyLedger(store); if (!v.ok) console.error(v.problems)
 */
export async function verifyLedger(store: CohortStore, options: VerifyOptions = {}): Promise<LedgerVerification> {
  const read = await readForVerify(store);
  const chain: ChainEntry[] = read.entries.map((e) => {
    const { nPatients: _n, hash, ...fields } = e;
    return { seq: e.seq, at: e.at, prevHash: e.prevHash, hash, recomputed: entryHash(fields) };
  });
  const v = verifySignedLog({
    log: LEDGER_LOG,
    entries: chain,
    signatures: read.signatures,
    repeatedSignatures: read.repeated,
    state: read.state,
    keys: defaultKeys(store, options),
    checkpoint: options.checkpoint?.head ?? null,
    expectHead: options.expectHead ?? null,
  });
  const problems: LedgerProblem[] = [...v.problems, ...read.readProblems];
  for (const table of read.missingTables) problems.push({ seq: 0, kind: 'table', message: `the table ${table} is missing (dropped)` });
  for (const e of read.entries) {
    if (e.nPatients !== e.pseudonyms.length) problems.push({ seq: e.seq, kind: 'count', message: `entry ${e.seq} records ${e.nPatients} patients but lists ${e.pseudonyms.length}` });
  }
  problems.sort((a, b) => a.seq - b.seq);
  return { ...v, ok: problems.length === 0 && !v.needsKey, problems, firstBrokenSeq: problems[0]?.seq ?? null };
}
