/**
 * The cohort store: an embedded DuckDB database holding the canonical tables
 * (schema `cohort`) and their metadata (schema `meta`). A thin facade: it opens
 * and migrates the database, serializes writes, and delegates each import to
 * the loaders in engine/import/. It offers writes, imports, table row counts
 * and close — never reads of patient data: those go through the access gate
 * (engine/access.ts), which reaches the connection via `rawConnection`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance, type DuckDBConnection } from './duckdb.js';
import { MidiaError, StoreError } from '../util/errors.js';
import type { LogSigner } from './ledger/signing-key.js';
import { CANONICAL_TABLES, RAW_SCHEMA, type CanonicalRecords, type CanonicalTableName } from './schema.js';
import { META_SCHEMA, MIGRATIONS, pendingMigrations, type Migration } from './store-migrations.js';
import { quoteIdent, quoteLiteral, withTransaction } from './store-sql.js';
import { exclusive, holdFile, rawConnection, registerConnection, registerLedgerSigner, releaseFile, unregisterConnection } from './store-internal.js';
import { importFhir, importFile } from './import/import-batch.js';
import { importRecords } from './import/import-records.js';
import type { ImportOptions, ImportReport, RecordImportOptions } from './import/types.js';

export type { ImportOptions, ImportReport, RecordImportOptions, ImportFormat, ImportIssue, TableImportCount } from './import/types.js';
export { ImportValidationError } from './import/types.js';
export { MIGRATIONS, type Migration } from './store-migrations.js';

/** Catalog name under which a store file is attached (`USE`d, so `cohort.patients` resolves). */
export const STORE_CATALOG = 'midia';

/** Options of {@link CohortStore.open}. */
export interface StoreOpenOptions {
  /** Open without write access (imports then fail; a store needing migration is refused). Default `false`. */
  readOnly?: boolean;
  /** Migration list to apply. Default {@link MIGRATIONS}; other lists are for tests and forks. */
  migrations?: readonly Migration[];
  /**
   * How long to wait, in milliseconds, while another process (or another store
   * of this process) holds the database file, retrying with bounded backoff.
   * Default: `MIDIA_STORE_LOCK_TIMEOUT` seconds, else {@link DEFAULT_LOCK_TIMEOUT_MS}
   * (docs/process-model.md). 0 fails at once.
   */
  lockTimeoutMs?: number;
  /**
   * Key that signs the store's data-use ledger. Default: a throw-away key for
   * `:memory:`, else the process's key (`MIDIA_LEDGER_KEY_FILE`, or the default
   * key in the user's configuration directory, created on first use; engine/ledger/signing-key.ts).
   */
  ledgerSigner?: LogSigner;
}

/** Default wait for a database file held by another process: 30 s. */
export const DEFAULT_LOCK_TIMEOUT_MS = 30_000;

/** Environment variable with the lock wait in seconds (decimals allowed; 0 = no wait). */
export const LOCK_TIMEOUT_ENV = 'MIDIA_STORE_LOCK_TIMEOUT';

/**
 * The lock wait in milliseconds from the environment (`MIDIA_STORE_LOCK_TIMEOUT`, seconds).
 * @throws StoreError for a value that is not a non-negative number.
 * @example lockTimeoutFromEnv({ MIDIA_STORE_LOCK_TIMEOUT: '2.5' }) // => 2500
 */
export function lockTimeoutFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env[LOCK_TIMEOUT_ENV]?.trim();
  if (raw === undefined || raw === '') return DEFAULT_LOCK_TIMEOUT_MS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) throw new StoreError(`${LOCK_TIMEOUT_ENV} must be a number of seconds from 0 to 86400, got '${raw}'`);
  return Math.round(seconds * 1000);
}

/** A database file held by someone else (another process, or another store of this process). */
class FileLockedError extends Error {
  constructor(readonly holder: string) {
    super(holder);
  }
}

/** True for DuckDB's error when another process holds the file lock. */
function isLockConflict(error: unknown): boolean {
  return /Could not set lock on file|Conflicting lock is held/i.test(error instanceof Error ? error.message : String(error));
}

/** "PID 123 (/usr/bin/node)" from DuckDB's lock message, when it names one. */
function lockHolder(error: unknown): string {
  const m = /Conflicting lock is held in (.*?) \(PID (\d+)\)/.exec(error instanceof Error ? error.message : String(error));
  return m ? `another process (PID ${m[2]}, ${m[1]})` : 'another process';
}

/** Row count of one canonical table. */
export interface TableDescription {
  name: CanonicalTableName;
  rows: number;
}

