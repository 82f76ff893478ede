/**
 * The data-use ledger: one append-only, hash-chained entry per analysis run
 * (issue "Patients in control", item 4). An entry holds the study (id and a
 * snapshot of its title, question, purpose and approval at run time), the time,
 * the engine version, the analysis (command or function) with its parameters,
 * the set of pseudonyms it used, and a summary of its result.
 *
 * Chain: `hash = SHA-256(canonicalJson({seq, studyId, study, at, engineVersion,
 * analysis, parameters, pseudonyms (sorted), resultSummary, prevHash}))` as
 * lower-case hex, with `prevHash` the hash of entry `seq - 1` and
 * {@link GENESIS_HASH} for entry 1. Changing, removing or reordering any entry
 * (or any of its pseudonyms) breaks the chain at that entry; see
 * {@link verifyLedger}. Anyone able to rewrite the whole table could rebuild a
 * consistent chain, so the ledger is a signed log (signed-log.ts, docs/ledger.md):
 * each entry is signed with the ledger signing key (kept outside the database),
 * and the store's signed seal (length and head) is replaced with each append.
 * An append first checks that the ledger still matches its seal, so it never
 * seals over entries removed or added outside the engine. Signed checkpoints
 * held outside the store (`ledgerCheckpoint`) also detect a rollback of the whole file.
 *
 * Tables: `governance.ledger`, `governance.ledger_patients(seq, pseudonym)` (store migration 3),
 * `governance.log_signatures` and `governance.signed_logs` under the log name {@link LEDGER_LOG} (migration 5).
 */
import { createHash } from 'node:crypto';
import { MidiaError, StoreError, UsageError } from '../../util/errors.js';
import { literal } from '../sql.js';
import type { CohortStore } from '../store.js';
import { exclusive, ledgerSignerOf } from '../store-internal.js';
import { GOVERNANCE_SCHEMA } from '../store-migrations.js';
import { withTransaction } from '../store-sql.js';
import { canonicalJson, toJsonValue, type JsonValue } from './canonical-json.js';
import { engineVersion } from './engine-version.js';
import { checkBeforeAppend, GENESIS_HASH, signAppended } from './signed-log.js';
import type { LogSigner } from './signing-key.js';

export { GENESIS_HASH } from './signed-log.js';

/** Name of the data-use ledger among the signed logs (part of every signed message). */
export const LEDGER_LOG = 'ledger';

/** What the caller supplies for one ledger entry. */
export interface LedgerEntryInput {
  /** Registered study id, or `null` for an explicitly unrestricted session (its reason goes in `study`). */
  studyId: string | null;
  /** Snapshot of the study as it was when the analysis ran (title, question, purpose, approval, ...); JSON-serialisable. */
  study: unknown;
  /** Command or function name, e.g. `km` or `coxph`. */
  analysis: string;
  /** Parameters of the run (formula, flags, options). */
  parameters: unknown;
  /** Pseudonyms whose rows the analysis used (duplicates are removed; order does not matter). */
  pseudonyms: readonly string[];
  /** Summary of the result (n, events, key estimates). */
  resultSummary: unknown;
}

/** One stored ledger entry. */
export interface LedgerEntry {
  seq: number;
  studyId: string | null;
  study: JsonValue;
  /** ISO 8601 UTC time of the run. */
  at: string;
  engineVersion: string;
  analysis: string;
  parameters: JsonValue;
  /** Sorted, unique. */
  pseudonyms: string[];
  resultSummary: JsonValue;
  prevHash: string;
  hash: string;
}

/** A ledger entry without its pseudonym list (for listings). */
export type LedgerEntrySummary = Omit<LedgerEntry, 'pseudonyms'> & { nPatients: number };

/** Options of {@link appendLedgerEntry}. */
export interface AppendOptions {
  /** Time of the run (default: now). */
  now?: Date;
  /** Engine version to record (default: the installed midia-hub version). */
  engineVersion?: string;
  /** Key that signs the entry (default: the store's, see `StoreOpenOptions.ledgerSigner`). */
  signer?: LogSigner;
}

