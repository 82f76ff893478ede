import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CANONICAL_TABLES, TABLES } from '../../../engine/schema.js';
import { generateCohort } from '../../../datasets/synthetic/generate-cohort.js';
import { cohortToCsv, csvField, tableToCsv, writeCohortCsv } from '../../../datasets/synthetic/write-cohort-csv.js';
import { parseCsv, readCsvRecords } from '../csv.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('csvField', () => {
  it('writes empty for missing, numbers as JavaScript prints them, and quotes per RFC 4180', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(12)).toBe('12');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('round-trips awkward text through a CSV reader', () => {
    const rec = { pseudonym: 'P-0000000001', date: '2020-01-02', type: 'followup', provider: 'Dr. "X", ward 3\nnorth', source: null };
    const rows = parseCsv(tableToCsv('visits', [rec]));
    expect(rows[0]).toEqual(['pseudonym', 'date', 'type', 'provider', 'source']);
    expect(rows[1]).toEqual(['P-0000000001', '2020-01-02', 'followup', 'Dr. "X", ward 3\nnorth', '']);
  });
});

describe('writeCohortCsv', () => {
  const cohort = generateCohort({ seed: 11, breast: 25, prostate: 25, ms: 25 });

  it('writes the five canonical CSVs and truth.json, with canonical headers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'midia-cohort-'));
    dirs.push(dir);
    const files = await writeCohortCsv(cohort, join(dir, 'nested'));
    expect(files.map((f) => f.slice(f.lastIndexOf('/') + 1))).toEqual(['patients.csv', 'events.csv', 'observations.csv', 'treatments.csv', 'visits.csv', 'truth.json']);
    const csv = cohortToCsv(cohort);
    for (const t of CANONICAL_TABLES) {
      const text = readFileSync(join(dir, 'nested', `${t}.csv`), 'utf8');
      expect(text).toBe(csv[`${t}.csv`]);
      const { header, records } = readCsvRecords(join(dir, 'nested', `${t}.csv`));
      expect(header).toEqual(TABLES[t].columns.map((c) => c.name));
      expect(records.length).toBe(cohort[t].length);
    }
    const truth = JSON.parse(readFileSync(join(dir, 'nested', 'truth.json'), 'utf8'));
    expect(truth.generator.options.seed).toBe(11);
    expect(truth.parameters.breast.recurrence.logHazardRatios.nodes4plus).toBe(1.1);
    expect(truth.ms).toHaveLength(25);
  });

  it('writes values that read back to the records (empty = missing, numbers exact)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'midia-cohort-'));
    dirs.push(dir);
    await writeCohortCsv(cohort, dir);
    for (const t of CANONICAL_TABLES) {
      const { records } = readCsvRecords(join(dir, `${t}.csv`));
      records.forEach((row, i) => {
        const rec = cohort[t][i] as unknown as Record<string, unknown>;
        for (const col of TABLES[t].columns) {
          const v = rec[col.name];
          const text = row[col.name];
          if (v === null || v === undefined) expect(text, `${t}.${col.name}`).toBe('');
          else if (typeof v === 'number') expect(Number(text)).toBe(v);
          else expect(text).toBe(v);
        }
      });
    }
  });
});
