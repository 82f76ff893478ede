/**
 * Opening a store while someone else holds its file: another process (a
 * separate Node process holding DuckDB's lock, test/helpers/lock-holder.mjs)
 * or another store of this process. Opening waits with bounded backoff and
 * succeeds once the file is free; past the timeout it fails with a StoreError
 * naming the holder and the setting, having done nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CohortStore, DEFAULT_LOCK_TIMEOUT_MS, lockTimeoutFromEnv } from '../../engine/store.js';
import { StoreError } from '../../util/errors.js';
import { holdInOtherProcess } from '../helpers/processes.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'midia-store-lock-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('store lock handling', () => {
  it('reads the wait from MIDIA_STORE_LOCK_TIMEOUT (seconds), 30 s by default', () => {
    expect(DEFAULT_LOCK_TIMEOUT_MS).toBe(30_000);
    expect(lockTimeoutFromEnv({})).toBe(30_000);
    expect(lockTimeoutFromEnv({ MIDIA_STORE_LOCK_TIMEOUT: '2.5' })).toBe(2500);
    expect(lockTimeoutFromEnv({ MIDIA_STORE_LOCK_TIMEOUT: '0' })).toBe(0);
    expect(() => lockTimeoutFromEnv({ MIDIA_STORE_LOCK_TIMEOUT: 'soon' })).toThrow(/MIDIA_STORE_LOCK_TIMEOUT must be a number of seconds/);
    expect(() => lockTimeoutFromEnv({ MIDIA_STORE_LOCK_TIMEOUT: '-1' })).toThrow(StoreError);
  });

  it('waits while another process holds the file and opens once it is released', async () => {
    const db = join(dir, 'wait.duckdb');
    (await CohortStore.open(db)).close();
    const child = await holdInOtherProcess(db);
    const started = Date.now();
    setTimeout(() => child.send('release'), 800);
    const store = await CohortStore.open(db, { lockTimeoutMs: 30_000 });
    const waited = Date.now() - started;
    store.close();
    expect((await child.exit).code).toBe(0);
    expect(waited).toBeGreaterThanOrEqual(700);
  });

  it('gives up after the timeout with a StoreError naming the other process and the setting', async () => {
    const db = join(dir, 'timeout.duckdb');
    (await CohortStore.open(db)).close();
    const child = await holdInOtherProcess(db);
    try {
      const started = Date.now();
      const error = await CohortStore.open(db, { lockTimeoutMs: 300 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(new RegExp(`is in use by another process \\(PID ${child.process.pid}, .*\\) and stayed locked for 0\\.\\d s: nothing was done; retry later or raise MIDIA_STORE_LOCK_TIMEOUT`));
      expect(Date.now() - started).toBeLessThan(5000);
      const now = await CohortStore.open(db, { lockTimeoutMs: 0 }).catch((e: unknown) => e);
      expect((now as Error).message).not.toContain('stayed locked');
    } finally {
      child.send('release');
      await child.exit;
    }
  });

  it('two stores of one process on one file exclude each other too (DuckDB locks per process)', async () => {
    const db = join(dir, 'same-process.duckdb');
    const first = await CohortStore.open(db);
    await expect(CohortStore.open(db, { lockTimeoutMs: 0 })).rejects.toThrow(/in use by another store of this process/);
    setTimeout(() => first.close(), 300);
    const second = await CohortStore.open(db, { lockTimeoutMs: 1500 });
    expect(first.closed).toBe(true);
    const again = await second.reopen().catch((e: unknown) => e); // still held by `second`
    expect(again).toBeInstanceOf(StoreError);
    second.close();
    const third = await second.reopen();
    expect(third.path).toBe(db);
    third.close();
  });
});
