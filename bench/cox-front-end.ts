/**
 * Benchmark: the whole in-process `coxph(formula, table)` at N = 10^4 (10
 * covariates, Efron ties) against R's `coxph()` in the same run, as a
 * notebook meets it: the first call of a fresh process (JIT warm-up
 * included) and the median of later calls, wall-clock and CPU seconds, with
 * the split of a later call into model frame, numeric core and the rest
 * (tests, concordance, result). R times the same calls on the same data
 * (`bench/cox-front-end.R`: the first `coxph()` of a fresh R process, then the
 * median of K more; data read before timing). Each round starts a fresh Node
 * process and a fresh R process; the medians over rounds are printed. On a
 * shared machine compare the CPU columns.
 *
 * Data: bench/survival.ts's recipe (10 covariates, every third binary,
 * integer times with many ties, ~30% censored), seed 10042.
 *
 * Usage: npm run build && node dist/bench/cox-front-end.js [ROUNDS=5] [K=20]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModelFrame } from '../models/design/model-frame.js';
import { coxFit } from '../models/survival/cox/cox-fit.js';
import { coxph } from '../models/survival/cox/cox.js';
import type { ColumnTable } from '../models/design/types.js';
import { exponential, normal, seededRandom } from '../util/random.js';
import { seconds } from './timing.js';

const N = 10_000;
const P = 10;
const BETA = [0.5, -0.5, 0.25, -0.25, 0.1, 0, 0.3, -0.3, 0.2, 0];
const FORMULA = `Surv(time, status) ~ ${Array.from({ length: P }, (_, j) => `x${j + 1}`).join(' + ')}`;

function simulate(n: number, seed: number): ColumnTable & { time: Float64Array; status: Float64Array } {
  const rand = seededRandom(seed);
  const x = Array.from({ length: P }, () => new Float64Array(n));
  const time = new Float64Array(n);
  const status = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let lp = 0;
    for (let j = 0; j < P; j++) {
      const v = j % 3 === 2 ? (rand() < 0.4 ? 1 : 0) : Math.round(normal(rand) * 1e4) / 1e4;
      x[j]![i] = v;
      lp += BETA[j]! * v;
    }
    const t = exponential(rand, 0.002 * Math.exp(lp));
    const c = exponential(rand, 0.0008);
    time[i] = Math.max(1, Math.ceil(Math.min(t, c, 2000)));
    status[i] = t <= c && t <= 2000 ? 1 : 0;
  }
  return { time, status, ...Object.fromEntries(x.map((c, j) => [`x${j + 1}`, c])) };
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** One fresh process: the first call, then K calls and their split. */
function child(k: number): void {
  const data = simulate(N, 10_042);
  const [fit, firstWall, firstCpu] = seconds(() => coxph(FORMULA, data));
  const wall: number[] = [];
  const cpu: number[] = [];
  const frame: number[] = [];
  const core: number[] = [];
  for (let i = 0; i < k; i++) {
    const [, w, c] = seconds(() => coxph(FORMULA, data));
    wall.push(w);
    cpu.push(c);
    const [fr, , cf] = seconds(() => buildModelFrame(FORMULA, data));
    frame.push(cf);
    const [, , cc] = seconds(() => coxFit({ x: fr.x, time: fr.time!, status: fr.status! }, { ties: 'efron' }));
    core.push(cc);
  }
  const out = {
    firstWall,
    firstCpu,
    warmWall: median(wall),
    warmCpu: median(cpu),
    frameCpu: median(frame),
    coreCpu: median(core),
    loglik: fit.loglik[1],
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

async function writeCsv(file: string, d: ColumnTable): Promise<void> {
  const out = createWriteStream(file);
  const cols = ['time', 'status', ...Array.from({ length: P }, (_, j) => `x${j + 1}`)];
  let buf = `${cols.join(',')}\n`;
  for (let i = 0; i < N; i++) buf += `${cols.map((c) => (d[c] as Float64Array)[i]).join(',')}\n`;
  await new Promise<void>((resolve) => out.end(buf, resolve));
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5);
  const k = Number(process.argv[3] ?? 20);
  const dir = join(process.cwd(), 'bench', 'data');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'cox-front-end-1e4.csv');
  await writeCsv(file, simulate(N, 10_042));
  const hasR = spawnSync('Rscript', ['--version']).status === 0;
  const self = fileURLToPath(import.meta.url);
  const ours: Record<string, number>[] = [];
  const theirs: Record<string, number | string>[] = [];
  for (let r = 0; r < rounds; r++) {
    ours.push(JSON.parse(execFileSync(process.execPath, [self, '--child', String(k)], { encoding: 'utf8' })) as Record<string, number>);
    if (hasR) theirs.push(JSON.parse(execFileSync('Rscript', [join('bench', 'cox-front-end.R'), file, String(k)], { encoding: 'utf8' }).trim()) as Record<string, number | string>);
  }
  const m = (rows: Record<string, unknown>[], key: string): number => median(rows.map((x) => Number(x[key])));
  const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : 'NA');
  const ratio = (a: number, b: number): string => (Number.isFinite(a / b) ? (a / b).toFixed(2) : 'NA');
  console.log(`coxph at N = ${N}, ${P} covariates, Efron; medians over ${rounds} fresh processes (K = ${k} later calls each)`);
  console.log('                     here wall   here CPU    R wall    R CPU   ratio wall  ratio CPU');
  for (const [label, a, b] of [['first call', 'firstWall', 'firstCpu'], ['later calls', 'warmWall', 'warmCpu']] as const) {
    const hw = m(ours, a);
    const hc = m(ours, b);
    const rw = hasR ? m(theirs, a) : NaN;
    const rc = hasR ? m(theirs, b) : NaN;
    console.log(`${label.padEnd(20)} ${f(hw).padStart(9)} ${f(hc).padStart(10)} ${f(rw).padStart(9)} ${f(rc).padStart(8)} ${ratio(hw, rw).padStart(10)} ${ratio(hc, rc).padStart(10)}`);
  }
  console.log(`later call split (CPU s): model frame ${f(m(ours, 'frameCpu'))}, numeric core ${f(m(ours, 'coreCpu'))}, rest (tests, concordance, result) ${f(m(ours, 'warmCpu') - m(ours, 'frameCpu') - m(ours, 'coreCpu'))}`);
  const rl = hasR ? Number(theirs[0]!.loglik) : NaN;
  console.log(`log-likelihood here ${ours[0]!.loglik}, R ${hasR ? rl : 'NA'}, relative difference ${hasR ? (Math.abs(ours[0]!.loglik! - rl) / Math.abs(rl)).toExponential(2) : 'NA'}`);
  console.log(hasR ? `${theirs[0]!.r}, survival ${theirs[0]!.survival}; node ${process.version}` : 'Rscript not found: R columns empty');
  console.log(JSON.stringify({ benchmark: 'cox-front-end', n: N, rounds, k, ours, r: theirs }));
}

if (process.argv[2] === '--child') child(Number(process.argv[3] ?? 20));
else await main();
