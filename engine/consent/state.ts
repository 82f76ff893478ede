/**
 * Consent state from a consent history: pure functions, the reference the
 * SQL of the access policy (policy.ts) must agree with (checked by a
 * property test).
 *
 * Rules (documented once, here):
 * 1. A consent is identified by (purpose, provider); provider is null except
 *    for `treatment-sharing`, where each named provider is a separate consent.
 * 2. Its state at time t is decided by the latest event with effectiveAt <= t,
 *    "latest" ordered by effectiveAt, then by recording order (seq): of two
 *    events with the same effective time, the one recorded later wins.
 *    No event at or before t means no consent (opt-in: silence is not consent).
 * 3. A study purpose `study:<id>` whose study accepts broad consent
 *    (`acceptsBroadConsent`) is decided by the study-specific events when there
 *    is one at or before t (an explicit study decision, grant or refusal,
 *    overrides the general one); otherwise by `research-general`.
 *    Without `acceptsBroadConsent` only study-specific events count.
 *    Rationale: the MII Broad Consent (Medizininformatik-Initiative,
 *    "Mustertext Patienteneinwilligung") covers research projects approved
 *    under it by the site's use-and-access process, so whether a study may rely
 *    on it is a property of the study (its registry entry), not of the patient.
 *    That a patient's explicit study decision overrides the broad one is this
 *    module's design decision (the more specific declaration wins).
 */
import { UsageError } from '../../util/errors.js';
import { RESEARCH_GENERAL, TREATMENT_SHARING, parsePurpose } from './purposes.js';
import type { ConsentEvent, ConsentState } from './types.js';

/** Options of {@link consentedAt}. */
export interface ConsentQueryOptions {
  /** Provider, required for `treatment-sharing` and not allowed otherwise. */
  provider?: string;
  /** For `study:<id>` purposes: a `research-general` grant admits when there is no study-specific event (rule 3). Default `false`. */
  acceptsBroadConsent?: boolean;
}

/** Validates the provider against the purpose; returns the provider to match (null for non-treatment purposes). */
export function providerFor(purpose: string, provider: string | undefined | null): string | null {
  const parsed = parsePurpose(purpose);
  if (parsed.kind === 'treatment-sharing') {
    if (provider === undefined || provider === null || provider.trim() === '') {
      throw new UsageError(`purpose '${TREATMENT_SHARING}' needs a provider (the named provider the data are shared with)`);
    }
    return provider;
  }
  if (provider !== undefined && provider !== null) throw new UsageError(`a provider is only allowed with purpose '${TREATMENT_SHARING}', not '${purpose}'`);
  return null;
}

/** True when a is ordered after b (rule 2). */
function later(a: ConsentEvent, b: ConsentEvent): boolean {
  const ta = a.effectiveAt.getTime();
  const tb = b.effectiveAt.getTime();
  return ta !== tb ? ta > tb : a.seq > b.seq;
}

/**
 * The deciding event of one consent at a time: the latest event of the
 * purpose (and provider) with effectiveAt <= at, or null.
 */
export function decidingEvent(history: readonly ConsentEvent[], purpose: string, provider: string | null, at: Date): ConsentEvent | null {
  const t = at.getTime();
  let best: ConsentEvent | null = null;
  for (const e of history) {
    if (e.purpose !== purpose || e.provider !== provider || e.effectiveAt.getTime() > t) continue;
    if (best === null || later(e, best)) best = e;
  }
  return best;
}

/**
 * Whether a patient's consent for a purpose is in force at a time: the plain
 * reference definition of the module rules (see the module documentation).
 *
 * @param history the patient's consent events (any order; events of other patients must not be included)
 * @param purpose `treatment-sharing`, `research-general` or `study:<id>`
 * @param at the time asked about
 * @param options `provider` (treatment-sharing), `acceptsBroadConsent` (default false)
 * @throws UsageError for an unknown purpose or a missing/extra provider.
 * @example consentedAt([{ seq: 1, purpose: 'research-general', action: 'grant', effectiveAt: new Date('2024-01-01'), ... }], 'research-general', new Date('2025-01-01')) // => true
 */
export function consentedAt(history: readonly ConsentEvent[], purpose: string, at: Date, options: ConsentQueryOptions = {}): boolean {
  const parsed = parsePurpose(purpose);
  const provider = providerFor(purpose, options.provider);
  const own = decidingEvent(history, purpose, provider, at);
  if (own !== null) return own.action === 'grant';
  if (parsed.kind === 'study' && options.acceptsBroadConsent === true) {
    const broad = decidingEvent(history, RESEARCH_GENERAL, null, at);
    return broad !== null && broad.action === 'grant';
  }
  return false;
}

/**
 * The state of every consent (purpose, provider) a history mentions, at a time.
 * Consents whose first event lies after `at` are left out.
 *
 * @param knownAt only events recorded at or before this time count (answers "what did the registry say then"). Default: all events.
 * @example consentStatesAt(history, new Date('2024-06-01'))
 */
export function consentStatesAt(history: readonly ConsentEvent[], at: Date, knownAt?: Date): ConsentState[] {
  const events = knownAt ? history.filter((e) => e.recordedAt.getTime() <= knownAt.getTime()) : history;
  const keys = new Map<string, { purpose: string; provider: string | null }>();
  for (const e of events) keys.set(JSON.stringify([e.purpose, e.provider]), { purpose: e.purpose, provider: e.provider });
  const out: ConsentState[] = [];
  for (const { purpose, provider } of keys.values()) {
    const event = decidingEvent(events, purpose, provider, at);
    if (event) out.push({ purpose, provider, granted: event.action === 'grant', event });
  }
  return out.sort((a, b) => (a.purpose < b.purpose ? -1 : a.purpose > b.purpose ? 1 : (a.provider ?? '') < (b.provider ?? '') ? -1 : (a.provider ?? '') > (b.provider ?? '') ? 1 : 0));
}
