/**
 * All-pairs DTW distances of many courses into a condensed dissimilarity
 * matrix (R `dist` order), for k-medoids on 10^4 EDSS trajectories:
 * 5 x 10^7 pairs, 400 MB in Float64 (200 MB in Float32).
 *
 * The pairs are computed by worker threads (node:worker_threads) writing
 * disjoint rows of one SharedArrayBuffer: each worker takes the next
 * unclaimed row with an atomic counter (rows shrink from n - 1 pairs to 1,
 * so the dynamic hand-out balances the load). Every entry is computed by the
 * same arithmetic whatever the thread that takes it, so the matrix is
 * identical for any thread count. The worker is self-contained JavaScript
 * source (run with `eval: true`): it works under vitest (TypeScript sources)
 * and from the compiled package alike. Its DTW kernel is a copy of
 * {@link dtwKernel}; both are tested to give bit-identical values to
 * {@link dtwDistance}.
 *
 * Exact integer fast path: unconstrained absolute-cost DTW on values that are
 * integers after scaling by a power of 2 (EDSS moves in half points) runs in
 * 32-bit integer arithmetic with branch-free minima ({@link dtwKernelInt}),
 * about twice as fast, with the same values bit for bit (the double recursion
 * is exact on such data; see integerScale). Other data and options use the
 * double kernel.
 *
 * Entry (i, j), i < j, is `dtwDistance(courses[j], courses[i], options)`
 * (larger index first, as `dissimilarityFrom(n, (i, j) => dtwDistance(c[i], c[j]))`;
 * unconstrained DTW is exactly symmetric anyway).
 *
 * Float32 storage rounds each distance to single precision (relative error
 * <= 6e-8): PAM on it can resolve near-ties differently from Float64, so the
 * default is Float64; the bench reports the difference.
 *
 * Reference: Giorgino T (2009) Computing and visualizing DTW alignments in R: the dtw package,
 * J Stat Softw 31(7); Sakoe H, Chiba S (1978) IEEE Trans ASSP 26:43-49.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../../util/errors.js';
import type { ProgressCallback } from '../../util/progress.js';
import { allocateCondensed, type CondensedDissimilarity } from './dissimilarity.js';
import { dtwKernel, dtwKernelInt, integerScale, type DtwOptions } from './dtw.js';
import { checkInteger } from './matrix.js';
import { checkCourse, type Course } from './trajectory.js';

/** Options of {@link dtwMatrix} and {@link dtwMatrixSync}. */
export interface DtwMatrixOptions {
  /** Sakoe-Chiba half-width in index steps (default Infinity), as {@link DtwOptions}. */
  window?: number;
  /** Band in time units (default Infinity), as {@link DtwOptions}. */
  timeWindow?: number;
  /** Local cost 'absolute' (default) or 'squared', as {@link DtwOptions}. */
  cost?: 'absolute' | 'squared';
  /** Divide each distance by n + m (default false, as {@link dtwDistance}). */
  normalize?: boolean;
  /** Storage precision: 'float64' (default) or 'float32' (half the memory; see the module comment). */
  precision?: 'float64' | 'float32';
  /** Worker threads (default `os.availableParallelism()`); {@link dtwMatrix} only. The result does not depend on it. */
  threads?: number;
  /** Progress: step 'dtw', done/total in pairs (about 10 reports per second from dtwMatrix; one per row from dtwMatrixSync). */
  onProgress?: ProgressCallback;
}

/** Courses packed into shared arrays: values and times of course c at offsets[c] .. offsets[c + 1]. */
interface Packed {
  values: Float64Array;
  times: Float64Array;
  offsets: Int32Array;
  maxLength: number;
  /** Power-of-2 scale of the integer kernel (0: double kernel) and the scaled values. */
  scale: number;
  scaled: Int32Array;
}

interface Settings {
  window: number;
  timeWindow: number;
  squared: boolean;
  normalize: boolean;
  precision: 'float64' | 'float32';
}

