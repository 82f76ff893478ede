/**
 * Signed, hash-chained logs: the primitives that make a log table
 * tamper-evident against someone with write access to the database file but
 * not to the signing key (docs/ledger.md). The data-use ledger uses them; a
 * second log (e.g. a physician access log) reuses them with its own log name.
 *
 * A log is a table of entries `seq = 1, 2, ...` with `prevHash` and `hash`
 * (SHA-256 over the entry's canonical JSON, `prevHash` included: the hash of
 * entry k commits to entries 1..k). Three kinds of signed statement exist,
 * each an Ed25519 signature over the UTF-8 bytes of
 *
 *     midia-signed-log/v1\n<log>\n<kind>\n<canonical JSON of {at, count, head}>
 *
 * (canonical JSON: keys sorted, no whitespace: `{"at":"...","count":3,"head":"ab..."}`):
 * - `entry`: written with entry k (count = k, head = its hash, at = its time),
 *   in `governance.log_signatures`;
 * - `seal`: the store's signed statement of the current length and head,
 *   replaced with every append, in `governance.signed_logs`;
 * - `checkpoint`: the same statement exported to a file held outside the
 *   database (`midia ledger checkpoint`), never stored in it.
 * The kind and log name in the message keep one statement from being replayed
 * as another (an entry signature is not a seal; a published checkpoint cannot
 * be put back into the store as its seal; a ledger signature is not an
 * access-log signature).
 *
 * Entries written before signing existed (`legacy_entries` of the log, fixed
 * by the store migration that introduced signing) carry no entry signature;
 * the first seal or checkpoint covers them through the chain.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../../util/errors.js';
import { literal } from '../sql.js';
import { GOVERNANCE_SCHEMA } from '../store-migrations.js';
import { canonicalJson } from './canonical-json.js';
import { keyIdOf, type LogSigner, type PublicKeySet } from './signing-key.js';

/** Table of per-entry signatures of every signed log. */
export const T_LOG_SIGNATURES = `${GOVERNANCE_SCHEMA}.log_signatures`;
/** Table with one row per signed log: its legacy boundary and its current seal. */
export const T_SIGNED_LOGS = `${GOVERNANCE_SCHEMA}.signed_logs`;

/** First line of every signed message. */
export const SIGNED_LOG_MAGIC = 'midia-signed-log/v1';

/** `prevHash` of a log's first entry: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a signature vouches for. */
export type SignedKind = 'entry' | 'seal' | 'checkpoint';

/** The signed statement: the log had `count` entries ending in `head`, at time `at`. */
export interface LogHead {
  count: number;
  /** Hash of entry `count` ({@link GENESIS_HASH} for an empty log). */
  head: string;
  /** ISO 8601 UTC time of the statement. */
  at: string;
}

/** A signed statement with the key id that signed it. */
export interface SignedHead extends LogHead {
  keyId: string;
  /** Ed25519 signature, base64. */
  signature: string;
}

/**
 * The exact bytes that are signed (see the module documentation).
 * @example signedMessage('ledger', 'checkpoint', { count: 0, head: GENESIS_HASH, at: '2026-01-01T00:00:00.000Z' }).toString()
 */
export function signedMessage(log: string, kind: SignedKind, head: LogHead): Buffer {
  return Buffer.from(`${SIGNED_LOG_MAGIC}\n${log}\n${kind}\n${canonicalJson({ at: head.at, count: head.count, head: head.head })}`, 'utf8');
}

/** Signs a statement. @example signHead(signer, 'ledger', 'entry', { count: 1, head: h, at }) */
export function signHead(signer: LogSigner, log: string, kind: SignedKind, head: LogHead): SignedHead {
  return { ...head, keyId: signer.keyId, signature: signer.sign(signedMessage(log, kind, head)) };
}

/** Why a signature did not check out, or null when it did. */
export function signatureProblem(keys: PublicKeySet, log: string, kind: SignedKind, signed: SignedHead): string | null {
  const key = keys.get(signed.keyId);
  if (!key) return `signed by key ${signed.keyId}, which is not among the public keys given (${[...keys.keys()].join(', ') || 'none'})`;
  let ok = false;
  try {
    ok = verify(null, signedMessage(log, kind, signed), key, Buffer.from(signed.signature, 'base64'));
  } catch {
    ok = false;
  }
  return ok ? null : `its ${kind} signature does not verify under key ${signed.keyId} (forged, or the signed fields were changed)`;
}

