/**
 * The demo's MS annualized relapse rate against R (test/golden/demo-ms-arr.R,
 * which reads the CSV files `midia generate --out DIR` writes for the same
 * seeded cohort): the onset relapse on the index date is not a follow-up
 * relapse, so the demo reports 785 / 3562.6 person-years = 0.220, not the
 * 1285 / 3562.6 = 0.361 it reported while counting it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPatients, openSession, type AnalysisSession } from '../../engine/access.js';
import { CANONICAL_TABLES } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';
import { generateCohort } from '../../datasets/index.js';
import { msRelapseSummary } from '../../cli/commands/demo.js';
import { crudeAnnualizedRelapseRate, relapsesInWindows } from '../../models/ms/relapse-rate.js';

interface Golden {
  patients: number;
  relapsesRecorded: number;
  relapsesOnIndexDate: number;
  onsetDetailOnIndexDate: number;
  followUpRelapses: number;
  personYears: number;
  arr: number;
  lower: number;
  upper: number;
  arrCountingIndexRelapses: number;
  bands: { label: string; patients: number; relapses: number; personYears: number }[];
}
const golden = JSON.parse(readFileSync('test/golden/demo-ms-arr.json', 'utf8')) as Golden;
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

let store: CohortStore;
let session: AnalysisSession;
beforeAll(async () => {
  // the demo's cohort: generateCohort() with the default seed, as `midia demo` and `midia generate` use it
  const cohort = generateCohort();
  store = await CohortStore.open(':memory:');
  for (const t of CANONICAL_TABLES) await store.importRecords(t, cohort[t] as never[], { source: 'synthetic' });
  session = await openSession(store, { policy: allPatients, unrestrictedReason: 'synthetic demo cohort (test)' });
}, 120_000);
afterAll(async () => {
  session?.close();
  await store?.close();
});

describe('demo: MS annualized relapse rate (R: test/golden/demo-ms-arr.R)', () => {
  it('counts relapses after the index date only: 785 / 3562.6 person-years = 0.220, as R', async () => {
    const s = await msRelapseSummary(session);
    expect(golden).toMatchObject({ patients: 500, followUpRelapses: 785, relapsesOnIndexDate: 500, onsetDetailOnIndexDate: 500 });
    expect(s.arr.units).toBe(golden.patients);
    expect(s.arr.events).toBe(golden.followUpRelapses);
    expect(rel(s.arr.years, golden.personYears)).toBeLessThan(1e-9);
    expect(rel(s.arr.rate, golden.arr)).toBeLessThan(1e-9);
    expect(s.arr.rate.toFixed(3)).toBe('0.220');
    // R: poisson.test(785, 3562.609)$conf.int
    expect(rel(s.arr.lower, golden.lower)).toBeLessThan(1e-9);
    expect(rel(s.arr.upper, golden.upper)).toBeLessThan(1e-9);
  });

  it('the report table: patients, relapses and person-years by number of follow-up relapses, as R', async () => {
    const s = await msRelapseSummary(session);
    expect(s.rows.map((r) => r['relapses during follow-up'])).toEqual([...golden.bands.map((b) => b.label), 'all']);
    golden.bands.forEach((b, i) => {
      const row = s.rows[i]!;
      expect([row.patients, row.relapses]).toEqual([b.patients, b.relapses]);
      expect(row['person-years']).toBe(Math.round(b.personYears * 10) / 10);
    });
    expect(s.rows.at(-1)).toEqual({ 'relapses during follow-up': 'all', patients: 500, relapses: 785, 'person-years': 3562.6 });
  });

  it('with the onset relapse included (includeIndexRelapses) the old 0.361 comes back, as R', async () => {
    const windows = (await session.queryRows(`SELECT pseudonym, CAST(index_date AS VARCHAR) AS s, CAST(last_contact AS VARCHAR) AS e FROM patients WHERE diagnosis = 'multiple_sclerosis'`)).map((p) => ({ id: String(p.pseudonym), start: String(p.s), end: String(p.e) }));
    const relapses = (await session.queryRows(`SELECT pseudonym, CAST(date AS VARCHAR) AS date FROM events WHERE type = 'relapse'`)).map((r) => ({ id: String(r.pseudonym), date: String(r.date) }));
    const withOnset = crudeAnnualizedRelapseRate(relapsesInWindows(windows, relapses, { includeIndexRelapses: true }));
    expect(withOnset.events).toBe(golden.followUpRelapses + golden.relapsesOnIndexDate);
    expect(rel(withOnset.rate, golden.arrCountingIndexRelapses)).toBeLessThan(1e-9);
    expect(withOnset.rate.toFixed(3)).toBe('0.361');
  });
});