function settings(courses: readonly Course[], options: DtwMatrixOptions): Settings {
  if (!Array.isArray(courses) || courses.length < 1) throw new UsageError('dtwMatrix: needs at least one course');
  courses.forEach((c, i) => checkCourse(c, i));
  const window = options.window ?? Infinity;
  const timeWindow = options.timeWindow ?? Infinity;
  if (!(window >= 0) || !(timeWindow >= 0)) throw new UsageError(`window and timeWindow must be >= 0, got ${window}, ${timeWindow}`);
  const cost = options.cost ?? 'absolute';
  if (cost !== 'absolute' && cost !== 'squared') throw new UsageError(`cost must be 'absolute' or 'squared', got ${String(cost)}`);
  const precision = options.precision ?? 'float64';
  if (precision !== 'float64' && precision !== 'float32') throw new UsageError(`precision must be 'float64' or 'float32', got ${String(precision)}`);
  return { window, timeWindow, squared: cost === 'squared', normalize: options.normalize ?? false, precision };
}

function pack(courses: readonly Course[], shared: boolean, s: Settings): Packed {
  const n = courses.length;
  let total = 0;
  let maxLength = 0;
  for (const c of courses) { total += c.value.length; maxLength = Math.max(maxLength, c.value.length); }
  const f64 = (len: number): Float64Array => new Float64Array(shared ? new SharedArrayBuffer(8 * len) : new ArrayBuffer(8 * len));
  const values = f64(total);
  const times = f64(total);
  const offsets = new Int32Array(shared ? new SharedArrayBuffer(4 * (n + 1)) : new ArrayBuffer(4 * (n + 1)));
  let p = 0;
  for (let c = 0; c < n; c++) {
    offsets[c] = p;
    const { time, value } = courses[c] as Course;
    for (let i = 0; i < value.length; i++, p++) { values[p] = value[i] as number; times[p] = time[i] as number; }
  }
  offsets[n] = p;
  const free = s.window === Infinity && s.timeWindow === Infinity && !s.squared;
  const scale = free ? integerScale(values, maxLength) : 0;
  const scaled = new Int32Array(shared ? new SharedArrayBuffer(scale ? 4 * total : 0) : new ArrayBuffer(scale ? 4 * total : 0));
  if (scale) for (let i = 0; i < total; i++) scaled[i] = (values[i] as number) * scale;
  return { values, times, offsets, maxLength, scale, scaled };
}

/** Throws UsageError naming the first pair whose distance is not finite (a band that left no warping path). */
function checkFinite(data: Float64Array | Float32Array, n: number): void {
  for (let p = 0; p < data.length; p++) {
    if (Number.isFinite(data[p] as number)) continue;
    let i = 0;
    let start = 0;
    while (start + (n - 1 - i) <= p) { start += n - 1 - i; i++; }
    const j = i + 1 + (p - start);
    throw new UsageError(`dtwMatrix: DTW distance of courses ${j} and ${i} is ${data[p]}: the window leaves no warping path`);
  }
}

/**
 * All-pairs DTW on the calling thread (for small n, or where worker threads are unavailable).
 * @throws UsageError on invalid courses or options, or a pair with no warping path.
 * @example dtwMatrixSync([{ time: [0, 1], value: [0, 1] }, { time: [0, 2], value: [0, 3] }]).data // => Float64Array [2]
 */
