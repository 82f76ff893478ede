/**
 * What a pseudonymizing import writes to disk: the staged Parquet copy is
 * captured while it exists (the private temporary directory is wrapped) and
 * searched for the identifiers of the source.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { CohortStore } from '../../../engine/store.js';

const captured: { dir: string; mode: number; files: Map<string, Buffer> }[] = [];
vi.mock('../../../engine/temp-dir.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../../engine/temp-dir.js')>();
  return {
    ...orig,
    withPrivateTempDir: <T>(body: (dir: string) => Promise<T>) =>
      orig.withPrivateTempDir(async (dir) => {
        const result = await body(dir);
        captured.push({ dir, mode: statSync(dir).mode & 0o777, files: new Map(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n))])) });
        return result;
      }),
  };
});

const dir = mkdtempSync(join(tmpdir(), 'midia-staging-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const KEY = Buffer.alloc(32, 9);

describe('the staged copy of a pseudonymizing import', () => {
  it('holds only pseudonymized, redacted, canonical columns, in a 0700 directory that is gone afterwards', async () => {
    const file = join(dir, 'events.csv');
    writeFileSync(
      file,
      'Fallnummer,Vorname,Nachname,Telefon,date,type,detail,Bemerkung\n' +
        'KIS-1003,Aylin,Öztürk,0341-5550303,2021-06-01,death,"Aylin Öztürk, * 29.02.1992, verstorben an MS",Tochter Elif Öztürk informiert\n',
    );
    const store = await CohortStore.open();
    try {
      await store.importFile(join('test/fixtures/privacy/kis-patients.csv'), { table: 'patients', pseudonymize: { idColumn: 'patient_id', key: KEY, birthDateFormat: '%d.%m.%Y' } });
      captured.length = 0;
      // her events from another export, whose id column has another name
      const r = await store.importFile(file, { table: 'events', pseudonymize: { idColumn: 'Fallnummer', key: KEY } });
      expect(r.loaded).toBe(1);
      expect(r.unmappedColumns).toEqual(['Bemerkung']);
      expect(captured).toHaveLength(1);
      const staged = captured[0]!;
      expect(staged.mode).toBe(0o700);
      expect(existsSync(staged.dir)).toBe(false);
      const parquet = staged.files.get('pseudonymized.parquet')!;
      const text = parquet.toString('latin1') + parquet.toString('utf8');
      for (const id of ['KIS-1003', 'Aylin', 'Öztürk', 'Ozturk', 'Elif', '5550303', '29.02.1992', 'Tochter']) expect(text, id).not.toContain(id);
      // its columns are the canonical ones the mapping reads, nothing else
      const copy = join(dir, 'copy.parquet');
      writeFileSync(copy, parquet);
      const instance = await DuckDBInstance.create(':memory:');
      const c = await instance.connect();
      try {
        const described = (await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${copy}')`)).getRowsJS().map((row) => row[0]);
        expect(described).toEqual(['pseudonym', 'date', 'type', 'detail']);
        expect((await c.runAndReadAll(`SELECT detail FROM read_parquet('${copy}')`)).getRowsJS()).toEqual([['[redacted:name] [redacted:name], [redacted:date], verstorben an MS']]);
      } finally {
        c.closeSync();
        instance.closeSync();
      }
    } finally {
      store.close();
    }
  });
});
