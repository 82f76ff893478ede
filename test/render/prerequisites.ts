/**
 * External programs the browser and notebook checks need (Debian's chromium,
 * jupyter nbconvert with the tslab kernel). In CI (env CI set, other than
 * "false" or "0") a missing program is a failure; elsewhere the checks are
 * skipped with a warning, and the run ends with a note saying which tests were
 * skipped and why (test/setup/tool-skips-reporter.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { chromiumExecutable } from '../../render/browser.js';

/** Whether a tool is usable and, if not, why. */
export interface ToolStatus {
  name: string;
  ok: boolean;
  reason: string;
}

/** True when running in CI (the checks must not be skipped there): env CI set to anything but '', 'false' or '0'. */
export const IN_CI = !['', 'false', '0'].includes((process.env['CI'] ?? '').trim().toLowerCase());

/** Options of the status checks. */
export interface StatusOptions {
  /** No warning on stderr (the end-of-run reporter asks again). Default false. */
  quiet?: boolean;
}

/** PATH with the project's node_modules/.bin first (where the tslab kernel command lives). */
export function pathWithNodeBin(): string {
  return [resolve('node_modules/.bin'), process.env['PATH'] ?? ''].join(delimiter);
}

function report(status: ToolStatus, options: StatusOptions): ToolStatus {
  if (!status.ok && !options.quiet) {
    const what = IN_CI ? 'FAIL (CI is set)' : 'are SKIPPED';
    console.warn(`\n*** ${status.name} unavailable: ${status.reason}. Its checks ${what}. (bash .ci/run installs it.) ***\n`);
  }
  return status;
}

/** Debian's chromium (or env MIDIA_CHROMIUM). */
export function chromiumStatus(options: StatusOptions = {}): ToolStatus {
  const exe = chromiumExecutable();
  return report({ name: 'chromium', ok: existsSync(exe), reason: `chromium not found: no executable at ${exe} (apt-get install chromium, or set MIDIA_CHROMIUM)` }, options);
}

/** `jupyter nbconvert` and a registered `tslab` kernel whose command is on PATH. */
export function jupyterStatus(options: StatusOptions = {}): ToolStatus {
  const env = { ...process.env, PATH: pathWithNodeBin() };
  const nb = spawnSync('jupyter', ['nbconvert', '--version'], { env, encoding: 'utf8' });
  const install = '(apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel)';
  if ((nb.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return report({ name: 'jupyter', ok: false, reason: `jupyter not found on PATH ${install}` }, options);
  if (nb.status !== 0) return report({ name: 'jupyter', ok: false, reason: `'jupyter nbconvert --version' failed (${nb.error?.message ?? nb.stderr.trim()}) ${install}` }, options);
  const ks = spawnSync('jupyter', ['kernelspec', 'list', '--json'], { env, encoding: 'utf8' });
  let hasTslab = false;
  try {
    hasTslab = ks.status === 0 && 'tslab' in (JSON.parse(ks.stdout) as { kernelspecs: Record<string, unknown> }).kernelspecs;
  } catch {
    hasTslab = false;
  }
  if (!hasTslab) return report({ name: 'jupyter', ok: false, reason: "no 'tslab' kernel registered (run: npx tslab install --python=/usr/bin/python3)" }, options);
  const onPath = (process.env['PATH'] ?? '').split(delimiter).concat(resolve('node_modules/.bin')).some((d) => existsSync(join(d, 'tslab')));
  if (!onPath) return report({ name: 'jupyter', ok: false, reason: 'the tslab command is not installed (npm ci installs it in node_modules/.bin)' }, options);
  return { name: 'jupyter', ok: true, reason: '' };
}
