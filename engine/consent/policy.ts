/**
 * The consent-based access policy: admits to an analysis session exactly the
 * patients whose consent for the declared purpose is in force when the
 * session starts (rules in state.ts; {@link consentedAt} is the reference the
 * SQL here is tested against).
 */
import type { AccessPolicy } from '../access-policy.js';
import { literal } from '../sql.js';
import { RESEARCH_GENERAL, parsePurpose } from './purposes.js';
import { CONSENT_EVENTS_TABLE } from './registry.js';
import { timestampLiteral } from './sql-time.js';
import { providerFor } from './state.js';

export { consentedAt } from './state.js';

/** Options of {@link consentPolicy}. */
export interface ConsentPolicyOptions {
  /**
   * Time at which consent must be in force. Default: the moment the session
   * resolves its scope (session start), so a revocation applies to every
   * session started after it takes effect and to none started before.
   */
  at?: Date;
  /** Provider (required for `treatment-sharing`, not allowed otherwise). */
  provider?: string;
  /**
   * For `study:<id>`: whether the study may rely on the MII Broad Consent
   * (`research-general`) when the patient made no study-specific decision.
   * Default `false` (only explicit study consent admits). Set from the study registry.
   */
  acceptsBroadConsent?: boolean;
}

/** SQL: pseudonyms whose latest event (by effective_at, seq) at or before `at` for one consent is a grant, plus the consent key. */
function latestSql(purposes: readonly string[], provider: string | null, at: string): string {
  const providerCond = provider === null ? 'provider IS NULL' : `provider = ${literal(provider)}`;
  return `SELECT pseudonym, purpose, action FROM (
  SELECT pseudonym, purpose, action, row_number() OVER (PARTITION BY pseudonym, purpose ORDER BY effective_at DESC, seq DESC) AS rn
  FROM ${CONSENT_EVENTS_TABLE}
  WHERE purpose IN (${purposes.map(literal).join(', ')}) AND ${providerCond} AND effective_at <= ${at}
) WHERE rn = 1`;
}

/**
 * An access policy admitting the patients whose consent for `purpose` is in
 * force at the session start (or at `options.at`).
 *
 * @param purpose `treatment-sharing` (with `provider`), `research-general` or `study:<id>`
 * @param options `at` (default: session start), `provider`, `acceptsBroadConsent` (default false)
 * @throws UsageError for an unknown purpose or a missing/extra provider (when the policy is created).
 * @example const session = await openSession(store, { study: 'S1', purpose: 'study:S1', policy: consentPolicy('study:S1', { acceptsBroadConsent: true }) })
 */
export function consentPolicy(purpose: string, options: ConsentPolicyOptions = {}): AccessPolicy {
  const parsed = parsePurpose(purpose);
  const provider = providerFor(purpose, options.provider);
  const broad = parsed.kind === 'study' && options.acceptsBroadConsent === true;
  const fixedAt = options.at;
  if (fixedAt) timestampLiteral(fixedAt, 'consent time');
  const name = `consent:${purpose}${provider !== null ? `@${provider}` : ''}${broad ? '+broad' : ''}${fixedAt ? ` at ${fixedAt.toISOString()}` : ''}`;
  return {
    name,
    async scopeSql() {
      const at = timestampLiteral(fixedAt ?? new Date(), 'consent time');
      if (!broad) {
        return `SELECT pseudonym FROM (${latestSql([purpose], provider, at)}) WHERE action = 'grant'`;
      }
      return `WITH latest AS (${latestSql([purpose, RESEARCH_GENERAL], null, at)})
SELECT pseudonym FROM latest WHERE purpose = ${literal(purpose)} AND action = 'grant'
UNION
SELECT g.pseudonym FROM latest g WHERE g.purpose = ${literal(RESEARCH_GENERAL)} AND g.action = 'grant'
  AND NOT EXISTS (SELECT 1 FROM latest s WHERE s.purpose = ${literal(purpose)} AND s.pseudonym = g.pseudonym)`;
    },
  };
}
