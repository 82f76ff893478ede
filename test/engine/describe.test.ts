import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPatients, openSession } from '../../engine/access.js';
import { describeCohort, type CohortDescription } from '../../engine/describe.js';
import { CohortStore } from '../../engine/store.js';
import { generateCohort } from '../../datasets/synthetic/generate-cohort.js';

// The default synthetic cohort: 600 breast + 400 prostate + 500 MS patients, each with its own pseudonym.
const cohort = generateCohort({ seed: 1 });
let store: CohortStore;
let d: CohortDescription;

beforeAll(async () => {
  store = await CohortStore.open(':memory:');
  for (const t of ['patients', 'events', 'observations', 'treatments', 'visits'] as const) await store.importRecords(t, cohort[t] as never[]);
  const session = await openSession(store, { policy: allPatients, unrestrictedReason: 'synthetic data' });
  try {
    d = await describeCohort(session);
  } finally {
    session.close();
  }
}, 60_000);
afterAll(() => store.close());

const variable = (table: string, column: string) => {
  const v = d.variables.find((x) => x.table === table && x.column === column);
  if (!v) throw new Error(`no variable ${table}.${column}`);
  return v;
};

describe('describeCohort: distinct counts are exact', () => {
  it('1,500 patients have 1,500 pseudonyms and 3 diagnoses', () => {
    expect(cohort.patients.length).toBe(1500);
    expect(d.tables.find((t) => t.name === 'patients')?.rows).toBe(1500);
    expect(variable('patients', 'pseudonym').distinct).toBe(1500);
    expect(variable('patients', 'diagnosis').distinct).toBe(3);
    expect(d.diagnoses.map((x) => x.diagnosis)).toEqual(['breast_cancer', 'multiple_sclerosis', 'prostate_cancer']);
  });

  it('every column count equals a count computed from the records themselves', () => {
    for (const table of ['patients', 'events', 'observations', 'treatments', 'visits'] as const) {
      const rows = cohort[table] as unknown as Record<string, unknown>[];
      for (const v of d.variables.filter((x) => x.table === table)) {
        const present = rows.map((r) => r[v.column]).filter((x) => x !== null && x !== undefined);
        expect({ table, column: v.column, distinct: v.distinct, missing: v.missing }).toEqual({
          table,
          column: v.column,
          distinct: new Set(present.map((x) => String(x))).size,
          missing: rows.length - present.length,
        });
      }
    }
  });
});