function asStoreError(message: string, error: unknown): MidiaError {
  if (error instanceof MidiaError) return error;
  return new StoreError(`${message}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** Schema version recorded in a database (0 when it holds no MIDIA store yet). */
async function readSchemaVersion(connection: DuckDBConnection): Promise<number> {
  const exists = (
    await connection.runAndReadAll(
      `SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = '${META_SCHEMA}' AND table_name = 'schema_version'`,
    )
  ).getRowsJS()[0]?.[0];
  if (Number(exists) === 0) return 0;
  const v = (await connection.runAndReadAll(`SELECT coalesce(max(version), 0) FROM ${META_SCHEMA}.schema_version`)).getRowsJS()[0]?.[0];
  return Number(v ?? 0);
}

/** Applies the pending migrations, each in its own transaction with its version row. */
async function migrate(connection: DuckDBConnection, pending: readonly Migration[]): Promise<void> {
  for (const m of pending) {
    await withTransaction(connection, async () => {
      for (const statement of m.statements) await connection.run(statement);
      await connection.run(`INSERT INTO ${META_SCHEMA}.schema_version VALUES (${m.version}, now()::TIMESTAMP)`);
    });
  }
}

/**
 * A pseudonymized cohort in an embedded DuckDB database.
 *
 * @example
 * ```ts
 * const store = await CohortStore.open('cohort.duckdb');
 * try { await store.importFile('patients.csv', { table: 'patients' }); } finally { store.close(); }
 * ```
 */
export class CohortStore {
  /** Database file, or `:memory:`. */
  readonly path: string;
  /** True when opened read-only. */
  readonly readOnly: boolean;
  #instance: DuckDBInstance | null;
  readonly #options: StoreOpenOptions;
  /** Key of the file in this process's registry of held files (null for `:memory:`). */
  readonly #fileKey: string | null;

  private constructor(path: string, options: StoreOpenOptions, instance: DuckDBInstance, fileKey: string | null) {
    this.path = path;
    this.readOnly = options.readOnly ?? false;
    this.#options = options;
    this.#instance = instance;
    this.#fileKey = fileKey;
  }

  /**
   * Opens (creating if needed) a store and brings its schema up to date.
   * While another process (or another store of this process) holds the file,
   * it waits and retries with bounded backoff (25 ms doubling to 500 ms) up to
   * `lockTimeoutMs` (default 30 s, `MIDIA_STORE_LOCK_TIMEOUT`): see docs/process-model.md.
   *
   * @param path database file; default `:memory:` (a private in-memory store)
   * @param options `readOnly` (default false), `lockTimeoutMs`, `ledgerSigner`, `migrations`
   * @throws StoreError when the file cannot be opened or stays locked past the timeout, the store is newer than this code, or it needs migration but is opened read-only.
   */
  static async open(path: string = ':memory:', options: StoreOpenOptions = {}): Promise<CohortStore> {
    const timeout = options.lockTimeoutMs ?? lockTimeoutFromEnv();
    if (!Number.isFinite(timeout) || timeout < 0) throw new StoreError(`lockTimeoutMs must be a non-negative number of milliseconds, got ${timeout}`);
    const started = Date.now();
    let delay = 25;
    for (;;) {
      try {
        return await CohortStore.#openOnce(path, options);
      } catch (error) {
        if (!(error instanceof FileLockedError)) throw error;
        const waited = Date.now() - started;
        if (waited >= timeout) {
          throw new StoreError(
            `store ${path} is in use by ${error.holder}${timeout > 0 ? ` and stayed locked for ${(waited / 1000).toFixed(1)} s` : ''}: nothing was done; retry later or raise ${LOCK_TIMEOUT_ENV} (seconds, now ${timeout / 1000}) (docs/process-model.md)`,
          );
        }
        await sleep(Math.min(delay * (0.75 + Math.random() / 2), timeout - waited));
        delay = Math.min(delay * 2, 500);
      }
    }
  }

  /** A new handle on the same file with the same options (for a short write after this one was closed). */
  reopen(): Promise<CohortStore> {
    if (this.path === ':memory:') return Promise.reject(new StoreError('an in-memory store cannot be reopened'));
    return CohortStore.open(this.path, this.#options);
  }

  static async #openOnce(path: string, options: StoreOpenOptions): Promise<CohortStore> {
    const readOnly = options.readOnly ?? false;
    const fileKey = path === ':memory:' ? null : holdFile(path);
    if (path !== ':memory:' && fileKey === null) throw new FileLockedError('another store of this process');
    const release = () => {
      if (fileKey !== null) releaseFile(fileKey);
    };
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(':memory:');
    } catch (error) {
      release();
      throw asStoreError(`cannot open store ${path}`, error);
    }
    let connection: DuckDBConnection | null = null;
    try {
      connection = await instance.connect();
      if (path !== ':memory:') {
        // Attach under a fixed catalog name: a file called cohort.duckdb would otherwise
        // make the catalog "cohort" collide with the schema "cohort".
        await connection.run(`ATTACH ${quoteLiteral(path)} AS ${STORE_CATALOG}${readOnly ? ' (READ_ONLY)' : ''}`);
        await connection.run(`USE ${STORE_CATALOG}`);
      }
      const current = await readSchemaVersion(connection);
      const pending = pendingMigrations(current, options.migrations ?? MIGRATIONS);
      if (pending.length && readOnly) {
        throw new StoreError(`store ${path} is at schema version ${current} and needs migration to ${pending[pending.length - 1]!.version}; open it read-write once`);
      }
      await migrate(connection, pending);
    } catch (error) {
      connection?.closeSync();
      instance.closeSync();
      release();
      if (isLockConflict(error)) throw new FileLockedError(lockHolder(error));
      throw asStoreError(`cannot open store ${path}`, error);
    }
    const store = new CohortStore(path, options, instance, fileKey);
    registerConnection(store, connection);
    if (options.ledgerSigner) registerLedgerSigner(store, options.ledgerSigner);
    return store;
  }

  /** Runs operations on this store one at a time (DuckDB transactions are per connection). */
  #serial<T>(op: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return exclusive(this, op);
  }

  #writable(): void {
    if (this.readOnly) throw new StoreError(`store ${this.path} is opened read-only`);
    rawConnection(this);
  }

  /** Schema version recorded in the store. */
  async schemaVersion(): Promise<number> {
    return this.#serial((c) => readSchemaVersion(c));
  }

  /**
   * Imports a CSV/TSV, Parquet, Arrow IPC or NDJSON file into one table, all or nothing.
   * Duplicates (same key as a stored row or an earlier row of the file) are skipped and counted.
   *
   * @throws DataValidationError (ImportValidationError) naming file, row, field and value of every rejected record (up to 1000 listed, all counted); nothing is written.
   * @example await store.importFile('obs.csv', { table: 'observations', mapping: { pseudonym: 'PID' } })
   */
  async importFile(file: string, options: ImportOptions): Promise<ImportReport> {
    this.#writable();
    return this.#serial((c) => importFile(c, file, options));
  }

  /**
   * Imports a FHIR R4 Bundle (JSON) or NDJSON file of resources, all tables in one transaction.
   * See engine/import/fhir.ts for the mapping rules.
   *
   * @throws DataValidationError (ImportValidationError) naming the resource position and JSON path of each problem; nothing is written.
   */
  async importFhir(file: string, options: RecordImportOptions = {}): Promise<ImportReport> {
    this.#writable();
    return this.#serial((c) => importFhir(c, file, options));
  }

  /**
   * Imports in-process records into one table (file `<memory>`, rows 1-based), all or nothing.
   *
   * @example await store.importRecords('visits', [{ pseudonym: 'P1', date: '2024-01-10', type: 'followup' }])
   */
  async importRecords<T extends CanonicalTableName>(table: T, records: readonly CanonicalRecords[T][], options: RecordImportOptions = {}): Promise<ImportReport> {
    this.#writable();
    return this.#serial((c) => importRecords(c, table, records, options));
  }

  /** Row counts of the canonical tables (metadata only; variable summaries come from the access gate). */
  async describe(): Promise<{ tables: TableDescription[] }> {
    return this.#serial(async (c) => {
      const parts = CANONICAL_TABLES.map((t) => `SELECT ${CANONICAL_TABLES.indexOf(t)} AS i, count(*) AS n FROM ${quoteIdent(RAW_SCHEMA)}.${quoteIdent(t)}`);
      const rows = (await c.runAndReadAll(`${parts.join(' UNION ALL ')} ORDER BY i`)).getRowsJS();
      return { tables: rows.map((r) => ({ name: CANONICAL_TABLES[Number(r[0])]!, rows: Number(r[1]) })) };
    });
  }

  /** True once {@link close} was called. */
  get closed(): boolean {
    return this.#instance === null;
  }

  /** Closes the store and releases the database (idempotent). */
  close(): void {
    if (this.#instance === null) return;
    try {
      rawConnection(this).closeSync();
    } catch {
      // already gone
    }
    unregisterConnection(this);
    this.#instance.closeSync();
    this.#instance = null;
    if (this.#fileKey !== null) releaseFile(this.#fileKey);
  }
}
