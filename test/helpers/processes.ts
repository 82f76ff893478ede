/**
 * Second processes for the concurrency tests: one that holds a database file
 * (lock-holder.mjs), and the project's TypeScript run in a child process
 * (ts-register.mjs), with line-based signalling over stdin/stdout.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** A child process with helpers to wait for its output lines and its exit. */
export interface Child {
  process: ChildProcessWithoutNullStreams;
  /** Resolves with the first stdout line that starts with `prefix`. */
  line(prefix: string): Promise<string>;
  /** Sends one line on stdin. */
  send(line: string): void;
  /** Resolves with the exit code, stdout and stderr. */
  exit: Promise<{ code: number | null; out: string; err: string }>;
}

/** Starts `node ARGS...` in the repository root with the given environment. */
export function startNode(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Child {
  const child = spawn(process.execPath, [...args], { stdio: 'pipe', env });
  let out = '';
  let err = '';
  const waiters: { prefix: string; resolve: (l: string) => void }[] = [];
  const scan = () => {
    for (const l of out.split('\n')) {
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (l.startsWith(waiters[i]!.prefix)) waiters.splice(i, 1)[0]!.resolve(l);
      }
    }
  };
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    scan();
  });
  child.stderr.on('data', (b: Buffer) => {
    err += b.toString();
  });
  const exit = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.once('exit', (code) => resolve({ code, out, err })));
  return {
    process: child,
    line(prefix) {
      return new Promise<string>((resolve, reject) => {
        waiters.push({ prefix, resolve });
        scan();
        void exit.then((r) => reject(new Error(`child exited (${r.code}) before printing '${prefix}': ${r.out}\n${r.err}`)));
      });
    },
    send(line) {
      child.stdin.write(`${line}\n`);
    },
    exit,
  };
}

/** A process holding the database file `file` (DuckDB's lock); resolves once it holds it. Release with `send('release')`. */
export async function holdInOtherProcess(file: string): Promise<Child> {
  const child = startNode(['test/helpers/lock-holder.mjs', file]);
  await child.line('held');
  return child;
}

/** Starts a TypeScript file of the project in a child process (no build needed). */
export function startTs(file: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Child {
  return startNode(['--import', './test/helpers/ts-register.mjs', file, ...args], env);
}
