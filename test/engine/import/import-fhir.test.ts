import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CohortStore } from '../../../engine/store.js';
import { ImportValidationError } from '../../../engine/import/types.js';
import { StoreError } from '../../../util/errors.js';
import { fixture, snapshot, tableRows, tempDir } from './store-helpers.js';

let store: CohortStore;
afterEach(() => store?.close());
const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('importFhir', () => {
  it('imports a Bundle into four tables in one go, counting skipped resources', async () => {
    store = await CohortStore.open();
    const r = await store.importFhir(fixture('bundle.json'), { source: 'fhir-server-a' });
    expect(r).toMatchObject({ format: 'fhir', tables: ['patients', 'events', 'observations', 'treatments'], loaded: 15, duplicates: 0, rejected: 0 });
    expect(r.perTable).toEqual({
      patients: { loaded: 3, duplicates: 0 },
      events: { loaded: 3, duplicates: 0 },
      observations: { loaded: 5, duplicates: 0 },
      treatments: { loaded: 4, duplicates: 0 },
    });
    expect(r.skipped).toEqual({ 'Condition (unmapped code)': 1, Encounter: 1, 'Observation (entered-in-error)': 1 });
    const patients = await tableRows(store, 'patients');
    expect(patients.map((p) => [p.pseudonym, p.birth_year, p.birth_month, p.sex, p.diagnosis, p.diagnosis_icd10, p.index_date, p.source])).toEqual([
      ['P-00000f0001', 1962, 8, 'female', 'breast_cancer', 'C50.4', '2015-03-02', 'fhir-server-a'],
      ['P-00000f0002', 1958, 3, 'diverse', 'multiple_sclerosis', 'G35', '2010-11-23', 'fhir-server-a'],
      ['P-00000f0003', 1950, null, 'male', 'prostate_cancer', 'C61', '2016-01-20', 'fhir-server-a'],
    ]);
    const events = await tableRows(store, 'events');
    expect(events.map((e) => [e.pseudonym, e.date, e.type, e.code])).toEqual([
      ['P-00000f0001', '2018-02-01', 'regional_recurrence', 'C77.3'],
      ['P-00000f0001', '2019-05-06', 'distant_metastasis', 'C79.5'],
      ['P-00000f0002', '2022-06-30', 'death', null],
    ]);
    const obs = await tableRows(store, 'observations');
    expect(obs.find((o) => o.code === 'HER2')!.value_text).toBe('Negative');
    const tr = await tableRows(store, 'treatments');
    expect(tr.map((t) => [t.pseudonym, t.substance, t.atc, t.start, t.stop])).toEqual([
      ['P-00000f0001', 'surgery', null, '2015-03-20', null],
      ['P-00000f0001', 'tamoxifen', 'L02BA01', '2015-04-01', '2020-03-31'],
      ['P-00000f0001', 'radiotherapy', null, '2015-05-01', '2015-06-10'],
      ['P-00000f0002', 'ocrelizumab', 'L04AA36', '2013-01-15', null],
    ]);
    // identifying data never reaches the store
    expect(JSON.stringify(await snapshot(store))).not.toMatch(/Musterfrau|Erika|Berlin|A123456789|1234/);
  });

  it('imports NDJSON, and a second import of the same file only counts duplicates', async () => {
    store = await CohortStore.open();
    const r = await store.importFhir(fixture('resources.ndjson'));
    expect(r.perTable).toEqual({ patients: { loaded: 1, duplicates: 0 }, observations: { loaded: 1, duplicates: 0 }, treatments: { loaded: 2, duplicates: 0 } });
    expect(r.skipped).toEqual({ Encounter: 1 });
    const again = await store.importFhir(fixture('resources.ndjson'));
    expect(again).toMatchObject({ loaded: 0, duplicates: 4 });
  });

  it('a bad resource rejects the whole file, naming resource position and JSON path; nothing is written', async () => {
    store = await CohortStore.open();
    await store.importFhir(fixture('resources.ndjson'));
    const before = await snapshot(store);
    const err = await store.importFhir(fixture('bundle-bad.json')).catch((e) => e);
    expect(err).toBeInstanceOf(ImportValidationError);
    expect(err.rejected).toBe(3);
    expect(err.issues.map((i: { row: number; field: string }) => [i.row, i.field])).toEqual([
      [3, 'entry[2].resource.subject'],
      [4, 'entry[3].resource.effectiveDateTime'],
      [5, 'entry[4].resource.effectivePeriod.start'],
      [5, 'entry[4].resource.subject.reference'],
    ]);
    expect(err.issues[1]).toMatchObject({ value: '2015-02-30', table: 'observations', column: 'date' });
    expect(err.issues[3].message).toMatch(/unknown pseudonym 'ZZZ'/);
    expect(await snapshot(store)).toEqual(before);
  });

  it('a Patient without a primary-diagnosis Condition is rejected naming why', async () => {
    store = await CohortStore.open();
    const file = join(tmp.dir, 'lonely.ndjson');
    writeFileSync(file, '{"resourceType":"Patient","id":"P-0000000a11","birthDate":"1970"}\n');
    const err = await store.importFhir(file).catch((e) => e);
    expect(err).toBeInstanceOf(ImportValidationError);
    expect(err.issues.map((i: { field: string }) => i.field)).toEqual([
      'id (no Condition with ICD-10 C50, C61 or G35 for Patient/P-0000000a11)',
      'id (no Condition with ICD-10 C50, C61 or G35 for Patient/P-0000000a11)',
    ]);
  });

  it('links resources to patients already in the store', async () => {
    store = await CohortStore.open();
    await store.importFhir(fixture('resources.ndjson'));
    const file = join(tmp.dir, 'later.ndjson');
    writeFileSync(file, '{"resourceType":"Observation","subject":{"reference":"Patient/P-00000d0001"},"code":{"coding":[{"code":"EDSS"}]},"valueQuantity":{"value":3.0},"effectiveDateTime":"2014-01-01"}\n');
    expect((await store.importFhir(file)).perTable).toEqual({ observations: { loaded: 1, duplicates: 0 } });
  });

  it('a missing file is a StoreError', async () => {
    store = await CohortStore.open();
    await expect(store.importFhir(join(tmp.dir, 'nope.json'))).rejects.toThrow(StoreError);
  });
});
