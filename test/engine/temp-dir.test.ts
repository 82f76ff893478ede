import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CohortStore } from '../../engine/store.js';
import { allPatients, openSession } from '../../engine/access.js';
import { privateTempBase, privateTempDir, removeStaleTempDirs, withPrivateTempDir } from '../../engine/temp-dir.js';
import { StoreError } from '../../util/errors.js';

const root = mkdtempSync(join(tmpdir(), 'midia-tempdir-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const uid = typeof process.getuid === 'function' ? String(process.getuid()) : 'user';

describe('private temporary directory', () => {
  it('an operation gets a 0700 subdirectory of the 0700 process directory, removed after success and after a throw', async () => {
    let seen = '';
    await withPrivateTempDir(async (dir) => {
      seen = dir;
      writeFileSync(join(dir, 'copy.parquet'), 'x');
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(dir.startsWith(privateTempDir())).toBe(true);
    });
    expect(existsSync(seen)).toBe(false);
    await expect(
      withPrivateTempDir(async (dir) => {
        seen = dir;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(seen)).toBe(false);
    expect(statSync(privateTempDir()).mode & 0o777).toBe(0o700);
  });

  it('refuses a base directory that is a symbolic link, and closes one that is open to others', () => {
    const linked = join(root, 'linked');
    mkdirSync(linked);
    mkdirSync(join(root, 'elsewhere'));
    symlinkSync(join(root, 'elsewhere'), join(linked, `midia-${uid}`));
    expect(() => privateTempBase({ MIDIA_TMPDIR: linked })).toThrow(StoreError);
    const open = join(root, 'open');
    mkdirSync(join(open, `midia-${uid}`), { recursive: true });
    chmodSync(join(open, `midia-${uid}`), 0o777);
    expect(statSync(privateTempBase({ MIDIA_TMPDIR: open })).mode & 0o777).toBe(0o700);
  });

  it('the directory of a killed process (SIGKILL, no cleanup ran) is removed by the next start; a running process keeps its own', async () => {
    const base = privateTempBase({ MIDIA_TMPDIR: join(root, 'kill') });
    // A child lays out its directory as the engine does and stages a copy, then is killed.
    const script = `const fs=require('fs'),p=require('path');const d=p.join(${JSON.stringify(base)},'p'+process.pid+'-abc123');fs.mkdirSync(p.join(d,'op-1'),{recursive:true,mode:0o700});fs.writeFileSync(p.join(d,'op-1','pseudonymized.parquet'),'staged');process.stdout.write(d+'\\n');setInterval(()=>{},1000);`;
    const run = () => {
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      return new Promise<{ child: typeof child; dir: string }>((resolve) => child.stdout.once('data', (b: Buffer) => resolve({ child, dir: b.toString().trim() })));
    };
    const killed = await run();
    killed.child.kill('SIGKILL');
    await new Promise((r) => killed.child.once('exit', r));
    const alive = await run();
    try {
      expect(existsSync(join(killed.dir, 'op-1', 'pseudonymized.parquet'))).toBe(true);
      const removed = removeStaleTempDirs(base);
      expect(removed).toEqual([killed.dir]);
      expect(existsSync(killed.dir)).toBe(false);
      expect(existsSync(alive.dir)).toBe(true);
      expect(readdirSync(base)).toEqual([alive.dir.slice(base.length + 1)]);
    } finally {
      alive.child.kill('SIGKILL');
    }
  });

  it('an analysis session stages its copies in the private directory, not in the system temporary directory', async () => {
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('midia-session-'));
    const store = await CohortStore.open();
    try {
      await store.importRecords('patients', [{ pseudonym: 'P-0000000001', birth_year: 1960, sex: 'female', diagnosis: 'breast_cancer', index_date: '2020-01-01' }]);
      const s = await openSession(store, { policy: allPatients, unrestrictedReason: 'test' });
      expect((await s.queryRows('SELECT count(*) AS n FROM patients'))[0]).toEqual({ n: 1 });
      s.close();
    } finally {
      store.close();
    }
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('midia-session-'))).toEqual(before);
    expect(readdirSync(privateTempDir()).filter((n) => n.startsWith('session-'))).toEqual([]);
  });
});
