import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkStorePath, isDuckDbFile } from '../../engine/store-file.js';
import { CohortStore } from '../../engine/store.js';
import { UsageError } from '../../util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'midia-store-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkStorePath', () => {
  it('accepts a new path, an existing DuckDB file and :memory:', async () => {
    const db = join(dir, 'c.duckdb');
    checkStorePath(db);
    (await CohortStore.open(db)).close();
    expect(isDuckDbFile(db)).toBe(true);
    checkStorePath(db);
    checkStorePath(':memory:');
  });

  it.each(['x.csv', 'x.TSV', 'x.parquet', 'x.arrow', 'x.ndjson', 'x.json', 'x.txt'])('refuses a data file name %s (swapped arguments)', (name) => {
    expect(() => checkStorePath(join(dir, name))).toThrow(/looks like a data file/);
  });

  it('refuses a folder, a file that is not a DuckDB database, an empty file, and a path that is also a source', () => {
    mkdirSync(join(dir, 'folder.duckdb'));
    expect(() => checkStorePath(join(dir, 'folder.duckdb'))).toThrow(/is a folder/);
    writeFileSync(join(dir, 'text.db'), 'pseudonym,date\n');
    expect(() => checkStorePath(join(dir, 'text.db'))).toThrow(/is not a DuckDB database/);
    writeFileSync(join(dir, 'empty.db'), '');
    expect(() => checkStorePath(join(dir, 'empty.db'))).toThrow(UsageError);
    expect(() => checkStorePath(join(dir, 'c2.duckdb'), [join(dir, 'c2.duckdb')])).toThrow(/also given as a SOURCE/);
  });
});
