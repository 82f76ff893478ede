/**
 * The one place where DuckDB values become JavaScript numbers, strings and
 * Arrow vectors (STYLE.md, principle 9). BIGINT arrives from DuckDB as
 * `bigint`, DATE as day counts, NULL as a validity bit: here they become
 * `Float64Array` with `NaN` for missing, day offsets, and string arrays with
 * `null`. Statistics code never sees a DuckDB value.
 */
import { DuckDBTypeId, type DuckDBResult, type DuckDBVector } from './duckdb.js';
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

/** How a result column is represented after conversion. */
export type ColumnKind = 'number' | 'integer' | 'boolean' | 'date' | 'string';

/** A converted query result, column-oriented. */
export interface ResultColumns {
  names: string[];
  kinds: ColumnKind[];
  /**
   * Values per column: `Float64Array` (NaN = NULL) for number, integer and
   * boolean (0/1) columns, `Float64Array` of days since 1970-01-01 (NaN = NULL)
   * for dates, `(string | null)[]` for text.
   */
  columns: Column[];
  rowCount: number;
}

const NUMBER_TYPES = new Set<number>([
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DECIMAL,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
]);
const INTEGER_TYPES = new Set<number>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
]);

function kindOf(typeId: number): ColumnKind {
  if (NUMBER_TYPES.has(typeId)) return 'number';
  if (INTEGER_TYPES.has(typeId)) return 'integer';
  if (typeId === DuckDBTypeId.BOOLEAN) return 'boolean';
  if (typeId === DuckDBTypeId.DATE) return 'date';
  return 'string';
}

/** Largest integer that converts from bigint without loss. */
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Converts one DuckDB value to a number (NaN for null). Exported for tests. */
export function toNumber(value: unknown, column = '?'): number {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') {
    if (value > SAFE || value < -SAFE) throw new StoreError(`Column ${column}: integer ${value} exceeds 2^53 and cannot be represented exactly`);
    return Number(value);
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object' && value !== null) {
    const v = value as { days?: number; toDouble?: () => number };
    if (typeof v.days === 'number') return v.days;
    if (typeof v.toDouble === 'function') return v.toDouble();
  }
  const n = Number(value);
  return Number.isNaN(n) ? Number.NaN : n;
}

/**
 * What a fixed-width DuckDB vector holds inside (duckdb-node-neo 1.5): its
 * values as a typed-array view of DuckDB's own buffer, and the validity mask
 * as 64-bit words (`data` null when every value is valid). Read only through
 * {@link copyNumeric}, which falls back to `getItem` when the shape differs.
 */
interface RawVector {
  items?: unknown;
  validity?: { data?: BigUint64Array | null; offset?: number };
}

/** Typed arrays whose values `Float64Array.set` copies as numbers. */
type NumberArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;

const NUMBER_ARRAYS = [Float64Array, Float32Array, Int32Array, Int16Array, Int8Array, Uint32Array, Uint16Array, Uint8Array];

/** Types whose vectors hold their values in a plain typed array (DATE: days since 1970-01-01 as Int32). */
const TYPED_ARRAY_TYPES = new Set<number>([
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.DATE,
]);

function numberItems(vector: DuckDBVector): NumberArray | null {
  if (!TYPED_ARRAY_TYPES.has(vector.type.typeId)) return null;
  const items = (vector as unknown as RawVector).items;
  for (const T of NUMBER_ARRAYS) if (items instanceof T) return items as NumberArray;
  return null;
}

/**
 * Sets `out[offset + i]` to NaN where the vector's validity mask marks row `i`
 * NULL. Reads the mask 32 bits at a time; returns false when the mask is not
 * in the expected shape (the caller then checks row by row).
 */
function maskNulls(vector: DuckDBVector, n: number, out: Float64Array, offset: number): boolean {
  const validity = (vector as unknown as RawVector).validity;
  if (!validity || validity.data === undefined || (validity.offset ?? 0) !== 0) return false;
  const words = validity.data;
  if (words === null) return true;
  if (!(words instanceof BigUint64Array)) return false;
  const bits = new Uint32Array(words.buffer, words.byteOffset, words.length * 2);
  for (let w = 0; w * 32 < n; w++) {
    const word = bits[w] as number;
    if (word === 0xffffffff) continue;
    const end = Math.min(32, n - w * 32);
    for (let b = 0; b < end; b++) if (((word >>> b) & 1) === 0) out[offset + w * 32 + b] = Number.NaN;
  }
  return true;
}

/**
 * Copies a numeric, boolean or date vector into `out` at `offset`, NULL as NaN.
 * Fast path (ENVIRONMENT.md): fixed-width vectors expose their values as a
 * typed array, copied in one `set`; BIGINT values are converted one by one
 * (and must fit in 2^53); anything else goes through `getItem`.
 */
