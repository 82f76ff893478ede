/**
 * Annualized relapse rates (ARR): crude (total relapses / total
 * patient-years, exact Poisson CI), per patient, and relapse counts within
 * exposure windows (e.g. therapy episodes), ready for the model-based ARR of
 * models/glm (Poisson or negative binomial with `log(years)` offset).
 *
 * Definitions (docs/ms-outcomes.md "Annualized relapse rate"): the crude
 * ARR is not the mean of per-patient rates (that is reported separately).
 * Only follow-up relapses count: those after the window start, up to and
 * including its end ({@link isFollowUpRelapse}; a relapse on the index
 * date, e.g. the onset relapse, is not one unless `includeIndexRelapses`). The
 * exact (Garwood) interval for k events in T years is
 * `[qchisq(a/2, 2k) / (2T), qchisq(1 - a/2, 2k + 2) / (2T)]` (lower 0 when k = 0),
 * as R's `poisson.test(k, T)$conf.int`.
 */
import { UsageError } from '../../util/errors.js';
import { qchisq } from '../stats/distributions.js';
import { toDayNumber, type MsDate } from './day-number.js';
import { INCLUDE_INDEX_RELAPSES_DEFAULT, isFollowUpRelapse, type FollowUpRelapseOptions } from './follow-up-relapse.js';

/** Days per year used to turn follow-up days into years (Julian year). */
export const DAYS_PER_YEAR = 365.25;

/** A rate with its exact Poisson interval. */
export interface PoissonRate {
  events: number;
  years: number;
  rate: number;
  lower: number;
  upper: number;
  confLevel: number;
}

/**
 * Exact Poisson rate and CI for `events` in `years`.
 * @param confLevel default 0.95.
 * @throws {UsageError} on negative counts, non-positive years or a bad level.
 * @example exactPoissonRate(10, 20) // => { rate: 0.5, lower: 0.2397.., upper: 0.9195.. }
 */
export function exactPoissonRate(events: number, years: number, confLevel = 0.95): PoissonRate {
  if (!(Number.isFinite(events) && events >= 0)) throw new UsageError(`events must be >= 0, got ${events}`);
  if (!(years > 0 && Number.isFinite(years))) throw new UsageError(`years must be > 0, got ${years}`);
  if (!(confLevel > 0 && confLevel < 1)) throw new UsageError(`confLevel must be in (0, 1), got ${confLevel}`);
  const a = 1 - confLevel;
  const lower = events === 0 ? 0 : qchisq(a / 2, 2 * events) / (2 * years);
  const upper = qchisq(1 - a / 2, 2 * events + 2) / (2 * years);
  return { events, years, rate: events / years, lower, upper, confLevel };
}

/** Relapses and follow-up of one unit (a patient or a therapy episode). */
export interface RelapseExposure {
  id: string;
  relapses: number;
  years: number;
}

/** Crude ARR over many units, plus the (different) mean of per-unit rates. */
export interface CrudeArr extends PoissonRate {
  units: number;
  /** Mean of per-unit rates (units with years > 0); a different quantity, reported for comparison. */
  meanOfRates: number;
}

/**
 * Crude ARR = total relapses / total years with its exact Poisson CI.
 * @param units relapse counts and follow-up years (units with 0 years contribute nothing).
 * @throws {UsageError} when the total follow-up is 0 or a count is negative.
 * @example crudeAnnualizedRelapseRate([{ id: 'a', relapses: 2, years: 4 }, { id: 'b', relapses: 0, years: 1 }]).rate // => 0.4
 */
export function crudeAnnualizedRelapseRate(units: readonly RelapseExposure[], confLevel = 0.95): CrudeArr {
  let k = 0;
  let t = 0;
  let sumRates = 0;
  let m = 0;
  for (const u of units) {
    if (!(u.relapses >= 0) || !(u.years >= 0)) throw new UsageError(`unit ${u.id}: relapses and years must be >= 0, got ${u.relapses}, ${u.years}`);
    k += u.relapses;
    t += u.years;
    if (u.years > 0) {
      sumRates += u.relapses / u.years;
      m++;
    }
  }
  return { ...exactPoissonRate(k, t, confLevel), units: units.length, meanOfRates: m ? sumRates / m : NaN };
}

/** An exposure window of one patient (follow-up, or one therapy episode). */
export interface ExposureWindow {
  /** Patient id (relapses are matched on it). */
  id: string;
  /** Optional label (e.g. episode number, drug) copied to the output. */
  label?: string;
  /** Index date of the window (start of follow-up or of an episode); relapses on it are not counted by default. */
  start: MsDate;
  /** Last day of exposure (a relapse on it counts). Consecutive windows tile without gap when the next one starts on this day, e.g. a switch date. */
  end: MsDate;
}

/** Relapse count and years in one window. */
export interface WindowRelapses extends RelapseExposure {
  label: string | null;
  /** Per-window rate (relapses / years), NaN when years is 0. */
  rate: number;
}

/**
 * Count the follow-up relapses of each window (`start < onset <= end`, or
 * `start <= onset <= end` with `includeIndexRelapses`; {@link isFollowUpRelapse})
 * and its length in years (`(end - start) / 365.25`).
 * @param relapses rows { id, date } of relapse onsets.
 * @param options includeIndexRelapses (default false: a relapse on the window start is not counted).
 * @throws {UsageError} on invalid dates or `end < start`.
 * @example relapsesInWindows([{ id: '1', start: '2020-01-01', end: '2021-12-31' }], [{ id: '1', date: '2020-01-01' }, { id: '1', date: '2020-05-01' }])[0].relapses // => 1
 */
export function relapsesInWindows(windows: readonly ExposureWindow[], relapses: readonly { id: string; date: MsDate }[], options: FollowUpRelapseOptions = {}): WindowRelapses[] {
  const includeIndex = options.includeIndexRelapses ?? INCLUDE_INDEX_RELAPSES_DEFAULT;
  const byId = new Map<string, number[]>();
  for (const r of relapses) {
    let list = byId.get(r.id);
    if (!list) byId.set(r.id, (list = []));
    list.push(toDayNumber(r.date, `relapse of ${r.id}`));
  }
  return windows.map((w) => {
    const s = toDayNumber(w.start, `window start of ${w.id}`);
    const e = toDayNumber(w.end, `window end of ${w.id}`);
    if (e < s) throw new UsageError(`window of ${w.id}: end ${String(w.end)} before start ${String(w.start)}`);
    const count = (byId.get(w.id) ?? []).filter((r) => isFollowUpRelapse(r, s, e, includeIndex)).length;
    const years = (e - s) / DAYS_PER_YEAR;
    return { id: w.id, label: w.label ?? null, relapses: count, years, rate: years > 0 ? count / years : NaN };
  });
}
