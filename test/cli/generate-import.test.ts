/**
 * `midia import` of a folder that `midia generate` wrote registers the study
 * SYNTH (row-level) and imports the FHIR consents after the tables; every read
 * then runs for --study SYNTH and sees the consenting patients only. A second
 * import changes nothing, and a bad study or consents file stops the import
 * before any table is written.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentEventsFromFhir } from '../../engine/consent/fhir-consent.js';
import { parseFhirText } from '../../engine/import/fhir-read.js';
import { CohortStore } from '../../engine/store.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

const cli = (...argv: string[]): Promise<CliResult> => runCliCaptured(argv);

let dir: string;
let cohort: string;
let withdrawn: string[];
let patients: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-generate-import-'));
  cohort = join(dir, 'cohort');
  const g = await cli('generate', '--out', cohort, '--breast', '120', '--prostate', '80', '--ms', '100', '--seed', '3');
  expect(g.code, g.err).toBe(0);
  patients = readFileSync(join(cohort, 'patients.csv'), 'utf8').trim().split('\n').length - 1;
  const file = join(cohort, 'consents.ndjson');
  const events = consentEventsFromFhir(parseFhirText(readFileSync(file, 'utf8'), file).entries, file).events;
  withdrawn = events.filter((e) => e.action === 'revoke').map((e) => e.pseudonym);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A copy of the generated folder with `file` replaced by `text` and one new
 * patient appended to patients.csv (so that a table import would show).
 */
function variant(name: string, file: string, text: string): string {
  const out = join(dir, name);
  mkdirSync(out);
  for (const f of readdirSync(cohort)) copyFileSync(join(cohort, f), join(out, f));
  writeFileSync(join(out, file), text);
  const rows = readFileSync(join(cohort, 'patients.csv'), 'utf8');
  writeFileSync(join(out, 'patients.csv'), rows + rows.split('\n')[1]!.replace(/^P-[0-9a-f]{10}/, 'P-00000000aa') + '\n');
  return out;
}

/** Rows in the store's patients table (0 for a database never created). */
async function patientCount(db: string): Promise<number> {
  const store = await CohortStore.open(db);
  try {
    return (await store.describe()).tables.find((t) => t.name === 'patients')!.rows;
  } finally {
    store.close();
  }
}

describe('import of a generated folder', () => {
  it('registers SYNTH as row-level and imports the consents; reads see the consenting patients only', async () => {
    expect(patients).toBe(300);
    expect(withdrawn.length).toBeGreaterThan(0);
    const db = join(dir, 'a.duckdb');
    const imp = await cli('import', '--db', db, cohort);
    expect(imp.code, imp.err).toBe(0);
    expect(imp.out).toContain('study.json: registered study SYNTH (purpose research-general, access row-level)');
    const show = await cli('study', 'show', '--db', db, 'SYNTH', '--json');
    expect(show.code, show.err).toBe(0);
    expect(JSON.parse(show.out)).toMatchObject({ id: 'SYNTH', access: 'row-level', purpose: 'research-general', minCellCount: 5 });
    const q = await cli('query', '--db', db, '--study', 'SYNTH', '--format', 'json', 'SELECT pseudonym FROM patients');
    expect(q.code, q.err).toBe(0);
    const seen = (JSON.parse(q.out) as { pseudonym: string }[]).map((r) => r.pseudonym);
    expect(seen).toHaveLength(patients - withdrawn.length);
    for (const p of withdrawn) expect(seen).not.toContain(p);
    const status = await cli('consent', 'status', '--db', db, '--pseudonym', withdrawn[0]!);
    expect(status.code, status.err).toBe(0);
    expect(status.out).toMatch(/revoked/);

    // A second import of the same folder changes nothing.
    const again = await cli('import', '--db', db, '--json', cohort);
    expect(again.code, again.err).toBe(0);
    const reports = JSON.parse(again.out) as Record<string, unknown>[];
    expect(reports.filter((r) => 'loaded' in r).every((r) => r.loaded === 0)).toBe(true);
    expect(reports.find((r) => 'study' in r)).toMatchObject({ study: 'SYNTH', registered: false, access: 'row-level' });
    expect(reports.find((r) => 'appended' in r)).toMatchObject({ appended: 0, duplicates: patients + withdrawn.length });
  });

  it('refuses a study file that redefines a registered study (exit 1), before writing any table', async () => {
    const db = join(dir, 'b.duckdb');
    expect((await cli('import', '--db', db, cohort)).code).toBe(0);
    const study = JSON.parse(readFileSync(join(cohort, 'study.json'), 'utf8')) as Record<string, unknown>;
    const changed = variant('changed', 'study.json', JSON.stringify({ ...study, minCellCount: 2, access: 'aggregate' }));
    const before = await patientCount(db);
    expect(before).toBe(patients);
    const r = await cli('import', '--db', db, changed);
    expect(r.code).toBe(1);
    expect(r.err).toContain('study SYNTH is already registered with a different minCellCount, access');
    expect(await patientCount(db)).toBe(before);
  });

  it('refuses a malformed consents file (exit 2, the resource named) and a malformed study file (exit 1): nothing written', async () => {
    const lines = readFileSync(join(cohort, 'consents.ndjson'), 'utf8').trim().split('\n');
    const bad = [...lines.slice(0, 3), lines[3]!.replace('"status":"active"', '"status":"maybe"'), ...lines.slice(4)].join('\n') + '\n';
    const badConsents = variant('bad-consents', 'consents.ndjson', bad);
    const db = join(dir, 'c.duckdb');
    const r = await cli('import', '--db', db, badConsents);
    expect(r.code).toBe(2);
    expect(r.err).toContain('consents.ndjson');
    expect(r.err).toContain('status');
    const badStudy = variant('bad-study', 'study.json', '{"id": "SYNTH", "title": ""}');
    const s = await cli('import', '--db', db, badStudy);
    expect(s.code).toBe(1);
    expect(s.err).toMatch(/Invalid study/);
    expect(await patientCount(db)).toBe(0);
    const list = await cli('study', 'list', '--db', db, '--json');
    expect(JSON.parse(list.out)).toEqual([]);
  });
});
