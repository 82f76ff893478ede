/**
 * Shared plumbing of CLI commands: opening stores and study sessions, loading
 * analysis data, recording runs in the data-use ledger, and the disclosure
 * settings of --db outputs.
 *
 * Every read of a cohort database needs `--study ID` (a registered study): the
 * session then admits only the patients whose consent for the study's purpose
 * is in force, each run is recorded in the ledger, and outputs follow the
 * study's disclosure settings. Plain files (`--data`) need no study.
 */
import type { AnalysisSession, SessionDisclosure } from '../engine/access.js';
import type { CountingProcessSpec } from '../engine/analysis-table.js';
import type { PlannedRelease } from '../engine/disclosure/release-register.js';
import type { CandidateCell, ReleaseAudit } from '../engine/disclosure/release-audit.js';
import type { LedgerEntry, LedgerEntryInput } from '../engine/ledger/ledger.js';
import { readDataTable } from '../engine/read-file.js';
import type { CohortStore } from '../engine/store.js';
import type { Study } from '../engine/study/study-registry.js';
import type { ColumnTable } from '../models/design/types.js';
import { AccessDeniedError, UsageError } from '../util/errors.js';
import { hasFlag, stringFlag } from './args.js';
import { specFromFlags } from './analysis-table-flags.js';
import type { CommandIO, ParsedArgs } from './command.js';
import { progressBar } from './output.js';

/**
 * The cohort database named by `--db` (required).
 * @throws UsageError without --db.
 */
export function dbFlag(args: ParsedArgs): string {
  const db = stringFlag(args, 'db');
  if (!db) throw new UsageError('--db FILE is required (the cohort database file)');
  return db;
}

/** Opens the store named by `--db` (required; created with `create`). */
export async function openStoreFlag(args: ParsedArgs, options: { create?: boolean } = {}): Promise<CohortStore> {
  const db = dbFlag(args);
  const { openStore } = await import('../analyses/admin/store.js');
  return openStore(db, options);
}

/** The message of a refused read without --study. */
export const STUDY_REQUIRED =
  "--study ID is required to read a cohort database: every analysis runs for a registered study (see 'midia study register'), sees only the patients whose consent for the study's purpose is in force, and is recorded in the data-use ledger";

/**
 * Opens a study session on the store for `--study ID` and closes the store as
 * soon as the admitted rows are copied: the session holds its own copy, so the
 * database file is held only while the copy is made, and a long analysis never
 * blocks a consent change of another process (docs/process-model.md).
 * `session.record` reopens the file briefly for the ledger entry.
 * `--purpose`, when given, must equal the study's registered purpose.
 * @throws AccessDeniedError without --study, for an unknown study, or for a different --purpose.
 */
export async function sessionFor(store: CohortStore, args: ParsedArgs, io: CommandIO): Promise<AnalysisSession> {
  const study = stringFlag(args, 'study');
  if (study === undefined) throw new AccessDeniedError(STUDY_REQUIRED);
  let session: AnalysisSession;
  try {
    const { openSession } = await import('../engine/access.js');
    session = await openSession(store, { study, onProgress: progressBar(io.stderr, io.showProgress), closeStoreAfterCopy: true });
  } finally {
    store.close();
  }
  const purpose = stringFlag(args, 'purpose');
  if (purpose !== undefined && purpose !== session.purpose) {
    session.close();
    throw new AccessDeniedError(`--purpose ${purpose} does not match study ${study}, registered for purpose ${session.purpose}`);
  }
  return session;
}

/** Parameters of a run as the ledger records them: the flags (without --db and --study) and positional arguments. */
export function runParameters(args: ParsedArgs): { flags: Record<string, string | true>; positional: string[] } {
  const flags: Record<string, string | true> = {};
  for (const [k, v] of Object.entries(args.flags)) if (k !== 'db' && k !== 'study' && k !== 'quiet') flags[k] = v;
  return { flags, positional: [...args.positional] };
}

/**
 * Records one run of a command in the session's ledger (the store must be open).
 * @example await recordRun(session, 'query', args, { rows: 12 })
 */
export function recordRun(session: AnalysisSession, command: string, args: ParsedArgs, summary: unknown, pseudonyms?: readonly string[]): Promise<LedgerEntry> {
  return session.record(command, runParameters(args), summary, pseudonyms ? { pseudonyms } : {});
}

/** Flags that build an analysis table from a cohort database on the fly (as 'midia table'). */
export const ANALYSIS_TABLE_FLAGS = ['diagnosis', 'endpoint', 'competing', 'covariates', 'unit', 'counting'] as const;

/** Help text lines for the data-source flags shared by analysis commands. */
export const DATA_FLAGS_HELP = `Data (one of):
  --data FILE          CSV/TSV, Parquet or Arrow IPC file (format from the extension)
  --db FILE --study ID a cohort database, read through the access gate for a
                       registered study (required): only consenting patients,
                       the run is recorded in the data-use ledger, and the
                       output follows the study's disclosure control; with
    --table T          one of its tables (patients, events, ...), or
    --endpoint E[,E]   the analysis table of 'midia table' built on the fly:
                       time, status (1 endpoint, 2 --competing, 0 censored), age,
                       sex, site, ... and --covariates C[,C] at baseline;
                       also --diagnosis D, --unit days|months|years, --counting`;

