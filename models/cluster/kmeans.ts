/**
 * k-means with k-means++ seeding and Lloyd iterations, restarted `nStart`
 * times; the solution with the smallest total within-cluster sum of squares wins.
 *
 * References: Arthur D, Vassilvitskii S (2007) k-means++: the advantages of
 * careful seeding, SODA; Lloyd SP (1982) IEEE Trans Inf Theory 28:129-137.
 */
import { UsageError } from '../../util/errors.js';
import { seededRandom, type RandomSource } from '../../util/random.js';
import { checkInteger, checkPositive, squaredDistance, toRowMatrix, type PointsInput } from './matrix.js';

/** Options of {@link kmeans}; every default is stated. */
export interface KmeansOptions {
  /** Restarts from independent k-means++ seedings (default 10, as scikit-learn's classic default). */
  nStart?: number;
  /** Lloyd iterations per start (default 100). */
  maxIter?: number;
  /** Stop when no label changes or the largest squared centre shift is below tol (default 1e-10). */
  tol?: number;
  /** Seed of util/random.ts seededRandom (default 1). Ignored when `random` is given. */
  seed?: number;
  /** Random source; overrides `seed`. */
  random?: RandomSource;
}

/** Result of {@link kmeans}. Labels are 0-based. */
export interface KmeansResult {
  k: number;
  labels: Int32Array;
  /** Centres, row-major k x d. */
  centers: Float64Array;
  /** Points per cluster. */
  sizes: Int32Array;
  withinSS: Float64Array;
  totWithinSS: number;
  /** Iterations of the winning start. */
  iterations: number;
  /** Whether the winning start converged within maxIter. */
  converged: boolean;
  warnings: string[];
}

/** k-means++ seeding: first centre uniform, each next with probability proportional to D(x)^2. */
export function kmeansPlusPlusSeeds(x: Float64Array, n: number, d: number, k: number, rand: RandomSource): Int32Array {
  const seeds = new Int32Array(k);
  const dist = new Float64Array(n).fill(Infinity);
  seeds[0] = Math.min(n - 1, Math.floor(rand() * n));
  for (let c = 1; c < k; c++) {
    const prev = seeds[c - 1] as number;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const s = squaredDistance(x, i, x, prev, d);
      if (s < (dist[i] as number)) dist[i] = s;
      total += dist[i] as number;
    }
    let pick = -1;
    if (total > 0) {
      let u = rand() * total;
      for (let i = 0; i < n; i++) {
        u -= dist[i] as number;
        if (u < 0) { pick = i; break; }
      }
      if (pick < 0) {
        for (let i = n - 1; i >= 0; i--) if ((dist[i] as number) > 0) { pick = i; break; }
      }
    }
    if (pick < 0) pick = Math.min(n - 1, Math.floor(rand() * n));
    seeds[c] = pick;
  }
  return seeds;
}

interface LloydRun { labels: Int32Array; centers: Float64Array; tot: number; iterations: number; converged: boolean; emptied: number }

function lloyd(x: Float64Array, n: number, d: number, k: number, centers: Float64Array, maxIter: number, tol: number): LloydRun {
  const labels = new Int32Array(n).fill(-1);
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  let iterations = 0;
  let converged = false;
  let emptied = 0;
  for (let it = 1; it <= maxIter; it++) {
    iterations = it;
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const s = squaredDistance(x, i, centers, c, d);
        if (s < bestD) { bestD = s; best = c; }
      }
      if (labels[i] !== best) { labels[i] = best; changed++; }
    }
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = labels[i] as number;
      counts[c] = (counts[c] as number) + 1;
      for (let j = 0; j < d; j++) sums[c * d + j] = (sums[c * d + j] as number) + (x[i * d + j] as number);
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        // Empty cluster: move its centre to the point farthest from its own centre.
        let far = 0;
        let farD = -1;
        for (let i = 0; i < n; i++) {
          const s = squaredDistance(x, i, centers, labels[i] as number, d);
          if (s > farD) { farD = s; far = i; }
        }
        for (let j = 0; j < d; j++) centers[c * d + j] = x[far * d + j] as number;
        emptied++;
        shift = Infinity;
        continue;
      }
      let s = 0;
      for (let j = 0; j < d; j++) {
        const v = (sums[c * d + j] as number) / (counts[c] as number);
        const diff = v - (centers[c * d + j] as number);
        s += diff * diff;
        centers[c * d + j] = v;
      }
      if (s > shift) shift = s;
    }
    if (changed === 0 || shift < tol) { converged = shift !== Infinity; if (converged) break; }
  }
  let tot = 0;
  for (let i = 0; i < n; i++) tot += squaredDistance(x, i, centers, labels[i] as number, d);
  return { labels, centers, tot, iterations, converged, emptied };
}

/**
 * k-means clustering (k-means++ seeding, Lloyd iterations, best of `nStart`).
 * @param points rows of coordinates (scale them first if units differ).
 * @param k number of clusters, 1 <= k <= n.
 * @throws UsageError on bad input or options.
 * @example kmeans([[0,0],[0,1],[9,9],[9,8]], 2, { seed: 1 }).labels // => e.g. Int32Array [0,0,1,1]
 */
export function kmeans(points: PointsInput, k: number, options: KmeansOptions = {}): KmeansResult {
  const m = toRowMatrix(points);
  const { nrow: n, ncol: d, data: x } = m;
  checkInteger('k', k, 1, n);
  const nStart = options.nStart ?? 10;
  const maxIter = options.maxIter ?? 100;
  const tol = options.tol ?? 1e-10;
  checkInteger('nStart', nStart, 1);
  checkInteger('maxIter', maxIter, 1);
  checkPositive('tol', tol);
  const rand = options.random ?? seededRandom(options.seed ?? 1);
  let best: LloydRun | null = null;
  let emptied = 0;
  let unconverged = 0;
  for (let s = 0; s < nStart; s++) {
    const seeds = kmeansPlusPlusSeeds(x, n, d, k, rand);
    const centers = new Float64Array(k * d);
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centers[c * d + j] = x[(seeds[c] as number) * d + j] as number;
    const run = lloyd(x, n, d, k, centers, maxIter, tol);
    emptied += run.emptied;
    if (!run.converged) unconverged++;
    if (best === null || run.tot < best.tot) best = run;
  }
  if (best === null) throw new UsageError('kmeans: no start was run');
  const sizes = new Int32Array(k);
  const withinSS = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = best.labels[i] as number;
    sizes[c] = (sizes[c] as number) + 1;
    withinSS[c] = (withinSS[c] as number) + squaredDistance(x, i, best.centers, c, d);
  }
  const warnings: string[] = [];
  if (emptied > 0) warnings.push(`kmeans: ${emptied} empty cluster(s) re-seeded at the farthest point`);
  if (!best.converged) warnings.push(`kmeans: best start did not converge in maxIter = ${maxIter} iterations`);
  else if (unconverged > 0) warnings.push(`kmeans: ${unconverged} of ${nStart} starts did not converge`);
  return { k, labels: best.labels, centers: best.centers, sizes, withinSS, totWithinSS: best.tot, iterations: best.iterations, converged: best.converged, warnings };
}
