/** The stored form of patient-reported outcomes: recording, replacement, reading through the gate, scores as observations. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allPatients, openSession } from '../../engine/access.js';
import { patientTable } from '../../engine/analysis-table.js';
import { grantConsent } from '../../engine/consent/registry.js';
import { UnknownPseudonymError } from '../../engine/consent/errors.js';
import { importReports, recordReport, sessionReports } from '../../engine/reports/index.js';
import { checkAggregateQuery } from '../../engine/disclosure/aggregate-query.js';
import { generateCohort } from '../../datasets/synthetic/generate-cohort.js';
import { generateCohortReports } from '../../datasets/synthetic/reports.js';
import { CANONICAL_TABLES } from '../../engine/schema.js';
import { REPORTS_SCHEMA, SCHEMA_VERSION } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';
import { MIGRATIONS } from '../../engine/store-migrations.js';
import { rawConnection } from '../../engine/store-internal.js';
import { registerStudy } from '../../engine/study/study-registry.js';
import { ReportValidationError } from '../../models/pro/report-error.js';
import { AccessDeniedError } from '../../util/errors.js';
import { miniStore } from '../helpers/mini-cohort.js';

const EQ = { instrument: 'EQ-5D-5L', date: '2020-01-10', answers: { MO: 1, SC: 1, UA: 2, PD: 3, AD: 1, VAS: 70 } };
const TODAY = '2026-05-02';

async function storedRows(store: CohortStore): Promise<unknown[][]> {
  return (await rawConnection(store).runAndReadAll(`SELECT pseudonym, strftime(date, '%Y-%m-%d'), instrument, answers, scores, provenance, source FROM ${REPORTS_SCHEMA}.reports ORDER BY ALL`)).getRowsJS();
}

async function session(store: CohortStore) {
  return openSession(store, { policy: allPatients, unrestrictedReason: 'test data' });
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('recordReport', () => {
  it('stores the raw answers and the scores with provenance patient, and answers {instrument, date, scores}', async () => {
    const store = await miniStore();
    const r = await recordReport(store, 'P-A', EQ, { today: TODAY, source: 'portal' });
    expect(r).toEqual({ instrument: 'EQ-5D-5L', date: '2020-01-10', scores: { index: 0.855, vas: 70 }, replaced: false });
    expect(await storedRows(store)).toEqual([
      ['P-A', '2020-01-10', 'EQ-5D-5L', '{"MO":1,"SC":1,"UA":2,"PD":3,"AD":1,"VAS":70}', '{"index":0.855,"vas":70}', 'patient', 'portal'],
    ]);
    await store.close();
  });

  it('replaces a report of the same instrument on the same day; another day or instrument is a new report', async () => {
    const store = await miniStore();
    await recordReport(store, 'P-A', EQ, { today: TODAY });
    const second = await recordReport(store, 'P-A', { ...EQ, answers: { MO: 2, SC: 1, UA: 1, PD: 1, AD: 1 } }, { today: TODAY });
    expect(second).toEqual({ instrument: 'EQ-5D-5L', date: '2020-01-10', scores: { index: 0.974, vas: null }, replaced: true });
    await recordReport(store, 'P-A', { ...EQ, date: '2020-07-01' }, { today: TODAY });
    await recordReport(store, 'P-A', { instrument: 'QLQ-C30', date: '2020-01-10', answers: { q29: 4, q30: 4 } }, { today: TODAY });
    const rows = await storedRows(store);
    expect(rows.map((r) => [r[1], r[2], r[4]])).toEqual([
      ['2020-01-10', 'EQ-5D-5L', '{"index":0.974,"vas":null}'],
      ['2020-01-10', 'QLQ-C30', expect.stringContaining('"ql2":50')],
      ['2020-07-01', 'EQ-5D-5L', '{"index":0.855,"vas":70}'],
    ]);
    await store.close();
  });

  it('rejects bad answers with JSON Pointers and writes nothing', async () => {
    const store = await miniStore();
    await recordReport(store, 'P-A', EQ, { today: TODAY });
    const before = await storedRows(store);
    const error = await recordReport(store, 'P-A', { ...EQ, answers: { MO: 1, SC: 9, UA: 2, PD: 3 } }, { today: TODAY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportValidationError);
    expect((error as ReportValidationError).issues.map((i) => i.pointer)).toEqual(['/answers/SC', '/answers/AD']);
    const unknown = await recordReport(store, 'P-A', { ...EQ, instrument: 'SF-36' }, { today: TODAY }).catch((e: unknown) => e);
    expect((unknown as ReportValidationError).issues.map((i) => i.pointer)).toEqual(['/instrument']);
    expect(await storedRows(store)).toEqual(before);
    await store.close();
  });

  it('holds the date to the plausibility rules: not in the future, not before 1900, not before the year of birth', async () => {
    const store = await miniStore();
    const future = await recordReport(store, 'P-A', { ...EQ, date: '2026-05-04' }, { today: TODAY }).catch((e: unknown) => e);
    expect((future as ReportValidationError).issues).toMatchObject([{ pointer: '/date', message: expect.stringContaining('future') }]);
    expect((await recordReport(store, 'P-A', { ...EQ, date: '2026-05-03' }, { today: TODAY })).date).toBe('2026-05-03'); // today + 1 day tolerance
    const old = await recordReport(store, 'P-A', { ...EQ, date: '1899-12-31' }, { today: TODAY }).catch((e: unknown) => e);
    expect((old as ReportValidationError).issues.map((i) => i.pointer)).toEqual(['/date']);
    // P-D was born in 1990
    const beforeBirth = await recordReport(store, 'P-D', { ...EQ, date: '1989-12-31' }, { today: TODAY }).catch((e: unknown) => e);
    expect(beforeBirth).toBeInstanceOf(ReportValidationError);
    expect((beforeBirth as ReportValidationError).issues).toMatchObject([{ pointer: '/date', message: expect.stringContaining('year of birth 1990') }]);
    expect((await storedRows(store)).length).toBe(1);
    await store.close();
  });

  it('refuses a pseudonym that is no patient of the store (typed error, nothing written), and a read-only store', async () => {
    const store = await miniStore();
    await expect(recordReport(store, 'P-NOBODY', EQ, { today: TODAY })).rejects.toBeInstanceOf(UnknownPseudonymError);
    await expect(recordReport(store, ' ', EQ, { today: TODAY })).rejects.toThrow(/pseudonym/);
    await expect(recordReport(store, 'P-A', EQ, { provenance: 'doctor' as never })).rejects.toThrow(/provenance/);
    expect(await storedRows(store)).toEqual([]);
    await store.close();
    const dir = mkdtempSync(join(tmpdir(), 'midia-pro-'));
    dirs.push(dir);
    const file = join(dir, 'c.duckdb');
    (await CohortStore.open(file)).close();
    const ro = await CohortStore.open(file, { readOnly: true });
    await expect(recordReport(ro, 'P-A', EQ, { today: TODAY })).rejects.toThrow(/read-only/);
    ro.close();
  });
});

describe('reports in analysis sessions', () => {
  it('reads a patient\'s reports through a session, with scores and answers', async () => {
    const store = await miniStore();
    await recordReport(store, 'P-A', EQ, { today: TODAY });
    await recordReport(store, 'P-D', { instrument: 'MSIS-29', date: '2019-06-01', answers: Object.fromEntries(Array.from({ length: 29 }, (_, i) => [`q${i + 1}`, 2])) }, { today: TODAY, provenance: 'proxy' });
    const s = await session(store);
    const mine = await sessionReports(s, 'P-D');
    expect(mine).toEqual([
      { pseudonym: 'P-D', instrument: 'MSIS-29', date: '2019-06-01', scores: { physical: 25, psychological: 25 }, answers: expect.objectContaining({ q1: 2, q29: 2 }), provenance: 'proxy', source: null },
    ]);
    expect((await sessionReports(s)).map((r) => r.pseudonym)).toEqual(['P-A', 'P-D']);
    expect(await sessionReports(s, 'P-NOBODY')).toEqual([]);
    s.close();
    await store.close();
  });

  it('exposes every non-null score as an observation-like row of report_scores with its analysis code', async () => {
    const store = await miniStore();
    await recordReport(store, 'P-A', EQ, { today: TODAY });
    await recordReport(store, 'P-B', { ...EQ, date: '2020-02-15', answers: { MO: 5, SC: 5, UA: 5, PD: 5, AD: 5 } }, { today: TODAY });
    const s = await session(store);
    const rows = await s.queryRows('SELECT pseudonym, date, instrument, score, code, value, value_text, unit FROM report_scores ORDER BY pseudonym, code');
    expect(rows).toEqual([
      { pseudonym: 'P-A', date: '2020-01-10', instrument: 'EQ-5D-5L', score: 'index', code: 'EQ5D_INDEX', value: 0.855, value_text: null, unit: null },
      { pseudonym: 'P-A', date: '2020-01-10', instrument: 'EQ-5D-5L', score: 'vas', code: 'EQ5D_VAS', value: 70, value_text: null, unit: null },
      { pseudonym: 'P-B', date: '2020-02-15', instrument: 'EQ-5D-5L', score: 'index', code: 'EQ5D_INDEX', value: -0.661, value_text: null, unit: null },
    ]);
    s.close();
    await store.close();
  });

  it('makes PRO scores baseline covariates of the analysis table (--covariates EQ5D_INDEX): the value closest to the index date in the window', async () => {
    const store = await miniStore();
    // P-A: index 2020-01-01; reports on 2019-12-20 (11 days before) and 2020-01-10 (9 days after: closest)
    await recordReport(store, 'P-A', { ...EQ, date: '2019-12-20', answers: { MO: 2, SC: 1, UA: 1, PD: 1, AD: 1 } }, { today: TODAY });
    await recordReport(store, 'P-A', EQ, { today: TODAY });
    // P-B: index 2020-03-01; a report 2 years before the index date lies outside the default window (365 days before)
    await recordReport(store, 'P-B', { ...EQ, date: '2018-02-01' }, { today: TODAY });
    const s = await session(store);
    const t = await patientTable(s, { covariates: [{ code: 'EQ5D_INDEX' }, { code: 'eq5d_vas', name: 'vas', pick: 'max' }, { code: 'ER' }] });
    const at = (p: string) => (t.pseudonym as string[]).indexOf(p);
    const index = t.eq5d_index as Float64Array;
    const vas = t.vas as Float64Array;
    expect(index[at('P-A')]).toBe(0.855);
    expect(Number.isNaN(index[at('P-B')]!)).toBe(true);
    expect(vas[at('P-A')]).toBe(70);
    expect((t.er as Float64Array)[at('P-A')]).toBe(80); // observations still read as before
    s.close();
    await store.close();
  });

  it('admits only the reports of the patients the study\'s consent admits', async () => {
    const store = await miniStore();
    await recordReport(store, 'P-A', EQ, { today: TODAY });
    await recordReport(store, 'P-B', { ...EQ, date: '2020-02-15' }, { today: TODAY });
    await registerStudy(store, { id: 'PRO-1', title: 'PROs', question: 'How do patients feel?', responsible: 'Dr. A', purpose: 'research-general', approval: 'EK 1/26', access: 'row-level' });
    await grantConsent(store, { pseudonym: 'P-B', purpose: 'research-general', source: 'portal' });
    const s = await openSession(store, { study: 'PRO-1' });
    expect((await sessionReports(s)).map((r) => r.pseudonym)).toEqual(['P-B']);
    expect((await s.queryRows('SELECT DISTINCT pseudonym FROM report_scores')).map((r) => r.pseudonym)).toEqual(['P-B']);
    s.close();
    await store.close();
  });
});

describe('the store migration to version 6', () => {
  it('adds pro.reports to a version-5 store without touching its data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'midia-pro-'));
    dirs.push(dir);
    const file = join(dir, 'v5.duckdb');
    const old = await CohortStore.open(file, { migrations: MIGRATIONS.slice(0, 5) });
    await old.importRecords('patients', [{ pseudonym: 'P-A', birth_year: 1960, sex: 'female', diagnosis: 'breast_cancer', index_date: '2020-01-01' }]);
    expect(await old.schemaVersion()).toBe(5);
    old.close();
    const store = await CohortStore.open(file);
    expect(SCHEMA_VERSION).toBe(6);
    expect(await store.schemaVersion()).toBe(6);
    expect((await recordReport(store, 'P-A', EQ, { today: TODAY })).scores.index).toBe(0.855);
    expect((await store.describe()).tables.find((t) => t.name === 'patients')?.rows).toBe(1);
    store.close();
  });
});

describe('importReports (in-process reports, e.g. the synthetic cohort\'s)', () => {
  it('imports the synthetic reports of a cohort, all or nothing, skipping reports already stored', async () => {
    const cohort = generateCohort({ seed: 2, breast: 15, prostate: 15, ms: 15 });
    const reports = generateCohortReports(cohort);
    const store = await CohortStore.open();
    for (const t of CANONICAL_TABLES) await store.importRecords(t, cohort[t] as never[]);
    expect(await importReports(store, reports, { source: 'synthetic' })).toEqual({ loaded: reports.length, duplicates: 0 });
    expect(await importReports(store, reports.slice(0, 5))).toEqual({ loaded: 0, duplicates: 5 });
    const rows = await storedRows(store);
    expect(rows).toHaveLength(reports.length);
    expect(new Set(rows.map((r) => r[6]))).toEqual(new Set(['synthetic']));
    await store.close();
  });

  it('names every rejected report by row and JSON Pointer, and writes nothing', async () => {
    const store = await miniStore();
    const error = await importReports(store, [
      { pseudonym: 'P-A', ...EQ },
      { pseudonym: 'P-B', ...EQ, answers: { ...EQ.answers, UA: 0 } },
      { pseudonym: '', ...EQ },
      { pseudonym: 'P-C', instrument: 'EQ-5D-5L', date: '2020-13-01', answers: EQ.answers },
    ], { today: TODAY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportValidationError);
    expect((error as ReportValidationError).issues.map((i) => [i.row, i.pointer])).toEqual([[2, '/answers/UA'], [3, '/pseudonym'], [4, '/date']]);
    const unknown = await importReports(store, [{ pseudonym: 'P-A', ...EQ }, { pseudonym: 'P-ZZ', ...EQ }], { today: TODAY }).catch((e: unknown) => e);
    expect((unknown as ReportValidationError).issues).toMatchObject([{ row: 2, pointer: '/pseudonym', message: expect.stringContaining("unknown pseudonym 'P-ZZ'") }]);
    expect(await storedRows(store)).toEqual([]);
    await store.close();
  });
});

describe('PRO scores under the query rules of aggregate studies', () => {
  it('answer a mean score per group from report_scores when every group is large enough, and refuse small groups', async () => {
    const cohort = generateCohort({ seed: 8, breast: 40, prostate: 40, ms: 40 });
    const store = await CohortStore.open();
    for (const t of CANONICAL_TABLES) await store.importRecords(t, cohort[t] as never[]);
    await importReports(store, generateCohortReports(cohort));
    const s = await session(store);
    const ok = await checkAggregateQuery(s, "SELECT instrument, avg(value) AS mean, count(*) AS n FROM report_scores WHERE code = 'EQ5D_INDEX' GROUP BY instrument", 5);
    expect(ok.groups).toBe(1);
    // one group per report day: most days have fewer than 5 patients
    const tiny = await checkAggregateQuery(s, "SELECT date, avg(value) AS mean FROM report_scores WHERE code = 'EQ5D_INDEX' GROUP BY date", 5).catch((e: unknown) => e);
    expect(tiny).toBeInstanceOf(AccessDeniedError);
    expect(String((tiny as Error).message)).toMatch(/minimum|fewer|cell/i);
    s.close();
    await store.close();
  });
});
