/**
 * Benchmark: elastic-net Cox path with 10-fold cross-validation here and in R
 * glmnet (`cv.glmnet(family = "cox")`), same data and same folds, in the same run.
 *
 * Data: N = 2000 rows, p = 1000 covariates (seeded: correlated Gaussian
 * columns, every 10th binary, 10 true effects), exponential event times with
 * ~30% censoring; folds `shuffle(rep(1..10))` with seed 7. Prints for each
 * alpha the time of the path alone and of the cross-validation here and in R,
 * the ratio R / here (target: > 1, i.e. faster than glmnet), and the
 * agreement: lambda.min, lambda.1se and the largest coefficient difference at
 * lambda.min. Wall-clock and CPU seconds are both printed (on a shared
 * machine the CPU figures are the fairer comparison).
 *
 * Usage: node dist/bench/coxnet.js [N] [p] [alpha...]   (defaults 2000 1000 1;
 * without Rscript only our figures print)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coxnet } from '../models/risk/coxnet.js';
import { cvCoxnet, randomFolds } from '../models/risk/cv-coxnet.js';
import { exponential, normal, seededRandom } from '../util/random.js';
import { seconds } from './timing.js';

function simulate(n: number, p: number, seed: number) {
  const rand = seededRandom(seed);
  const x = Array.from({ length: p }, () => new Float64Array(n));
  const time = new Float64Array(n);
  const status = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const common = normal(rand);
    let lp = 0;
    for (let j = 0; j < p; j++) {
      const v = j % 10 === 9 ? (rand() < 0.3 ? 1 : 0) : Math.round((normal(rand) + 0.3 * common) * 1e6) / 1e6;
      x[j]![i] = v;
      if (j < 10) lp += (j % 2 === 0 ? 0.4 : -0.3) * v;
    }
    const t = exponential(rand, 0.1 * Math.exp(lp));
    const c = exponential(rand, 0.04);
    time[i] = Math.round(Math.min(t, c) * 1e6) / 1e6 + 1e-6;
    status[i] = t <= c ? 1 : 0;
  }
  return { x, time, status };
}

const args = process.argv.slice(2).map(Number);
const n = args[0] || 2000;
const p = args[1] || 1000;
const alphas = args.slice(2).filter((a) => a > 0 && a <= 1);
const d = simulate(n, p, 2024);
const foldid = randomFolds(n, 10, 7);
const hasR = spawnSync('Rscript', ['--version']).status === 0;
const dir = join(process.cwd(), 'bench', 'data');
mkdirSync(dir, { recursive: true });
const dataFile = join(dir, `coxnet-${n}x${p}.csv`);
const foldFile = join(dir, `coxnet-${n}-folds.csv`);
if (hasR) {
  const lines = [`time,status,${Array.from({ length: p }, (_, j) => `x${j + 1}`).join(',')}`];
  for (let i = 0; i < n; i++) {
    let s = `${d.time[i]},${d.status[i]}`;
    for (let j = 0; j < p; j++) s += `,${d.x[j]![i]}`;
    lines.push(s);
  }
  writeFileSync(dataFile, lines.join('\n') + '\n');
  writeFileSync(foldFile, 'fold\n' + Array.from(foldid).join('\n') + '\n');
}
let events = 0;
for (const s of d.status) events += s;
console.log(`coxnet benchmark: N = ${n}, p = ${p}, events = ${events}, 10 folds; node ${process.version}`);
for (const alpha of alphas.length ? alphas : [1]) {
  const [fit, tFit, cFit] = seconds(() => coxnet(d, { alpha }));
  const [cv, tCv, cCv] = seconds(() => cvCoxnet(d, { alpha, foldid }));
  const row: Record<string, unknown> = {
    alpha,
    nlambda: fit.lambda.length,
    fitSeconds: +tFit.toFixed(3),
    cvSeconds: +tCv.toFixed(3),
    fitCpuSeconds: +cFit.toFixed(3),
    cvCpuSeconds: +cCv.toFixed(3),
    lambdaMin: cv.lambdaMin,
    lambda1se: cv.lambda1se,
  };
  if (hasR) {
    const r = spawnSync('Rscript', ['bench/coxnet.R', dataFile, foldFile, String(alpha)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status === 0) {
      const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
      const coefR = (j.coefAtMin as string[]).map(Number);
      const ours = fit.coefAt(Number(j.lambdaMin));
      let worst = 0;
      for (let k = 0; k < p; k++) worst = Math.max(worst, Math.abs(ours[k]! - coefR[k]!));
      Object.assign(row, {
        rFitSeconds: j.fitSeconds,
        rCvSeconds: j.cvSeconds,
        ratioFit: +((j.fitSeconds as number) / tFit).toFixed(2),
        ratioCv: +((j.cvSeconds as number) / tCv).toFixed(2),
        rFitCpuSeconds: j.fitCpuSeconds,
        rCvCpuSeconds: j.cvCpuSeconds,
        ratioCvCpu: +((j.cvCpuSeconds as number) / cCv).toFixed(2),
        rNlambda: j.nlambda,
        rLambdaMin: Number(j.lambdaMin),
        rLambda1se: Number(j.lambda1se),
        maxCoefDiffAtLambdaMin: worst,
      });
    } else {
      row.rError = r.stderr.slice(-400);
    }
  }
  console.log(JSON.stringify(row));
}
