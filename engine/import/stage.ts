/**
 * Staging of in-process rows into a TEMP table of text columns, in DuckDB
 * data chunks through the appender (no SQL text per row). Used by the Arrow,
 * FHIR and in-process record loaders; the table then feeds the SQL pipeline.
 */
import { BIGINT, DOUBLE, DuckDBDataChunk, VARCHAR, type DuckDBConnection } from '../duckdb.js';
import { quoteIdent } from '../store-sql.js';

/** Rows per appended data chunk (DuckDB's vector size). */
export const STAGE_CHUNK_ROWS = 2048;

let counter = 0;

/** Storage type of a staged column: text, or numbers (DOUBLE) for typed sources. */
export type StageType = 'VARCHAR' | 'DOUBLE';

/** A TEMP staging table with a 1-based `__row` and VARCHAR (or DOUBLE) columns. */
export interface StagingTable {
  /** Unquoted table name (in the temp catalog). */
  name: string;
  columns: readonly string[];
  /** Rows appended so far. */
  rows: number;
  /** Appends rows of text values (`null` = missing), in column order. */
  append(rows: ReadonlyArray<ReadonlyArray<string | null>>): void;
  /** Appends column-major values (all columns the same length): text, or numbers for DOUBLE columns. */
  appendColumns(columns: ReadonlyArray<ReadonlyArray<string | number | null>>): void;
  /** Flushes and closes the appender. */
  finish(): void;
  /** The relation for the pipeline. */
  relation(withRow: boolean): string;
}

/**
 * Creates a TEMP staging table and its appender.
 * @example const st = await createStagingTable(conn, ['pseudonym', 'date']); st.append([['P1', '2020-01-01']]); st.finish()
 */
export async function createStagingTable(
  connection: DuckDBConnection,
  columns: readonly string[],
  stageTypes: readonly StageType[] = columns.map(() => 'VARCHAR'),
): Promise<StagingTable> {
  counter += 1;
  const name = `__midia_stage_${process.pid}_${counter}`;
  const defs = ['__row BIGINT', ...columns.map((c, j) => `${quoteIdent(c)} ${stageTypes[j] ?? 'VARCHAR'}`)].join(', ');
  await connection.run(`CREATE TEMP TABLE ${name} (${defs})`);
  const appender = await connection.createAppender(name, 'main', 'temp');
  const types = [BIGINT, ...columns.map((_, j) => (stageTypes[j] === 'DOUBLE' ? DOUBLE : VARCHAR))];
  const table: StagingTable = {
    name,
    columns,
    rows: 0,
    appendColumns(cols) {
      const n = cols[0]?.length ?? 0;
      for (let start = 0; start < n; start += STAGE_CHUNK_ROWS) {
        const end = Math.min(n, start + STAGE_CHUNK_ROWS);
        const chunk = DuckDBDataChunk.create(types, end - start);
        const rowIds: bigint[] = [];
        for (let r = start; r < end; r++) rowIds.push(BigInt(table.rows + r + 1));
        chunk.setColumnValues(0, rowIds);
        cols.forEach((col, j) => chunk.setColumnValues(j + 1, start === 0 && end === n ? col : col.slice(start, end)));
        appender.appendDataChunk(chunk);
      }
      table.rows += n;
    },
    append(rows) {
      const cols = columns.map((_, j) => rows.map((r) => r[j] ?? null));
      if (columns.length === 0) return;
      table.appendColumns(cols);
    },
    finish() {
      appender.flushSync();
      appender.closeSync();
    },
    relation(withRow) {
      return withRow ? name : `(SELECT * EXCLUDE (__row) FROM ${name})`;
    },
  };
  return table;
}

/**
 * Text form of an in-process value for staging: strings as they are,
 * numbers and bigints in decimal, booleans as `true`/`false`, `Date` as its
 * ISO calendar date (UTC), objects as JSON; `null`/`undefined` as missing.
 */
export function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString().slice(0, 10);
  return JSON.stringify(value);
}
