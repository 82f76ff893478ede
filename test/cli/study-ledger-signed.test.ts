/**
 * `midia ledger checkpoint` and `midia ledger verify` against the attacks of
 * the privacy review, performed on the database file with raw SQL (write
 * access to the file, no signing key): the last 3 entries deleted, all of them
 * deleted (seal too), the chain rebuilt with one patient removed, a forged
 * entry appended with a correct hash (also with --expect-head), a dropped
 * ledger table. Verification needs only the public key.
 */
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendLedgerEntry, entryHash, GENESIS_HASH, readLedger } from '../../engine/ledger/ledger.js';
import { literal } from '../../engine/sql.js';
import { CohortStore } from '../../engine/store.js';
import { rawConnection } from '../../engine/store-internal.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

const cli = (...argv: string[]): Promise<CliResult> => runCliCaptured(argv);

let dir: string;
let pristine: string;
let db: string;
let keyFile: string;
let pubFile: string;
let cpFile: string;
const saved = { key: process.env.MIDIA_LEDGER_KEY_FILE, xdg: process.env.XDG_CONFIG_HOME };

/** Runs raw SQL on the database file, as someone with write access to it would. */
async function tamper(...statements: string[]): Promise<void> {
  const store = await CohortStore.open(db);
  try {
    for (const s of statements) await rawConnection(store).run(s);
  } finally {
    store.close();
  }
}

/** Only the public key is available: no signing key configured, and an empty configuration directory. */
function publicKeyOnly(): void {
  delete process.env.MIDIA_LEDGER_KEY_FILE;
  process.env.XDG_CONFIG_HOME = join(dir, 'empty-config');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-ledger-signed-cli-'));
  keyFile = join(dir, 'ledger-key.pem');
  pubFile = join(dir, 'ledger-key.pub.pem');
  cpFile = join(dir, 'checkpoint.json');
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(pubFile, publicKey.export({ type: 'spki', format: 'pem' }));
  process.env.MIDIA_LEDGER_KEY_FILE = keyFile;
  pristine = join(dir, 'pristine.duckdb');
  const store = await CohortStore.open(pristine);
  try {
    for (let i = 1; i <= 6; i++) {
      await appendLedgerEntry(store, { studyId: 'S1', study: { id: 'S1', question: 'How often?' }, analysis: `km-${i}`, parameters: { i }, pseudonyms: ['P-A', 'P-B', 'P-C'], resultSummary: { n: 3 } });
    }
  } finally {
    store.close();
  }
  mkdirSync(join(dir, 'empty-config'));
});
beforeEach(() => {
  db = join(dir, `c-${Math.random().toString(36).slice(2)}.duckdb`);
  copyFileSync(pristine, db);
  process.env.MIDIA_LEDGER_KEY_FILE = keyFile;
});
afterAll(() => {
  if (saved.key === undefined) delete process.env.MIDIA_LEDGER_KEY_FILE;
  else process.env.MIDIA_LEDGER_KEY_FILE = saved.key;
  if (saved.xdg === undefined) delete process.env.XDG_CONFIG_HOME;
  else process.env.XDG_CONFIG_HOME = saved.xdg;
  rmSync(dir, { recursive: true, force: true });
});

