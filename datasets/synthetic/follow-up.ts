/**
 * Shared pieces of every synthetic patient: index date, birth year and month,
 * background mortality, the end of follow-up, and the final clean-up that keeps
 * every record inside the observed window.
 */
import type { ClinicalEvent, Observation, Treatment, Visit } from '../../engine/schema.js';
import { exponential, randomInt, type RandomSource } from '../../util/random.js';
import { civilFromDays, DAYS_PER_YEAR, isoFromDays, yearsToDays } from './dates.js';
import { COMMON_PARAMETERS } from './parameters.js';
import { gompertzResidual } from './sampling.js';
import type { FollowUpEnd, PatientRecords } from './types.js';

/** Uniform index day in `[from, to]`. */
export function drawIndexDay(rand: RandomSource, from: number, to: number): number {
  return from + randomInt(rand, to - from + 1);
}

/** Birth year and month of a person aged `ageYears` on `indexDay` (the day of birth is never kept). */
export function birthFromAge(indexDay: number, ageYears: number): { birth_year: number; birth_month: number } {
  const birth = civilFromDays(indexDay - Math.round(ageYears * DAYS_PER_YEAR));
  return { birth_year: birth.year, birth_month: birth.month };
}

/** Day of death from background (Gompertz) mortality for someone aged `age` on `indexDay`. */
export function backgroundDeathDay(rand: RandomSource, indexDay: number, age: number, hazardRatio: number): number {
  const { a, b } = COMMON_PARAMETERS.gompertz;
  const years = gompertzResidual(rand, a, b, age, hazardRatio);
  return indexDay + Math.max(1, yearsToDays(Math.min(years, 200)));
}

/** End of observation without death: the earliest of administrative end, maximum follow-up and loss to follow-up. */
export function censoringDay(rand: RandomSource, indexDay: number, endDay: number, lossRate: number): { day: number; reason: Exclude<FollowUpEnd, 'death'> } {
  const maxDay = indexDay + yearsToDays(COMMON_PARAMETERS.maxFollowUpYears);
  const lossDay = indexDay + Math.max(1, yearsToDays(exponential(rand, lossRate)));
  let day = endDay;
  let reason: Exclude<FollowUpEnd, 'death'> = 'administrative';
  if (maxDay < day) {
    day = maxDay;
    reason = 'max_follow_up';
  }
  if (lossDay < day) {
    day = lossDay;
    reason = 'lost_to_follow_up';
  }
  return { day, reason };
}

/** Date of a day number (re-exported for the generators). */
export const iso = isoFromDays;

function keyOf(rec: object, key: readonly string[]): string {
  const r = rec as Record<string, unknown>;
  return key.map((k) => String(r[k] ?? '')).join('\u0000');
}

function dedupe<T extends object>(records: T[], key: readonly string[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const r of records) {
    const k = keyOf(r, key);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(r);
  }
  return out;
}

function byDate<T extends { date: string }>(a: T, b: T): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

/**
 * Keep records inside `[index_date, last_contact]`, mark therapies still running
 * at last contact as ongoing (stop empty), drop duplicate keys (first wins) and
 * sort by date (stable, so same-day records keep their generation order).
 */
export function finalizeRecords(rec: PatientRecords): PatientRecords {
  const first = rec.patient.index_date;
  const last = rec.patient.last_contact as string;
  const inWindow = (d: string): boolean => d >= first && d <= last;
  const events: ClinicalEvent[] = dedupe(rec.events.filter((e) => inWindow(e.date)), ['pseudonym', 'date', 'type', 'code']).sort(byDate);
  const observations: Observation[] = dedupe(rec.observations.filter((o) => inWindow(o.date)), ['pseudonym', 'date', 'code']).sort(byDate);
  const visits: Visit[] = dedupe(rec.visits.filter((v) => inWindow(v.date)), ['pseudonym', 'date', 'type']).sort(byDate);
  const treatments: Treatment[] = dedupe(
    rec.treatments
      .filter((t) => inWindow(t.start))
      .map((t) => (t.stop != null && t.stop > last ? { ...t, stop: null, stop_reason: null } : t)),
    ['pseudonym', 'start', 'substance'],
  ).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return { patient: rec.patient, events, observations, treatments, visits };
}
