import { afterEach, describe, expect, it } from 'vitest';
import { allPatients, openSession } from '../../../engine/access.js';
import { grantConsent, revokeConsent } from '../../../engine/consent/registry.js';
import { canonicalJson } from '../../../engine/ledger/canonical-json.js';
import { engineVersion } from '../../../engine/ledger/engine-version.js';
import { appendLedgerEntry, entryHash, GENESIS_HASH, listLedger, readLedger } from '../../../engine/ledger/ledger.js';
import { ledgerForPatient } from '../../../engine/ledger/ledger-for-patient.js';
import { verifyLedger } from '../../../engine/ledger/verify-ledger.js';
import type { CohortStore } from '../../../engine/store.js';
import { rawConnection } from '../../../engine/store-internal.js';
import { publishResult, registerStudy } from '../../../engine/study/study-registry.js';
import { openStudySession } from '../../../engine/study/study-session.js';
import { StoreError, UsageError } from '../../../util/errors.js';
import { miniStore } from '../../helpers/mini-cohort.js';

const ALL = ['P-A', 'P-B', 'P-C', 'P-D'];
const stores: CohortStore[] = [];
afterEach(() => {
  while (stores.length) stores.pop()!.close();
});

/** A store with study S1 (purpose study:S1), every patient consenting since 2020, and three recorded analyses. */
async function ledgerStore(): Promise<CohortStore> {
  const store = await miniStore();
  stores.push(store);
  await registerStudy(store, { id: 'S1', title: 'Recurrence', question: 'How often does breast cancer recur?', responsible: 'Dr. A', purpose: 'study:S1', approval: 'EC-1' });
  for (const p of ALL) await grantConsent(store, { pseudonym: p, purpose: 'study:S1', effectiveAt: new Date('2020-01-01T00:00:00Z') });
  const s = await openStudySession(store, 'S1');
  try {
    await s.record('km', { formula: 'Surv(time, status) ~ 1' }, { n: 4, events: 2 });
    await s.record('cox', { formula: 'Surv(time, status) ~ age' }, { n: 4, hr: 1.2 }, { pseudonyms: ['P-A', 'P-B', 'P-C'] });
    await s.record('describe', {}, { patients: 4 });
  } finally {
    s.close();
  }
  return store;
}

const sql = (store: CohortStore, text: string) => rawConnection(store).run(text);

