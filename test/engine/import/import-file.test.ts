import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateDay, Float64, Table, Utf8, vectorFromArray, tableToIPC } from 'apache-arrow';
import { CohortStore } from '../../../engine/store.js';
import { rawConnection } from '../../../engine/store-internal.js';
import { loadColumnMapping } from '../../../engine/import/mapping.js';
import type { ProgressEvent } from '../../../util/progress.js';
import { fixture, storeWithPatients, tableRows, tempDir } from './store-helpers.js';

let store: CohortStore;
afterEach(() => store?.close());
const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('importFile: CSV', () => {
  it('loads a CSV with canonical columns, typed, quoted fields intact', async () => {
    store = await CohortStore.open();
    const report = await store.importFile(fixture('patients.csv'), { table: 'patients' });
    expect(report).toMatchObject({ file: fixture('patients.csv'), tables: ['patients'], format: 'csv', loaded: 5, rejected: 0, duplicates: 0 });
    expect(report.perTable.patients).toEqual({ loaded: 5, duplicates: 0 });
    expect(report.importId).toBe(1);
    const rows = await tableRows(store, 'patients');
    expect(rows[0]).toEqual({
      pseudonym: 'P-0000000001', birth_year: 1961, birth_month: 4, sex: 'female', diagnosis: 'breast_cancer', diagnosis_icd10: 'C50.4',
      site: 'Site A', index_date: '2015-03-02', last_contact: '2023-11-30', source: 'registry',
    });
    expect(rows[1]!.birth_month).toBeNull();
    expect(rows[2]!.last_contact).toBeNull();
    expect(rows[3]!.source).toBeNull();
    expect(rows[4]!.site).toBe('Site "North", Annex');
  });

  it('fills missing source from the source option and logs it', async () => {
    store = await CohortStore.open();
    await store.importFile(fixture('patients.csv'), { table: 'patients', source: 'site-c-export' });
    const rows = await tableRows(store, 'patients');
    expect(rows.map((r) => r.source)).toEqual(['registry', 'registry', 'registry', 'site-c-export', 'registry']);
    const log = (await rawConnection(store).runAndReadAll('SELECT source FROM meta.imports')).getRowsJS();
    expect(log).toEqual([['site-c-export']]);
  });

  it('maps other column names, recodes values, parses German dates, sets constants (mapping from JSON file)', async () => {
    store = await CohortStore.open();
    const mapping = await loadColumnMapping(fixture('patients-mapping.json'), 'patients');
    const report = await store.importFile(fixture('patients-mapped.csv'), { table: 'patients', mapping });
    expect(report.loaded).toBe(3);
    const rows = await tableRows(store, 'patients');
    expect(rows.map((r) => [r.pseudonym, r.birth_year, r.birth_month, r.sex, r.diagnosis, r.diagnosis_icd10, r.site, r.index_date])).toEqual([
      ['P-00000c0001', 1960, null, 'female', 'breast_cancer', 'C50.1', 'Site M', '2015-03-02'],
      ['P-00000c0002', 1950, null, 'male', 'breast_cancer', 'C50.2', 'Site M', '2016-07-19'],
      ['P-00000c0003', 1975, null, 'female', 'breast_cancer', 'C50.3', 'Site M', '2012-01-10'],
    ]);
  });

  it('reads TSV (tab delimiter from the extension) with empty fields as missing', async () => {
    store = await storeWithPatients();
    const events: ProgressEvent[] = [];
    const report = await store.importFile(fixture('observations.tsv'), { table: 'observations', onProgress: (e) => events.push(e) });
    expect(report.loaded).toBe(6);
    const rows = await tableRows(store, 'observations');
    const her2 = rows.find((r) => r.code === 'HER2')!;
    expect(her2).toMatchObject({ value: null, value_text: '2+', unit: null, source: null });
    expect(rows.find((r) => r.code === 'KI67')!.value).toBe(25.5);
    expect(events.map((e) => e.step)).toEqual(expect.arrayContaining(['read', 'validate', 'insert']));
  });

  it('accepts an explicit delimiter and format', async () => {
    store = await CohortStore.open();
    const file = join(tmp.dir, 'patients.dat');
    writeFileSync(file, 'pseudonym|birth_year|sex|diagnosis|index_date\nP-0000000a01|1970|male|other|2001-02-03\n');
    const r = await store.importFile(file, { table: 'patients', format: 'csv', delimiter: '|' });
    expect(r.loaded).toBe(1);
  });

  it('handles a file path with a single quote', async () => {
    store = await CohortStore.open();
    const file = join(tmp.dir, "o'brien patients.csv");
    writeFileSync(file, 'pseudonym,birth_year,sex,diagnosis,index_date\nP-0000000a01,1970,male,other,2001-02-03\n');
    expect((await store.importFile(file, { table: 'patients' })).loaded).toBe(1);
  });

  it('counts duplicates within the file and against the store, keeping the first row', async () => {
    store = await storeWithPatients();
    const first = await store.importFile(fixture('events.csv'), { table: 'events' });
    expect(first).toMatchObject({ loaded: 6, duplicates: 1 });
    const again = await store.importFile(fixture('events.csv'), { table: 'events' });
    expect(again).toMatchObject({ loaded: 0, duplicates: 7 });
    expect((await tableRows(store, 'events')).length).toBe(6);
    // nullable key column (code) compares NULL = NULL
    const dupPatients = await store.importFile(fixture('patients.csv'), { table: 'patients' });
    expect(dupPatients).toMatchObject({ loaded: 0, duplicates: 5 });
  });

  it('keeps the first of duplicate rows in file order', async () => {
    store = await storeWithPatients();
    const file = join(tmp.dir, 'visits-dup.csv');
    writeFileSync(file, 'pseudonym,date,type,provider\nP-0000000001,2020-01-01,followup,first\nP-0000000002,2020-01-01,followup,x\nP-0000000001,2020-01-01,followup,second\n');
    const r = await store.importFile(file, { table: 'visits' });
    expect(r).toMatchObject({ loaded: 2, duplicates: 1 });
    expect((await tableRows(store, 'visits')).find((v) => v.pseudonym === 'P-0000000001')!.provider).toBe('first');
  });
});

