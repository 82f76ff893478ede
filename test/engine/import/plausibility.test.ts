import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { brokenValueRule, VALUE_RULES } from '../../../engine/schema.js';
import { CohortStore, ImportValidationError } from '../../../engine/store.js';
import { tempDir } from './store-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let store: CohortStore | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

const TODAY = '2026-12-08';
const P = 'P-00000000aa';

async function withPatient(): Promise<CohortStore> {
  const s = await CohortStore.open();
  await s.importRecords('patients', [{ pseudonym: P, birth_year: 1950, sex: 'female', diagnosis: 'other', index_date: '2000-01-01' }]);
  return s;
}

describe('plausibility rules per observation code: the import SQL agrees with the rule table', () => {
  it('rejects exactly the rows that brokenValueRule names, for every code of VALUE_RULES over a grid of values and units', async () => {
    store = await withPatient();
    const codes = [...new Set(VALUE_RULES.filter((r) => r.table === 'observations').flatMap((r) => r.codes)), 'LDH'];
    const values = [-5, -0.5, 0, 0.25, 0.5, 1, 1.5, 2, 3, 3.3, 4, 5, 6, 9.5, 10, 10.5, 11, 42, 99.9, 100, 101, 250];
    const units = ['', '%', 'ng/mL', 'fmol/mg'];
    const lines = ['pseudonym,date,code,value,unit'];
    const expected: number[] = [];
    let row = 0;
    for (const code of codes) {
      for (const unit of units) {
        for (const v of values) {
          row += 1;
          // one key per row: the date counts the rows (from 1990-01-01)
          const d = new Date(Date.UTC(1990, 0, 1) + row * 86_400_000).toISOString().slice(0, 10);
          lines.push(`${P},${d},${code.toLowerCase() === 'psa' ? ' psa ' : code},${v},${unit}`);
          if (brokenValueRule('observations', code, v, unit === '' ? null : unit) !== null) expected.push(row);
        }
      }
    }
    const file = join(tmp.dir, 'grid.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const err = await store.importFile(file, { table: 'observations', today: TODAY }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportValidationError);
    const issues = (err as ImportValidationError).issues;
    expect(issues.length).toBeLessThan(1000);
    expect(issues.map((i) => i.row)).toEqual(expected);
    expect(issues.every((i) => i.field === 'value' && /is implausible for code/.test(i.message))).toBe(true);
    // spot checks of the table itself (hand-worked)
    expect(brokenValueRule('observations', 'EDSS', 6.5)).toBeNull();
    expect(brokenValueRule('observations', 'EDSS', 6.3)?.meaning).toMatch(/steps of 0.5/);
    expect(brokenValueRule('observations', 'ER', 250, 'fmol/mg')).toBeNull();
    expect(brokenValueRule('observations', 'ER', 250, '%')).not.toBeNull();
    expect(brokenValueRule('observations', 'ER', 250, null)).not.toBeNull();
    expect(brokenValueRule('observations', 'LDH', -3)).toBeNull();
  });

  it('MRI lesion counts in events must be whole and not negative', async () => {
    store = await withPatient();
    const err = await store
      .importRecords('events', [
        { pseudonym: P, date: '2010-01-01', type: 'mri', code: 'T2_NEW', value: 2 },
        { pseudonym: P, date: '2010-02-01', type: 'mri', code: 'T2_NEW', value: -1 },
        { pseudonym: P, date: '2010-03-01', type: 'mri', code: 'GD_ENHANCING', value: 1.5 },
      ], { today: TODAY })
      .catch((e: unknown) => e);
    expect((err as ImportValidationError).issues.map((i) => [i.file, i.row, i.field])).toEqual([
      ['<memory>', 2, 'value'],
      ['<memory>', 3, 'value'],
    ]);
  });
});

describe('plausibility rules per column and per record', () => {
  it('dates: from 1900-01-01 to today + 1 day; birth years from 1900 to this year', async () => {
    store = await CohortStore.open();
    const patient = (pseudonym: string, birth_year: number, index_date: string, last_contact: string | null = null) => ({ pseudonym, birth_year, sex: 'female' as const, diagnosis: 'other' as const, index_date, last_contact });
    const err = await store
      .importRecords(
        'patients',
        [
          patient('P-0000000001', 1900, '1900-01-01'),
          patient('P-0000000002', 1899, '2000-01-01'),
          patient('P-0000000003', 2026, '2026-12-09'),
          patient('P-0000000004', 2027, '2026-12-10'),
          patient('P-0000000005', 1960, '2020-01-01', '2020-01-01'),
          patient('P-0000000006', 1960, '2020-01-01', '2019-12-31'),
          patient('P-0000000007', 1960, '1959-12-31'),
        ],
        { today: TODAY },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportValidationError);
    expect((err as ImportValidationError).issues.map((i) => [i.row, i.field, i.message])).toEqual([
      [2, 'birth_year', "'1899' is out of range [1900, 2026] (birth years from 1900 to this year)"],
      [4, 'birth_year', "'2027' is out of range [1900, 2026] (birth years from 1900 to this year)"],
      [4, 'index_date', "'2026-12-10' is out of range [1900-01-01, 2026-12-09] (dates from 1900 to today)"],
      [4, 'index_date', "index date '2026-12-10' is before the year of birth '2027'"],
      [6, 'last_contact', "last contact '2019-12-31' is before the index date '2020-01-01'"],
      [7, 'index_date', "index date '1959-12-31' is before the year of birth '1960'"],
    ]);
    // without today the rules count from the current date: a date far in the future is always refused
    const future = await store.importRecords('visits', [{ pseudonym: 'P-0000000001', date: '2999-01-01', type: 'followup' }]).catch((e: unknown) => e);
    expect(future).toBeInstanceOf(ImportValidationError);
  });

  it('a bad today option is a usage error', async () => {
    store = await CohortStore.open();
    await expect(store.importRecords('visits', [], { today: '08.12.2026' })).rejects.toThrow(/today must be an ISO date/);
  });
});
