import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CohortStore } from '../../engine/store.js';
import { rawConnection } from '../../engine/store-internal.js';
import { MIGRATIONS, checkMigrations, latestVersion, pendingMigrations, type Migration } from '../../engine/store-migrations.js';
import { SCHEMA_VERSION } from '../../engine/schema.js';
import { StoreError } from '../../util/errors.js';
import { fixture, tempDir } from './import/store-helpers.js';

const open: CohortStore[] = [];
const dirs: Array<() => void> = [];
async function track(p: Promise<CohortStore>): Promise<CohortStore> {
  const s = await p;
  open.push(s);
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  for (const c of dirs.splice(0)) c();
});
function dbFile(): string {
  const { dir, cleanup } = tempDir();
  dirs.push(cleanup);
  return join(dir, 'cohort.duckdb');
}

describe('CohortStore.open', () => {
  it('creates the schema in memory: five empty tables at the current version', async () => {
    const store = await track(CohortStore.open());
    expect(store.path).toBe(':memory:');
    expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
    const d = await store.describe();
    expect(d.tables.map((t) => t.name)).toEqual(['patients', 'events', 'observations', 'treatments', 'visits']);
    expect(d.tables.every((t) => t.rows === 0)).toBe(true);
    const cols = (await rawConnection(store).runAndReadAll(
      "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema IN ('cohort', 'meta') ORDER BY 1",
    )).getRowsJS().map((r) => r[0]);
    expect(cols).toEqual(['cohort.events', 'cohort.observations', 'cohort.patients', 'cohort.treatments', 'cohort.visits', 'meta.imports', 'meta.schema_version']);
  });

  it('keeps data across close and reopen of a file, and records the version once', async () => {
    const path = dbFile();
    const a = await CohortStore.open(path);
    await a.importFile(fixture('patients.csv'), { table: 'patients' });
    a.close();
    const b = await track(CohortStore.open(path));
    expect((await b.describe()).tables.find((t) => t.name === 'patients')?.rows).toBe(5);
    const versions = (await rawConnection(b).runAndReadAll('SELECT version, applied_at IS NOT NULL FROM meta.schema_version')).getRowsJS();
    expect(versions).toEqual(MIGRATIONS.map((m) => [m.version, true]));
    const log = (await rawConnection(b).runAndReadAll('SELECT file, format, "table", loaded, duplicates FROM meta.imports')).getRowsJS();
    expect(log).toEqual([[fixture('patients.csv'), 'csv', 'patients', 5n, 0n]]);
  });

  it('refuses a store whose schema is newer than the code', async () => {
    const path = dbFile();
    const a = await CohortStore.open(path);
    await rawConnection(a).run('INSERT INTO meta.schema_version VALUES (99, now()::TIMESTAMP)');
    a.close();
    await expect(CohortStore.open(path)).rejects.toThrow(StoreError);
    await expect(CohortStore.open(path)).rejects.toThrow(/version 99 is newer/);
  });

  it('runs an added migration once, in order, on an existing store', async () => {
    const path = dbFile();
    (await CohortStore.open(path)).close();
    const next = SCHEMA_VERSION + 1;
    const v2: Migration = { version: next, description: 'test: extra table', statements: ['CREATE TABLE meta.extra (x INTEGER)', 'INSERT INTO meta.extra VALUES (42)'] };
    const b = await CohortStore.open(path, { migrations: [...MIGRATIONS, v2] });
    expect(await b.schemaVersion()).toBe(next);
    expect((await rawConnection(b).runAndReadAll('SELECT x FROM meta.extra')).getRowsJS()).toEqual([[42]]);
    b.close();
    const c = await track(CohortStore.open(path, { migrations: [...MIGRATIONS, v2] }));
    expect((await rawConnection(c).runAndReadAll('SELECT count(*) FROM meta.extra')).getRowsJS()).toEqual([[1n]]);
    c.close();
    // the released code (without v2) now refuses it
    await expect(CohortStore.open(path)).rejects.toThrow(/newer/);
  });

  it('rolls back a failing migration and leaves the version unchanged', async () => {
    const path = dbFile();
    (await CohortStore.open(path)).close();
    const bad: Migration = { version: SCHEMA_VERSION + 1, description: 'broken', statements: ['CREATE TABLE meta.half (x INTEGER)', 'SELECT * FROM no_such_table'] };
    await expect(CohortStore.open(path, { migrations: [...MIGRATIONS, bad] })).rejects.toThrow(StoreError);
    const s = await track(CohortStore.open(path));
    expect(await s.schemaVersion()).toBe(SCHEMA_VERSION);
    const half = (await rawConnection(s).runAndReadAll("SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() AND table_name = 'half'")).getRowsJS();
    expect(half).toEqual([[0n]]);
  });

  it('opens read-only: reads metadata, refuses imports', async () => {
    const path = dbFile();
    (await CohortStore.open(path)).close();
    const s = await track(CohortStore.open(path, { readOnly: true }));
    expect(s.readOnly).toBe(true);
    expect((await s.describe()).tables).toHaveLength(5);
    await expect(s.importFile(fixture('patients.csv'), { table: 'patients' })).rejects.toThrow(/read-only/);
  });

  it('does not expose the connection, and refuses use after close', async () => {
    const s = await CohortStore.open();
    expect(Object.keys(s).sort()).toEqual(['path', 'readOnly']);
    expect(rawConnection(s)).toBeDefined();
    s.close();
    s.close(); // idempotent
    expect(s.closed).toBe(true);
    expect(() => rawConnection(s)).toThrow(StoreError);
    await expect(s.describe()).rejects.toThrow(/closed/);
  });

  it('reports a file that cannot be opened as a StoreError', async () => {
    await expect(CohortStore.open('/nonexistent-dir/x/cohort.duckdb')).rejects.toThrow(StoreError);
  });
});

