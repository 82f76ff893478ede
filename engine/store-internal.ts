/**
 * Private handle registry of the cohort store. The DuckDB connection of a
 * `CohortStore` (engine/store.ts) is kept here, in a module-level WeakMap, instead of on a
 * public property: only engine modules (the access gate in engine/access.ts and
 * the store itself) may reach it, and users read patient data through the gate.
 */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../util/errors.js';
import { loadLedgerSigner, throwAwaySigner, type LogSigner } from './ledger/signing-key.js';
import type { StoreHandle } from './store-handle.js';

const connections = new WeakMap<StoreHandle, DuckDBConnection>();
const queues = new WeakMap<StoreHandle, Promise<unknown>>();
const signers = new WeakMap<StoreHandle, LogSigner>();
/** Database files held open by a store of this process (canonical paths). */
const heldFiles = new Set<string>();

/** Registers the connection of a freshly opened store (store.ts only). */
export function registerConnection(store: StoreHandle, connection: DuckDBConnection): void {
  connections.set(store, connection);
}

/** Forgets the connection of a closed store (store.ts only). */
export function unregisterConnection(store: StoreHandle): void {
  connections.delete(store);
}

/**
 * Runs `op` on the store's connection after every earlier operation of the
 * store has finished, and before any later one starts. DuckDB transactions are
 * per connection: a query issued while an import's transaction is open would
 * run inside it (seeing uncommitted rows, or aborting it on error). The store's
 * own imports use this queue; engine modules that query the connection (the
 * access gate) should too.
 *
 * @throws StoreError when the store is closed.
 * @example const n = await exclusive(store, async (c) => (await c.runAndReadAll('SELECT 1')).getRowsJS())
 */
export function exclusive<T>(store: StoreHandle, op: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const previous = queues.get(store) ?? Promise.resolve();
  const run = previous.then(() => op(rawConnection(store)));
  queues.set(
    store,
    run.catch(() => undefined),
  );
  return run;
}

/**
 * The raw DuckDB connection of an open store, for engine modules only.
 *
 * @throws StoreError when the store was closed (or never opened).
 * @example const conn = rawConnection(store); await conn.run('SELECT 1')
 */
export function rawConnection(store: StoreHandle): DuckDBConnection {
  const connection = connections.get(store);
  if (!connection) throw new StoreError(`store ${store.path} is closed`);
  return connection;
}

/** Canonical form of a database path (symlinks resolved: the file's when it exists, else its folder's), so one file has one key. */
export function canonicalStorePath(path: string): string {
  const abs = resolve(path);
  try {
    if (existsSync(abs)) return realpathSync(abs);
    const dir = dirname(abs);
    return existsSync(dir) ? join(realpathSync(dir), basename(abs)) : abs;
  } catch {
    return abs;
  }
}

/**
 * Marks a database file as held by a store of this process; null when
 * another store of this process already holds it, else the key to release.
 * DuckDB's file lock is per process, so two stores of one process on one file
 * would not exclude each other: this registry does (store.ts waits on it like
 * on another process's lock).
 */
export function holdFile(path: string): string | null {
  const key = canonicalStorePath(path);
  if (heldFiles.has(key)) return null;
  heldFiles.add(key);
  return key;
}

/** Releases a file marked by {@link holdFile} (its key). */
export function releaseFile(key: string): void {
  heldFiles.delete(key);
}

/** Sets the ledger signer of a store (store.ts, when one is given at open). */
export function registerLedgerSigner(store: StoreHandle, signer: LogSigner): void {
  signers.set(store, signer);
}

/**
 * The key that signs this store's logs: the one given at open, else for an
 * in-memory store a throw-away key made on first use, else the process's key
 * (engine/ledger/signing-key.ts: `MIDIA_LEDGER_KEY_FILE` or the default key,
 * created on first use).
 * @throws StoreError when a configured key cannot be read.
 */
export function ledgerSignerOf(store: StoreHandle): LogSigner {
  const known = signers.get(store);
  if (known) return known;
  const signer = store.path === ':memory:' ? throwAwaySigner() : loadLedgerSigner({ create: true });
  signers.set(store, signer);
  return signer;
}

/** The signer this store would use, without creating a key: null when none exists yet. */
export function existingLedgerSigner(store: StoreHandle): LogSigner | null {
  const known = signers.get(store);
  if (known) return known;
  if (store.path === ':memory:') return null;
  return loadLedgerSigner({ create: false });
}
