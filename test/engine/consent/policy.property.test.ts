/**
 * Property: for random grant/revoke histories, the set of patients an analysis
 * session admits under consentPolicy equals the set the plain reference
 * function consentedAt computes from the same history.
 *
 * One store serves every run; each run uses its own patients (prefix `r<run>-`),
 * so runs cannot see each other's consent events.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../engine/access.js';
import { consentPolicy, consentedAt } from '../../../engine/consent/policy.js';
import { allConsentEvents, appendConsentEvents, type NewConsentEvent } from '../../../engine/consent/registry.js';
import { CohortStore } from '../../../engine/store.js';

const PATIENTS = ['P0', 'P1', 'P2', 'P3'];
const PSEUDONYMS = [...PATIENTS, 'P9']; // P9 has consent events but no data in the store
const PURPOSES = ['research-general', 'study:A', 'study:B', 'treatment-sharing'] as const;
const PROVIDERS = ['X', 'Y'];
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

// few distinct times, so ties in effective time (decided by recording order) are common
const eventArb = fc.record({
  pseudonym: fc.constantFrom(...PSEUDONYMS),
  purpose: fc.constantFrom(...PURPOSES),
  provider: fc.constantFrom(...PROVIDERS),
  action: fc.constantFrom('grant' as const, 'revoke' as const),
  day: fc.integer({ min: 0, max: 3 }),
  ms: fc.constantFrom(0, 43_200_000),
});
const queryArb = fc.record({
  purpose: fc.constantFrom(...PURPOSES),
  provider: fc.constantFrom(...PROVIDERS),
  acceptsBroadConsent: fc.boolean(),
  day: fc.integer({ min: -1, max: 4 }),
  ms: fc.constantFrom(0, 1, 43_200_000, DAY - 1),
});

let store: CohortStore;
beforeAll(async () => {
  store = await CohortStore.open(':memory:');
});
afterAll(() => store.close());

describe('consentPolicy agrees with consentedAt (property)', () => {
  it('for random grant/revoke sequences, times, purposes and patients', async () => {
    let run = 0;
    let admittedTotal = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 40, size: 'max' }),
        fc.array(queryArb, { minLength: 1, maxLength: 2 }),
        async (events, queries) => {
          const prefix = `r${run++}-`;
          await store.importRecords(
            'patients',
            PATIENTS.map((p) => ({ pseudonym: prefix + p, birth_year: 1970, sex: 'female', diagnosis: 'multiple_sclerosis', index_date: '2020-01-01' })),
          );
          const batch: NewConsentEvent[] = events.map((e) => ({
            pseudonym: prefix + e.pseudonym,
            purpose: e.purpose,
            provider: e.purpose === 'treatment-sharing' ? e.provider : null,
            action: e.action,
            effectiveAt: new Date(T0 + e.day * DAY + e.ms),
            source: 'portal',
            reference: null,
            note: null,
          }));
          // record in two batches, so recording order and list order differ
          const half = Math.floor(batch.length / 2);
          await appendConsentEvents(store, batch.slice(half));
          await appendConsentEvents(store, batch.slice(0, half));
          const history = (await allConsentEvents(store)).filter((e) => e.pseudonym.startsWith(prefix));
          expect(history).toHaveLength(batch.length);
          for (const q of queries) {
            const at = new Date(T0 + q.day * DAY + q.ms);
            const refOptions = {
              ...(q.purpose === 'treatment-sharing' ? { provider: q.provider } : {}),
              ...(q.purpose.startsWith('study:') ? { acceptsBroadConsent: q.acceptsBroadConsent } : {}),
            };
            const expected = PATIENTS.map((p) => prefix + p).filter((p) => consentedAt(history.filter((e) => e.pseudonym === p), q.purpose, at, refOptions));
            admittedTotal += expected.length;
            const session = await openSession(store, { policy: consentPolicy(q.purpose, { at, ...refOptions }) });
            try {
              expect(session.pseudonyms.filter((p) => p.startsWith(prefix))).toEqual(expected);
              const rows = await session.queryRows('SELECT count(*) AS n FROM patients WHERE starts_with(pseudonym, $1)', [prefix]);
              expect(Number(rows[0]?.n)).toBe(expected.length);
            } finally {
              session.close();
            }
          }
        },
      ),
      { numRuns: 30, seed: 20250601 },
    );
    // the runs exercised admissions, not only empty sets
    expect(admittedTotal).toBeGreaterThan(20);
  }, 60_000);
});