/** The portable checkpoint document (`midia ledger checkpoint`). */
export interface CheckpointDocument {
  count: number;
  head: string;
  at: string;
  /** The signer's public key, SPKI PEM. */
  publicKey: string;
  /** Ed25519 signature over the `checkpoint` message, base64. */
  signature: string;
}

/**
 * A signed checkpoint of a log head, as the portable JSON document.
 * @example checkpointDocument(signer, 'ledger', { count: 12, head, at: new Date().toISOString() })
 */
export function checkpointDocument(signer: LogSigner, log: string, head: LogHead): CheckpointDocument {
  const s = signHead(signer, log, 'checkpoint', head);
  return { count: s.count, head: s.head, at: s.at, publicKey: signer.publicKeyPem, signature: s.signature };
}

/**
 * Reads a checkpoint document (parsed JSON), checking its shape.
 * @returns the signed head and the public key it names.
 * @throws StoreError naming the bad field.
 */
export function parseCheckpoint(value: unknown, what = 'checkpoint'): { head: SignedHead; publicKey: KeyObject } {
  const o = value as Partial<Record<keyof CheckpointDocument, unknown>> | null;
  const bad = (field: string, expected: string) => new StoreError(`${what}: field '${field}' must be ${expected}`);
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new StoreError(`${what}: not a JSON object {"count","head","at","publicKey","signature"}`);
  if (typeof o.count !== 'number' || !Number.isInteger(o.count) || o.count < 0) throw bad('count', 'a non-negative integer');
  if (typeof o.head !== 'string' || !/^[0-9a-f]{64}$/.test(o.head)) throw bad('head', '64 lower-case hex digits');
  if (typeof o.at !== 'string' || !Number.isFinite(Date.parse(o.at))) throw bad('at', 'an ISO 8601 time');
  if (typeof o.signature !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(o.signature)) throw bad('signature', 'base64 text');
  if (typeof o.publicKey !== 'string') throw bad('publicKey', 'an SPKI PEM public key');
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(o.publicKey);
  } catch {
    throw bad('publicKey', 'an SPKI PEM public key');
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') throw bad('publicKey', 'an Ed25519 public key');
  return { head: { count: o.count, head: o.head, at: o.at, keyId: keyIdOf(publicKey), signature: o.signature }, publicKey };
}

// ---------------------------------------------------------------------------
// Store side: per-entry signatures and the seal, written inside the caller's
// transaction (the caller holds the store's queue).

/** A log's signing state as stored: the legacy boundary and the seal (null when never sealed). */
export interface SignedLogState {
  legacyEntries: number;
  seal: SignedHead | null;
}

/** Reads a log's signing state; null when the log has no row in {@link T_SIGNED_LOGS}. */
export async function readSignedLogState(c: DuckDBConnection, log: string): Promise<SignedLogState | null> {
  const rows = (
    await c.runAndReadAll(`SELECT legacy_entries, seal_count, seal_head, seal_at, seal_key_id, seal_signature FROM ${T_SIGNED_LOGS} WHERE log = ${literal(log)}`)
  ).getRowsJS();
  if (!rows.length) return null;
  if (rows.length > 1) throw new StoreError(`${T_SIGNED_LOGS} holds ${rows.length} rows for log '${log}' (expected one)`);
  const r = rows[0]!;
  const seal: SignedHead | null =
    r[1] === null || r[2] === null || r[3] === null || r[4] === null || r[5] === null
      ? null
      : { count: Number(r[1]), head: String(r[2]), at: String(r[3]), keyId: String(r[4]), signature: String(r[5]) };
  return { legacyEntries: Number(r[0] ?? 0), seal };
}

