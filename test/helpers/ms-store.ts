/**
 * A cohort database holding a synthetic MS registry with research consent for
 * every patient (from 2000-01-01) except one who revoked it (2020-01-01): the
 * set-up of the `midia ms` command tests.
 */
import type { MsRegistryRecords } from '../../datasets/ms-registry/index.js';
import { grantConsent, revokeConsent } from '../../engine/consent/registry.js';
import { CANONICAL_TABLES } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';

/**
 * Imports the registry's records into a new store at `db`, grants
 * 'research-general' consent to every patient and revokes it for `revoked`.
 * @example await writeConsentedMsStore(join(dir, 'ms.duckdb'), registry.records, registry.records.patients[0]!.pseudonym);
 */
export async function writeConsentedMsStore(db: string, records: MsRegistryRecords, revoked: string): Promise<void> {
  const store = await CohortStore.open(db);
  try {
    for (const t of CANONICAL_TABLES) await store.importRecords(t, records[t] as never[]);
    for (const p of records.patients) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'research-general', effectiveAt: new Date('2000-01-01T00:00:00Z') });
    await revokeConsent(store, { pseudonym: revoked, purpose: 'research-general', effectiveAt: new Date('2020-01-01T00:00:00Z') });
  } finally {
    store.close();
  }
}