export function dtwMatrixSync(courses: readonly Course[], options: DtwMatrixOptions = {}): CondensedDissimilarity {
  const s = settings(courses, options);
  const n = courses.length;
  const { values, times, offsets, maxLength, scale, scaled } = pack(courses, false, s);
  const data = allocateCondensed(n, s.precision, false);
  const row = new Float64Array(maxLength + 1);
  const rowInt = new Int32Array(maxLength + 1);
  const total = data.length;
  let p = 0;
  for (let i = 0; i < n - 1; i++) {
    const bo = offsets[i] as number;
    const m = (offsets[i + 1] as number) - bo;
    for (let j = i + 1; j < n; j++) {
      const ao = offsets[j] as number;
      const na = (offsets[j + 1] as number) - ao;
      const d = scale ? dtwKernelInt(scaled, ao, na, bo, m, rowInt) / scale : dtwKernel(values, times, ao, na, bo, m, row, s.window, s.timeWindow, s.squared);
      data[p++] = s.normalize ? d / (na + m) : d;
    }
    options.onProgress?.({ step: 'dtw', done: p, total });
  }
  checkFinite(data, n);
  return { layout: 'condensed', n, data };
}

/**
 * The worker: claims rows with Atomics.add on counter[0], writes their pairs,
 * adds them to counter[1] (progress). The kernels are the JavaScript of dtwKernel and dtwKernelInt.
 */
const WORKER_SOURCE = String.raw`
'use strict';
const { workerData } = require('node:worker_threads');
const w = workerData;
const values = new Float64Array(w.values);
const times = new Float64Array(w.times);
const offsets = new Int32Array(w.offsets);
const scaled = new Int32Array(w.scaled);
const out = w.precision === 'float32' ? new Float32Array(w.out) : new Float64Array(w.out);
const counter = new Int32Array(w.counter);
const n = w.n, window = w.window, timeWindow = w.timeWindow, squared = w.squared, normalize = w.normalize, scale = w.scale;
const row = new Float64Array(w.maxLength + 1);
const rowInt = new Int32Array(w.maxLength + 1);

function dtwKernel(v, t, ao, n, bo, m, row, window, timeWindow, squared) {
  if (window === Infinity && timeWindow === Infinity) {
    const x0 = v[ao];
    let acc = 0;
    for (let j = 1; j <= m; j++) {
      const diff = x0 - v[bo + j - 1];
      acc = acc + (squared ? diff * diff : Math.abs(diff));
      row[j] = acc;
    }
    const y0 = v[bo];
    for (let i = 1; i < n; i++) {
      const xi = v[ao + i];
      let diag = row[1];
      const d0 = xi - y0;
      let left = (squared ? d0 * d0 : Math.abs(d0)) + diag;
      row[1] = left;
      for (let j = 2; j <= m; j++) {
        const up = row[j];
        let b = diag < up ? diag : up;
        if (left < b) b = left;
        const diff = xi - v[bo + j - 1];
        left = (squared ? diff * diff : Math.abs(diff)) + b;
        row[j] = left;
        diag = up;
      }
    }
    return row[m];
  }
  row[0] = 0;
  for (let j = 1; j <= m; j++) row[j] = Infinity;
  const ratio = n > 1 ? (m - 1) / (n - 1) : 0;
  for (let i = 1; i <= n; i++) {
    const xi = v[ao + i - 1];
    let diag = row[0];
    row[0] = Infinity;
    let left = Infinity;
    let jLo = 1;
    let jHi = m;
    if (window !== Infinity) {
      const centre = 1 + (i - 1) * ratio;
      jLo = Math.max(1, Math.ceil(centre - window - 1e-12));
      jHi = Math.min(m, Math.floor(centre + window + 1e-12));
    }
    const ti = timeWindow === Infinity ? 0 : t[ao + i - 1];
    for (let j = 1; j <= m; j++) {
      const up = row[j];
      let cell = Infinity;
      if (j >= jLo && j <= jHi && !(timeWindow !== Infinity && Math.abs(ti - t[bo + j - 1]) > timeWindow)) {
        let b = diag < up ? diag : up;
        if (left < b) b = left;
        const diff = xi - v[bo + j - 1];
        cell = (squared ? diff * diff : Math.abs(diff)) + b;
      }
      row[j] = cell;
      left = cell;
      diag = up;
    }
  }
  return row[m];
}

function dtwKernelInt(v, ao, n, bo, m, row) {
  const x0 = v[ao];
  let acc = 0;
  for (let j = 1; j <= m; j++) {
    let d = (x0 - v[bo + j - 1]) | 0;
    d = ((d ^ (d >> 31)) - (d >> 31)) | 0;
    acc = (acc + d) | 0;
    row[j] = acc;
  }
  const y0 = v[bo];
  for (let i = 1; i < n; i++) {
    const xi = v[ao + i];
    let diag = row[1];
    let d0 = (xi - y0) | 0;
    d0 = ((d0 ^ (d0 >> 31)) - (d0 >> 31)) | 0;
    let left = (d0 + diag) | 0;
    row[1] = left;
    for (let j = 2; j <= m; j++) {
      const up = row[j];
      let t = (diag - up) | 0;
      let b = (up + (t & (t >> 31))) | 0;
      t = (left - b) | 0;
      b = (b + (t & (t >> 31))) | 0;
      let d = (xi - v[bo + j - 1]) | 0;
      d = ((d ^ (d >> 31)) - (d >> 31)) | 0;
      left = (d + b) | 0;
      row[j] = left;
      diag = up;
    }
  }
  return row[m];
}

for (;;) {
  const i = Atomics.add(counter, 0, 1);
  if (i >= n - 1) break;
  const bo = offsets[i];
  const m = offsets[i + 1] - bo;
  let p = i * n - (i * (i + 1)) / 2;
  for (let j = i + 1; j < n; j++) {
    const ao = offsets[j];
    const na = offsets[j + 1] - ao;
    const d = scale ? dtwKernelInt(scaled, ao, na, bo, m, rowInt) / scale : dtwKernel(values, times, ao, na, bo, m, row, window, timeWindow, squared);
    out[p++] = normalize ? d / (na + m) : d;
  }
  Atomics.add(counter, 1, n - 1 - i);
}
`;

