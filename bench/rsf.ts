/**
 * Benchmark: random survival forest training here and in R ranger
 * (`ranger(..., splitrule = "logrank", num.threads = 1)`), same data, same
 * number of trees and mtry, in the same run. Both compute the OOB error;
 * neither computes importance.
 *
 * Data: N = 10^4 rows, p = 10 standard-normal covariates (seeded, every 5th
 * binary), hazard exp(0.5 x1 - 0.4 x2 + 0.3 x3), times in whole days with
 * administrative censoring at `maxDays` (default 730; fewer distinct event
 * times keep ranger's per-leaf CHF, stored on every training event time,
 * within memory: its size grows as leaves x distinct event times).
 * Prints our wall-clock and CPU seconds, ranger's, the ratio ranger / here
 * (> 1 = faster than ranger) and both OOB errors.
 *
 * Usage: node dist/bench/rsf.js [N] [p] [nTrees] [maxDays]   (defaults 10000 10 100 730;
 * without Rscript only our figures print)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomSurvivalForest } from '../models/risk/forest/random-survival-forest.js';
import { exponential, normal, seededRandom } from '../util/random.js';
import { seconds } from './timing.js';

function simulate(n: number, p: number, maxDays: number, seed: number) {
  const rand = seededRandom(seed);
  const x = Array.from({ length: p }, () => new Float64Array(n));
  const time = new Float64Array(n);
  const status = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) x[j]![i] = j % 5 === 4 ? (rand() < 0.4 ? 1 : 0) : Math.round(normal(rand) * 1e4) / 1e4;
    const lp = 0.5 * x[0]![i]! - 0.4 * x[1]![i]! + 0.3 * x[2]![i]!;
    const t = exponential(rand, Math.exp(lp) / 600);
    const c = Math.min(maxDays, exponential(rand, 1 / 1500));
    time[i] = Math.max(1, Math.ceil(Math.min(t, c)));
    status[i] = t <= c ? 1 : 0;
  }
  return { x, time, status };
}

const args = process.argv.slice(2).map(Number);
const n = args[0] || 10000;
const p = args[1] || 10;
const nTrees = args[2] || 100;
const maxDays = args[3] || 730;
const mtry = Math.max(1, Math.floor(Math.sqrt(p)));
const d = simulate(n, p, maxDays, 2024);
let events = 0;
for (const s of d.status) events += s;
const hasR = spawnSync('Rscript', ['--version']).status === 0;
const dir = join(process.cwd(), 'bench', 'data');
mkdirSync(dir, { recursive: true });
const dataFile = join(dir, `rsf-${n}x${p}-${maxDays}.csv`);
if (hasR) {
  const lines = [`time,status,${Array.from({ length: p }, (_, j) => `x${j + 1}`).join(',')}`];
  for (let i = 0; i < n; i++) {
    let s = `${d.time[i]},${d.status[i]}`;
    for (let j = 0; j < p; j++) s += `,${d.x[j]![i]}`;
    lines.push(s);
  }
  writeFileSync(dataFile, lines.join('\n') + '\n');
}
console.log(`random survival forest benchmark: N = ${n}, p = ${p}, events = ${events}, ${nTrees} trees, mtry = ${mtry}, one thread; node ${process.version}`);
const [fit, t, cpu] = seconds(() => randomSurvivalForest(d.x, d.time, d.status, { nTrees, mtry, seed: 1, importance: 'none' }));
const row: Record<string, unknown> = {
  seconds: +t.toFixed(3),
  cpuSeconds: +cpu.toFixed(3),
  oobError: fit.oobError,
  nodes: fit.structure.splitVar.length,
  leaves: fit.structure.leafMortality.length,
  eventTimes: fit.eventTimes.length,
};
console.log(JSON.stringify({ ours: row }));
if (hasR) {
  const r = spawnSync('Rscript', ['bench/rsf.R', dataFile, String(nTrees), String(mtry)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status === 0) {
    const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
    Object.assign(row, {
      rSeconds: j.seconds,
      rCpuSeconds: j.cpuSeconds,
      ratio: +(j.seconds! / t).toFixed(2),
      ratioCpu: +(j.cpuSeconds! / cpu).toFixed(2),
      rOobError: j.oobError,
      rMinNodeSize: j.minNodeSize,
      rDeathTimes: j.nDeathTimes,
    });
  } else {
    row.rError = r.stderr.slice(-400);
  }
}
console.log(JSON.stringify(row));
