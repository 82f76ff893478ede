/**
 * Disclosure control of multi-state state occupation curves (Aalen-Johansen,
 * `midia mstate` under a study), with the rule of the Kaplan-Meier output
 * (disclose-kaplan-meier.ts):
 *
 * - a curve of fewer than `threshold` patients is hidden whole;
 * - the curve's times are grouped into consecutive intervals so that each
 *   reported step carries at least `threshold` transitions (of any kind):
 *   without individual times, intervals are unions of grid cells
 *   `(k w, (k+1) w]` reported at their upper grid bound; with
 *   `allowIndividualTimes`, consecutive times are merged and reported at the
 *   last one. A remainder of fewer than `threshold` transitions at the end joins
 *   the last interval; a curve with fewer transitions in all shows no steps;
 * - each reported row holds the probabilities and standard errors at the end
 *   of its interval.
 *
 * So no reported change of a probability rests on fewer than `threshold`
 * transitions, and no event or censoring time is shown. What it does not
 * prevent (docs/multi-state.md): differences between overlapping releases
 * of the same study (curves are not in the release register), and a step's
 * transitions may all be of one kind out of a small state.
 */
import { checkThreshold } from './suppress-small-counts.js';
import { ceilToGrid, checkWidth, niceWidth } from './time-grid.js';

/** One curve as the disclosure sees it (the fields of an Aalen-Johansen stratum). */
export interface StateOccupationCurveInput {
  label: string;
  /** Patients in the curve. */
  n: number;
  time: ArrayLike<number>;
  /** `time.length × nStates`, row-major. */
  pstate: ArrayLike<number>;
  /** Same layout; may be empty (no standard errors). */
  stdErr: ArrayLike<number>;
  /** Transitions into each state at each time, same layout. */
  nEvent: ArrayLike<number>;
}

/** Options of {@link discloseStateOccupation}. */
export interface StateOccupationDisclosureOptions {
  /** Minimum transitions per reported step and minimum patients per curve (default 5). */
  threshold?: number;
  /** May event times be shown? Default false (grid bounds only). */
  allowIndividualTimes?: boolean;
  /** Grid width (default: {@link niceWidth} of the largest time over 20 intervals). */
  gridWidth?: number;
}

/** One disclosed curve: the contract's fields, rows at the reported times. */
export interface DisclosedStateOccupationCurve {
  label: string;
  time: number[];
  pstate: number[][];
  stdErr: number[][];
  /** True when hidden whole (fewer than threshold patients). */
  suppressed: boolean;
}

/** Disclosed state occupation. */
export interface DisclosedStateOccupation {
  states: string[];
  strata: DisclosedStateOccupationCurve[];
  threshold: number;
  allowIndividualTimes: boolean;
  /** Grid width used (null when individual times are allowed). */
  gridWidth: number | null;
  warnings: string[];
}

/**
 * State occupation curves with no step on fewer than `threshold` transitions
 * and no individual time (unless allowed); see the file comment.
 *
 * @param fit states and curves (e.g. an AalenJohansenFit)
 * @param options threshold (5), allowIndividualTimes (false), gridWidth (automatic)
 * @throws UsageError for a bad threshold or grid width
 * @example discloseStateOccupation(aalenJohansen(f, data, { id: 'id' }), { threshold: 10 }).strata[0].time
 */
export function discloseStateOccupation(
  fit: { states: readonly string[]; strata: readonly StateOccupationCurveInput[] },
  options: StateOccupationDisclosureOptions = {},
): DisclosedStateOccupation {
  const threshold = checkThreshold(options.threshold);
  const allow = options.allowIndividualTimes ?? false;
  const S = fit.states.length;
  let maxTime = 0;
  for (const c of fit.strata) for (let i = 0; i < c.time.length; i++) if (c.time[i]! > maxTime) maxTime = c.time[i]!;
  const width = allow ? null : (checkWidth(options.gridWidth) ?? niceWidth(maxTime));
  const warnings: string[] = [];
  const row = (a: ArrayLike<number>, i: number): number[] => Array.from({ length: S }, (_, j) => a[i * S + j]!);
  const strata = fit.strata.map((c): DisclosedStateOccupationCurve => {
    if (c.n < threshold) {
      warnings.push(`curve ${c.label}: fewer than ${threshold} patients, hidden`);
      return { label: c.label, time: [], pstate: [], stdErr: [], suppressed: true };
    }
    // Units: grid cells (or single times when allowed) with their transitions.
    const units: { key: number; last: number; events: number }[] = [];
    for (let i = 0; i < c.time.length; i++) {
      const key = width === null ? c.time[i]! : ceilToGrid(c.time[i]!, width);
      let events = 0;
      for (let j = 0; j < S; j++) events += c.nEvent[i * S + j]!;
      const u = units[units.length - 1];
      if (u && u.key === key) {
        u.last = i;
        u.events += events;
      } else units.push({ key, last: i, events });
    }
    const ends: { key: number; last: number }[] = [];
    let pending = 0;
    for (const u of units) {
      pending += u.events;
      if (pending >= threshold) {
        ends.push({ key: u.key, last: u.last });
        pending = 0;
      }
    }
    const tail = units[units.length - 1];
    if (tail && ends.length && ends[ends.length - 1]!.last !== tail.last) {
      // the remainder (fewer than threshold transitions, or none) joins the last interval
      ends[ends.length - 1] = { key: tail.key, last: tail.last };
    }
    if (!ends.length && c.time.length) warnings.push(`curve ${c.label}: fewer than ${threshold} transitions, no steps shown`);
    return {
      label: c.label,
      time: ends.map((e) => (width === null ? c.time[e.last]! : e.key)),
      pstate: ends.map((e) => row(c.pstate, e.last)),
      stdErr: c.stdErr.length ? ends.map((e) => row(c.stdErr, e.last)) : [],
      suppressed: false,
    };
  });
  return { states: [...fit.states], strata, threshold, allowIndividualTimes: allow, gridWidth: width, warnings };
}
