import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'midia-import-psn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const KEY = 'a'.repeat(64);

function cli(env: Record<string, string>, ...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv, { env });
}

describe('midia import --pseudonymize-id', () => {
  const db = join(dir, 'c.duckdb');
  const src = 'test/fixtures/privacy/kis-patients.csv';

  it('refuses an identifying source without --pseudonymize-id, and without a key', async () => {
    const plain = await cli({}, 'import', '--db', db, '--table', 'patients', src);
    expect(plain.code).toBe(2);
    expect(plain.err).toMatch(/Vorname|Nachname|identif/i);
    const nokey = await cli({}, 'import', '--db', db, '--table', 'patients', '--pseudonymize-id', 'patient_id', '--birth-date-format', '%d.%m.%Y', src);
    expect(nokey.code).not.toBe(0);
    expect(nokey.err).toMatch(/MIDIA_PSEUDONYM_KEY|key/);
  });

  it('imports pseudonymized with the key from the environment, storing no identifier', async () => {
    const r = await cli({ MIDIA_PSEUDONYM_KEY: KEY }, 'import', '--db', db, '--table', 'patients', '--pseudonymize-id', 'patient_id', '--birth-date-format', '%d.%m.%Y', '--json', src);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).loaded).toBe(readFileSync(src, 'utf8').trim().split('\n').length - 1);
    const bytes = readFileSync(db).toString('latin1');
    for (const raw of ['KIS-1001', 'Mustermann', 'Heidestra', '5550101', 'example.org', 'A123456780', '12.08.1964']) expect(bytes).not.toContain(raw);
  });
});
