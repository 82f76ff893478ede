/**
 * Sample quantiles, R's default `quantile(x, type = 7)` (Hyndman & Fan 1996,
 * definition 7): linear interpolation between order statistics at
 * h = (n - 1) p. One implementation for every model (risk calibration groups,
 * weight truncation, time on therapy line).
 */

/**
 * Quantile of already sorted values (ascending); NaN when empty.
 * @example quantileSortedType7([1, 2, 3, 4], 0.5) // => 2.5
 */
export function quantileSortedType7(sorted: ArrayLike<number>, prob: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * prob;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  return a + (h - lo) * ((sorted[hi] as number) - a);
}

/**
 * Quantile of values in any order (the input is not changed); NaN when empty.
 * @example quantileType7([4, 1, 3, 2], 0.25) // => 1.75
 */
export function quantileType7(values: ArrayLike<number>, prob: number): number {
  return quantileSortedType7(Float64Array.from(values).sort(), prob);
}
