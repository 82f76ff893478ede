/**
 * The shared SQL import pipeline: every loader stages its records as a SQL
 * relation of text columns (DuckDB's own readers for CSV, Parquet and NDJSON;
 * a TEMP staging table for Arrow, FHIR and in-process records) and hands it
 * here. Two strategies share the validation SQL of validate-sql.ts:
 *
 * **Optimistic single pass** ({@link runOptimisticImport}, one file into one
 * table, used first by `importFile`): one `INSERT ... SELECT` reads the source
 * once, types every value and evaluates the validity mask of each row; a row
 * whose mask is not zero raises DuckDB's `error()`, which aborts the statement
 * (and the transaction). The rows just written are then told apart from the
 * earlier ones by `rowid > max(rowid) before`, a count checked against the
 * INSERT's own count; their distinct pseudonyms are looked up in `patients`
 * (once each, not per row); within-file duplicates are found by sorting the
 * 64-bit hashes of their keys and counting equal neighbours (the exact
 * comparison of keys runs only for the hashes that repeat), duplicates of stored rows by a
 * semi-join of the new rows against the stored ones, and the later copies are
 * deleted in place (insertion order is file order, so the first occurrence
 * stays). Whenever it cannot finish exactly this way (a bad or unreadable
 * record, a primary-key clash, a check that does not add up) it throws
 * {@link OptimisticImportUnavailable}; the caller rolls the transaction back
 * and runs the exact pipeline, which names every rejected record.
 *
 * **Exact pipeline** ({@link runImportPipeline}, any number of sources): per source
 *
 * 1. one validation pass: `count(*)`, the OR of all rows' error masks and
 *    `count(DISTINCT hash(key))` in a single scan, no JavaScript per row;
 * 2. only if some row is bad: a pass that fetches the first
 *    {@link MAX_LISTED_ISSUES} bad rows with their values (and counts all),
 *    then throws {@link ImportValidationError} — the caller's transaction is
 *    rolled back, nothing is written;
 * 3. only if the distinct hashes are fewer than the rows: a pass that finds the
 *    later rows of each repeated key (the first occurrence in file order is kept);
 * 4. one INSERT ... SELECT that skips those rows and, when the table is not
 *    empty, anti-joins the existing rows on the key.
 *
 * Both must run inside a transaction (see `withTransaction`).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { RAW_SCHEMA, TABLES, type CanonicalTableName } from '../schema.js';
import type { ProgressCallback } from '../../util/progress.js';
import { quoteIdent, quoteLiteral } from '../store-sql.js';
import type { ResolvedColumn } from './mapping.js';
import { UsageError } from '../../util/errors.js';
import { ImportValidationError, MAX_LISTED_ISSUES, type ImportIssue, type TableImportCount } from './types.js';
import { columnIndex, decodeMask, defaultValidationContext, existingKeyCondition, storedExpr, validationSql, type ValidationContext } from './validate-sql.js';

/** Where a problem is reported: the user-facing row and field of a staged row's column. */
export type Locate = (row: number, column: string | null) => { row: number; field: string | null; sourceColumn?: string | null };

/** One staged source of records for one table. */
export interface PipelineSource {
  table: CanonicalTableName;
  /** File named in issues. */
  file: string;
  /** SQL relation of the source; with `true` it must yield a 1-based BIGINT `__row` in source order. */
  relation: (withRow: boolean) => string;
  /** Canonical columns with their text expressions. */
  columns: ResolvedColumn[];
  /** Names rows and fields for issues. Default: {@link locateByColumn}. */
  locate?: Locate;
}

/**
 * Default issue location: the staged row number, and the canonical column
 * followed by the source column when they differ, e.g. `sex (source column 'GENDER')`.
 */
export function locateByColumn(columns: readonly ResolvedColumn[]): Locate {
  return (row, column) => {
    if (column === null) return { row, field: null };
    const col = columns.find((c) => c.spec.name === column);
    const src = col?.sourceColumn ?? null;
    return { row, field: src !== null && src !== column ? `${column} (source column '${src}')` : column, sourceColumn: src };
  };
}

