/**
 * Importing one file (CSV/TSV, Parquet, Arrow IPC, NDJSON) into one canonical table.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DataValidationError } from '../../util/errors.js';
import { withTransaction } from '../store-sql.js';
import { defaultDelimiter, detectFormat } from './format.js';
import { parseColumnMapping, resolveMapping } from './mapping.js';
import { runImportPipeline } from './pipeline.js';
import { stageArrowFile } from './read-arrow.js';
import { openFileSource, readerError } from './read-file.js';
import { checkTable, finishImport } from './import-log.js';
import type { ImportIssue, ImportOptions, ImportReport } from './types.js';

/**
 * Validates and imports a file in one transaction (see {@link CohortStore.importFile}).
 *
 * @throws DataValidationError (an ImportValidationError) listing rejected records, or naming the file when it cannot be parsed;
 *   StoreError when it cannot be read; UsageError for bad options.
 */
export async function importFile(connection: DuckDBConnection, file: string, options: ImportOptions): Promise<ImportReport> {
  const table = checkTable(options.table);
  const format = options.format ?? detectFormat(file);
  const mapping = parseColumnMapping(options.mapping ?? {}, table);
  const delimiter = options.delimiter ?? defaultDelimiter(file);
  const startedAt = new Date();
  const progress = options.onProgress;
  return withTransaction(connection, async () => {
    progress?.({ step: 'read', done: 0, total: null });
    let relation: (withRow: boolean) => string;
    let columns: readonly string[];
    let cleanup: string | null = null;
    if (format === 'arrow') {
      const staging = await stageArrowFile(connection, file, progress);
      relation = staging.relation;
      columns = staging.columns;
      cleanup = staging.name;
    } else {
      const src = await openFileSource(connection, file, format, delimiter !== undefined ? { delimiter } : {});
      relation = src.relation;
      columns = src.columns;
    }
    const resolved = resolveMapping(table, mapping, columns, { dateFormat: options.dateFormat ?? null, source: options.source ?? null });
    if (resolved.missing.length || resolved.absentRequired.length) {
      const list = columns.map((c) => `'${c}'`).join(', ');
      const issues: ImportIssue[] = resolved.missing.map(([column, src]) => ({
        file,
        row: 0,
        field: `${column} (source column '${src}')`,
        message: `source column '${src}' mapped to ${column} is not in the file (columns: ${list})`,
        table,
        column,
        sourceColumn: src,
      }));
      for (const column of resolved.absentRequired) {
        issues.push({ file, row: 0, field: column, message: `required column '${column}' is not in the file and not mapped (columns: ${list})`, table, column });
      }
      throw new DataValidationError(issues);
    }
    let counts;
    try {
      counts = await runImportPipeline(connection, [{ table, file, relation, columns: resolved.columns }], progress ? { onProgress: progress } : {});
    } catch (error) {
      throw readerError(file, error);
    }
    if (cleanup !== null) await connection.run(`DROP TABLE IF EXISTS ${cleanup}`);
    return finishImport(connection, file, format, counts, options.source ?? null, startedAt);
  });
}
