/**
 * SQL text helpers shared by the store and the loaders: quoting of
 * identifiers and literals (file paths included), and transactions.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** Quotes an SQL identifier: `a"b` becomes `"a""b"`. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes an SQL string literal (single quotes doubled): `O'Brien` becomes `'O''Brien'`. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Runs `body` inside BEGIN/COMMIT; any error rolls the transaction back and is
 * rethrown, so the store is left exactly as it was.
 *
 * @example await withTransaction(conn, async () => { await conn.run('INSERT ...') })
 */
export async function withTransaction<T>(connection: DuckDBConnection, body: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  let result: T;
  try {
    result = await body();
  } catch (error) {
    try {
      await connection.run('ROLLBACK');
    } catch {
      // the transaction may already be aborted; the original error matters
    }
    throw error;
  }
  await connection.run('COMMIT');
  return result;
}
