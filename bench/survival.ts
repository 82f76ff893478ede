/**
 * Benchmark: Cox (Efron) and Kaplan-Meier here and in R, in the same run.
 *
 * For N = 10^4, 10^5, 10^6 it writes a seeded synthetic data set (10
 * covariates, integer times with many ties, ~30% censored), fits the model
 * here (front end with formula: model frame + fit + tests + concordance; and
 * the numeric core alone) and in R (`Rscript bench/survival.R`, data read
 * with fread; only `coxph()` and `survfit()` are timed), and prints both
 * times, the ratio and the log-likelihood difference. Then it times KM on
 * 10^7 rows here. Targets: at N = 10^6 the Cox fit takes at most a quarter of
 * R's time with the same log-likelihood to 1e-8 relative; KM on 10^7 rows in
 * under a second.
 *
 * Usage: node --expose-gc dist/bench/survival.js [N...]   (R is optional: without Rscript only our figures print)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { coxFit } from '../models/survival/cox/cox-fit.js';
import { coxph } from '../models/survival/cox/cox.js';
import { kaplanMeierCore } from '../models/survival/kaplan-meier/kaplan-meier-fit.js';
import { exponential, seededRandom } from '../util/random.js';
import type { ColumnTable } from '../models/design/types.js';
import { COX_FORMULA, simulateCox, writeCoxCsv } from './cox-data.js';
import { seconds } from './timing.js';

const hasR = spawnSync('Rscript', ['--version']).status === 0;
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const dir = join(process.cwd(), 'bench', 'data');
mkdirSync(dir, { recursive: true });
const rows: Record<string, unknown>[] = [];
for (const n of sizes.length ? sizes : [1e4, 1e5, 1e6]) {
  const d = simulateCox(n, 42 + n);
  const file = join(dir, `surv-${n}.csv`);
  if (!existsSync(file)) await writeCoxCsv(file, d);
  const data: ColumnTable = { time: d.time, status: d.status, ...Object.fromEntries(d.x.map((c, j) => [`x${j + 1}`, c])) };
  const formula = COX_FORMULA;
  (globalThis as { gc?: () => void }).gc?.();
  const rss0 = process.memoryUsage().rss;
  const [fit, tFront] = seconds(() => coxph(formula, data));
  const rss1 = process.memoryUsage().rss;
  const [core, tCore] = seconds(() => coxFit({ x: d.x, time: d.time, status: d.status }, { ties: 'efron' }));
  const [km, tKm] = seconds(() => kaplanMeierCore({ time: d.time, status: d.status }));
  let r: { coxSeconds: number; kmSeconds: number; loglik: string; r: string; survival: string } | null = null;
  if (hasR) {
    const line = execFileSync('Rscript', [join('bench', 'survival.R'), file], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop() as string;
    r = JSON.parse(line);
  }
  const rLoglik = r ? Number(r.loglik) : NaN;
  rows.push({
    n,
    coxFrontSeconds: tFront,
    coxCoreSeconds: tCore,
    rCoxSeconds: r?.coxSeconds ?? null,
    ratioFrontToR: r ? tFront / r.coxSeconds : null,
    ratioCoreToR: r ? tCore / r.coxSeconds : null,
    loglik: fit.loglik[1],
    rLoglik: r ? rLoglik : null,
    loglikRelDiff: r ? Math.abs(fit.loglik[1] - rLoglik) / Math.abs(rLoglik) : null,
    iterations: core.iterations,
    kmSeconds: tKm,
    rKmSeconds: r?.kmSeconds ?? null,
    kmCurvePoints: km.curves[0]?.time.length,
    rssGrowthMB: (rss1 - rss0) / 2 ** 20,
    r: r ? `${r.r}, survival ${r.survival}` : 'Rscript not found: R columns empty',
  });
}

// Kaplan-Meier on 10^7 rows (ours only; R's survfit takes ~14 s there).
const big = 1e7;
const rand = seededRandom(7);
const time = new Float64Array(big);
const status = new Float64Array(big);
for (let i = 0; i < big; i++) {
  time[i] = 1 + Math.floor(exponential(rand, 0.001));
  status[i] = rand() < 0.7 ? 1 : 0;
}
(globalThis as { gc?: () => void }).gc?.();
const [, tKmBig] = seconds(() => kaplanMeierCore({ time, status }));

const f = (v: unknown, d = 3) => (typeof v === 'number' ? v.toFixed(d) : 'NA');
console.log('N          cox here (front / core) s   cox R s   ratio front/R  core/R   loglik rel diff   KM here s   KM R s');
for (const r of rows) {
  console.log(
    `${String(r.n).padEnd(10)} ${f(r.coxFrontSeconds).padStart(8)} / ${f(r.coxCoreSeconds).padEnd(8)}         ${f(r.rCoxSeconds).padStart(7)}   ${f(r.ratioFrontToR).padStart(8)}   ${f(r.ratioCoreToR).padStart(6)}   ${typeof r.loglikRelDiff === 'number' ? r.loglikRelDiff.toExponential(2) : 'NA'}          ${f(r.kmSeconds)}       ${f(r.rKmSeconds)}`,
  );
}
console.log(`Kaplan-Meier on 10^7 rows here: ${tKmBig.toFixed(3)} s`);
console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
console.log(JSON.stringify({ benchmark: 'survival', rows, kmTenMillionSeconds: tKmBig }));
