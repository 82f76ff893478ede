/**
 * Dates of the oncology endpoint functions: ISO `YYYY-MM-DD` text converted
 * once here to integer day numbers (days since 1970-01-01, UTC, via
 * util/dates.ts), never inside the rules.
 */
import { daysFromIso, isoFromDays } from '../../util/dates.js';
import { UsageError } from '../../util/errors.js';

/**
 * Day number of an ISO date, naming the field in the error.
 * @throws {UsageError} when the text is not a valid ISO calendar date.
 * @example dayOf('1970-01-02', 'origin') // => 1
 */
export function dayOf(date: string, what: string): number {
  if (typeof date !== 'string') throw new UsageError(`${what}: expected an ISO date (YYYY-MM-DD), got ${String(date)}`);
  try {
    return daysFromIso(date);
  } catch (e) {
    throw new UsageError(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** ISO date of a day number. @example isoOf(1) // => '1970-01-02' */
export function isoOf(day: number): string {
  return isoFromDays(day);
}
