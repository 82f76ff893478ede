import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../engine/import/import-batch.js';
import { CohortStore, ImportValidationError } from '../../../engine/store.js';
import { fixture, snapshot, tempDir } from './store-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let store: CohortStore | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

describe('importFiles: several sources, one transaction', () => {
  it('imports patients first whatever the order given, and reports in the order given', async () => {
    store = await CohortStore.open();
    const reports = await importFiles(store, [
      { kind: 'file', file: fixture('events.csv'), options: { table: 'events' } },
      { kind: 'fhir', file: fixture('bundle.json') },
      { kind: 'file', file: fixture('patients.csv'), options: { table: 'patients' } },
    ]);
    expect(reports.map((r) => [r.file, r.tables])).toEqual([
      [fixture('events.csv'), ['events']],
      [fixture('bundle.json'), ['patients', 'events', 'observations', 'treatments']],
      [fixture('patients.csv'), ['patients']],
    ]);
    expect(reports[0]!.loaded).toBe(6);
  });

  it('a rejected record in the last source rolls back every source, and the error says so', async () => {
    store = await CohortStore.open();
    await store.importFile(fixture('patients.csv'), { table: 'patients' });
    const before = await snapshot(store);
    const bad = join(tmp.dir, 'visits-bad.csv');
    writeFileSync(bad, 'pseudonym,date,type\nP-0000000001,2020-01-01,followup\nP-0000000001,2020-02-30,followup\n');
    const err = await importFiles(store, [
      { kind: 'file', file: fixture('events.csv'), options: { table: 'events' } },
      { kind: 'file', file: fixture('treatments.csv'), options: { table: 'treatments' } },
      { kind: 'file', file: bad, options: { table: 'visits' } },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportValidationError);
    expect((err as ImportValidationError).issues.map((i) => [i.file, i.row, i.field])).toEqual([[bad, 2, 'date']]);
    expect((err as Error).message).toContain(`the 3 files of this import ran as one transaction, rolled back: nothing was imported from any of them (${fixture('events.csv')}, ${fixture('treatments.csv')}, ${bad})`);
    expect(await snapshot(store)).toEqual(before);
  });

  it('when one source needs the exact pipeline (duplicates), every source is imported again exactly, with the same result', async () => {
    store = await CohortStore.open();
    const dup = join(tmp.dir, 'visits-dup.csv');
    writeFileSync(dup, 'pseudonym,date,type,provider\nP-0000000001,2020-01-01,followup,first\nP-0000000001,2020-01-01,followup,second\n');
    const reports = await importFiles(store, [
      { kind: 'file', file: fixture('patients.csv'), options: { table: 'patients' } },
      { kind: 'file', file: dup, options: { table: 'visits' } },
    ]);
    expect(reports.map((r) => [r.loaded, r.duplicates])).toEqual([
      [5, 0],
      [1, 1],
    ]);
    expect((await store.describe()).tables.filter((t) => t.rows > 0).map((t) => [t.name, t.rows])).toEqual([
      ['patients', 5],
      ['visits', 1],
    ]);
  });

  it('a read-only store is refused', async () => {
    const file = join(tmp.dir, 'ro.duckdb');
    (await CohortStore.open(file)).close();
    store = await CohortStore.open(file, { readOnly: true });
    await expect(importFiles(store, [{ kind: 'file', file: fixture('patients.csv'), options: { table: 'patients' } }])).rejects.toThrow(/read-only/);
  });
});
