/**
 * Sequences and groups from files (`midia patterns ... --sequences FILE [--groups FILE]`): the event
 * file (columns id, date, item; CSV or Parquet; ISO dates) and the group file
 * (columns id, group), read as text by DuckDB and checked row by row. Every
 * bad row is named by file, row (1-based, header excluded) and field; nothing
 * is mined from a file with a bad row. Values are trimmed; blank and `NA`
 * fields are missing (as `read.csv`). Other columns are ignored.
 */
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { DuckDBInstance } from '../../engine/duckdb.js';
import { readResult } from '../../engine/read-result.js';
import { ident, literal } from '../../engine/sql.js';
import { daysFromIso } from '../../util/dates.js';
import { DataValidationError, UsageError, type RecordIssue } from '../../util/errors.js';
import { tableSource, type TableSource } from '../core/source.js';

/** Most row issues collected before stopping. */
const MAX_ISSUES = 20;

function readerOf(file: string): string {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return `read_csv(${literal(file)}, header = true, all_varchar = true, nullstr = ['', 'NA'], skip = 0)`;
  if (ext === '.tsv') return `read_csv(${literal(file)}, header = true, all_varchar = true, nullstr = ['', 'NA'], skip = 0, delim = '\t')`;
  if (ext === '.parquet') return `read_parquet(${literal(file)})`;
  throw new UsageError(`${file}: give a .csv, .tsv or .parquet file`);
}

/** The named columns of a file as trimmed text (null = missing), in file order. */
async function readTextColumns(file: string, required: readonly string[]): Promise<(string | null)[][]> {
  if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
  const reader = readerOf(file);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    let names: string[];
    try {
      names = ((await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`)).getRowObjectsJS() as { column_name: string }[]).map((r) => r.column_name);
    } catch (err) {
      throw new DataValidationError([{ file, row: 0, field: null, message: `cannot read the file: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}` }], { cause: err });
    }
    const missing = required.filter((c) => !names.includes(c));
    if (missing.length) throw new DataValidationError(missing.map((c) => ({ file, row: 0, field: c, message: `missing column '${c}' (the file has ${names.join(', ')})` })));
    let result;
    try {
      result = await readResult(await conn.run(`SELECT ${required.map((c) => `trim(CAST(${ident(c)} AS VARCHAR)) AS ${ident(c)}`).join(', ')} FROM ${reader}`));
    } catch (err) {
      throw new DataValidationError([{ file, row: 0, field: null, message: `cannot read the file: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}` }], { cause: err });
    }
    if (result.rowCount === 0) throw new DataValidationError([{ file, row: 0, field: null, message: 'the file has no rows' }]);
    return result.columns.map((col) => Array.from(col as ArrayLike<string | null>, (v) => (v === '' ? null : v)));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Events of a sequence file, as models/patterns/sequence-database.ts takes them. */
export interface SequenceFileEvents {
  id: string[];
  day: Int32Array;
  item: string[];
}

/**
 * Reads an event file (id, date, item).
 * @throws UsageError for a missing file or an unknown extension;
 *   DataValidationError naming file, row and field for a missing column, an
 *   empty file, a missing id or item, or a date that is not an ISO date.
 */
export async function readSequenceFile(file: string): Promise<SequenceFileEvents> {
  const [ids, dates, items] = (await readTextColumns(file, ['id', 'date', 'item'])) as [(string | null)[], (string | null)[], (string | null)[]];
  const n = ids.length;
  const day = new Int32Array(n);
  const issues: RecordIssue[] = [];
  const issue = (row: number, field: string, message: string, value?: unknown): void => {
    if (issues.length < MAX_ISSUES) issues.push({ file, row, field, message, ...(value === undefined ? {} : { value }) });
  };
  for (let i = 0; i < n && issues.length < MAX_ISSUES; i++) {
    if (ids[i] === null) issue(i + 1, 'id', 'missing id');
    if (items[i] === null) issue(i + 1, 'item', 'missing item');
    const d = dates[i];
    if (d === null || d === undefined) issue(i + 1, 'date', 'missing date');
    else {
      try {
        day[i] = daysFromIso(d);
      } catch {
        issue(i + 1, 'date', `not an ISO date (YYYY-MM-DD): '${d}'`, d);
      }
    }
  }
  if (issues.length) throw new DataValidationError(issues);
  return { id: ids as string[], day, item: items as string[] };
}

/** Groups of a group file: one label per id. */
export interface GroupFile {
  ids: string[];
  groups: string[];
}

/**
 * Reads a group file (id, group): every id once.
 * @throws as {@link readSequenceFile}; also for an id listed twice.
 */
export async function readGroupFile(file: string): Promise<GroupFile> {
  const [ids, groups] = (await readTextColumns(file, ['id', 'group'])) as [(string | null)[], (string | null)[]];
  const issues: RecordIssue[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < ids.length && issues.length < MAX_ISSUES; i++) {
    const id = ids[i];
    if (id === null || id === undefined) issues.push({ file, row: i + 1, field: 'id', message: 'missing id' });
    else if (seen.has(id)) issues.push({ file, row: i + 1, field: 'id', message: `id '${id}' is listed again (first on row ${seen.get(id)})`, value: id });
    else seen.set(id, i + 1);
    if (groups[i] === null) issues.push({ file, row: i + 1, field: 'group', message: 'missing group' });
  }
  if (issues.length) throw new DataValidationError(issues.slice(0, MAX_ISSUES));
  return { ids: ids as string[], groups: groups as string[] };
}

/**
 * An event file as the table source of the pattern analyses: columns `id`,
 * `day` (days since 1970-01-01) and `item`, labelled with the file name.
 * @throws as {@link readSequenceFile}.
 * @example const r = await minePatterns(await sequenceFileSource('events.csv'), { minSupport: '0.1' })
 */
export async function sequenceFileSource(file: string): Promise<TableSource> {
  const e = await readSequenceFile(file);
  return tableSource({ id: e.id, day: Float64Array.from(e.day), item: e.item }, file);
}
