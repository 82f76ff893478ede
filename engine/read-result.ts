/**
 * DuckDB results into typed columns (STYLE.md, principle 9): BIGINT, DATE
 * and NULL become numbers, day offsets and NaN here, chunk by chunk, copied
 * straight out of DuckDB's vectors. Kept apart from engine/convert.ts (which
 * re-exports it) so that reading a data file does not load apache-arrow
 * (0.3 s of start-up CPU; docs/data-files.md).
 */
import { DuckDBTypeId, type DuckDBResult, type DuckDBVector } from './duckdb.js';
import type { Column, ColumnTable } from '../models/design/types.js';
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
  const strings: (string | null)[][] = names.map((_, j) => (total === null || kinds[j] !== 'string' ? [] : new Array<string | null>(total)));
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

