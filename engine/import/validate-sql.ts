/**
 * SQL text of record validation (pure: builds strings, decodes bit masks).
 *
 * Every canonical column `i` of a source becomes two columns: `t_i`, the text
 * as read (NULL = missing), and `v_i`, the typed value (NULL when missing or
 * unparsable). Each check sets one bit of a BIGINT mask per row:
 * bit `4i` missing required value, `4i+1` bad type/format, `4i+2` not an
 * allowed value, `4i+3` out of range; bit 61 stop before start (treatments),
 * bit 62 unknown pseudonym. A row is rejected when its mask is not zero.
 */
import { TABLES, type CanonicalTableName, type ColumnSpec } from '../schema.js';
import { quoteIdent, quoteLiteral } from '../store-sql.js';
import type { ResolvedColumn } from './mapping.js';

/** Bit of "stop before start" (treatments). */
export const BIT_STOP_BEFORE_START = 61;
/** Bit of "unknown pseudonym". */
export const BIT_UNKNOWN_PSEUDONYM = 62;

const CHECKS_PER_COLUMN = 4;

/** Typed value expression of a column from its text alias `t`. */
function typedExpr(col: ResolvedColumn, t: string): string {
  switch (col.spec.type) {
    case 'VARCHAR':
      return t;
    case 'DATE':
      return col.dateFormat !== null
        ? `CAST(TRY_STRPTIME(${t}, ${quoteLiteral(col.dateFormat)}) AS DATE)`
        : // Shape first (DuckDB's cast also takes forms like 2015-3-2); LIKE measured ~40% cheaper than length/substr.
          `(CASE WHEN ${t} LIKE '____-__-__' THEN TRY_CAST(${t} AS DATE) END)`;
    case 'DOUBLE':
    case 'INTEGER':
      return `TRY_CAST(${t} AS DOUBLE)`;
  }
}

/** Final (stored) value expression of a column from its typed alias `v`. */
export function storedExpr(spec: ColumnSpec, v: string): string {
  return spec.type === 'INTEGER' ? `CAST(${v} AS INTEGER)` : v;
}

function bit(condition: string, k: number): string {
  return `(CASE WHEN ${condition} THEN ${1n << BigInt(k)} ELSE 0 END)`;
}

/** The mask terms of one column. */
function columnChecks(col: ResolvedColumn, i: number): string[] {
  const t = `x.t_${i}`;
  const v = `x.v_${i}`;
  const base = i * CHECKS_PER_COLUMN;
  const spec = col.spec;
  const terms: string[] = [];
  if (spec.required) terms.push(bit(`${t} IS NULL`, base));
  if (spec.type === 'DATE') terms.push(bit(`${t} IS NOT NULL AND ${v} IS NULL`, base + 1));
  if (spec.type === 'DOUBLE') terms.push(bit(`${t} IS NOT NULL AND (${v} IS NULL OR NOT isfinite(${v}))`, base + 1));
  if (spec.type === 'INTEGER') {
    terms.push(bit(`${t} IS NOT NULL AND (${v} IS NULL OR NOT isfinite(${v}) OR ${v} <> trunc(${v}) OR abs(${v}) > 2147483647)`, base + 1));
  }
  if (spec.values) terms.push(bit(`${t} IS NOT NULL AND ${t} NOT IN (${spec.values.map(quoteLiteral).join(', ')})`, base + 2));
  const range: string[] = [];
  if (spec.min !== undefined) range.push(`${v} < ${spec.min}`);
  if (spec.max !== undefined) range.push(`${v} > ${spec.max}`);
  if (range.length && spec.type !== 'VARCHAR' && spec.type !== 'DATE') {
    terms.push(bit(`${v} IS NOT NULL AND isfinite(${v}) AND (${range.join(' OR ')})`, base + 3));
  }
  return terms;
}

/** Index of a canonical column among a source's resolved columns. */
export function columnIndex(columns: readonly ResolvedColumn[], name: string): number {
  return columns.findIndex((c) => c.spec.name === name);
}

/** SQL building blocks of one source. */
export interface ValidationSql {
  /** `SELECT [__row,] t_i..., v_i... FROM (relation) s` */
  typed: (withRow: boolean) => string;
  /** `typed` plus `__mask` and `__h` (hash of the typed key), joined to the known pseudonyms. */
  checked: (withRow: boolean) => string;
  /** Key column indices. */
  keyIndices: number[];
}

/**
 * Builds the validation SQL of one source.
 *
 * @param relation SQL relation text of the source; called with `true` it must yield a 1-based BIGINT `__row`
 * @param knownPseudonyms SQL relation with column `__k` of accepted pseudonyms, or `null` for the patients table
 */
