/**
 * Dynamic time warping distance between two irregularly observed courses.
 * Steps (1,0), (0,1), (1,1), each adding the local cost of the cell entered
 * (R dtw's `symmetric1` step pattern); local cost |x_i - y_j| (or squared).
 * Optional constraints: a Sakoe-Chiba band on indices around the diagonal
 * rescaled to unequal lengths (|j - 1 - (i - 1)(m - 1)/(n - 1)| <= window; dtw's
 * `slantedBandWindow`, equal to `sakoeChibaWindow` when n = m) and/or a band in
 * time units (|t_i - s_j| <= timeWindow), the natural constraint for irregular
 * visits. A band too narrow to connect the corners (e.g. a time window with
 * courses of different follow-up) leaves no path: the distance is Infinity,
 * which dissimilarity matrices reject. Memory O(m), time O(n m).
 *
 * References: Sakoe H, Chiba S (1978) IEEE Trans ASSP 26:43-49;
 * Giorgino T (2009) Computing and visualizing DTW alignments in R: the dtw package, J Stat Softw 31(7).
 */
import { UsageError } from '../../util/errors.js';
import { checkCourse, type Course } from './trajectory.js';

/** Options of {@link dtwDistance}. */
export interface DtwOptions {
  /** Sakoe-Chiba half-width in index steps around the slanted diagonal (default Infinity = unconstrained). */
  window?: number;
  /** Half-width in time units: cells with |t_i - s_j| > timeWindow are forbidden (default Infinity). */
  timeWindow?: number;
  /** Local cost: 'absolute' |x - y| (default, as dtw's Euclidean on one dimension) or 'squared'. */
  cost?: 'absolute' | 'squared';
  /** Divide by n + m (dtw's normalizedDistance for symmetric2 uses n + m; default false). */
  normalize?: boolean;
  /** Skip input validation (for bulk use on already validated courses; default false). */
  trusted?: boolean;
}

/**
 * DTW distance; Infinity when the constraints leave no warping path.
 * @throws UsageError on invalid courses or a negative window.
 * @example dtwDistance({ time: [0, 1, 2], value: [0, 1, 2] }, { time: [0, 2], value: [0, 2] }) // => 1
 */
