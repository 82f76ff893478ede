/**
 * The data source of an analysis command from its flags: `--data FILE` (a
 * plain table) or `--db FILE --study ID` (a registered study's session, with
 * `--table T` or the analysis-table flags choosing what it reads). The
 * command hands both to a function of analyses/ and closes the source after.
 */
import type { DataSelection, DataSource, StudySource } from '../analyses/core/index.js';
import { AccessDeniedError, UsageError } from '../util/errors.js';
import { hasFlag, stringFlag } from './args.js';
import { specFromFlags } from './analysis-table-flags.js';
import type { CommandIO, ParsedArgs } from './command.js';
import { openStoreFlag, STUDY_REQUIRED } from './io.js';
import { progressBar } from './output.js';

/** A data source opened from flags. */
export interface FlagSource {
  source: DataSource;
  /** What a study source reads (undefined for --data). */
  selection: DataSelection | undefined;
  /** Releases the session (safe to call twice). */
  close(): void;
}

/**
 * Opens the data source named by `--data FILE` or `--db FILE --study ID`
 * (`--table T`, or `--endpoint E[,E]` with `--diagnosis`, `--covariates`,
 * `--competing`, `--unit`, `--counting`).
 * @throws UsageError for missing or conflicting flags; AccessDeniedError without --study or for a different --purpose.
 */
export async function openFlagSource(args: ParsedArgs, io: CommandIO): Promise<FlagSource> {
  const file = stringFlag(args, 'data');
  const db = stringFlag(args, 'db');
  if (file && db) throw new UsageError('Give either --data or --db, not both');
  if (file) {
    const { fileSource } = await import('../analyses/core/source.js');
    return { source: await fileSource(file), selection: undefined, close() {} };
  }
  if (!db) throw new UsageError('No data: give --data FILE, or --db FILE --study ID with --table NAME or --endpoint E[,E]');
  const selection = selectionFromFlags(args);
  const source = await openStudyFlagSource(args, io);
  return { source, selection, close: () => source.session.close() };
}

/**
 * The study source of `--db FILE --study ID` (and `--purpose P`, which must
 * match the study's): for commands that read a study without a table
 * selection (the MS analyses). The caller closes `source.session`.
 * @throws UsageError without --db; AccessDeniedError without --study, for an unknown study or a different --purpose.
 */
export async function openStudyFlagSource(args: ParsedArgs, io: CommandIO): Promise<StudySource> {
  const study = stringFlag(args, 'study');
  if (study === undefined) throw new AccessDeniedError(STUDY_REQUIRED);
  const store = await openStoreFlag(args);
  const { openStudySource } = await import('../analyses/core/source.js');
  let source: StudySource;
  try {
    source = await openStudySource(store, study, { onProgress: progressBar(io.stderr, io.showProgress) });
  } finally {
    store.close();
  }
  const session = source.session;
  const purpose = stringFlag(args, 'purpose');
  if (purpose !== undefined && purpose !== session.purpose) {
    session.close();
    throw new AccessDeniedError(`--purpose ${purpose} does not match study ${study}, registered for purpose ${session.purpose}`);
  }
  return source;
}

/** The selection of `--table T` or the analysis-table flags. */
export function selectionFromFlags(args: ParsedArgs): DataSelection {
  const table = stringFlag(args, 'table');
  const spec = specFromFlags(args.flags);
  if (table && spec.endpoint) throw new UsageError('Give either --table or --endpoint (an analysis table), not both');
  if (!table && !spec.endpoint) throw new UsageError('--db needs --table NAME or --endpoint E[,E] (see --help)');
  if (table) return { table };
  return hasFlag(args, 'counting') ? { analysisTable: { ...spec, endpoint: spec.endpoint! }, counting: true } : { analysisTable: spec };
}

/**
 * Runs `fn` with the flags' data source and closes it after.
 * @example return withFlagSource(args, io, ({ source, selection }) => km(source, { formula, data: selection }))
 */
export async function withFlagSource<T>(args: ParsedArgs, io: CommandIO, fn: (s: FlagSource) => Promise<T>): Promise<T> {
  const s = await openFlagSource(args, io);
  try {
    return await fn(s);
  } finally {
    s.close();
  }
}
