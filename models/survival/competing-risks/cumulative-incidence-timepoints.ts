/**
 * Cumulative incidence (and variance) read off a step-function curve at given
 * times, as `cmprsk::timepoints` (Fortran `tpoi`).
 *
 * Rule: for a time `t` the value is the right-continuous step value at `t`:
 * the element after the last corner `time[k] <= t` (among all but the last
 * corner), the last element when `t` equals the largest follow-up time, and
 * NaN (R: NA) when `t` is beyond the largest follow-up time or before the
 * first corner (time 0).
 *
 * Reference: cmprsk 2.2-11 `R/cmprsk.R` (`timepoints`) and `src/tpoi.f`.
 */
import type { IncidenceCurve } from './cumulative-incidence-curve.js';
import { lastIndexAtOrBefore } from '../../../util/step-index.js';

/**
 * Index into a curve's corners for each requested time (-1 for NA).
 *
 * @param cornerTimes the curve's `time` array (non-decreasing).
 * @param times requested times (any order).
 * @returns one index per requested time.
 * @example timepointIndex(Float64Array.of(0, 2, 2, 5), [1, 2, 5, 6]) // => [1, 3, 3, -1]
 */
export function timepointIndex(cornerTimes: Float64Array, times: readonly number[]): Int32Array {
  const n = cornerTimes.length;
  const out = new Int32Array(times.length);
  const last = cornerTimes[n - 1]!;
  times.forEach((t, ti) => {
    if (!(t <= last) || n === 0) {
      out[ti] = -1;
      return;
    }
    if (t === last) {
      out[ti] = n - 1;
      return;
    }
    // largest k in [0, n-2] with cornerTimes[k] <= t, -1 when none
    const k = lastIndexAtOrBefore(cornerTimes, t, n - 1);
    out[ti] = k < 0 ? -1 : k + 1;
  });
  return out;
}

/**
 * Estimates and variances of one curve at the given times (NaN where cmprsk gives NA).
 *
 * @param curve a curve from {@link cumulativeIncidenceCurve}.
 * @param times requested times.
 * @example incidenceAt(curve, [365, 730]).est
 */
export function incidenceAt(
  curve: IncidenceCurve,
  times: readonly number[],
): { est: Float64Array; var: Float64Array } {
  const idx = timepointIndex(curve.time, times);
  const est = new Float64Array(times.length);
  const v = new Float64Array(times.length);
  idx.forEach((k, i) => {
    est[i] = k < 0 ? NaN : curve.est[k]!;
    v[i] = k < 0 ? NaN : curve.var[k]!;
  });
  return { est, var: v };
}
