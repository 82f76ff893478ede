/**
 * Regression tests that perform the attacks of issue 11 items 2, 3 and 7 on
 * `midia import` (and issue 12 item 9: rejected rows name the real file), with
 * the shipped command line in-process.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPatients, openSession } from '../../engine/access.js';
import { CohortStore } from '../../engine/store.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

const KEY = { MIDIA_PSEUDONYM_KEY: 'ab'.repeat(32) };
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'midia-import-attacks-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(env: Record<string, string>, ...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv, { env });
}

/** Every byte of a database file and its WAL, as latin1 and UTF-8 text. */
function dbBytes(db: string): string {
  const parts = [db, `${db}.wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
  return parts.map((b) => b.toString('latin1') + b.toString('utf8')).join('');
}

async function rows(db: string, sql: string): Promise<Record<string, unknown>[]> {
  const store = await CohortStore.open(db);
  try {
    const s = await openSession(store, { policy: allPatients, unrestrictedReason: 'test: inspect what was stored' });
    try {
      return await s.queryRows(sql);
    } finally {
      s.close();
    }
  } finally {
    store.close();
  }
}

/** A hospital export: evasive column names, identifiers in the free text of events. */
function writeKisExport(folder: string): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'patients.csv'),
    [
      'Patienten-ID;Name;geboren;KV-Nummer;Handynummer;Wohnsitz;sex;diagnosis;index_date;site',
      'KIS-1001;Erika Mustermann;12.08.1964;A123456780;0171 5550101;Heidestraße 17, 51147 Köln;female;breast_cancer;2019-03-04;UK-Nord',
      'KIS-1002;Jürgen Schäfer;01.02.1958;B987654321;040 5550202;Lindenallee 3, 20249 Hamburg;male;prostate_cancer;2020-11-20;UK-Sued',
    ].join('\n') + '\n',
  );
  writeFileSync(
    join(folder, 'events.csv'),
    [
      'Patienten-ID;Name;date;type;detail',
      'KIS-1001;Erika Mustermann;2021-06-01;death;"Erika Mustermann, geb. 12.08.1964, KVNR A123456780, verstorben an Mammakarzinom"',
      'KIS-1002;Jürgen Schäfer;2021-09-15;distant_metastasis;"OSS; Pat. Schäfer (KIS-1002), Tel. 040 5550202, j.schaefer@example.net"',
      'KIS-1002;Jürgen Schäfer;2022-01-10;local_recurrence;"Rücksprache mit Frau Lieselotte Meyer-Kruse, IBAN DE89 3704 0044 0532 0130 00"',
    ].join('\n') + '\n',
  );
}

const IDENTIFIERS = ['KIS-1001', 'KIS-1002', 'Mustermann', 'Erika', 'Schäfer', 'Jürgen', 'Lieselotte', 'Meyer-Kruse', '12.08.1964', '1964-08-12', 'A123456780', 'B987654321', '5550101', '5550202', 'Heidestra', 'Lindenallee', 'example.net', 'DE89'];

describe('issue 11 item 2: identifiers behind evasive column names and in free text', () => {
  it('a plain import of a file with Patienten-ID, KV-Nummer, Handynummer, geboren, Wohnsitz is refused, each column named', async () => {
    const folder = join(dir, 'kis-plain');
    writeKisExport(folder);
    const db = join(dir, 'plain.duckdb');
    const r = await cli({}, 'import', '--db', db, '--table', 'patients', join(folder, 'patients.csv'));
    expect(r.code).toBe(2);
    for (const [column, kind] of [['Patienten-ID', 'source-id'], ['Name', 'name'], ['geboren', 'birth-date'], ['KV-Nummer', 'insurance'], ['Handynummer', 'phone'], ['Wohnsitz', 'address']]) {
      expect(r.err).toContain(`'${column}' (${kind})`);
    }
    expect(existsSync(db) ? dbBytes(db) : '').not.toContain('Mustermann');
  });

  it('a raw hospital id under the name Patient is not taken as a pseudonym, and an address never lands in site', async () => {
    const file = join(dir, 'evasive.csv');
    writeFileSync(file, 'Patient,birth_year,sex,diagnosis,index_date\nKIS-1001,1964,female,breast_cancer,2019-03-04\n');
    const mapping = join(dir, 'evasive-mapping.json');
    writeFileSync(mapping, JSON.stringify({ pseudonym: 'Patient' }));
    const db = join(dir, 'evasive.duckdb');
    const asId = await cli({}, 'import', '--db', db, '--table', 'patients', '--mapping', mapping, file);
    expect(asId.code).toBe(2);
    expect(asId.err).toContain("row 1, field 'pseudonym (source column 'Patient')'");
    expect(asId.err).toContain('not a pseudonym of an accepted form');
    const addr = join(dir, 'site-address.csv');
    writeFileSync(addr, 'pseudonym,birth_year,sex,diagnosis,index_date,Wohnsitz\nP-00000000a1,1964,female,breast_cancer,2019-03-04,"Heidestraße 17, Köln"\n');
    const siteMapping = join(dir, 'site-mapping.json');
    writeFileSync(siteMapping, JSON.stringify({ site: 'Wohnsitz' }));
    const toSite = await cli({}, 'import', '--db', db, '--table', 'patients', '--mapping', siteMapping, addr);
    expect(toSite.code).toBe(2);
    expect(toSite.err).toContain("'Wohnsitz' (address)");
    // pseudonymized, a mapping that reads the address is refused, and without it the address is dropped
    const kis = join(dir, 'site-address-kis.csv');
    writeFileSync(kis, 'PatNr,birth_year,sex,diagnosis,index_date,Wohnsitz\nKIS-77,1964,female,breast_cancer,2019-03-04,"Heidestraße 17, Köln"\n');
    const mapped = await cli(KEY, 'import', '--db', db, '--table', 'patients', '--pseudonymize-id', 'PatNr', '--mapping', siteMapping, kis);
    expect(mapped.code).toBe(1);
    expect(mapped.err).toContain("'site' reads column 'Wohnsitz', a direct identifier (address)");
    const dropped = await cli(KEY, 'import', '--db', db, '--table', 'patients', '--pseudonymize-id', 'PatNr', kis);
    expect(dropped.code, dropped.err).toBe(0);
    expect((await rows(db, 'SELECT site FROM patients')).map((p) => p.site)).toEqual([null]);
    expect(dbBytes(db)).not.toContain('Heidestra');
    expect(dbBytes(db)).not.toContain('KIS-77');
  });

  it('the attack: a detail column with names, birth dates and insurance numbers, imported with --pseudonymize-id, leaves none of them in the database file', async () => {
    const folder = join(dir, 'kis');
    writeKisExport(folder);
    const db = join(dir, 'kis.duckdb');
    const r = await cli(KEY, 'import', '--db', db, '--pseudonymize-id', 'Patienten-ID', '--birth-date-format', '%d.%m.%Y', '--json', join(folder, 'patients.csv'), join(folder, 'events.csv'));
    expect(r.code, r.err).toBe(0);
    const [patients, events] = JSON.parse(r.out) as { loaded: number; redactions: Record<string, number>; unmappedColumns: string[]; pseudonymization: { dropped: { column: string; kind: string }[]; generalised: string | null } }[];
    expect(patients!.loaded).toBe(2);
    expect(patients!.pseudonymization.generalised).toBe('geboren');
    expect(patients!.pseudonymization.dropped.map((d) => `${d.column}:${d.kind}`)).toEqual(['Name:name', 'KV-Nummer:insurance', 'Handynummer:phone', 'Wohnsitz:address']);
    expect(events!.loaded).toBe(3);
    // every kind found in the free text is counted
    expect(events!.redactions).toEqual({ name: 4, 'source-id': 2, email: 1, iban: 1, 'insurance-number': 1, date: 1, phone: 1 });
    const bytes = dbBytes(db);
    for (const id of IDENTIFIERS) expect(bytes, id).not.toContain(id);
    // what the endpoints need survives: the cause of death and the metastasis site
    const details = (await rows(db, 'SELECT type, detail FROM events ORDER BY date')).map((e) => `${e.type}: ${e.detail}`);
    expect(details).toEqual([
      'death: [redacted:name] [redacted:name], [redacted:date], KVNR [redacted:insurance-number], verstorben an Mammakarzinom',
      'distant_metastasis: OSS; Pat. [redacted:name] ([redacted:source-id]-[redacted:source-id]), [redacted:phone], [redacted:email]',
      'local_recurrence: Rücksprache mit [redacted:name], IBAN [redacted:iban]',
    ]);
    expect((await rows(db, 'SELECT site FROM patients ORDER BY site')).map((p) => p.site)).toEqual(['UK-Nord', 'UK-Sued']);
  });

  it('columns that map to no canonical column are dropped and reported', async () => {
    const file = join(dir, 'observations.csv');
    writeFileSync(file, 'pseudonym,date,code,value,Bemerkung,internal_note\nP-00000000b1,2020-01-01,PSA,1.5,Anruf bei Erika,x\n');
    const db = join(dir, 'unmapped.duckdb');
    await cli({}, 'import', '--db', db, '--table', 'patients', writePatient(join(dir, 'p-b1.csv'), 'P-00000000b1'));
    const r = await cli({}, 'import', '--db', db, '--table', 'observations', file);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('dropped columns that map to no canonical column: Bemerkung, internal_note');
    expect(dbBytes(db)).not.toContain('Anruf bei Erika');
  });
});

function writePatient(file: string, pseudonym: string, extra = ''): string {
  writeFileSync(file, `pseudonym,birth_year,sex,diagnosis,index_date,last_contact\n${pseudonym},1960,female,breast_cancer,2019-01-01,2021-01-01${extra}\n`);
  return file;
}

describe('issue 11 item 3: pseudonym forms', () => {
  it('a name as pseudonym is refused from a file and from FHIR Patient.id, with the row named', async () => {
    const db = join(dir, 'forms.duckdb');
    const file = writePatient(join(dir, 'named.csv'), 'Erika-Mustermann-1960-05-17');
    const r = await cli({}, 'import', '--db', db, '--table', 'patients', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}, row 1, field 'pseudonym': 'Erika-Mustermann-1960-05-17' is not a pseudonym of an accepted form`);
    const bundle = join(dir, 'named.json');
    writeFileSync(
      bundle,
      JSON.stringify({
        resourceType: 'Bundle',
        entry: [
          { resource: { resourceType: 'Patient', id: 'Erika-Mustermann-1960-05-17', gender: 'female', birthDate: '1960-05-17' } },
          { resource: { resourceType: 'Condition', subject: { reference: 'Patient/Erika-Mustermann-1960-05-17' }, code: { coding: [{ system: 'http://fhir.de/CodeSystem/bfarm/icd-10-gm', code: 'C50.4' }] }, onsetDateTime: '2019-03-04' } },
        ],
      }),
    );
    const f = await cli({}, 'import', '--db', db, '--format', 'fhir', bundle);
    expect(f.code).toBe(2);
    expect(f.err).toContain(`${bundle}, row 1, field 'entry[0].resource.id'`);
    expect(f.err).toContain('not a pseudonym of an accepted form');
    expect(existsSync(db) ? dbBytes(db) : '').not.toContain('Mustermann');
  });

  it('the default forms are accepted; another form only with --pseudonym-pattern, which the store keeps for later imports', async () => {
    const db = join(dir, 'pattern.duckdb');
    for (const p of ['psn-0265a85379c1d2e3f4a5', 'P-0a1b2c3d4e', 'MSR042']) {
      expect((await cli({}, 'import', '--db', db, '--table', 'patients', writePatient(join(dir, `${p}.csv`), p))).code).toBe(0);
    }
    const tc = writePatient(join(dir, 'tc.csv'), 'TC-7F3A9');
    expect((await cli({}, 'import', '--db', db, '--table', 'patients', tc)).code).toBe(2);
    const loose = await cli({}, 'import', '--db', db, '--table', 'patients', '--pseudonym-pattern', '.+', tc);
    expect(loose.code).toBe(1);
    expect(loose.err).toContain('too permissive');
    const ok = await cli({}, 'import', '--db', db, '--table', 'patients', '--pseudonym-pattern', 'TC-[0-9A-F]{5}', '--json', tc);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out).pseudonymPattern).toBe('TC-[0-9A-F]{5}');
    // later imports use the stored pattern without the flag; other forms stay refused
    expect((await cli({}, 'import', '--db', db, '--table', 'patients', writePatient(join(dir, 'tc2.csv'), 'TC-21B0C'))).code).toBe(0);
    expect((await cli({}, 'import', '--db', db, '--table', 'patients', writePatient(join(dir, 'tc3.csv'), 'TC-21b0c'))).code).toBe(2);
  });

  it('a trust-centre list whose pseudonyms are names is refused naming its row', async () => {
    const list = join(dir, 'tc-names.csv');
    writeFileSync(list, 'source_id,pseudonym\nKIS-1001,Erika-Mustermann-1960-05-17\n');
    const r = await cli({}, 'pseudonymize', 'import', '--db', join(dir, 'tcn.duckdb'), '--table', 'patients', '--id-column', 'patient_id', '--trust-centre', list, '--birth-date-format', '%d.%m.%Y', 'test/fixtures/privacy/kis-patients.csv');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${list}, row 1: the pseudonym is not of an accepted form`);
    expect(r.err).not.toContain('Mustermann-1960');
  });
});

describe('issue 11 item 7: import edge cases', () => {
  it('an unterminated quote is rejected with its row, not stored as "UK-Nord', async () => {
    const db = join(dir, 'quote.duckdb');
    const file = join(dir, 'patients.csv');
    writeFileSync(
      file,
      'pseudonym,birth_year,sex,diagnosis,index_date,site\nP-00000000c1,1960,female,breast_cancer,2019-01-01,UK-Sued\nP-00000000c2,1961,female,breast_cancer,2019-01-01,"UK-Nord\nP-00000000c3,1962,male,prostate_cancer,2019-01-01,UK-Sued\n',
    );
    const r = await cli({}, 'import', '--db', db, '--table', 'patients', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}, row 2: cannot read the file: unterminated quoted value`);
    expect(existsSync(db) ? dbBytes(db) : '').not.toContain('"UK-Nord');
  });

  it('several files in one call are one transaction: a bad third file leaves nothing of the first two, and the message says so', async () => {
    const db = join(dir, 'batch.duckdb');
    const folder = join(dir, 'batch');
    mkdirSync(folder);
    writePatient(join(folder, 'patients.csv'), 'P-00000000d1');
    writeFileSync(join(folder, 'visits.csv'), 'pseudonym,date,type\nP-00000000d1,2020-01-01,followup\n');
    writeFileSync(join(folder, 'observations.csv'), 'pseudonym,date,code,value\nP-00000000d1,2020-01-01,PSA,1.2\nP-00000000d1,2020-02-01,EDSS,42\n');
    const r = await cli({}, 'import', '--db', db, join(folder, 'patients.csv'), join(folder, 'visits.csv'), join(folder, 'observations.csv'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('the 3 files of this import ran as one transaction, rolled back: nothing was imported from any of them');
    expect(r.err).toContain(`${join(folder, 'observations.csv')}, row 2, field 'value'`);
    const store = await CohortStore.open(db);
    try {
      expect((await store.describe()).tables.every((t) => t.rows === 0)).toBe(true);
    } finally {
      store.close();
    }
    // the same call with the bad row fixed imports all three
    writeFileSync(join(folder, 'observations.csv'), 'pseudonym,date,code,value\nP-00000000d1,2020-01-01,PSA,1.2\nP-00000000d1,2020-02-01,EDSS,4.5\n');
    const ok = await cli({}, 'import', '--db', db, join(folder, 'visits.csv'), join(folder, 'observations.csv'), join(folder, 'patients.csv'));
    expect(ok.code, ok.err).toBe(0);
  });

  it('swapped arguments (--db x.csv) and a --db that is not a DuckDB file are refused before anything is written', async () => {
    const data = writePatient(join(dir, 'swap-patients.csv'), 'P-00000000e1');
    const before = readFileSync(data, 'utf8');
    const other = join(dir, 'cohort.duckdb');
    const swapped = await cli({}, 'import', '--db', data, '--table', 'patients', other);
    expect(swapped.code).toBe(1);
    const fresh = join(dir, 'new.csv');
    const created = await cli({}, 'import', '--db', fresh, '--table', 'patients', data);
    expect(created.code).toBe(1);
    expect(created.err).toContain('looks like a data file (extension .csv)');
    expect(existsSync(fresh)).toBe(false);
    const notDb = join(dir, 'notes.db');
    writeFileSync(notDb, 'just some text\n');
    const r = await cli({}, 'import', '--db', notDb, '--table', 'patients', data);
    expect(r.code).toBe(1);
    expect(r.err).toContain('is not a DuckDB database');
    expect(readFileSync(notDb, 'utf8')).toBe('just some text\n');
    expect(readFileSync(data, 'utf8')).toBe(before);
  });

  it.each([
    ['birth year 2030', 'patients', 'pseudonym,birth_year,sex,diagnosis,index_date\nP-00000000f1,2030,female,breast_cancer,2020-01-01\n', "field 'birth_year': '2030' is out of range"],
    ['a date in 2099', 'patients', 'pseudonym,birth_year,sex,diagnosis,index_date\nP-00000000f1,1960,female,breast_cancer,2099-01-01\n', "field 'index_date': '2099-01-01' is out of range"],
    ['a date before 1900', 'patients', 'pseudonym,birth_year,sex,diagnosis,index_date\nP-00000000f1,1960,female,breast_cancer,1899-12-31\n', "field 'index_date': '1899-12-31' is out of range"],
    ['last contact before the index date', 'patients', 'pseudonym,birth_year,sex,diagnosis,index_date,last_contact\nP-00000000f1,1960,female,breast_cancer,2020-01-01,2019-12-31\n', "field 'last_contact': last contact '2019-12-31' is before the index date '2020-01-01'"],
    ['EDSS 42', 'observations', 'pseudonym,date,code,value\nP-00000000a0,2020-01-01,EDSS,42\n', "field 'value': '42' is implausible for code 'EDSS' (EDSS score: 0 to 10 in steps of 0.5)"],
    ['EDSS 3.3', 'observations', 'pseudonym,date,code,value\nP-00000000a0,2020-01-01,EDSS,3.3\n', "field 'value': '3.3' is implausible for code 'EDSS'"],
    ['PSA -5', 'observations', 'pseudonym,date,code,value,unit\nP-00000000a0,2020-01-01,PSA,-5,ng/mL\n', "field 'value': '-5' is implausible for code 'PSA' (PSA concentration: not negative)"],
    ['Ki-67 250 %', 'observations', 'pseudonym,date,code,value,unit\nP-00000000a0,2020-01-01,KI67,250,%\n', "field 'value': '250' is implausible for code 'KI67' (Ki-67: 0 to 100 % of nuclei)"],
    ['ER 140 %', 'observations', 'pseudonym,date,code,value,unit\nP-00000000a0,2020-01-01,ER,140,%\n', "field 'value': '140' is implausible for code 'ER'"],
    ['a treatment stopping in 2099', 'treatments', 'pseudonym,start,stop,substance\nP-00000000a0,2020-01-01,2099-01-01,tamoxifen\n', "field 'stop': '2099-01-01' is out of range"],
  ])('%s is rejected with row and field named, and nothing is written', async (_what, table, csv, message) => {
    const db = join(dir, `range-${table}-${Math.random().toString(36).slice(2)}.duckdb`);
    if (table !== 'patients') expect((await cli({}, 'import', '--db', db, '--table', 'patients', writePatient(join(dir, 'p-a0.csv'), 'P-00000000a0'))).code).toBe(0);
    const file = join(dir, `${table}-implausible.csv`);
    writeFileSync(file, csv);
    const r = await cli({}, 'import', '--db', db, '--table', table, file);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(`${file}, row 1, ${message}`);
    const store = await CohortStore.open(db);
    try {
      expect((await store.describe()).tables.find((t) => t.name === table)!.rows).toBe(0);
    } finally {
      store.close();
    }
  });
});

