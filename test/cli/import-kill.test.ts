/**
 * The attack of issue 11 item 7 on temporary files: a pseudonymizing import
 * is killed (SIGKILL) while its staged Parquet copy exists. What it leaves
 * holds no clear identifier, lies in the private directory (mode 0700), and
 * the next midia process removes it. Runs the built command line
 * (dist/cli/main.js, built by `npm test`; MIDIA_CLI_BIN overrides it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = process.env.MIDIA_CLI_BIN ?? join(process.cwd(), 'dist', 'cli', 'main.js');
const root = mkdtempSync(join(tmpdir(), 'midia-import-kill-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const uid = typeof process.getuid === 'function' ? String(process.getuid()) : 'user';
const env = { ...process.env, MIDIA_TMPDIR: root, MIDIA_PSEUDONYM_KEY: 'cd'.repeat(32) };

/** Every file under a directory (none when it vanishes while being read). */
function files(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

describe('a killed pseudonymizing import', () => {
  it('leaves no clear identifier on disk, only in the private 0700 directory, which the next run removes', async () => {
    expect(existsSync(bin), 'dist/cli/main.js is missing: the test script builds it first (npm test)').toBe(true);
    const n = 60_000;
    const lines = ['patient_id,Vorname,Nachname,Geburtsdatum,sex,diagnosis,index_date'];
    for (let i = 0; i < n; i++) lines.push(`KIS-${700000 + i},Vorname${i % 997}x,Nachname${i % 991}y,${String(1 + (i % 28)).padStart(2, '0')}.0${1 + (i % 9)}.19${40 + (i % 50)},female,breast_cancer,2019-03-04`);
    const source = join(root, 'kis.csv');
    writeFileSync(source, lines.join('\n') + '\n');
    const db = join(root, 'killed.duckdb');
    const child = spawn(process.execPath, [bin, 'import', '--db', db, '--table', 'patients', '--pseudonymize-id', 'patient_id', '--birth-date-format', '%d.%m.%Y', source], { env, stdio: 'ignore' });
    const base = join(root, `midia-${uid}`);
    const own = () => (existsSync(base) ? readdirSync(base).filter((d) => d.startsWith(`p${child.pid}-`)).map((d) => join(base, d)) : []);
    const exited = new Promise((r) => child.once('exit', r));
    let done = false;
    void exited.then(() => (done = true));
    // wait until the staged copy exists (or the import ended: then the test fails below), then kill
    let staged: string | null = null;
    while (staged === null && !done) {
      staged = own().flatMap(files).find((f) => f.endsWith('.parquet')) ?? null;
      if (staged === null) await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    await exited;
    expect(staged, 'the import ended before its staged copy was seen').not.toBeNull();
    // what the killed process left: only in its private directory, and nothing identifying
    const left = own();
    expect(left).toHaveLength(1);
    expect(statSync(base).mode & 0o777).toBe(0o700);
    expect(statSync(left[0]!).mode & 0o777).toBe(0o700);
    for (const f of files(left[0]!)) {
      const bytes = readFileSync(f).toString('latin1');
      for (const id of ['KIS-7', 'Vorname1', 'Nachname1', '01.01.1940']) expect(bytes, `${f} holds ${id}`).not.toContain(id);
    }
    expect(readdirSync(tmpdir()).filter((d) => d.startsWith('midia-pseudonymize-') || d.startsWith('midia-session-'))).toEqual([]);
    // the next midia process removes it
    const small = join(root, 'small.csv');
    writeFileSync(small, 'patient_id,sex,diagnosis,index_date,birth_year\nKIS-1,female,breast_cancer,2019-03-04,1960\n');
    const next = spawnSync(process.execPath, [bin, 'import', '--db', join(root, 'next.duckdb'), '--table', 'patients', '--pseudonymize-id', 'patient_id', small], { env, encoding: 'utf8' });
    expect(next.status, next.stderr).toBe(0);
    expect(existsSync(left[0]!)).toBe(false);
    expect(readdirSync(base)).toEqual([]);
  });
});
