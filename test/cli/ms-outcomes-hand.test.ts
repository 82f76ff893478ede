/**
 * `midia ms outcomes` and `midia ms pathways` on a hand-built cohort of four
 * MS patients, each with the expected outcome written out; with a study
 * threshold of 5 every summary count of this small cohort is suppressed.
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

const patient = (pseudonym: string, index: string, last: string) => ({ pseudonym, birth_year: 1980, sex: 'female', diagnosis: 'multiple_sclerosis', index_date: index, last_contact: last });
const edss = (pseudonym: string, date: string, value: number) => ({ pseudonym, date, code: 'EDSS', value });
const mri = (pseudonym: string, date: string, t2: number, gd: number) => [
  { pseudonym, date, type: 'mri', code: 'T2_NEW', value: t2 },
  { pseudonym, date, type: 'mri', code: 'GD_ENHANCING', value: gd },
];

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-ms-hand-'));
  db = join(dir, 'ms.duckdb');
  const store = await CohortStore.open(db);
  try {
    await store.importRecords('patients', [patient('A', '2020-01-01', '2021-12-31'), patient('B', '2019-01-01', '2020-01-01'), patient('C', '2019-01-01', '2019-12-31'), patient('D', '2019-01-01', '2019-12-31')] as never[]);
    await store.importRecords('observations', [
      edss('A', '2020-01-01', 2), edss('A', '2020-06-01', 3), edss('A', '2020-10-01', 3),
      edss('B', '2019-01-01', 1), edss('B', '2019-07-01', 1),
      edss('C', '2019-01-01', 1.5), edss('C', '2019-06-01', 1.5),
      edss('D', '2019-01-01', 1.5), edss('D', '2019-06-01', 1.5),
    ] as never[]);
    await store.importRecords('events', [{ pseudonym: 'B', date: '2019-03-01', type: 'relapse', code: null, value: null }, ...mri('A', '2020-12-01', 0, 0), ...mri('C', '2019-06-01', 0, 0)] as never[]);
    await store.importRecords('treatments', [
      { pseudonym: 'A', start: '2020-02-01', stop: '2020-12-31', substance: 'teriflunomide', intent: 'disease_modifying', stop_reason: 'efficacy' },
      { pseudonym: 'A', start: '2021-01-15', stop: null, substance: 'ocrelizumab', intent: 'disease_modifying', stop_reason: null },
      { pseudonym: 'B', start: '2019-04-01', stop: null, substance: 'natalizumab', intent: 'disease_modifying', stop_reason: null },
    ] as never[]);
    for (const p of ['A', 'B', 'C', 'D']) await grantConsent(store, { pseudonym: p, purpose: 'research-general', effectiveAt: new Date('2000-01-01T00:00:00Z') });
  } finally {
    store.close();
  }
  const reg = await cli('study', 'register', '--db', db, '--id', 'H', '--title', 'Hand', '--question', 'Outcomes by hand?', '--responsible', 'Dr. H', '--purpose', 'research-general', '--approval', 'EK-3', '--min-cell-count', '5', '--allow-individual-times', '--access', 'row-level'); // per-patient outcome rows
  expect(reg.code, reg.err).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('midia ms outcomes (hand-built)', () => {
  it('derives CDW, ARR and NEDA-3 per patient and suppresses the small summary', async () => {
    const r = await cli('ms', 'outcomes', '--db', db, '--study', 'H', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { summary: Record<string, unknown>; patients: Record<string, unknown>[] };
    const pick = (id: string) => j.patients.find((p) => p.id === id) as Record<string, unknown>;
    // A: 2.0 -> 3.0 on 2020-06-01 confirmed 2020-10-01 (122 days), no relapse: PIRA; NEDA lost at the CDW onset
    expect(pick('A')).toMatchObject({ cdw: true, cdwKind: 'PIRA', cdwDate: '2020-06-01', cdi: false, relapses: 0, arr: 0, neda: false, nedaLossDate: '2020-06-01' });
    expect(pick('A').years as number).toBeCloseTo(730 / 365.25, 12);
    // B: one relapse in 365 days of follow-up; NEDA lost on the relapse
    expect(pick('B')).toMatchObject({ cdw: false, relapses: 1, neda: false, nedaLossDate: '2019-03-01' });
    expect(pick('B').arr as number).toBeCloseTo(365.25 / 365, 12);
    // C: a clean MRI and no activity: NEDA-3 holds; D: no MRI: unknown
    expect(pick('C')).toMatchObject({ cdw: false, relapses: 0, neda: true });
    expect(pick('D')).toMatchObject({ neda: null });
    expect(j.summary).toMatchObject({ patients: null, withCdw: null, crudeArr: null, threshold: 5 });
  });
});

describe('midia ms pathways (hand-built)', () => {
  it('suppresses every count below 5 and keeps the structure', async () => {
    const r = await cli('ms', 'pathways', '--db', db, '--study', 'H', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { patients: number | null; sankey: { nodes: string[]; links: { source: string; target: string; count: number | null }[] }; transitions: { label: string; count: number | null }[]; timeOnLine: { medianDays: number | null }[] };
    expect(j.patients).toBeNull();
    expect(j.sankey.links).toEqual([{ source: 'L1 teriflunomide', target: 'L2 ocrelizumab', fromLine: 1, count: null }]);
    expect(j.transitions).toEqual([{ label: 'switch:escalation', count: null }]);
    expect(j.timeOnLine.every((l) => l.medianDays === null)).toBe(true);
  });
});

describe('midia ms pathways --strategy', () => {
  it('harding2019 and he2020 count the same two patients differently (counts suppressed, labels shown)', async () => {
    const h = JSON.parse((await cli('ms', 'pathways', '--db', db, '--study', 'H', '--json')).out) as { strategies: { label: string }[] };
    // A starts on teriflunomide (escalation), B on natalizumab (early intensive)
    expect(h.strategies.map((s) => s.label).sort()).toEqual(['early-intensive', 'escalation']);
    const r = await cli('ms', 'pathways', '--db', db, '--study', 'H', '--strategy', 'he2020', '--json');
    expect(r.code, r.err).toBe(0);
    // A: ocrelizumab 2021-01-15, 380 days after index 2020-01-01; B: natalizumab 90 days after index: both early
    expect((JSON.parse(r.out) as { strategies: { label: string; count: number | null }[] }).strategies).toEqual([{ label: 'early-intensive', count: null }]);
  });
});
