/**
 * Person-interval rows for pooled logistic hazard models (D'Agostino et al.,
 * Stat Med 1990;9:1501–1515): one row per patient and interval of the
 * {@link IntervalGrid} in which the patient is at risk of a transition
 * (starting a therapy, stopping it), with `y = 1` in the interval where the
 * transition happens. A patient is at risk in interval k when the risk began
 * before the end of k (`from <= b_k`), the transition has not happened before
 * it (`event > b_{k-1}`, or k is the interval where the risk began) and
 * follow-up has not ended before it (`exit > b_{k-1}`). A transition counts
 * only when it comes before the end of follow-up (`event < exit`): a therapy
 * started on the day of the outcome does not count (the outcome came first).
 *
 * A pure expansion on typed arrays (as R's `survSplit` followed by a filter);
 * rows are ordered by patient, then interval.
 */
import { UsageError } from '../../util/errors.js';
import { intervalOf, type IntervalGrid } from './tte-grid.js';

/** Rows of a pooled logistic hazard model. */
export interface PersonIntervals {
  /** 0-based patient index of each row. */
  patient: Int32Array;
  /** 1-based interval of each row. */
  interval: Int32Array;
  /** 1 when the transition happens in the row's interval, else 0. */
  y: Float64Array;
}

/** Per-patient times of {@link personIntervals} (days from time zero). */
export interface TransitionTimes {
  /** When the risk of the transition begins (0 for initiation; the therapy start for stopping); Infinity = never at risk. */
  from: ArrayLike<number>;
  /** When the transition happens; Infinity = never. */
  event: ArrayLike<number>;
  /** End of follow-up (outcome, competing event or censoring). */
  exit: ArrayLike<number>;
}

/**
 * Person-interval rows for the intervals `firstInterval..lastInterval`.
 * @param grid interval grid; @param times from, event, exit per patient.
 * @param firstInterval, lastInterval 1-based inclusive range of intervals modelled.
 * @throws {UsageError} on length mismatch or NaN times.
 * @example personIntervals(grid, { from: [0], event: [40], exit: [100] }, 1, 3) // rows in intervals 1, 2 (y = 0, 1) for 30-day intervals
 */
export function personIntervals(grid: IntervalGrid, times: TransitionTimes, firstInterval: number, lastInterval: number): PersonIntervals {
  const n = times.exit.length;
  if (times.from.length !== n || times.event.length !== n) throw new UsageError(`personIntervals: from, event and exit must have the same length (${times.from.length}, ${times.event.length}, ${n})`);
  const b = grid.boundaries;
  const patient: number[] = [];
  const interval: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const from = times.from[i]!;
    const ev = times.event[i]!;
    const exit = times.exit[i]!;
    if (Number.isNaN(from) || Number.isNaN(ev) || Number.isNaN(exit)) throw new UsageError(`personIntervals: missing time for patient ${i + 1}`);
    if (from === Infinity || !(from < exit)) continue;
    const counts = ev < exit;
    const kEvent = counts ? intervalOf(grid, ev) : -1;
    const kFrom = Math.max(firstInterval, intervalOf(grid, from));
    const kEnd = Math.min(lastInterval, counts ? kEvent : intervalOf(grid, exit));
    for (let k = kFrom; k <= kEnd; k++) {
      if (k > 1 && !(exit > b[k - 1]!)) break;
      const happens = k === kEvent;
      patient.push(i);
      interval.push(k);
      y.push(happens ? 1 : 0);
      if (happens) break;
    }
  }
  return { patient: Int32Array.from(patient), interval: Int32Array.from(interval), y: Float64Array.from(y) };
}
