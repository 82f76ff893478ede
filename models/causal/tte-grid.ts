/**
 * The interval grid of a target trial emulation: follow-up from time zero
 * split into intervals of `intervalDays` (default one month, 30.4375 days),
 * with the end of the grace period always a boundary. Censoring (deviation)
 * models are fitted on these intervals and the inverse-probability weights
 * change only at their boundaries (docs/target-trial.md, "Intervals").
 *
 * Interval k (1-based) is the half-open `(b_{k-1}, b_k]`; the first also holds
 * time 0 (a therapy started on the index date starts in interval 1).
 */
import { UsageError } from '../../util/errors.js';

/** Default interval length: one month (365.25 / 12 days). */
export const MONTH_DAYS = 30.4375;

/** Options of {@link intervalGrid}. */
export interface IntervalGridOptions {
  /** Interval length in days (default {@link MONTH_DAYS}). */
  intervalDays?: number;
  /** Grace period in days (>= 0); its end is a boundary. */
  graceDays: number;
  /** Last time the grid must cover (days, > 0): the horizon. */
  endDays: number;
}

/** Boundaries of the intervals and the number of intervals in the grace period. */
export interface IntervalGrid {
  /** b_0 = 0 < b_1 < ... < b_m, with b_m >= endDays. */
  boundaries: Float64Array;
  /** K with b_K = graceDays (0 when graceDays = 0). */
  graceIntervals: number;
  intervalDays: number;
}

/**
 * Builds the interval grid: multiples of `intervalDays` up to the first at or
 * beyond `endDays`, with `graceDays` inserted.
 * @throws {UsageError} for a non-positive interval, a negative grace period or a non-positive end.
 * @example intervalGrid({ intervalDays: 30, graceDays: 45, endDays: 100 }).boundaries // => [0, 30, 45, 60, 90, 120]
 */
export function intervalGrid(options: IntervalGridOptions): IntervalGrid {
  const d = options.intervalDays ?? MONTH_DAYS;
  const g = options.graceDays;
  const end = options.endDays;
  if (!(d > 0) || !Number.isFinite(d)) throw new UsageError(`intervalDays must be a positive number, got ${d}`);
  if (!(g >= 0) || !Number.isFinite(g)) throw new UsageError(`graceDays must be a number >= 0, got ${g}`);
  if (!(end > 0) || !Number.isFinite(end)) throw new UsageError(`the horizon must be a positive number of days, got ${end}`);
  const last = Math.max(end, g);
  const count = Math.ceil(last / d - 1e-9);
  if (count > 100_000) throw new UsageError(`the grid would have ${count} intervals (horizon ${end} days / interval ${d} days); use longer intervals`);
  const b: number[] = [0];
  for (let k = 1; k <= count; k++) b.push(k * d);
  if (g > 0 && !b.some((x) => Math.abs(x - g) < 1e-9)) b.push(g);
  b.sort((x, y) => x - y);
  const boundaries = Float64Array.from(b);
  const graceIntervals = g > 0 ? b.findIndex((x) => Math.abs(x - g) < 1e-9) : 0;
  return { boundaries, graceIntervals, intervalDays: d };
}

/**
 * The 1-based interval holding time t: the smallest k with t <= b_k (1 for t <= 0);
 * `m + 1` beyond the last boundary.
 * @example intervalOf(intervalGrid({ intervalDays: 30, graceDays: 0, endDays: 90 }), 30) // => 1
 */
export function intervalOf(grid: IntervalGrid, t: number): number {
  const b = grid.boundaries;
  if (t <= 0) return 1;
  let lo = 1;
  let hi = b.length; // answer in [1, m + 1]
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t <= b[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