describe('issue 12 item 9: rejected rows name the real file', () => {
  it('a pseudonymized import names the source file (never the staged copy or <memory>), with the source row', async () => {
    const file = join(dir, 'kis-bad.csv');
    writeFileSync(file, 'patient_id,Nachname,birth_year,sex,diagnosis,index_date\nKIS-1,Muster,1960,female,breast_cancer,2019-01-01\nKIS-2,Beispiel,1961,woman,breast_cancer,2019-01-01\n');
    const r = await cli(KEY, 'import', '--db', join(dir, 'names.duckdb'), '--table', 'patients', '--pseudonymize-id', 'patient_id', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}, row 2, field 'sex'`);
    expect(r.err).not.toContain('<memory>');
    expect(r.err).not.toContain('.parquet');
  });
});

describe('the private temporary directory', () => {
  it('exists with mode 0700 after an import and holds no leftover of it', async () => {
    const { privateTempDir } = await import('../../engine/temp-dir.js');
    const db = join(dir, 'tmpcheck.duckdb');
    const folder = join(dir, 'kis-tmp');
    writeKisExport(folder);
    expect((await cli(KEY, 'import', '--db', db, '--pseudonymize-id', 'Patienten-ID', '--birth-date-format', '%d.%m.%Y', join(folder, 'patients.csv'))).code).toBe(0);
    const own = privateTempDir();
    expect(statSync(own).mode & 0o777).toBe(0o700);
    expect(statSync(join(own, '..')).mode & 0o777).toBe(0o700);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(own).filter((n) => n.startsWith('op-'))).toEqual([]);
  });
});
