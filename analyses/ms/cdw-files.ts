/**
 * The input files of `msCdw` (`midia ms cdw --visits F --relapses F`): CSV
 * files read with every column as text (ids keep leading zeros), checked
 * row by row: `id`, ISO `date`, `edss` from 0 to 10 (empty or NA = not
 * assessed). Rows are numbered from 1 after the header.
 */
import { DuckDBInstance } from '../../engine/duckdb.js';
import { literal } from '../../engine/sql.js';
import type { EdssVisitRow, RelapseRow } from '../../models/ms/cdw.js';
import { toDayNumber } from '../../models/ms/day-number.js';
import { DataValidationError } from '../../util/errors.js';

/** Reads a CSV with every column as text (ids keep leading zeros), checking the required columns. */
async function readTextCsv(file: string, required: readonly string[]): Promise<Record<string, string | null>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    let rows: Record<string, unknown>[];
    try {
      const reader = await conn.runAndReadAll(`SELECT * FROM read_csv(${literal(file)}, header = true, all_varchar = true, nullstr = ['', 'NA'])`);
      rows = reader.getRowObjectsJS() as Record<string, unknown>[];
      const names = reader.columnNames();
      const missing = required.filter((c) => !names.includes(c));
      if (missing.length) throw new DataValidationError([{ file, row: 0, field: missing[0] ?? null, message: `missing column(s) ${missing.join(', ')} (has ${names.join(', ')})` }]);
    } catch (err) {
      if (err instanceof DataValidationError) throw err;
      throw new DataValidationError([{ file, row: 0, field: null, message: err instanceof Error ? err.message : String(err) }], { cause: err });
    }
    return rows.map((r) => {
      const o: Record<string, string | null> = {};
      for (const c of required) {
        const v = r[c];
        o[c] = v === null || v === undefined ? null : String(v).trim();
      }
      return o;
    });
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

function isoOrFail(value: string | null, file: string, row: number, field: string): string {
  if (value === null) throw new DataValidationError([{ file, row, field, message: 'missing date' }]);
  try {
    toDayNumber(value, field);
  } catch {
    throw new DataValidationError([{ file, row, field, message: `not an ISO date (YYYY-MM-DD): ${value}` }]);
  }
  return value;
}

function idOrFail(value: string | null, file: string, row: number): string {
  if (value === null || value === '') throw new DataValidationError([{ file, row, field: 'id', message: 'missing id' }]);
  return value;
}

/**
 * Loads the visits file (id, date, edss) and the relapses file (id, date; optional).
 * @throws {DataValidationError} naming the file, row and field of the first bad value, or the missing columns.
 * @example const { visits, relapses } = await loadCdwFiles('visits.csv', 'relapses.csv')
 */
export async function loadCdwFiles(visitsFile: string, relapsesFile: string | undefined): Promise<{ visits: EdssVisitRow[]; relapses: RelapseRow[] }> {
  const vrows = await readTextCsv(visitsFile, ['id', 'date', 'edss']);
  const visits = vrows.map((r, i): EdssVisitRow => {
    const row = i + 1;
    const e = r.edss;
    let edss: number | null = null;
    if (e !== null && e !== '') {
      edss = Number(e);
      if (!(Number.isFinite(edss) && edss >= 0 && edss <= 10)) throw new DataValidationError([{ file: visitsFile, row, field: 'edss', message: `EDSS must be a number from 0 to 10, got '${e}'` }]);
    }
    return { id: idOrFail(r.id ?? null, visitsFile, row), date: isoOrFail(r.date ?? null, visitsFile, row, 'date'), edss };
  });
  const relapses: RelapseRow[] = relapsesFile
    ? (await readTextCsv(relapsesFile, ['id', 'date'])).map((r, i) => ({ id: idOrFail(r.id ?? null, relapsesFile, i + 1), date: isoOrFail(r.date ?? null, relapsesFile, i + 1, 'date') }))
    : [];
  return { visits, relapses };
}
