/**
 * The study store of the survival analyses' tests: the seeded synthetic breast
 * cancer cohort (120 patients, every one consenting to general research) in an
 * in-memory store, three patients without a tumour grade (the missing-data
 * attack: read the 3), and four registered studies:
 * - AGG: aggregate access, minimum cell count 5 (the default);
 * - SHOW: aggregate, minimum cell count 3 (the dropped 3 is shown);
 * - BIG: aggregate, minimum cell count 1000 (everything is a small cell);
 * - ROW: row-level access, minimum cell count 5.
 * The oracle reads the same analysis table outside any study.
 */
import { generateCohort } from '../../../datasets/index.js';
import { openStudySource, type DataSelection, type StudySource } from '../../../analyses/core/index.js';
import { allPatients, openSession } from '../../../engine/access.js';
import { patientTable, type PatientTableSpec } from '../../../engine/analysis-table.js';
import { grantConsent } from '../../../engine/consent/registry.js';
import { readLedger, type LedgerEntry } from '../../../engine/ledger/ledger.js';
import { CANONICAL_TABLES } from '../../../engine/schema.js';
import { CohortStore } from '../../../engine/store.js';
import { registerStudy } from '../../../engine/study/study-registry.js';
import type { ColumnTable } from '../../../models/design/types.js';

/** Patients without a grade. */
export const LACKING = 3;

/** Breast cancer patients, distant metastasis or death, grade at baseline, months. */
export const BC_SPEC: PatientTableSpec = { diagnosis: 'breast_cancer', endpoint: { events: ['distant_metastasis', 'death'] }, covariates: [{ code: 'GRADE' }], timeUnit: 'months' };
/** The same with death as the competing event (status 1 metastasis, 2 death). */
export const BC_COMPETING_SPEC: PatientTableSpec = { diagnosis: 'breast_cancer', endpoint: { events: ['distant_metastasis'], competing: ['death'] }, covariates: [{ code: 'GRADE' }], timeUnit: 'months' };
export const BC: DataSelection = { analysisTable: BC_SPEC };
export const BC_COMPETING: DataSelection = { analysisTable: BC_COMPETING_SPEC };

/** The store and its patients. */
export interface SurvivalStudyStore {
  store: CohortStore;
  pseudonyms: string[];
}

/** Builds the store (a few seconds). */
export async function survivalStudyStore(): Promise<SurvivalStudyStore> {
  const cohort = generateCohort({ seed: 5, breast: 120, prostate: 0, ms: 0 });
  const lacking = new Set(cohort.patients.slice(0, LACKING).map((p) => p.pseudonym));
  const observations = cohort.observations.filter((o) => !(o.code === 'GRADE' && lacking.has(o.pseudonym)));
  const store = await CohortStore.open(':memory:');
  for (const t of CANONICAL_TABLES) await store.importRecords(t, (t === 'observations' ? observations : cohort[t]) as never[]);
  for (const p of cohort.patients) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'research-general', effectiveAt: new Date('2000-01-01T00:00:00Z') });
  const base = { title: 'Survival analyses', question: 'Does grade predict distant relapse?', responsible: 'Dr. T', purpose: 'research-general', approval: 'EK-T' };
  await registerStudy(store, { ...base, id: 'AGG' });
  await registerStudy(store, { ...base, id: 'SHOW', minCellCount: 3 });
  await registerStudy(store, { ...base, id: 'BIG', minCellCount: 1000 });
  await registerStudy(store, { ...base, id: 'ROW', access: 'row-level' });
  return { store, pseudonyms: cohort.patients.map((p) => p.pseudonym).sort() };
}

/**
 * Runs `fn` with a study source on the store and closes its session after.
 * @example const r = await withStudy(store, 'AGG', (s) => cox(s, { formula, data: BC }))
 */
export async function withStudy<T>(store: CohortStore, study: string, fn: (source: StudySource) => Promise<T>): Promise<T> {
  const source = await openStudySource(store, study);
  try {
    return await fn(source);
  } finally {
    source.session.close();
  }
}

/** The analysis table read outside any study (the oracle of the study results). */
export async function oracleTable(store: CohortStore, spec: PatientTableSpec = BC_SPEC): Promise<ColumnTable> {
  const session = await openSession(store, { policy: allPatients, unrestrictedReason: 'test oracle' });
  try {
    return await patientTable(session, spec);
  } finally {
    session.close();
  }
}

/** The ledger's entries. */
export function ledger(store: CohortStore): Promise<LedgerEntry[]> {
  return readLedger(store);
}
