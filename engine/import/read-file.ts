/**
 * File sources read by DuckDB itself: CSV/TSV (`read_csv`, all columns as
 * text), Parquet (`read_parquet`) and NDJSON (`read_json`, newline-delimited).
 * Each becomes a SQL relation for the pipeline; nothing is parsed in JavaScript.
 *
 * CSV dialect: DuckDB's sniffer (`sniff_csv`) finds the delimiter, header,
 * skipped lines and comment character; the file is then read with those
 * settings fixed and RFC 4180 quoting (`"` quotes, `""` inside quotes) always
 * on. Without that, the sniffer falls back to "no quoting" for a file with an
 * unterminated quote and stores the quote character literally (`"UK-Nord`);
 * with it, such a file is rejected naming the line.
 */
import { access, constants, stat } from 'node:fs/promises';
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

/** Reasons DuckDB's CSV reader gives, as they appear in its messages. */
const CSV_REASONS: readonly RegExp[] = [/Expected Number of Columns: \d+ Found: \d+/i, /Invalid unicode[^\n]*/i, /Maximum line size[^\n]*/i, /Could not convert[^\n]*/i, /Error when converting[^\n]*/i];

/** The reason of a DuckDB reader error, without the echoed source line (it may hold identifying data). */
function readerReason(message: string): string {
  if (/unterminated quote/i.test(message)) {
    return "unterminated quoted value: a field opens with '\"' and is never closed (close it, or double the quote inside a quoted field)";
  }
  if (/CSV Error on Line/i.test(message)) {
    const reason = CSV_REASONS.map((r) => r.exec(message)?.[0]).find((m) => m !== undefined);
    return reason ?? 'the line is not valid CSV';
  }
  return message
    .split('\n')
    .filter((l) => l.trim().length > 0 && !/^\s*Original Line/i.test(l))
    .slice(0, 2)
    .join(' ');
}

/**
 * Wraps an error of DuckDB's reader as a {@link DataValidationError} naming the file
 * and, when DuckDB names a line, its data row (else row 0: the file as a whole);
 * MidiaErrors pass through unchanged. The source line DuckDB echoes is left out.
 */
export function readerError(file: string, error: unknown): Error {
  if (error instanceof MidiaError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // DuckDB's CSV errors name the physical line ("Line: 5002"); report it as a data row (header excluded).
  const line = /\bline:?\s*(\d+)/i.exec(message);
  const row = line ? Math.max(0, Number(line[1]) - 1) : 0;
  return new DataValidationError([{ file, row, field: null, message: `cannot read the file: ${readerReason(message)}` }], { cause: error });
}

/** The CSV dialect of a file, as DuckDB's sniffer finds it, with RFC 4180 quoting forced on. */
interface CsvDialect {
  delimiter: string;
  quote: string;
  escape: string;
  skip: number;
  comment: string | null;
  columns: string[];
}

/**
 * Sniffed dialects by file, delimiter, size and modification time: an import
 * opens its file up to four times (the identifier gate, then each strategy);
 * the sniffer runs once (~0.1 s each on a 200,000-row file).
 */
const sniffed = new Map<string, CsvDialect>();
const SNIFF_CACHE_SIZE = 64;

async function sniffCsv(connection: DuckDBConnection, file: string, delimiter: string | undefined): Promise<CsvDialect> {
  const st = await stat(file);
  const key = JSON.stringify([file, delimiter ?? null, st.size, st.mtimeMs, st.ino]);
  const hit = sniffed.get(key);
  if (hit) return hit;
  const dialect = await sniffCsvNow(connection, file, delimiter);
  if (sniffed.size >= SNIFF_CACHE_SIZE) sniffed.delete(sniffed.keys().next().value!);
  sniffed.set(key, dialect);
  return dialect;
}

async function sniffCsvNow(connection: DuckDBConnection, file: string, delimiter: string | undefined): Promise<CsvDialect> {
  const delim = delimiter !== undefined ? `, delim = ${quoteLiteral(delimiter)}` : '';
  const rows = (
    await connection.runAndReadAll(`SELECT Delimiter, Quote, Escape, SkipRows, Comment, Columns FROM sniff_csv(${quoteLiteral(file)}, header = true${delim})`)
  ).getRowsJS();
  const r = rows[0];
  if (!r) throw new Error('the CSV sniffer returned nothing');
  const empty = (v: unknown): boolean => v === null || v === undefined || v === '(empty)' || v === '';
  const quote = empty(r[1]) ? '"' : String(r[1]);
  const columns = (r[5] as unknown as { name: string }[]).map((c) => String(c.name));
  return {
    delimiter: delimiter ?? String(r[0]),
    quote,
    escape: empty(r[2]) ? quote : String(r[2]),
    skip: Number(r[3] ?? 0),
    comment: empty(r[4]) ? null : String(r[4]),
    columns,
  };
}

/** The `read_csv` call of a sniffed dialect: every column as text, nothing guessed again. */
function csvCall(file: string, d: CsvDialect): string {
  const cols = d.columns.map((c) => `${quoteLiteral(c)}: 'VARCHAR'`).join(', ');
  const comment = d.comment !== null ? `, comment = ${quoteLiteral(d.comment)}` : '';
  return (
    `read_csv(${quoteLiteral(file)}, auto_detect = false, header = true, delim = ${quoteLiteral(d.delimiter)}, quote = ${quoteLiteral(d.quote)}, ` +
    `escape = ${quoteLiteral(d.escape)}, skip = ${d.skip}${comment}, columns = {${cols}})`
  );
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
  let call: string;
  let described: Array<[string, string]>;
  try {
    if (format === 'csv') {
      const dialect = await sniffCsv(connection, file, options.delimiter);
      call = csvCall(file, dialect);
      described = dialect.columns.map((c) => [c, 'VARCHAR']);
    } else {
      call = readerCall(file, format, options);
      const rows = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${call}`)).getRowsJS();
      described = rows.map((r) => [String(r[0]), String(r[1])]);
    }
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
