import { describe, expect, it } from 'vitest';
import { parseColumnMapping, resolveMapping } from '../../../engine/import/mapping.js';
import { detectFormat, defaultDelimiter } from '../../../engine/import/format.js';
import { UnknownColumnError, UsageError } from '../../../util/errors.js';

describe('parseColumnMapping', () => {
  it('accepts names and entry objects', () => {
    const m = parseColumnMapping({ sex: { column: 'G', values: { F: 'female' } }, pseudonym: 'PID', diagnosis: { constant: 'other' }, index_date: { column: 'D', dateFormat: '%d.%m.%Y' } }, 'patients');
    expect(m.pseudonym).toBe('PID');
  });
  it('rejects malformed entries, both column and constant, and unknown canonical columns', () => {
    expect(() => parseColumnMapping({ sex: 3 })).toThrow(UsageError);
    expect(() => parseColumnMapping({ sex: { column: 'a', constant: 'b' } })).toThrow(/either column or constant/);
    expect(() => parseColumnMapping({ sex: { colum: 'a' } })).toThrow(UsageError);
    expect(() => parseColumnMapping({ gender: 'sex' }, 'patients')).toThrow(UnknownColumnError);
  });
});

describe('resolveMapping', () => {
  it('defaults to same-named columns (case-insensitive), else NULL; reports mapped columns that are absent', () => {
    const r = resolveMapping('visits', { type: 'KIND', provider: 'DOC' }, ['Pseudonym', 'date', 'KIND', 'extra']);
    expect(r.columns.map((c) => [c.spec.name, c.sourceColumn])).toEqual([
      ['pseudonym', 'Pseudonym'],
      ['date', 'date'],
      ['type', 'KIND'],
      ['provider', null],
      ['source', null],
    ]);
    expect(r.missing).toEqual([['provider', 'DOC']]);
    expect(r.columns[3]!.expr).toBe('CAST(NULL AS VARCHAR)');
  });
  it('quotes identifiers and literals safely', () => {
    const r = resolveMapping('visits', { type: { column: 'a"b', values: { "it's": 'x' } }, provider: { constant: "O'Brien" } }, ['a"b']);
    expect(r.columns[2]!.expr).toContain('s."a""b"');
    expect(r.columns[2]!.expr).toContain("WHEN 'it''s' THEN 'x'");
    expect(r.columns[3]!.expr).toBe("'O''Brien'");
  });
  it('applies the default date format and source only where they belong', () => {
    const r = resolveMapping('treatments', { stop: { column: 'stop', dateFormat: '%Y%m%d' } }, ['start', 'stop'], { dateFormat: '%d.%m.%Y', source: 'x' });
    const by = Object.fromEntries(r.columns.map((c) => [c.spec.name, c]));
    expect(by.start!.dateFormat).toBe('%d.%m.%Y');
    expect(by.stop!.dateFormat).toBe('%Y%m%d');
    expect(by.substance!.dateFormat).toBeNull();
    expect(by.source!.expr).toMatch(/^coalesce\(.*'x'\)$/);
  });
});

describe('detectFormat', () => {
  it('maps extensions to formats, case-insensitively', () => {
    expect(['a.csv', 'a.TSV', 'a.parquet', 'a.arrow', 'a.ipc', 'a.feather', 'a.ndjson', 'a.jsonl'].map(detectFormat)).toEqual([
      'csv', 'csv', 'parquet', 'arrow', 'arrow', 'arrow', 'ndjson', 'ndjson',
    ]);
    expect(() => detectFormat('a.xlsx')).toThrow(UsageError);
    expect(defaultDelimiter('x.tsv')).toBe('\t');
    expect(defaultDelimiter('x.csv')).toBeUndefined();
  });
});
