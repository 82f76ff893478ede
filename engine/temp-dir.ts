/**
 * The private temporary directory of a process: where the engine stages
 * patient data on disk (the Parquet copies of a pseudonymizing import and of an
 * analysis session, DuckDB's spill files), and nowhere else.
 *
 * Layout: `<os.tmpdir()>/midia-<uid>/` (mode 0700, owned by the user; refused
 * when it is a symbolic link, owned by someone else, or open to others), and in
 * it one directory per process, `p<pid>-<random>/` (mode 0700), created on first
 * use. Rules (documented in docs/import.md):
 * - the process directory is removed when the process exits normally
 *   (`process.on('exit')`), and every operation removes its own subdirectory
 *   when it ends ({@link withPrivateTempDir});
 * - a process killed by a signal cannot clean up: its directory is removed by
 *   the next process that starts using the engine's temporary directory (stale
 *   = its pid is no longer running);
 * - the environment variable `MIDIA_TMPDIR` moves the base directory (default:
 *   `os.tmpdir()`, i.e. `TMPDIR` or `/tmp`).
 *
 * No signal handlers are installed (they would change how the CLI and the
 * service stop); a SIGINT/SIGTERM/SIGKILL leaves a directory that the next run
 * removes.
 */
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '../util/errors.js';

/** Environment variable that moves the base of the private temporary directories. */
export const TEMP_DIR_ENV = 'MIDIA_TMPDIR';

/** Name pattern of a process directory: `p<pid>-<random>`. */
const PROCESS_DIR = /^p(\d+)-[A-Za-z0-9]+$/;

let processDir: string | null = null;

function uidPart(): string {
  return typeof process.getuid === 'function' ? String(process.getuid()) : 'user';
}

/** The base directory shared by this user's processes (created mode 0700 when missing). */
export function privateTempBase(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const root = env[TEMP_DIR_ENV] !== undefined && env[TEMP_DIR_ENV] !== '' ? env[TEMP_DIR_ENV]! : tmpdir();
  const base = join(root, `midia-${uidPart()}`);
  try {
    mkdirSync(base, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StoreError(`cannot create the private temporary directory ${base}: ${(error as Error).message}`, { cause: error });
  }
  const st = lstatSync(base);
  if (st.isSymbolicLink() || !st.isDirectory()) throw new StoreError(`refusing the temporary directory ${base}: it is not a plain directory (a symbolic link?)`);
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
    throw new StoreError(`refusing the temporary directory ${base}: it belongs to another user (uid ${st.uid})`);
  }
  if ((st.mode & 0o077) !== 0) chmodSync(base, 0o700);
  return base;
}

/** True when a process with this pid is running (or exists under another user). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the directories of processes that are no longer running (left by a
 * killed import or session). Returns the directories removed.
 * @example removeStaleTempDirs() // => ['/tmp/midia-1000/p4242-x1y2z3']
 */
export function removeStaleTempDirs(base: string = privateTempBase()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(base)) {
    const m = PROCESS_DIR.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    const dir = join(base, name);
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

/**
 * This process's private temporary directory (mode 0700), created on first
 * call; stale directories of dead processes are removed then, and this one is
 * removed when the process exits.
 *
 * @throws StoreError when the base directory is unsafe (a link, another user's) or cannot be created.
 */
export function privateTempDir(): string {
  if (processDir !== null) return processDir;
  const base = privateTempBase();
  removeStaleTempDirs(base);
  const dir = mkdtempSync(join(base, `p${process.pid}-`));
  chmodSync(dir, 0o700);
  processDir = dir;
  process.once('exit', () => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/**
 * Runs `body` with a fresh subdirectory of the private temporary directory
 * (mode 0700) and removes it afterwards, whether `body` succeeds or throws.
 * @example await withPrivateTempDir(async (dir) => conn.run(`COPY t TO '${dir}/t.parquet'`))
 */
export async function withPrivateTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(privateTempDir(), 'op-'));
  chmodSync(dir, 0o700);
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The directory DuckDB should spill to (`SET temp_directory`): a `duckdb`
 * folder inside the process directory, so spilled pages of patient data land
 * in the private directory and are removed with it.
 */
export function duckdbSpillDir(): string {
  const dir = join(privateTempDir(), 'duckdb');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
