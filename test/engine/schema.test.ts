import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CANONICAL_TABLES, EventRecord, ObservationRecord, PatientRecord, TABLES, TreatmentRecord, isoDate, schemaMarkdown, tableDdl } from '../../engine/schema.js';

const patient = { pseudonym: 'P-1', birth_year: 1960, birth_month: 5, sex: 'female', diagnosis: 'breast_cancer', index_date: '2020-01-31' };

describe('canonical schema', () => {
  it('accepts valid records and optional fields as null or absent', () => {
    expect(PatientRecord.parse(patient)).toMatchObject(patient);
    expect(PatientRecord.safeParse({ ...patient, birth_month: null, site: null }).success).toBe(true);
    expect(EventRecord.safeParse({ pseudonym: 'P-1', date: '2021-02-28', type: 'relapse' }).success).toBe(true);
    expect(ObservationRecord.safeParse({ pseudonym: 'P-1', date: '2021-02-28', code: 'PSA', value: 0.2, unit: 'ng/mL' }).success).toBe(true);
    expect(TreatmentRecord.safeParse({ pseudonym: 'P-1', start: '2021-01-01', substance: 'tamoxifen', atc: 'L02BA01', line: 1 }).success).toBe(true);
  });

  it('rejects each kind of bad field, naming the field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...patient, index_date: '2020-02-30' }, 'index_date'],
      [{ ...patient, index_date: '31.01.2020' }, 'index_date'],
      [{ ...patient, sex: 'F' }, 'sex'],
      [{ ...patient, birth_month: 13 }, 'birth_month'],
      [{ ...patient, birth_year: 1960.5 }, 'birth_year'],
      [{ ...patient, pseudonym: undefined }, 'pseudonym'],
      [{ ...patient, diagnosis: 'flu' }, 'diagnosis'],
    ];
    for (const [record, field] of cases) {
      const r = PatientRecord.safeParse(record);
      expect(r.success, JSON.stringify(record)).toBe(false);
      if (!r.success) expect(r.error.issues[0]?.path).toEqual([field]);
    }
    expect(ObservationRecord.safeParse({ pseudonym: 'P-1', date: '2021-01-01', code: 'PSA', value: Number.NaN }).success).toBe(false);
    expect(EventRecord.safeParse({ pseudonym: 'P-1', date: '2021-01-01', type: 'abduction' }).success).toBe(false);
  });

  it('validates calendar dates, leap years included', () => {
    expect(isoDate.safeParse('2024-02-29').success).toBe(true);
    expect(isoDate.safeParse('2023-02-29').success).toBe(false);
    expect(isoDate.safeParse('2023-2-1').success).toBe(false);
  });

  it('mirrors every column in the DDL with NOT NULL and CHECK constraints', () => {
    for (const t of CANONICAL_TABLES) {
      const ddl = tableDdl(t);
      for (const c of TABLES[t].columns) {
        expect(ddl).toContain(`"${c.name}" ${c.type}${c.required ? ' NOT NULL' : ''}`);
        if (c.values) expect(ddl).toContain(`"${c.name}" IN (`);
      }
    }
    expect(tableDdl('patients')).toContain('PRIMARY KEY ("pseudonym")');
  });

  it('has no column that could hold a direct identifier', () => {
    const names = CANONICAL_TABLES.flatMap((t) => TABLES[t].columns.map((c) => c.name));
    for (const forbidden of ['name', 'first_name', 'last_name', 'address', 'birth_date', 'birthdate', 'phone', 'email', 'insurance_number', 'zip', 'postcode']) {
      expect(names).not.toContain(forbidden);
    }
  });

  it('docs/schema.md is generated from the schema (run `midia schema > docs/schema.md` after changes)', () => {
    expect(readFileSync('docs/schema.md', 'utf8')).toBe(schemaMarkdown());
  });
});
