/**
 * Dates of the MS outcome functions: integer day numbers (days since
 * 1970-01-01, proleptic Gregorian, UTC) or ISO `YYYY-MM-DD` text, converted
 * once here (civil-date algorithms of H. Hinnant,
 * http://howardhinnant.github.io/date_algorithms.html), never in the rules.
 */
import { daysFromCivil, isoFromDays } from '../../util/dates.js';
import { UsageError } from '../../util/errors.js';

/** A date as accepted by the MS functions: ISO text or a day number. */
export type MsDate = string | number;

/**
 * ISO date of a day number.
 * @example isoFromDayNumber(0) // => '1970-01-01'
 */
export function isoFromDayNumber(days: number): string {
  return isoFromDays(Math.floor(days));
}

/**
 * Day number of a date given as ISO text or as a (finite) day number.
 * @param what names the field in the error message.
 * @throws {UsageError} on text that is not a valid ISO calendar date, or a non-finite number.
 * @example toDayNumber('1970-01-02') // => 1
 */
export function toDayNumber(date: MsDate, what = 'date'): number {
  if (typeof date === 'number') {
    if (!Number.isFinite(date)) throw new UsageError(`${what}: not a finite day number: ${date}`);
    return date;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new UsageError(`${what}: not an ISO date (YYYY-MM-DD): ${date}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const days = daysFromCivil(y, mo, d);
  if (mo < 1 || mo > 12 || isoFromDayNumber(days) !== date) throw new UsageError(`${what}: not a valid calendar date: ${date}`);
  return days;
}
