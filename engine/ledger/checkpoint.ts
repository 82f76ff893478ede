/**
 * Signed checkpoints of the data-use ledger: the statement "the ledger had
 * `count` entries ending in `head` at time `at`", signed with the ledger key,
 * to be held outside the database (published by the portal, kept with study
 * reports). `verifyLedger(store, { checkpoint })` then detects any later
 * state that does not extend it: removed entries, a rebuilt chain, or a
 * rollback of the whole file (docs/ledger.md).
 */
import { StoreError } from '../../util/errors.js';
import type { CohortStore } from '../store.js';
import { ledgerSignerOf } from '../store-internal.js';
import { GENESIS_HASH, LEDGER_LOG } from './ledger.js';
import { checkpointDocument, type CheckpointDocument } from './signed-log.js';
import { publicKeysOf, type LogSigner } from './signing-key.js';
import { verifyLedger } from './verify-ledger.js';

/** Options of {@link ledgerCheckpoint}. */
export interface CheckpointOptions {
  /** Key to sign with (default: the store's, as appends use). */
  signer?: LogSigner;
  /** Time of the checkpoint (default: now). */
  now?: Date;
}

/**
 * Verifies the ledger with the signing key's public half and, when it is
 * intact, returns a signed checkpoint of its current head. A ledger that does
 * not verify is never checkpointed (that would vouch for the tampering).
 *
 * @throws StoreError naming the problems when the ledger does not verify, or when the key cannot be read.
 * @example const cp = await ledgerCheckpoint(store); writeFileSync('cp.json', JSON.stringify(cp))
 */
export async function ledgerCheckpoint(store: CohortStore, options: CheckpointOptions = {}): Promise<CheckpointDocument> {
  const signer = options.signer ?? ledgerSignerOf(store);
  const v = await verifyLedger(store, { publicKeys: publicKeysOf(signer) });
  if (!v.ok) {
    const what = v.problems.length ? v.problems.slice(0, 5).map((p) => (p.seq ? `entry ${p.seq}: ${p.message}` : p.message)).join('; ') : 'its signatures cannot be checked';
    throw new StoreError(`the ledger of ${store.path} does not verify with the signing key ${signer.keyId}, so no checkpoint is signed: ${what}`);
  }
  const head = v.head ? { count: v.head.seq, head: v.head.hash } : { count: 0, head: GENESIS_HASH };
  return checkpointDocument(signer, LEDGER_LOG, { ...head, at: (options.now ?? new Date()).toISOString() });
}
