/**
 * The time axis of `midia figure` says the unit only when it is known: from
 * --time-unit, or from the analysis table built with --endpoint (its --unit,
 * default days); a data file's unit is unknown, so the axis says 'Time' (data
 * in weeks were labelled days). Legends sit outside the plot area.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCohort } from '../../datasets/index.js';
import { grantConsent } from '../../engine/consent/registry.js';
import { CANONICAL_TABLES } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';
import { runCliCaptured } from '../helpers/run-cli.js';

interface Spec { layout: { xaxis: { title: { text: string } }; legend?: { x: number; xanchor: string } } }

/** The plotly spec inside a figure HTML file (render/figure-html.ts: `<script type="application/json" id="...-spec">`). */
function specOf(file: string): Spec {
  const html = readFileSync(file, 'utf8');
  const m = /<script type="application\/json" id="[^"]*-spec">(.*?)<\/script>/s.exec(html);
  if (!m) throw new Error(`no figure spec in ${file}`);
  return JSON.parse(m[1]!) as Spec;
}

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-figure-axis-'));
  db = join(dir, 'c.duckdb');
  const cohort = generateCohort({ seed: 7, breast: 150, prostate: 5, ms: 5 });
  const store = await CohortStore.open(db);
  try {
    for (const t of CANONICAL_TABLES) await store.importRecords(t, cohort[t] as never[]);
    for (const p of cohort.patients) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'research-general', effectiveAt: new Date('2000-01-01T00:00:00Z') });
  } finally {
    store.close();
  }
  const reg = await runCliCaptured(['study', 'register', '--db', db, '--id', 'AX', '--title', 'Axis', '--question', 'Which unit?', '--responsible', 'Dr. T', '--purpose', 'research-general', '--approval', 'EK-2', '--min-cell-count', '5']);
  expect(reg.code, reg.err).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('figure time axis', () => {
  it("a data file: 'Time' unless --time-unit says the unit; the legend outside the plot", async () => {
    const plain = join(dir, 'km.html');
    const r = await runCliCaptured(['figure', 'km', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ sex', '--out', plain]);
    expect(r.code, r.err).toBe(0);
    const spec = specOf(plain);
    expect(spec.layout.xaxis.title.text).toBe('Time');
    expect(spec.layout.legend).toMatchObject({ x: 1.02, xanchor: 'left' });
    const weeks = join(dir, 'km-weeks.html');
    expect((await runCliCaptured(['figure', 'km', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ sex', '--time-unit', 'weeks', '--out', weeks])).code).toBe(0);
    expect(specOf(weeks).layout.xaxis.title.text).toBe('Time (weeks)');
    const cif = join(dir, 'cif.html');
    expect((await runCliCaptured(['figure', 'cif', '--data', 'datasets/mgus2.csv', '--formula', 'Surv(ptime, pstat) ~ 1', '--out', cif])).code).toBe(0);
    expect(specOf(cif).layout.xaxis.title.text).toBe('Time');
    const zph = join(dir, 'zph.html');
    expect((await runCliCaptured(['figure', 'zph', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ age', '--time-unit', 'days', '--out', zph])).code).toBe(0);
    expect(specOf(zph).layout.xaxis.title.text).toBe('Time (days)');
  });

  it('an analysis table built with --endpoint: the unit of the table (--unit, default days)', async () => {
    const base = ['figure', 'km', '--db', db, '--study', 'AX', '--diagnosis', 'breast_cancer', '--endpoint', 'distant_metastasis,death', '--formula', 'Surv(time, status) ~ 1'];
    const months = join(dir, 'db-months.html');
    const r = await runCliCaptured([...base, '--unit', 'months', '--out', months]);
    expect(r.code, r.err).toBe(0);
    expect(specOf(months).layout.xaxis.title.text).toBe('Time (months)');
    const days = join(dir, 'db-days.html');
    expect((await runCliCaptured([...base, '--out', days])).code).toBe(0);
    expect(specOf(days).layout.xaxis.title.text).toBe('Time (days)');
    const told = join(dir, 'db-told.html');
    expect((await runCliCaptured([...base, '--unit', 'years', '--time-unit', 'years since diagnosis', '--out', told])).code).toBe(0);
    expect(specOf(told).layout.xaxis.title.text).toBe('Time (years since diagnosis)');
  });
});
