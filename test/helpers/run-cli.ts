/**
 * Runs the `midia` command line in-process (cli/run.ts runCli) with captured
 * stdout and stderr: the one harness of the CLI tests.
 */
import { PassThrough } from 'node:stream';
import { runCli } from '../../cli/run.js';

/** Exit code and captured output of one run. */
export interface CliResult {
  code: number;
  /** stdout as UTF-8 text. */
  out: string;
  /** stderr as UTF-8 text. */
  err: string;
  /** stdout bytes (binary output such as Arrow IPC). */
  raw: Buffer;
}

/**
 * Runs `midia ARGV...` with the given environment (default none) and progress
 * setting (default off, as when stderr is not a terminal).
 * @example const { code, out } = await runCliCaptured(['km', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ 1', '--json']);
 */
export async function runCliCaptured(argv: readonly string[], options: { env?: Record<string, string>; showProgress?: boolean } = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(Buffer.from(c)));
  stderr.on('data', (c: Buffer) => err.push(Buffer.from(c)));
  const code = await runCli([...argv], { stdout, stderr, showProgress: options.showProgress ?? false, env: options.env ?? {} });
  const raw = Buffer.concat(out);
  return { code, out: raw.toString('utf8'), err: Buffer.concat(err).toString('utf8'), raw };
}
