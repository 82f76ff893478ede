import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fhirDay, mapFhirResources, type FhirEntry } from '../../../engine/import/fhir.js';
import { parseFhirText } from '../../../engine/import/fhir-read.js';
import { fixture } from './store-helpers.js';

const entry = (resource: unknown, row = 1): FhirEntry => ({ resource, row, path: `entry[${row - 1}].resource` });
const patient = { resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1960-05-02' };
const subject = { reference: 'Patient/p1' };

describe('parseFhirText', () => {
  it('reads Bundle entries with 1-based rows and JSON paths, and fullUrl', () => {
    const p = parseFhirText(readFileSync(fixture('bundle.json'), 'utf8'), 'b.json');
    expect(p.kind).toBe('bundle');
    expect(p.entries).toHaveLength(21);
    expect(p.entries[0]).toMatchObject({ row: 1, path: 'entry[0].resource', fullUrl: 'urn:uuid:11111111-1111-1111-1111-111111111111' });
    expect(p.entries[12]!.path).toBe('entry[12].resource');
  });
  it('reads NDJSON by line (blank lines counted, not resources) and reports bad lines', () => {
    const p = parseFhirText('{"resourceType":"Patient","id":"a"}\n\n{oops\n{"resourceType":"Patient","id":"b"}\n', 'x.ndjson');
    expect(p.kind).toBe('ndjson');
    expect(p.entries.map((e) => [e.row, e.path])).toEqual([[1, ''], [4, '']]);
    expect(p.issues).toMatchObject([{ file: 'x.ndjson', row: 3, field: null }]);
  });
  it('reads a single resource', () => {
    expect(parseFhirText(JSON.stringify(patient), 'p.json')).toMatchObject({ kind: 'resource', entries: [{ row: 1, path: '' }] });
  });
});

describe('fhirDay', () => {
  it('keeps the calendar date as written, and passes anything else through for validation', () => {
    expect(fhirDay('2021-03-04T23:30:00-05:00')).toBe('2021-03-04');
    expect(fhirDay('2021-03-04')).toBe('2021-03-04');
    expect(fhirDay('2021-03')).toBe('2021-03');
    expect(fhirDay(undefined)).toBeNull();
  });
});

describe('mapFhirResources', () => {
  it('Patient: id as pseudonym, birth year/month (day dropped), gender mapping, identifying fields never read', () => {
    const m = mapFhirResources([
      entry({ ...patient, name: [{ family: 'X' }], address: [{ city: 'Y' }], telecom: [{ value: '1' }], identifier: [{ value: 'KV1' }] }),
      entry({ resourceType: 'Patient', id: 'p2', gender: 'other', birthDate: '1950' }, 2),
      entry({ resourceType: 'Patient', id: 'p3' }, 3),
    ]);
    expect(m.records.patients.map((r) => [r.values.pseudonym, r.values.birth_year, r.values.birth_month, r.values.sex])).toEqual([
      ['p1', 1960, 5, 'female'],
      ['p2', 1950, null, 'diverse'],
      ['p3', null, null, 'unknown'],
    ]);
    const serialized = JSON.stringify(m.records);
    for (const s of ['X', 'Y', 'KV1', '"1"']) expect(serialized).not.toContain(s);
    expect(m.records.patients[0]!.values).not.toHaveProperty('birth_day');
    expect(m.records.patients[0]!.paths.birth_year).toBe('entry[0].resource.birthDate');
  });

  it('Condition: the earliest primary diagnosis fills the patient, a later one becomes a diagnosis event', () => {
    const icd = (code: string) => ({ coding: [{ system: 'http://fhir.de/CodeSystem/bfarm/icd-10-gm', code }] });
    const m = mapFhirResources([
      entry(patient),
      entry({ resourceType: 'Condition', subject, code: icd('C50.9'), onsetDateTime: '2019-01-01' }, 2),
      entry({ resourceType: 'Condition', subject, code: icd('C50.4'), onsetDateTime: '2015-03-02T08:00:00+01:00' }, 3),
      entry({ resourceType: 'Condition', subject, code: icd('C77.3'), recordedDate: '2017-01-01' }, 4),
      entry({ resourceType: 'Condition', subject, code: icd('C78.0'), onsetPeriod: { start: '2018-01-01' } }, 5),
      entry({ resourceType: 'Condition', subject: { reference: 'Patient/other' }, code: icd('G35'), onsetDateTime: '2001-01-01' }, 6),
      entry({ resourceType: 'Condition', subject, code: icd('E11'), onsetDateTime: '2001-01-01' }, 7),
      entry({ resourceType: 'Condition', subject, code: icd('C79.5'), onsetDateTime: '2001-01-01', verificationStatus: { coding: [{ code: 'refuted' }] } }, 8),
    ]);
    expect(m.records.patients[0]!.values).toMatchObject({ diagnosis: 'breast_cancer', diagnosis_icd10: 'C50.4', index_date: '2015-03-02' });
    expect(m.records.patients[0]!.paths.index_date).toBe('entry[2].resource.onsetDateTime');
    expect(m.records.events.map((e) => [e.values.pseudonym, e.values.type, e.values.code, e.values.date])).toEqual([
      ['p1', 'regional_recurrence', 'C77.3', '2017-01-01'],
      ['p1', 'distant_metastasis', 'C78.0', '2018-01-01'],
      ['other', 'diagnosis', 'G35', '2001-01-01'],
      ['p1', 'diagnosis', 'C50.9', '2019-01-01'],
    ]);
    expect(m.skipped).toEqual({ 'Condition (unmapped code)': 1, 'Condition (entered-in-error/refuted)': 1 });
    expect(m.issues).toEqual([]);
  });

  it('Observation: LOINC/SNOMED/local codes, quantity and coded values, date fallbacks', () => {
    const obs = (code: object, extra: object, row: number) => entry({ resourceType: 'Observation', subject, code: { coding: [code] }, ...extra }, row);
    const m = mapFhirResources([
      obs({ system: 'http://loinc.org', code: '2857-1' }, { valueQuantity: { value: 4.2, unit: 'ng/mL' }, effectiveDateTime: '2020-01-01' }, 1),
      obs({ system: 'http://loinc.org', code: '16113-3' }, { valueCodeableConcept: { text: 'positive' }, effectivePeriod: { start: '2020-01-02' } }, 2),
      obs({ system: 'http://loinc.org', code: '29593-1' }, { valueInteger: 30, issued: '2020-01-03T10:00:00Z' }, 3),
      obs({ system: 'http://snomed.info/sct', code: '273554001' }, { valueQuantity: { value: 3 }, effectiveDateTime: '2020-01-04' }, 4),
      obs({ system: 'urn:local', code: 'edss' }, { valueQuantity: { value: 3.5 }, effectiveDateTime: '2020-01-05' }, 5),
      obs({ system: 'http://loinc.org', code: '8302-2' }, { valueQuantity: { value: 170, unit: 'cm' }, effectiveDateTime: '2020-01-06' }, 6),
      obs({ system: 'http://loinc.org', code: '48676-1' }, { valueString: '3+', effectiveDateTime: '2020-01-07' }, 7),
    ]);
    expect(m.records.observations.map((o) => [o.values.code, o.values.code_system, o.values.value, o.values.value_text, o.values.unit, o.values.date])).toEqual([
      ['PSA', 'local', 4.2, null, 'ng/mL', '2020-01-01'],
      ['PR', 'local', null, 'positive', null, '2020-01-02'],
      ['KI67', 'local', 30, null, null, '2020-01-03'],
      ['EDSS', 'local', 3, null, null, '2020-01-04'],
      ['EDSS', 'local', 3.5, null, null, '2020-01-05'],
      ['8302-2', 'LOINC', 170, null, 'cm', '2020-01-06'],
      ['HER2', 'local', null, '3+', null, '2020-01-07'],
    ]);
    expect(m.records.observations[1]!.paths.date).toBe('entry[1].resource.effectivePeriod.start');
  });

  it('Medication and Procedure resources become treatments (ATC, references, periods, radiotherapy rule)', () => {
    const m = mapFhirResources([
      entry({ resourceType: 'MedicationStatement', subject, medicationCodeableConcept: { coding: [{ system: 'http://www.whocc.no/atc', code: 'L02BG04', display: 'Letrozole' }] }, effectivePeriod: { start: '2020-01-01', end: '2025-01-01' } }, 1),
      entry({ resourceType: 'MedicationAdministration', subject, medicationReference: { reference: 'Medication/m1' }, effectiveDateTime: '2020-02-01T09:00:00Z' }, 2),
      { resource: { resourceType: 'Medication', id: 'm1', code: { coding: [{ system: 'http://fhir.de/CodeSystem/bfarm/atc', code: 'L01XC03', display: 'Trastuzumab' }] } }, row: 3, path: 'entry[2].resource' },
      entry({ resourceType: 'Procedure', subject, code: { coding: [{ system: 'http://fhir.de/CodeSystem/bfarm/ops', code: '8-522.d1' }] }, performedPeriod: { start: '2020-03-01', end: '2020-04-01' } }, 4),
      entry({ resourceType: 'Procedure', subject, code: { coding: [{ system: 'http://snomed.info/sct', code: '392021009', display: 'Lumpectomy' }] }, performedDateTime: '2020-01-15' }, 5),
    ]);
    expect(m.records.treatments.map((t) => [t.values.substance, t.values.atc, t.values.class, t.values.start, t.values.stop])).toEqual([
      ['letrozole', 'L02BG04', null, '2020-01-01', '2025-01-01'],
      ['trastuzumab', 'L01XC03', null, '2020-02-01', null],
      ['radiotherapy', null, 'radiotherapy', '2020-03-01', '2020-04-01'],
      ['surgery', null, 'surgery', '2020-01-15', null],
    ]);
    expect(m.skipped).toEqual({});
  });

  it('reports missing or non-Patient subjects and unresolvable medications by JSON path; skips unknown types', () => {
    const m = mapFhirResources(
      [
        entry({ resourceType: 'Observation', code: { coding: [{ system: 'http://loinc.org', code: '2857-1' }] } }, 1),
        entry({ resourceType: 'Observation', subject: { reference: 'Group/g1' }, code: { coding: [{ code: 'PSA' }] } }, 2),
        entry({ resourceType: 'MedicationStatement', subject, medicationReference: { reference: 'Medication/none' } }, 3),
        entry({ resourceType: 'Encounter', subject }, 4),
        entry({ resourceType: 'Encounter', subject }, 5),
        entry({ resourceType: 'Observation', status: 'entered-in-error', subject, code: { coding: [{ code: 'PSA' }] } }, 6),
      ],
      { file: 'f.json' },
    );
    expect(m.issues.map((i) => [i.file, i.row, i.field])).toEqual([
      ['f.json', 1, 'entry[0].resource.subject'],
      ['f.json', 2, 'entry[1].resource.subject.reference'],
      ['f.json', 3, 'entry[2].resource.medicationReference.reference'],
    ]);
    expect(m.skipped).toEqual({ Encounter: 2, 'Observation (entered-in-error)': 1 });
    expect(m.resources).toBe(6);
  });

  it('does not mutate its input', () => {
    const input = [entry(Object.freeze({ ...patient })), entry(Object.freeze({ resourceType: 'Condition', subject, code: { coding: [{ code: 'C61' }] }, onsetDateTime: '2010-01-01' }), 2)];
    const copy = JSON.parse(JSON.stringify(input));
    mapFhirResources(Object.freeze(input));
    expect(input).toEqual(copy);
  });
});
