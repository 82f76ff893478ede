/**
 * Benchmark: therapy-response clustering of 10,000 synthetic EDSS courses.
 *
 * Data: datasets/ms-registry generateMsRegistry({ patients: N, seed }) (4 latent
 * response classes; irregular visits every 3-12 months for 2-15 years). Each
 * course is the recorded EDSS against years since the patient's first EDSS.
 *
 * Steps timed (wall-clock and CPU seconds of the whole process, worker threads
 * included; peak RSS after each step and at the end):
 *  1. All-pairs DTW (unconstrained, normalized by n + m: follow-up lengths differ,
 *     so a time band would leave no warping path) into a condensed matrix:
 *     n (n - 1) / 2 = 5 x 10^7 pairs at N = 10^4, 400 MB in Float64, on worker threads
 *     (dtwMatrix; `--threads T`, default os.availableParallelism()).
 *  2. PAM (BUILD + SWAP, FastPAM1 core; k = 4) on that matrix: the same medoids as
 *     classic PAM / cluster::pam.
 *  3. Silhouette of the PAM clustering, streamed over the condensed matrix (O(n^2)).
 *  4. The grid-distance variant: courses interpolated on a yearly grid 0-10 years,
 *     all-pairs Euclidean distances into a condensed matrix, PAM (k = 4).
 *  5. Gaussian mixtures (VVV/VVI/VII, G = 1..5, BIC choice as mclust) on per-course
 *     features: first EDSS, OLS EDSS slope per year, annualized relapse rate.
 *  6. Latent-class growth model (k linear classes, 3 starts).
 * Options: `--float32` also builds the DTW matrix in Float32 (200 MB) and reports
 * whether PAM picks the same medoids; `--clara` also runs the former CLARA-style
 * approximation (PAM on 5 subsamples of 200, every course assigned by DTW) for comparison.
 * The adjusted Rand index against the true latent class is printed as a sanity
 * check (the default classes overlap by design, so low values are expected;
 * `--separated` generates the well-separated preset, k = 3, where ARI >= 0.8 is expected).
 *
 * Usage (compile with the project's tsc settings, e.g. `npx tsc -p tsconfig.build.json`, then):
 *   node --expose-gc dist/bench/cluster.js [N] [seed] [--threads T] [--float32] [--clara] [--separated]   (defaults 10000 1)
 */
import { generateMsRegistry } from '../datasets/ms-registry/generate-ms-registry.js';
import { MS_REGISTRY_SEPARATED_CLASSES } from '../datasets/ms-registry/parameters.js';
import { availableParallelism } from 'node:os';
import { adjustedRandIndex } from '../models/cluster/adjusted-rand.js';
import { clara } from '../models/cluster/clara.js';
import { condensedFrom, type CondensedDissimilarity } from '../models/cluster/dissimilarity.js';
import { dtwDistance } from '../models/cluster/dtw.js';
import { dtwMatrix } from '../models/cluster/dtw-matrix.js';
import { mclustBIC } from '../models/cluster/gaussian-mixture.js';
import { courseGrid, gridDistance, regularGrid } from '../models/cluster/grid-distance.js';
import { latentClassGrowth } from '../models/cluster/latent-class-growth.js';
import { pam } from '../models/cluster/pam.js';
import { silhouette } from '../models/cluster/silhouette.js';
import type { Course } from '../models/cluster/trajectory.js';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const valueOf = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1] === '--threads'));
const N = Number(positional[0] ?? 10000);
const seed = Number(positional[1] ?? 1);
const threads = Number(valueOf('--threads') ?? availableParallelism());
/** `--separated`: the registry's well-separated preset (3 classes), so the printed ARI shows recovery at scale. */
const separated = flag('--separated');
const k = separated ? MS_REGISTRY_SEPARATED_CLASSES.length : 4;

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const peak = (): string => mb(process.resourceUsage().maxRSS * 1024);
/** Lets exited workers drop their handles on shared buffers (one event-loop turn), then collects (with --expose-gc). */
const gc = async (): Promise<void> => {
  await new Promise((resolve) => setTimeout(resolve, 20));
  (globalThis as { gc?: () => void }).gc?.();
};
let totalWall = 0;
let totalCpu = 0;
function report(label: string, t0: number, c0: NodeJS.CpuUsage): void {
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  totalWall += wall;
  totalCpu += cpu;
  console.log(`${label.padEnd(52)} wall ${wall.toFixed(2).padStart(7)} s   cpu ${cpu.toFixed(2).padStart(7)} s   peak RSS ${peak().padStart(8)}`);
}
function timed<T>(label: string, f: () => T): T {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = f();
  report(label, t0, c0);
  return out;
}
async function timedAsync<T>(label: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = await f();
  report(label, t0, c0);
  return out;
}

console.log(`N = ${N}, seed = ${seed}, threads = ${threads} (availableParallelism ${availableParallelism()}), node ${process.version}`);
const DAY = 86400000;
const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY;

