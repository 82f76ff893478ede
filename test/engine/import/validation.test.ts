import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CohortStore } from '../../../engine/store.js';
import { ImportValidationError, type ImportIssue } from '../../../engine/import/types.js';
import { DataValidationError, StoreError, UnknownColumnError, UsageError } from '../../../util/errors.js';
import { fixture, snapshot, storeWithPatients, tempDir } from './store-helpers.js';

let store: CohortStore;
afterEach(() => store?.close());
const tmp = tempDir();
afterAll(() => tmp.cleanup());

async function rejection(p: Promise<unknown>): Promise<ImportValidationError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(DataValidationError);
    expect(error).toBeInstanceOf(ImportValidationError);
    return error as ImportValidationError;
  }
  throw new Error('expected the import to be rejected');
}
const brief = (i: ImportIssue) => [i.row, i.field, i.message];

describe('a rejected import writes nothing', () => {
  it('one bad row in the middle rejects the whole file; the store is unchanged', async () => {
    store = await storeWithPatients();
    await store.importFile(fixture('events.csv'), { table: 'events' });
    const before = await snapshot(store);
    const err = await rejection(store.importFile(fixture('events-bad-middle.csv'), { table: 'events' }));
    expect(err.rejected).toBe(1);
    expect(err.issues).toEqual([
      { file: fixture('events-bad-middle.csv'), row: 4, field: 'date', message: "'2015-13-01' is not a valid ISO date YYYY-MM-DD", value: '2015-13-01', table: 'events', column: 'date' },
    ]);
    expect(err.message).toContain('events-bad-middle.csv, row 4');
    expect(await snapshot(store)).toEqual(before);
    // and the store still works afterwards (transaction closed)
    const ok = await store.importRecords('visits', [{ pseudonym: 'P-0000000001', date: '2020-01-01', type: 'followup' }]);
    expect(ok.loaded).toBe(1);
  });

  it('a bad row in a file for an empty store leaves every table and the import log empty', async () => {
    store = await CohortStore.open();
    const before = await snapshot(store);
    await rejection(store.importFile(fixture('patients-invalid.csv'), { table: 'patients' }));
    expect(await snapshot(store)).toEqual(before);
  });
});

