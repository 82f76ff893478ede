/**
 * Coarse time grids for disclosure control: exported curves and hazards are
 * reported at grid points, never at individual event times (federated
 * Kaplan-Meier implementations hide unique event times for the same reason;
 * docs/access-levels.md, "Minimum cell counts").
 */
import { UsageError } from '../../util/errors.js';

/**
 * Default number of grid intervals over the follow-up range: 20. The width is
 * the range / 20 rounded up to 1, 2 or 5 times a power of ten.
 */
export const DEFAULT_GRID_INTERVALS = 20;

/**
 * A "nice" grid width: `range / intervals` rounded up to 1, 2 or 5 x 10^k.
 * @example niceWidth(3650, 20) // => 200
 */
export function niceWidth(range: number, intervals: number = DEFAULT_GRID_INTERVALS): number {
  if (!(range > 0) || !Number.isFinite(range)) return 1;
  const raw = range / intervals;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw * (1 - 1e-12)) return m * p;
  return 10 * p;
}

/** Validates a grid width: a finite positive number (or undefined). */
export function checkWidth(width: number | undefined): number | undefined {
  if (width === undefined) return undefined;
  if (!Number.isFinite(width) || width <= 0) throw new UsageError(`grid width must be a positive number, got ${width}`);
  return width;
}

/** The grid point at or above `t` (`ceil(t / width) * width`), rounded to avoid 0.30000000000000004. */
export function ceilToGrid(t: number, width: number): number {
  return roundGrid(Math.ceil(t / width - 1e-9) * width, width);
}

/** The grid point at or below `t`. */
export function floorToGrid(t: number, width: number): number {
  return roundGrid(Math.floor(t / width + 1e-9) * width, width);
}

function roundGrid(x: number, width: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(width)) + 2);
  return Number(x.toFixed(Math.min(digits, 12)));
}