const registry = timed(`generateMsRegistry (${N} patients)`, () => generateMsRegistry({ patients: N, seed, ...(separated ? { classes: MS_REGISTRY_SEPARATED_CLASSES } : {}) }));
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
const n = courses.length;
const visits = courses.reduce((s, c) => s + c.time.length, 0);
console.log(`courses: ${n}, visits: ${visits} (mean ${(visits / n).toFixed(1)} per course), pairs: ${(n * (n - 1)) / 2}`);
await gc();
const phase0Wall = totalWall;
const phase0Cpu = totalCpu;

// 1-3: DTW + PAM (+ silhouette); the matrix is dropped before the grid variant.
let dtwMedoids: number[] = [];
{
  let d: CondensedDissimilarity | null = await timedAsync(`all-pairs DTW, Float64 condensed (${threads} threads)`, () => dtwMatrix(courses, { normalize: true, threads }));
  console.log(`  matrix ${mb(d.data.byteLength)}`);
  const p = timed(`PAM k=${k} (BUILD + FastPAM1 SWAP)`, () => pam(d as CondensedDissimilarity, k));
  dtwMedoids = Array.from(p.medoids);
  console.log(`  medoids [${dtwMedoids.join(', ')}], objective build ${p.objective.build.toFixed(6)} swap ${p.objective.swap.toFixed(6)}, ${p.iterations} swaps, ARI vs truth ${adjustedRandIndex(p.labels, truth).toFixed(3)}`);
  const sil = timed('silhouette (one pass over the condensed matrix)', () => silhouette(d as CondensedDissimilarity, p.labels).average);
  console.log(`  average silhouette width ${sil.toFixed(4)}`);
  d = null;
  await gc();
}
let float32Wall = 0;
let float32Cpu = 0;
if (flag('--float32')) {
  const w0 = totalWall;
  const c0 = totalCpu;
  let d: CondensedDissimilarity | null = await timedAsync(`all-pairs DTW, Float32 condensed (${threads} threads)`, () => dtwMatrix(courses, { normalize: true, threads, precision: 'float32' }));
  const p = timed(`PAM k=${k} on Float32`, () => pam(d as CondensedDissimilarity, k));
  const same = Array.from(p.medoids).every((m, c) => m === dtwMedoids[c]);
  console.log(`  matrix ${mb(d.data.byteLength)}; medoids [${Array.from(p.medoids).join(', ')}] ${same ? 'same as' : 'DIFFER from'} Float64; objective ${p.objective.swap.toFixed(6)}`);
  d = null;
  await gc();
  float32Wall = totalWall - w0;
  float32Cpu = totalCpu - c0;
}

// 4: grid distance.
{
  const grid = timed('interpolate on yearly grid 0..10', () => courseGrid(courses, regularGrid(0, 10, 11)));
  let d: CondensedDissimilarity | null = timed('all-pairs grid distance, Float64 condensed (1 thread)', () => condensedFrom(n, (i, j) => gridDistance(grid, i, j)));
  const p = timed(`PAM k=${k} on grid distances`, () => pam(d as CondensedDissimilarity, k));
  console.log(`  objective ${p.objective.swap.toFixed(4)}, ${p.iterations} swaps, ARI vs truth ${adjustedRandIndex(p.labels, truth).toFixed(3)}`);
  d = null;
  await gc();
}

// 5-6: GMM and LCGM.
const gmm = timed('GMM VVV/VVI/VII, G = 1..5, 3 starts (mclustBIC)', () => mclustBIC(features, { G: [1, 2, 3, 4, 5], nStart: 3, seed, tol: 1e-8 }));
console.log(`  best ${gmm.best.model} G=${gmm.best.G}, BIC ${gmm.best.bic.toFixed(1)}, ARI vs truth ${adjustedRandIndex(gmm.best.classification, truth).toFixed(3)}`);
const lcgm = timed(`latent-class growth, ${k} linear classes, 3 starts`, () => latentClassGrowth(courses, k, { nStart: 3, seed, tol: 1e-8 }));
console.log(`  BIC ${lcgm.bic.toFixed(1)}, converged ${lcgm.converged}, ARI vs truth ${adjustedRandIndex(lcgm.classification, truth).toFixed(3)}`);

const clusteringWall = totalWall - phase0Wall - float32Wall;
const clusteringCpu = totalCpu - phase0Cpu - float32Cpu;

if (flag('--clara')) {
  const dtwOpts = { trusted: true, normalize: true } as const;
  const cl = timed('for comparison: CLARA + DTW (k=4, 5 x 200)', () =>
    clara(n, (i, j) => dtwDistance(courses[i] as Course, courses[j] as Course, dtwOpts), k, { seed, samples: 5, sampleSize: 200 }));
  console.log(`  DTW evaluations ${cl.evaluations}, objective ${cl.objective.toFixed(6)} (full PAM above is the optimum CLARA approximates), ARI vs truth ${adjustedRandIndex(cl.labels, truth).toFixed(3)}`);
}

console.log(`clustering total (DTW+PAM+silhouette, grid+PAM, GMM, LCGM; Float32 and CLARA comparisons excluded): wall ${clusteringWall.toFixed(2)} s, cpu ${clusteringCpu.toFixed(2)} s; with data generation: wall ${(clusteringWall + phase0Wall).toFixed(2)} s`);
console.log(`peak RSS ${peak()}`);
