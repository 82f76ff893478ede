import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CohortStore } from '../../../engine/store.js';
import { rawConnection } from '../../../engine/store-internal.js';
import { resolveMapping } from '../../../engine/import/mapping.js';
import { OptimisticImportUnavailable, runImportPipeline, runOptimisticImport, type PipelineSource } from '../../../engine/import/pipeline.js';
import { quoteLiteral } from '../../../engine/store-sql.js';
import { ImportValidationError } from '../../../engine/import/types.js';
import { storeWithPatients, tableRows, tempDir } from './store-helpers.js';

let store: CohortStore;
afterEach(() => store?.close());
const tmp = tempDir();
afterAll(() => tmp.cleanup());

const OBS_COLUMNS = ['pseudonym', 'date', 'code', 'code_system', 'value', 'value_text', 'unit', 'source'];

/** A CSV source of the observations table (all columns canonical). */
function csvSource(file: string): PipelineSource {
  const call = `read_csv(${quoteLiteral(file)}, all_varchar = true, header = true)`;
  return {
    table: 'observations',
    file,
    relation: (withRow) => (withRow ? `(SELECT row_number() OVER () AS __row, * FROM ${call})` : `(SELECT * FROM ${call})`),
    columns: resolveMapping('observations', {}, OBS_COLUMNS).columns,
  };
}

function writeCsv(name: string, lines: readonly string[]): string {
  const file = join(tmp.dir, name);
  writeFileSync(file, [OBS_COLUMNS.join(','), ...lines].join('\n') + '\n');
  return file;
}

/** Runs `body` in a transaction that is always rolled back; returns its result or error. */
async function inRolledBackTransaction<T>(s: CohortStore, body: () => Promise<T>): Promise<T | Error> {
  const c = rawConnection(s);
  await c.run('BEGIN TRANSACTION');
  try {
    return await body();
  } catch (error) {
    return error as Error;
  } finally {
    await c.run('ROLLBACK');
  }
}

describe('runOptimisticImport (single pass)', () => {
  it('imports a clean file in one pass with exact counts', async () => {
    store = await storeWithPatients();
    const file = writeCsv('clean.csv', ['P-0000000001,2020-01-01,PSA,local,1.5,,ng/mL,', 'P-0000000002,2020-01-01,PSA,local,2,,ng/mL,', 'P-0000000001,2020-01-02,PSA,local,,pos,,']);
    const counts = await inRolledBackTransaction(store, () => runOptimisticImport(rawConnection(store), csvSource(file)));
    expect(counts).toEqual({ observations: { loaded: 3, duplicates: 0 } });
  });

  it('gives way (throws OptimisticImportUnavailable) on a bad value, an unknown pseudonym and a date not in ISO form', async () => {
    store = await storeWithPatients();
    const cases = [
      writeCsv('bad-value.csv', ['P-0000000001,2020-01-01,PSA,local,1.5,,,', 'P-0000000001,2020-01-02,PSA,local,oops,,,']),
      writeCsv('unknown.csv', ['P-0000000001,2020-01-01,PSA,local,1.5,,,', 'P-0000000999,2020-01-02,PSA,local,2,,,']),
      writeCsv('bad-date.csv', ['P-0000000001,2020-1-01,PSA,local,1.5,,,']),
    ];
    for (const file of cases) {
      const result = await inRolledBackTransaction(store, () => runOptimisticImport(rawConnection(store), csvSource(file)));
      expect(result).toBeInstanceOf(OptimisticImportUnavailable);
    }
    expect(await tableRows(store, 'observations')).toEqual([]);
  });

  it('agrees with the exact pipeline on duplicates within the file and against the store', async () => {
    store = await storeWithPatients();
    const stored = writeCsv('stored.csv', ['P-0000000001,2020-01-01,PSA,local,1,,,', 'P-0000000002,2020-01-01,PSA,local,2,,,']);
    await store.importFile(stored, { table: 'observations' });
    const file = writeCsv('dups.csv', [
      'P-0000000001,2020-01-01,PSA,local,10,,,first-vs-store',
      'P-0000000003,2020-01-01,EDSS,local,3,,,a',
      'P-0000000003,2020-01-01,EDSS,local,4,,,b',
      'P-0000000002,2020-01-02,PSA,local,5,,,c',
      'P-0000000003,2020-01-01,EDSS,local,5,,,d',
    ]);
    const fast = await inRolledBackTransaction(store, async () => {
      const counts = await runOptimisticImport(rawConnection(store), csvSource(file));
      return { counts, rows: await tableRows(store, 'observations') };
    });
    const exact = await inRolledBackTransaction(store, async () => {
      const counts = await runImportPipeline(rawConnection(store), [csvSource(file)]);
      return { counts, rows: await tableRows(store, 'observations') };
    });
    expect(fast).toEqual(exact);
    expect(fast).toMatchObject({ counts: { observations: { loaded: 2, duplicates: 3 } } });
    const kept = (fast as { rows: Record<string, unknown>[] }).rows.filter((r) => r.pseudonym === 'P-0000000003');
    expect(kept.map((r) => r.source)).toEqual(['a']);
  });

  it('finds the same duplicates when the hash check runs in several passes', async () => {
    store = await storeWithPatients();
    const lines: string[] = [];
    // 23 distinct keys (k = i mod 23), each first seen in rows 1..23; rows 24..60 repeat them.
    for (let i = 0; i < 60; i++) {
      const k = i % 23;
      lines.push(`P-000000000${1 + (k % 5)},2020-01-${String(1 + k).padStart(2, '0')},C${k % 3},local,${i},,,row${i + 1}`);
    }
    const file = writeCsv('passes.csv', lines);
    const results = [];
    for (const rowsPerCheckPass of [1_000_000, 7, 1]) {
      results.push(
        await inRolledBackTransaction(store, async () => ({
          counts: await runOptimisticImport(rawConnection(store), csvSource(file), { rowsPerCheckPass }),
          rows: await tableRows(store, 'observations'),
        })),
      );
    }
    const exact = await inRolledBackTransaction(store, async () => ({
      counts: await runImportPipeline(rawConnection(store), [csvSource(file)]),
      rows: await tableRows(store, 'observations'),
    }));
    for (const r of results) expect(r).toEqual(exact);
    const { counts, rows } = exact as { counts: Record<string, { loaded: number; duplicates: number }>; rows: Record<string, unknown>[] };
    expect(counts.observations).toEqual({ loaded: 23, duplicates: 37 });
    expect(rows.map((r) => r.source).sort()).toEqual(Array.from({ length: 23 }, (_, i) => `row${i + 1}`).sort());
    await expect(runOptimisticImport(rawConnection(store), csvSource(file), { rowsPerCheckPass: 0 })).rejects.toThrow(/rowsPerCheckPass/);
  });

  it('gives way on duplicates when DuckDB does not preserve insertion order; importFile still keeps the first', async () => {
    store = await storeWithPatients();
    await rawConnection(store).run('SET preserve_insertion_order = false');
    const file = writeCsv('dups-unordered.csv', ['P-0000000001,2020-01-01,PSA,local,1,,,first', 'P-0000000002,2020-01-01,PSA,local,2,,,', 'P-0000000001,2020-01-01,PSA,local,3,,,second']);
    const result = await inRolledBackTransaction(store, () => runOptimisticImport(rawConnection(store), csvSource(file)));
    expect(result).toBeInstanceOf(OptimisticImportUnavailable);
    expect(await store.importFile(file, { table: 'observations' })).toMatchObject({ loaded: 2, duplicates: 1 });
    expect((await tableRows(store, 'observations')).find((r) => r.pseudonym === 'P-0000000001')!.source).toBe('first');
  });
});

