/** Knots of natural cubic spline growth trajectories (`msCluster` with `method: 'lcgm'` and `splineKnots`). */
import type { Course } from '../../models/cluster/trajectory.js';
import { quantileSortedType7 } from '../../models/stats/quantile.js';
import { UsageError } from '../../util/errors.js';

/**
 * Knots of natural cubic spline trajectories (`splineKnots: K`, CLI `--spline-knots K`): the
 * j / (K - 1) quantiles (j = 0..K-1; R's default type 7) of all observed
 * visit times pooled over patients, so the boundary knots are the 0 and 1
 * quantiles (first and last visit time) and interior knots sit where visits
 * are dense (as splines::ns places knots at quantiles of x; Hastie et al.
 * 2009, ESL sec. 5.2). Tied quantiles are merged, with a warning.
 * @throws {UsageError} for K < 3 (2 knots are a straight line: the default) or fewer than 2 distinct knots.
 * @example splineKnotsAt([{ time: [0, 1, 2], value: [1, 1, 2] }, { time: [0, 3], value: [2, 3] }], 3).knots // => [0, 1, 3]
 */
export function splineKnotsAt(courses: readonly Course[], K: number): { knots: number[]; probs: number[]; warnings: string[] } {
  if (!(Number.isInteger(K) && K >= 3)) throw new UsageError(`splineKnots (--spline-knots) must be a whole number >= 3, got ${K}`);
  const times = courses.flatMap((c) => Array.from(c.time)).sort((a, b) => a - b);
  if (times.length === 0) throw new UsageError('splineKnots (--spline-knots): no visit times');
  const probs: number[] = [];
  const knots: number[] = [];
  for (let j = 0; j < K; j++) {
    const q = quantileSortedType7(times, j / (K - 1));
    if (knots.length && !(q > knots[knots.length - 1]!)) continue;
    knots.push(q);
    probs.push(j / (K - 1));
  }
  if (knots.length < 2) throw new UsageError(`--spline-knots ${K}: the visit times have fewer than 2 distinct quantiles`);
  const warnings = knots.length < K ? [`--spline-knots ${K}: tied quantiles of the visit times merged, ${knots.length} knots used`] : [];
  return { knots, probs, warnings };
}