/** A release planned for a --db run (see {@link StudyRun.planRelease}). */
export interface RunRelease extends ReleaseAudit {
  /** True when the cell with this label may be shown. */
  shows(label: string): boolean;
  /** Records the released cells in the study's release register (reopens the store). Call after `record`, before the output leaves. */
  commit(): Promise<void>;
}

/** A --db load: the study, its disclosure settings, and how to record the run. */
export interface StudyRun {
  study: Study;
  disclosure: SessionDisclosure;
  /** Pseudonyms whose rows were loaded. */
  pseudonyms: readonly string[];
  /**
   * Appends the run to the ledger (reopens the store). Call before the result is written out.
   * @param summary n, events, key estimates
   */
  record(command: string, args: ParsedArgs, summary: unknown): Promise<LedgerEntry>;
  /**
   * Audits the cells of a release against every cell the study released
   * before (engine/disclosure/release-audit.ts): which candidates may be
   * shown so that no group smaller than the study's minimum cell count can be
   * derived by difference. Reopens the store.
   */
  planRelease(analysis: string, candidates: readonly CandidateCell[]): Promise<RunRelease>;
}

/** {@link StudyRun.planRelease} on the database file `db` for `study`. */
export async function planRunRelease(db: string, study: Study, threshold: number, analysis: string, candidates: readonly CandidateCell[]): Promise<RunRelease> {
  const [{ CohortStore }, { planRelease }] = await Promise.all([import('../engine/store.js'), import('../engine/disclosure/release-register.js')]);
  const store = await CohortStore.open(db);
  let plan: PlannedRelease;
  try {
    plan = await planRelease(store, study.id, analysis, candidates, { threshold });
  } finally {
    store.close();
  }
  return {
    ...plan,
    async commit() {
      const again = await CohortStore.open(db);
      try {
        await plan.commit(again);
      } finally {
        again.close();
      }
    },
  };
}

/** What {@link loadAnalysisData} returns. */
export interface LoadedData {
  data: ColumnTable;
  source: string;
  /** Null for plain files (no study, no ledger, no disclosure control). */
  run: StudyRun | null;
}

/**
 * Loads the analysis data named by `--data FILE` or `--db FILE --table NAME --study ID`.
 * Database reads go through a study session (the access gate).
 */
export async function loadAnalysisData(args: ParsedArgs, io: CommandIO): Promise<LoadedData> {
  const file = stringFlag(args, 'data');
  const db = stringFlag(args, 'db');
  if (file && db) throw new UsageError('Give either --data or --db, not both');
  if (file) return { data: await readDataTable(file), source: file, run: null };
  if (db) {
    const table = stringFlag(args, 'table');
    const spec = specFromFlags(args.flags);
    if (table && spec.endpoint) throw new UsageError('Give either --table or --endpoint (an analysis table), not both');
    if (!table && !spec.endpoint) throw new UsageError('--db needs --table NAME or --endpoint E[,E] (see --help)');
    // The cohort-store modules (zod schemas, DuckDB store, ledger) load only here: a --data run never needs them.
    const [{ CANONICAL_TABLES }, { countingProcessSql, patientTableSql }, { CohortStore }, { appendLedgerEntry }] = await Promise.all([
      import('../engine/schema.js'),
      import('../engine/analysis-table.js'),
      import('../engine/store.js'),
      import('../engine/ledger/ledger.js'),
    ]);
    if (table && !(CANONICAL_TABLES as readonly string[]).includes(table)) throw new UsageError(`Unknown table: ${table} (one of ${CANONICAL_TABLES.join(', ')})`);
    const sql = table ? `SELECT * FROM "${table}"` : hasFlag(args, 'counting') ? countingProcessSql(spec as CountingProcessSpec) : patientTableSql(spec);
    const label = table ?? 'analysis-table';
    if (stringFlag(args, 'study') === undefined) throw new AccessDeniedError(STUDY_REQUIRED);
    const store = await openStoreFlag(args);
    try {
      const session = await sessionFor(store, args, io);
      try {
        const data = await session.queryColumns(sql);
        const col = data.pseudonym;
        const pseudonyms = Array.isArray(col) ? [...new Set(col.filter((p): p is string => typeof p === 'string'))] : [...session.pseudonyms];
        const study = session.studyRecord as Study;
        const base = (command: string, a: ParsedArgs, summary: unknown): LedgerEntryInput =>
          session.ledgerEntryInput(command, { ...runParameters(a), table: label }, summary, { pseudonyms });
        const run: StudyRun = {
          study,
          disclosure: session.disclosure,
          pseudonyms,
          async record(command, a, summary) {
            const input = base(command, a, summary);
            // The file was released after the copy; hold it again only for this write (docs/process-model.md).
            const again = await CohortStore.open(db);
            try {
              return await appendLedgerEntry(again, input);
            } finally {
              again.close();
            }
          },
          planRelease: (analysis, candidates) => planRunRelease(db, study, session.disclosure.threshold, analysis, candidates),
        };
        return { data, source: `${db}:${label}`, run };
      } finally {
        session.close();
      }
    } finally {
      store.close();
    }
  }
  throw new UsageError('No data: give --data FILE, or --db FILE --study ID with --table NAME or --endpoint E[,E]');
}
