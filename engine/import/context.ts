/**
 * The validation context of one import: the day the plausibility rules count
 * from, and the pseudonym forms new patients must have (the defaults, the
 * store's configured pattern, a newly given one, and forms the import itself
 * produces). Built inside the import's transaction, so a newly given pattern
 * is stored only when the import succeeds.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { UsageError } from '../../util/errors.js';
import { acceptedPseudonymPattern, describeAcceptedPseudonyms, resolveImportPattern } from '../privacy/pseudonym-format.js';
import { isoDate } from '../schema.js';
import type { ValidationContext } from './validate-sql.js';

/** What an import's context is built from. */
export interface ContextOptions {
  /** `YYYY-MM-DD` or a Date. Default: now. */
  today?: string | Date | undefined;
  /** A newly given pseudonym pattern (checked and stored). Default: the stored one. */
  pseudonymPattern?: string | undefined;
  /** Forms this import produces itself and accepts without storing (a keyed pseudonymization with another prefix or length). */
  extraPseudonymForms?: readonly string[] | undefined;
  /** False: no pseudonym-form check (in-process records). Default true. */
  checkPseudonyms?: boolean;
}

/**
 * The day of an import as `YYYY-MM-DD`.
 * @throws UsageError for a string that is not an ISO date or an invalid Date.
 * @example importDay('2026-12-08') // => '2026-12-08'
 */
export function importDay(today: string | Date | undefined): string {
  if (today === undefined) return new Date().toISOString().slice(0, 10);
  if (today instanceof Date) {
    if (Number.isNaN(today.getTime())) throw new UsageError('today is an invalid Date');
    return today.toISOString().slice(0, 10);
  }
  if (!isoDate.safeParse(today).success) throw new UsageError(`today must be an ISO date YYYY-MM-DD, got '${today}'`);
  return today;
}

/**
 * Builds the validation context of an import (reads, and for a new pattern writes, the store's metadata).
 * @returns the context and the store's pattern in force afterwards
 * @throws UsageError for a bad `today` or a bad or too permissive pattern.
 */
export async function importContext(connection: DuckDBConnection, options: ContextOptions): Promise<{ ctx: ValidationContext; pattern: string | null }> {
  const today = importDay(options.today);
  const pattern = await resolveImportPattern(connection, options.pseudonymPattern);
  const extra = options.extraPseudonymForms ?? [];
  const pseudonyms = options.checkPseudonyms === false ? null : { pattern: acceptedPseudonymPattern(pattern, extra), describe: describeAcceptedPseudonyms(pattern, extra) };
  return { ctx: { today, pseudonyms }, pattern };
}