/** Every stored entry signature of a log, by seq (a repeated seq keeps the first row and is reported by the verifier). */
export async function readEntrySignatures(c: DuckDBConnection, log: string): Promise<{ bySeq: Map<number, { keyId: string; signature: string }>; repeated: number[] }> {
  const rows = (await c.runAndReadAll(`SELECT seq, key_id, signature FROM ${T_LOG_SIGNATURES} WHERE log = ${literal(log)} ORDER BY seq`)).getRowsJS();
  const bySeq = new Map<number, { keyId: string; signature: string }>();
  const repeated: number[] = [];
  for (const r of rows) {
    const seq = Number(r[0]);
    if (bySeq.has(seq)) repeated.push(seq);
    else bySeq.set(seq, { keyId: String(r[1]), signature: String(r[2]) });
  }
  return { bySeq, repeated };
}

/**
 * Checks, before an append, that the log is as its seal says (so an append
 * never seals over entries removed or added outside the engine), then
 * returns its state.
 *
 * @param last the log's current last entry (seq and hash), or null when empty
 * @throws StoreError when the seal is missing although signed entries exist, or disagrees with the log.
 */
export async function checkBeforeAppend(c: DuckDBConnection, log: string, last: { seq: number; hash: string } | null, signer: LogSigner): Promise<SignedLogState> {
  const state = (await readSignedLogState(c, log)) ?? { legacyEntries: 0, seal: null };
  const count = last?.seq ?? 0;
  const advice = `it was changed outside midia: run 'midia ledger verify'; nothing is recorded until it verifies`;
  if (state.seal === null) {
    if (count > state.legacyEntries) throw new StoreError(`the signed log '${log}' has ${count} entries but no signed seal (${state.legacyEntries} written before signing): ${advice}`);
    return state;
  }
  if (state.seal.count !== count || state.seal.head !== (last?.hash ?? GENESIS_HASH)) {
    throw new StoreError(`the signed log '${log}' does not match its signed seal (seal: ${state.seal.count} entries, head ${state.seal.head.slice(0, 12)}...; log: ${count} entries${last ? `, head ${last.hash.slice(0, 12)}...` : ''}): ${advice}`);
  }
  if (state.seal.keyId === signer.keyId) {
    const problem = signatureProblem(new Map([[signer.keyId, createPublicKey(signer.publicKeyPem)]]), log, 'seal', state.seal);
    if (problem) throw new StoreError(`the seal of the signed log '${log}': ${problem}: ${advice}`);
  }
  return state;
}

/**
 * Writes entry `head.count`'s signature and the new seal (inside the caller's transaction).
 * @example await signAppended(c, 'ledger', signer, { count: seq, head: hash, at })
 */
export async function signAppended(c: DuckDBConnection, log: string, signer: LogSigner, head: LogHead): Promise<SignedHead> {
  const entry = signHead(signer, log, 'entry', head);
  await c.run(`INSERT INTO ${T_LOG_SIGNATURES} (log, seq, key_id, signature) VALUES (${literal(log)}, ${head.count}, ${literal(entry.keyId)}, ${literal(entry.signature)})`);
  const seal = signHead(signer, log, 'seal', head);
  const set = `seal_count = ${seal.count}, seal_head = ${literal(seal.head)}, seal_at = ${literal(seal.at)}, seal_key_id = ${literal(seal.keyId)}, seal_signature = ${literal(seal.signature)}`;
  const updated = (await c.runAndReadAll(`UPDATE ${T_SIGNED_LOGS} SET ${set} WHERE log = ${literal(log)} RETURNING log`)).getRowsJS();
  if (!updated.length) {
    await c.run(
      `INSERT INTO ${T_SIGNED_LOGS} (log, legacy_entries, seal_count, seal_head, seal_at, seal_key_id, seal_signature) VALUES (${literal(log)}, 0, ${seal.count}, ${literal(seal.head)}, ${literal(seal.at)}, ${literal(seal.keyId)}, ${literal(seal.signature)})`,
    );
  }
  return entry;
}

// ---------------------------------------------------------------------------
// Verification (pure).

/** Kind of a problem found in a signed log. */
export type SignedLogProblemKind =
  | 'missing'
  | 'duplicate'
  | 'chain'
  | 'altered'
  | 'unsigned'
  | 'signature'
  | 'seal'
  | 'truncated'
  | 'appended'
  | 'rebuilt'
  | 'checkpoint'
  | 'table';

