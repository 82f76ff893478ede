import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, allPatients } from '../../../engine/access.js';
import { IdentifyingDataError } from '../../../engine/privacy/errors.js';
import { pseudonymFor } from '../../../engine/privacy/pseudonym.js';
import { CohortStore } from '../../../engine/store.js';
import { DataValidationError, UsageError } from '../../../util/errors.js';

const FIX = 'test/fixtures/privacy';
const PATIENTS = `${FIX}/kis-patients.csv`;
const LABS = `${FIX}/lab-observations.csv`;
const KEY = Buffer.from('8e1f43a0c5d2b79601e4f3a2c1b0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2', 'hex');
const pseudo = { key: KEY, domain: 'midia-test', birthDateFormat: '%d.%m.%Y' };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'midia-privacy-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rows(store: CohortStore, sql: string) {
  const s = await openSession(store, { policy: allPatients, unrestrictedReason: 'test fixture' });
  try {
    return await s.queryRows(sql);
  } finally {
    s.close();
  }
}

async function importBoth(store: CohortStore, domain = 'midia-test') {
  const p = await store.importFile(PATIENTS, { table: 'patients', pseudonymize: { ...pseudo, domain, idColumn: 'patient_id' } });
  const o = await store.importFile(LABS, { table: 'observations', pseudonymize: { ...pseudo, domain, idColumn: 'PatientID' } });
  return { p, o };
}

