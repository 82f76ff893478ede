/** Synthetic patient-reported outcomes: valid, seeded, from their own streams, and dependent on the disease course as documented (docs/pro.md). */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCohort } from '../../datasets/synthetic/generate-cohort.js';
import { generateCohortReports, type SyntheticReport } from '../../datasets/synthetic/reports.js';
import { reportsToNdjson } from '../../datasets/synthetic/write-reports.js';
import { cohortToCsv, truthToJson } from '../../datasets/synthetic/write-cohort-csv.js';
import { allPatients, openSession } from '../../engine/access.js';
import { mapFhirResources } from '../../engine/import/fhir.js';
import { parseFhirText } from '../../engine/import/fhir-read.js';
import { CANONICAL_TABLES } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';
import { checkAnswers, INSTRUMENTS, scoreAnswers } from '../../models/pro/instruments.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { readFileSync } from 'node:fs';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

const COHORT = generateCohort({ seed: 5, breast: 150, prostate: 150, ms: 150 });
const REPORTS = generateCohortReports(COHORT);

const dir = mkdtempSync(join(tmpdir(), 'midia-pro-synth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function firstEventDay(type: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of COHORT.events) if (e.type === type && (!out.has(e.pseudonym) || e.date < out.get(e.pseudonym)!)) out.set(e.pseudonym, e.date);
  return out;
}
const of = (instrument: string): SyntheticReport[] => REPORTS.filter((r) => r.instrument === instrument);

describe('synthetic reports: seeded, separate streams, existing files untouched', () => {
  it('leave every existing file of the cohort byte-identical (the reports are computed from the cohort, not by generateCohort)', () => {
    const small = { seed: 7, breast: 40, prostate: 40, ms: 40 };
    const a = generateCohort(small);
    const before = { csv: cohortToCsv(a), truth: truthToJson(a) };
    const frozen = JSON.stringify(a);
    expect(generateCohortReports(a).length).toBeGreaterThan(0);
    expect(JSON.stringify(a)).toBe(frozen); // the cohort object is not touched
    const b = generateCohort(small);
    expect(cohortToCsv(b)).toEqual(before.csv);
    expect(truthToJson(b)).toBe(before.truth);
    expect(Object.keys(b)).toEqual(['patients', 'events', 'observations', 'treatments', 'visits', 'truth']);
  });

  it('gives the same reports for the same cohort and the committed bytes on every machine (update with GENERATOR_VERSION)', () => {
    const small = generateCohort({ seed: 7, breast: 40, prostate: 40, ms: 40 });
    const text = reportsToNdjson(generateCohortReports(small));
    expect(reportsToNdjson(generateCohortReports(small))).toBe(text);
    // Recorded on Node 20 when the reports were introduced (V8 fdlibm Math).
    expect(sha(text)).toBe(GOLDEN_SMALL_REPORTS);
  });

  it("keeps one disease's reports when another disease's count changes", () => {
    const a = generateCohort({ seed: 3, breast: 10, prostate: 0, ms: 12 });
    const b = generateCohort({ seed: 3, breast: 25, prostate: 9, ms: 12 });
    const ms = new Set(a.patients.filter((p) => p.diagnosis === 'multiple_sclerosis').map((p) => p.pseudonym));
    const msA = generateCohortReports(a).filter((r) => ms.has(r.pseudonym));
    const msB = generateCohortReports(b).filter((r) => ms.has(r.pseudonym));
    expect(msA.some((r) => r.instrument === 'MSIS-29')).toBe(true);
    expect(msB).toEqual(msA);
  });
});

describe('synthetic reports: valid and consistent', () => {
  it('cover all three diseases with EQ-5D-5L and the disease questionnaire, within follow-up, one per patient, instrument and day', () => {
    const patients = new Map(COHORT.patients.map((p) => [p.pseudonym, p]));
    const byDisease = new Map<string, Set<string>>();
    const keys = new Set<string>();
    for (const r of REPORTS) {
      const p = patients.get(r.pseudonym)!;
      expect(r.date >= p.index_date && r.date <= p.last_contact!, `${r.pseudonym} ${r.date}`).toBe(true);
      const k = `${r.pseudonym}|${r.instrument}|${r.date}`;
      expect(keys.has(k), k).toBe(false);
      keys.add(k);
      if (!byDisease.has(p.diagnosis)) byDisease.set(p.diagnosis, new Set());
      byDisease.get(p.diagnosis)!.add(r.instrument);
    }
    expect([...byDisease.get('breast_cancer')!].sort()).toEqual(['EQ-5D-5L', 'QLQ-C30']);
    expect([...byDisease.get('prostate_cancer')!].sort()).toEqual(['EPIC-26', 'EQ-5D-5L']);
    expect([...byDisease.get('multiple_sclerosis')!].sort()).toEqual(['EQ-5D-5L', 'MSIS-29']);
  });

  it('pass the answer checks and carry the engine\'s scores; some items are missing, as in real questionnaires', () => {
    let missing = 0;
    for (const r of REPORTS) {
      const checked = checkAnswers(INSTRUMENTS[r.instrument], r.answers);
      expect(checked.issues, `${r.pseudonym} ${r.instrument} ${r.date}`).toEqual([]);
      expect(r.scores).toEqual(scoreAnswers(r.instrument, r.answers));
      missing += INSTRUMENTS[r.instrument].items.length - Object.keys(r.answers).length;
    }
    expect(missing).toBeGreaterThan(0);
  });

  it('round-trip through reports.ndjson (FHIR QuestionnaireResponses) to the same answers and scores', () => {
    const file = join(dir, 'reports.ndjson');
    const text = reportsToNdjson(REPORTS);
    const mapped = mapFhirResources(parseFhirText(text, file).entries, { file });
    expect(mapped.issues).toEqual([]);
    expect(mapped.reports.map((r) => ({ pseudonym: r.pseudonym, instrument: r.instrument, date: r.date, answers: r.answers, scores: r.scores }))).toEqual(REPORTS);
  });

  it('import into a store with the cohort (reports.ndjson as FHIR) and appear in report_scores', async () => {
    const store = await CohortStore.open();
    for (const t of CANONICAL_TABLES) await store.importRecords(t, COHORT[t] as never[]);
    const file = join(dir, 'import.ndjson');
    writeFileSync(file, reportsToNdjson(REPORTS));
    const r = await store.importFhir(file);
    expect(r.perTable.reports).toEqual({ loaded: REPORTS.length, duplicates: 0 });
    const s = await openSession(store, { policy: allPatients, unrestrictedReason: 'synthetic data' });
    const counts = await s.queryRows("SELECT count(*) AS n FROM report_scores WHERE code = 'EQ5D_INDEX'");
    expect(Number(counts[0]!.n)).toBe(of('EQ-5D-5L').filter((x) => x.scores.index !== null).length);
    s.close();
    store.close();
  });
});

describe('midia generate and import of the folder', () => {
  it('write reports.ndjson next to the unchanged files and import it with the tables (a second import only counts duplicates)', async () => {
    const out = join(dir, 'cohort');
    const g = await runCliCaptured(['generate', '--out', out, '--breast', '20', '--prostate', '20', '--ms', '20', '--seed', '4']);
    expect(g.code, g.err).toBe(0);
    expect(g.out.trim().split('\n').map((l) => l.slice(l.lastIndexOf('/') + 1))).toEqual([
      'patients.csv', 'events.csv', 'observations.csv', 'treatments.csv', 'visits.csv', 'truth.json', 'study.json', 'consents.ndjson', 'reports.ndjson',
    ]);
    const cohort = generateCohort({ seed: 4, breast: 20, prostate: 20, ms: 20 });
    expect(readFileSync(join(out, 'patients.csv'), 'utf8')).toBe(cohortToCsv(cohort)['patients.csv']);
    const expected = generateCohortReports(cohort);
    expect(readFileSync(join(out, 'reports.ndjson'), 'utf8')).toBe(reportsToNdjson(expected));
    const db = join(dir, 'cli.duckdb');
    const imp = await runCliCaptured(['import', '--db', db, out, '--json']);
    expect(imp.code, imp.err).toBe(0);
    const reports = JSON.parse(imp.out) as { file?: string; perTable?: Record<string, { loaded: number; duplicates: number }> }[];
    expect(reports.find((r) => r.file?.endsWith('reports.ndjson'))!.perTable).toEqual({ reports: { loaded: expected.length, duplicates: 0 } });
    const again = JSON.parse((await runCliCaptured(['import', '--db', db, out, '--json'])).out) as typeof reports;
    expect(again.find((r) => r.file?.endsWith('reports.ndjson'))!.perTable).toEqual({ reports: { loaded: 0, duplicates: expected.length } });
    const q = await runCliCaptured(['query', '--db', db, '--study', 'SYNTH', '--format', 'json', "SELECT count(*) AS n FROM report_scores WHERE code = 'EQ5D_INDEX'"]);
    expect(q.code, q.err).toBe(0);
    expect(Number((JSON.parse(q.out) as { n: number }[])[0]!.n)).toBeGreaterThan(0);
  });
});

describe('synthetic reports depend on the disease course (docs/pro.md)', () => {
  it('breast cancer: EQ-5D-5L index and QLQ-C30 summary lower after a distant metastasis', () => {
    const meta = firstEventDay('distant_metastasis');
    const split = (instrument: string, key: string) => {
      const before: number[] = [];
      const after: number[] = [];
      for (const r of of(instrument)) {
        const m = meta.get(r.pseudonym);
        const v = r.scores[key];
        if (m === undefined || v === null || v === undefined) continue;
        (r.date >= m ? after : before).push(v);
      }
      return { before: mean(before), after: mean(after), n: after.length };
    };
    const eq = split('EQ-5D-5L', 'index');
    expect(eq.n).toBeGreaterThan(20);
    expect(eq.before - eq.after).toBeGreaterThan(0.15);
    const qlq = split('QLQ-C30', 'summary');
    expect(qlq.before - qlq.after).toBeGreaterThan(10);
  });

  it('prostate cancer: incontinence and sexual function worse after prostatectomy, bowel worse after radiotherapy (EPIC-26)', () => {
    const treatment = new Map<string, { kind: string; end: string }>();
    for (const t of COHORT.treatments) if (t.substance === 'radical_prostatectomy' || t.substance === 'radiotherapy') treatment.set(t.pseudonym, { kind: t.substance, end: t.stop ?? t.start });
    const domain = (kind: string, key: string, when: 'before' | 'acute') => {
      const xs: number[] = [];
      for (const r of of('EPIC-26')) {
        const t = treatment.get(r.pseudonym);
        const v = r.scores[key];
        if (!t || t.kind !== kind || v === null || v === undefined) continue;
        const days = (Date.parse(r.date) - Date.parse(t.end)) / 864e5;
        if ((when === 'before' && days < 0) || (when === 'acute' && days >= 60 && days <= 200)) xs.push(v);
      }
      return mean(xs);
    };
    expect(domain('radical_prostatectomy', 'urinary_incontinence', 'before') - domain('radical_prostatectomy', 'urinary_incontinence', 'acute')).toBeGreaterThan(25);
    expect(domain('radical_prostatectomy', 'sexual', 'before') - domain('radical_prostatectomy', 'sexual', 'acute')).toBeGreaterThan(20);
    expect(domain('radiotherapy', 'bowel', 'before') - domain('radiotherapy', 'bowel', 'acute')).toBeGreaterThan(15);
    expect(domain('radical_prostatectomy', 'bowel', 'acute') - domain('radiotherapy', 'bowel', 'acute')).toBeGreaterThan(15);
  });

  it('MS: MSIS-29 physical impact rises with the EDSS recorded the same day (correlation > 0.6)', () => {
    const edss = new Map(COHORT.observations.filter((o) => o.code === 'EDSS').map((o) => [`${o.pseudonym}|${o.date}`, o.value as number]));
    const pairs: [number, number][] = [];
    for (const r of of('MSIS-29')) {
      const e = edss.get(`${r.pseudonym}|${r.date}`);
      if (e !== undefined && r.scores.physical !== null) pairs.push([e, r.scores.physical!]);
    }
    expect(pairs.length).toBeGreaterThan(200);
    const mx = mean(pairs.map((p) => p[0]));
    const my = mean(pairs.map((p) => p[1]));
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (const [x, y] of pairs) {
      sxy += (x - mx) * (y - my);
      sxx += (x - mx) ** 2;
      syy += (y - my) ** 2;
    }
    expect(sxy / Math.sqrt(sxx * syy)).toBeGreaterThan(0.6);
  });
});

const GOLDEN_SMALL_REPORTS = 'c7b573132cb3fa4f3aa67d2b7ac925f7a30a33eb1af9b7e1717268061dc73d6c';
