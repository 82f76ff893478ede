/**
 * Time values between JavaScript and the consent tables: every timestamp is
 * stored as a DuckDB `TIMESTAMP` (no time zone) holding UTC, written from
 * `Date.toISOString()` and read back with `epoch_ms` (milliseconds since the
 * epoch, UTC). Converting in this one module keeps time zones out of the rest.
 */
import { UsageError } from '../../util/errors.js';

/** Earliest and latest accepted instants (years 1900-9999: what an ISO literal and a consent can hold). */
const MIN_MS = Date.UTC(1900, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * A Date as a SQL TIMESTAMP literal in UTC: `TIMESTAMP '2024-01-31 12:00:00.000'`.
 * @throws UsageError for an invalid date or one outside 1900-9999.
 */
export function timestampLiteral(date: Date, what = 'time'): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new UsageError(`invalid ${what}: not a valid date`);
  if (ms < MIN_MS || ms > MAX_MS) throw new UsageError(`${what} out of range (1900-9999): ${date.toISOString()}`);
  return `TIMESTAMP '${date.toISOString().replace('T', ' ').replace('Z', '')}'`;
}

/**
 * Parses an ISO 8601 time given by a user or a document: a date (`2024-05-01`,
 * taken as 00:00 UTC) or a date-time with `Z` or an offset (`2024-05-01T10:00:00+02:00`).
 * A date-time without zone is refused (ambiguous).
 *
 * @throws UsageError naming the value.
 * @example parseIsoTime('2024-05-01').toISOString() // => '2024-05-01T00:00:00.000Z'
 */
export function parseIsoTime(text: string, what = 'time'): Date {
  const t = text.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(t);
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(t);
  if (!dateOnly && !dateTime) {
    throw new UsageError(`invalid ${what} '${text}': give an ISO date (YYYY-MM-DD) or date-time with zone (YYYY-MM-DDThh:mm:ssZ or +hh:mm)`);
  }
  const d = new Date(dateOnly ? `${t}T00:00:00Z` : t);
  if (!Number.isFinite(d.getTime())) throw new UsageError(`invalid ${what} '${text}': not a calendar date`);
  if (dateOnly && d.toISOString().slice(0, 10) !== t) throw new UsageError(`invalid ${what} '${text}': not a calendar date`);
  return d;
}
