/**
 * Binary search on an ascending array: where a step function defined on
 * `sorted` stands at time t. One implementation for the survival curves,
 * baseline hazards on grids, model predictions and figure labels.
 */

/**
 * Index of the last element of `sorted[0 .. end)` (ascending) that is <= t,
 * or -1 when none is (t below the first element, or NaN). O(log n).
 * @param sorted ascending values (ties allowed: the last of equal values is found).
 * @param t the time looked up.
 * @param end search only the first `end` elements (default all).
 * @example lastIndexAtOrBefore([0, 30, 60], 45) // => 1
 */
export function lastIndexAtOrBefore(sorted: ArrayLike<number>, t: number, end: number = sorted.length): number {
  if (end <= 0 || !(sorted[0]! <= t)) return -1;
  let lo = 0;
  let hi = end - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
