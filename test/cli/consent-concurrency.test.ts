/**
 * A revocation is never blocked for long or lost by a concurrent analysis
 * (the privacy review: "a long query holds the database lock so that a
 * concurrent consent revoke fails"), and the reverse: an analysis waits out a
 * process that holds the store instead of failing. Each side runs in its own
 * process, as two users' commands would (process model: docs/process-model.md).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../engine/access.js';
import { grantConsent } from '../../engine/consent/registry.js';
import { verifyLedger } from '../../engine/ledger/verify-ledger.js';
import { readLedger } from '../../engine/ledger/ledger.js';
import { CohortStore } from '../../engine/store.js';
import { registerStudy } from '../../engine/study/study-registry.js';
import { MINI } from '../helpers/mini-cohort.js';
import { holdInOtherProcess, startTs } from '../helpers/processes.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

const cli = (...argv: string[]): Promise<CliResult> => runCliCaptured(argv);

let dir: string;
let keyFile: string;
const saved = { key: process.env.MIDIA_LEDGER_KEY_FILE, timeout: process.env.MIDIA_STORE_LOCK_TIMEOUT };

/** A store with the mini cohort, study S1 (purpose research-general) and consent for every patient. */
async function makeStore(name: string): Promise<string> {
  const db = join(dir, name);
  const store = await CohortStore.open(db);
  try {
    await store.importRecords('patients', MINI.patients);
    await registerStudy(store, { id: 'S1', title: 'Follow-up', question: 'How many patients?', responsible: 'Dr. C', purpose: 'research-general', approval: 'EC-11', minCellCount: 1 });
    for (const p of MINI.patients) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'research-general', effectiveAt: new Date('2020-01-01T00:00:00Z') });
  } finally {
    store.close();
  }
  return db;
}

async function history(db: string, pseudonym: string): Promise<{ action: string }[]> {
  return (JSON.parse((await cli('consent', 'history', '--db', db, '--pseudonym', pseudonym, '--json')).out) as { events: { action: string }[] }).events;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'midia-consent-concurrency-'));
  keyFile = join(dir, 'ledger-key.pem');
  writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  process.env.MIDIA_LEDGER_KEY_FILE = keyFile; // this process and the children sign with one key
});
afterAll(() => {
  for (const [k, v] of [
    ['MIDIA_LEDGER_KEY_FILE', saved.key],
    ['MIDIA_STORE_LOCK_TIMEOUT', saved.timeout],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('consent changes and analyses in concurrent processes', () => {
  it('a revocation during a long analysis in another process succeeds at once, and the analysis still records its run', async () => {
    const db = await makeStore('long-analysis.duckdb');
    const analysis = startTs('test/helpers/analysis-child.ts', [db, 'S1']);
    try {
      const copied = await analysis.line('copied ');
      expect(copied).toBe('copied P-A,P-B,P-C,P-D');
      // The analysis is running (it waits for our signal) and holds no lock: the revocation
      // succeeds without waiting at all.
      process.env.MIDIA_STORE_LOCK_TIMEOUT = '0';
      const started = Date.now();
      const r = await cli('consent', 'revoke', '--db', db, '--pseudonym', 'P-B', '--purpose', 'research-general');
      const took = Date.now() - started;
      delete process.env.MIDIA_STORE_LOCK_TIMEOUT;
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('now: research-general revoked for P-B');
      expect(analysis.process.exitCode).toBeNull(); // still analysing
      expect(took).toBeLessThan(15_000);
      analysis.send('finish');
      const recorded = await analysis.line('recorded ');
      expect(recorded).toBe('recorded 1 4'); // its snapshot predates the revocation
      expect((await analysis.exit).code).toBe(0);
    } finally {
      analysis.process.kill();
    }
    expect((await history(db, 'P-B')).map((e) => e.action)).toEqual(['grant', 'revoke']);
    const store = await CohortStore.open(db);
    try {
      const entries = await readLedger(store);
      expect(entries.map((e) => [e.seq, e.analysis, e.pseudonyms.length])).toEqual([[1, 'query', 4]]);
      expect((await verifyLedger(store)).ok).toBe(true);
    } finally {
      store.close();
    }
    // a session started after the revocation no longer sees the patient
    const q = await cli('query', '--db', db, '--study', 'S1', '--json', 'SELECT count(*)::INTEGER AS n FROM patients');
    expect(q.code, q.err).toBe(0);
    expect(JSON.parse(q.out)).toEqual([{ n: 3 }]);
  }, 180_000);

  it('a revocation while another process holds the store waits for it and is recorded; past the timeout it fails and records nothing', async () => {
    const db = await makeStore('held.duckdb');
    const holder = await holdInOtherProcess(db);
    setTimeout(() => holder.send('release'), 1000);
    const r = await cli('consent', 'revoke', '--db', db, '--pseudonym', 'P-C', '--purpose', 'research-general');
    expect(r.code, r.err).toBe(0);
    expect((await holder.exit).code).toBe(0);
    expect((await history(db, 'P-C')).map((e) => e.action)).toEqual(['grant', 'revoke']);

    const holder2 = await holdInOtherProcess(db);
    try {
      process.env.MIDIA_STORE_LOCK_TIMEOUT = '0.3';
      const refused = await cli('consent', 'revoke', '--db', db, '--pseudonym', 'P-A', '--purpose', 'research-general');
      delete process.env.MIDIA_STORE_LOCK_TIMEOUT;
      expect(refused.code).toBe(2);
      expect(refused.err).toContain(`is in use by another process (PID ${holder2.process.pid}`);
      expect(refused.err).toContain('nothing was done');
    } finally {
      holder2.send('release');
      await holder2.exit;
    }
    expect((await history(db, 'P-A')).map((e) => e.action)).toEqual(['grant']);
  }, 120_000);

  it('the reverse: an analysis waits for a process that holds the store, then runs and records', async () => {
    const db = await makeStore('reverse.duckdb');
    const holder = await holdInOtherProcess(db);
    setTimeout(() => holder.send('release'), 1000);
    const started = Date.now();
    const q = await cli('query', '--db', db, '--study', 'S1', '--json', 'SELECT count(*)::INTEGER AS n FROM patients');
    expect(q.code, q.err).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(JSON.parse(q.out)).toEqual([{ n: 4 }]);
    expect((await holder.exit).code).toBe(0);
    expect(JSON.parse((await cli('ledger', 'list', '--db', db, '--json')).out)).toHaveLength(1);
  }, 120_000);

  it('the real CLI in another process revokes while this process keeps working on the store (sessions and ledger writes): none fails, none is lost', async () => {
    const db = await makeStore('busy.duckdb');
    const child = startTs('cli/main.ts', ['consent', 'revoke', '--db', db, '--pseudonym', 'P-D', '--purpose', 'research-general']);
    let done = false;
    void child.exit.then(() => (done = true));
    let runs = 0;
    while (!done) {
      // one operation as a service would run it: open, copy a session, record, close; then a short pause
      const store = await CohortStore.open(db);
      try {
        const session = await openSession(store, { study: 'S1' });
        await session.record('query', { sql: 'SELECT 1' }, { rows: 1 });
        session.close();
      } finally {
        store.close();
      }
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const r = await child.exit;
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('revoked: P-D research-general');
    expect(runs).toBeGreaterThan(0);
    expect((await history(db, 'P-D')).map((e) => e.action)).toEqual(['grant', 'revoke']);
    const store = await CohortStore.open(db);
    try {
      expect((await readLedger(store)).length).toBe(runs);
      expect((await verifyLedger(store)).ok).toBe(true);
    } finally {
      store.close();
    }
  }, 180_000);
});
