import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantConsent, revokeConsent } from '../../engine/consent/registry.js';
import type { CanonicalRecords } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';
import { rawConnection } from '../../engine/store-internal.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

function cli(...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv);
}

/**
 * 60 patients whose birth_year serves as a survival time and birth_month (1 or 2)
 * as R's 1/2 status coding, so km/cox can run on the patients table of a store.
 */
function patients(): CanonicalRecords['patients'][] {
  return Array.from({ length: 60 }, (_, i) => ({
    pseudonym: `P-${String(i).padStart(3, '0')}`,
    birth_year: 1900 + ((i * 37) % 97),
    birth_month: i % 3 === 0 ? 1 : 2,
    sex: i % 2 ? 'female' : 'male',
    diagnosis: i < 3 ? 'multiple_sclerosis' : 'breast_cancer',
    index_date: '2020-01-01',
  }));
}

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-study-cli-'));
  db = join(dir, 'cohort.duckdb');
  const store = await CohortStore.open(db);
  try {
    await store.importRecords('patients', patients());
    for (const p of patients()) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'study:BC-1', effectiveAt: new Date('2020-01-01T00:00:00Z') });
  } finally {
    store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KM = ['km', '--db', '', '--table', 'patients', '--formula', 'Surv(birth_year, birth_month) ~ sex', '--json'];
const km = (...extra: string[]) => cli(...KM.map((a) => (a === '' ? db : a)), ...extra);

describe('midia study / ledger and --study enforcement', () => {
  it('refuses every --db read without --study (exit 2, naming --study), and unknown studies', async () => {
    for (const argv of [
      ['describe', '--db', db],
      ['query', '--db', db, 'SELECT 1'],
      ['table', '--db', db],
      ['timeline', '--db', db, 'P-000'],
      ['km', '--db', db, '--table', 'patients', '--formula', 'Surv(birth_year, birth_month) ~ 1'],
      ['cox', '--db', db, '--table', 'patients', '--formula', 'Surv(birth_year, birth_month) ~ sex'],
    ]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toContain('--study');
    }
    const unknown = await km('--study', 'NOPE');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Unknown study 'NOPE'");
  });

  it('registers, lists and shows a study; runs km and cox with disclosure control and records each run', async () => {
    const reg = await cli('study', 'register', '--db', db, '--id', 'BC-1', '--title', 'Recurrence', '--question', 'How long until recurrence?', '--responsible', 'Dr. A', '--purpose', 'study:BC-1', '--approval', 'EC-2025-1', '--json');
    expect(reg.code, reg.err).toBe(0);
    expect(JSON.parse(reg.out)).toMatchObject({ id: 'BC-1', minCellCount: 5, allowIndividualTimes: false, access: 'aggregate' });
    expect((await cli('study', 'list', '--db', db)).out).toContain('BC-1');
    expect((await cli('study', 'show', '--db', db, 'BC-1')).out).toContain('How long until recurrence?');

    const r = await km('--study', 'BC-1');
    expect(r.code, r.err).toBe(0);
    const d = JSON.parse(r.out) as { threshold: number; gridWidth: number; strata: { intervals: { from: number; to: number; nEvent: number }[] }[] };
    expect(d.threshold).toBe(5);
    for (const s of d.strata) for (const iv of s.intervals) {
      expect(iv.nEvent).toBeGreaterThanOrEqual(5);
      expect(Math.abs(iv.to / d.gridWidth - Math.round(iv.to / d.gridWidth))).toBeLessThan(1e-9);
    }
    // The same data as a plain file would show every event time: the --db path must not.
    expect(r.out).not.toContain('"nCensor": [');

    const cox = await cli('cox', '--db', db, '--study', 'BC-1', '--table', 'patients', '--formula', 'Surv(birth_year, birth_month) ~ sex', '--json');
    expect(cox.code, cox.err).toBe(0);
    const c = JSON.parse(cox.out) as { n: number; terms: { term: string }[]; disclosure: { removed: string[] } };
    expect(c.n).toBe(60);
    expect(c.terms.map((t) => t.term)).toEqual(['sexmale']);

    const q = await cli('query', '--db', db, '--study', 'BC-1', '--json', 'SELECT count(*)::INTEGER AS n FROM patients');
    expect(JSON.parse(q.out)).toEqual([{ n: 60 }]);

    const list = await cli('ledger', 'list', '--db', db, '--json');
    const entries = JSON.parse(list.out) as { seq: number; analysis: string; studyId: string; nPatients: number; parameters: { flags: Record<string, string> } }[];
    expect(entries.map((e) => [e.seq, e.analysis, e.studyId, e.nPatients])).toEqual([
      [1, 'km', 'BC-1', 60],
      [2, 'cox', 'BC-1', 60],
      [3, 'query', 'BC-1', 60],
    ]);
    expect(entries[0]!.parameters.flags.formula).toBe('Surv(birth_year, birth_month) ~ sex');
    expect(entries[0]!.parameters.flags).not.toHaveProperty('db');
    const v = await cli('ledger', 'verify', '--db', db);
    expect(v.code).toBe(0);
    expect(v.out).toContain('ledger intact: 3 entries');
  });

  it('for-patient shows the study, its question and published results; revocation stops later use', async () => {
    const pub = await cli('study', 'publish', '--db', db, '--study', 'BC-1', '--title', 'Time to recurrence', '--summary', 'Median 6 years', '--published-at', '2025-06-01', '--url', 'https://example.org/bc1');
    expect(pub.code, pub.err).toBe(0);
    const store = await CohortStore.open(db);
    try {
      await revokeConsent(store, { pseudonym: 'P-007', purpose: 'study:BC-1', effectiveAt: new Date(Date.now() - 1000) });
    } finally {
      store.close();
    }
    // The same count after one revocation would reveal the revoked patient's contribution by difference:
    // the aggregate study refuses it (docs/access-levels.md); describe still runs and is recorded without P-007.
    const q = await cli('query', '--db', db, '--study', 'BC-1', '--json', 'SELECT count(*)::INTEGER AS n FROM patients');
    expect(q.code).toBe(2);
    expect(q.err).toContain('by difference');
    const desc = await cli('describe', '--db', db, '--study', 'BC-1', '--json');
    expect(desc.code, desc.err).toBe(0);
    const fp = await cli('ledger', 'for-patient', '--db', db, 'P-007', '--json');
    const r = JSON.parse(fp.out) as { studies: { studyId: string; question: string; uses: { seq: number }[]; published: { title: string }[] }[]; ledgerVerified: boolean };
    expect(r.ledgerVerified).toBe(true);
    expect(r.studies).toHaveLength(1);
    expect(r.studies[0]).toMatchObject({ studyId: 'BC-1', question: 'How long until recurrence?', published: [{ title: 'Time to recurrence' }] });
    expect(r.studies[0]!.uses.map((u) => u.seq)).toEqual([1, 2, 3]); // not the describe after the revocation (seq 4)
    const other = await cli('ledger', 'for-patient', '--db', db, 'P-008');
    expect(other.out).toContain('Median 6 years');
    expect((await cli('ledger', 'for-patient', '--db', db, 'NOBODY')).out).toContain('No analysis recorded');
  });

  it('ledger verify exits 2 and names the entry after tampering', async () => {
    const store = await CohortStore.open(db);
    try {
      await rawConnection(store).run(`UPDATE governance.ledger SET parameters = '{}' WHERE seq = 2`);
    } finally {
      store.close();
    }
    const v = await cli('ledger', 'verify', '--db', db);
    expect(v.code).toBe(2);
    expect(v.out).toContain('BROKEN at entry 2');
  });
});