describe('importFile: a larger file', () => {
  it('200k rows with scattered duplicates: exact counts, first occurrence kept, then one bad last row rejects all', async () => {
    store = await CohortStore.open();
    const conn = rawConnection(store);
    await conn.run(`INSERT INTO cohort.patients SELECT 'P' || i, 1960, NULL, 'female', 'breast_cancer', NULL, NULL, DATE '2000-01-01', NULL, NULL FROM range(1000) t(i)`);
    const file = join(tmp.dir, 'big.csv').replace(/'/g, "''");
    // rows i = 0..199999; every 20000th row repeats the key of row i - 1 with another value
    await conn.run(
      `COPY (SELECT 'P' || (k % 1000) AS pseudonym, CAST(DATE '2001-01-01' + CAST(k // 1000 AS INTEGER) AS VARCHAR) AS date, 'PSA' AS code, i AS value
             FROM (SELECT i, CASE WHEN i % 20000 = 19999 THEN i - 1 ELSE i END AS k FROM range(200000) t(i)) ORDER BY i) TO '${file}' (HEADER)`,
    );
    const r = await store.importFile(join(tmp.dir, 'big.csv'), { table: 'observations' });
    expect(r).toMatchObject({ loaded: 200000 - 10, duplicates: 10 });
    const kept = (await conn.runAndReadAll(`SELECT value FROM cohort.observations WHERE pseudonym = 'P998' AND date = DATE '2001-01-01' + 19`)).getRowsJS();
    expect(kept).toEqual([[19998]]);
    const before = await tableRows(store, 'observations');
    writeFileSync(join(tmp.dir, 'big.csv'), 'P1,2001-01-01,PSA,oops\n', { flag: 'a' });
    const err = await store.importFile(join(tmp.dir, 'big.csv'), { table: 'observations' }).catch((e) => e);
    expect(err.issues).toMatchObject([{ row: 200001, field: 'value', value: 'oops' }]);
    expect(err.rejected).toBe(1);
    expect((await tableRows(store, 'observations')).length).toBe(before.length);
  });
});

describe('importFile: Parquet, Arrow, NDJSON', () => {
  let parquetFile: string;
  beforeAll(async () => {
    parquetFile = join(tmp.dir, 'treatments.parquet');
    const s = await CohortStore.open();
    try {
      const path = parquetFile.replace(/'/g, "''");
      // typed columns: DATE, TIMESTAMP, INTEGER, DOUBLE-valued line
      await rawConnection(s).run(
        `COPY (SELECT * FROM (VALUES ('P-0000000001', DATE '2015-04-01', TIMESTAMP '2020-04-01 00:00:00', 'tamoxifen', 'L02BA01', 'endocrine', 'adjuvant', 1, NULL),
          ('P-0000000003', DATE '2014-04-01', NULL, 'ocrelizumab', 'L04AA36', 'dmt_high', 'disease_modifying', 2, NULL))
          t(pseudonym, start, stop, substance, atc, class, intent, line, stop_reason)) TO '${path}' (FORMAT parquet)`,
      );
    } finally {
      s.close();
    }
  });

  it('loads Parquet with typed columns (DATE, TIMESTAMP as its date, INTEGER)', async () => {
    store = await storeWithPatients();
    const r = await store.importFile(parquetFile, { table: 'treatments' });
    expect(r).toMatchObject({ format: 'parquet', loaded: 2, duplicates: 0 });
    const rows = await tableRows(store, 'treatments');
    expect(rows[0]).toMatchObject({ pseudonym: 'P-0000000001', start: '2015-04-01', stop: '2020-04-01', line: 1, intent: 'adjuvant' });
    expect(rows[1]).toMatchObject({ pseudonym: 'P-0000000003', stop: null, line: 2 });
  });

  function arrowTable(): Table {
    return new Table({
      pseudonym: vectorFromArray(['P-0000000001', 'P-0000000002', 'P-0000000003'], new Utf8()),
      date: vectorFromArray([new Date('2015-03-02T00:00:00Z'), new Date('2016-07-01T00:00:00Z'), new Date('2013-02-01T00:00:00Z')], new DateDay()),
      code: vectorFromArray(['ER', 'PSA', 'EDSS'], new Utf8()),
      value: vectorFromArray([90, 7.4, null], new Float64()),
      unit: vectorFromArray(['%', 'ng/mL', null], new Utf8()),
    });
  }

  for (const kind of ['file', 'stream'] as const) {
    it(`loads Arrow IPC (${kind} format) batch by batch`, async () => {
      const file = join(tmp.dir, `obs-${kind}.${kind === 'file' ? 'arrow' : 'arrows'}`);
      writeFileSync(file, tableToIPC(arrowTable(), kind));
      store = await storeWithPatients();
      const r = await store.importFile(file, { table: 'observations' });
      expect(r).toMatchObject({ format: 'arrow', loaded: 3 });
      const rows = await tableRows(store, 'observations');
      expect(rows.map((x) => [x.pseudonym, x.date, x.code, x.value, x.unit])).toEqual([
        ['P-0000000001', '2015-03-02', 'ER', 90, '%'],
        ['P-0000000002', '2016-07-01', 'PSA', 7.4, 'ng/mL'],
        ['P-0000000003', '2013-02-01', 'EDSS', null, null],
      ]);
    });
  }

  it('validates Arrow rows like CSV rows (row numbers across batches)', async () => {
    const t = arrowTable();
    const bad = new Table({ ...Object.fromEntries(t.schema.fields.map((f) => [f.name, t.getChild(f.name)!])), code: vectorFromArray(['ER', null, 'EDSS'], new Utf8()) });
    const file = join(tmp.dir, 'obs-bad.arrow');
    writeFileSync(file, tableToIPC(bad, 'file'));
    store = await storeWithPatients();
    await expect(store.importFile(file, { table: 'observations' })).rejects.toMatchObject({ issues: [{ file, row: 2, field: 'code', message: 'required value is missing' }] });
    expect(await tableRows(store, 'observations')).toEqual([]);
  });

  it('loads NDJSON', async () => {
    store = await storeWithPatients();
    const r = await store.importFile(fixture('visits.ndjson'), { table: 'visits' });
    expect(r).toMatchObject({ format: 'ndjson', loaded: 4 });
    const rows = await tableRows(store, 'visits');
    expect(rows.map((x) => [x.pseudonym, x.date, x.type, x.provider])).toEqual([
      ['P-0000000001', '2016-03-01', 'followup', 'Dr A'],
      ['P-0000000001', '2017-03-01', 'followup', null],
      ['P-0000000002', '2017-01-05', 'outpatient', null],
      ['P-0000000003', '2013-02-01', 'followup', 'MS clinic'],
    ]);
  });
});

describe('importRecords', () => {
  it('loads in-process records and validates them like files', async () => {
    store = await storeWithPatients();
    const r = await store.importRecords('visits', [
      { pseudonym: 'P-0000000001', date: '2024-01-10', type: 'followup' },
      { pseudonym: 'P-0000000002', date: '2024-01-11', type: 'telephone', provider: null },
    ]);
    expect(r).toMatchObject({ file: '<memory>', format: 'records', loaded: 2, duplicates: 0, tables: ['visits'] });
    await expect(
      store.importRecords('visits', [
        { pseudonym: 'P-0000000001', date: '2024-02-10', type: 'followup' },
        { pseudonym: 'P-0000000001', date: '2024-02-31', type: 'followup' },
      ]),
    ).rejects.toMatchObject({ issues: [{ file: '<memory>', row: 2, field: 'date', value: '2024-02-31' }] });
    expect((await tableRows(store, 'visits')).length).toBe(2);
  });

  it('does not mutate the records it is given', async () => {
    store = await storeWithPatients();
    const recs = Object.freeze([Object.freeze({ pseudonym: 'P-0000000001', date: '2024-01-10', type: 'followup' })]);
    await store.importRecords('visits', recs);
    expect(recs[0]).toEqual({ pseudonym: 'P-0000000001', date: '2024-01-10', type: 'followup' });
  });
});
