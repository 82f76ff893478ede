/**
 * Accepted pseudonym forms. A pseudonym that enters the store as a new patient
 * (a `patients` record from a file, FHIR `Patient.id`, a trust-centre list, a
 * keyed pseudonymization) must match one of them; anything else (a name such as
 * `Erika-Mustermann-1960-05-17`, a raw hospital number) is refused, naming the
 * row. Records of the other tables must name a patient already in the store, so
 * they inherit the check.
 *
 * Accepted without configuration ({@link DEFAULT_PSEUDONYM_FORMS}):
 * - `psn-` + 20 lower-case hex digits: the engine's keyed pseudonyms (engine/privacy/pseudonym.ts);
 * - `P-` + 10 lower-case hex digits: the synthetic cohort (`midia generate`, datasets/synthetic);
 * - `MSR` + digits: the synthetic MS registry (`midia generate --ms-registry`, datasets/ms-registry).
 *
 * Other forms (a trust centre's) only through an explicit pattern
 * (`--pseudonym-pattern REGEX`, import option `pseudonymPattern`): a regular
 * expression that the whole pseudonym must match, in the syntax common to RE2
 * (DuckDB, which checks whole files) and JavaScript. Once an import that gives it
 * succeeds, the pattern is kept in the store's metadata (`meta.settings`, key
 * `pseudonym_pattern`; engine/store-settings.ts) and every later import and the
 * consent registry accept it too; a later pattern replaces it. A pattern that
 * accepts a name, a date, an e-mail address or a phone number (the probes in
 * {@link PATTERN_PROBES}) is refused as too permissive.
 *
 * In-process records (`store.importRecords`) come from code, not from a source
 * system, and are not checked.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { UsageError } from '../../util/errors.js';
import type { StoreHandle } from '../store-handle.js';
import { exclusive } from '../store-internal.js';
import { readStoreSetting, writeStoreSetting } from '../store-settings.js';
import { quoteLiteral } from '../store-sql.js';

/** One accepted pseudonym form. */
export interface PseudonymForm {
  /** Who issues it. */
  name: string;
  /** Full-match pattern (RE2 and JavaScript). */
  pattern: string;
  /** Example. */
  example: string;
}

/** Forms accepted without configuration (see the module documentation). */
export const DEFAULT_PSEUDONYM_FORMS: readonly PseudonymForm[] = [
  { name: 'engine keyed pseudonym', pattern: 'psn-[0-9a-f]{20}', example: 'psn-0265a85379c1d2e3f4a5' },
  { name: 'synthetic cohort', pattern: 'P-[0-9a-f]{10}', example: 'P-0a1b2c3d4e' },
  { name: 'synthetic MS registry', pattern: 'MSR[0-9]+', example: 'MSR042' },
];

/** Values a configured pattern must refuse (names, dates, contact data): a pattern accepting one is too permissive. */
export const PATTERN_PROBES: readonly string[] = [
  'Erika Mustermann',
  'Erika-Mustermann-1960-05-17',
  'Mustermann, Erika',
  'Mustermann_Erika_17.05.1960',
  '1960-05-17',
  '17.05.1960',
  'erika.mustermann@example.org',
  '+49 221 5550101',
];

/** Longest accepted pattern text. */
const MAX_PATTERN_LENGTH = 200;

/** The store setting that keeps a configured pattern. */
export const PSEUDONYM_PATTERN_SETTING = 'pseudonym_pattern';

/**
 * Checks a configured pattern: non-empty, at most 200 characters, a valid
 * JavaScript regular expression, refusing every probe of {@link PATTERN_PROBES}.
 * (The import also compiles it in DuckDB's RE2 before use.)
 *
 * @throws UsageError naming the problem.
 * @example checkPseudonymPattern('TC-[0-9A-F]{5}') // => 'TC-[0-9A-F]{5}'
 */
