/**
 * The rows a risk analysis works on, with the label its results and messages
 * carry: the file (or table label) of a plain table, `STORE:analysis-table`
 * (or `STORE:TABLE`) for a study.
 */
import type { ColumnTable } from '../../models/design/types.js';
import { loadTable, type DataSelection } from '../core/load.js';
import type { Loaded } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';

/** A risk analysis' rows and where they came from. */
export interface RiskData {
  table: ColumnTable;
  /** `gbsg.csv`, or `cohort.duckdb:analysis-table` for a study. */
  label: string;
}

/** Loads the rows of a data source (a study through its selection). */
export async function loadRiskData(source: DataSource, selection: DataSelection | undefined): Promise<Loaded<RiskData>> {
  const t = await loadTable(source, selection);
  const label = source.kind === 'table' ? source.label : `${source.label}:${t.selection ?? 'table'}`;
  return { data: { table: t.data, label }, pseudonyms: t.pseudonyms, selection: t.selection };
}
