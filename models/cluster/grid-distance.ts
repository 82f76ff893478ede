/**
 * Courses on a common time grid: linear interpolation between visits, values
 * held constant before the first and after the last visit (no extrapolation of
 * trends), then the root-mean-square difference over the grid points.
 * Interpolated courses are plain rows, so they can also feed k-means or GMM.
 *
 * Reference: Genolini C, Falissard B (2010) KmL: k-means for longitudinal data, Comput Stat 25:317-328 (grid-based distances on trajectories).
 */
import { UsageError } from '../../util/errors.js';
import type { RowMatrix } from './matrix.js';
import { checkCourse, type Course } from './trajectory.js';

/** Values of one course at the grid times (linear interpolation, constant beyond the ends). */
export function interpolateCourse(course: Course, grid: ArrayLike<number>, out = new Float64Array(grid.length)): Float64Array {
  const n = course.time.length;
  let k = 0;
  for (let g = 0; g < grid.length; g++) {
    const t = grid[g] as number;
    if (t <= (course.time[0] as number)) { out[g] = course.value[0] as number; continue; }
    if (t >= (course.time[n - 1] as number)) { out[g] = course.value[n - 1] as number; continue; }
    if ((course.time[k] as number) > t) k = 0;
    while ((course.time[k + 1] as number) < t) k++;
    const t0 = course.time[k] as number;
    const t1 = course.time[k + 1] as number;
    const w = (t - t0) / (t1 - t0);
    out[g] = (1 - w) * (course.value[k] as number) + w * (course.value[k + 1] as number);
  }
  return out;
}

/**
 * Interpolates every course on the grid: an n x grid.length row matrix.
 * @throws UsageError for an empty or non-increasing grid, or invalid courses.
 * @example courseGrid([{ time: [0, 2], value: [1, 3] }], [0, 1, 2]).data // => [1, 2, 3]
 */
export function courseGrid(courses: readonly Course[], grid: ArrayLike<number>): RowMatrix {
  if (grid.length === 0) throw new UsageError('grid: no time points');
  for (let g = 1; g < grid.length; g++) if (!((grid[g] as number) > (grid[g - 1] as number))) throw new UsageError(`grid: not strictly increasing at ${g}`);
  const G = grid.length;
  const data = new Float64Array(courses.length * G);
  courses.forEach((c, i) => {
    checkCourse(c, i);
    interpolateCourse(c, grid, data.subarray(i * G, (i + 1) * G));
  });
  return { data, nrow: courses.length, ncol: G };
}

/** RMS distance between rows i and j of a course grid. */
export function gridDistance(grid: RowMatrix, i: number, j: number): number {
  const G = grid.ncol;
  let s = 0;
  for (let g = 0; g < G; g++) {
    const d = (grid.data[i * G + g] as number) - (grid.data[j * G + g] as number);
    s += d * d;
  }
  return Math.sqrt(s / G);
}

/** A regular grid from `from` to `to` with `points` points (>= 2). */
export function regularGrid(from: number, to: number, points: number): Float64Array {
  if (!Number.isInteger(points) || points < 2 || !(to > from)) throw new UsageError(`regularGrid: need to > from and points >= 2 (got ${from}, ${to}, ${points})`);
  return Float64Array.from({ length: points }, (_, g) => from + ((to - from) * g) / (points - 1));
}
