/**
 * Flag plumbing shared by the `midia ms` commands that read a cohort
 * database: the study source of `--db`/`--study` and the `--min-cell` flag.
 * The MS cohort loader and the disclosure rules live in analyses/ms/.
 */
import type { StudySource } from '../analyses/core/index.js';
import { UsageError } from '../util/errors.js';
import { numberFlag } from './args.js';
import type { CommandIO, ParsedArgs } from './command.js';
import { openStudyFlagSource } from './source-flags.js';

export { suppressTable } from '../analyses/ms/disclosure.js';

/**
 * Opens the study source of `--db FILE --study ID`, runs `body`, and closes the session.
 * @throws AccessDeniedError without --study or for an unknown study; UsageError without --db.
 */
export async function withMsSource<T>(args: ParsedArgs, io: CommandIO, body: (source: StudySource) => Promise<T>): Promise<T> {
  const source = await openStudyFlagSource(args, io);
  try {
    return await body(source);
  } finally {
    source.session.close();
  }
}

/**
 * The `--min-cell N` flag, which may only raise the study's minimum cell
 * count (default: the study's `minCellCount`, 5 unless registered otherwise).
 * The analyses check the same rule for library callers (analyses/ms/disclosure.ts).
 * @throws {UsageError} naming --min-cell for a non-integer or a value below the study's.
 */
export function minCellFlag(args: ParsedArgs, studyThreshold: number): number | undefined {
  const v = numberFlag(args, 'min-cell');
  if (v === undefined) return undefined;
  if (!(Number.isInteger(v) && v >= 1)) throw new UsageError(`--min-cell must be a positive whole number, got ${v}`);
  if (v < studyThreshold) throw new UsageError(`--min-cell ${v} is below the study's minimum cell count ${studyThreshold} (it may only be raised)`);
  return v;
}
