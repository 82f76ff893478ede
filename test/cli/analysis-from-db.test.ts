/**
 * Survival commands on a cohort database build the analysis table on the fly
 * (--endpoint, --covariates, --diagnosis as 'midia table'), for a registered
 * study, through the consent gate, and record the run in the ledger.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCohort } from '../../datasets/index.js';
import { grantConsent, revokeConsent } from '../../engine/consent/registry.js';
import { CANONICAL_TABLES } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

function cli(...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv);
}

let dir: string;
let db: string;
let breast: string[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-db-analysis-'));
  db = join(dir, 'c.duckdb');
  const cohort = generateCohort({ seed: 5, breast: 120, prostate: 10, ms: 10 });
  breast = cohort.patients.filter((p) => p.diagnosis === 'breast_cancer').map((p) => p.pseudonym);
  const store = await CohortStore.open(db);
  try {
    for (const t of CANONICAL_TABLES) await store.importRecords(t, cohort[t] as never[]);
    for (const p of cohort.patients) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'research-general', effectiveAt: new Date('2000-01-01T00:00:00Z') });
    // two breast cancer patients revoke before the analysis
    for (const p of breast.slice(0, 2)) await revokeConsent(store, { pseudonym: p, purpose: 'research-general', effectiveAt: new Date('2020-01-01T00:00:00Z') });
  } finally {
    store.close();
  }
  const reg = await cli('study', 'register', '--db', db, '--id', 'RFS', '--title', 'Relapse', '--question', 'Does Ki-67 predict distant relapse?', '--responsible', 'Dr. B', '--purpose', 'research-general', '--approval', 'EK-1');
  expect(reg.code, reg.err).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--db analyses with an on-the-fly analysis table', () => {
  it('fits Cox on consenting breast cancer patients only, with baseline covariates', async () => {
    const r = await cli('cox', '--db', db, '--study', 'RFS', '--diagnosis', 'breast_cancer', '--endpoint', 'distant_metastasis,death', '--covariates', 'KI67', '--unit', 'months', '--formula', 'Surv(time, status) ~ age + ki67', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { n: number; terms: { term: string }[] };
    expect(j.n).toBeLessThanOrEqual(breast.length - 2);
    expect(j.n).toBeGreaterThan(breast.length - 30);
    expect(j.terms.map((t) => t.term)).toEqual(['age', 'ki67']);
  });

  it('refuses both --table and --endpoint, and neither', async () => {
    expect((await cli('km', '--db', db, '--study', 'RFS', '--table', 'patients', '--endpoint', 'death', '--formula', 'Surv(time, status) ~ 1')).code).toBe(1);
    expect((await cli('km', '--db', db, '--study', 'RFS', '--formula', 'Surv(time, status) ~ 1')).code).toBe(1);
  });

  it('records each run in the ledger, without the revoked patients', async () => {
    const km = await cli('km', '--db', db, '--study', 'RFS', '--diagnosis', 'breast_cancer', '--endpoint', 'distant_metastasis,death', '--formula', 'Surv(time, status) ~ site', '--json');
    expect(km.code, km.err).toBe(0);
    const list = await cli('ledger', 'list', '--db', db, '--json');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toContain('"km"');
    const mine = await cli('ledger', 'for-patient', '--db', db, breast[5] as string, '--json');
    expect(mine.out).toContain('Does Ki-67 predict distant relapse?');
    const revoked = await cli('ledger', 'for-patient', '--db', db, breast[0] as string, '--json');
    expect(revoked.out).not.toContain('Does Ki-67 predict distant relapse?');
  });
});
