/**
 * The import log `meta.imports`: one row per table written by a successful import.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral } from '../store-sql.js';
import { META_SCHEMA } from '../store-migrations.js';
import { CANONICAL_TABLES, STORE_TABLES, type CanonicalTableName, type StoreTableName } from '../schema.js';
import { UsageError } from '../../util/errors.js';
import type { ImportReport, TableImportCount } from './types.js';

/** One import-log row. */
export interface ImportLogEntry {
  file: string;
  format: string;
  table: StoreTableName;
  loaded: number;
  duplicates: number;
  source: string | null;
}

/** Appends a row to `meta.imports` (inside the import's transaction) and returns its id. */
export async function logImport(connection: DuckDBConnection, entry: ImportLogEntry, startedAt: Date): Promise<number> {
  const sql =
    `INSERT INTO ${META_SCHEMA}.imports (started_at, file, format, "table", loaded, rejected, duplicates, source) VALUES (` +
    `CAST(${quoteLiteral(startedAt.toISOString().replace('T', ' ').replace('Z', ''))} AS TIMESTAMP), ${quoteLiteral(entry.file)}, ${quoteLiteral(entry.format)}, ` +
    `${quoteLiteral(entry.table)}, ${entry.loaded}, 0, ${entry.duplicates}, ${entry.source === null ? 'NULL' : quoteLiteral(entry.source)}) RETURNING id`;
  const rows = (await connection.runAndReadAll(sql)).getRowsJS();
  return Number(rows[0]?.[0] ?? 0);
}

/** Logs every table of an import and builds its report. */
export async function finishImport(
  connection: DuckDBConnection,
  file: string,
  format: ImportReport['format'],
  counts: Partial<Record<StoreTableName, TableImportCount>>,
  source: string | null,
  startedAt: Date,
  skipped: Record<string, number> = {},
): Promise<ImportReport> {
  const tables = STORE_TABLES.filter((t) => counts[t] !== undefined);
  let importId = 0;
  let loaded = 0;
  let duplicates = 0;
  for (const table of tables) {
    const c = counts[table]!;
    const id = await logImport(connection, { file, format, table, loaded: c.loaded, duplicates: c.duplicates, source }, startedAt);
    if (importId === 0) importId = id;
    loaded += c.loaded;
    duplicates += c.duplicates;
  }
  return { file, tables, format, loaded, rejected: 0, duplicates, perTable: counts, skipped, issues: [], importId, unmappedColumns: [], redactions: {}, pseudonymPattern: null };
}

/**
 * Checks a table name.
 * @throws UsageError naming the bad value.
 */
export function checkTable(table: unknown): CanonicalTableName {
  if (typeof table !== 'string' || !(CANONICAL_TABLES as readonly string[]).includes(table)) {
    throw new UsageError(`unknown table ${JSON.stringify(table)}; expected one of ${CANONICAL_TABLES.join(', ')}`);
  }
  return table as CanonicalTableName;
}