function copyNumeric(vector: DuckDBVector, out: Float64Array, offset: number, name: string): void {
  const n = vector.itemCount;
  const items = numberItems(vector);
  if (items && items.length >= n) {
    out.set(items.subarray(0, n), offset);
    if (maskNulls(vector, n, out, offset)) return;
    for (let i = 0; i < n; i++) if (vector.getItem(i) === null) out[offset + i] = Number.NaN;
    return;
  }
  const big = (vector as unknown as RawVector).items;
  if (vector.type.typeId === DuckDBTypeId.BIGINT && big instanceof BigInt64Array && big.length >= n) {
    for (let i = 0; i < n; i++) {
      const v = big[i] as bigint;
      if (v > SAFE || v < -SAFE) {
        if (vector.getItem(i) === null) continue;
        throw new StoreError(`Column ${name}: integer ${v} exceeds 2^53 and cannot be represented exactly`);
      }
      out[offset + i] = Number(v);
    }
    if (maskNulls(vector, n, out, offset)) return;
    for (let i = 0; i < n; i++) if (vector.getItem(i) === null) out[offset + i] = Number.NaN;
    return;
  }
  for (let i = 0; i < n; i++) out[offset + i] = toNumber(vector.getItem(i), name);
}

/** Whether the result knows its row count before it is read (a materialized result). */
function knownRowCount(result: DuckDBResult): number | null {
  const n = (result as { rowCount?: unknown }).rowCount;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
}

/**
 * Reads a whole DuckDB result chunk by chunk into typed columns.
 * Numeric, boolean and date columns are copied straight into Float64Arrays
 * (preallocated when the result is materialized, as `connection.run` returns
 * it); nothing is converted value by value except text and BIGINT.
 */
export async function readResult(result: DuckDBResult): Promise<ResultColumns> {
  const names = result.columnNames();
  const kinds = result.columnTypes().map((t) => kindOf(t.typeId));
  const total = knownRowCount(result);
  const numbers: Float64Array[][] = names.map(() => []);
  const strings: (string | null)[][] = names.map(() => (total === null ? [] : new Array<string | null>(total)));
  let rowCount = 0;
  if (total !== null) names.forEach((_, j) => kinds[j] !== 'string' && (numbers[j] as Float64Array[]).push(new Float64Array(total)));
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    if (total !== null && rowCount + n > total) throw new StoreError(`result has more rows than the ${total} it announced`);
    for (let j = 0; j < names.length; j++) {
      const vector = chunk.getColumnVector(j);
      if (kinds[j] === 'string') {
        const target = strings[j] as (string | null)[];
        for (let i = 0; i < n; i++) {
          const v = vector.getItem(i);
          target[rowCount + i] = v === null || v === undefined ? null : String(v);
        }
      } else if (total !== null) {
        copyNumeric(vector, (numbers[j] as Float64Array[])[0] as Float64Array, rowCount, names[j] as string);
      } else {
        const part = new Float64Array(n);
        copyNumeric(vector, part, 0, names[j] as string);
        (numbers[j] as Float64Array[]).push(part);
      }
    }
    rowCount += n;
  }
  const columns: Column[] = names.map((_, j) => {
    if (kinds[j] === 'string') {
      const s = strings[j] as (string | null)[];
      if (s.length !== rowCount) s.length = rowCount;
      return s;
    }
    const parts = numbers[j] as Float64Array[];
    if (total !== null) return rowCount === total ? (parts[0] as Float64Array) : (parts[0] as Float64Array).slice(0, rowCount);
    if (parts.length === 1) return parts[0] as Float64Array;
    const out = new Float64Array(rowCount);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  });
  return { names, kinds, columns, rowCount };
}

/**
 * The columns of a result as the models see a data frame that R's `read.csv`
 * made: as {@link toColumnTable}, except that logical columns (kind
 * `boolean`) become the text `FALSE`/`TRUE` (null for NA), which the model
 * frame treats as a two-level factor with FALSE first, as R's `model.matrix`
 * treats a logical: the Cox term of a logical `x` is `xTRUE`, Kaplan-Meier
 * strata are `x=FALSE` and `x=TRUE`, and `Surv(time, x)` reads it as the
 * event indicator (docs/data-files.md).
 * @example toModelTable(await readDataFile('gbsg2.csv')).horTh // => ['no', 'yes', ...]
 */
export function toModelTable(result: ResultColumns): ColumnTable {
  const table: Record<string, Column> = {};
  result.names.forEach((name, j) => {
    const col = result.columns[j] as Column;
    if (result.kinds[j] === 'boolean' && col instanceof Float64Array) {
      table[name] = Array.from(col, (v) => (Number.isNaN(v) ? null : v !== 0 ? 'TRUE' : 'FALSE'));
    } else table[name] = col;
  });
  return table;
}

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