export function dtwDistance(a: Course, b: Course, options: DtwOptions = {}): number {
  const window = options.window ?? Infinity;
  const timeWindow = options.timeWindow ?? Infinity;
  if (!options.trusted) {
    checkCourse(a, 0);
    checkCourse(b, 1);
    if (!(window >= 0) || !(timeWindow >= 0)) throw new UsageError(`window and timeWindow must be >= 0, got ${window}, ${timeWindow}`);
  }
  const squared = options.cost === 'squared';
  const n = a.value.length;
  const m = b.value.length;
  let prev = new Float64Array(m + 1).fill(Infinity);
  let cur = new Float64Array(m + 1).fill(Infinity);
  prev[0] = 0;
  const ratio = n > 1 ? (m - 1) / (n - 1) : 0;
  for (let i = 1; i <= n; i++) {
    cur.fill(Infinity);
    const xi = a.value[i - 1] as number;
    const ti = a.time[i - 1] as number;
    let jLo = 1;
    let jHi = m;
    if (window !== Infinity) {
      const centre = 1 + (i - 1) * ratio;
      jLo = Math.max(1, Math.ceil(centre - window - 1e-12));
      jHi = Math.min(m, Math.floor(centre + window + 1e-12));
    }
    for (let j = jLo; j <= jHi; j++) {
      if (timeWindow !== Infinity && Math.abs(ti - (b.time[j - 1] as number)) > timeWindow) continue;
      const diff = xi - (b.value[j - 1] as number);
      const c = squared ? diff * diff : Math.abs(diff);
      const best = Math.min(prev[j - 1] as number, prev[j] as number, cur[j - 1] as number);
      cur[j] = c + best;
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[m] as number;
  return options.normalize ? d / (n + m) : d;
}

/**
 * The DTW recursion of {@link dtwDistance} as a tight kernel for bulk use: both
 * courses are slices of packed arrays (values `v`, times `t`; course a at
 * offset `ao` with n points, b at `bo` with m points), one caller-owned row
 * buffer of length >= m + 1 is reused (no allocation per pair), and nothing
 * is validated. Returns the unnormalized distance, bit-for-bit the value
 * dtwDistance computes before its division by n + m (the same additions and
 * minima; tested). The worker threads of `dtwMatrix` run a JavaScript copy
 * of this function (dtw-matrix.ts).
 * @param window Sakoe-Chiba half-width (Infinity: none).
 * @param timeWindow band in time units (Infinity: none; `t` is then not read).
 * @example dtwKernel(Float64Array.of(0, 1, 2, 0, 2), Float64Array.of(0, 1, 2, 0, 2), 0, 3, 3, 2, new Float64Array(3), Infinity, Infinity, false) // => 1
 */
export function dtwKernel(
  v: Float64Array, t: Float64Array, ao: number, n: number, bo: number, m: number,
  row: Float64Array, window: number, timeWindow: number, squared: boolean,
): number {
  if (window === Infinity && timeWindow === Infinity) {
    // Unconstrained: the first row is a running sum, the first column adds the cell above;
    // no Infinity sentinels (the same sums as the general recursion, where they lose every minimum).
    const x0 = v[ao] as number;
    let acc = 0;
    for (let j = 1; j <= m; j++) {
      const diff = x0 - (v[bo + j - 1] as number);
      acc = acc + (squared ? diff * diff : Math.abs(diff));
      row[j] = acc;
    }
    const y0 = v[bo] as number;
    for (let i = 1; i < n; i++) {
      const xi = v[ao + i] as number;
      // row holds the previous row until overwritten; diag = previous row at j - 1, left = this row at j - 1
      let diag = row[1] as number;
      const d0 = xi - y0;
      let left = (squared ? d0 * d0 : Math.abs(d0)) + diag;
      row[1] = left;
      for (let j = 2; j <= m; j++) {
        const up = row[j] as number;
        let b = diag < up ? diag : up;
        if (left < b) b = left;
        const diff = xi - (v[bo + j - 1] as number);
        left = (squared ? diff * diff : Math.abs(diff)) + b;
        row[j] = left;
        diag = up;
      }
    }
    return row[m] as number;
  }
  row[0] = 0;
  for (let j = 1; j <= m; j++) row[j] = Infinity;
  const ratio = n > 1 ? (m - 1) / (n - 1) : 0;
  for (let i = 1; i <= n; i++) {
    const xi = v[ao + i - 1] as number;
    let diag = row[0] as number;
    row[0] = Infinity;
    let left = Infinity;
    let jLo = 1;
    let jHi = m;
    if (window !== Infinity) {
      const centre = 1 + (i - 1) * ratio;
      jLo = Math.max(1, Math.ceil(centre - window - 1e-12));
      jHi = Math.min(m, Math.floor(centre + window + 1e-12));
    }
    const ti = timeWindow === Infinity ? 0 : (t[ao + i - 1] as number);
    for (let j = 1; j <= m; j++) {
      const up = row[j] as number;
      let cell = Infinity;
      if (j >= jLo && j <= jHi && !(timeWindow !== Infinity && Math.abs(ti - (t[bo + j - 1] as number)) > timeWindow)) {
        let b = diag < up ? diag : up;
        if (left < b) b = left;
        const diff = xi - (v[bo + j - 1] as number);
        cell = (squared ? diff * diff : Math.abs(diff)) + b;
      }
      row[j] = cell;
      left = cell;
      diag = up;
    }
  }
  return row[m] as number;
}

/**
 * Unconstrained absolute-cost DTW in 32-bit integer arithmetic, for courses
 * whose values are integers after scaling (EDSS in half points times 2): the
 * minima are branch-free (bit arithmetic), about twice as fast as
 * {@link dtwKernel}, whose unpredictable float comparisons dominate. With
 * values `v` = scale x the originals (scale a power of 2) and every path sum
 * below 2^30 ({@link integerScale} checks both), the double recursion is exact
 * too (dyadic numbers of at most 53 bits), so `dtwKernelInt(...) / scale` is
 * bit-for-bit `dtwKernel(...)` (tested).
 * @example dtwKernelInt(Int32Array.of(0, 2, 4, 0, 4), 0, 3, 3, 2, new Int32Array(3)) / 2 // => 1
 */
export function dtwKernelInt(v: Int32Array, ao: number, n: number, bo: number, m: number, row: Int32Array): number {
  const x0 = v[ao] as number;
  let acc = 0;
  for (let j = 1; j <= m; j++) {
    let d = (x0 - (v[bo + j - 1] as number)) | 0;
    d = ((d ^ (d >> 31)) - (d >> 31)) | 0;
    acc = (acc + d) | 0;
    row[j] = acc;
  }
  const y0 = v[bo] as number;
  for (let i = 1; i < n; i++) {
    const xi = v[ao + i] as number;
    let diag = row[1] as number;
    let d0 = (xi - y0) | 0;
    d0 = ((d0 ^ (d0 >> 31)) - (d0 >> 31)) | 0;
    let left = (d0 + diag) | 0;
    row[1] = left;
    for (let j = 2; j <= m; j++) {
      const up = row[j] as number;
      // b = min(diag, up, left) without branches: x + ((y - x) & ((y - x) >> 31))
      let t = (diag - up) | 0;
      let b = (up + (t & (t >> 31))) | 0;
      t = (left - b) | 0;
      b = (b + (t & (t >> 31))) | 0;
      let d = (xi - (v[bo + j - 1] as number)) | 0;
      d = ((d ^ (d >> 31)) - (d >> 31)) | 0;
      left = (d + b) | 0;
      row[j] = left;
      diag = up;
    }
  }
  return row[m] as number;
}

/**
 * The power of 2 (1 to 2^20) that makes every value an integer with all DTW
 * path sums below 2^30, for {@link dtwKernelInt}; 0 when there is none (then
 * the double kernel is used). A path has at most n + m - 1 cells, each costing
 * at most max - min.
 * @example integerScale(Float64Array.of(0, 1.5, 6.5), 20) // => 2
 */
export function integerScale(values: ArrayLike<number>, maxLength: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return 0;
  const cells = 2 * maxLength - 1;
  for (let scale = 1; scale <= 2 ** 20; scale *= 2) {
    if ((hi - lo) * scale * cells >= 2 ** 30 || Math.abs(lo) * scale >= 2 ** 30 || Math.abs(hi) * scale >= 2 ** 30) return 0;
    let ok = true;
    for (let i = 0; i < values.length && ok; i++) ok = Number.isInteger((values[i] as number) * scale);
    if (ok) return scale;
  }
  return 0;
}
