/**
 * Biochemical recurrence after radiotherapy, Phoenix definition: Roach M 3rd
 * et al., "Defining biochemical failure following radiotherapy with or
 * without hormonal therapy in men with clinically localized prostate cancer:
 * recommendations of the RTOG-ASTRO Phoenix Consensus Conference", Int J
 * Radiat Oncol Biol Phys 2006;65:965-974: a rise of 2 ng/mL or more above the
 * nadir, dated when it is met ("at call", not backdated)
 * (docs/oncology.md "Prostate cancer follow-up").
 *
 * The nadir is the lowest post-treatment value measured before the value
 * tested (a running minimum, so it updates as the PSA falls); the first value
 * after treatment cannot be a failure. No confirmation is required.
 * Not handled (the caller must): salvage therapy or starting androgen
 * deprivation before the rule is met, which many protocols count as failure
 * at that date, and PSA bounce (Phoenix accepts bounces as failures).
 */
import { UsageError } from '../../util/errors.js';
import type { BiochemicalRecurrence } from './biochemical-recurrence-prostatectomy.js';
import { dayOf, isoOf } from './day-number.js';
import { cleanPsaSeries, type PsaValue } from './psa-series.js';

/** Options of {@link biochemicalRecurrenceAfterRadiotherapy}. */
export interface RadiotherapyBcrOptions {
  /** Last day of radiotherapy, ISO; the time origin. Only values after it are read. */
  treatmentEnd: string;
  /** Last follow-up, ISO; values after it are ignored. Default: the last PSA date (treatment end without values). */
  lastFollowUp?: string;
  /** Rise above the nadir in ng/mL (default 2, Phoenix 2006). */
  increment?: number;
}

/** Phoenix result with the nadir. */
export interface RadiotherapyBcr extends BiochemicalRecurrence {
  /** Nadir before the failure (or over the whole series when censored); NaN without values. */
  nadir: number;
  /** ISO date of that nadir, null without values. */
  nadirDate: string | null;
}

/**
 * Phoenix biochemical failure after radiotherapy.
 * @param psa the patient's PSA values (ng/mL; any order; not modified).
 * @param options treatment end, follow-up and increment (defaults above).
 * @throws {UsageError} on malformed dates or values, or a non-positive increment.
 * @example
 * biochemicalRecurrenceAfterRadiotherapy(
 *   [{ date: '2020-06-01', value: 1.5 }, { date: '2021-01-01', value: 0.5 }, { date: '2022-01-01', value: 2.5 }],
 *   { treatmentEnd: '2020-02-01' }).date // => '2022-01-01'
 */
export function biochemicalRecurrenceAfterRadiotherapy(psa: readonly PsaValue[], options: RadiotherapyBcrOptions): RadiotherapyBcr {
  const increment = options.increment ?? 2;
  if (!(typeof increment === 'number' && Number.isFinite(increment) && increment > 0)) throw new UsageError(`increment must be a finite number > 0, got ${String(increment)}`);
  const origin = dayOf(options.treatmentEnd, 'treatmentEnd');
  const lastGiven = options.lastFollowUp === undefined ? null : dayOf(options.lastFollowUp, 'lastFollowUp');
  if (lastGiven !== null && lastGiven < origin) throw new UsageError(`lastFollowUp (${options.lastFollowUp}) is before treatmentEnd (${options.treatmentEnd})`);
  const s = cleanPsaSeries(psa, origin, lastGiven ?? Infinity);
  const { days, values } = s;
  const n = days.length;
  const endDay = lastGiven ?? (n > 0 ? (days[n - 1] as number) : origin);
  let nadir = Infinity;
  let nadirIndex = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (nadirIndex >= 0 && v >= nadir + increment) {
      const day = days[i] as number;
      return { status: 1, date: isoOf(day), time: day - origin, value: v, endDate: isoOf(day), nadir, nadirDate: isoOf(days[nadirIndex] as number), warnings: s.warnings };
    }
    if (v < nadir) {
      nadir = v;
      nadirIndex = i;
    }
  }
  return {
    status: 0,
    date: null,
    time: endDay - origin,
    value: NaN,
    endDate: isoOf(endDay),
    nadir: nadirIndex >= 0 ? nadir : NaN,
    nadirDate: nadirIndex >= 0 ? isoOf(days[nadirIndex] as number) : null,
    warnings: s.warnings,
  };
}
