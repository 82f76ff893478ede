/**
 * File sources read by DuckDB itself: CSV/TSV (`read_csv`, all columns as
 * text), Parquet (`read_parquet`) and NDJSON (`read_json`, newline-delimited).
 * Each becomes a SQL relation for the pipeline; nothing is parsed in JavaScript.
 */
import { access, constants } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DataValidationError, MidiaError, StoreError } from '../../util/errors.js';
import { quoteIdent, quoteLiteral } from '../store-sql.js';
import type { ImportFormat } from './types.js';

/** A file source: its reader call and its columns. */
export interface FileSource {
  /** Columns of the file. */
  columns: string[];
  /** Relation for the pipeline (`withRow` adds the 1-based `__row` in file order). */
  relation(withRow: boolean): string;
}

/** Reader options. */
export interface ReadFileOptions {
  /** CSV delimiter. Default: DuckDB's sniffer decides. */
  delimiter?: string;
}

/** The DuckDB table function call reading a file (path quoted safely). */
export function readerCall(file: string, format: Exclude<ImportFormat, 'arrow'>, options: ReadFileOptions = {}): string {
  const path = quoteLiteral(file);
  switch (format) {
    case 'csv': {
      const delim = options.delimiter !== undefined ? `, delim = ${quoteLiteral(options.delimiter)}` : '';
      return `read_csv(${path}, all_varchar = true, header = true${delim})`;
    }
    case 'parquet':
      return `read_parquet(${path})`;
    case 'ndjson':
      return `read_json(${path}, format = 'newline_delimited')`;
  }
}

/**
 * Wraps an error of DuckDB's reader as a {@link DataValidationError} naming the file
 * and, when DuckDB names a line, its data row (else row 0: the file as a whole);
 * MidiaErrors pass through unchanged.
 */
export function readerError(file: string, error: unknown): Error {
  if (error instanceof MidiaError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n').filter((l) => l.trim().length > 0);
  // DuckDB's CSV errors name the physical line ("Line: 5002"); report it as a data row (header excluded).
  const line = /\bline:?\s*(\d+)/i.exec(message);
  const row = line ? Math.max(0, Number(line[1]) - 1) : 0;
  return new DataValidationError([{ file, row, field: null, message: `cannot read the file: ${lines.slice(0, 2).join(' ')}` }], { cause: error });
}

/**
 * Opens a file source: checks the file is readable and asks DuckDB for its columns.
 *
 * @throws StoreError when the file does not exist or cannot be read; DataValidationError when DuckDB cannot parse it.
 */
export async function openFileSource(
  connection: DuckDBConnection,
  file: string,
  format: Exclude<ImportFormat, 'arrow'>,
  options: ReadFileOptions = {},
): Promise<FileSource> {
  try {
    await access(file, constants.R_OK);
  } catch (error) {
    throw new StoreError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const call = readerCall(file, format, options);
  let described: Array<[string, string]>;
  try {
    const rows = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${call}`)).getRowsJS();
    described = rows.map((r) => [String(r[0]), String(r[1])]);
  } catch (error) {
    throw readerError(file, error);
  }
  // Typed readers (Parquet, NDJSON): timestamps count by their calendar date.
  const select = described
    .map(([name, type]) => (/^TIMESTAMP/.test(type) ? `CAST(CAST(${quoteIdent(name)} AS DATE) AS VARCHAR) AS ${quoteIdent(name)}` : quoteIdent(name)))
    .join(', ');
  const base = format === 'csv' ? `SELECT * FROM ${call}` : `SELECT ${select} FROM ${call}`;
  return {
    columns: described.map(([name]) => name),
    relation: (withRow) => (withRow ? `(SELECT row_number() OVER () AS __row, * FROM (${base}))` : `(${base})`),
  };
}
