/**
 * The attacks on the data-use ledger, each performed with write access to the
 * database (raw SQL through the store's connection, as someone editing the file
 * would) but without the signing key: truncation (last 3, all), rebuild with a
 * patient removed, a forged appended entry with a correct hash (also with an
 * expected head), a seal replayed from an entry signature, a rollback of the
 * whole file, a dropped table. Each must be detected.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ledgerCheckpoint } from '../../../engine/ledger/checkpoint.js';
import { appendLedgerEntry, entryHash, GENESIS_HASH, readLedger, type LedgerEntry, type LedgerEntryInput } from '../../../engine/ledger/ledger.js';
import { parseCheckpoint, signedMessage, signHead, verifySignedLog } from '../../../engine/ledger/signed-log.js';
import { publicKeysOf, signerFromPem, throwAwaySigner } from '../../../engine/ledger/signing-key.js';
import { verifyLedger } from '../../../engine/ledger/verify-ledger.js';
import { CohortStore } from '../../../engine/store.js';
import { rawConnection } from '../../../engine/store-internal.js';
import { MIGRATIONS } from '../../../engine/store-migrations.js';
import { literal } from '../../../engine/sql.js';
import { StoreError } from '../../../util/errors.js';
import { MINI } from '../../helpers/mini-cohort.js';

const ALL = MINI.patients.map((p) => p.pseudonym);
const stores: CohortStore[] = [];
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'midia-signed-ledger-'));
});
afterEach(() => {
  while (stores.length) stores.pop()!.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const input = (i: number, pseudonyms: readonly string[] = ALL): LedgerEntryInput => ({
  studyId: 'S1',
  study: { id: 'S1', question: 'How often?' },
  analysis: `km-${i}`,
  parameters: { formula: 'Surv(time, status) ~ 1', i },
  pseudonyms,
  resultSummary: { n: pseudonyms.length },
});

/** An in-memory store (throw-away key) with `n` signed ledger entries. */
async function signedStore(n: number): Promise<CohortStore> {
  const store = await CohortStore.open(':memory:');
  stores.push(store);
  for (let i = 1; i <= n; i++) await appendLedgerEntry(store, input(i), { now: new Date(Date.UTC(2025, 0, i)) });
  return store;
}

const sql = (store: CohortStore, text: string) => rawConnection(store).run(text);
const kinds = (v: { problems: { seq: number; kind: string }[] }) => v.problems.map((p) => `${p.seq}:${p.kind}`);

/** Deletes entries with seq > keep from the ledger, its patients and (optionally) their signatures, as an attacker would. */
async function truncate(store: CohortStore, keep: number, options: { signatures?: boolean } = {}): Promise<void> {
  await sql(store, `DELETE FROM governance.ledger WHERE seq > ${keep}`);
  await sql(store, `DELETE FROM governance.ledger_patients WHERE seq > ${keep}`);
  if (options.signatures !== false) await sql(store, `DELETE FROM governance.log_signatures WHERE seq > ${keep}`);
}

/** Rewrites the whole ledger from `entries` with recomputed hashes (the attacker knows the hash rule, not the key). */
async function rewrite(store: CohortStore, entries: readonly Omit<LedgerEntry, 'hash' | 'prevHash'>[]): Promise<LedgerEntry[]> {
  await sql(store, 'DELETE FROM governance.ledger');
  await sql(store, 'DELETE FROM governance.ledger_patients');
  let prevHash = GENESIS_HASH;
  const out: LedgerEntry[] = [];
  for (const e of entries) {
    const fields = { ...e, prevHash };
    const hash = entryHash(fields);
    await sql(
      store,
      `INSERT INTO governance.ledger (seq, study_id, study, run_at, engine_version, analysis, parameters, result_summary, n_patients, prev_hash, hash) VALUES (${e.seq}, ${literal(e.studyId ?? '')}, ${literal(JSON.stringify(e.study))}, ${literal(e.at)}, ${literal(e.engineVersion)}, ${literal(e.analysis)}, ${literal(JSON.stringify(e.parameters))}, ${literal(JSON.stringify(e.resultSummary))}, ${e.pseudonyms.length}, ${literal(prevHash)}, ${literal(hash)})`,
    );
    for (const p of e.pseudonyms) await sql(store, `INSERT INTO governance.ledger_patients VALUES (${e.seq}, ${literal(p)})`);
    out.push({ ...fields, hash });
    prevHash = hash;
  }
  return out;
}

