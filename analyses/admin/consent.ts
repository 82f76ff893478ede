/**
 * The consent registry as the surfaces reach it (`midia consent`): grant and
 * revoke (each returning the state that now holds), a patient's history and
 * status, and the import of FHIR R4 Consent resources. Thin functions over
 * engine/consent/ that open the database for the call.
 */
import { importFhirConsent, type FhirConsentReport } from '../../engine/consent/import-fhir-consent.js';
import { changeConsent, consentHistory, consentStatus, type ConsentChangeResult } from '../../engine/consent/registry.js';
import type { ConsentAction, ConsentChange, ConsentEvent, ConsentState } from '../../engine/consent/types.js';
import { withStore } from './store.js';

export { parseIsoTime } from '../../engine/consent/sql-time.js';
export { CONSENT_SOURCES, type ConsentAction, type ConsentChange, type ConsentEvent, type ConsentSource, type ConsentState } from '../../engine/consent/types.js';
export type { ConsentChangeResult } from '../../engine/consent/registry.js';
export type { FhirConsentReport } from '../../engine/consent/import-fhir-consent.js';

/**
 * Appends a grant or a revocation and returns it with the state that now holds.
 * @param options `allowUnknown`: accept a pseudonym with no patient in the store yet (of an accepted form)
 * @throws UsageError / DataValidationError for a refused change (unknown patient, a revocation dated before the grant in force); nothing is recorded then.
 * @example await changeConsentIn('cohort.duckdb', { pseudonym: 'psn-...', purpose: 'research-general' }, 'grant')
 */
export function changeConsentIn(db: string, change: ConsentChange, action: ConsentAction, options: { allowUnknown?: boolean } = {}): Promise<ConsentChangeResult> {
  return withStore(db, (store) => changeConsent(store, change, action, options));
}

/** Every consent event of a pseudonym, in effective order. */
export function consentHistoryOf(db: string, pseudonym: string): Promise<ConsentEvent[]> {
  return withStore(db, (store) => consentHistory(store, pseudonym));
}

/** The state of each consent of a pseudonym at `at`. */
export function consentStatusOf(db: string, pseudonym: string, at: Date): Promise<ConsentState[]> {
  return withStore(db, (store) => consentStatus(store, pseudonym, { at }));
}

/**
 * Imports FHIR R4 Consent resources (Bundle, resource or NDJSON) into the database (created when missing).
 * @throws DataValidationError naming each bad resource (nothing is recorded then).
 */
export function importConsents(db: string, file: string): Promise<FhirConsentReport> {
  return withStore(db, (store) => importFhirConsent(store, file), { create: true });
}
