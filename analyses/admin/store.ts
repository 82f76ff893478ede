/**
 * Opening a cohort database for the administrative operations (import,
 * consent, studies, ledger) and for the surfaces that open a study session
 * on it: the only place a surface's database path becomes a store.
 */
import { existsSync } from 'node:fs';
import type { CohortStore } from '../../engine/store.js';
import { UsageError } from '../../util/errors.js';

export type { CohortStore } from '../../engine/store.js';

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Create the database when the file is missing (import); default false: a missing file is a usage error. */
  create?: boolean;
}

/**
 * Opens the cohort database file `db`.
 * @throws UsageError for a missing file (unless `create`); StoreError when DuckDB cannot open it.
 * @example const store = await openStore('cohort.duckdb')
 */
export async function openStore(db: string, options: OpenStoreOptions = {}): Promise<CohortStore> {
  if (!options.create && !existsSync(db)) throw new UsageError(`No such database: ${db} (create one with 'midia import --db ${db} ...')`);
  const { CohortStore } = await import('../../engine/store.js');
  return CohortStore.open(db);
}

/**
 * Runs `fn` on the opened database and closes it after (also on failure).
 * @example const studies = await withStore('cohort.duckdb', (s) => listStudies(s))
 */
export async function withStore<T>(db: string, fn: (store: CohortStore) => Promise<T>, options: OpenStoreOptions = {}): Promise<T> {
  const store = await openStore(db, options);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
