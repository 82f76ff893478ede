/**
 * Verification of the data-use ledger's hash chain.
 *
 * Walking the entries in seq order, entry k is sound when (1) its seq is one
 * more than the previous entry's (1 for the first): a gap means entries were
 * removed, a repeat that one was copied or renumbered; (2) its `prevHash`
 * equals the previous entry's stored hash ({@link GENESIS_HASH} for the first);
 * (3) its stored hash equals the SHA-256 recomputed from its fields and
 * pseudonyms (an edited field, an added or removed pseudonym, or a renumbered
 * entry changes it); (4) its patient count matches its pseudonym rows. An
 * entry moved to another position fails (3) at its new seq and (2) at the
 * entry after it. Removal of the newest entries leaves a sound chain: pass the
 * head hash kept outside the store as `expectHead` to detect it.
 */
import type { CohortStore } from '../store.js';
import { entryHash, GENESIS_HASH, readLedger, selectRows, T_LEDGER } from './ledger.js';

/** Kind of a problem {@link verifyLedger} found. */
export type LedgerProblemKind = 'missing' | 'duplicate' | 'chain' | 'altered' | 'count' | 'truncated';

/** One broken link. */
export interface LedgerProblem {
  /** Seq of the entry at which the chain breaks. */
  seq: number;
  kind: LedgerProblemKind;
  message: string;
}

/** Result of {@link verifyLedger}. */
export interface LedgerVerification {
  /** True when no problem was found. */
  ok: boolean;
  /** Number of entries checked. */
  entries: number;
  /** Last entry's seq and hash (keep these outside the store), or null for an empty ledger. */
  head: { seq: number; hash: string } | null;
  /** Seq of the first entry at which the chain breaks, or null. */
  firstBrokenSeq: number | null;
  problems: LedgerProblem[];
}

/** Options of {@link verifyLedger}. */
export interface VerifyOptions {
  /** A head recorded earlier outside the store: the ledger must still contain this entry with this hash. */
  expectHead?: { seq: number; hash: string };
}

/**
 * Checks the hash chain of the store's ledger.
 * @returns which seq breaks the chain and why (`ok: false`), or `ok: true` with the head hash.
 * @throws StoreError when the store is closed.
 * @example const v = await verifyLedger(store); if (!v.ok) console.error(v.problems)
 */
export async function verifyLedger(store: CohortStore, options: VerifyOptions = {}): Promise<LedgerVerification> {
  const entries = await readLedger(store);
  const counts = new Map((await selectRows(store, `SELECT seq, n_patients FROM ${T_LEDGER}`)).map((r) => [`${Number(r.seq)}`, Number(r.n_patients)]));
  const problems: LedgerProblem[] = [];
  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  for (const e of entries) {
    if (e.seq === prevSeq) problems.push({ seq: e.seq, kind: 'duplicate', message: `entry ${e.seq} appears more than once` });
    else if (e.seq !== prevSeq + 1) {
      const missing = e.seq - prevSeq - 1;
      problems.push({ seq: e.seq, kind: 'missing', message: missing === 1 ? `entry ${prevSeq + 1} is missing` : `entries ${prevSeq + 1}-${e.seq - 1} are missing` });
    }
    if (e.prevHash !== prevHash) problems.push({ seq: e.seq, kind: 'chain', message: `entry ${e.seq} does not link to the entry before it (prev_hash ${e.prevHash.slice(0, 12)}..., expected ${prevHash.slice(0, 12)}...)` });
    const { hash, ...fields } = e;
    if (entryHash(fields) !== hash) problems.push({ seq: e.seq, kind: 'altered', message: `entry ${e.seq} was changed after it was written (hash mismatch)` });
    const n = counts.get(`${e.seq}`);
    if (n !== undefined && n !== e.pseudonyms.length) problems.push({ seq: e.seq, kind: 'count', message: `entry ${e.seq} records ${n} patients but lists ${e.pseudonyms.length}` });
    prevSeq = e.seq;
    prevHash = hash;
  }
  const last = entries[entries.length - 1];
  const head = last ? { seq: last.seq, hash: last.hash } : null;
  const expect = options.expectHead;
  if (expect) {
    const found = entries.find((e) => e.seq === expect.seq);
    if (!found || found.hash !== expect.hash) {
      problems.push({ seq: expect.seq, kind: 'truncated', message: found ? `entry ${expect.seq} no longer has the expected hash` : `entry ${expect.seq} (the expected head) is missing: the ledger was truncated` });
    }
  }
  problems.sort((a, b) => a.seq - b.seq);
  return { ok: problems.length === 0, entries: entries.length, head, firstBrokenSeq: problems[0]?.seq ?? null, problems };
}
