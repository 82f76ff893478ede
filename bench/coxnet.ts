/**
 * Benchmark: elastic-net Cox path with 10-fold cross-validation here and in R
 * glmnet (`cv.glmnet(family = "cox")`), same data and same folds, in the same run.
 *
 * Data: N = 2000 rows, p = 1000 covariates (seeded: correlated Gaussian
 * columns, every 10th binary, 10 true effects), exponential event times with
 * ~30% censoring; folds `shuffle(rep(1..10))` with seed 7. Prints for each
 * alpha the time of the path alone and of the cross-validation here and in R,
 * the ratio R / here (target: > 1, i.e. faster than glmnet), and the
 * agreement: lambda.min, lambda.1se, min(cvm) and the largest difference of
 * the coefficients each side chose by CV (at its own lambda.min), and of ours
 * evaluated at R's lambda.min. Wall-clock and CPU seconds are both printed:
 * the main figure is CPU seconds, single-threaded on both sides (cv.glmnet
 * runs its full fit and the folds one after the other on one thread, and so
 * do we); on a shared machine wall time also counts waiting for a core.
 * Ours and R are run interleaved (ours, R, ours, R, ...) for `--rounds`
 * rounds, each round printing one JSON line with the 1-minute load average
 * before it; the summary line compares the smallest CPU time of each side.
 * One small untimed cross-validation warms up the JIT first (glmnet's Fortran
 * is compiled ahead of time).
 *
 * Usage: node dist/bench/coxnet.js [N] [p] [alpha...] [--rounds=2]
 *   (defaults 2000 1000 1, 2 rounds; without Rscript only our figures print)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { coxnet } from '../models/risk/coxnet.js';
import { cvCoxnet, randomFolds } from '../models/risk/cv-coxnet.js';
import { createCoxnetKernels } from '../models/risk/coxnet-kernels.js';
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

const argv = process.argv.slice(2);
const roundsArg = argv.find((a) => a.startsWith('--rounds='));
const rounds = roundsArg ? Math.max(1, Number(roundsArg.slice(9)) || 1) : 2;
const args = argv.filter((a) => !a.startsWith('--')).map(Number);
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
const simd = createCoxnetKernels(2).simd;
console.log(
  `coxnet benchmark: N = ${n}, p = ${p}, events = ${events}, 10 folds, ${rounds} rounds (ours and R interleaved); ` +
    `node ${process.version}, kernels: ${simd ? 'WebAssembly SIMD' : 'JavaScript'}, single thread`,
);
const relDiff = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!));
  return worst;
};
const load1 = (): number => +loadavg()[0]!.toFixed(2);
// Warm-up (not timed): R's glmnet is compiled ahead of time; give V8 the same chance on a small problem.
{
  const w = simulate(200, 20, 1);
  cvCoxnet(w, { foldid: randomFolds(200, 10, 1) });
}
for (const alpha of alphas.length ? alphas : [1]) {
  const best = { cv: Infinity, rCv: Infinity, fit: Infinity, rFit: Infinity };
  for (let round = 1; round <= rounds; round++) {
    const loadBefore = load1();
    const [fit, tFit, cFit] = seconds(() => coxnet(d, { alpha }));
    const [cv, tCv, cCv] = seconds(() => cvCoxnet(d, { alpha, foldid }));
    best.cv = Math.min(best.cv, cCv);
    best.fit = Math.min(best.fit, cFit);
    const row: Record<string, unknown> = {
      alpha,
      round,
      load1: loadBefore,
      nlambda: fit.lambda.length,
      fitSeconds: +tFit.toFixed(3),
      cvSeconds: +tCv.toFixed(3),
      fitCpuSeconds: +cFit.toFixed(3),
      cvCpuSeconds: +cCv.toFixed(3),
      lambdaMin: cv.lambdaMin,
      lambda1se: cv.lambda1se,
    };
    if (hasR) {
      const loadR = load1();
      const r = spawnSync('Rscript', ['bench/coxnet.R', dataFile, foldFile, String(alpha)], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status === 0) {
        const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
        const coefR = (j.coefAtMin as string[]).map(Number);
        const rLambdaMin = Number(j.lambdaMin);
        const rCvCpu = j.cvCpuSeconds as number;
        const rFitCpu = j.fitCpuSeconds as number;
        best.rCv = Math.min(best.rCv, rCvCpu);
        best.rFit = Math.min(best.rFit, rFitCpu);
        let cvmMin = Infinity;
        for (const v of cv.cvm) cvmMin = Math.min(cvmMin, v);
        Object.assign(row, {
          loadBeforeR: loadR,
          rFitSeconds: j.fitSeconds,
          rCvSeconds: j.cvSeconds,
          rFitCpuSeconds: rFitCpu,
          rCvCpuSeconds: rCvCpu,
          ratioFitCpu: +(rFitCpu / cFit).toFixed(2),
          ratioCvCpu: +(rCvCpu / cCv).toFixed(2),
          ratioCvWall: +((j.cvSeconds as number) / tCv).toFixed(2),
          rNlambda: j.nlambda,
          rLambdaMin,
          rLambda1se: Number(j.lambda1se),
          lambdaMinRelDiff: relDiff(cv.lambdaMin, rLambdaMin),
          lambda1seRelDiff: relDiff(cv.lambda1se, Number(j.lambda1se)),
          cvmMinRelDiff: relDiff(cvmMin, Number(j.cvmMin)),
          maxCoefDiffAtOwnLambdaMin: maxAbsDiff(cv.fit.coefAt(cv.lambdaMin), coefR),
          maxCoefDiffAtRLambdaMin: maxAbsDiff(fit.coefAt(rLambdaMin), coefR),
        });
      } else {
        row.rError = r.stderr.slice(-400);
      }
    }
    console.log(JSON.stringify(row));
  }
  if (hasR && Number.isFinite(best.rCv)) {
    console.log(
      JSON.stringify({
        alpha,
        summary: 'smallest CPU seconds over the rounds',
        cvCpuSeconds: +best.cv.toFixed(3),
        rCvCpuSeconds: best.rCv,
        ratioCvCpu: +(best.rCv / best.cv).toFixed(2),
        fitCpuSeconds: +best.fit.toFixed(3),
        rFitCpuSeconds: best.rFit,
        ratioFitCpu: +(best.rFit / best.fit).toFixed(2),
        target: 'ratio > 1: faster than glmnet',
      }),
    );
  }
}