export function validationSql(
  table: CanonicalTableName,
  columns: readonly ResolvedColumn[],
  relation: (withRow: boolean) => string,
  knownPseudonyms: string | null,
): ValidationSql {
  const spec = TABLES[table];
  const texts = columns.map((c, i) => `${c.expr} AS t_${i}`);
  const typedCols = columns.map((c, i) => `${typedExpr(c, `t_${i}`)} AS v_${i}`);
  const tNames = columns.map((_, i) => `t_${i}`);
  const typed = (withRow: boolean): string =>
    `SELECT ${withRow ? '__row, ' : ''}${tNames.join(', ')}, ${typedCols.join(', ')} FROM (SELECT ${withRow ? 's.__row AS __row, ' : ''}${texts.join(', ')} FROM ${relation(withRow)} AS s)`;
  const terms = columns.flatMap((c, i) => columnChecks(c, i));
  if (table === 'treatments') {
    const a = columnIndex(columns, 'start');
    const b = columnIndex(columns, 'stop');
    terms.push(bit(`x.v_${b} IS NOT NULL AND x.v_${a} IS NOT NULL AND x.v_${b} < x.v_${a}`, BIT_STOP_BEFORE_START));
  }
  const p = columnIndex(columns, 'pseudonym');
  let join = '';
  if (knownPseudonyms !== null) {
    join = ` LEFT JOIN (SELECT DISTINCT __k FROM ${knownPseudonyms}) AS k ON k.__k = x.v_${p}`;
    terms.push(bit(`x.v_${p} IS NOT NULL AND k.__k IS NULL`, BIT_UNKNOWN_PSEUDONYM));
  }
  const keyIndices = spec.key.map((k) => columnIndex(columns, k));
  const hash = `hash(${keyIndices.map((i) => `x.v_${i}`).join(', ')})`;
  const checked = (withRow: boolean): string =>
    `SELECT x.*, (${terms.join(' + ')}) AS __mask, ${hash} AS __h FROM (${typed(withRow)}) AS x${join}`;
  return { typed, checked, keyIndices };
}

/** One problem found in a row, before it is named for the user. */
export interface RowProblem {
  /** Canonical column, or `null` for the whole record. */
  column: string | null;
  message: string;
  value?: unknown;
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/**
 * Decodes a row's mask into problems (pure).
 *
 * @param texts the row's text values, in column order
 */
export function decodeMask(mask: bigint, columns: readonly ResolvedColumn[], texts: readonly (string | null)[]): RowProblem[] {
  const problems: RowProblem[] = [];
  const has = (k: number): boolean => ((mask >> BigInt(k)) & 1n) === 1n;
  columns.forEach((col, i) => {
    const spec = col.spec;
    const value = texts[i];
    const base = i * CHECKS_PER_COLUMN;
    if (has(base)) problems.push({ column: spec.name, message: `required value is missing` });
    if (has(base + 1)) {
      const expected =
        spec.type === 'DATE'
          ? col.dateFormat !== null
            ? `a date in format ${col.dateFormat}`
            : 'a valid ISO date YYYY-MM-DD'
          : spec.type === 'INTEGER'
            ? 'an integer'
            : 'a finite number';
      problems.push({ column: spec.name, message: `${show(value)} is not ${expected}`, value });
    }
    if (has(base + 2)) problems.push({ column: spec.name, message: `${show(value)} is not one of ${spec.values?.join(', ')}`, value });
    if (has(base + 3)) problems.push({ column: spec.name, message: `${show(value)} is out of range [${spec.min ?? '-inf'}, ${spec.max ?? 'inf'}]`, value });
  });
  if (has(BIT_STOP_BEFORE_START)) {
    const a = columnIndex(columns, 'start');
    const b = columnIndex(columns, 'stop');
    problems.push({ column: 'stop', message: `stop ${show(texts[b])} is before start ${show(texts[a])}`, value: texts[b] });
  }
  if (has(BIT_UNKNOWN_PSEUDONYM)) {
    const p = columnIndex(columns, 'pseudonym');
    problems.push({ column: 'pseudonym', message: `unknown pseudonym ${show(texts[p])}: not in patients (import the patient first or in the same import)`, value: texts[p] });
  }
  return problems;
}

/** `NOT EXISTS` condition matching a typed row `x` against existing rows `e` of the table on its key. */
export function existingKeyCondition(table: CanonicalTableName, columns: readonly ResolvedColumn[]): string {
  const spec = TABLES[table];
  const conds = spec.key.map((k) => {
    const i = columnIndex(columns, k);
    const col = columns[i]!.spec;
    const e = `e.${quoteIdent(k)}`;
    const v = storedExpr(col, `x.v_${i}`);
    return col.required ? `${e} = ${v}` : `${e} IS NOT DISTINCT FROM ${v}`;
  });
  return conds.join(' AND ');
}