export const T_LEDGER = `${GOVERNANCE_SCHEMA}.ledger`;
export const T_LEDGER_PATIENTS = `${GOVERNANCE_SCHEMA}.ledger_patients`;

/** The hashed fields of an entry, everything but `hash`. */
export type HashedEntry = Omit<LedgerEntry, 'hash'>;

/**
 * SHA-256 (hex) of an entry's canonical JSON, `prevHash` included.
 * @example entryHash({ seq: 1, prevHash: GENESIS_HASH, ... })
 */
export function entryHash(entry: HashedEntry): string {
  const body = {
    seq: entry.seq,
    studyId: entry.studyId,
    study: entry.study,
    at: entry.at,
    engineVersion: entry.engineVersion,
    analysis: entry.analysis,
    parameters: entry.parameters,
    pseudonyms: entry.pseudonyms,
    resultSummary: entry.resultSummary,
    prevHash: entry.prevHash,
  };
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

/** Sorted unique pseudonyms (code-unit order, as the hash sees them). */
export function normalizePseudonyms(pseudonyms: readonly string[]): string[] {
  return [...new Set(pseudonyms)].sort();
}

const PATIENT_CHUNK = 2000;

/**
 * Appends one entry to the ledger, in one transaction with its pseudonym rows,
 * its signature and the new seal, in the store's operation queue (so
 * concurrent appends get consecutive seqs).
 *
 * @throws StoreError when the store is read-only or closed, the signing key cannot be read,
 *   or the ledger no longer matches its signed seal (changed outside the engine: nothing is appended);
 *   UsageError for an empty analysis name.
 * @example await appendLedgerEntry(store, { studyId: 'BC-1', study: {...}, analysis: 'km', parameters: { formula }, pseudonyms, resultSummary: { n: 120 } })
 */
export async function appendLedgerEntry(store: CohortStore, input: LedgerEntryInput, options: AppendOptions = {}): Promise<LedgerEntry> {
  if (store.readOnly) throw new StoreError(`store ${store.path} is opened read-only: the data-use ledger cannot record this analysis, so it may not run`);
  if (!input.analysis.trim()) throw new UsageError('ledger entry needs an analysis name');
  const pseudonyms = normalizePseudonyms(input.pseudonyms);
  const study = toJsonValue(input.study);
  const parameters = toJsonValue(input.parameters ?? null);
  const resultSummary = toJsonValue(input.resultSummary ?? null);
  const at = (options.now ?? new Date()).toISOString();
  const version = options.engineVersion ?? engineVersion();
  const signer = options.signer ?? ledgerSignerOf(store);
  return exclusive(store, (c) =>
    withTransaction(c, async () => {
      const last = (await c.runAndReadAll(`SELECT seq, hash FROM ${T_LEDGER} ORDER BY seq DESC LIMIT 1`)).getRowsJS()[0];
      await checkBeforeAppend(c, LEDGER_LOG, last ? { seq: Number(last[0]), hash: String(last[1]) } : null, signer);
      const seq = last ? Number(last[0]) + 1 : 1;
      const prevHash = last ? String(last[1]) : GENESIS_HASH;
      const partial: HashedEntry = { seq, studyId: input.studyId, study, at, engineVersion: version, analysis: input.analysis, parameters, pseudonyms, resultSummary, prevHash };
      const entry: LedgerEntry = { ...partial, hash: entryHash(partial) };
      await c.run(
        `INSERT INTO ${T_LEDGER} (seq, study_id, study, run_at, engine_version, analysis, parameters, result_summary, n_patients, prev_hash, hash) VALUES (${seq}, ${
          entry.studyId === null ? 'NULL' : literal(entry.studyId)
        }, ${literal(canonicalJson(study))}, ${literal(at)}, ${literal(version)}, ${literal(entry.analysis)}, ${literal(canonicalJson(parameters))}, ${literal(
          canonicalJson(resultSummary),
        )}, ${pseudonyms.length}, ${literal(prevHash)}, ${literal(entry.hash)})`,
      );
      for (let i = 0; i < pseudonyms.length; i += PATIENT_CHUNK) {
        const values = pseudonyms.slice(i, i + PATIENT_CHUNK).map((p) => `(${seq}, ${literal(p)})`);
        await c.run(`INSERT INTO ${T_LEDGER_PATIENTS} (seq, pseudonym) VALUES ${values.join(', ')}`);
      }
      await signAppended(c, LEDGER_LOG, signer, { count: seq, head: entry.hash, at });
      return entry;
    }),
  );
}

type Row = Record<string, unknown>;

function parseJson(text: unknown): JsonValue {
  try {
    return JSON.parse(String(text)) as JsonValue;
  } catch {
    // A damaged JSON column: keep the text, so the hash check reports the entry.
    return String(text);
  }
}

/** @internal converts a ledger row (as read by DuckDB) to an entry summary. */
export function entryFromRow(r: Row): LedgerEntrySummary {
  return {
    seq: Number(r.seq),
    studyId: r.study_id === null || r.study_id === undefined ? null : String(r.study_id),
    study: parseJson(r.study),
    at: String(r.run_at),
    engineVersion: String(r.engine_version),
    analysis: String(r.analysis),
    parameters: parseJson(r.parameters),
    resultSummary: parseJson(r.result_summary),
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
    nPatients: Number(r.n_patients),
  };
}

/** @internal runs a SELECT in the store's queue and returns row objects. @throws StoreError naming the failure (e.g. a dropped table). */
export async function selectRows(store: CohortStore, sql: string): Promise<Row[]> {
  return exclusive(store, async (c) => {
    try {
      const reader = await c.runAndReadAll(sql);
      const names = reader.columnNames();
      return (reader.getRowsJS() as unknown[][]).map((r) => Object.fromEntries(names.map((n, j) => [n, r[j]])));
    } catch (error) {
      if (error instanceof MidiaError) throw error;
      throw new StoreError(`cannot read the data-use ledger of ${store.path}: ${(error as Error).message}`, { cause: error });
    }
  });
}

/** Options of {@link listLedger}. */
export interface ListLedgerOptions {
  /** Only entries of this study. */
  study?: string;
  /** At most this many entries, the latest (default: all). */
  limit?: number;
}

/**
 * Ledger entries in seq order, without their pseudonym lists (`nPatients` instead).
 * @example (await listLedger(store, { study: 'BC-1' })).map((e) => e.analysis)
 */
export async function listLedger(store: CohortStore, options: ListLedgerOptions = {}): Promise<LedgerEntrySummary[]> {
  const where = options.study === undefined ? '' : ` WHERE study_id = ${literal(options.study)}`;
  let sql = `SELECT * FROM ${T_LEDGER}${where} ORDER BY seq`;
  if (options.limit !== undefined) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new UsageError(`limit must be a positive integer, got ${options.limit}`);
    sql = `SELECT * FROM (SELECT * FROM ${T_LEDGER}${where} ORDER BY seq DESC LIMIT ${options.limit}) ORDER BY seq`;
  }
  return (await selectRows(store, sql)).map(entryFromRow);
}

/**
 * Every ledger entry with its pseudonyms, in seq order (what {@link verifyLedger} checks).
 */
export async function readLedger(store: CohortStore): Promise<LedgerEntry[]> {
  const rows = await selectRows(
    store,
    `SELECT l.*, coalesce(p.pseudonyms, []::VARCHAR[]) AS pseudonyms
     FROM ${T_LEDGER} l LEFT JOIN (SELECT seq, list(pseudonym ORDER BY pseudonym) AS pseudonyms FROM ${T_LEDGER_PATIENTS} GROUP BY seq) p USING (seq)
     ORDER BY l.seq, l.hash`,
  );
  return rows.map((r) => {
    const { nPatients: _n, ...rest } = entryFromRow(r);
    const list = (r.pseudonyms as unknown[] | null) ?? [];
    return { ...rest, pseudonyms: list.map(String).sort() };
  });
}