describe('signed data-use ledger', () => {
  it('signs every entry and seals the head: an intact ledger verifies with the public key alone', async () => {
    const store = await signedStore(4);
    const v = await verifyLedger(store);
    expect(v).toMatchObject({ ok: true, entries: 4, signedEntries: 4, legacyEntries: 0, needsKey: false, problems: [] });
    expect(v.seal).toMatchObject({ count: 4, head: v.head!.hash });
    // The entry signature is Ed25519 over the documented message (checked here with node:crypto directly).
    const entries = await readLedger(store);
    const row = (await rawConnection(store).runAndReadAll("SELECT key_id, signature FROM governance.log_signatures WHERE log = 'ledger' AND seq = 2")).getRowsJS()[0]!;
    const message = `midia-signed-log/v1\nledger\nentry\n{"at":"${entries[1]!.at}","count":2,"head":"${entries[1]!.hash}"}`;
    expect(signedMessage('ledger', 'entry', { count: 2, head: entries[1]!.hash, at: entries[1]!.at }).toString('utf8')).toBe(message);
    const keys = [...(v.keyIds)];
    expect(keys).toEqual([String(row[0])]);
    const store2 = await signedStore(1); // a different in-memory store has a different throw-away key
    expect((await verifyLedger(store2)).keyIds).not.toEqual(keys);
  });

  it('detects the last 3 entries deleted (rows, patients and signatures), without any checkpoint', async () => {
    const store = await signedStore(6);
    await truncate(store, 3);
    const v = await verifyLedger(store);
    expect(v.ok).toBe(false);
    expect(kinds(v)).toEqual(['6:truncated']);
    expect(v.problems[0]!.message).toContain('entries 4-6 were removed');
  });

  it('detects all entries deleted while the seal is left, and with the seal deleted too against a checkpoint', async () => {
    const store = await signedStore(3);
    const cp = parseCheckpoint(JSON.parse(JSON.stringify(await ledgerCheckpoint(store))));
    await truncate(store, 0);
    const v = await verifyLedger(store);
    expect(kinds(v)).toEqual(['3:truncated']);
    expect(v.problems[0]!.message).toContain('every entry was removed');
    await sql(store, "UPDATE governance.signed_logs SET seal_count = NULL, seal_head = NULL, seal_at = NULL, seal_key_id = NULL, seal_signature = NULL WHERE log = 'ledger'");
    // Without the seal and without a checkpoint the empty ledger looks new: the documented limit.
    expect((await verifyLedger(store)).ok).toBe(true);
    const withCp = await verifyLedger(store, { checkpoint: cp });
    expect(withCp.ok).toBe(false);
    expect(kinds(withCp)).toEqual(['3:truncated']);
  });

  it('refuses a seal replayed from an entry signature (kinds are separated in the signed message)', async () => {
    const store = await signedStore(5);
    await truncate(store, 3);
    const e3 = (await readLedger(store))[2]!;
    const sig = (await rawConnection(store).runAndReadAll("SELECT key_id, signature FROM governance.log_signatures WHERE log = 'ledger' AND seq = 3")).getRowsJS()[0]!;
    await sql(store, `UPDATE governance.signed_logs SET seal_count = 3, seal_head = ${literal(e3.hash)}, seal_at = ${literal(e3.at)}, seal_key_id = ${literal(String(sig[0]))}, seal_signature = ${literal(String(sig[1]))} WHERE log = 'ledger'`);
    const v = await verifyLedger(store);
    expect(kinds(v)).toEqual(['3:seal']);
    expect(v.problems[0]!.message).toContain('seal signature does not verify');
  });

  it('detects the whole chain rebuilt with one patient removed (hashes recomputed, old signatures kept or removed)', async () => {
    const store = await signedStore(4);
    const before = await readLedger(store);
    const after = await rewrite(
      store,
      before.map(({ hash: _h, prevHash: _p, ...e }) => ({ ...e, pseudonyms: e.pseudonyms.filter((p) => p !== 'P-B') })),
    );
    const v = await verifyLedger(store);
    expect(v.ok).toBe(false);
    // chain and hashes are consistent again; every signature and the seal expose the rebuild
    expect(v.problems.filter((p) => p.kind === 'altered' || p.kind === 'chain')).toEqual([]);
    expect(kinds(v)).toEqual(['1:signature', '2:signature', '3:signature', '4:signature', '4:rebuilt']);
    expect(after[3]!.hash).not.toBe(before[3]!.hash);
    await sql(store, 'DELETE FROM governance.log_signatures');
    expect(kinds(await verifyLedger(store))).toEqual(['1:unsigned', '2:unsigned', '3:unsigned', '4:unsigned', '4:rebuilt']);
  });

  it('detects an appended forged entry with a correct hash, even with --expect-head, and one signed with a foreign key', async () => {
    const store = await signedStore(3);
    const entries = await readLedger(store);
    const head = { seq: 3, hash: entries[2]!.hash };
    const forged = { ...entries[2]!, seq: 4, analysis: 'km-forged', at: '2025-02-01T00:00:00.000Z' };
    const { hash: _h, ...rest } = forged;
    const fields = { ...rest, prevHash: entries[2]!.hash };
    const hash = entryHash(fields);
    await sql(
      store,
      `INSERT INTO governance.ledger SELECT 4, study_id, study, '2025-02-01T00:00:00.000Z', engine_version, 'km-forged', parameters, result_summary, n_patients, ${literal(entries[2]!.hash)}, ${literal(hash)} FROM governance.ledger WHERE seq = 3`,
    );
    await sql(store, 'INSERT INTO governance.ledger_patients SELECT 4, pseudonym FROM governance.ledger_patients WHERE seq = 3');
    const v = await verifyLedger(store, { expectHead: head });
    expect(v.problems.filter((p) => p.kind === 'altered' || p.kind === 'chain')).toEqual([]); // the hash is correct
    expect(kinds(v)).toEqual(['4:unsigned', '4:appended']);
    // the attacker signs with a key of their own
    const foreign = throwAwaySigner();
    const s = signHead(foreign, 'ledger', 'entry', { count: 4, head: hash, at: '2025-02-01T00:00:00.000Z' });
    await sql(store, `INSERT INTO governance.log_signatures VALUES ('ledger', 4, ${literal(s.keyId)}, ${literal(s.signature)})`);
    const v2 = await verifyLedger(store, { expectHead: head });
    expect(kinds(v2)).toEqual(['4:signature', '4:appended']);
    expect(v2.problems[0]!.message).toContain(`signed by key ${foreign.keyId}, which is not among the public keys given`);
  });

  it('refuses to append (and to checkpoint) while the ledger disagrees with its seal: tampering is never sealed over', async () => {
    const store = await signedStore(4);
    await truncate(store, 2);
    await expect(appendLedgerEntry(store, input(9))).rejects.toThrow(/does not match its signed seal .*nothing is recorded until it verifies/);
    await expect(ledgerCheckpoint(store)).rejects.toThrow(/does not verify .* no checkpoint is signed/);
    expect((await readLedger(store)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('a checkpoint held outside detects a rollback of the whole database file, which nothing inside can', async () => {
    const db = join(dir, 'rollback.duckdb');
    const signer = throwAwaySigner();
    const store = await CohortStore.open(db, { ledgerSigner: signer });
    for (let i = 1; i <= 3; i++) await appendLedgerEntry(store, input(i));
    store.close();
    copyFileSync(db, join(dir, 'rollback-copy.duckdb')); // the attacker keeps an old copy
    const again = await CohortStore.open(db, { ledgerSigner: signer });
    for (let i = 4; i <= 5; i++) await appendLedgerEntry(again, input(i));
    const cp = parseCheckpoint(JSON.parse(JSON.stringify(await ledgerCheckpoint(again))));
    again.close();
    copyFileSync(join(dir, 'rollback-copy.duckdb'), db); // ... and puts it back
    const rolled = await CohortStore.open(db, { ledgerSigner: signer });
    stores.push(rolled);
    expect((await verifyLedger(rolled)).ok).toBe(true); // consistent and signed: an older truth
    const v = await verifyLedger(rolled, { checkpoint: cp });
    expect(kinds(v)).toEqual(['5:truncated']);
    expect(v.checkpoint).toMatchObject({ count: 5 });
  });

  it('checks a checkpoint: signature under its own or a given key, count and head against the ledger', async () => {
    const store = await signedStore(3);
    const doc = await ledgerCheckpoint(store, { now: new Date('2026-01-02T03:04:05Z') });
    expect(Object.keys(doc)).toEqual(['count', 'head', 'at', 'publicKey', 'signature']);
    expect(doc).toMatchObject({ count: 3, at: '2026-01-02T03:04:05.000Z' });
    // independent check with node:crypto over the documented message
    const message = `midia-signed-log/v1\nledger\ncheckpoint\n{"at":"${doc.at}","count":3,"head":"${doc.head}"}`;
    expect(verify(null, Buffer.from(message), createPublicKey(doc.publicKey), Buffer.from(doc.signature, 'base64'))).toBe(true);
    const cp = parseCheckpoint(doc);
    await appendLedgerEntry(store, input(4));
    expect(await verifyLedger(store, { checkpoint: cp })).toMatchObject({ ok: true, checkpoint: { count: 3 } });
    // a checkpoint with a changed count, or verified under another key, fails
    const bumped = parseCheckpoint({ ...doc, count: 2 });
    expect(kinds(await verifyLedger(store, { checkpoint: bumped }))).toEqual(['2:checkpoint', '2:rebuilt']);
    const other = publicKeysOf(throwAwaySigner());
    const v = await verifyLedger(store, { checkpoint: cp, publicKeys: other });
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.kind)).toContain('checkpoint');
    expect(() => parseCheckpoint({ ...doc, head: 'xyz' })).toThrow(/field 'head'/);
    expect(() => parseCheckpoint({ ...doc, publicKey: 'nope' })).toThrow(/field 'publicKey'/);
  });

  it('reports a dropped ledger table as a problem, not an error', async () => {
    const store = await signedStore(2);
    await sql(store, 'DROP TABLE governance.ledger');
    const v = await verifyLedger(store);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => [p.seq, p.kind])).toContainEqual([0, 'table']);
    expect(v.problems.find((p) => p.kind === 'table')!.message).toContain('governance.ledger is missing');
    const store2 = await signedStore(2);
    await sql(store2, 'DROP TABLE governance.signed_logs');
    expect((await verifyLedger(store2)).problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['table', 'seal']));
  });

  it('says when no public key is available to check the signatures', () => {
    const signer = throwAwaySigner();
    const s = signHead(signer, 'ledger', 'entry', { count: 1, head: 'a'.repeat(64), at: '2025-01-01T00:00:00.000Z' });
    const v = verifySignedLog({
      log: 'ledger',
      entries: [{ seq: 1, at: s.at, prevHash: GENESIS_HASH, hash: s.head, recomputed: s.head }],
      signatures: new Map([[1, { keyId: s.keyId, signature: s.signature }]]),
      state: { legacyEntries: 0, seal: signHead(signer, 'ledger', 'seal', s) },
      keys: null,
    });
    expect(v).toMatchObject({ ok: false, needsKey: true, keyAvailable: false, problems: [] });
    const withKey = verifySignedLog({ log: 'ledger', entries: [{ seq: 1, at: s.at, prevHash: GENESIS_HASH, hash: s.head, recomputed: s.head }], signatures: new Map([[1, { keyId: s.keyId, signature: s.signature }]]), state: { legacyEntries: 0, seal: signHead(signer, 'ledger', 'seal', s) }, keys: publicKeysOf(signer) });
    expect(withKey.ok).toBe(true);
    // the same signature under another log name does not verify (an access log cannot lend its signatures)
    const asAccessLog = verifySignedLog({ log: 'access', entries: [{ seq: 1, at: s.at, prevHash: GENESIS_HASH, hash: s.head, recomputed: s.head }], signatures: new Map([[1, { keyId: s.keyId, signature: s.signature }]]), state: null, keys: publicKeysOf(signer) });
    expect(asAccessLog.problems.map((p) => p.kind)).toEqual(['seal', 'signature']);
  });

  it('migrates a store with unsigned entries: legacy entries verify by the chain and are covered by the first seal', async () => {
    const db = join(dir, 'legacy.duckdb');
    const signer = signerFromPem(String(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' })));
    const old = await CohortStore.open(db, { migrations: MIGRATIONS.filter((m) => m.version < 5) });
    await rewrite(old, [1, 2].map((i) => ({ seq: i, studyId: 'S1', study: { id: 'S1' }, at: `2024-01-0${i}T00:00:00.000Z`, engineVersion: '0.1.0', analysis: `old-${i}`, parameters: {}, pseudonyms: ['P-A'], resultSummary: { n: 1 } })));
    old.close();
    const store = await CohortStore.open(db, { ledgerSigner: signer });
    stores.push(store);
    const v0 = await verifyLedger(store);
    expect(v0).toMatchObject({ ok: true, entries: 2, legacyEntries: 2, signedEntries: 0, seal: null, needsKey: false });
    await appendLedgerEntry(store, input(3));
    const v1 = await verifyLedger(store);
    expect(v1).toMatchObject({ ok: true, entries: 3, legacyEntries: 2, signedEntries: 1, seal: { count: 3 } });
    // editing a legacy entry now breaks its hash, the chain after it, and the seal's head
    await sql(store, `UPDATE governance.ledger SET analysis = 'edited' WHERE seq = 1`);
    expect(kinds(await verifyLedger(store))).toEqual(['1:altered']);
    // rewriting the legacy entries with the chain recomputed through entry 3 is caught by entry 3's signature and the seal
    const now = await readLedger(store);
    await rewrite(store, now.map(({ hash: _h, prevHash: _p, ...e }) => ({ ...e, analysis: e.seq <= 2 ? `old-${e.seq}-rewritten` : e.analysis })));
    const v2 = await verifyLedger(store);
    expect(v2.problems.filter((p) => p.kind === 'altered' || p.kind === 'chain')).toEqual([]);
    expect(kinds(v2)).toEqual(['3:signature', '3:rebuilt']);
  });

  it('rejects a store whose signed seal is missing although signed entries exist', async () => {
    const store = await signedStore(2);
    await sql(store, "DELETE FROM governance.signed_logs WHERE log = 'ledger'");
    expect(kinds(await verifyLedger(store))).toEqual(['0:seal']);
    await expect(appendLedgerEntry(store, input(3))).rejects.toBeInstanceOf(StoreError);
  });

  it('reports two seal rows for the ledger as a problem, not an error', async () => {
    const store = await signedStore(2);
    await sql(store, "INSERT INTO governance.signed_logs SELECT * FROM governance.signed_logs WHERE log = 'ledger'");
    const v = await verifyLedger(store);
    expect(v.ok).toBe(false);
    expect(v.problems.filter((p) => p.kind === 'seal').map((p) => p.message)).toContainEqual(expect.stringContaining('holds 2 rows for log'));
  });
});
