import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeObservationsCsv } from '../../bench/generate-observations.js';
import { recordSchema } from '../../engine/schema.js';
import { UsageError } from '../../util/errors.js';
import { readCsvRecords } from './csv.js';

const root = mkdtempSync(join(tmpdir(), 'midia-bench-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

/** Convert a CSV row of raw strings to a canonical record (empty = missing, numeric columns parsed). */
function typed(row: Record<string, string>, numeric: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = v === '' ? null : numeric.includes(k) ? Number(v) : v;
  return out;
}

describe('writeObservationsCsv (import benchmark data)', () => {
  it('writes N canonical rows with unique keys, all inside the patients\' follow-up', async () => {
    const file = join(root, 'a', 'observations.csv');
    const r = await writeObservationsCsv(file, 5003, 1, { count: 40 });
    expect(r.rows).toBe(5003);
    expect(r.patients).toBe(40);
    expect(r.patientsFile).toBe(join(root, 'a', 'patients.csv'));
    const obs = readCsvRecords(file);
    const pts = readCsvRecords(r.patientsFile);
    expect(obs.header).toEqual(['pseudonym', 'date', 'code', 'code_system', 'value', 'value_text', 'unit', 'source']);
    expect(obs.records).toHaveLength(5003);
    expect(pts.records).toHaveLength(40);
    const obsSchema = recordSchema('observations');
    const patSchema = recordSchema('patients');
    const window = new Map<string, [string, string]>();
    for (const p of pts.records) {
      patSchema.parse(typed(p, ['birth_year', 'birth_month']));
      window.set(p['pseudonym']!, [p['index_date']!, p['last_contact']!]);
    }
    const keys = new Set<string>();
    for (const o of obs.records) {
      obsSchema.parse(typed(o, ['value']));
      const w = window.get(o['pseudonym']!);
      expect(w).toBeDefined();
      expect(o['date']! >= w![0] && o['date']! <= w![1]).toBe(true);
      const key = `${o['pseudonym']}|${o['date']}|${o['code']}`;
      expect(keys.has(key)).toBe(false);
      keys.add(key);
    }
    expect(readFileSync(file).length).toBe(r.bytes);
  });

  it('is deterministic for a seed, differs between seeds, and accepts the patients path as a string', async () => {
    const a = await writeObservationsCsv(join(root, 'b', 'obs.csv'), 2000, 9, join(root, 'b', 'pat.csv'));
    const b = await writeObservationsCsv(join(root, 'c', 'obs.csv'), 2000, 9, join(root, 'c', 'pat.csv'));
    const d = await writeObservationsCsv(join(root, 'd', 'obs.csv'), 2000, 10, join(root, 'd', 'pat.csv'));
    expect(sha(a.observationsFile)).toBe(sha(b.observationsFile));
    expect(sha(a.patientsFile)).toBe(sha(b.patientsFile));
    expect(sha(d.observationsFile)).not.toBe(sha(a.observationsFile));
    expect(a.patients).toBe(20); // default ceil(rows / 100)
  });

  it('handles zero rows and rejects bad arguments', async () => {
    const r = await writeObservationsCsv(join(root, 'e', 'observations.csv'), 0, 1);
    expect(readFileSync(r.observationsFile, 'utf8')).toBe('pseudonym,date,code,code_system,value,value_text,unit,source\n');
    await expect(writeObservationsCsv(join(root, 'f', 'x.csv'), -1, 1)).rejects.toThrow(UsageError);
    await expect(writeObservationsCsv(join(root, 'f', 'x.csv'), 10, 1, join(root, 'f', 'x.csv'))).rejects.toThrow(/must differ/);
    await expect(writeObservationsCsv(join(root, 'f', 'x.csv'), 10, 1, { count: 0 })).rejects.toThrow(UsageError);
  });
});