describe('pseudonymizing import', () => {
  it('replaces the id by the keyed pseudonym, drops identifiers, generalises the birth date, links sources', async () => {
    const store = await CohortStore.open(':memory:');
    try {
      const { p, o } = await importBoth(store);
      expect(p.loaded).toBe(3);
      expect(o.loaded).toBe(4);
      expect(p.file).toBe(PATIENTS);
      expect(p.pseudonymization).toEqual({
        method: 'hmac-sha256',
        domain: 'midia-test',
        idColumn: 'patient_id',
        dropped: [
          { column: 'Vorname', kind: 'name' },
          { column: 'Nachname', kind: 'name' },
          { column: 'Strasse', kind: 'address' },
          { column: 'PLZ', kind: 'address' },
          { column: 'Ort', kind: 'address' },
          { column: 'Telefon', kind: 'phone' },
          { column: 'E-Mail', kind: 'email' },
          { column: 'Versichertennummer', kind: 'insurance' },
        ],
        generalised: 'Geburtsdatum',
      });
      const patients = await rows(store, 'SELECT pseudonym, birth_year, birth_month, sex FROM patients ORDER BY birth_year');
      const id = (s: string) => pseudonymFor(KEY, s, { domain: 'midia-test' });
      expect(patients).toEqual([
        { pseudonym: id('KIS-1002'), birth_year: 1958, birth_month: 2, sex: 'male' },
        { pseudonym: id('KIS-1001'), birth_year: 1964, birth_month: 8, sex: 'female' },
        { pseudonym: id('KIS-1003'), birth_year: 1992, birth_month: 2, sex: 'female' },
      ]);
      // ' kis-1001 ' in the lab file links to KIS-1001 of the hospital file
      const linked = await rows(store, 'SELECT p.birth_year, o.code FROM observations o JOIN patients p USING (pseudonym) ORDER BY p.birth_year, o.code');
      expect(linked).toEqual([
        { birth_year: 1958, code: 'PSA' },
        { birth_year: 1964, code: 'ER' },
        { birth_year: 1964, code: 'KI67' },
        { birth_year: 1992, code: 'EDSS' },
      ]);
      const log = await rows(store, 'SELECT 1 AS x'); // the import log keeps the original file name (checked via the report)
      expect(log).toHaveLength(1);
    } finally {
      store.close();
    }
  });

  it('gives different pseudonyms in another domain', async () => {
    const a = await CohortStore.open(':memory:');
    const b = await CohortStore.open(':memory:');
    try {
      await importBoth(a, 'project-a');
      await importBoth(b, 'project-b');
      const pa = (await rows(a, 'SELECT pseudonym FROM patients ORDER BY pseudonym')).map((r) => r.pseudonym);
      const pb = (await rows(b, 'SELECT pseudonym FROM patients ORDER BY pseudonym')).map((r) => r.pseudonym);
      expect(pa).toHaveLength(3);
      expect(pa.filter((x) => pb.includes(x))).toEqual([]);
    } finally {
      a.close();
      b.close();
    }
  });

  it('refuses identifying data without pseudonymize, and without a key', async () => {
    const store = await CohortStore.open(':memory:');
    try {
      const err = await store.importFile(PATIENTS, { table: 'patients', mapping: { birth_year: { constant: 1970 } } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IdentifyingDataError);
      expect((err as IdentifyingDataError).columns.map((c) => c.column)).toEqual(['patient_id', 'Vorname', 'Nachname', 'Geburtsdatum', 'Strasse', 'PLZ', 'Ort', 'Telefon', 'E-Mail', 'Versichertennummer']);
      expect((err as Error).message).toContain('patient_id');
      await expect(store.importFile(PATIENTS, { table: 'patients', pseudonymize: { idColumn: 'patient_id', env: {} } })).rejects.toThrow(UsageError);
      await expect(store.importFile(PATIENTS, { table: 'patients', pseudonymize: { idColumn: 'patient_id', env: {} } })).rejects.toThrow(/MIDIA_PSEUDONYM_KEY/);
      await expect(store.importFile(PATIENTS, { table: 'patients', pseudonymize: { ...pseudo, idColumn: 'nope' } })).rejects.toThrow(/id column 'nope' is not in the file/);
      await expect(store.importFile(PATIENTS, { table: 'patients', pseudonymize: { idColumn: 'patient_id', key: 'abcd' } })).rejects.toThrow(/at least 32 bytes/);
      // a mapping that reads a removed identifier is refused
      await expect(store.importFile(PATIENTS, { table: 'patients', mapping: { site: 'Ort' }, pseudonymize: { ...pseudo, idColumn: 'patient_id' } })).rejects.toThrow(/direct identifier \(address\)/);
      expect((await store.describe()).tables.every((t) => t.rows === 0)).toBe(true);
    } finally {
      store.close();
    }
  });

  it('accepts trust-centre pseudonyms and rejects unknown or empty ids naming the row', async () => {
    const store = await CohortStore.open(':memory:');
    try {
      // the trust centre's form is given once and kept in the store for the later imports
      const r = await store.importFile(PATIENTS, {
        table: 'patients',
        pseudonymPattern: 'TC-[0-9A-F]{1,5}',
        pseudonymize: { idColumn: 'patient_id', mappingFile: `${FIX}/trust-centre.csv`, birthDateFormat: '%d.%m.%Y' },
      });
      expect(r.pseudonymization?.method).toBe('trust-centre');
      expect(r.pseudonymPattern).toBe('TC-[0-9A-F]{1,5}');
      await store.importFile(LABS, { table: 'observations', pseudonymize: { idColumn: 'PatientID', mappingFile: `${FIX}/trust-centre.csv` } });
      expect(await rows(store, 'SELECT pseudonym, count(*) AS n FROM observations GROUP BY pseudonym ORDER BY pseudonym')).toEqual([
        { pseudonym: 'TC-21B0C', n: 1 },
        { pseudonym: 'TC-7F3A9', n: 2 },
        { pseudonym: 'TC-9D4E1', n: 1 },
      ]);
      const err = await store
        .importFile(`${FIX}/lab-unknown-id.csv`, { table: 'observations', pseudonymize: { idColumn: 'PatientID', mappingFile: `${FIX}/trust-centre.csv` } })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataValidationError);
      const issues = (err as DataValidationError).issues;
      expect(issues.map((i) => [i.file, i.row, i.field])).toEqual([
        [`${FIX}/lab-unknown-id.csv`, 2, 'PatientID'],
        [`${FIX}/lab-unknown-id.csv`, 3, 'PatientID'],
      ]);
      expect(issues[0]!.message).toMatch(/not in the trust-centre mapping/);
      expect(issues[1]!.message).toMatch(/missing or empty/);
      expect(JSON.stringify(issues)).not.toContain('KIS-4711');
      expect(await rows(store, 'SELECT count(*) AS n FROM observations')).toEqual([{ n: 4 }]);
      await expect(store.importFile(LABS, { table: 'observations', pseudonymize: { idColumn: 'PatientID', mappingFile: `${FIX}/trust-centre.csv`, key: KEY } })).rejects.toThrow(UsageError);
      const conflicting = join(dir, 'tc-conflict.csv');
      writeFileSync(conflicting, 'source_id,pseudonym\nKIS-1001,TC-1\nkis-1001 ,TC-2\nKIS-1002,\n');
      const bad = await store.importFile(LABS, { table: 'observations', pseudonymize: { idColumn: 'PatientID', mappingFile: conflicting } }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(DataValidationError);
      expect((bad as DataValidationError).issues.map((i) => [i.file, i.row, i.message])).toEqual([
        [conflicting, 1, 'source_id mapped to two different pseudonyms'],
        [conflicting, 2, 'source_id mapped to two different pseudonyms'],
        [conflicting, 3, 'empty pseudonym'],
      ]);
    } finally {
      store.close();
    }
  });

  it('reports rejected records of the pseudonymized file against the original file and row', async () => {
    const store = await CohortStore.open(':memory:');
    try {
      // 'code' is required for observations: map it from a column that is empty in row 3
      const err = await store
        .importFile(LABS, { table: 'observations', mapping: { unit: 'unit', value: { column: 'unit' } }, pseudonymize: { ...pseudo, idColumn: 'PatientID' } })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataValidationError);
      const first = (err as DataValidationError).issues[0]!;
      expect(first.file).toBe(LABS);
      expect(first.row).toBe(1);
      expect((err as Error).message).toContain(LABS);
      expect((err as Error).message).not.toContain('pseudonymized.parquet');
    } finally {
      store.close();
    }
  });

  it('keeps source order on larger files: each row gets its own pseudonym and rejected rows keep their numbers', async () => {
    const n = 5000;
    const lines = ['patient_id,Name,birth_year,sex,diagnosis,index_date'];
    for (let i = 1; i <= n; i++) lines.push(`ID-${i},N${i},${1900 + (i % 100)},${i === 4321 ? 'x' : 'female'},other,2020-01-01`);
    const csv = join(dir, 'big.csv');
    writeFileSync(csv, lines.join('\n'));
    const store = await CohortStore.open(':memory:');
    try {
      const err = await store.importFile(csv, { table: 'patients', pseudonymize: { key: KEY, idColumn: 'patient_id' } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataValidationError);
      expect((err as DataValidationError).issues.map((i) => [i.file, i.row, i.field])).toEqual([[csv, 4321, 'sex']]);
      writeFileSync(csv, lines.map((l) => l.replace(',x,', ',female,')).join('\n'));
      await store.importFile(csv, { table: 'patients', pseudonymize: { key: KEY, idColumn: 'patient_id' } });
      const got = await rows(store, 'SELECT pseudonym, birth_year FROM patients');
      const byPseudonym = new Map(got.map((r) => [r.pseudonym, r.birth_year]));
      expect(byPseudonym.size).toBe(n);
      for (const i of [1, 2, 999, 2048, 2049, 4321, n]) expect(byPseudonym.get(pseudonymFor(KEY, `ID-${i}`))).toBe(1900 + (i % 100));
    } finally {
      store.close();
    }
  });

  it('no raw identifier of the input reaches the database file (bytes of the file and WAL)', async () => {
    const db = join(dir, 'scan.duckdb');
    const store = await CohortStore.open(db);
    try {
      await importBoth(store);
      await expect(store.importFile(PATIENTS, { table: 'patients', mapping: { birth_year: { constant: 1970 } } })).rejects.toBeInstanceOf(IdentifyingDataError);
    } finally {
      store.close();
    }
    const raw = [
      ...['KIS-1001', 'KIS-1002', 'KIS-1003', 'kis-1001', 'kis-1002'],
      ...['Erika', 'Mustermann', 'Jürgen', 'Schäfer', 'Aylin', 'Öztürk'],
      ...['12.08.1964', '01.02.1958', '29.02.1992', '1964-08-12', '1958-02-01', '1992-02-29'],
      ...['Heidestraße 17', 'Lindenallee', 'Am Markt 5a', '51147', '20249', '04109', 'Köln', 'Hamburg', 'Leipzig'],
      ...['+49 221 5550101', '040 5550202', '0341-5550303', '5550101', '5550202', '5550303'],
      ...['erika.mustermann@example.org', 'j.schaefer@example.net', 'aylin.oeztuerk@example.com', 'example.org'],
      ...['A123456780', 'B987654321', 'C555000111'],
    ];
    const files = [db, `${db}.wal`].filter((f) => existsSync(f));
    expect(files[0]).toBe(db);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const value of raw) {
        for (const encoded of [Buffer.from(value, 'utf8'), Buffer.from(value, 'latin1'), Buffer.from(value.toUpperCase(), 'utf8')]) {
          expect(bytes.indexOf(encoded), `${value} in ${f}`).toBe(-1);
        }
      }
    }
    // the pseudonymized data are there (the scan looks at the right file)
    const bytes = readFileSync(db);
    expect(bytes.indexOf(Buffer.from(pseudonymFor(KEY, 'KIS-1001', { domain: 'midia-test' })))).toBeGreaterThan(-1);
  });
});
