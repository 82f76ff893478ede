/**
 * Arrow IPC sources (file and stream formats). DuckDB has no built-in Arrow
 * reader offline (`read_arrow` is an extension), so batches are read with
 * apache-arrow's `RecordBatchReader`, one at a time, converted column by column
 * to text and appended to a staging table in DuckDB data chunks.
 */
import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { DataType, RecordBatchReader, type Vector } from 'apache-arrow';
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../../util/errors.js';
import type { ProgressCallback } from '../../util/progress.js';
import { createStagingTable, toText, type StagingTable } from './stage.js';
import { readerError } from './read-file.js';

/** Text values of an Arrow column: dates and timestamps as ISO calendar dates (UTC), numbers in decimal. */
export function arrowColumnText(vector: Vector): (string | null)[] {
  const out: (string | null)[] = new Array(vector.length);
  const isDate = DataType.isDate(vector.type) || DataType.isTimestamp(vector.type);
  for (let i = 0; i < vector.length; i++) {
    const v: unknown = vector.get(i);
    if (v === null || v === undefined) out[i] = null;
    else if (isDate && (typeof v === 'number' || typeof v === 'bigint')) out[i] = new Date(Number(v)).toISOString().slice(0, 10);
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
  try {
    const reader = await RecordBatchReader.from(createReadStream(file));
    for await (const batch of reader) {
      const names = batch.schema.fields.map((f) => f.name);
      if (!staging) staging = await createStagingTable(connection, names);
      const cols = names.map((_, j) => arrowColumnText(batch.getChildAt(j)!));
      staging.appendColumns(cols);
      onProgress?.({ step: 'read', done: staging.rows, total: null });
    }
    if (!staging) staging = await createStagingTable(connection, reader.schema?.fields.map((f) => f.name) ?? []);
  } catch (error) {
    staging?.finish();
    throw readerError(file, error);
  }
  staging.finish();
  return staging;
}
