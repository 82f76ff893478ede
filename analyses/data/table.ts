/**
 * `table`: the analysis table of a study without SQL: one row per patient
 * (engine/analysis-table.ts), counting-process rows split at therapy changes,
 * and time-dependent covariates built as R's `survival::tmerge`
 * (engine/time-dependent-table.ts; docs/time-dependent-covariates.md).
 *
 * The table is row-level output (docs/access-levels.md): refused under a study
 * with access level aggregate before anything is read; under a row-level study
 * the export is recorded in the ledger as `table` with its row count, its
 * columns and the patients whose rows it holds. A plain table has no cohort to
 * build from: refused with a UsageError.
 */
import type { AnalysisSession } from '../../engine/access.js';
import type { ResultColumns } from '../../engine/read-result.js';
import { UsageError } from '../../util/errors.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import type { TableOptionsInput, TableOptionsParsed } from './options.js';
import type { CountingProcessSpec, TimeDependentParts } from './table-spec.js';

export type { TableOptionsInput, TableOptionsParsed } from './options.js';
export type { ResultColumns } from '../../engine/read-result.js';

/** Result of {@link table}: the rows with their column kinds (dates as dates). */
export interface TableResult {
  columns: ResultColumns;
  /** Rows in the table. */
  rows: number;
}

/** The refusal wording of the table under an aggregate study (engine/disclosure/access-level.ts). */
const WHAT = 'midia table (one row per patient)';

/**
 * Checks the combination of options: counting needs an endpoint, time-dependent covariates need counting.
 * @throws UsageError naming what is missing.
 */
export function checkTableOptions(o: TableOptionsParsed): void {
  if (o.counting && !o.spec.endpoint) throw new UsageError('--counting needs --endpoint');
  if (o.timeDependent && !o.counting) throw new UsageError('time-dependent covariates need counting-process rows (--counting)');
}

/**
 * The SQL the table is built with (`midia table --sql`); not available with
 * time-dependent covariates, which are built in TypeScript as R's tmerge.
 * @throws UsageError for invalid combinations, time-dependent covariates, or unknown names.
 */
export async function tableSql(options: TableOptionsParsed): Promise<string> {
  checkTableOptions(options);
  if (options.timeDependent) {
    throw new UsageError("--sql is not available with time-dependent covariates (--tdc, --cumtdc, --cumevent, --tdc-therapy): they are built in TypeScript, as R's tmerge (docs/time-dependent-covariates.md)");
  }
  const { countingProcessSql, patientTableSql } = await import('../../engine/analysis-table.js');
  return options.counting ? countingProcessSql(options.spec as CountingProcessSpec) : patientTableSql(options.spec);
}

/** The built rows, their patients and the builder's warnings. */
export interface BuiltTable {
  columns: ResultColumns;
  /** Patients whose rows the table holds (null when the table has no pseudonym column). */
  pseudonyms: string[] | null;
  warnings: string[];
}

/**
 * Builds the table on a session (the load phase of {@link table}): covariate
 * codes resolved as stored (another case, text-only codes such as PT_STAGE),
 * then the SQL of engine/analysis-table.ts, or the tmerge builder for
 * time-dependent covariates. Not disclosed, not recorded: the caller is.
 */
export async function buildTable(session: AnalysisSession, options: TableOptionsParsed): Promise<BuiltTable> {
  checkTableOptions(options);
  const [{ resolveCovariates, timeDependentTable }, { countingProcessSql, patientTableSql }] = await Promise.all([import('../../engine/time-dependent-table.js'), import('../../engine/analysis-table.js')]);
  let columns: ResultColumns;
  let warnings: string[] = [];
  if (options.timeDependent) {
    const built = await timeDependentTable(session, { ...(options.spec as CountingProcessSpec), ...(options.timeDependent as TimeDependentParts) });
    columns = built.result;
    warnings = built.warnings;
  } else {
    const spec = options.spec;
    const resolved = { ...spec, ...(spec.covariates ? { covariates: await resolveCovariates(session, spec.covariates) } : {}) };
    columns = await session.query(options.counting ? countingProcessSql(resolved as CountingProcessSpec) : patientTableSql(resolved));
  }
  const at = columns.names.indexOf('pseudonym');
  const pseudonyms = at >= 0 ? [...new Set((columns.columns[at] as (string | null)[]).filter((p): p is string => p !== null))] : null;
  return { columns, pseudonyms, warnings };
}

const TABLE: AnalysisSpec<TableOptionsParsed, BuiltTable, BuiltTable, TableResult> = {
  name: 'table',
  async load(source, o) {
    if (source.kind === 'table') throw new UsageError('table builds the analysis table of a cohort database: give a study source (--db FILE --study ID), not a plain table');
    // Row-level output: refused before anything is read.
    const { requireRowLevel } = await import('../../engine/disclosure/access-level.js');
    requireRowLevel(source.session.disclosure, source.session.study, WHAT);
    return { data: await buildTable(source.session, o), pseudonyms: null, selection: null };
  },
  fit: (built) => built,
  plain: () => {
    throw new UsageError('table needs a study source');
  },
  disclose(built, ctx) {
    ctx.requireRowLevel(WHAT);
    const { columns } = built;
    return {
      result: { columns, rows: columns.rowCount },
      summary: { rows: columns.rowCount, columns: columns.names, access: 'row-level' },
      warnings: built.warnings,
      ...(built.pseudonyms ? { pseudonyms: built.pseudonyms } : {}),
    };
  },
};

/**
 * The analysis table of a row-level study, recorded in the ledger as `table`.
 * Validates the options (zod, loaded on demand).
 * @throws UsageError for invalid options or a plain table; AccessDeniedError under an aggregate study.
 * @example const r = await table(source, { spec: { diagnosis: 'breast_cancer', endpoint: { events: ['death'] } } }); r.result.rows
 */
export async function table(source: DataSource, options: TableOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<TableResult>> {
  const { TableOptions } = await import('./options.js');
  return runTable(source, parseOptions('table', TableOptions, options), call);
}

/** {@link table} with options in their parsed form (the CLI's validated flags): no zod load. */
export function runTable(source: DataSource, options: TableOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<TableResult>> {
  checkTableOptions(options);
  return runAnalysis(TABLE, source, options, call);
}
