/**
 * Dates of the MS outcome functions: integer day numbers (days since
 * 1970-01-01, proleptic Gregorian, UTC) or ISO `YYYY-MM-DD` text, converted
 * once here (civil-date algorithms of H. Hinnant,
 * http://howardhinnant.github.io/date_algorithms.html), never in the rules.
 */
import { UsageError } from '../../util/errors.js';

/** A date as accepted by the MS functions: ISO text or a day number. */
export type MsDate = string | number;

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * ISO date of a day number.
 * @example isoFromDayNumber(0) // => '1970-01-01'
 */
export function isoFromDayNumber(days: number): string {
  const z = Math.floor(days) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
  return `${String(y).padStart(4, '0')}-${p2(m)}-${p2(d)}`;
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
