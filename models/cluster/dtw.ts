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