describe('issues name file, row, field and value', () => {
  it('bad date, bad enum, missing required, out of range, not an integer', async () => {
    store = await CohortStore.open();
    const err = await rejection(store.importFile(fixture('patients-invalid.csv'), { table: 'patients', today: '2026-12-08' }));
    expect(err.rejected).toBe(4);
    expect(err.issues.every((i) => i.file === fixture('patients-invalid.csv'))).toBe(true);
    expect(err.issues.map(brief)).toEqual([
      [2, 'birth_year', "'1870' is out of range [1900, 2026] (birth years from 1900 to this year)"],
      [3, 'birth_month', "'13' is out of range [1, 12]"],
      [3, 'sex', "'woman' is not one of female, male, diverse, unknown"],
      [3, 'index_date', "'2015-02-30' is not a valid ISO date YYYY-MM-DD"],
      [4, 'birth_year', 'required value is missing'],
      [5, 'birth_year', "'19x1' is not an integer"],
      [5, 'diagnosis', "'lung_cancer' is not one of breast_cancer, prostate_cancer, multiple_sclerosis, other"],
      [5, 'index_date', "'03/02/2015' is not a valid ISO date YYYY-MM-DD"],
    ]);
    expect(err.issues[0]!.value).toBe('1870');
  });

  it('unknown pseudonym, stop before start, non-integer line, bad intent, missing substance', async () => {
    store = await storeWithPatients();
    const err = await rejection(store.importFile(fixture('treatments-bad.csv'), { table: 'treatments' }));
    expect(err.rejected).toBe(3);
    expect(err.issues.map(brief)).toEqual([
      [1, 'stop', "stop '2014-04-01' is before start '2015-04-01'"],
      [2, 'line', "'1.5' is not an integer"],
      [2, 'pseudonym', "unknown pseudonym 'P-0000000999': not in patients (import the patient first or in the same import)"],
      [3, 'substance', 'required value is missing'],
      [3, 'intent', expect.stringMatching(/^'cure' is not one of curative, palliative/)],
      [3, 'line', "'0' is out of range [1, 100]"],
    ]);
  });

  it('names the source column of a mapped field', async () => {
    store = await CohortStore.open();
    const file = join(tmp.dir, 'mapped-bad.csv');
    writeFileSync(file, 'PID;GEBJAHR;GESCHLECHT;DIAG_DATUM\nMSR1;1960;F;02.03.2015\nMSR2;1960;X;31.02.2015\n');
    const mapping = {
      pseudonym: 'PID',
      birth_year: 'GEBJAHR',
      sex: { column: 'GESCHLECHT', values: { F: 'female', M: 'male' } },
      index_date: { column: 'DIAG_DATUM', dateFormat: '%d.%m.%Y' },
      diagnosis: { constant: 'breast_cancer' },
    };
    const err = await rejection(store.importFile(file, { table: 'patients', mapping }));
    expect(err.issues.map(brief)).toEqual([
      [2, "sex (source column 'GESCHLECHT')", "'X' is not one of female, male, diverse, unknown"],
      [2, "index_date (source column 'DIAG_DATUM')", "'31.02.2015' is not a date in format %d.%m.%Y"],
    ]);
    expect(err.issues[0]).toMatchObject({ column: 'sex', sourceColumn: 'GESCHLECHT', value: 'X' });
  });

  it('a mapped source column missing from the file is named (row 0: the header)', async () => {
    store = await CohortStore.open();
    const err = await store.importFile(fixture('patients.csv'), { table: 'patients', mapping: { sex: 'GENDER' } }).catch((e) => e);
    expect(err).toBeInstanceOf(DataValidationError);
    expect(err.issues[0]).toMatchObject({ row: 0, field: "sex (source column 'GENDER')" });
    expect(err.issues[0].message).toMatch(/'GENDER' .* not in the file \(columns: 'pseudonym', 'birth_year'/);
  });

  it('an unmapped required column absent from the file fails once at the header, naming the field', async () => {
    store = await CohortStore.open();
    const file = join(tmp.dir, 'no-sex.csv');
    writeFileSync(file, 'pseudonym,birth_year,diagnosis,index_date\nA1,1960,other,2001-01-01\nA2,1961,other,2001-01-01\n');
    const err = await store.importFile(file, { table: 'patients' }).catch((e) => e);
    expect(err).toBeInstanceOf(DataValidationError);
    expect(err.issues.map(brief)).toEqual([[0, 'sex', "required column 'sex' is not in the file and not mapped (columns: 'pseudonym', 'birth_year', 'diagnosis', 'index_date')"]]);
  });

  it('a ragged CSV that the sniffer cannot split on the header fails at the header', async () => {
    store = await CohortStore.open();
    const file = join(tmp.dir, 'ragged.csv');
    writeFileSync(file, 'pseudonym,date,type,provider\nP1,2020-01-01,a,b\nP1,2020-01-02,a,b,c,d\n');
    const err = await store.importFile(file, { table: 'visits' }).catch((e) => e);
    expect(err).toBeInstanceOf(DataValidationError);
    expect(err.issues.every((i: ImportIssue) => i.row === 0 && i.file === file)).toBe(true);
  });

  it('a ragged line beyond the sniffer sample is reported with its data row', async () => {
    store = await CohortStore.open();
    const file = join(tmp.dir, 'ragged-late.csv');
    const lines = ['pseudonym,date,type,provider'];
    for (let i = 0; i < 21000; i++) lines.push(`P${i},2020-01-01,a,b`);
    lines.push('P1,2020-01-02,a,b,c,d', 'Q1,2020-01-01,a,b');
    writeFileSync(file, lines.join('\n') + '\n');
    const err = await store.importFile(file, { table: 'visits' }).catch((e) => e);
    expect(err).toBeInstanceOf(DataValidationError);
    expect(err.issues[0]).toMatchObject({ file, row: 21001, field: null });
    expect(err.issues[0].message).toContain('Expected Number of Columns: 4 Found: 5');
    // the line itself is not echoed: it may hold identifying data
    expect(err.issues[0].message).not.toContain('P1,2020-01-02');
  });

  it('a header-only file imports nothing and succeeds', async () => {
    store = await CohortStore.open();
    const file = join(tmp.dir, 'header-only.csv');
    writeFileSync(file, 'pseudonym,date,type,provider\n');
    expect(await store.importFile(file, { table: 'visits' })).toMatchObject({ loaded: 0, duplicates: 0 });
  });

  it('caps the listed issues but counts every rejected record', async () => {
    store = await CohortStore.open();
    const file = join(tmp.dir, 'many-bad.csv');
    const lines = ['pseudonym,birth_year,sex,diagnosis,index_date'];
    for (let i = 0; i < 1500; i++) lines.push(`MSR${i},1960,${i % 3 === 0 ? 'female' : 'f'},other,2001-01-01`);
    writeFileSync(file, lines.join('\n') + '\n');
    const err = await rejection(store.importFile(file, { table: 'patients' }));
    expect(err.rejected).toBe(1000);
    expect(err.issues.length).toBe(1000);
    expect(err.issues[0]!.row).toBe(2);
    const many = lines.slice(0, 1).concat(Array.from({ length: 2500 }, (_, i) => `MSR${i},1960,f,other,2001-01-01`));
    writeFileSync(file, many.join('\n') + '\n');
    const err2 = await rejection(store.importFile(file, { table: 'patients' }));
    expect(err2.rejected).toBe(2500);
    expect(err2.issues.length).toBe(1000);
    expect(err2.issues[999]!.row).toBe(1000);
  });
});

describe('reader and option errors', () => {
  it('a missing file is a StoreError naming it', async () => {
    store = await CohortStore.open();
    await expect(store.importFile('/no/such/file.csv', { table: 'patients' })).rejects.toThrow(StoreError);
    await expect(store.importFile('/no/such/file.csv', { table: 'patients' })).rejects.toThrow(/\/no\/such\/file\.csv/);
  });
  it('an unparsable Parquet file is a DataValidationError naming it', async () => {
    store = await CohortStore.open();
    const file = join(tmp.dir, 'broken.parquet');
    writeFileSync(file, 'this is not parquet');
    const err = await store.importFile(file, { table: 'patients' }).catch((e) => e);
    expect(err).toBeInstanceOf(DataValidationError);
    expect(err.issues[0]).toMatchObject({ file, row: 0, field: null });
  });
  it('an unparsable Arrow file is a DataValidationError naming it', async () => {
    store = await CohortStore.open();
    const file = join(tmp.dir, 'broken.arrow');
    writeFileSync(file, 'not arrow at all');
    const err = await store.importFile(file, { table: 'patients' }).catch((e) => e);
    expect(err).toBeInstanceOf(DataValidationError);
    expect(err.issues[0].file).toBe(file);
  });
  it('unknown extension, unknown table and a mapping key that is not a column are usage errors', async () => {
    store = await CohortStore.open();
    await expect(store.importFile(fixture('patients.csv').replace('.csv', '.xlsx'), { table: 'patients' })).rejects.toThrow(UsageError);
    await expect(store.importFile(fixture('patients.csv'), { table: 'people' as 'patients' })).rejects.toThrow(UsageError);
    await expect(store.importFile(fixture('patients.csv'), { table: 'patients', mapping: { gender: 'sex' } })).rejects.toThrow(UnknownColumnError);
  });
});
