/**
 * Irregularly observed courses (e.g. EDSS by visit): validation shared by the
 * trajectory distances and latent-class growth models.
 */
import { UsageError } from '../../util/errors.js';

/** One course: observation times (strictly increasing, any unit, e.g. years since baseline) and values. */
export interface Course {
  readonly time: ArrayLike<number>;
  readonly value: ArrayLike<number>;
}

/** Throws UsageError unless the course has >= 1 finite point, equal lengths and strictly increasing times. */
export function checkCourse(c: Course, index = 0): void {
  const n = c.time.length;
  if (n === 0 || c.value.length !== n) throw new UsageError(`course ${index}: ${n} times and ${c.value.length} values (need equal, >= 1)`);
  for (let i = 0; i < n; i++) {
    const t = c.time[i] as number;
    const v = c.value[i] as number;
    if (!Number.isFinite(t) || !Number.isFinite(v)) throw new UsageError(`course ${index}: non-finite time or value at point ${i} (${t}, ${v})`);
    if (i > 0 && !(t > (c.time[i - 1] as number))) throw new UsageError(`course ${index}: times not strictly increasing at point ${i} (${t})`);
  }
}
