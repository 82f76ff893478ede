/**
 * A hand-built store for the pattern analyses (every date 2020 and later,
 * index date 2020-01-01 for everyone, so days are worked out by hand):
 * - M01-M06 (multiple sclerosis, sites S1 x5 / S2 x1): relapse day 10,
 *   interferon beta-1a day 20-100, ocrelizumab from day 130 (a switch 30 days
 *   after the stop), EDSS 2 -> 3 on day 200;
 * - M07-M10 (S2): relapse day 10, interferon from day 20, EDSS 3 -> 2.5 on day 200;
 * - M11 (S3): as M01 but consent revoked (never read);
 * - M12 (S3): MRI on day 50 with T2_NEW 0, GD 2 (activity) and T2_TOTAL 5;
 * - M13-M17 (S3): a follow-up visit on day 5 only;
 * - B1 (breast cancer): ER positive day 0, negative day 300;
 * - P1 (prostate cancer): PSA 1.0 day 0, 1.2 day 100 (+20 %), 2.0 day 200 (+67 %).
 * Studies: AGG (aggregate, minimum cell count 5), BIG (1000), ROW (row-level).
 */
import type { CanonicalRecords } from '../../../engine/schema.js';
import { CANONICAL_TABLES } from '../../../engine/schema.js';
import { grantConsent, revokeConsent } from '../../../engine/consent/registry.js';
import { CohortStore } from '../../../engine/store.js';
import { registerStudy } from '../../../engine/study/study-registry.js';
import { isoFromDays, daysFromIso } from '../../../util/dates.js';

const BASE = daysFromIso('2020-01-01');
const d = (day: number): string => isoFromDays(BASE + day);
const ms = (n: number) => `M${String(n).padStart(2, '0')}`;
type Records = { [K in keyof CanonicalRecords]: CanonicalRecords[K][] };

/** The records of the store. */
export function patternRecords(): Records {
  const r: Records = { patients: [], events: [], observations: [], treatments: [], visits: [], reports: [] } as unknown as Records;
  const patient = (pseudonym: string, diagnosis: 'multiple_sclerosis' | 'breast_cancer' | 'prostate_cancer', site: string) =>
    r.patients.push({ pseudonym, birth_year: 1980, sex: diagnosis === 'prostate_cancer' ? 'male' : 'female', diagnosis, site, index_date: d(0) } as CanonicalRecords['patients']);
  for (const n of [1, 2, 3, 4, 5, 6, 11]) {
    const p = ms(n);
    patient(p, 'multiple_sclerosis', n <= 5 ? 'S1' : n === 6 ? 'S2' : 'S3');
    r.events.push({ pseudonym: p, date: d(10), type: 'relapse' } as CanonicalRecords['events']);
    r.treatments.push({ pseudonym: p, start: d(20), stop: d(100), substance: 'Interferon beta-1a', class: 'dmt_moderate', intent: 'disease_modifying' } as CanonicalRecords['treatments']);
    r.treatments.push({ pseudonym: p, start: d(130), stop: null, substance: 'ocrelizumab', class: 'dmt_high', intent: 'disease_modifying' } as CanonicalRecords['treatments']);
    r.observations.push({ pseudonym: p, date: d(0), code: 'EDSS', value: 2 } as CanonicalRecords['observations'], { pseudonym: p, date: d(200), code: 'EDSS', value: 3 } as CanonicalRecords['observations']);
  }
  for (const n of [7, 8, 9, 10]) {
    const p = ms(n);
    patient(p, 'multiple_sclerosis', 'S2');
    r.events.push({ pseudonym: p, date: d(10), type: 'relapse' } as CanonicalRecords['events']);
    r.treatments.push({ pseudonym: p, start: d(20), stop: null, substance: 'Interferon beta-1a', class: 'dmt_moderate', intent: 'disease_modifying' } as CanonicalRecords['treatments']);
    r.observations.push({ pseudonym: p, date: d(0), code: 'EDSS', value: 3 } as CanonicalRecords['observations'], { pseudonym: p, date: d(200), code: 'EDSS', value: 2.5 } as CanonicalRecords['observations']);
  }
  patient('M12', 'multiple_sclerosis', 'S3');
  for (const [code, value] of [['T2_NEW', 0], ['GD', 2], ['T2_TOTAL', 5]] as const) r.events.push({ pseudonym: 'M12', date: d(50), type: 'mri', code, value } as CanonicalRecords['events']);
  for (const n of [13, 14, 15, 16, 17]) {
    patient(ms(n), 'multiple_sclerosis', 'S3');
    r.visits.push({ pseudonym: ms(n), date: d(5), type: 'followup' } as CanonicalRecords['visits']);
  }
  patient('B1', 'breast_cancer', 'S1');
  r.observations.push({ pseudonym: 'B1', date: d(0), code: 'ER', value_text: 'positive' } as CanonicalRecords['observations'], { pseudonym: 'B1', date: d(300), code: 'ER', value_text: 'Negative' } as CanonicalRecords['observations']);
  patient('P1', 'prostate_cancer', 'S1');
  for (const [day, value] of [[0, 1], [100, 1.2], [200, 2]] as const) r.observations.push({ pseudonym: 'P1', date: d(day), code: 'PSA', value, unit: 'ng/mL' } as CanonicalRecords['observations']);
  return r;
}

/** The store with consents (M11 revoked) and three studies. */
export async function patternStore(): Promise<CohortStore> {
  const r = patternRecords();
  const store = await CohortStore.open(':memory:');
  for (const t of CANONICAL_TABLES) if ((r as Record<string, unknown[]>)[t]?.length) await store.importRecords(t, (r as Record<string, unknown[]>)[t] as never[]);
  for (const p of r.patients) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'research-general', effectiveAt: new Date('2000-01-01T00:00:00Z') });
  await revokeConsent(store, { pseudonym: 'M11', purpose: 'research-general', effectiveAt: new Date('2021-01-01T00:00:00Z') });
  const base = { title: 'Patterns', question: 'Which courses precede worsening?', responsible: 'Dr. P', purpose: 'research-general', approval: 'EK-P' };
  await registerStudy(store, { ...base, id: 'AGG' });
  await registerStudy(store, { ...base, id: 'BIG', minCellCount: 1000 });
  await registerStudy(store, { ...base, id: 'ROW', access: 'row-level' });
  return store;
}
