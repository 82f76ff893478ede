/**
 * Benchmark: linear mixed model with random intercept and slope here and in R
 * (lme4::lmer), same data, in the same run.
 *
 * Data: J patients (default 10^4) with 10 visits each (default 10^5 rows),
 * seeded: visit times uniform on [0, 5] years, a binary arm, random intercept
 * (sd 1) and slope (sd 0.3, correlation 0.2), residual sd 0.5, y rounded to 4
 * decimals. Model: `y ~ arm + time + (time | id)`, REML.
 * Times here: the whole fit from columns (`lmm()`: model frame, groups,
 * optimization, Newton polish, convergence check) and the numeric core alone
 * (`fitLmm()` on the arrays). R (`Rscript bench/lmm.R`, the CSV read with
 * fread, untimed): lmer() with its defaults, and lmer() run to the converged
 * optimum (bobyqa, rhoend = 1e-12). Target (issue: "within 2x of lmer"):
 * ours / lmer <= 2; the ratios to both R timings are printed, and the
 * agreement (largest relative difference of fixed effects, random-effect sds,
 * residual sd; log-likelihood difference) with the tight R fit.
 * Ours and R run interleaved for `--rounds` rounds (default 2); CPU seconds
 * (user + system, single-threaded on both sides) are the main figure, wall
 * seconds also print. One small untimed fit warms up the JIT first.
 *
 * Usage: node dist/bench/lmm.js [PATIENTS] [VISITS] [--rounds=2]
 *   (without Rscript only our figures print)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { ColumnTable } from '../models/design/types.js';
import { DEFAULT_LMM_CONTROL } from '../models/mixed/lmm-control.js';
import { fitLmm } from '../models/mixed/lmm-fit.js';
import { buildLmmFrame } from '../models/mixed/lmm-frame.js';
import { lmm } from '../models/mixed/lmm.js';
import { normal, seededRandom } from '../util/random.js';
import { seconds } from './timing.js';

const FORMULA = 'y ~ arm + time + (time | id)';

function simulate(patients: number, visits: number, seed: number): { id: string[]; arm: Float64Array; time: Float64Array; y: Float64Array } {
  const rand = seededRandom(seed);
  const n = patients * visits;
  const id: string[] = new Array<string>(n);
  const arm = new Float64Array(n);
  const time = new Float64Array(n);
  const y = new Float64Array(n);
  const width = String(patients).length;
  for (let j = 0, i = 0; j < patients; j++) {
    const a = rand() < 0.5 ? 1 : 0;
    const z1 = normal(rand);
    const z2 = normal(rand);
    const b0 = z1;
    const b1 = 0.3 * (0.2 * z1 + Math.sqrt(1 - 0.04) * z2);
    const times = Array.from({ length: visits }, () => Math.round(rand() * 5 * 1000) / 1000).sort((u, v) => u - v);
    for (const t of times) {
      id[i] = `P${String(j + 1).padStart(width, '0')}`;
      arm[i] = a;
      time[i] = t;
      y[i] = Math.round((2 + 0.5 * a + 0.3 * t + b0 + b1 * t + normal(rand, 0, 0.5)) * 1e4) / 1e4;
      i++;
    }
  }
  return { id, arm, time, y };
}

const argv = process.argv.slice(2);
const roundsArg = argv.find((a) => a.startsWith('--rounds='));
const rounds = roundsArg ? Math.max(1, Number(roundsArg.slice(9)) || 1) : 2;
const nums = argv.filter((a) => !a.startsWith('--')).map(Number);
const patients = nums[0] || 10_000;
const visits = nums[1] || 10;
const d = simulate(patients, visits, 20261209);
const data: ColumnTable = { id: d.id, arm: d.arm, time: d.time, y: d.y };
const n = d.y.length;
const hasR = spawnSync('Rscript', ['--version']).status === 0;
const dir = join(process.cwd(), 'bench', 'data');
mkdirSync(dir, { recursive: true });
const file = join(dir, `lmm-${patients}x${visits}.csv`);
if (hasR) {
  const lines = ['id,arm,time,y'];
  for (let i = 0; i < n; i++) lines.push(`${d.id[i]},${d.arm[i]},${d.time[i]},${d.y[i]}`);
  writeFileSync(file, lines.join('\n') + '\n');
}

// Warm-up (untimed): 200 patients.
{
  const w = simulate(200, visits, 7);
  lmm(FORMULA, { id: w.id, arm: w.arm, time: w.time, y: w.y });
}

interface RResult {
  defaultSeconds: number;
  defaultCpuSeconds: number;
  tightSeconds: number;
  tightCpuSeconds: number;
  fixef: string[];
  sd: string[];
  sigma: string;
  loglik: string;
  loglikDefault: string;
  r: string;
  lme4: string;
}
const ours: { wall: number; cpu: number; coreWall: number; coreCpu: number }[] = [];
const theirs: RResult[] = [];
let lastFit: ReturnType<typeof lmm> | null = null;
for (let round = 1; round <= rounds; round++) {
  const load = loadavg()[0];
  const [fit, wall, cpu] = seconds(() => lmm(FORMULA, data));
  const frame = buildLmmFrame(FORMULA, data);
  const [, coreWall, coreCpu] = seconds(() => fitLmm({ y: frame.y, x: frame.x, z: frame.z, group: frame.group, nGroups: frame.groupLevels.length }, true, DEFAULT_LMM_CONTROL));
  lastFit = fit;
  ours.push({ wall, cpu, coreWall, coreCpu });
  let r: RResult | null = null;
  if (hasR) {
    const out = spawnSync('Rscript', ['bench/lmm.R', file, FORMULA], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (out.status !== 0) throw new Error(`Rscript failed: ${out.stderr}`);
    r = JSON.parse(out.stdout.trim().split('\n').pop()!) as RResult;
    theirs.push(r);
  }
  console.log(
    JSON.stringify({
      round,
      load1: Number(load?.toFixed(2)),
      n,
      patients,
      oursSeconds: Number(wall.toFixed(3)),
      oursCpuSeconds: Number(cpu.toFixed(3)),
      coreSeconds: Number(coreWall.toFixed(3)),
      coreCpuSeconds: Number(coreCpu.toFixed(3)),
      evaluations: fit.optimizer.evaluations,
      lmerDefaultSeconds: r?.defaultSeconds ?? null,
      lmerDefaultCpuSeconds: r?.defaultCpuSeconds ?? null,
      lmerTightSeconds: r?.tightSeconds ?? null,
      lmerTightCpuSeconds: r?.tightCpuSeconds ?? null,
    }),
  );
}
const min = (xs: number[]): number => Math.min(...xs);
const fit = lastFit!;
const summary: Record<string, unknown> = {
  n,
  patients,
  formula: FORMULA,
  oursCpuSeconds: min(ours.map((o) => o.cpu)),
  oursSeconds: min(ours.map((o) => o.wall)),
  coreCpuSeconds: min(ours.map((o) => o.coreCpu)),
};
if (theirs.length) {
  const r = theirs[theirs.length - 1]!;
  const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
  const sds = Object.values(fit.varcorr.sd);
  Object.assign(summary, {
    lmerDefaultCpuSeconds: min(theirs.map((t) => t.defaultCpuSeconds)),
    lmerTightCpuSeconds: min(theirs.map((t) => t.tightCpuSeconds)),
    ratioToLmerDefault: Number((min(ours.map((o) => o.cpu)) / min(theirs.map((t) => t.defaultCpuSeconds))).toFixed(3)),
    ratioToLmerTight: Number((min(ours.map((o) => o.cpu)) / min(theirs.map((t) => t.tightCpuSeconds))).toFixed(3)),
    maxRelDiffFixef: Math.max(...fit.fixef.map((f, i) => rel(f.estimate, Number(r.fixef[i])))),
    maxRelDiffSd: Math.max(...sds.map((s, i) => rel(s, Number(r.sd[i])))),
    relDiffSigma: rel(fit.residualSd, Number(r.sigma)),
    loglikDiff: fit.loglik - Number(r.loglik),
    loglikDiffToLmerDefault: fit.loglik - Number(r.loglikDefault),
    r: `${r.r}, lme4 ${r.lme4}`,
  });
} else summary.r = 'Rscript not found: R columns empty';
console.log(JSON.stringify(summary));
