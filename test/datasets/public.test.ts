import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetPath, packageRoot, PUBLIC_DATASETS, publicDataset } from '../../datasets/public.js';
import { UsageError } from '../../util/errors.js';
import { parseCsv } from './csv.js';

const dir = resolve('datasets');
const sums = new Map(
  readFileSync(join(dir, 'SHA256SUMS'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [hash, name] = line.split(/\s+/) as [string, string];
      return [name, hash] as const;
    }),
);

describe('public datasets: provenance', () => {
  it('every datasets/*.csv is listed in SHA256SUMS and matches its hash (unchanged R export)', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort();
    expect(files.length).toBe(11);
    expect([...sums.keys()].sort()).toEqual(files);
    for (const f of files) {
      const hash = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
      expect(hash, f).toBe(sums.get(f));
    }
  });

  it('the catalogue names every CSV once, with the right row count and header', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort();
    expect(PUBLIC_DATASETS.map((d) => d.file.replace('datasets/', '')).sort()).toEqual(files);
    for (const d of PUBLIC_DATASETS) {
      const rows = parseCsv(readFileSync(datasetPath(d.name), 'utf8'));
      expect(rows[0], d.name).toEqual(d.columns);
      expect(rows.length - 1, d.name).toBe(d.rows);
      for (const c of [...d.time, ...d.status]) expect(d.columns, `${d.name}.${c}`).toContain(c);
      expect(d.time.length === 2 || d.time.length === d.status.length, d.name).toBe(true);
    }
  });

  it('README documents every dataset', () => {
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    for (const d of PUBLIC_DATASETS) expect(readme, d.name).toContain(`${d.name}.csv`);
    expect(readme).toContain('3.5-3');
  });
});

describe('datasetPath', () => {
  it('resolves an absolute path inside the package root', () => {
    const root = packageRoot();
    expect(existsSync(join(root, 'package.json'))).toBe(true);
    expect(datasetPath('gbsg')).toBe(join(root, 'datasets', 'gbsg.csv'));
    expect(existsSync(datasetPath('rotterdam'))).toBe(true);
    expect(publicDataset('gbsg').rows).toBe(686);
  });

  it('rejects an unknown name with a UsageError that lists the known ones', () => {
    expect(() => datasetPath('nope')).toThrow(UsageError);
    expect(() => datasetPath('nope')).toThrow(/Unknown dataset: nope .*gbsg/);
  });
});