/**
 * All-pairs DTW distances on worker threads.
 * @param courses validated with checkCourse (strictly increasing times, finite values).
 * @returns a condensed matrix on a SharedArrayBuffer.
 * @throws UsageError on invalid courses or options, or a pair with no warping path (rejected promise).
 * @example const d = await dtwMatrix(courses, { normalize: true }); pam(d, 4)
 */
export async function dtwMatrix(courses: readonly Course[], options: DtwMatrixOptions = {}): Promise<CondensedDissimilarity> {
  const s = settings(courses, options);
  const threads = options.threads ?? availableParallelism();
  checkInteger('threads', threads, 1, 1024);
  const n = courses.length;
  const packed = pack(courses, true, s);
  const data = allocateCondensed(n, s.precision, true);
  const total = data.length;
  const counter = new Int32Array(new SharedArrayBuffer(8));
  const workerData = {
    values: packed.values.buffer, times: packed.times.buffer, offsets: packed.offsets.buffer, out: data.buffer,
    counter: counter.buffer, n, maxLength: packed.maxLength, precision: s.precision, scale: packed.scale, scaled: packed.scaled.buffer,
    window: s.window, timeWindow: s.timeWindow, squared: s.squared, normalize: s.normalize,
  };
  const used = Math.max(1, Math.min(threads, n - 1));
  const report = options.onProgress;
  const timer = report && n > 1 ? setInterval(() => report({ step: 'dtw', done: Atomics.load(counter, 1), total }), 100) : null;
  try {
    if (n > 1) {
      const workers: Worker[] = [];
      try {
        await Promise.all(Array.from({ length: used }, () => new Promise<void>((resolve, reject) => {
          const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
          workers.push(worker);
          worker.once('error', reject);
          worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`dtwMatrix: worker exited with code ${code}`))));
        })));
      } catch (e) {
        await Promise.all(workers.map((w) => w.terminate()));
        throw e;
      }
    }
  } finally {
    if (timer) clearInterval(timer);
  }
  report?.({ step: 'dtw', done: total, total });
  checkFinite(data, n);
  return { layout: 'condensed', n, data };
}
