/** FHIR R4 QuestionnaireResponse -> patient-reported outcomes: the mapping, and `importFhir` / `midia import --format fhir` storing them. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allPatients, openSession } from '../../engine/access.js';
import {
  QUESTIONNAIRE_CANONICALS,
  instrumentOfQuestionnaire,
  questionnaireResponseFromReport,
  reportFromQuestionnaireResponse,
} from '../../engine/import/fhir-questionnaire-response.js';
import { ImportValidationError } from '../../engine/import/types.js';
import { sessionReports } from '../../engine/reports/read-reports.js';
import { CohortStore } from '../../engine/store.js';
import { rawConnection } from '../../engine/store-internal.js';
import { runCliCaptured } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'midia-pro-fhir-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const P1 = 'P-00000a0001';
const P2 = 'P-00000a0002';

function eq5d(over: Record<string, unknown> = {}, answers: Record<string, number> = { MO: 1, SC: 1, UA: 2, PD: 3, AD: 1, VAS: 70 }): Record<string, unknown> {
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: QUESTIONNAIRE_CANONICALS['EQ-5D-5L'],
    status: 'completed',
    subject: { reference: `Patient/${P1}` },
    authored: '2021-03-04T10:15:00+01:00',
    item: Object.entries(answers).map(([linkId, v]) => ({ linkId, answer: [{ valueInteger: v }] })),
    ...over,
  };
}

function write(name: string, resources: readonly unknown[], bundle = false): string {
  const file = join(dir, name);
  writeFileSync(file, bundle ? JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) }) : resources.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

const patient = (id: string) => ({ resourceType: 'Patient', id, gender: 'female', birthDate: '1961-04' });
const condition = (id: string) => ({ resourceType: 'Condition', subject: { reference: `Patient/${id}` }, code: { coding: [{ system: 'http://fhir.de/CodeSystem/bfarm/icd-10-gm', code: 'C50.4' }] }, onsetDateTime: '2020-01-15' });

async function reportRows(store: CohortStore): Promise<unknown[][]> {
  return (await rawConnection(store).runAndReadAll(`SELECT pseudonym, strftime(date, '%Y-%m-%d'), instrument, scores, provenance, source FROM pro.reports ORDER BY ALL`)).getRowsJS();
}

describe('reportFromQuestionnaireResponse', () => {
  it('reads an EQ-5D-5L response: linkIds are the answer codes, authored gives the day, scores as the plain form', () => {
    const r = reportFromQuestionnaireResponse(eq5d());
    expect(r).toEqual({
      kind: 'report',
      report: { instrument: 'EQ-5D-5L', date: '2021-03-04', answers: { MO: 1, SC: 1, UA: 2, PD: 3, AD: 1, VAS: 70 }, scores: { index: 0.855, vas: 70 }, provenance: 'patient', replace: false },
    });
  });

  it('accepts answers in nested groups, valueCoding codes, integer valueDecimal, a versioned canonical, a RelatedPerson source (proxy) and amended (replace)', () => {
    const r = reportFromQuestionnaireResponse({
      ...eq5d(),
      questionnaire: `${QUESTIONNAIRE_CANONICALS['EQ-5D-5L']}|2.1`,
      status: 'amended',
      source: { reference: 'RelatedPerson/rp-1' },
      item: [
        { linkId: 'descriptive', item: [{ linkId: 'MO', answer: [{ valueCoding: { system: 'urn:x', code: '2' } }] }, { linkId: 'SC', answer: [{ valueDecimal: 1 }] }, { linkId: 'UA', answer: [{ valueInteger: 1 }] }] },
        { linkId: 'PD', answer: [{ valueInteger: 1 }] },
        { linkId: 'AD', answer: [{ valueInteger: 1 }] },
        { linkId: 'VAS', answer: [] },
        { linkId: 'intro-text' },
      ],
    });
    expect(r.kind).toBe('report');
    if (r.kind !== 'report') return;
    expect(r.report).toMatchObject({ answers: { MO: 2, SC: 1, UA: 1, PD: 1, AD: 1 }, scores: { index: 0.974, vas: null }, provenance: 'proxy', replace: true });
  });

  it('names every problem by field path and JSON Pointer: bad answers, unknown linkIds, two answers, clinician source, bad status, missing authored', () => {
    const r = reportFromQuestionnaireResponse({
      ...eq5d(),
      status: 'final',
      authored: undefined,
      source: { reference: 'Practitioner/dr-x' },
      item: [
        { linkId: 'MO', answer: [{ valueInteger: 7 }] },
        { linkId: 'SC', answer: [{ valueInteger: 1 }, { valueInteger: 2 }] },
        { linkId: 'UA', answer: [{ valueString: 'moderate' }] },
        { linkId: 'PD', answer: [{ valueDecimal: 2.5 }] },
        { linkId: 'AD', answer: [{ valueInteger: 1 }] },
        { linkId: 'Q99', answer: [{ valueInteger: 1 }] },
      ],
    });
    expect(r.kind).toBe('issues');
    if (r.kind !== 'issues') return;
    const byPointer = Object.fromEntries(r.issues.map((i) => [i.pointer, i]));
    expect(Object.keys(byPointer).sort()).toEqual(
      ['/status', '/authored', '/source/reference', '/item/0/answer/0/valueInteger', '/item/1/answer', '/item/2/answer/0', '/item/3/answer/0/valueDecimal', '/item/5/answer/0/valueInteger'].sort(),
    );
    expect(byPointer['/item/0/answer/0/valueInteger']).toMatchObject({ field: 'item[0].answer[0].valueInteger', value: 7, message: expect.stringContaining('integer 1-5, got 7') });
    expect(byPointer['/item/5/answer/0/valueInteger']!.message).toContain("unknown linkId 'Q99'");
    expect(byPointer['/source/reference']!.message).toContain('Practitioner/dr-x');
  });

  it('rejects an unknown Questionnaire and skips unfinished responses', () => {
    const r = reportFromQuestionnaireResponse(eq5d({ questionnaire: 'http://example.org/Questionnaire/sf-36' }));
    expect(r).toMatchObject({ kind: 'issues', issues: [{ pointer: '/questionnaire', message: expect.stringContaining(QUESTIONNAIRE_CANONICALS['QLQ-C30']) }] });
    expect(reportFromQuestionnaireResponse(eq5d({ status: 'in-progress' }))).toEqual({ kind: 'skip', reason: 'QuestionnaireResponse (in-progress)' });
    expect(instrumentOfQuestionnaire(QUESTIONNAIRE_CANONICALS['EPIC-26'])).toBe('EPIC-26');
    expect(instrumentOfQuestionnaire(42)).toBeNull();
  });

  it('round-trips every instrument through questionnaireResponseFromReport, and writes no item text', () => {
    const cases = [
      { instrument: 'EQ-5D-5L', answers: { MO: 3, SC: 2, UA: 4, PD: 5, AD: 1, VAS: 33 } },
      { instrument: 'QLQ-C30', answers: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`q${i + 1}`, i >= 28 ? 5 : (i % 4) + 1])) },
      { instrument: 'MSIS-29', answers: Object.fromEntries(Array.from({ length: 29 }, (_, i) => [`q${i + 1}`, (i % 5) + 1]).filter(([k]) => k !== 'q7')) },
      { instrument: 'EPIC-26', answers: { q1: 5, q2: 4, q3: 0, q4a: 0, q4b: 1, q4c: 0, q4d: 2, q4e: 1, q5: 2, q6a: 0, q6b: 0, q6c: 0, q6d: 0, q6e: 1, q7: 1, q8a: 3, q8b: 3, q9: 3, q10: 3, q11: 3, q12: 2, q13a: 0, q13b: 0, q13c: 1, q13d: 1, q13e: 0 } },
    ] as const;
    for (const c of cases) {
      const qr = questionnaireResponseFromReport({ pseudonym: P1, instrument: c.instrument, date: '2022-02-02', answers: c.answers });
      expect(JSON.stringify(qr)).not.toMatch(/"text"/);
      const back = reportFromQuestionnaireResponse(qr);
      expect(back.kind, c.instrument).toBe('report');
      if (back.kind === 'report') expect(back.report.answers).toEqual(c.answers);
    }
  });
});

describe('importFhir with QuestionnaireResponses', () => {
  it('stores reports of patients of the same Bundle, counted under reports, with the import\'s source, readable through a session', async () => {
    const store = await CohortStore.open();
    const file = write('bundle.json', [patient(P1), condition(P1), eq5d(), eq5d({ status: 'in-progress', authored: '2021-05-05' })], true);
    const r = await store.importFhir(file, { source: 'portal-export', today: '2026-01-01' });
    expect(r.tables).toEqual(['patients', 'reports']);
    expect(r.perTable.reports).toEqual({ loaded: 1, duplicates: 0 });
    expect(r.skipped).toEqual({ 'QuestionnaireResponse (in-progress)': 1 });
    expect(await reportRows(store)).toEqual([[P1, '2021-03-04', 'EQ-5D-5L', '{"index":0.855,"vas":70}', 'patient', 'portal-export']]);
    const log = (await rawConnection(store).runAndReadAll(`SELECT "table", loaded FROM meta.imports ORDER BY id`)).getRowsJS();
    expect(log).toEqual([['patients', 1n], ['reports', 1n]]);
    const s = await openSession(store, { policy: allPatients, unrestrictedReason: 'test data' });
    expect((await sessionReports(s, P1)).map((x) => [x.instrument, x.date, x.scores])).toEqual([['EQ-5D-5L', '2021-03-04', { index: 0.855, vas: 70 }]]);
    s.close();
    store.close();
  });

  it('skips a re-delivered report (duplicate), lets an amended one replace it, and keeps the first of two completed ones of a day', async () => {
    const store = await CohortStore.open();
    await store.importFhir(write('pat.ndjson', [patient(P1), condition(P1)]));
    const first = write('qr1.ndjson', [eq5d(), eq5d({}, { MO: 5, SC: 5, UA: 5, PD: 5, AD: 5 })]);
    expect((await store.importFhir(first)).perTable.reports).toEqual({ loaded: 1, duplicates: 1 });
    expect((await store.importFhir(first)).perTable.reports).toEqual({ loaded: 0, duplicates: 2 });
    expect((await reportRows(store)).map((r) => r[3])).toEqual(['{"index":0.855,"vas":70}']);
    const amended = write('qr2.ndjson', [eq5d({ status: 'amended' }, { MO: 2, SC: 1, UA: 1, PD: 1, AD: 1 })]);
    expect((await store.importFhir(amended)).perTable.reports).toEqual({ loaded: 1, duplicates: 0 });
    expect((await reportRows(store)).map((r) => r[3])).toEqual(['{"index":0.974,"vas":null}']);
    store.close();
  });

  it('rejects the whole file for one bad QuestionnaireResponse, naming file, resource and field; nothing is written', async () => {
    const store = await CohortStore.open();
    const file = write('bad.json', [patient(P1), condition(P1), eq5d(), eq5d({ authored: '2021-03-05' }, { MO: 1, SC: 1, UA: 1, PD: 1, AD: 9 })], true);
    const error = await store.importFhir(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportValidationError);
    const issues = (error as ImportValidationError).issues;
    expect(issues).toEqual([expect.objectContaining({ file, row: 4, field: 'entry[3].resource.item[4].answer[0].valueInteger', value: 9 })]);
    expect((await store.describe()).tables.find((t) => t.name === 'patients')!.rows).toBe(0);
    expect(await reportRows(store)).toEqual([]);
    store.close();
  });

  it('rejects reports of unknown patients and implausible dates, naming the resource', async () => {
    const store = await CohortStore.open();
    await store.importFhir(write('p2.ndjson', [patient(P2), condition(P2)]));
    const unknown = await store.importFhir(write('unknown.ndjson', [eq5d()])).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(ImportValidationError);
    expect((unknown as ImportValidationError).issues[0]).toMatchObject({ row: 1, field: 'subject.reference', message: expect.stringContaining(`unknown pseudonym '${P1}'`) });
    const future = await store.importFhir(write('future.ndjson', [eq5d({ subject: { reference: `Patient/${P2}` }, authored: '2031-01-01' })]), { today: '2026-01-01' }).catch((e: unknown) => e);
    expect((future as ImportValidationError).issues[0]).toMatchObject({ row: 1, field: 'authored', message: expect.stringContaining('future') });
    expect(await reportRows(store)).toEqual([]);
    store.close();
  });
});

describe('midia import --format fhir', () => {
  it('accepts QuestionnaireResponses and lists the reports table in its report', async () => {
    const db = join(dir, 'cli.duckdb');
    const file = write('cli.json', [patient(P1), condition(P1), eq5d(), eq5d({ questionnaire: QUESTIONNAIRE_CANONICALS['MSIS-29'], item: [{ linkId: 'q21', answer: [{ valueInteger: 3 }] }, { linkId: 'q22', answer: [{ valueInteger: 3 }] }, { linkId: 'q23', answer: [{ valueInteger: 3 }] }, { linkId: 'q24', answer: [{ valueInteger: 3 }] }, { linkId: 'q25', answer: [{ valueInteger: 3 }] }] })], true);
    const r = await runCliCaptured(['import', '--db', db, '--format', 'fhir', file, '--json']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as { perTable: Record<string, { loaded: number }> };
    expect(report.perTable.reports).toEqual({ loaded: 2, duplicates: 0 });
    const bad = await runCliCaptured(['import', '--db', db, '--format', 'fhir', write('cli-bad.json', [eq5d({ questionnaire: 'urn:x' })], true)]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown Questionnaire');
  });
});
