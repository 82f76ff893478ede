/**
 * Where an analysis reads its data: a study session (the access gate of
 * engine/access.ts: only consenting patients, disclosure control, a ledger
 * entry per run) or a plain column table (a public dataset, a file, an
 * in-memory table: no study, no ledger, no disclosure control).
 *
 * Every surface (CLI, HTTP service, notebooks) builds one of these and hands
 * it to a function of analyses/; nothing else reads study data.
 */
import type { AnalysisSession } from '../../engine/access.js';
import type { CohortStore } from '../../engine/store.js';
import type { ColumnTable } from '../../models/design/types.js';
import type { ProgressCallback } from '../../util/progress.js';

/** A plain table: results are returned whole, nothing is recorded. */
export interface TableSource {
  readonly kind: 'table';
  readonly table: ColumnTable;
  /** Where it came from (a file name, `gbsg`, ...), for messages and provenance. */
  readonly label: string;
}

/** A registered study's session: consent-filtered rows, disclosure control, ledger. */
export interface StudySource {
  readonly kind: 'study';
  readonly session: AnalysisSession;
  /** The store file (or `:memory:`), for messages. */
  readonly label: string;
}

/** The data source of every analysis. */
export type DataSource = TableSource | StudySource;

/**
 * A plain table as a data source.
 * @example const r = await km(tableSource(gbsg, 'gbsg'), { formula: 'Surv(rfstime, status) ~ hormon' })
 */
export function tableSource(table: ColumnTable, label = 'table'): TableSource {
  return { kind: 'table', table, label };
}

/** An open study session as a data source (the caller closes the session). */
export function studySource(session: AnalysisSession, label = 'store'): StudySource {
  if (session.studyRecord === null) throw new TypeError('studySource: the session has no registered study (open it with { study: ID })');
  return { kind: 'study', session, label };
}

/** Options of {@link openStudySource}. */
export interface OpenStudyOptions {
  onProgress?: ProgressCallback;
  /**
   * Close the store as soon as the admitted rows are copied (default true for
   * database files): the file is then held only for the copy and for each
   * ledger or release-register write (docs/process-model.md).
   */
  closeStoreAfterCopy?: boolean;
}

/**
 * Opens a session for a registered study on a store: only the patients whose
 * consent for the study's purpose is in force now.
 * @throws AccessDeniedError for an unknown study.
 */
export async function openStudySource(store: CohortStore, study: string, options: OpenStudyOptions = {}): Promise<StudySource> {
  const { openSession } = await import('../../engine/access.js');
  const close = options.closeStoreAfterCopy ?? store.path !== ':memory:';
  const session = await openSession(store, { study, closeStoreAfterCopy: close, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  return { kind: 'study', session, label: store.path };
}

/**
 * Reads a data file (CSV/TSV, Parquet or Arrow IPC, by extension) into a
 * table source, typed as R's read.csv types columns (engine/read-file.ts).
 */
export async function fileSource(file: string): Promise<TableSource> {
  const { readDataTable } = await import('../../engine/read-file.js');
  return tableSource(await readDataTable(file), file);
}
