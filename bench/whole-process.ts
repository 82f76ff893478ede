/**
 * Benchmark: the whole process as a user runs it, here and in R, in the same run.
 *
 * 1. Cox from a CSV file: `node dist/cli/main.js cox --data cox-1e6x12.csv
 *    --formula "Surv(time, status) ~ x1 + ... + x10" --json` (10^6 rows, 12
 *    columns, 10 covariates with all 17 digits, Efron ties; bench/cox-data.ts)
 *    against `Rscript -e 'library(data.table); library(survival);
 *    d <- fread(f); coxph(Surv(time, status) ~ x1 + ... + x10, d)'`.
 *    Target (README, benchmarks): ours <= 0.2 of R's wall time.
 * 2. Fine-Gray from a CSV file: `node dist/cli/main.js finegray --data
 *    cr-50000.csv --formula "Surv(time, status) ~ x1 + x2 + x3 + x4" --cause 1
 *    --json` (5 x 10^4 rows, integer times; bench/cr-data.ts) against
 *    `Rscript -e 'library(data.table); library(cmprsk); d <- fread(f);
 *    crr(d$time, d$status, cbind(x1, x2, x3, x4))'` (about a minute or more).
 *    Target: ours <= 1.2 s wall.
 *
 * Each command runs under `/usr/bin/time` (wall, user and system seconds,
 * peak memory of the whole process: start-up, reading the file, the fit and
 * the output), ours and R's alternately (A B A B ...), after one untimed
 * warm-up of ours (file cache). Medians are printed with the ratio of the
 * medians and the ratio of each pair, the load average before and after, and
 * the agreement of the coefficients (largest relative difference to R's).
 * The data files are written on first use into bench/data/ (seeded).
 *
 * Usage: node dist/bench/whole-process.js [--runs=3] [--crr-runs=1] [--no-r] [--only=cox|finegray]
 *   (MIDIA_CLI_BIN=path/to/main.js times another build of the CLI)
 *   (needs `npm run build`; R with data.table, survival and cmprsk for the R columns)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { COX_FORMULA, simulateCox, writeCoxCsv } from './cox-data.js';
import { FINEGRAY_FORMULA, writeCompetingRisksCsv } from './cr-data.js';

interface Timing {
  wall: number;
  cpu: number;
  peakMiB: number;
  stdout: string;
}

const flag = (name: string, fallback: string): string => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : fallback;
};
const runs = Number(flag('runs', '3'));
const crrRuns = Number(flag('crr-runs', '1'));
const only = flag('only', '');
const withR = !process.argv.includes('--no-r') && spawnSync('Rscript', ['--version']).status === 0;
const timeDir = mkdtempSync(join(tmpdir(), 'midia-whole-process-'));

/** Runs a command under /usr/bin/time: wall, user + system seconds and peak memory of the whole process. */
function timed(cmd: string, args: readonly string[]): Timing {
  const out = join(timeDir, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-o', out, '-f', '%e %U %S %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const [wall, user, sys, kb] = (readFileSync(out, 'utf8').trim().split('\n').pop() as string).split(' ').map(Number) as [number, number, number, number];
  return { wall, cpu: user + sys, peakMiB: kb / 1024, stdout: r.stdout };
}

const median = (v: readonly number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

interface Case {
  name: string;
  target: string;
  ours: [string, string[]];
  r: [string, string[]] | null;
  rRuns: number;
  /** Coefficients from each side's output. */
  oursCoef: (stdout: string) => number[];
  rCoef: (stdout: string) => number[];
}

function compare(c: Case): Record<string, unknown> {
  const loadBefore = load();
  timed(...c.ours); // warm-up: file cache, not counted
  const a: Timing[] = [];
  const b: Timing[] = [];
  for (let i = 0; i < Math.max(runs, c.rRuns); i++) {
    if (i < runs) a.push(timed(...c.ours));
    if (c.r && i < c.rRuns) b.push(timed(...c.r));
  }
  const oursCoef = c.oursCoef((a[0] as Timing).stdout);
  const rCoef = b.length ? c.rCoef((b[0] as Timing).stdout) : [];
  const maxRelDiff = rCoef.length ? Math.max(...rCoef.map((v, j) => Math.abs((oursCoef[j] as number) - v) / Math.max(Math.abs(v), 1e-12))) : null;
  const pairs = b.map((t, i) => (a[i] ? (a[i] as Timing).wall / t.wall : NaN)).filter((x) => Number.isFinite(x));
  return {
    benchmark: c.name,
    target: c.target,
    runs: a.length,
    rRuns: b.length,
    oursWallMedian: median(a.map((t) => t.wall)),
    oursCpuMedian: median(a.map((t) => t.cpu)),
    oursPeakMiB: Math.max(...a.map((t) => t.peakMiB)),
    rWallMedian: b.length ? median(b.map((t) => t.wall)) : null,
    rCpuMedian: b.length ? median(b.map((t) => t.cpu)) : null,
    rPeakMiB: b.length ? Math.max(...b.map((t) => t.peakMiB)) : null,
    ratioWall: b.length ? median(a.map((t) => t.wall)) / median(b.map((t) => t.wall)) : null,
    ratioCpu: b.length ? median(a.map((t) => t.cpu)) / median(b.map((t) => t.cpu)) : null,
    pairRatiosWall: pairs,
    oursWall: a.map((t) => t.wall),
    rWall: b.map((t) => t.wall),
    coefMaxRelDiff: maxRelDiff,
    loadBefore,
    loadAfter: load(),
  };
}

const dir = join(process.cwd(), 'bench', 'data');
mkdirSync(dir, { recursive: true });
const cli = process.env.MIDIA_CLI_BIN ?? join(process.cwd(), 'dist', 'cli', 'main.js');
if (!existsSync(cli)) throw new Error('dist/cli/main.js is missing: run npm run build first');
const results: Record<string, unknown>[] = [];

const f = (v: unknown, d = 2) => (typeof v === 'number' ? v.toFixed(d) : 'NA');
const node = execFileSync(process.execPath, ['--version'], { encoding: 'utf8' }).trim();
console.log(`whole process, median of runs (node ${node}${withR ? '' : ', no R'}); seconds`);
console.log('benchmark                                               ours wall  ours cpu   R wall   R cpu   wall ratio  cpu ratio  coef rel diff  load before -> after');
/** Prints one result as soon as it is measured (crr alone can take minutes). */
function report(r: Record<string, unknown>): void {
  results.push(r);
  console.log(
    `${String(r.benchmark).padEnd(55)} ${f(r.oursWallMedian).padStart(9)} ${f(r.oursCpuMedian).padStart(9)} ${f(r.rWallMedian).padStart(8)} ${f(r.rCpuMedian).padStart(7)} ${f(r.ratioWall, 3).padStart(11)} ${f(r.ratioCpu, 3).padStart(10)} ${typeof r.coefMaxRelDiff === 'number' ? r.coefMaxRelDiff.toExponential(1).padStart(14) : '            NA'}  ${r.loadBefore} -> ${r.loadAfter}`,
  );
}

if (only === '' || only === 'cox') {
  const file = join(dir, 'cox-1e6x12.csv');
  if (!existsSync(file)) await writeCoxCsv(file, simulateCox(1e6, 2026, { fullPrecision: true }));
  const covs = Array.from({ length: 10 }, (_, j) => `x${j + 1}`);
  const rCode = `suppressPackageStartupMessages({library(data.table); library(survival); library(jsonlite)}); d <- fread("${file}"); fit <- coxph(Surv(time, status) ~ ${covs.join(' + ')}, data = d, ties = "efron"); cat(toJSON(unname(coef(fit)), digits = NA))`;
  report(
    compare({
      name: 'cox --data, 10^6 x 12 CSV, 10 covariates, Efron',
      target: 'ours <= 0.2 x R (fread + coxph)',
      ours: [process.execPath, [cli, 'cox', '--data', file, '--formula', COX_FORMULA, '--json']],
      r: withR ? ['Rscript', ['-e', rCode]] : null,
      rRuns: runs,
      oursCoef: (s) => (JSON.parse(s) as { terms: { coef: number }[] }).terms.map((t) => t.coef),
      rCoef: (s) => JSON.parse(s) as number[],
    }),
  );
}
if (only === '' || only === 'finegray') {
  const file = join(dir, 'cr-50000.csv');
  if (!existsSync(file)) writeCompetingRisksCsv(file, 50_000, 2026);
  const rCode = `suppressPackageStartupMessages({library(data.table); library(cmprsk); library(jsonlite)}); d <- fread("${file}"); fit <- crr(d$time, d$status, as.matrix(d[, c("x1", "x2", "x3", "x4")]), failcode = 1, cencode = 0); cat(toJSON(unname(fit$coef), digits = NA))`;
  report(
    compare({
      name: 'finegray --data, 5 x 10^4 rows, p = 4, integer times',
      target: 'ours <= 1.2 s wall; R crr timed in the same run',
      ours: [process.execPath, [cli, 'finegray', '--data', file, '--formula', FINEGRAY_FORMULA, '--cause', '1', '--json']],
      r: withR && crrRuns > 0 ? ['Rscript', ['-e', rCode]] : null,
      rRuns: crrRuns,
      oursCoef: (s) => (JSON.parse(s) as { terms: { coef: number }[] }).terms.map((t) => t.coef),
      rCoef: (s) => JSON.parse(s) as number[],
    }),
  );
}

console.log(JSON.stringify({ benchmark: 'whole-process', results }));
