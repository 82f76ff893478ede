import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDBInstance, DuckDBTypeId } from '../../engine/duckdb.js';

/** Source files of the package (what tsc builds into dist), without tests and dependencies. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return ['node_modules', 'dist', 'test', '.git'].includes(f) || f.startsWith('.') ? [] : sources(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

describe('engine/duckdb.ts', () => {
  it('is the only module importing values from @duckdb/node-api (others import types only)', () => {
    // An ES value import would make Node run its CommonJS export lexer over the client's ~150 files at start-up.
    const offenders = ['engine', 'cli', 'models', 'server', 'util', 'analyses', 'charts', 'render', 'datasets', 'notebooks', 'bench']
      .flatMap((d) => {
        try {
          return sources(d);
        } catch {
          return [];
        }
      })
      .filter((f) => f !== join('engine', 'duckdb.ts'))
      .filter((f) => /^import\s+(?!type\b)[^;]*from\s+'@duckdb\/node-(api|bindings)'/m.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('gives the client classes and constants', async () => {
    expect(DuckDBTypeId.DOUBLE).toBeTypeOf('number');
    const instance = await DuckDBInstance.create(':memory:');
    try {
      const conn = await instance.connect();
      expect((await conn.runAndReadAll('SELECT 40 + 2 AS v')).getRowObjects()[0]?.v).toBe(42);
      conn.closeSync();
    } finally {
      instance.closeSync();
    }
  });
});