describe('importFile over several row groups', () => {
  it('keeps the first of duplicates 250k rows apart, skips stored duplicates, and rejects an unknown pseudonym by row', async () => {
    store = await storeWithPatients();
    const conn = rawConnection(store);
    const file = join(tmp.dir, 'far.csv');
    // 300k distinct keys (P-0000000001..P-0000000003 x 1000 days x 100 codes); row 250001 repeats the key of row 2 with another value.
    await conn.run(
      `COPY (SELECT pseudonym, date, code, value FROM (
         SELECT i, 'P-000000000' || (1 + i % 3) AS pseudonym, CAST(DATE '1990-01-01' + CAST(i // 300 AS INTEGER) AS VARCHAR) AS date, 'LAB' || ((i // 3) % 100) AS code, i AS value FROM range(300000) t(i)
         UNION ALL SELECT 250000.5, 'P-0000000002', '1990-01-01', 'LAB0', -1) ORDER BY i) TO ${quoteLiteral(file)} (HEADER)`,
    );
    await store.importRecords('observations', [{ pseudonym: 'P-0000000003', date: '1990-01-01', code: 'LAB0', value: 42 }]);
    const r = await store.importFile(file, { table: 'observations' });
    expect(r).toMatchObject({ loaded: 300000 - 1, duplicates: 2 });
    const kept = (await conn.runAndReadAll(`SELECT pseudonym, value FROM cohort.observations WHERE date = DATE '1990-01-01' AND code = 'LAB0' ORDER BY pseudonym`)).getRowsJS();
    expect(kept).toEqual([
      ['P-0000000001', 0],
      ['P-0000000002', 1],
      ['P-0000000003', 42],
    ]);
    writeFileSync(file, 'P-0000000404,1990-01-01,LAB0,1\n', { flag: 'a' });
    const err = await store.importFile(file, { table: 'observations' }).catch((e) => e);
    expect(err).toBeInstanceOf(ImportValidationError);
    expect(err.issues).toMatchObject([{ row: 300002, field: 'pseudonym', value: 'P-0000000404' }]);
    expect((await conn.runAndReadAll('SELECT count(*) FROM cohort.observations')).getRowsJS()).toEqual([[300000n]]);
  });

  it('keeps the first of duplicates far apart in a table with enumerated columns (events.type): the checks keep file order', async () => {
    store = await storeWithPatients();
    const conn = rawConnection(store);
    const file = join(tmp.dir, 'far-events.csv');
    // DuckDB turns an IN list of five or more values into a join that does not keep the rows in order; the enum check must not.
    await conn.run(
      `COPY (SELECT pseudonym, date, type, code, value FROM (
         SELECT i, 'P-000000000' || (1 + i % 3) AS pseudonym, CAST(DATE '1990-01-01' + CAST(i // 300 AS INTEGER) AS VARCHAR) AS date, 'other' AS type, 'X' || ((i // 3) % 100) AS code, i AS value FROM range(300000) t(i)
         UNION ALL SELECT 250000.5, 'P-0000000002', '1990-01-01', 'other', 'X0', -1) ORDER BY i) TO ${quoteLiteral(file)} (HEADER)`,
    );
    expect(await store.importFile(file, { table: 'events' })).toMatchObject({ loaded: 300000, duplicates: 1 });
    const kept = (await conn.runAndReadAll(`SELECT value FROM cohort.events WHERE pseudonym = 'P-0000000002' AND date = DATE '1990-01-01' AND code = 'X0'`)).getRowsJS();
    expect(kept).toEqual([[1]]);
  });
});
