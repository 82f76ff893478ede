/**
 * Checks of a cohort database path before it is opened for writing: the
 * commands that create stores (`midia import`, `midia pseudonymize import`)
 * refuse a path that is clearly not meant as one, instead of creating a
 * DuckDB file named `x.csv` (swapped arguments) or failing deep inside DuckDB.
 *
 * Refused: a path with a data file's extension (`.csv`, `.tsv`, `.txt`,
 * `.parquet`, `.arrow`, `.ipc`, `.feather`, `.arrows`, `.ndjson`, `.jsonl`,
 * `.json`); an existing folder; an existing file that is not a DuckDB database
 * (DuckDB files carry the magic bytes `DUCK` at offset 8); a path that is also
 * one of the sources.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { UsageError } from '../util/errors.js';
import { EXTENSION_FORMATS } from './import/format.js';

/** Extensions of data files, never of a cohort database. */
export const DATA_FILE_EXTENSIONS: readonly string[] = [...Object.keys(EXTENSION_FORMATS), '.json'];

/** True when the file starts like a DuckDB database (magic `DUCK` at byte 8). */
export function isDuckDbFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(12);
    const n = readSync(fd, head, 0, 12, 0);
    return n === 12 && head.subarray(8, 12).toString('latin1') === 'DUCK';
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses a database path that is not a cohort database (see the module documentation).
 *
 * @param sources the files the command reads, to catch `--db` naming one of them
 * @throws UsageError saying what is wrong and what was probably meant.
 * @example checkStorePath('cohort.duckdb') // ok; checkStorePath('patients.csv') throws
 */
export function checkStorePath(path: string, sources: readonly string[] = []): void {
  if (path === ':memory:') return;
  const ext = extname(path).toLowerCase();
  const hint = "the cohort database is a DuckDB file (e.g. --db cohort.duckdb) and the data files come after the flags: midia import --db cohort.duckdb patients.csv";
  if (DATA_FILE_EXTENSIONS.includes(ext)) {
    throw new UsageError(`--db ${path} looks like a data file (extension ${ext}), not a cohort database; were --db and SOURCE swapped? ${hint}`);
  }
  const full = resolve(path);
  if (sources.some((s) => resolve(s) === full)) throw new UsageError(`--db ${path} is also given as a SOURCE; ${hint}`);
  if (!existsSync(path)) return;
  const st = statSync(path);
  if (st.isDirectory()) throw new UsageError(`--db ${path} is a folder, not a cohort database file; ${hint}`);
  if (!isDuckDbFile(path)) throw new UsageError(`--db ${path} exists and is not a DuckDB database (no DuckDB header); nothing was changed. ${hint}`);
}