export function checkPseudonymPattern(pattern: string): string {
  if (typeof pattern !== 'string' || pattern.trim() === '') throw new UsageError('--pseudonym-pattern needs a regular expression, e.g. TC-[0-9A-F]{5}');
  if (pattern.length > MAX_PATTERN_LENGTH) throw new UsageError(`--pseudonym-pattern is ${pattern.length} characters; at most ${MAX_PATTERN_LENGTH}`);
  let re: RegExp;
  try {
    re = fullMatch(pattern);
  } catch (error) {
    throw new UsageError(`--pseudonym-pattern '${pattern}' is not a valid regular expression: ${(error as Error).message}`);
  }
  const accepted = PATTERN_PROBES.find((p) => re.test(p));
  if (accepted !== undefined) {
    throw new UsageError(`--pseudonym-pattern '${pattern}' is too permissive: it accepts '${accepted}', which is not a pseudonym; give the exact form of the trust centre's pseudonyms, e.g. TC-[0-9A-F]{5}`);
  }
  return pattern;
}

function fullMatch(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/**
 * The full-match pattern of every accepted form: the defaults, the configured
 * pattern (if any) and `extra` forms (e.g. a keyed pseudonymization's own prefix and length).
 */
export function acceptedPseudonymPattern(pattern: string | null = null, extra: readonly string[] = []): string {
  return [...DEFAULT_PSEUDONYM_FORMS.map((f) => f.pattern), ...(pattern !== null ? [pattern] : []), ...extra].map((p) => `(?:${p})`).join('|');
}

/** A short description of the accepted forms, for messages. */
export function describeAcceptedPseudonyms(pattern: string | null = null, extra: readonly string[] = []): string {
  const parts = DEFAULT_PSEUDONYM_FORMS.map((f) => `${f.pattern} (${f.name})`);
  if (pattern !== null) parts.push(`${pattern} (this store's --pseudonym-pattern)`);
  for (const e of extra) parts.push(e);
  return `accepted: ${parts.join(', ')}`;
}

/**
 * True when `value` is a pseudonym of an accepted form: a default form or the
 * configured `pattern` (pass {@link pseudonymPattern}(store), or null).
 * The consent registry calls it for pseudonyms of patients not yet imported.
 *
 * @example isAcceptedPseudonym(null, 'psn-0265a85379c1d2e3f4a5') // => true
 * @example isAcceptedPseudonym(null, 'Erika-Mustermann-1960-05-17') // => false
 * @example isAcceptedPseudonym('TC-[0-9A-F]{5}', 'TC-7F3A9') // => true
 */
export function isAcceptedPseudonym(pattern: string | null | undefined, value: string): boolean {
  return typeof value === 'string' && fullMatch(acceptedPseudonymPattern(pattern ?? null)).test(value);
}

/**
 * The pseudonym pattern configured for a store (`--pseudonym-pattern`), or null.
 * @example const ok = isAcceptedPseudonym(await pseudonymPattern(store), 'TC-7F3A9')
 */
export async function pseudonymPattern(store: StoreHandle): Promise<string | null> {
  return exclusive(store, (c) => readStoreSetting(c, PSEUDONYM_PATTERN_SETTING));
}

/** The configured pattern read on a connection (for the loaders, inside their transaction). */
export function readPseudonymPattern(connection: DuckDBConnection): Promise<string | null> {
  return readStoreSetting(connection, PSEUDONYM_PATTERN_SETTING);
}

/**
 * The pattern an import runs with: a newly given one (checked, compiled in
 * DuckDB, and written to the store's metadata inside the import's transaction)
 * or the stored one.
 *
 * @throws UsageError for a bad or too permissive pattern.
 */
export async function resolveImportPattern(connection: DuckDBConnection, given: string | undefined): Promise<string | null> {
  if (given === undefined) return readPseudonymPattern(connection);
  const pattern = checkPseudonymPattern(given);
  try {
    await connection.runAndReadAll(`SELECT regexp_full_match('', ${quoteLiteral(pattern)})`);
  } catch (error) {
    throw new UsageError(`--pseudonym-pattern '${pattern}' is not a valid RE2 regular expression: ${(error as Error).message.split('\n')[0]}`);
  }
  const stored = await readPseudonymPattern(connection);
  if (stored !== pattern) await writeStoreSetting(connection, PSEUDONYM_PATTERN_SETTING, pattern);
  return pattern;
}
