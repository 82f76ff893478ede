/** A tiny hand-built cohort whose analysis tables can be worked out by hand. */
import type { CanonicalRecords } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';

export const MINI: { [K in keyof CanonicalRecords]: CanonicalRecords[K][] } = {
  patients: [
    // A: recurrence at day 100, death later; last contact day 400
    { pseudonym: 'P-A', birth_year: 1960, birth_month: 6, sex: 'female', diagnosis: 'breast_cancer', diagnosis_icd10: 'C50.4', site: 'UK-Nord', index_date: '2020-01-01', last_contact: '2021-02-04' },
    // B: no event, censored at the latest record (a visit on 2020-12-31 after last_contact)
    { pseudonym: 'P-B', birth_year: 1970, birth_month: null, sex: 'female', diagnosis: 'breast_cancer', diagnosis_icd10: 'C50.9', site: 'UK-Sued', index_date: '2020-03-01', last_contact: '2020-09-01' },
    // C: death first (competing), no recurrence
    { pseudonym: 'P-C', birth_year: 1950, birth_month: 1, sex: 'female', diagnosis: 'breast_cancer', diagnosis_icd10: 'C50.1', site: 'UK-Nord', index_date: '2020-01-01', last_contact: '2020-06-01' },
    // D: MS patient with two therapies
    { pseudonym: 'P-D', birth_year: 1990, birth_month: 12, sex: 'male', diagnosis: 'multiple_sclerosis', diagnosis_icd10: 'G35', site: 'UK-Nord', index_date: '2019-01-01', last_contact: '2019-12-31' },
  ],
  events: [
    { pseudonym: 'P-A', date: '2020-04-10', type: 'local_recurrence', code_system: 'ICD-10-GM', code: 'C50.4' },
    { pseudonym: 'P-A', date: '2020-11-26', type: 'distant_metastasis', code_system: 'ICD-10-GM', code: 'C79.5', detail: 'OSS' },
    { pseudonym: 'P-C', date: '2020-03-01', type: 'death' },
    { pseudonym: 'P-D', date: '2019-07-01', type: 'relapse' },
    { pseudonym: 'P-D', date: '2019-03-01', type: 'mri', code: 'T2_NEW', value: 2 },
  ],
  observations: [
    { pseudonym: 'P-A', date: '2019-12-20', code: 'ER', value: 80, unit: '%' },
    { pseudonym: 'P-A', date: '2019-06-01', code: 'ER', value: 10, unit: '%' },
    { pseudonym: 'P-A', date: '2020-01-05', code: 'KI67', value: 25, unit: '%' },
    { pseudonym: 'P-B', date: '2020-02-01', code: 'ER', value: 0, unit: '%' },
    { pseudonym: 'P-B', date: '2020-06-01', code: 'KI67', value: 40, unit: '%' },
    { pseudonym: 'P-D', date: '2019-01-01', code: 'EDSS', value: 2 },
    { pseudonym: 'P-D', date: '2019-10-01', code: 'EDSS', value: 3.5 },
  ],
  treatments: [
    { pseudonym: 'P-A', start: '2020-01-15', stop: '2020-01-15', substance: 'surgery', class: 'surgery', intent: 'curative', line: 1 },
    { pseudonym: 'P-A', start: '2020-02-01', stop: null, substance: 'tamoxifen', atc: 'L02BA01', class: 'endocrine', intent: 'adjuvant', line: 1 },
    { pseudonym: 'P-D', start: '2019-02-01', stop: '2019-05-31', substance: 'interferon beta-1a', atc: 'L03AB07', class: 'dmt_moderate', intent: 'disease_modifying', line: 1, stop_reason: 'efficacy' },
    { pseudonym: 'P-D', start: '2019-08-01', stop: null, substance: 'ocrelizumab', atc: 'L04AG08', class: 'dmt_high', intent: 'disease_modifying', line: 2 },
  ],
  visits: [
    { pseudonym: 'P-B', date: '2020-12-31', type: 'followup', provider: 'UK-Sued' },
    { pseudonym: 'P-A', date: '2020-07-01', type: 'followup' },
  ],
};

/** An in-memory store holding {@link MINI}. */
export async function miniStore(): Promise<CohortStore> {
  const store = await CohortStore.open(':memory:');
  for (const t of ['patients', 'events', 'observations', 'treatments', 'visits'] as const) {
    await store.importRecords(t, MINI[t] as never[]);
  }
  return store;
}
