import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FREE_TEXT_PATTERNS, redactFreeText, redactionCountSql, redactSql } from '../../../engine/privacy/free-text.js';
import { quoteLiteral } from '../../../engine/store-sql.js';

/** Texts with identifiers, and what must remain of them. */
const CASES: [string, string][] = [
  ['Erika Mustermann, geb. 12.08.1964, KVNR A123456780', 'Erika Mustermann, [redacted:date], KVNR [redacted:insurance-number]'],
  ['Tel. 040 5550202 oder erika.mustermann@example.org', '[redacted:phone] oder [redacted:email]'],
  ['wohnhaft Heidestraße 17, 51147 Köln', 'wohnhaft [redacted:address]'],
  ['Hamburger Straße 5a', '[redacted:address]'],
  ['Am Markt 5a, Leipzig', '[redacted:address], Leipzig'],
  ['lives at 221 Baker Street, London', 'lives at [redacted:address], London'],
  ['Konto DE89 3704 0044 0532 0130 00', 'Konto [redacted:iban]'],
  ['Handy: 0171-5550303', '[redacted:phone]'],
  ['+49 221 5550101', '[redacted:phone]'],
  ['(040) 555 0101', '[redacted:phone]'],
  ['born 1960, died 2020-01-31', '[redacted:date], died [redacted:date]'],
  ['* 17. Mai 1960', '* [redacted:date]'],
  ['DOB 5/17/60', 'DOB [redacted:date]'],
  ['Frau Erika Mustermann verstorben', '[redacted:name] verstorben'],
  ['Befund Dr. med. Hans-Peter Meier', 'Befund [redacted:name]'],
  ['seen by Mr Smith', 'seen by [redacted:name]'],
  // clinical text that must survive
  ['OSS', 'OSS'],
  ['bone, liver (C78.7)', 'bone, liver (C78.7)'],
  ['breast_cancer', 'breast_cancer'],
  ['adverse_event: grade 3 neutropenia, 0.5 mg reduced', 'adverse_event: grade 3 neutropenia, 0.5 mg reduced'],
  ['T2 lesions 3, EDSS 4.5 in 2019', 'T2 lesions 3, EDSS 4.5 in 2019'],
  ['chest wall', 'chest wall'],
  ['ring enhancement', 'ring enhancement'],
];

describe('free-text redaction', () => {
  let instance: DuckDBInstance;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
  });
  afterAll(() => instance.closeSync());

  it.each(CASES)('redacts %j in JavaScript', (text, expected) => {
    expect(redactFreeText(text).text).toBe(expected);
  });

  it('SQL (RE2) and JavaScript redact every case alike, and count the same matches per kind', async () => {
    const c = await instance.connect();
    try {
      const values = CASES.map(([t]) => `(${quoteLiteral(t)})`).join(', ');
      const from = `(SELECT col0 AS x FROM (VALUES ${values}))`;
      const rows = (await c.runAndReadAll(`SELECT ${redactSql('s.x')} FROM ${from} AS s`)).getRowsJS();
      expect(rows.map((r) => r[0])).toEqual(CASES.map(([, e]) => e));
      const counts = (await c.runAndReadAll(redactionCountSql('s.x', from))).getRowsJS()[0]!.map(Number);
      const js = FREE_TEXT_PATTERNS.map((p) => CASES.reduce((n, [t]) => n + (redactFreeText(t).counts[p.kind] ?? 0), 0));
      expect(counts).toEqual(js);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(19);
    } finally {
      c.closeSync();
    }
  });

  it('NULL stays NULL and a redacted text is not redacted again', async () => {
    const c = await instance.connect();
    try {
      const once = redactFreeText(CASES[0]![0]).text;
      expect(redactFreeText(once)).toEqual({ text: once, counts: {} });
      const r = (await c.runAndReadAll(`SELECT ${redactSql('CAST(NULL AS VARCHAR)')}`)).getRowsJS();
      expect(r[0]![0]).toBeNull();
    } finally {
      c.closeSync();
    }
  });
});
