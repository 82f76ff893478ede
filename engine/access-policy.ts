/**
 * The type of a session's admission rule, apart from the access gate
 * (engine/access.ts) so that the policies (engine/consent/policy.ts) and the
 * gate that runs them do not import each other.
 */
import type { CohortStore } from './store.js';

/**
 * Decides which patients a session may see. `scopeSql` returns a SQL query,
 * run against the raw store, that yields one column `pseudonym` of admitted
 * patients, or `null` to admit every patient.
 */
export interface AccessPolicy {
  /** Short name for logs and the data-use ledger. */
  readonly name: string;
  /** Resolves the admitted set at session start (revocations apply to sessions started later). */
  scopeSql(store: CohortStore): Promise<string | null>;
}
