/**
 * Store settings: named values kept in the store's metadata, table
 * `meta.settings (key, value, updated_at)`. The table is created on first write
 * (no schema migration: a store without it simply has no settings), so older
 * stores and read-only stores work unchanged.
 *
 * | key | value | written by |
 * | --- | --- | --- |
 * | `pseudonym_pattern` | the accepted pseudonym form given with `--pseudonym-pattern` | imports (engine/privacy/pseudonym-format.ts) |
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { META_SCHEMA } from './store-migrations.js';
import { quoteLiteral } from './store-sql.js';

/** Keys of the store settings. */
export type StoreSettingKey = 'pseudonym_pattern';

async function hasSettings(connection: DuckDBConnection): Promise<boolean> {
  const n = (
    await connection.runAndReadAll(
      `SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = '${META_SCHEMA}' AND table_name = 'settings'`,
    )
  ).getRowsJS()[0]?.[0];
  return Number(n) > 0;
}

/**
 * The value of a setting, or null when it was never written.
 * @example await readStoreSetting(conn, 'pseudonym_pattern') // => 'TC-[0-9A-F]{5}' or null
 */
export async function readStoreSetting(connection: DuckDBConnection, key: StoreSettingKey): Promise<string | null> {
  if (!(await hasSettings(connection))) return null;
  const rows = (await connection.runAndReadAll(`SELECT value FROM ${META_SCHEMA}.settings WHERE key = ${quoteLiteral(key)}`)).getRowsJS();
  const v = rows[0]?.[0];
  return v === undefined || v === null ? null : String(v);
}

/**
 * Writes a setting (inside the caller's transaction, so it is kept only if the
 * operation that gave it succeeds).
 */
export async function writeStoreSetting(connection: DuckDBConnection, key: StoreSettingKey, value: string): Promise<void> {
  await connection.run(`CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.settings (key VARCHAR NOT NULL, value VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL)`);
  await connection.run(`DELETE FROM ${META_SCHEMA}.settings WHERE key = ${quoteLiteral(key)}`);
  await connection.run(`INSERT INTO ${META_SCHEMA}.settings VALUES (${quoteLiteral(key)}, ${quoteLiteral(value)}, now()::TIMESTAMP)`);
}
