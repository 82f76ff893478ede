/**
 * Format detection from file extensions.
 */
import { extname } from 'node:path';
import { UsageError } from '../../util/errors.js';
import type { ImportFormat } from './types.js';

/** Extensions and the format each one means. */
export const EXTENSION_FORMATS: Readonly<Record<string, ImportFormat>> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.parquet': 'parquet',
  '.arrow': 'arrow',
  '.ipc': 'arrow',
  '.feather': 'arrow',
  '.arrows': 'arrow',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
};

/**
 * The import format of a file from its extension (case-insensitive).
 *
 * @throws UsageError for an unknown extension (pass `format` explicitly).
 * @example detectFormat('cohort/patients.tsv') // => 'csv'
 */
export function detectFormat(file: string): ImportFormat {
  const ext = extname(file).toLowerCase();
  const format = EXTENSION_FORMATS[ext];
  if (!format) {
    throw new UsageError(`cannot tell the format of ${file} from its extension '${ext}'; pass format (one of csv, parquet, arrow, ndjson)`);
  }
  return format;
}

/** Default CSV delimiter of a file: tab for `.tsv`, otherwise `undefined` (DuckDB sniffs it). */
export function defaultDelimiter(file: string): string | undefined {
  return extname(file).toLowerCase() === '.tsv' ? '\t' : undefined;
}
