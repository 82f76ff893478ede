/**
 * Arrow IPC sources (file and stream formats). DuckDB has no built-in Arrow
 * reader offline (`read_arrow` is an extension), so batches are read with
 * apache-arrow's `RecordBatchReader`, one at a time, and appended column by
 * column to a staging table in DuckDB data chunks: numeric and date columns as
 * numbers (no per-value text conversion), the rest as text.
 */
import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { DataType, RecordBatchReader, type Vector } from 'apache-arrow';
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../../util/errors.js';
import type { ProgressCallback } from '../../util/progress.js';
import { createStagingTable, toText, type StageType, type StagingTable } from './stage.js';
import { quoteIdent } from '../store-sql.js';
import { readerError } from './read-file.js';

/** How an Arrow column is staged: numbers and dates as DOUBLE (dates as epoch milliseconds), the rest as text. */
export function arrowStageType(type: DataType): StageType {
  return DataType.isFloat(type) || DataType.isInt(type) || DataType.isDate(type) || DataType.isTimestamp(type) ? 'DOUBLE' : 'VARCHAR';
}

/**
 * Staged values of an Arrow column: numbers (dates and timestamps as epoch
 * milliseconds) for numeric types, text otherwise; `null` where invalid.
 */
export function arrowColumnValues(vector: Vector): (string | number | null)[] {
  const n = vector.length;
  const out: (string | number | null)[] = new Array(n);
  const type = vector.type as DataType;
  const hasNulls = vector.nullCount > 0;
  if (DataType.isFloat(type) || DataType.isInt(type)) {
    const arr = vector.toArray() as ArrayLike<number | bigint>;
    for (let i = 0; i < n; i++) out[i] = hasNulls && !vector.isValid(i) ? null : Number(arr[i]);
    return out;
  }
  const isDate = DataType.isDate(type) || DataType.isTimestamp(type);
  for (let i = 0; i < n; i++) {
    const v: unknown = vector.get(i);
    if (v === null || v === undefined) out[i] = null;
    else if (isDate) out[i] = v instanceof Date ? v.getTime() : Number(v);
    else out[i] = toText(v);
  }
  return out;
}

/**
 * Reads an Arrow IPC file or stream into a staging table.
 *
 * @throws StoreError when the file cannot be opened; DataValidationError when it is not valid Arrow IPC.
 */
export async function stageArrowFile(connection: DuckDBConnection, file: string, onProgress?: ProgressCallback): Promise<StagingTable> {
  try {
    await access(file, constants.R_OK);
  } catch (error) {
    throw new StoreError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let staging: StagingTable | null = null;
  let dateColumns: boolean[] = [];
  try {
    const reader = await RecordBatchReader.from(createReadStream(file));
    for await (const batch of reader) {
      if (!staging) {
        const fields = batch.schema.fields;
        dateColumns = fields.map((f) => DataType.isDate(f.type) || DataType.isTimestamp(f.type));
        staging = await createStagingTable(connection, fields.map((f) => f.name), fields.map((f) => arrowStageType(f.type)));
      }
      const cols = batch.schema.fields.map((_, j) => arrowColumnValues(batch.getChildAt(j)!));
      staging.appendColumns(cols);
      onProgress?.({ step: 'read', done: staging.rows, total: null });
    }
    if (!staging) staging = await createStagingTable(connection, reader.schema?.fields.map((f) => f.name) ?? []);
  } catch (error) {
    staging?.finish();
    throw readerError(file, error);
  }
  staging.finish();
  const { name, columns } = staging;
  // Dates were staged as epoch milliseconds: present them as ISO dates (UTC calendar day).
  const select = columns
    .map((c, j) => (dateColumns[j] ? `CAST(CAST(epoch_ms(CAST(${quoteIdent(c)} AS BIGINT)) AS DATE) AS VARCHAR) AS ${quoteIdent(c)}` : quoteIdent(c)))
    .join(', ');
  return {
    ...staging,
    relation: (withRow: boolean) => `(SELECT ${withRow ? '__row, ' : ''}${select} FROM ${name})`,
  };
}
