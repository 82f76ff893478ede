/**
 * Under a study (--db), the dropped-row count of every survival command is a
 * disclosure-controlled count: shown when it reaches the study's minimum cell
 * count, null with a note below it, and the count appears nowhere else in the
 * output (not in warnings, not in the model's own nDropped key). The attack:
 * fit a model on a covariate three patients lack, and read the 3.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCohort } from '../../datasets/index.js';
import { allPatients, openSession } from '../../engine/access.js';
import { patientTable } from '../../engine/analysis-table.js';
import { grantConsent } from '../../engine/consent/registry.js';
import { CANONICAL_TABLES } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

const cli = (...argv: string[]): Promise<CliResult> => runCliCaptured(argv);

let dir: string;
let db: string;
/** Breast cancer patients in the analysis table, and those without a grade (computed by the oracle below). */
let nAll = 0;
let nMissing = 0;
const LACKING = 3;

const TABLE = ['--diagnosis', 'breast_cancer', '--endpoint', 'distant_metastasis,death', '--covariates', 'GRADE', '--unit', 'months'];
const COMPETING = ['--diagnosis', 'breast_cancer', '--endpoint', 'distant_metastasis', '--competing', 'death', '--covariates', 'GRADE', '--unit', 'months'];

/** Each survival command with a formula that uses grade. */
const COMMANDS: { name: string; argv: string[] }[] = [
  { name: 'km', argv: ['km', ...TABLE, '--formula', 'Surv(time, status) ~ grade'] },
  { name: 'km --times', argv: ['km', ...TABLE, '--formula', 'Surv(time, status) ~ grade', '--times', '12,24'] },
  { name: 'logrank', argv: ['logrank', ...TABLE, '--formula', 'Surv(time, status) ~ grade'] },
  { name: 'logrank --pairwise', argv: ['logrank', ...TABLE, '--formula', 'Surv(time, status) ~ grade', '--pairwise'] },
  { name: 'rmst', argv: ['rmst', ...TABLE, '--formula', 'Surv(time, status) ~ grade'] },
  { name: 'zph', argv: ['zph', ...TABLE, '--formula', 'Surv(time, status) ~ age + grade'] },
  { name: 'cif', argv: ['cif', ...COMPETING, '--formula', 'Surv(time, status) ~ grade'] },
  { name: 'finegray', argv: ['finegray', ...COMPETING, '--formula', 'Surv(time, status) ~ age + grade', '--cause', '1'] },
  { name: 'aft', argv: ['aft', ...TABLE, '--formula', 'Surv(time, status) ~ age + grade'] },
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-missing-db-'));
  db = join(dir, 'c.duckdb');
  const cohort = generateCohort({ seed: 5, breast: 120, prostate: 0, ms: 0 });
  const lacking = new Set(cohort.patients.slice(0, LACKING).map((p) => p.pseudonym));
  const observations = cohort.observations.filter((o) => !(o.code === 'GRADE' && lacking.has(o.pseudonym)));
  const store = await CohortStore.open(db);
  try {
    for (const t of CANONICAL_TABLES) await store.importRecords(t, (t === 'observations' ? observations : cohort[t]) as never[]);
    for (const p of cohort.patients) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'research-general', effectiveAt: new Date('2000-01-01T00:00:00Z') });
    // Oracle: the analysis table read directly, its missing grades counted.
    const session = await openSession(store, { policy: allPatients, unrestrictedReason: 'test oracle' });
    try {
      const t = await patientTable(session, { diagnosis: 'breast_cancer', endpoint: { events: ['distant_metastasis', 'death'] }, covariates: [{ code: 'GRADE' }] });
      const grade = t.grade as Float64Array;
      nAll = grade.length;
      nMissing = grade.filter((g) => Number.isNaN(g)).length;
    } finally {
      session.close();
    }
  } finally {
    store.close();
  }
  for (const [id, min] of [['SHOW', '3'], ['HIDE', '5']] as const) {
    const reg = await cli('study', 'register', '--db', db, '--id', id, '--title', 'Grade', '--question', 'Does grade predict distant relapse?', '--responsible', 'Dr. B', '--purpose', 'research-general', '--approval', 'EK-2', '--min-cell-count', min);
    expect(reg.code, reg.err).toBe(0);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dropped rows under a study', () => {
  it('the set-up: exactly the three patients without a grade lack it in the analysis table', () => {
    expect(nAll).toBe(120);
    expect(nMissing).toBe(LACKING);
  });

  for (const c of COMMANDS) {
    it(`${c.name}: shown at the study's minimum cell count (3), with n = ${120 - LACKING} where totals are shown`, async () => {
      const r = await cli(...c.argv, '--db', db, '--study', 'SHOW', '--json');
      expect(r.code, r.err).toBe(0);
      const j = JSON.parse(r.out) as { n: number | null; events: number | null; dropped: number | null; droppedNote?: string };
      expect(j.dropped).toBe(LACKING);
      expect(j).not.toHaveProperty('droppedNote');
      if (j.n !== null) expect(j.n).toBe(nAll - nMissing);
      expect(j).toHaveProperty('events');
      const text = await cli(...c.argv, '--db', db, '--study', 'SHOW');
      expect(text.code, text.err).toBe(0);
      expect(text.out).toContain(`(${LACKING} observations deleted due to missingness)`);
    });

    it(`${c.name}: hidden below it (5): null with a note, and the 3 nowhere in text or JSON`, async () => {
      const r = await cli(...c.argv, '--db', db, '--study', 'HIDE', '--json');
      expect(r.code, r.err).toBe(0);
      const j = JSON.parse(r.out) as Record<string, unknown>;
      expect(j.dropped).toBeNull();
      expect(j.droppedNote).toContain('fewer than 5 observations deleted due to missingness');
      if ('nDropped' in j) expect(j.nDropped).toBeNull();
      const text = await cli(...c.argv, '--db', db, '--study', 'HIDE');
      expect(text.code, text.err).toBe(0);
      expect(text.out).toContain('fewer than 5 observations deleted due to missingness: count hidden');
      for (const out of [r.out, r.err, text.out, text.err]) {
        expect(out).not.toMatch(/\b3 observations/);
        expect(out).not.toMatch(/"n?[dD]ropped": 3\b/);
      }
    });
  }

  it('the ledger records what was released (null below the threshold)', async () => {
    const list = await cli('ledger', 'list', '--db', db, '--json');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toContain('"dropped": 3');
    expect(list.out).toContain('"dropped": null');
  });
});
