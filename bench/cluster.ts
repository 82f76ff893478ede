/**
 * Benchmark: therapy-response clustering of 10,000 synthetic EDSS courses.
 *
 * Data: datasets/ms-registry generateMsRegistry({ patients: N, seed }) (4 latent
 * response classes; irregular visits every 3-12 months for 2-15 years). Each
 * course is the recorded EDSS against years since the patient's first EDSS.
 *
 * Steps timed (wall-clock and CPU seconds) with peak RSS printed at the end:
 *  1. DTW + k-medoids. All-pairs DTW at N = 10^4 is 5 x 10^7 pairs and a 800 MB
 *     matrix, so PAM runs CLARA-style: PAM (BUILD + SWAP) on `samples` random
 *     subsamples of `sampleSize` courses, every course assigned to its nearest
 *     medoid by DTW (unconstrained, normalized by n + m: follow-up lengths differ, so a
 *     time band would leave no warping path), the best of the samples kept.
 *  2. The same with the grid distance (courses interpolated on a yearly grid 0-10 years).
 *  3. Gaussian mixtures (VVV/VVI/VII, G = 1..5, BIC choice as mclust) on per-course
 *     features: first EDSS, OLS EDSS slope per year, annualized relapse rate.
 *  4. Latent-class growth model (4 linear classes, 3 starts).
 * The adjusted Rand index against the true latent class is printed as a sanity
 * check (the classes overlap by design, so low values are expected).
 *
 * Usage (compile bench/cluster.ts with the project's tsc settings, then):
 *   node <outDir>/bench/cluster.js [N] [seed] [sampleSize] [samples]   (defaults 10000 1 200 5)
 */
import { generateMsRegistry } from '../datasets/ms-registry/generate-ms-registry.js';
import { adjustedRandIndex } from '../models/cluster/adjusted-rand.js';
import { clara } from '../models/cluster/clara.js';
import { dtwDistance } from '../models/cluster/dtw.js';
import { mclustBIC } from '../models/cluster/gaussian-mixture.js';
import { courseGrid, gridDistance, regularGrid } from '../models/cluster/grid-distance.js';
import { latentClassGrowth } from '../models/cluster/latent-class-growth.js';
import type { Course } from '../models/cluster/trajectory.js';

const [nArg, seedArg, sizeArg, samplesArg] = process.argv.slice(2);
const N = Number(nArg ?? 10000);
const seed = Number(seedArg ?? 1);
const sampleSize = Number(sizeArg ?? 200);
const samples = Number(samplesArg ?? 5);

function timed<T>(label: string, f: () => T): T {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = f();
  const c = process.cpuUsage(c0);
  console.log(`${label.padEnd(46)} wall ${((performance.now() - t0) / 1000).toFixed(2).padStart(7)} s   cpu ${((c.user + c.system) / 1e6).toFixed(2).padStart(7)} s`);
  return out;
}

const DAY = 86400000;
const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY;

const registry = timed(`generateMsRegistry (${N} patients)`, () => generateMsRegistry({ patients: N, seed }));
const { courses, truth, features } = timed('courses and features', () => {
  const byId = new Map<string, { t: number[]; v: number[] }>();
  for (const o of registry.records.observations) {
    if (o.code !== 'EDSS' || o.value === null || o.value === undefined) continue;
    let e = byId.get(o.pseudonym);
    if (!e) { e = { t: [], v: [] }; byId.set(o.pseudonym, e); }
    e.t.push(dayOf(o.date));
    e.v.push(o.value);
  }
  const relapses = new Map<string, number>();
  for (const ev of registry.records.events) if (ev.type === 'relapse') relapses.set(ev.pseudonym, (relapses.get(ev.pseudonym) ?? 0) + 1);
  const courses: Course[] = [];
  const truth: string[] = [];
  const features: number[][] = [];
  for (const p of registry.truth.patients) {
    const e = byId.get(p.pseudonym);
    if (!e || e.t.length < 2) continue;
    const order = e.t.map((_, i) => i).sort((a, b) => (e.t[a] as number) - (e.t[b] as number));
    const time: number[] = [];
    const value: number[] = [];
    const t0 = e.t[order[0] as number] as number;
    for (const i of order) {
      const t = ((e.t[i] as number) - t0) / 365.25;
      if (time.length && t <= (time[time.length - 1] as number)) continue; // same-day duplicates
      time.push(t);
      value.push(e.v[i] as number);
    }
    if (time.length < 2) continue;
    courses.push({ time, value });
    truth.push(p.latentClass);
    const n = time.length;
    const mt = time.reduce((s, v) => s + v, 0) / n;
    const mv = value.reduce((s, v) => s + v, 0) / n;
    let sxy = 0, sxx = 0;
    for (let i = 0; i < n; i++) { sxy += ((time[i] as number) - mt) * ((value[i] as number) - mv); sxx += ((time[i] as number) - mt) ** 2; }
    const years = Math.max(0.5, (time[n - 1] as number));
    features.push([value[0] as number, sxy / sxx, (relapses.get(p.pseudonym) ?? 0) / years]);
  }
  return { courses, truth, features };
});
const visits = courses.reduce((s, c) => s + c.time.length, 0);
console.log(`courses: ${courses.length}, visits: ${visits} (mean ${(visits / courses.length).toFixed(1)} per course)`);

const k = 4;
const dtwOpts = { trusted: true, normalize: true } as const;
const dtw = timed(`CLARA + DTW (k=${k}, ${samples} x ${sampleSize})`, () =>
  clara(courses.length, (i, j) => dtwDistance(courses[i] as Course, courses[j] as Course, dtwOpts), k, { seed, samples, sampleSize }));
console.log(`  DTW evaluations ${dtw.evaluations}, objective ${dtw.objective.toFixed(4)}, ARI vs truth ${adjustedRandIndex(dtw.labels, truth).toFixed(3)}`);

const grid = timed('interpolate on yearly grid 0..10', () => courseGrid(courses, regularGrid(0, 10, 11)));
const gr = timed(`CLARA + grid distance (k=${k}, ${samples} x ${sampleSize})`, () =>
  clara(courses.length, (i, j) => gridDistance(grid, i, j), k, { seed, samples, sampleSize }));
console.log(`  objective ${gr.objective.toFixed(4)}, ARI vs truth ${adjustedRandIndex(gr.labels, truth).toFixed(3)}`);

const gmm = timed('GMM VVV/VVI/VII, G = 1..5, 3 starts (mclustBIC)', () => mclustBIC(features, { G: [1, 2, 3, 4, 5], nStart: 3, seed, tol: 1e-8 }));
console.log(`  best ${gmm.best.model} G=${gmm.best.G}, BIC ${gmm.best.bic.toFixed(1)}, ARI vs truth ${adjustedRandIndex(gmm.best.classification, truth).toFixed(3)}`);

const lcgm = timed('latent-class growth, 4 linear classes, 3 starts', () => latentClassGrowth(courses, 4, { nStart: 3, seed, tol: 1e-8 }));
console.log(`  BIC ${lcgm.bic.toFixed(1)}, converged ${lcgm.converged}, ARI vs truth ${adjustedRandIndex(lcgm.classification, truth).toFixed(3)}`);

console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
