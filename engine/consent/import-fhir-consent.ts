/**
 * Importing FHIR R4 Consent resources into the consent registry (rules in fhir-consent.ts).
 */
import { readFile } from 'node:fs/promises';
import { DataValidationError, StoreError, type RecordIssue } from '../../util/errors.js';
import { parseFhirText } from '../import/fhir-read.js';
import { describeAcceptedPseudonyms, isAcceptedPseudonym, readPseudonymPattern } from '../privacy/pseudonym-format.js';
import { RAW_SCHEMA } from '../schema.js';
import { ident, literal } from '../sql.js';
import type { CohortStore } from '../store.js';
import { exclusive } from '../store-internal.js';
import { withTransaction } from '../store-sql.js';
import { consentEventsFromFhir } from './fhir-consent.js';
import { CONSENT_EVENTS_TABLE } from './registry.js';
import { timestampLiteral } from './sql-time.js';

/** What {@link importFhirConsent} did. */
export interface FhirConsentReport {
  file: string;
  /** Consent resources read (that produced events or had no mapped code). */
  consents: number;
  /** Events appended to the registry. */
  appended: number;
  /** Events already in the registry from an earlier import of the same resource (same pseudonym, purpose, provider, action, effective time and reference): not appended again. */
  duplicates: number;
  /** Skipped resources by type (and Consent status). */
  skipped: Record<string, number>;
  /** Codes (system|code) that name no purpose of this engine, with counts. */
  unmappedCodes: Record<string, number>;
  /**
   * Distinct pseudonyms of the file that the store holds no patient for yet.
   * Accepted (FHIR Consents often arrive before the data): their consent applies once the data are imported.
   */
  unknownPseudonyms: number;
}

/**
 * Reads a FHIR Bundle, Consent resource or NDJSON file and appends its consent
 * events, all or nothing. Re-importing the same resources appends nothing new.
 * Pseudonyms without a patient in the store are accepted and counted
 * (`unknownPseudonyms`): consents often arrive before the data; they must be
 * of an accepted form (engine/privacy/pseudonym-format.ts), else the file is
 * refused naming the resource.
 *
 * @throws DataValidationError naming the resource position and JSON path of each problem (nothing written);
 *   StoreError when the file cannot be read or the store is read-only.
 * @example const report = await importFhirConsent(store, 'consents.ndjson')
 */
export async function importFhirConsent(store: CohortStore, file: string): Promise<FhirConsentReport> {
  if (store.readOnly) throw new StoreError(`store ${store.path} is opened read-only: consent cannot be recorded`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new StoreError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = parseFhirText(text, file);
  const result = consentEventsFromFhir(parsed.entries, file);
  const issues = [...parsed.issues, ...result.issues];
  if (issues.length) throw new DataValidationError(issues);
  const recorded = timestampLiteral(new Date(), 'recording time');
  const counts = await exclusive(store, (c) =>
    withTransaction(c, async () => {
      let appended = 0;
      let duplicates = 0;
      for (const e of result.events) {
        const provider = e.provider === null ? 'NULL' : literal(e.provider);
        const ref = e.reference === null ? 'NULL' : literal(e.reference);
        const note = e.note === null ? 'NULL' : literal(e.note);
        const at = timestampLiteral(e.effectiveAt, 'effective time');
        const rows = (
          await c.runAndReadAll(
            `INSERT INTO ${CONSENT_EVENTS_TABLE} (pseudonym, purpose, provider, action, effective_at, recorded_at, source, reference, note)
SELECT ${literal(e.pseudonym)}, ${literal(e.purpose)}, ${provider}, ${literal(e.action)}, ${at}, ${recorded}, 'fhir', ${ref}, ${note}
WHERE NOT EXISTS (SELECT 1 FROM ${CONSENT_EVENTS_TABLE} WHERE pseudonym = ${literal(e.pseudonym)} AND purpose = ${literal(e.purpose)}
  AND provider IS NOT DISTINCT FROM ${provider} AND action = ${literal(e.action)} AND effective_at = ${at} AND source = 'fhir' AND reference IS NOT DISTINCT FROM ${ref})
RETURNING seq`,
          )
        ).getRowsJS();
        if (rows.length) appended++;
        else duplicates++;
      }
      const pseudonyms = [...new Set(result.events.map((e) => e.pseudonym))];
      const known = new Set<string>();
      for (let i = 0; i < pseudonyms.length; i += 1000) {
        const list = pseudonyms.slice(i, i + 1000).map(literal).join(', ');
        for (const r of (await c.runAndReadAll(`SELECT DISTINCT pseudonym FROM ${ident(RAW_SCHEMA)}.patients WHERE pseudonym IN (${list})`)).getRowsJS()) known.add(String(r[0]));
      }
      const unknown = pseudonyms.filter((p) => !known.has(p));
      const pattern = await readPseudonymPattern(c);
      const bad: RecordIssue[] = unknown
        .filter((p) => !isAcceptedPseudonym(pattern, p))
        .map((p) => ({ file, row: result.sources[p]?.row ?? 0, field: result.sources[p]?.field ?? 'patient', message: `'${p}' names no patient of the store and is not a pseudonym of an accepted form (${describeAcceptedPseudonyms(pattern)})`, value: p }));
      if (bad.length) throw new DataValidationError(bad.sort((a, b) => a.row - b.row));
      return { appended, duplicates, unknownPseudonyms: unknown.length };
    }),
  );
  return { file, consents: result.consents, appended: counts.appended, duplicates: counts.duplicates, skipped: result.skipped, unmappedCodes: result.unmappedCodes, unknownPseudonyms: counts.unknownPseudonyms };
}
