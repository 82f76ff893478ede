/**
 * Importing in-process records (`<memory>`) into one canonical table: they are
 * staged in DuckDB and validated by the same SQL as files.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { TABLES, type CanonicalRecords, type CanonicalTableName } from '../schema.js';
import { withTransaction } from '../store-sql.js';
import { resolveMapping } from './mapping.js';
import { runImportPipeline } from './pipeline.js';
import { createStagingTable, toText } from './stage.js';
import { checkTable, finishImport } from './import-log.js';
import type { ImportReport, RecordImportOptions } from './types.js';
import { importDay } from './context.js';
import { countRedactions } from './redaction-count.js';

/** File name reported for in-process records. */
export const MEMORY_FILE = '<memory>';

/**
 * Validates and imports records in one transaction (see {@link CohortStore.importRecords}).
 * Issues name row `i + 1` for `records[i]` and the canonical column. Properties
 * that are not canonical columns are ignored. The plausibility rules and the
 * free-text redaction apply as for files; pseudonym forms are not checked
 * (records come from code, e.g. the synthetic generators; engine/privacy/pseudonym-format.ts).
 *
 * @throws DataValidationError (an ImportValidationError) listing rejected records; nothing is written.
 */
export async function importRecords<T extends CanonicalTableName>(
  connection: DuckDBConnection,
  table: T,
  records: readonly CanonicalRecords[T][],
  options: RecordImportOptions = {},
): Promise<ImportReport> {
  checkTable(table);
  const context = { today: importDay(options.today), pseudonyms: null };
  const names = TABLES[table].columns.map((c) => c.name);
  const startedAt = new Date();
  return withTransaction(connection, async () => {
    const staging = await createStagingTable(connection, names);
    const cols = names.map((name) => records.map((r) => toText((r as unknown as Record<string, unknown>)[name])));
    staging.appendColumns(cols);
    staging.finish();
    const resolved = resolveMapping(table, {}, names, { source: options.source ?? null });
    const source = { table, file: MEMORY_FILE, relation: staging.relation, columns: resolved.columns, locate: (row: number, column: string | null) => ({ row, field: column }) };
    const counts = await runImportPipeline(connection, [source], { ...(options.onProgress ? { onProgress: options.onProgress } : {}), context });
    const redactions = await countRedactions(connection, source);
    await connection.run(`DROP TABLE IF EXISTS ${staging.name}`);
    return { ...(await finishImport(connection, MEMORY_FILE, 'records', counts, options.source ?? null, startedAt)), redactions };
  });
}
