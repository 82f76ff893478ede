/**
 * Importing one file (CSV/TSV, Parquet, Arrow IPC, NDJSON) into one canonical table.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DataValidationError } from '../../util/errors.js';
import { defaultDelimiter, detectFormat } from './format.js';
import { parseColumnMapping, resolveMapping } from './mapping.js';
import { runImportPipeline, runOptimisticImport } from './pipeline.js';
import { stageArrowFile } from './read-arrow.js';
import { openFileSource, readerError } from './read-file.js';
import { checkTable, finishImport } from './import-log.js';
import { importContext } from './context.js';
import { countRedactions } from './redaction-count.js';
import type { ImportIssue, ImportReport, ImportStrategy, InnerImportOptions } from './types.js';

export type { ImportStrategy, InnerImportOptions } from './types.js';
import { importPseudonymized, refuseIdentifyingSource } from '../privacy/pseudonymize-import.js';

/**
 * Imports a file inside the caller's transaction with the given strategy (the
 * unit of `importBatch`, engine/import/import-batch.ts). The optimistic strategy may throw
 * OptimisticImportUnavailable: the caller then rolls back and runs `exact`.
 */
export async function importFileInTransaction(
  connection: DuckDBConnection,
  file: string,
  options: InnerImportOptions,
  strategy: ImportStrategy,
): Promise<ImportReport> {
  // Privacy gate (engine/privacy/): identifying sources are pseudonymized first, or refused.
  if (options.pseudonymize) return importPseudonymized(connection, file, options, (c, f, o) => importFileInTransaction(c, f, o, strategy));
  await refuseIdentifyingSource(connection, file, options);
  const table = checkTable(options.table);
  const format = options.format ?? detectFormat(file);
  const mapping = parseColumnMapping(options.mapping ?? {}, table);
  const delimiter = options.delimiter ?? defaultDelimiter(file);
  const startedAt = new Date();
  const progress = options.onProgress;
  const { ctx, pattern } = await importContext(connection, options);
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
  const source = { table, file, relation, columns: resolved.columns };
  const pipelineOptions = { ...(progress ? { onProgress: progress } : {}), context: ctx };
  let counts;
  let redactions;
  try {
    counts = strategy === 'optimistic' ? await runOptimisticImport(connection, source, pipelineOptions) : await runImportPipeline(connection, [source], pipelineOptions);
    redactions = await countRedactions(connection, source);
  } catch (error) {
    // The optimistic path's signal passes through (MidiaErrors too); DuckDB's reader errors name the file.
    throw strategy === 'exact' ? readerError(file, error) : error;
  }
  if (cleanup !== null) await connection.run(`DROP TABLE IF EXISTS ${cleanup}`);
  const report = await finishImport(connection, file, format, counts, options.source ?? null, startedAt);
  return { ...report, unmappedColumns: resolved.unmapped, redactions, pseudonymPattern: pattern };
}