let tempCounter = 0;
function tempName(kind: string): string {
  tempCounter += 1;
  return `__midia_${kind}_${process.pid}_${tempCounter}`;
}

function num(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : Number(value ?? 0);
}

/** Options of {@link runImportPipeline}. */
export interface PipelineOptions {
  onProgress?: ProgressCallback;
  /** Maximum issues listed on the error. Default {@link MAX_LISTED_ISSUES}. */
  maxIssues?: number;
  /** The day of the plausibility rules and the accepted pseudonym forms. Default: today, no pseudonym-form check. */
  context?: ValidationContext;
}

/**
 * Validates all sources, then (if every record is valid) inserts them,
 * patients first. Returns per-table counts.
 *
 * @throws ImportValidationError listing rejected records; nothing is inserted.
 */
export async function runImportPipeline(
  connection: DuckDBConnection,
  sources: readonly PipelineSource[],
  options: PipelineOptions = {},
): Promise<Partial<Record<CanonicalTableName, TableImportCount>>> {
  const maxIssues = options.maxIssues ?? MAX_LISTED_ISSUES;
  const progress = options.onProgress ?? (() => {});
  const ctx = options.context ?? defaultValidationContext();
  const ordered = [...sources].sort((a, b) => (a.table === 'patients' ? 0 : 1) - (b.table === 'patients' ? 0 : 1));
  const patientsSql = ordered
    .filter((s) => s.table === 'patients')
    .map((s) => {
      const v = validationSql('patients', s.columns, s.relation, null, ctx);
      return `SELECT v_${columnIndex(s.columns, 'pseudonym')} AS __k FROM (${v.typed(false)})`;
    });
  const known = `(SELECT pseudonym AS __k FROM ${quoteIdent(RAW_SCHEMA)}.patients${patientsSql.map((q) => ` UNION ALL ${q}`).join('')})`;
  const temps: string[] = [];

  interface Checked {
    source: PipelineSource;
    sql: ReturnType<typeof validationSql>;
    total: number;
    bad: boolean;
    /** True when some key hash repeats (a duplicate, or a 64-bit hash collision). */
    repeats: boolean;
  }
  const checked: Checked[] = [];
  for (const source of ordered) {
    const sql = validationSql(source.table, source.columns, source.relation, source.table === 'patients' ? null : known, ctx);
    progress({ step: 'validate', done: 0, total: null });
    const head = (await connection.runAndReadAll(`SELECT count(*), bit_or(__mask), count(DISTINCT __h) FROM (${sql.checked(false)})`)).getRowsJS()[0] ?? [0, 0, 0];
    const total = num(head[0]);
    checked.push({ source, sql, total, bad: num(head[1]) !== 0, repeats: num(head[2]) < total });
    progress({ step: 'validate', done: total, total });
  }

  if (checked.some((c) => c.bad)) {
    const issues: ImportIssue[] = [];
    let rejected = 0;
    for (const c of checked.filter((x) => x.bad)) {
      const { source } = c;
      const locate = source.locate ?? locateByColumn(source.columns);
      const n = source.columns.length;
      const tCols = source.columns.map((_, i) => `t_${i}`).join(', ');
      const rows = (
        await connection.runAndReadAll(
          `SELECT __row, ${tCols}, __mask, count(*) OVER () AS __total FROM (${c.sql.checked(true)}) WHERE __mask <> 0 ORDER BY __row LIMIT ${Math.max(1, maxIssues)}`,
        )
      ).getRowsJS();
      if (rows.length) rejected += num(rows[0]![n + 2]);
      for (const r of rows) {
        if (issues.length >= maxIssues) break;
        const texts = r.slice(1, n + 1).map((v) => (v === null || v === undefined ? null : String(v)));
        const mask = BigInt(r[n + 1] as bigint);
        const row = num(r[0]);
        for (const p of decodeMask(mask, source.columns, texts, ctx, source.table)) {
          if (issues.length >= maxIssues) break;
          const where = locate(row, p.column);
          const issue: ImportIssue = { file: source.file, row: where.row, field: where.field, message: p.message, table: source.table, column: p.column };
          if (where.sourceColumn !== undefined && where.sourceColumn !== null && where.sourceColumn !== p.column) issue.sourceColumn = where.sourceColumn;
          if (p.value !== undefined) issue.value = p.value;
          issues.push(issue);
        }
      }
    }
    throw new ImportValidationError(issues, rejected);
  }

  const counts: Partial<Record<CanonicalTableName, TableImportCount>> = {};
  for (const c of checked) {
    const { source, sql } = c;
    const table = source.table;
    const target = `${quoteIdent(RAW_SCHEMA)}.${quoteIdent(table)}`;
    const where: string[] = [];
    let withRow = false;
    if (c.repeats) {
      const skip = tempName('skip');
      temps.push(skip);
      const keys = sql.keyIndices.map((i) => `v_${i}`).join(', ');
      const repeated = `SELECT __h FROM (${sql.checked(false)}) GROUP BY __h HAVING count(*) > 1`;
      await connection.run(
        `CREATE TEMP TABLE ${skip} AS SELECT __row FROM (SELECT __row, row_number() OVER (PARTITION BY ${keys} ORDER BY __row) AS __rn ` +
          `FROM (${sql.checked(true)}) WHERE __h IN (${repeated})) WHERE __rn > 1`,
      );
      where.push(`x.__row NOT IN (SELECT __row FROM ${skip})`);
      withRow = true;
    }
    const nonEmpty = (await connection.runAndReadAll(`SELECT count(*) FROM (SELECT 1 FROM ${target} LIMIT 1)`)).getRowsJS()[0]?.[0];
    if (num(nonEmpty) > 0) where.push(`NOT EXISTS (SELECT 1 FROM ${target} AS e WHERE ${existingKeyCondition(table, source.columns)})`);
    const names = source.columns.map((col) => quoteIdent(col.spec.name)).join(', ');
    const values = source.columns.map((col, i) => storedExpr(col.spec, `x.v_${i}`)).join(', ');
    progress({ step: 'insert', done: 0, total: c.total });
    const result = await connection.run(
      `INSERT INTO ${target} (${names}) SELECT ${values} FROM (${sql.typed(withRow)}) AS x${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
    );
    const loaded = result.rowsChanged;
    progress({ step: 'insert', done: c.total, total: c.total });
    const prev = counts[table] ?? { loaded: 0, duplicates: 0 };
    counts[table] = { loaded: prev.loaded + loaded, duplicates: prev.duplicates + (c.total - loaded) };
  }
  for (const t of temps) await connection.run(`DROP TABLE IF EXISTS ${t}`);
  return counts;
}

/**
 * Signal of {@link runOptimisticImport}: the single pass could not finish
 * exactly (a rejected or unreadable record, a primary-key clash, a check that
 * did not add up). Internal to the loaders: the caller rolls back and runs
 * {@link runImportPipeline}, which reports what is wrong; it never reaches users.
 */
export class OptimisticImportUnavailable extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`optimistic import unavailable: ${reason}`, options);
    this.name = 'OptimisticImportUnavailable';
  }
}

/**
 * Rows per pass of the optimistic path's duplicate check: the new rows' key
 * hashes are split by value into `ceil(rows / this)` passes, each sorted on its
 * own, so the sort never holds more than this many hashes (~24 bytes each)
 * whatever the file size. Default 16,000,000 (one pass up to 1.6e7 rows).
 * Measured on the 2-core reference machine at 1e7 rows: 3 passes of 4e6
 * instead of one cost +1.5-3 CPU s and saved only ~50 MB of peak RSS, hence
 * the high default.
 */
export const DUPLICATE_CHECK_ROWS_PER_PASS = 16_000_000;

/** Options of {@link runOptimisticImport}. */
export interface OptimisticImportOptions {
  onProgress?: ProgressCallback;
  /** Rows per pass of the duplicate check. Default {@link DUPLICATE_CHECK_ROWS_PER_PASS}. */
  rowsPerCheckPass?: number;
  /** As {@link PipelineOptions.context}. */
  context?: ValidationContext;
}

/** Message of the `error()` raised by a rejected row in the optimistic INSERT. */
export const REJECTED_ROW_MESSAGE = 'midia: record rejected by validation';

/**
 * Key equality of a new row `n` and a stored row `e` (NULL equals NULL in
 * nullable key columns, as in the exact pipeline's anti-join).
 */
function storedKeyMatch(table: CanonicalTableName): string {
  const spec = TABLES[table];
  return spec.key
    .map((k) => {
      const required = spec.columns.find((c) => c.name === k)?.required ?? false;
      return required ? `e.${quoteIdent(k)} = n.${quoteIdent(k)}` : `e.${quoteIdent(k)} IS NOT DISTINCT FROM n.${quoteIdent(k)}`;
    })
    .join(' AND ');
}

/**
 * Imports one source into one table in a single pass over it (see the module
 * documentation), inside the caller's transaction.
 *
 * @returns the table's counts (loaded, duplicates skipped)
 * @throws OptimisticImportUnavailable when the caller must roll back and run {@link runImportPipeline} instead
 *   (the transaction may then be aborted); UsageError for a `rowsPerCheckPass` that is not a positive integer.
 * @example const counts = await runOptimisticImport(conn, { table: 'observations', file, relation, columns })
 */
export async function runOptimisticImport(
  connection: DuckDBConnection,
  source: PipelineSource,
  options: OptimisticImportOptions = {},
): Promise<Partial<Record<CanonicalTableName, TableImportCount>>> {
  const progress = options.onProgress ?? (() => {});
  const rowsPerPass = options.rowsPerCheckPass ?? DUPLICATE_CHECK_ROWS_PER_PASS;
  if (!Number.isSafeInteger(rowsPerPass) || rowsPerPass < 1) throw new UsageError(`rowsPerCheckPass must be a positive integer, got ${rowsPerPass}`);
  const { table, columns } = source;
  const target = `${quoteIdent(RAW_SCHEMA)}.${quoteIdent(table)}`;
  const spec = TABLES[table];
  const keyCols = spec.key.map((k) => quoteIdent(k)).join(', ');
  const state = (
    await connection.runAndReadAll(`SELECT max(rowid), current_setting('preserve_insertion_order') FROM ${target}`)
  ).getRowsJS()[0];
  const before = state?.[0] === null || state?.[0] === undefined ? null : BigInt(state[0] as bigint);
  const ordered = state?.[1] === true;
  // Rows written by this INSERT: appended after every earlier row, so with larger row ids.
  const fresh = before === null ? '' : `rowid > ${before}`;
  const freshOnly = before === null ? '' : ` WHERE ${fresh}`;
  // Pseudonyms are checked against the patients table after the INSERT, once per
  // distinct pseudonym, rather than by a join probed for every row.
  const sql = validationSql(table, columns, source.relation, null, options.context ?? defaultValidationContext());
  const names = columns.map((col) => quoteIdent(col.spec.name)).join(', ');
  const values = columns
    .map((col, i) => {
      const stored = storedExpr(col.spec, `x.v_${i}`);
      return i === 0 ? `CASE WHEN x.__mask = 0 THEN ${stored} ELSE error(${quoteLiteral(REJECTED_ROW_MESSAGE)}) END` : stored;
    })
    .join(', ');

  progress({ step: 'insert', done: 0, total: null });
  let inserted: number;
  try {
    inserted = (await connection.run(`INSERT INTO ${target} (${names}) SELECT ${values} FROM (${sql.checked(false)}) AS x`)).rowsChanged;
  } catch (error) {
    throw new OptimisticImportUnavailable(error instanceof Error ? error.message : String(error), { cause: error });
  }
  progress({ step: 'insert', done: inserted, total: inserted });

  progress({ step: 'validate', done: 0, total: inserted });
  // Repeated key hashes: equal neighbours after sorting the hashes (a sort of 8-byte values
  // was measured ~40% cheaper in CPU than count(DISTINCT) at 10^7 rows). The hashes are
  // split by value into passes of at most DUPLICATE_CHECK_ROWS_PER_PASS rows (equal keys
  // fall in the same pass), so the memory of the check does not grow with the file.
  const passes = Math.max(1, Math.ceil(inserted / rowsPerPass));
  const sortedHashes = (pass: number): string =>
    `SELECT __h, lag(__h) OVER (ORDER BY __h) AS __p FROM (SELECT hash(${keyCols}) AS __h FROM ${target}${freshOnly})` +
    (passes > 1 ? ` WHERE __h % ${passes} = ${pass}` : '');
  let rows = 0;
  let repeated = 0;
  for (let pass = 0; pass < passes; pass++) {
    const r = (await connection.runAndReadAll(`SELECT count(*), count(*) FILTER (WHERE __h = __p) FROM (${sortedHashes(pass)})`)).getRowsJS()[0] ?? [0, 0];
    rows += num(r[0]);
    repeated += num(r[1]);
  }
  if (rows !== inserted) throw new OptimisticImportUnavailable(`found ${rows} new rows after inserting ${inserted}`);
  if (table !== 'patients' && inserted > 0) {
    const unknown = (
      await connection.runAndReadAll(
        `SELECT count(*) FROM (SELECT DISTINCT pseudonym FROM ${target}${freshOnly}) AS n ` +
          `WHERE NOT EXISTS (SELECT 1 FROM ${quoteIdent(RAW_SCHEMA)}.patients AS p WHERE p.pseudonym = n.pseudonym)`,
      )
    ).getRowsJS()[0]?.[0];
    if (num(unknown) > 0) throw new OptimisticImportUnavailable(`${num(unknown)} unknown pseudonym(s)`);
  }
  let duplicates = 0;
  const repeatsInFile = repeated > 0;
  let repeatsStored = false;
  if (before !== null && inserted > 0) {
    // Stored rows with a new row's key: a semi-join of the new rows against the stored ones.
    const hit = (
      await connection.runAndReadAll(
        `SELECT count(*) FROM (SELECT 1 FROM ${target} AS n WHERE n.${fresh} AND EXISTS (SELECT 1 FROM ${target} AS e WHERE NOT (e.${fresh}) AND ${storedKeyMatch(table)}) LIMIT 1)`,
      )
    ).getRowsJS()[0]?.[0];
    repeatsStored = num(hit) > 0;
  }
  if (repeatsInFile || repeatsStored) {
    // Row ids follow file order only when DuckDB preserves insertion order.
    if (!ordered) throw new OptimisticImportUnavailable('duplicates found and insertion order is not preserved');
    const hashes = tempName('dupkeys');
    // (A TEMP table is transactional: on an error the caller's ROLLBACK removes it.)
    await connection.run(`CREATE TEMP TABLE ${hashes} (__h UBIGINT)`);
    if (repeatsInFile) {
      for (let pass = 0; pass < passes; pass++) {
        await connection.run(`INSERT INTO ${hashes} SELECT DISTINCT __h FROM (${sortedHashes(pass)}) WHERE __h = __p`);
      }
    }
    if (repeatsStored) {
      await connection.run(
        `INSERT INTO ${hashes} SELECT hash(${spec.key.map((k) => `n.${quoteIdent(k)}`).join(', ')}) FROM ${target} AS n ` +
          `WHERE n.${fresh} AND EXISTS (SELECT 1 FROM ${target} AS e WHERE NOT (e.${fresh}) AND ${storedKeyMatch(table)})`,
      );
    }
    // Of each repeated key, every new row but the first in row-id order (stored rows come first) goes.
    const later =
      `SELECT __id FROM (SELECT rowid AS __id, row_number() OVER (PARTITION BY ${keyCols} ORDER BY rowid) AS __rn FROM ${target} ` +
      `WHERE hash(${keyCols}) IN (SELECT DISTINCT __h FROM ${hashes})) WHERE __rn > 1${before === null ? '' : ` AND __id > ${before}`}`;
    duplicates = (await connection.run(`DELETE FROM ${target} WHERE rowid IN (${later})`)).rowsChanged;
    await connection.run(`DROP TABLE ${hashes}`);
  }
  progress({ step: 'validate', done: inserted, total: inserted });
  return { [table]: { loaded: inserted - duplicates, duplicates } };
}

/** Canonical column names of a table, in order. */
export function canonicalColumns(table: CanonicalTableName): string[] {
  return TABLES[table].columns.map((c) => c.name);
}
