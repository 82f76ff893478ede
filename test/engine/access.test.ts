import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPatients, openSession, type AccessPolicy } from '../../engine/access.js';
import { grantConsent } from '../../engine/consent/registry.js';
import { registerStudy } from '../../engine/study/study-registry.js';
import type { CohortStore } from '../../engine/store.js';
import { AccessDeniedError, MidiaError, UsageError } from '../../util/errors.js';
import { MINI, miniStore } from '../helpers/mini-cohort.js';

let store: CohortStore;
let dir: string;
beforeAll(async () => {
  store = await miniStore();
  await registerStudy(store, { id: 'S1', title: 'Mini', question: 'Does the gate work?', responsible: 'Test', purpose: 'research-general', approval: 'EC-TEST-1' });
  for (const p of ['P-A', 'P-B', 'P-C', 'P-D']) await grantConsent(store, { pseudonym: p, purpose: 'research-general', effectiveAt: new Date('2020-01-01T00:00:00Z') });
  dir = mkdtempSync(join(tmpdir(), 'midia-access-'));
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = async (s: Awaited<ReturnType<typeof openSession>>, table: string) => Number((await s.queryRows(`SELECT count(*) AS n FROM ${table}`))[0]?.n);

describe('access gate', () => {
  it('exposes the canonical tables with every admitted patient', async () => {
    const s = await openSession(store, { study: 'S1' });
    try {
      expect(s.pseudonyms).toEqual(['P-A', 'P-B', 'P-C', 'P-D']);
      expect(s.purpose).toBe('research-general');
      expect(await count(s, 'patients')).toBe(MINI.patients.length);
      expect(await count(s, 'events')).toBe(MINI.events.length);
      expect(await count(s, 'observations')).toBe(MINI.observations.length);
      expect(s.study).toBe('S1');
      const arrow = await s.queryArrow('SELECT pseudonym, value FROM observations WHERE code = $1 ORDER BY value', ['EDSS']);
      expect(arrow.numRows).toBe(2);
      expect(arrow.getChild('value')?.get(1)).toBe(3.5);
    } finally {
      s.close();
    }
  });

  it('cannot reach the raw store, files, other databases or settings', async () => {
    const csv = join(dir, 'x.csv');
    writeFileSync(csv, 'a\n1\n');
    const s = await openSession(store, { policy: allPatients, unrestrictedReason: 'test of the gate' });
    try {
      await expect(s.query('SELECT * FROM cohort.patients')).rejects.toBeInstanceOf(MidiaError);
      await expect(s.query(`SELECT * FROM read_csv('${csv}')`)).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(s.query(`ATTACH '${join(dir, 'other.duckdb')}' AS other`)).rejects.toBeInstanceOf(MidiaError);
      await expect(s.query('SET enable_external_access = true')).rejects.toBeInstanceOf(MidiaError);
      await expect(s.query(`COPY patients TO '${join(dir, 'leak.csv')}'`)).rejects.toBeInstanceOf(AccessDeniedError);
    } finally {
      s.close();
    }
  });

  it('admits only the patients a policy names, in every table', async () => {
    const policy: AccessPolicy = { name: 'only-A-and-D', scopeSql: async () => "SELECT pseudonym FROM cohort.patients WHERE pseudonym IN ('P-A', 'P-D')" };
    const s = await openSession(store, { policy });
    try {
      expect(s.pseudonyms).toEqual(['P-A', 'P-D']);
      expect(s.policyName).toBe('only-A-and-D');
      const leaked = await s.queryRows(`SELECT pseudonym FROM events WHERE pseudonym NOT IN ('P-A', 'P-D')
        UNION ALL SELECT pseudonym FROM observations WHERE pseudonym NOT IN ('P-A', 'P-D')
        UNION ALL SELECT pseudonym FROM treatments WHERE pseudonym NOT IN ('P-A', 'P-D')
        UNION ALL SELECT pseudonym FROM visits WHERE pseudonym NOT IN ('P-A', 'P-D')`);
      expect(leaked).toEqual([]);
      expect(await count(s, 'events')).toBe(MINI.events.filter((e) => e.pseudonym === 'P-A' || e.pseudonym === 'P-D').length);
    } finally {
      s.close();
    }
  });

  it('is a snapshot: records imported later are seen by sessions opened later', async () => {
    const s1 = await openSession(store, { policy: allPatients, unrestrictedReason: 'test of the gate' });
    await store.importRecords('visits', [{ pseudonym: 'P-C', date: '2020-02-01', type: 'telephone' }]);
    const s2 = await openSession(store, { policy: allPatients, unrestrictedReason: 'test of the gate' });
    try {
      expect(await count(s1, 'visits')).toBe(MINI.visits.length);
      expect(await count(s2, 'visits')).toBe(MINI.visits.length + 1);
    } finally {
      s1.close();
      s2.close();
    }
  });

  it('refuses a session without a study or an explicit policy, an unknown study, and an unrestricted policy without reason', async () => {
    // @ts-expect-error: the options are required (no default scope)
    await expect(openSession(store)).rejects.toBeInstanceOf(AccessDeniedError);
    // @ts-expect-error: a purpose alone is no declaration
    await expect(openSession(store, { purpose: 'research-general' })).rejects.toThrow(/No study declared/);
    await expect(openSession(store, { study: 'NOPE' })).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(openSession(store, { policy: allPatients })).rejects.toThrow(/admits every patient/);
    await expect(openSession(store, { policy: allPatients, unrestrictedReason: '  ' })).rejects.toBeInstanceOf(AccessDeniedError);
    // @ts-expect-error: a study brings its own policy
    await expect(openSession(store, { study: 'S1', policy: allPatients })).rejects.toBeInstanceOf(UsageError);
  });

  it('refuses queries after close', async () => {
    const s = await openSession(store, { policy: allPatients, unrestrictedReason: 'test of the gate' });
    s.close();
    await expect(s.query('SELECT 1')).rejects.toThrow(/closed/);
  });
});
