/**
 * The shared SQL import pipeline: every loader stages its records as a SQL
 * relation of text columns (DuckDB's own readers for CSV, Parquet and NDJSON;
 * a TEMP staging table for Arrow, FHIR and in-process records) and hands it
 * here. Per source the pipeline makes
 *
 * 1. one validation pass: a single GROUP BY over the hash of the record key
 *    (with a grand total grouping set) that returns the row count, the OR of
 *    all rows' error masks and the keys seen more than once — memory bounded
 *    by the number of distinct keys, no JavaScript per row;
 * 2. only if some row is bad: a pass that fetches the first
 *    {@link MAX_LISTED_ISSUES} bad rows with their values (and counts all),
 *    then throws {@link ImportValidationError} — the caller's transaction is
 *    rolled back, nothing is written;
 * 3. only if some key repeats: a pass that finds the later rows of each
 *    repeated key (the first occurrence in file order is kept);
 * 4. one INSERT ... SELECT that skips those rows and, when the table is not
 *    empty, anti-joins the existing rows on the key.
 *
 * It must run inside a transaction (see `withTransaction`).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { RAW_SCHEMA, TABLES, type CanonicalTableName } from '../schema.js';
import type { ProgressCallback } from '../../util/progress.js';
import { quoteIdent } from '../store-sql.js';
import type { ResolvedColumn } from './mapping.js';
import { ImportValidationError, MAX_LISTED_ISSUES, type ImportIssue, type TableImportCount } from './types.js';
import { columnIndex, decodeMask, existingKeyCondition, storedExpr, validationSql } from './validate-sql.js';

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
  const ordered = [...sources].sort((a, b) => (a.table === 'patients' ? 0 : 1) - (b.table === 'patients' ? 0 : 1));
  const patientsSql = ordered
    .filter((s) => s.table === 'patients')
    .map((s) => {
      const v = validationSql('patients', s.columns, s.relation, null);
      return `SELECT v_${columnIndex(s.columns, 'pseudonym')} AS __k FROM (${v.typed(false)})`;
    });
  const known = `(SELECT pseudonym AS __k FROM ${quoteIdent(RAW_SCHEMA)}.patients${patientsSql.map((q) => ` UNION ALL ${q}`).join('')})`;
  const temps: string[] = [];

  interface Checked {
    source: PipelineSource;
    sql: ReturnType<typeof validationSql>;
    agg: string;
    total: number;
    bad: boolean;
    dupGroups: number;
  }
  const checked: Checked[] = [];
  for (const source of ordered) {
    const sql = validationSql(source.table, source.columns, source.relation, source.table === 'patients' ? null : known);
    const agg = tempName('agg');
    temps.push(agg);
    progress({ step: 'validate', done: 0, total: null });
    await connection.run(
      `CREATE TEMP TABLE ${agg} AS SELECT __h, count(*) AS n, bit_or(__mask) AS m, grouping(__h) AS g FROM (${sql.checked(false)}) ` +
        `GROUP BY GROUPING SETS ((__h), ()) HAVING grouping(__h) = 1 OR count(*) > 1 OR bit_or(__mask) <> 0`,
    );
    const head = (await connection.runAndReadAll(`SELECT n, m FROM ${agg} WHERE g = 1`)).getRowsJS()[0] ?? [0, 0];
    const dups = (await connection.runAndReadAll(`SELECT count(*) FROM ${agg} WHERE g = 0 AND n > 1`)).getRowsJS()[0]?.[0];
    const total = num(head[0]);
    checked.push({ source, sql, agg, total, bad: num(head[1]) !== 0, dupGroups: num(dups) });
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
        for (const p of decodeMask(mask, source.columns, texts)) {
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
    if (c.dupGroups > 0) {
      const skip = tempName('skip');
      temps.push(skip);
      const keys = sql.keyIndices.map((i) => `v_${i}`).join(', ');
      await connection.run(
        `CREATE TEMP TABLE ${skip} AS SELECT __row FROM (SELECT __row, row_number() OVER (PARTITION BY ${keys} ORDER BY __row) AS __rn ` +
          `FROM (${sql.checked(true)}) WHERE __h IN (SELECT __h FROM ${c.agg} WHERE g = 0 AND n > 1)) WHERE __rn > 1`,
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

/** Canonical column names of a table, in order. */
export function canonicalColumns(table: CanonicalTableName): string[] {
  return TABLES[table].columns.map((c) => c.name);
}
