/**
 * Loading the rows an analysis works on, from either kind of data source.
 *
 * A plain table is used as it is. A study session is read through a
 * selection: one of the canonical tables, or the analysis table of
 * engine/analysis-table.ts (one row per patient, or counting-process rows).
 * The loaded pseudonyms are what the ledger entry records as "used".
 */
import type { CountingProcessSpec, PatientTableSpec } from '../../engine/analysis-table.js';
import type { ColumnTable } from '../../models/design/types.js';
import { UsageError } from '../../util/errors.js';
import type { DataSource } from './source.js';

/** What to read from a study session. */
export type DataSelection =
  /** One canonical table (patients, events, observations, treatments, visits, ...). */
  | { readonly table: string }
  /** The one-row-per-patient analysis table. */
  | { readonly analysisTable: PatientTableSpec; readonly counting?: false }
  /** Counting-process rows split at therapy changes. */
  | { readonly analysisTable: CountingProcessSpec; readonly counting: true };

/** Rows loaded for an analysis. */
export interface LoadedTable {
  readonly data: ColumnTable;
  /** Pseudonyms behind the rows (null for a plain table). */
  readonly pseudonyms: readonly string[] | null;
  /** What was read, for the ledger's parameters: `analysis-table` or a table name. */
  readonly selection: string | null;
}

/**
 * Loads the analysis rows: the table itself for a plain table source, the
 * selection for a study source.
 * @throws UsageError when a study source has no selection, or for an unknown table.
 */
export async function loadTable(source: DataSource, selection: DataSelection | undefined): Promise<LoadedTable> {
  if (source.kind === 'table') return { data: source.table, pseudonyms: null, selection: null };
  if (selection === undefined) throw new UsageError('A study source needs a data selection: a table name, or an analysis table (endpoint, covariates, diagnosis)');
  const [{ countingProcessSql, patientTableSql }, { CANONICAL_TABLES }] = await Promise.all([import('../../engine/analysis-table.js'), import('../../engine/schema.js')]);
  let sql: string;
  let label: string;
  if ('table' in selection) {
    if (!(CANONICAL_TABLES as readonly string[]).includes(selection.table)) throw new UsageError(`Unknown table: ${selection.table} (one of ${CANONICAL_TABLES.join(', ')})`);
    sql = `SELECT * FROM "${selection.table}"`;
    label = selection.table;
  } else if (selection.counting === true) {
    sql = countingProcessSql(selection.analysisTable);
    label = 'analysis-table';
  } else {
    sql = patientTableSql(selection.analysisTable);
    label = 'analysis-table';
  }
  const data = await source.session.queryColumns(sql);
  const col = data.pseudonym;
  const pseudonyms = Array.isArray(col) ? [...new Set(col.filter((p): p is string => typeof p === 'string'))].sort() : [...source.session.pseudonyms];
  return { data, pseudonyms, selection: label };
}
