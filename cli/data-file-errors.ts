/**
 * Rejected rows of a `--data FILE` analysis name the file. The numeric cores
 * (models/) see only columns and report their rows as `<memory>` (they know no
 * files); the rows they count are the file's data rows in order (header
 * excluded), so the file can be put in afterwards.
 */
import type { DataValidationError } from '../util/errors.js';

/** File name the model layer reports for in-process data. */
export const IN_PROCESS_FILE = '<memory>';

/**
 * Replaces `<memory>` by `file` in a rejection's issues and message (in place, keeping its class).
 * @example nameDataFile(err, 'lung.csv') // issues now read 'lung.csv, row 3, field time'
 */
export function nameDataFile<E extends DataValidationError>(err: E, file: string): E {
  if (!err.issues.some((i) => i.file === IN_PROCESS_FILE)) return err;
  for (const issue of err.issues) if (issue.file === IN_PROCESS_FILE) issue.file = file;
  err.message = err.message.split(IN_PROCESS_FILE).join(file);
  return err;
}