/** One problem, at the entry where it shows (0 for the log as a whole). */
export interface SignedLogProblem {
  seq: number;
  kind: SignedLogProblemKind;
  message: string;
}

/** One entry as the verifier sees it. */
export interface ChainEntry {
  seq: number;
  at: string;
  prevHash: string;
  /** Hash stored with the entry. */
  hash: string;
  /** Hash recomputed from the entry's fields. */
  recomputed: string;
}

/** Input of {@link verifySignedLog}. */
export interface SignedLogInput {
  log: string;
  /** Entries in seq order (as stored; gaps and repeats are reported). */
  entries: readonly ChainEntry[];
  signatures: ReadonlyMap<number, { keyId: string; signature: string }>;
  /** Seqs with more than one signature row. */
  repeatedSignatures?: readonly number[];
  /** The stored signing state; null when the log has none (treated as: no legacy entries, no seal). */
  state: SignedLogState | null;
  /** Keys to check signatures against; null when none is available. */
  keys: PublicKeySet | null;
  /** A checkpoint held outside the store. */
  checkpoint?: SignedHead | null;
  /** A head recorded outside the store: entry `seq` must still have this hash. */
  expectHead?: { seq: number; hash: string } | null;
}

/** Result of {@link verifySignedLog}. */
export interface SignedLogVerification {
  /** No problem found, and every signature present could be checked. */
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string } | null;
  problems: SignedLogProblem[];
  /** Entries written before signing (verified by the chain only, and by a later seal or checkpoint). */
  legacyEntries: number;
  /** Entries whose signature was checked and holds. */
  signedEntries: number;
  /** Whether a public key was available (false: signatures, seal and checkpoint could not be checked). */
  keyAvailable: boolean;
  /** The seal (signed length and head stored in the database), or null. */
  seal: LogHead | null;
  /** The checkpoint checked, or null. */
  checkpoint: LogHead | null;
  /** Key ids of the signatures found. */
  keyIds: string[];
  /** True when signatures exist (or a checkpoint was given) but no public key was available to check them. */
  needsKey: boolean;
}

/**
 * Verifies a signed log (pure): the hash chain, every entry signature after
 * the legacy entries, the seal, an optional checkpoint and an optional
 * expected head. The rules, each a problem kind:
 * - `missing`/`duplicate`: seqs run 1, 2, ... without gaps or repeats;
 * - `chain`: each `prevHash` is the previous entry's hash (GENESIS for entry 1);
 * - `altered`: the stored hash equals the recomputed one;
 * - `unsigned`/`signature`: each entry after the legacy ones has a valid `entry` signature;
 * - `seal`: the seal exists whenever entries after the legacy ones do, and its signature holds;
 *   `truncated` (the seal or checkpoint counts more entries than are left), `appended`
 *   (entries beyond the seal), `rebuilt` (the hash at the sealed or checkpointed count differs);
 * - `checkpoint`: the checkpoint's signature holds;
 * - `expectHead`: entry `seq` still has the expected hash (`truncated` or `rebuilt`).
 *
 * @example verifySignedLog({ log: 'ledger', entries, signatures, state, keys }).ok
 */