describe('midia ledger checkpoint / verify', () => {
  it('writes a signed checkpoint and verifies with only the public key (from the checkpoint or --public-key)', async () => {
    const w = await cli('ledger', 'checkpoint', '--db', db, '--out', cpFile);
    expect(w.code, w.err).toBe(0);
    expect(w.out).toMatch(/^checkpoint: 6 entries, head [0-9a-f]{64}, at .*, written to /);
    const cp = JSON.parse(readFileSync(cpFile, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(cp)).toEqual(['count', 'head', 'at', 'publicKey', 'signature']);
    expect(cp.count).toBe(6);
    expect(cp.publicKey).toBe(readFileSync(pubFile, 'utf8'));
    const stdout = await cli('ledger', 'checkpoint', '--db', db);
    expect(JSON.parse(stdout.out)).toMatchObject({ count: 6, head: cp.head });

    publicKeyOnly();
    const v = await cli('ledger', 'verify', '--db', db, '--checkpoint', cpFile);
    expect(v.code, v.out + v.err).toBe(0);
    expect(v.out).toContain('ledger intact: 6 entries');
    expect(v.out).toContain('checkpoint agrees: 6 entries');
    const k = await cli('ledger', 'verify', '--db', db, '--public-key', pubFile, '--json');
    expect(k.code).toBe(0);
    expect(JSON.parse(k.out)).toMatchObject({ status: 'intact', ok: true, entries: 6, signedEntries: 6, seal: { count: 6 } });
  });

  it('exits 2 with a clear message when no key is available to check the signatures', async () => {
    publicKeyOnly();
    const v = await cli('ledger', 'verify', '--db', db);
    expect(v.code).toBe(2);
    expect(v.out).toContain('ledger UNVERIFIED (6 entries): its signatures cannot be checked: no public key');
    expect(v.out).toContain('--public-key FILE');
    expect(JSON.parse((await cli('ledger', 'verify', '--db', db, '--json')).out)).toMatchObject({ status: 'unverified', needsKey: true, problems: [] });
  });

  it('detects the last 3 entries deleted', async () => {
    await tamper('DELETE FROM governance.ledger WHERE seq > 3', 'DELETE FROM governance.ledger_patients WHERE seq > 3', 'DELETE FROM governance.log_signatures WHERE seq > 3');
    publicKeyOnly();
    const v = await cli('ledger', 'verify', '--db', db, '--public-key', pubFile);
    expect(v.code).toBe(2);
    expect(v.out).toContain('ledger BROKEN at entry 6 (3 entries read)');
    expect(v.out).toContain('truncated: the signed seal records 6 entries, the log holds 3: entries 4-6 were removed');
  });

  it('detects every entry deleted, with the seal deleted too, against the checkpoint', async () => {
    expect((await cli('ledger', 'checkpoint', '--db', db, '--out', cpFile)).code).toBe(0);
    await tamper(
      'DELETE FROM governance.ledger',
      'DELETE FROM governance.ledger_patients',
      'DELETE FROM governance.log_signatures',
      "UPDATE governance.signed_logs SET seal_count = NULL, seal_head = NULL, seal_at = NULL, seal_key_id = NULL, seal_signature = NULL",
    );
    publicKeyOnly();
    const v = await cli('ledger', 'verify', '--db', db, '--checkpoint', cpFile);
    expect(v.code).toBe(2);
    expect(v.out).toContain('truncated: the checkpoint records 6 entries, the log holds 0: every entry was removed');
  });

  it('detects the whole chain rebuilt with one patient removed', async () => {
    const store = await CohortStore.open(db);
    try {
      const c = rawConnection(store);
      const entries = await readLedger(store);
      await c.run('DELETE FROM governance.ledger_patients');
      let prev = GENESIS_HASH;
      for (const e of entries) {
        const fields = { ...e, pseudonyms: e.pseudonyms.filter((p) => p !== 'P-B'), prevHash: prev };
        const { hash: _old, ...hashed } = fields;
        const hash = entryHash(hashed);
        await c.run(`UPDATE governance.ledger SET prev_hash = ${literal(prev)}, hash = ${literal(hash)}, n_patients = 2 WHERE seq = ${e.seq}`);
        for (const p of fields.pseudonyms) await c.run(`INSERT INTO governance.ledger_patients VALUES (${e.seq}, ${literal(p)})`);
        prev = hash;
      }
    } finally {
      store.close();
    }
    publicKeyOnly();
    const v = await cli('ledger', 'verify', '--db', db, '--public-key', pubFile);
    expect(v.code).toBe(2);
    expect(v.out).toContain('ledger BROKEN at entry 1');
    expect(v.out).toContain('entry 1: signature: entry 1: its entry signature does not verify');
    expect(v.out).toContain('rebuilt: entry 6 does not have the hash the signed seal records');
    expect(v.out).not.toMatch(/: (altered|chain):/); // the attacker's chain itself is consistent
  });

  it('detects an appended forged entry with a correct hash, even with --expect-head', async () => {
    const head = JSON.parse((await cli('ledger', 'verify', '--db', db, '--json')).out).head as { seq: number; hash: string };
    const store = await CohortStore.open(db);
    try {
      const last = (await readLedger(store))[5]!;
      const { hash: _h, ...rest } = { ...last, seq: 7, analysis: 'forged', prevHash: last.hash };
      const hash = entryHash(rest);
      await rawConnection(store).run(
        `INSERT INTO governance.ledger SELECT 7, study_id, study, run_at, engine_version, 'forged', parameters, result_summary, n_patients, ${literal(last.hash)}, ${literal(hash)} FROM governance.ledger WHERE seq = 6`,
      );
      await rawConnection(store).run('INSERT INTO governance.ledger_patients SELECT 7, pseudonym FROM governance.ledger_patients WHERE seq = 6');
    } finally {
      store.close();
    }
    const v = await cli('ledger', 'verify', '--db', db, '--expect-head', `${head.seq}:${head.hash}`);
    expect(v.code).toBe(2);
    expect(v.out).toContain('entry 7: unsigned: entry 7 has no signature');
    expect(v.out).toContain('entry 7: appended: entry 7 lies beyond the signed seal (6 entries): added without the signing key');
    // and no analysis can be recorded on top of it
    const store2 = await CohortStore.open(db);
    try {
      await expect(appendLedgerEntry(store2, { studyId: null, study: {}, analysis: 'x', parameters: {}, pseudonyms: [], resultSummary: {} })).rejects.toThrow(/does not match its signed seal/);
    } finally {
      store2.close();
    }
  });

  it('reports a dropped ledger table as BROKEN (exit 2, not an internal error), and refuses to checkpoint it', async () => {
    await tamper('DROP TABLE governance.ledger');
    const v = await cli('ledger', 'verify', '--db', db);
    expect(v.code).toBe(2);
    expect(v.out).toContain('ledger BROKEN (as a whole)');
    expect(v.out).toContain('ledger: table: the table governance.ledger is missing (dropped)');
    const out = join(dir, 'never.json');
    const c = await cli('ledger', 'checkpoint', '--db', db, '--out', out);
    expect(c.code).toBe(2);
    expect(c.err).toContain('does not verify');
    expect(existsSync(out)).toBe(false);
    const fp = await cli('ledger', 'for-patient', '--db', db, 'P-A');
    expect(fp.code).toBe(2);
    expect(fp.err).toContain('cannot read the data-use ledger');
  });

  it('refuses a malformed checkpoint or key file by name', async () => {
    const bad = join(dir, 'bad-cp.json');
    writeFileSync(bad, JSON.stringify({ count: 6, head: 'zz', at: 'x', publicKey: '', signature: '' }));
    const r = await cli('ledger', 'verify', '--db', db, '--checkpoint', bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`checkpoint ${bad}: field 'head'`);
    const notPem = join(dir, 'bad.pem');
    writeFileSync(notPem, 'hello');
    const k = await cli('ledger', 'verify', '--db', db, '--public-key', notPem);
    expect(k.code).toBe(1);
    expect(k.err).toContain('no PEM public key found');
  });
});
