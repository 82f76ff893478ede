/**
 * Private handle registry of the cohort store. The DuckDB connection of a
 * {@link CohortStore} is kept here, in a module-level WeakMap, instead of on a
 * public property: only engine modules (the access gate in engine/access.ts and
 * the store itself) may reach it, and users read patient data through the gate.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../util/errors.js';
import type { CohortStore } from './store.js';

const connections = new WeakMap<CohortStore, DuckDBConnection>();
const queues = new WeakMap<CohortStore, Promise<unknown>>();

/** Registers the connection of a freshly opened store (store.ts only). */
export function registerConnection(store: CohortStore, connection: DuckDBConnection): void {
  connections.set(store, connection);
}

/** Forgets the connection of a closed store (store.ts only). */
export function unregisterConnection(store: CohortStore): void {
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
export function exclusive<T>(store: CohortStore, op: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
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
export function rawConnection(store: CohortStore): DuckDBConnection {
  const connection = connections.get(store);
  if (!connection) throw new StoreError(`store ${store.path} is closed`);
  return connection;
}
