/** The consent module: purpose registry, append-only consent registry, FHIR Consent import, consent-based access policy. */
export * from './types.js';
export * from './purposes.js';
export { consentedAt, consentStatesAt, decidingEvent, type ConsentQueryOptions } from './state.js';
export { parseIsoTime } from './sql-time.js';
export { ConsentConflictError, UnacceptedPseudonymError, UnknownPseudonymError } from './errors.js';
export {
  appendConsentEvents,
  allConsentEvents,
  changeConsent,
  checkRevocation,
  consentHistory,
  consentStatus,
  grantConsent,
  revokeConsent,
  validateChange,
  CONSENT_EVENTS_TABLE,
  type ConsentChangeOptions,
  type ConsentChangeResult,
  type ConsentStatusOptions,
  type NewConsentEvent,
} from './registry.js';
export { consentPolicy, type ConsentPolicyOptions } from './policy.js';
export { consentEventsFromFhir, MII_CONSENT_POLICY_PURPOSES, MII_CONSENT_POLICY_SYSTEM, MIDIA_PURPOSE_SYSTEM, type FhirConsentParse } from './fhir-consent.js';
export { importFhirConsent, type FhirConsentReport } from './import-fhir-consent.js';
