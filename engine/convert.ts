/**
 * The one place where DuckDB values become JavaScript numbers, strings and
 * Arrow vectors (STYLE.md, principle 9). BIGINT arrives from DuckDB as
 * `bigint`, DATE as day counts, NULL as a validity bit: here they become
 * `Float64Array` with `NaN` for missing, day offsets, and string arrays with
 * `null`. Statistics code never sees a DuckDB value. Reading results into
 * typed columns lives in engine/read-result.ts (re-exported here), which
 * does not load apache-arrow.
 */
import {
  Bool,
  DateDay,
  Float64,
  Int32,
  Table,
  Utf8,
  makeData,
  makeVector,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import type { Column, ColumnTable } from '../models/design/types.js';
import { daysFromIso, isoFromDays } from '../util/dates.js';
import { StoreError } from '../util/errors.js';

export { readResult, toModelTable, toNumber, type ColumnKind, type ResultColumns } from './read-result.js';
import type { ColumnKind, ResultColumns } from './read-result.js';

/** The columns of a result as a name -> column table for the models. */
export function toColumnTable(result: ResultColumns): ColumnTable {
  const table: Record<string, Column> = {};
  result.names.forEach((name, j) => {
    table[name] = result.columns[j] as Column;
  });
  return table;
}

function nullBitmap(values: Float64Array): { bitmap: Uint8Array; nullCount: number } {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i] as number)) nullCount++;
    else bitmap[i >> 3] = (bitmap[i >> 3] as number) | (1 << (i & 7));
  }
  return { bitmap, nullCount };
}

function numericVector(values: Float64Array, kind: ColumnKind): Vector {
  const { bitmap, nullCount } = nullBitmap(values);
  if (kind === 'integer') {
    const data = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      data[i] = Number.isNaN(v) ? 0 : v;
    }
    return makeVector(makeData({ type: new Int32(), length: values.length, nullCount, nullBitmap: bitmap, data }));
  }
  if (kind === 'date') {
    const data = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      data[i] = Number.isNaN(v) ? 0 : v;
    }
    return makeVector(makeData({ type: new DateDay(), length: values.length, nullCount, nullBitmap: bitmap, data }));
  }
  if (kind === 'boolean') {
    return vectorFromArray(
      Array.from(values, (v) => (Number.isNaN(v) ? null : v !== 0)),
      new Bool(),
    );
  }
  // NaN in a DOUBLE column is SQL NULL after readResult: keep it null in Arrow.
  const data = values.slice();
  return makeVector(makeData({ type: new Float64(), length: values.length, nullCount, nullBitmap: bitmap, data }));
}

/** A converted result as an `apache-arrow` Table (types kept: DOUBLE, INTEGER, DATE (day), BOOLEAN, VARCHAR). */
export function toArrowTable(result: ResultColumns): Table {
  const vectors: Record<string, Vector> = {};
  result.names.forEach((name, j) => {
    const col = result.columns[j] as Column;
    const kind = result.kinds[j] as ColumnKind;
    vectors[name] = col instanceof Float64Array ? numericVector(col, kind) : vectorFromArray(col as (string | null)[], new Utf8());
  });
  return new Table(vectors);
}

/** Days since 1970-01-01 of an ISO date string (its first 10 characters); NaN when it is not a calendar date. */
export function isoToDays(iso: string): number {
  try {
    return daysFromIso(iso.slice(0, 10));
  } catch {
    return Number.NaN;
  }
}

/** ISO date string of a day count since 1970-01-01 (`null` for NaN). */
export function daysToIso(days: number): string | null {
  return Number.isNaN(days) ? null : isoFromDays(Math.floor(days));
}

/**
 * Day offsets of dates from an origin: `dates[i] - origin[i]` (or a scalar
 * origin), NaN where either is missing.
 */
export function daysFrom(dates: Float64Array, origin: Float64Array | number): Float64Array {
  const out = new Float64Array(dates.length);
  for (let i = 0; i < dates.length; i++) {
    const o = typeof origin === 'number' ? origin : (origin[i] as number);
    out[i] = (dates[i] as number) - o;
  }
  return out;
}

/** Converts a numeric column of whole numbers (no missing values) to Int32Array; throws otherwise. */
export function toInt32(values: Float64Array, name = '?'): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isInteger(v) || v > 2147483647 || v < -2147483648) throw new StoreError(`Column ${name}: value ${v} at row ${i + 1} is not a 32-bit integer`);
    out[i] = v;
  }
  return out;
}

/** Row objects of a converted result (dates as ISO strings), for JSON and CSV output. */
export function toRows(result: ResultColumns): Record<string, string | number | boolean | null>[] {
  const rows: Record<string, string | number | boolean | null>[] = new Array(result.rowCount);
  for (let i = 0; i < result.rowCount; i++) {
    const row: Record<string, string | number | boolean | null> = {};
    result.names.forEach((name, j) => {
      const col = result.columns[j] as Column;
      const kind = result.kinds[j];
      if (col instanceof Float64Array) {
        const v = col[i] as number;
        if (Number.isNaN(v)) row[name] = null;
        else if (kind === 'date') row[name] = daysToIso(v);
        else if (kind === 'boolean') row[name] = v !== 0;
        else row[name] = v;
      } else row[name] = (col as (string | null)[])[i] ?? null;
    });
    rows[i] = row;
  }
  return rows;
}