describe('migrations (pure)', () => {
  it('the list ends at the schema version of the code', () => {
    expect(latestVersion(MIGRATIONS)).toBe(SCHEMA_VERSION);
    expect(() => checkMigrations(MIGRATIONS)).not.toThrow();
  });
  it('pendingMigrations returns what is left, in order', () => {
    const v = SCHEMA_VERSION;
    const list: Migration[] = [...MIGRATIONS, { version: v + 1, description: 'b', statements: [] }, { version: v + 2, description: 'c', statements: [] }];
    expect(pendingMigrations(0, list).map((m) => m.version)).toEqual(list.map((m) => m.version));
    expect(pendingMigrations(v + 1, list).map((m) => m.version)).toEqual([v + 2]);
    expect(pendingMigrations(v + 2, list)).toEqual([]);
    expect(() => pendingMigrations(v + 3, list)).toThrow(StoreError);
  });
  it('rejects a list with a gap', () => {
    expect(() => checkMigrations([...MIGRATIONS, { version: SCHEMA_VERSION + 2, description: 'gap', statements: [] }])).toThrow(new RegExp(`expected ${SCHEMA_VERSION + 1}`));
  });
});

describe('serialized access', () => {
  it('concurrent imports and engine queries do not interleave inside one transaction', async () => {
    const { exclusive } = await import('../../engine/store-internal.js');
    const store = await track(CohortStore.open());
    const results = await Promise.allSettled([
      store.importFile(fixture('patients.csv'), { table: 'patients' }),
      store.importFile(fixture('events-bad-middle.csv'), { table: 'events' }),
      exclusive(store, async (c) => Number((await c.runAndReadAll('SELECT count(*) FROM cohort.patients')).getRowsJS()[0]![0])),
      store.importFile(fixture('events.csv'), { table: 'events' }),
      store.describe(),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseFulfilledResult<number>).value).toBe(5);
    const d = (results[4] as PromiseFulfilledResult<{ tables: { name: string; rows: number }[] }>).value;
    expect(d.tables.find((t) => t.name === 'events')!.rows).toBe(6);
  });
});
