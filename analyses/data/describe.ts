/**
 * `describe`: what a data source holds.
 *
 * - A plain table (or a data file, {@link describeFile}): per column its type,
 *   missing values, exact number of distinct values, minimum and maximum; no
 *   disclosure control, nothing recorded.
 * - A study: row counts of every canonical table, each column's missingness and
 *   distinct values, diagnoses, event types and observation codes, as the
 *   study's session sees them (engine/describe.ts), with disclosure control
 *   (engine/disclosure/disclose-summaries.ts discloseDescription: counts below
 *   the study's minimum cell count hidden with complements, small missing
 *   counts hidden, minima and maxima removed unless the study allows
 *   individual times; docs/access-levels.md), recorded in the ledger as
 *   `describe` with the patient count and the disclosed diagnoses.
 */
import type { AnalysisSession } from '../../engine/access.js';
import type { CohortDescription } from '../../engine/describe.js';
import type { DisclosedDescription } from '../../engine/disclosure/disclose-summaries.js';
import type { ColumnKind } from '../../engine/read-result.js';
import type { ColumnTable } from '../../models/design/types.js';
import { isoFromDays } from '../../util/dates.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import type { DescribeOptionsInput, DescribeOptionsParsed } from './options.js';

export type { CohortDescription } from '../../engine/describe.js';
export type { DisclosedDescription } from '../../engine/disclosure/disclose-summaries.js';
export type { DescribeOptionsInput, DescribeOptionsParsed } from './options.js';

/** One column of a plain table. */
export interface ColumnSummary {
  column: string;
  /** The column's kind (number, integer, boolean, date, string). */
  type: string;
  missing: number;
  /** Share missing, 0..1 (0 for an empty table). */
  missingShare: number;
  /** Exact number of distinct non-missing values. */
  distinct: number;
  /** Minimum and maximum of a numeric column (ISO dates for date columns), null otherwise or when all missing. */
  min: number | string | null;
  max: number | string | null;
}

/** The description of a plain table. */
export interface ColumnsDescription {
  rows: number;
  variables: ColumnSummary[];
}

/** Result of {@link describe}: a plain table's columns, or a study's disclosed cohort description. */
export type DescribeResult = { kind: 'columns'; columns: ColumnsDescription } | { kind: 'cohort'; description: DisclosedDescription };

/**
 * Per-column summaries of columns (pure): missing (null or NaN), exact distinct
 * values, numeric range (date columns, stored as days since 1970-01-01, shown as ISO dates).
 * @example describeColumns(['x'], ['number'], [Float64Array.of(1, NaN, 3)], 3).variables[0] // => { column: 'x', type: 'number', missing: 1, missingShare: 1/3, distinct: 2, min: 1, max: 3 }
 */
export function describeColumns(names: readonly string[], kinds: readonly string[], columns: readonly ArrayLike<unknown>[], rowCount: number): ColumnsDescription {
  const variables = names.map((column, j): ColumnSummary => {
    const col = columns[j] ?? [];
    let missing = 0;
    const distinct = new Set<unknown>();
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < rowCount; i++) {
      const v = col[i];
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) missing++;
      else {
        distinct.add(v);
        if (typeof v === 'number') {
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
    }
    const type = kinds[j] ?? 'string';
    const fmt = (v: number): number | string => (type === 'date' ? isoFromDays(Math.floor(v)) : v);
    return { column, type, missing, missingShare: rowCount ? missing / rowCount : 0, distinct: distinct.size, min: Number.isFinite(min) ? fmt(min) : null, max: Number.isFinite(max) ? fmt(max) : null };
  });
  return { rows: rowCount, variables };
}

/** The kind of a column of a column table: numbers for Float64Array, strings otherwise. */
function columnKind(col: ColumnTable[string]): string {
  return col instanceof Float64Array ? 'number' : 'string';
}

