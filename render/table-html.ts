/**
 * Tables as HTML: rows of records or a column table, numbers right-aligned
 * and printed to a fixed number of significant digits, missing values as NA
 * (as R prints them).
 */
import type { ColumnTable } from '../models/design/types.js';
import { UsageError } from '../util/errors.js';
import { escapeHtml } from './escape.js';

/** A cell value a table may hold. */
export type TableCell = string | number | boolean | bigint | null | undefined;

/** Rows of records (keys are column names) or a column table. */
export type TableInput = readonly Readonly<Record<string, TableCell>>[] | ColumnTable;

/** Options of {@link tableHtml}. */
export interface TableHtmlOptions {
  /** Caption shown above the table. Default: none. */
  caption?: string;
  /** Columns to show, in order. Default: all, in the order of the first row's keys (or the table's columns). */
  columns?: readonly string[];
  /**
   * Significant digits of non-integer numbers. Default 4 (R's `print` uses 7;
   * 4 keeps hazard ratios and p-values readable in a report).
   */
  digits?: number;
  /** Rows shown at most; a note gives the number left out. Default 1000. */
  maxRows?: number;
}

/** Defaults of {@link TableHtmlOptions}. */
export const DEFAULT_TABLE_OPTIONS = Object.freeze({ digits: 4, maxRows: 1000 });

/**
 * Formats a number for a table: integers as they are, others to `digits`
 * significant digits (exponent form below 1e-4 or from 1e6 on), NaN and null as 'NA',
 * ±Infinity as 'Inf'/'-Inf' (R's spelling).
 * @example formatCell(0.000012345, 3) // => '1.23e-5'
 */
export function formatCell(value: TableCell, digits: number = DEFAULT_TABLE_OPTIONS.digits): string {
  if (value === null || value === undefined) return 'NA';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  if (Number.isNaN(value)) return 'NA';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const a = Math.abs(value);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return value.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(value.toPrecision(digits)));
}

function isColumnTable(input: TableInput): input is ColumnTable {
  return !Array.isArray(input);
}

/**
 * Converts a column table to rows of records (NaN stays NaN and prints as NA).
 * @throws UsageError when columns differ in length
 */
export function columnTableRows(table: ColumnTable): Record<string, TableCell>[] {
  const names = Object.keys(table);
  const n = names.length ? (table[names[0] as string] as { length: number }).length : 0;
  for (const name of names) {
    const len = (table[name] as { length: number }).length;
    if (len !== n) throw new UsageError(`Column ${name} has ${len} values, expected ${n}`);
  }
  const rows: Record<string, TableCell>[] = [];
  for (let i = 0; i < n; i++) {
    const row: Record<string, TableCell> = {};
    for (const name of names) row[name] = (table[name] as ArrayLike<TableCell>)[i];
    rows.push(row);
  }
  return rows;
}

/**
 * An HTML `<table class="midia-table">` of the rows: a header row, numeric
 * cells right-aligned (`class="num"`), text escaped. Does not modify the input.
 * @param input rows of records or a column table
 * @param options caption, columns, digits (4), maxRows (1000)
 * @throws UsageError for digits outside 1..21 or maxRows < 1
 * @example tableHtml([{ term: 'age', HR: 1.0123 }]) // => '<table class="midia-table">...<td class="num">1.012</td>...'
 */
export function tableHtml(input: TableInput, options: TableHtmlOptions = {}): string {
  const digits = options.digits ?? DEFAULT_TABLE_OPTIONS.digits;
  const maxRows = options.maxRows ?? DEFAULT_TABLE_OPTIONS.maxRows;
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) throw new UsageError(`digits must be an integer in 1..21, got ${digits}`);
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new UsageError(`maxRows must be a positive integer, got ${maxRows}`);
  const rows = isColumnTable(input) ? columnTableRows(input) : input;
  const columns = options.columns ?? (isColumnTable(input) ? Object.keys(input) : columnsOf(rows));
  const shown = rows.slice(0, maxRows);
  const out: string[] = ['<table class="midia-table">'];
  if (options.caption !== undefined) out.push(`<caption>${escapeHtml(options.caption)}</caption>`);
  out.push(`<thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>`);
  out.push('<tbody>');
  for (const row of shown) {
    const cells = columns.map((c) => {
      const v = row[c];
      const numeric = typeof v === 'number' || typeof v === 'bigint';
      return `<td${numeric ? ' class="num"' : ''}>${escapeHtml(formatCell(v, digits))}</td>`;
    });
    out.push(`<tr>${cells.join('')}</tr>`);
  }
  out.push('</tbody>');
  out.push('</table>');
  if (rows.length > shown.length) out.push(`<p class="note">${rows.length - shown.length} more rows not shown (${rows.length} in all).</p>`);
  return out.join('\n');
}

function columnsOf(rows: readonly Readonly<Record<string, TableCell>>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) seen.add(k);
  return [...seen];
}