export function verifySignedLog(input: SignedLogInput): SignedLogVerification {
  const { log, entries, signatures } = input;
  const problems: SignedLogProblem[] = [];
  const add = (seq: number, kind: SignedLogProblemKind, message: string) => problems.push({ seq, kind, message });
  const legacy = input.state?.legacyEntries ?? 0;
  const seal = input.state?.seal ?? null;
  const keys = input.keys;
  const keyIds = new Set<string>();

  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  let signedOk = 0;
  const hashAt = new Map<number, string>();
  for (const e of entries) {
    if (e.seq === prevSeq) add(e.seq, 'duplicate', `entry ${e.seq} appears more than once`);
    else if (e.seq !== prevSeq + 1) {
      const n = e.seq - prevSeq - 1;
      add(e.seq, 'missing', n === 1 ? `entry ${prevSeq + 1} is missing` : `entries ${prevSeq + 1}-${e.seq - 1} are missing`);
    }
    if (e.prevHash !== prevHash) add(e.seq, 'chain', `entry ${e.seq} does not link to the entry before it (prev_hash ${e.prevHash.slice(0, 12)}..., expected ${prevHash.slice(0, 12)}...)`);
    if (e.recomputed !== e.hash) add(e.seq, 'altered', `entry ${e.seq} was changed after it was written (hash mismatch)`);
    if (!hashAt.has(e.seq)) hashAt.set(e.seq, e.hash);
    const sig = signatures.get(e.seq);
    if (sig) keyIds.add(sig.keyId);
    if (!sig) {
      if (e.seq > legacy) add(e.seq, 'unsigned', `entry ${e.seq} has no signature (written without the signing key, or its signature was removed)`);
    } else if (keys) {
      const p = signatureProblem(keys, log, 'entry', { count: e.seq, head: e.hash, at: e.at, ...sig });
      if (p) add(e.seq, 'signature', `entry ${e.seq}: ${p}`);
      else signedOk++;
    }
    prevSeq = e.seq;
    prevHash = e.hash;
  }
  for (const seq of input.repeatedSignatures ?? []) add(seq, 'duplicate', `entry ${seq} has more than one signature row`);
  for (const seq of signatures.keys()) {
    if (!hashAt.has(seq)) add(seq, 'truncated', `a signature for entry ${seq} exists, but the entry does not: it was removed`);
  }

  const last = entries[entries.length - 1];
  const n = last?.seq ?? 0;
  const headHash = last?.hash ?? GENESIS_HASH;
  const hashOf = (count: number) => (count === 0 ? GENESIS_HASH : hashAt.get(count));
  const compare = (what: string, h: LogHead) => {
    if (h.count > n) {
      const gone = n === 0 ? 'every entry was' : h.count === n + 1 ? `entry ${h.count} was` : `entries ${n + 1}-${h.count} were`;
      add(h.count, 'truncated', `the ${what} records ${h.count} entries, the log holds ${n}: ${gone} removed`);
    }
    else if (hashOf(h.count) !== h.head) add(h.count, 'rebuilt', `entry ${h.count} does not have the hash the ${what} records (${h.head.slice(0, 12)}...): the log was rewritten`);
  };

  if (seal) {
    keyIds.add(seal.keyId);
    if (keys) {
      const p = signatureProblem(keys, log, 'seal', seal);
      if (p) add(seal.count, 'seal', `the seal: ${p}`);
    }
    compare('signed seal', seal);
    if (seal.count < n && hashOf(seal.count) === seal.head) {
      const which = seal.count + 1 === n ? `entry ${n} lies` : `entries ${seal.count + 1}-${n} lie`;
      add(seal.count + 1, 'appended', `${which} beyond the signed seal (${seal.count} entries): added without the signing key`);
    }
  } else if (n > legacy) {
    add(0, 'seal', `no signed seal, although ${n - Math.min(n, legacy)} entries were written after signing began (the seal was removed)`);
  }

  const cp = input.checkpoint ?? null;
  if (cp) {
    keyIds.add(cp.keyId);
    if (keys) {
      const p = signatureProblem(keys, log, 'checkpoint', cp);
      if (p) add(cp.count, 'checkpoint', `the checkpoint: ${p}`);
    }
    compare('checkpoint', cp);
  }

  const expect = input.expectHead ?? null;
  if (expect) {
    const h = hashOf(expect.seq);
    if (h === undefined) add(expect.seq, 'truncated', `entry ${expect.seq} (the expected head) is missing: the log was truncated`);
    else if (h !== expect.hash) add(expect.seq, 'rebuilt', `entry ${expect.seq} no longer has the expected hash`);
  }

  problems.sort((a, b) => a.seq - b.seq);
  const needsKey = !keys && (signatures.size > 0 || seal !== null || cp !== null);
  return {
    ok: problems.length === 0 && !needsKey,
    entries: entries.length,
    head: last ? { seq: last.seq, hash: headHash } : null,
    problems,
    legacyEntries: Math.min(legacy, n),
    signedEntries: signedOk,
    keyAvailable: keys !== null,
    seal: seal ? { count: seal.count, head: seal.head, at: seal.at } : null,
    checkpoint: cp ? { count: cp.count, head: cp.head, at: cp.at } : null,
    keyIds: [...keyIds].sort(),
    needsKey,
  };
}