/** The description of a column table (kinds from the column types). */
export function describeTable(table: ColumnTable): ColumnsDescription {
  const names = Object.keys(table);
  const columns = names.map((n) => table[n] as ArrayLike<unknown>);
  const rowCount = columns.reduce((k, c) => Math.max(k, c.length), 0);
  return describeColumns(names, names.map((n) => columnKind(table[n] as ColumnTable[string])), columns, rowCount);
}

/**
 * Describes a data file (CSV/TSV, Parquet or Arrow IPC by extension; columns
 * typed as R's read.csv types them, engine/read-file.ts): the column kinds as
 * read (date, integer, boolean, number, string). A plain file: nothing recorded.
 * @throws DataValidationError / UsageError for an unreadable file.
 */
export async function describeFile(file: string): Promise<ColumnsDescription & { file: string; columnCount: number }> {
  const { readDataFile } = await import('../../engine/read-file.js');
  const res = await readDataFile(file);
  return { file, columnCount: res.names.length, ...describeColumns(res.names, res.kinds as readonly ColumnKind[], res.columns as readonly ArrayLike<unknown>[], res.rowCount) };
}

/**
 * The cohort description a session sees (the load phase of {@link describe};
 * also the demo's, on its unrestricted synthetic session). Not disclosed.
 */
export async function describeSession(session: AnalysisSession): Promise<CohortDescription> {
  const { describeCohort } = await import('../../engine/describe.js');
  return describeCohort(session);
}

type Described = { kind: 'columns'; columns: ColumnsDescription } | { kind: 'cohort'; description: CohortDescription };

const DESCRIBE: AnalysisSpec<DescribeOptionsParsed, Described, Described, DescribeResult> = {
  name: 'describe',
  async load(source) {
    if (source.kind === 'table') return { data: { kind: 'columns', columns: describeTable(source.table) }, pseudonyms: null, selection: null };
    return { data: { kind: 'cohort', description: await describeSession(source.session) }, pseudonyms: null, selection: null };
  },
  fit: (d) => d,
  plain(d) {
    if (d.kind !== 'columns') throw new TypeError('describe: a plain table has no cohort description');
    return d;
  },
  async disclose(d, { disclosure }) {
    if (d.kind !== 'cohort') throw new TypeError('describe: a study source has a cohort description');
    const { discloseDescription } = await import('../../engine/disclosure/disclose-summaries.js');
    const description = discloseDescription(d.description, disclosure);
    const hidden = [
      ...description.tables.filter((t) => t.rows === null).map((t) => `table ${t.name}`),
      ...description.diagnoses.filter((x) => x.patients === null).map((x) => `diagnosis ${x.diagnosis}`),
      ...description.eventTypes.filter((x) => x.events === null || x.patients === null).map((x) => `event type ${x.type}`),
      ...description.observationCodes.filter((x) => x.values === null || x.patients === null).map((x) => `observation code ${x.code}`),
    ];
    return {
      result: { kind: 'cohort', description },
      summary: { patients: description.tables.find((t) => t.name === 'patients')?.rows ?? null, diagnoses: description.diagnoses },
      hidden,
      notes: [`counts below ${disclosure.threshold} hidden (with complements)`, ...(disclosure.allowIndividualTimes ? [] : ['column minima and maxima withheld'])],
    };
  },
};

/**
 * Describes a data source: a plain table's columns, or a study's cohort with
 * disclosure control (recorded in the ledger as `describe`).
 * @throws UsageError for invalid options.
 * @example const r = await describe(tableSource(lung, 'lung')); r.result.kind // => 'columns'
 */
export async function describe(source: DataSource, options: DescribeOptionsInput = {}, call?: AnalysisCall): Promise<AnalysisResult<DescribeResult>> {
  const { DescribeOptions } = await import('./options.js');
  return runDescribe(source, parseOptions('describe', DescribeOptions, options), call);
}

/** {@link describe} with options in their parsed form (the CLI): no zod load. */
export function runDescribe(source: DataSource, options: DescribeOptionsParsed = {}, call?: AnalysisCall): Promise<AnalysisResult<DescribeResult>> {
  return runAnalysis(DESCRIBE, source, options, call);
}
