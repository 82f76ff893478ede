/**
 * Types of the consent registry.
 */

/** What a consent event does. */
export const CONSENT_ACTIONS = ['grant', 'revoke'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

/**
 * Where a consent event came from. `portal` (patient portal), `paper` (signed
 * paper form, transcribed), `fhir` (FHIR Consent import), `trust-centre`
 * (a trust centre's consent management, e.g. gICS), `other`.
 */
export const CONSENT_SOURCES = ['portal', 'paper', 'fhir', 'trust-centre', 'other'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** One recorded consent event (a row of `consent.consent_events`). */
export interface ConsentEvent {
  /** Recording order (1, 2, ...): breaks ties between events with the same effective time. */
  readonly seq: number;
  readonly pseudonym: string;
  /** Purpose string (see purposes.ts). */
  readonly purpose: string;
  /** Provider the consent names (treatment-sharing), else null. */
  readonly provider: string | null;
  readonly action: ConsentAction;
  /** When the grant or revocation takes effect. */
  readonly effectiveAt: Date;
  /** When it was recorded in the store. */
  readonly recordedAt: Date;
  readonly source: ConsentSource;
  /** Reference to the source document (form number, FHIR resource id). */
  readonly reference: string | null;
  readonly note: string | null;
}

/** Input of {@link grantConsent} / {@link revokeConsent}. */
export interface ConsentChange {
  pseudonym: string;
  /** `treatment-sharing`, `research-general` or `study:<id>`. */
  purpose: string;
  /** Required for `treatment-sharing` (the named provider); not allowed otherwise. */
  provider?: string;
  /** When the change takes effect. Default: now (the time of the call). */
  effectiveAt?: Date;
  /** Default `'portal'`. */
  source?: ConsentSource;
  /** Reference to the source document. Default none. */
  reference?: string;
  /** Free-text note. Default none. */
  note?: string;
}

/** State of one consent (purpose, provider) at a time. */
export interface ConsentState {
  purpose: string;
  provider: string | null;
  /** True when the latest event at or before the time is a grant. */
  granted: boolean;
  /** The deciding event. */
  event: ConsentEvent;
}
