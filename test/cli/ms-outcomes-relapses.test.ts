/**
 * `midia ms outcomes` on a hand-built cohort in which every patient's onset
 * relapse falls on the index date (detail `onset`, as the synthetic cohort
 * and registries record it): the onset relapse is not a follow-up relapse, so
 * it counts neither in the ARR nor against NEDA-3; --include-onset-relapse
 * counts it. Expected values written out by hand (docs/ms-outcomes.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantConsent } from '../../engine/consent/registry.js';
import { CohortStore } from '../../engine/store.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

function cli(...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv);
}

// pseudonyms of an accepted form (the synthetic cohort's P-[0-9a-f]{10})
const P = 'P-00000000a1';
const Q = 'P-00000000a2';
const R = 'P-00000000a3';
const patient = (pseudonym: string, index: string, last: string) => ({ pseudonym, birth_year: 1985, sex: 'female', diagnosis: 'multiple_sclerosis', index_date: index, last_contact: last });
const edss = (pseudonym: string, date: string, value: number) => ({ pseudonym, date, code: 'EDSS', value });
const relapse = (pseudonym: string, date: string, detail: string | null = null) => ({ pseudonym, date, type: 'relapse', code: null, value: null, detail });
const cleanMri = (pseudonym: string, date: string) => [
  { pseudonym, date, type: 'mri', code: 'T2_NEW', value: 0 },
  { pseudonym, date, type: 'mri', code: 'GD_ENHANCING', value: 0 },
];

// Follow-up (index date to last contact): P 731 days, Q 365 days, R 1096 days.
// P: onset relapse 2020-01-01 only, a clean MRI, stable EDSS        -> 0 relapses, NEDA-3 holds
// Q: onset relapse 2019-01-01, a relapse 2019-06-01, clean MRI      -> 1 relapse, NEDA lost 2019-06-01
// R: onset relapse 2016-01-01, relapses 2017-03-01 and 2019-01-01 (last contact: counts), clean MRI -> 2
const P_DAYS = 731;
const Q_DAYS = 365;
const R_DAYS = 1096;

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-ms-relapses-'));
  db = join(dir, 'ms.duckdb');
  const store = await CohortStore.open(db);
  try {
    await store.importRecords('patients', [patient(P, '2020-01-01', '2022-01-01'), patient(Q, '2019-01-01', '2020-01-01'), patient(R, '2016-01-01', '2019-01-01')] as never[]);
    await store.importRecords('observations', [
      edss(P, '2020-01-01', 2), edss(P, '2020-07-01', 2), edss(P, '2021-07-01', 2),
      edss(Q, '2019-01-01', 1), edss(Q, '2019-09-01', 1),
      edss(R, '2016-01-01', 3), edss(R, '2017-06-01', 3), edss(R, '2018-06-01', 3),
    ] as never[]);
    await store.importRecords('events', [
      relapse(P, '2020-01-01', 'onset'),
      relapse(Q, '2019-01-01', 'onset'), relapse(Q, '2019-06-01'),
      relapse(R, '2016-01-01', 'onset'), relapse(R, '2017-03-01'), relapse(R, '2019-01-01'),
      ...cleanMri(P, '2021-01-01'), ...cleanMri(Q, '2019-09-01'), ...cleanMri(R, '2017-01-01'),
    ] as never[]);
    for (const p of [P, Q, R]) await grantConsent(store, { pseudonym: p, purpose: 'research-general', effectiveAt: new Date('2000-01-01T00:00:00Z') });
  } finally {
    store.close();
  }
  const reg = await cli('study', 'register', '--db', db, '--id', 'REL', '--title', 'Relapses', '--question', 'Follow-up relapses?', '--responsible', 'Dr. R', '--purpose', 'research-general', '--approval', 'EK-9', '--min-cell-count', '1', '--allow-individual-times', '--access', 'row-level'); // per-patient outcome rows (docs/access-levels.md)
  expect(reg.code, reg.err).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Out = {
  summary: { patients: number | null; neda: { yes: number | null; no: number | null; unknown: number | null }; crudeArr: { rate: number; lower: number; upper: number; relapses: number; years: number } | null };
  patients: { id: string; relapses: number; years: number; arr: number; neda: boolean | null; nedaLossDate?: string | null }[];
  options: { includeIndexRelapses: boolean };
};
async function outcomes(...flags: string[]): Promise<Out> {
  const r = await cli('ms', 'outcomes', '--db', db, '--study', 'REL', ...flags, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Out;
}

describe('midia ms outcomes: the onset relapse on the index date is not a follow-up relapse', () => {
  it('ARR and NEDA-3 per patient count relapses after the index date only', async () => {
    const j = await outcomes();
    expect(j.options.includeIndexRelapses).toBe(false);
    const by = new Map(j.patients.map((p) => [p.id, p]));
    expect([P, Q, R].map((id) => by.get(id)!.relapses)).toEqual([0, 1, 2]);
    expect(by.get(P)!.arr).toBe(0);
    expect(by.get(Q)!.arr).toBeCloseTo(1 / (Q_DAYS / 365.25), 12);
    expect(by.get(R)!.arr).toBeCloseTo(2 / (R_DAYS / 365.25), 12);
    expect([P, Q, R].map((id) => [by.get(id)!.neda, by.get(id)!.nedaLossDate])).toEqual([
      [true, null],
      [false, '2019-06-01'],
      [false, '2017-03-01'],
    ]);
  });

  it('the crude ARR is 3 relapses / (731 + 365 + 1096) days with the exact Poisson interval', async () => {
    const { summary } = await outcomes();
    const years = (P_DAYS + Q_DAYS + R_DAYS) / 365.25;
    expect(summary.crudeArr?.relapses).toBe(3);
    expect(summary.crudeArr?.years).toBeCloseTo(years, 12);
    expect(summary.crudeArr?.rate).toBeCloseTo(3 / years, 12);
    // R 4.2.2: poisson.test(3, 2192 / 365.25)$conf.int
    expect(summary.crudeArr?.lower).toBeCloseTo(0.10308850040493543, 12);
    expect(summary.crudeArr?.upper).toBeCloseTo(1.46087887259278437, 12);
    expect(summary.neda).toEqual({ yes: 1, no: 2, unknown: 0 });
  });

  it('--include-onset-relapse counts it: every patient has one more relapse and loses NEDA-3 on the index date', async () => {
    const j = await outcomes('--include-onset-relapse');
    expect(j.options.includeIndexRelapses).toBe(true);
    const by = new Map(j.patients.map((p) => [p.id, p]));
    expect([P, Q, R].map((id) => by.get(id)!.relapses)).toEqual([1, 2, 3]);
    expect([P, Q, R].map((id) => by.get(id)!.nedaLossDate)).toEqual(['2020-01-01', '2019-01-01', '2016-01-01']);
    expect(j.summary.crudeArr?.relapses).toBe(6);
    expect(j.summary.neda).toEqual({ yes: 0, no: 3, unknown: 0 });
  });
});