describe('canonical JSON', () => {
  it('sorts keys at every depth, drops undefined, writes NaN as null, and does not depend on insertion order', () => {
    expect(canonicalJson({ b: 1, a: [true, null, { d: NaN, c: 'x' }], u: undefined })).toBe('{"a":[true,null,{"c":"x","d":null}],"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
    expect(canonicalJson(new Float64Array([1.5, Infinity]))).toBe('[1.5,null]');
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});

describe('data-use ledger', () => {
  it('appends hash-chained entries with study snapshot, engine version and the pseudonyms used', async () => {
    const store = await ledgerStore();
    const entries = await readLedger(store);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(entries[2]!.prevHash).toBe(entries[1]!.hash);
    expect(entries[0]!.pseudonyms).toEqual(ALL);
    expect(entries[1]!.pseudonyms).toEqual(['P-A', 'P-B', 'P-C']);
    expect(entries[0]!.engineVersion).toBe(engineVersion());
    expect(engineVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(entries[0]!.study).toMatchObject({ id: 'S1', question: 'How often does breast cancer recur?', purpose: 'study:S1', approval: 'EC-1' });
    expect(entries[1]!.resultSummary).toEqual({ hr: 1.2, n: 4 });
    const { hash, ...rest } = entries[2]!;
    expect(entryHash(rest)).toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const v = await verifyLedger(store);
    expect(v).toMatchObject({ ok: true, entries: 3, firstBrokenSeq: null, problems: [] });
    expect(v.head).toEqual({ seq: 3, hash });
    expect((await listLedger(store, { limit: 2 })).map((e) => [e.seq, e.analysis, e.nPatients])).toEqual([
      [2, 'cox', 3],
      [3, 'describe', 4],
    ]);
  });

  it('detects an edited entry', async () => {
    const store = await ledgerStore();
    await sql(store, `UPDATE governance.ledger SET result_summary = '{"hr":0.5,"n":4}' WHERE seq = 2`);
    const v = await verifyLedger(store);
    expect(v.ok).toBe(false);
    expect(v.firstBrokenSeq).toBe(2);
    expect(v.problems).toEqual([expect.objectContaining({ seq: 2, kind: 'altered' })]);
  });

  it('detects a patient removed from an entry', async () => {
    const store = await ledgerStore();
    await sql(store, `DELETE FROM governance.ledger_patients WHERE seq = 1 AND pseudonym = 'P-B'`);
    const v = await verifyLedger(store);
    expect(v.firstBrokenSeq).toBe(1);
    expect(v.problems.map((p) => p.kind)).toContain('altered');
  });

  it('detects a deleted entry', async () => {
    const store = await ledgerStore();
    await sql(store, 'DELETE FROM governance.ledger WHERE seq = 2');
    await sql(store, 'DELETE FROM governance.ledger_patients WHERE seq = 2');
    const v = await verifyLedger(store);
    expect(v.ok).toBe(false);
    // its signature row is left behind (seq 2), the gap and the broken link show at entry 3
    expect(v.firstBrokenSeq).toBe(2);
    expect(v.problems.map((p) => [p.seq, p.kind])).toEqual([
      [2, 'truncated'],
      [3, 'missing'],
      [3, 'chain'],
    ]);
    expect(v.problems.find((p) => p.kind === 'missing')?.message).toContain('entry 2 is missing');
  });

  it('detects reordered entries', async () => {
    const store = await ledgerStore();
    await sql(store, 'UPDATE governance.ledger SET seq = -1 WHERE seq = 2');
    await sql(store, 'UPDATE governance.ledger SET seq = 2 WHERE seq = 3');
    await sql(store, 'UPDATE governance.ledger SET seq = 3 WHERE seq = -1');
    await sql(store, 'UPDATE governance.ledger_patients SET seq = -1 WHERE seq = 2');
    await sql(store, 'UPDATE governance.ledger_patients SET seq = 2 WHERE seq = 3');
    await sql(store, 'UPDATE governance.ledger_patients SET seq = 3 WHERE seq = -1');
    const v = await verifyLedger(store);
    expect(v.ok).toBe(false);
    expect(v.firstBrokenSeq).toBe(2);
    // entry 3's fields now sit at seq 2: the recomputed hash, the link and the signature all fail there
    expect(v.problems.filter((p) => p.seq === 2).map((p) => p.kind).sort()).toEqual(['altered', 'chain', 'signature']);
  });

  it('detects a truncated tail from the signed seal, and against a head kept outside the store', async () => {
    const store = await ledgerStore();
    const head = (await verifyLedger(store)).head!;
    await sql(store, 'DELETE FROM governance.ledger WHERE seq = 3');
    await sql(store, 'DELETE FROM governance.ledger_patients WHERE seq = 3');
    await sql(store, "DELETE FROM governance.log_signatures WHERE log = 'ledger' AND seq = 3");
    const plain = await verifyLedger(store);
    expect(plain.ok).toBe(false);
    expect(plain.problems).toEqual([expect.objectContaining({ seq: 3, kind: 'truncated', message: expect.stringContaining('the signed seal records 3 entries, the log holds 2: entry 3 was removed') })]);
    const v = await verifyLedger(store, { expectHead: head });
    expect(v.problems.map((p) => [p.seq, p.kind])).toEqual([
      [3, 'truncated'],
      [3, 'truncated'],
    ]);
  });

  it('keeps a revoked patient in entries before the revocation and leaves them out after it', async () => {
    const store = await ledgerStore();
    await revokeConsent(store, { pseudonym: 'P-B', purpose: 'study:S1', effectiveAt: new Date(Date.now() - 1000) });
    const s = await openStudySession(store, 'S1');
    try {
      expect(s.pseudonyms).toEqual(['P-A', 'P-C', 'P-D']);
      await s.record('km', { formula: 'Surv(time, status) ~ 1' }, { n: 3 });
      await expect(s.record('km', {}, {}, { pseudonyms: ['P-B'] })).rejects.toBeInstanceOf(UsageError);
    } finally {
      s.close();
    }
    const entries = await readLedger(store);
    expect(entries.map((e) => e.pseudonyms.includes('P-B'))).toEqual([true, true, true, false]);
    const b = await ledgerForPatient(store, 'P-B');
    expect(b.studies).toHaveLength(1);
    expect(b.studies[0]!.uses.map((u) => u.seq)).toEqual([1, 2, 3]);
    const a = await ledgerForPatient(store, 'P-A');
    expect(a.studies[0]!.uses.map((u) => u.seq)).toEqual([1, 2, 3, 4]);
    expect((await verifyLedger(store)).ok).toBe(true);
  });

  it('for-patient lists the studies that used the data, with question and published results', async () => {
    const store = await ledgerStore();
    await registerStudy(store, { id: 'S2', title: 'MS therapy', question: 'Does early high-efficacy therapy delay disability?', responsible: 'Dr. B', purpose: 'research-general', approval: 'EC-2' });
    await grantConsent(store, { pseudonym: 'P-D', purpose: 'research-general', effectiveAt: new Date('2020-01-01T00:00:00Z') });
    const s2 = await openStudySession(store, 'S2');
    try {
      expect(s2.pseudonyms).toEqual(['P-D']);
      await s2.record('cox', {}, { n: 1 });
    } finally {
      s2.close();
    }
    await publishResult(store, 'S1', { title: 'Recurrence after 5 years', summary: '5-year recurrence 20%', url: 'https://example.org/s1', publishedAt: '2025-06-01' });
    const d = await ledgerForPatient(store, 'P-D');
    expect(d.ledgerVerified).toBe(true);
    expect(d.studies.map((s) => s.studyId)).toEqual(['S1', 'S2']);
    expect(d.studies[0]).toMatchObject({ question: 'How often does breast cancer recur?', responsible: 'Dr. A', approval: 'EC-1' });
    expect(d.studies[0]!.published).toEqual([{ title: 'Recurrence after 5 years', summary: '5-year recurrence 20%', url: 'https://example.org/s1', publishedAt: '2025-06-01' }]);
    expect(d.studies[0]!.uses.map((u) => u.analysis)).toEqual(['km', 'describe']); // not in the cox run of S1
    expect(d.studies[1]).toMatchObject({ studyId: 'S2', question: 'Does early high-efficacy therapy delay disability?', published: [] });
    const c = await ledgerForPatient(store, 'P-C');
    expect(c.studies.map((s) => s.studyId)).toEqual(['S1']);
    expect((await ledgerForPatient(store, 'P-Z')).studies).toEqual([]);
    await sql(store, `UPDATE governance.ledger SET analysis = 'other' WHERE seq = 1`);
    expect((await ledgerForPatient(store, 'P-D')).ledgerVerified).toBe(false);
  });

  it('records unrestricted sessions with their reason, and refuses to record in a read-only store', async () => {
    const store = await miniStore();
    stores.push(store);
    const s = await openSession(store, { policy: allPatients, unrestrictedReason: 'synthetic data' });
    await s.record('query', { sql: 'SELECT 1' }, { rows: 1 });
    s.close();
    const e = (await readLedger(store))[0]!;
    expect(e.studyId).toBeNull();
    expect(e.study).toEqual({ policy: 'all-patients', purpose: null, reason: 'synthetic data' });
    const p = await ledgerForPatient(store, 'P-A');
    expect(p.studies[0]).toMatchObject({ studyId: null, reason: 'synthetic data' });
    const ro = { readOnly: true, path: 'x' } as unknown as CohortStore;
    await expect(appendLedgerEntry(ro, { studyId: null, study: {}, analysis: 'x', parameters: {}, pseudonyms: [], resultSummary: {} })).rejects.toBeInstanceOf(StoreError);
  });
});
