/**
 * Calendar arithmetic on integer day numbers (days since 1970-01-01, UTC),
 * with no dependence on the host's time zone or locale. The civil-date
 * conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`
 * algorithms (http://howardhinnant.github.io/date_algorithms.html), written
 * here in integer arithmetic so every machine gives the same dates. The one
 * place where the engine, the generators and the models convert dates.
 */
import { UsageError } from './errors.js';

/** Mean length of a Gregorian year in days, used to turn years into days. */
export const DAYS_PER_YEAR = 365.25;

/** Day number (days since 1970-01-01) of a proleptic Gregorian date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Calendar date of a day number. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** ISO date `YYYY-MM-DD` of a day number (years 0-9999). */
export function isoFromDays(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/**
 * Day number of an ISO date `YYYY-MM-DD`.
 * @throws {UsageError} when the text is not a valid calendar date.
 */
export function daysFromIso(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new UsageError(`Not an ISO date (YYYY-MM-DD): ${text}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const days = daysFromCivil(year, month, day);
  const back = civilFromDays(days);
  if (back.month !== month || back.day !== day) throw new UsageError(`Not a valid calendar date: ${text}`);
  return days;
}

/** Whole days in a span of years (rounded down). */
export function yearsToDays(years: number): number {
  return Math.floor(years * DAYS_PER_YEAR);
}
