/**
 * The access gate: the single read path to patient data.
 *
 * Every read that the engine offers (SQL, analysis tables, model inputs,
 * timelines, descriptions) runs inside an {@link AnalysisSession}. A session
 * is a separate in-memory DuckDB instance that holds copies of exactly the
 * rows of the patients in scope (all patients, or those an {@link AccessPolicy}
 * admits, e.g. by consent for the declared purpose). After the copy, the
 * session database is sealed: external access (files, ATTACH) is switched off
 * and its configuration locked, so SQL run in a session cannot reach the raw
 * store or any file. The store object itself offers no read of patient rows.
 *
 * Layering: this module imports the store's raw connection through
 * engine/store-internal.ts, which the package's exports map does not expose.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import type { ColumnTable } from '../models/design/types.js';
import { AccessDeniedError, StoreError } from '../util/errors.js';
import type { ProgressCallback } from '../util/progress.js';
import { readResult, toArrowTable, toColumnTable, toRows, type ResultColumns } from './convert.js';
import { CANONICAL_TABLES, RAW_SCHEMA, type CanonicalTableName } from './schema.js';
import { ident, literal } from './sql.js';
import type { CohortStore } from './store.js';
import { exclusive } from './store-internal.js';

/**
 * Decides which patients a session may see. `scopeSql` returns a SQL query,
 * run against the raw store, that yields one column `pseudonym` of admitted
 * patients, or `null` to admit every patient.
 */
export interface AccessPolicy {
  /** Short name for logs and the data-use ledger. */
  readonly name: string;
  /** Resolves the admitted set at session start (revocations apply to sessions started later). */
  scopeSql(store: CohortStore): Promise<string | null>;
}

/** Admits every patient: for stores without a consent registry, and for tests. */
export const allPatients: AccessPolicy = {
  name: 'all-patients',
  scopeSql: async () => null,
};

/** Options of {@link openSession}. */
export interface SessionOptions {
  /** Which patients the session may see (default: {@link allPatients}). */
  policy?: AccessPolicy;
  /** Declared study id (recorded; enforced by consent-aware policies). */
  study?: string;
  /** Declared purpose of use (recorded; enforced by consent-aware policies). */
  purpose?: string;
  onProgress?: ProgressCallback;
}

/** Names of the tables a session exposes (unqualified, in the session's main schema). */
export const SESSION_TABLES: readonly CanonicalTableName[] = CANONICAL_TABLES;

/**
 * A sealed, scoped read view of the cohort. Create with {@link openSession};
 * close when done (releases its in-memory database).
 */
export class AnalysisSession {
  readonly study: string | null;
  readonly purpose: string | null;
  readonly policyName: string;
  /** Pseudonyms of the patients in scope, sorted (what the data-use ledger records). */
  readonly pseudonyms: readonly string[];
  readonly startedAt: Date;
  #instance: DuckDBInstance | null;
  #connection: DuckDBConnection | null;

  /** @internal use {@link openSession}. */
  constructor(init: {
    instance: DuckDBInstance;
    connection: DuckDBConnection;
    pseudonyms: string[];
    study: string | null;
    purpose: string | null;
    policyName: string;
  }) {
    this.#instance = init.instance;
    this.#connection = init.connection;
    this.pseudonyms = Object.freeze(init.pseudonyms);
    this.study = init.study;
    this.purpose = init.purpose;
    this.policyName = init.policyName;
    this.startedAt = new Date();
  }

  #conn(): DuckDBConnection {
    if (!this.#connection) throw new StoreError('The analysis session is closed');
    return this.#connection;
  }

  /** Runs SQL against the session's tables (patients, events, observations, treatments, visits). */
  async query(sql: string, params?: readonly (string | number | boolean | null)[]): Promise<ResultColumns> {
    try {
      const result = await this.#conn().run(sql, params ? [...params] : undefined);
      return await readResult(result);
    } catch (err) {
      if (err instanceof StoreError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      if (/external access|disabled by configuration|lock_configuration|ATTACH/i.test(message)) {
        throw new AccessDeniedError(`Query refused: analyses see only the session's tables (${SESSION_TABLES.join(', ')}): ${message}`);
      }
      throw new StoreError(`Query failed: ${message}`, { cause: err });
    }
  }

  /** A query result as an apache-arrow Table. */
  async queryArrow(sql: string, params?: readonly (string | number | boolean | null)[]): Promise<Table> {
    return toArrowTable(await this.query(sql, params));
  }

  /** A query result as model-ready columns (Float64Array with NaN, string arrays with null; dates as day numbers). */
  async queryColumns(sql: string, params?: readonly (string | number | boolean | null)[]): Promise<ColumnTable> {
    return toColumnTable(await this.query(sql, params));
  }

  /** A query result as row objects (dates as ISO strings). */
  async queryRows(sql: string, params?: readonly (string | number | boolean | null)[]): Promise<Record<string, string | number | boolean | null>[]> {
    return toRows(await this.query(sql, params));
  }

  /** Releases the session database. Safe to call twice. */
  close(): void {
    this.#connection?.closeSync();
    this.#instance?.closeSync();
    this.#connection = null;
    this.#instance = null;
  }
}

/**
 * Opens a sealed analysis session on a store: copies the rows of the admitted
 * patients into a private in-memory database, then disables external access.
 * @throws AccessDeniedError when the policy refuses the declared use.
 * @example const s = await openSession(store); const r = await s.queryRows('SELECT count(*) AS n FROM patients'); s.close();
 */
export async function openSession(store: CohortStore, options: SessionOptions = {}): Promise<AnalysisSession> {
  const policy = options.policy ?? allPatients;
  const scope = await policy.scopeSql(store);
  const scopeFilter = scope === null ? '' : ` WHERE pseudonym IN (SELECT pseudonym FROM (${scope}))`;

  const dir = mkdtempSync(join(tmpdir(), 'midia-session-'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const total = SESSION_TABLES.length * 2;
    let done = 0;
    // One consistent snapshot of the store: the copies run in the store's
    // operation queue, so no import can interleave between the tables.
    await exclusive(store, async (raw) => {
      for (const table of SESSION_TABLES) {
        await raw.run(`COPY (SELECT * FROM ${ident(RAW_SCHEMA)}.${ident(table)}${scopeFilter}) TO ${literal(join(dir, `${table}.parquet`))} (FORMAT parquet)`);
        options.onProgress?.({ step: 'open session', done: ++done, total });
      }
    });
    for (const table of SESSION_TABLES) {
      await connection.run(`CREATE TABLE ${ident(table)} AS SELECT * FROM read_parquet(${literal(join(dir, `${table}.parquet`))})`);
      options.onProgress?.({ step: 'open session', done: ++done, total });
    }
    const ids = await readResult(await connection.run('SELECT pseudonym FROM patients ORDER BY pseudonym'));
    const pseudonyms = (ids.columns[0] as (string | null)[]).filter((p): p is string => p !== null);
    // Seal: no file access, no ATTACH, and the settings can no longer be changed.
    await connection.run("SET enable_external_access = false");
    await connection.run('SET lock_configuration = true');
    return new AnalysisSession({
      instance,
      connection,
      pseudonyms,
      study: options.study ?? null,
      purpose: options.purpose ?? null,
      policyName: policy.name,
    });
  } catch (err) {
    connection.closeSync();
    instance.closeSync();
    throw err instanceof AccessDeniedError || err instanceof StoreError ? err : new StoreError(`Could not open analysis session: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
