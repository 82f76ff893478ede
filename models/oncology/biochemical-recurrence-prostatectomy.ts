/**
 * Biochemical recurrence after radical prostatectomy, AUA definition:
 * Cookson MS et al., "Variation in the definition of biochemical recurrence
 * in patients treated for localized prostate cancer: the American Urological
 * Association Prostate Guidelines for Localized Prostate Cancer Update Panel
 * report and recommendations for a standard in the reporting of surgical
 * outcomes", J Urol 2007;177:540-545: a PSA >= 0.2 ng/mL confirmed by a
 * second value >= 0.2 ng/mL; the recurrence is dated at the first qualifying
 * value (docs/oncology.md "Prostate cancer follow-up").
 *
 * Choices made here (all options): the confirming value is the next measured
 * value (on a later day); a rise followed by a value below the threshold is
 * not a recurrence and the search goes on; a last value at or above the
 * threshold with no value after it is "awaiting confirmation" (censored, with
 * a warning). Persistent PSA, >= 0.1 ng/mL at the first value 4-8 weeks
 * (28-56 days) after surgery (verify), is reported and, if asked, counted as
 * a recurrence dated at that value (not backdated to surgery).
 */
import { UsageError } from '../../util/errors.js';
import { dayOf, isoOf } from './day-number.js';
import { cleanPsaSeries, type PsaValue } from './psa-series.js';

/** Persistent PSA window and threshold (defaults: >= 0.1 ng/mL, 28 to 56 days after surgery; verify). */
export interface PersistentPsaOptions {
  /** ng/mL, default 0.1. */
  threshold?: number;
  /** First day of the window after surgery, default 28 (4 weeks). */
  fromDays?: number;
  /** Last day of the window after surgery, default 56 (8 weeks). */
  toDays?: number;
}

/** Options of {@link biochemicalRecurrenceAfterProstatectomy}. */
export interface ProstatectomyBcrOptions {
  /** Date of surgery, ISO; the time origin. Only values after it are read. */
  surgeryDate: string;
  /** Last follow-up, ISO; values after it are ignored. Default: the last PSA date (surgery date without values). */
  lastFollowUp?: string;
  /** Recurrence threshold in ng/mL (default 0.2, AUA 2007). */
  threshold?: number;
  /** Threshold of the confirming value (default: `threshold`). */
  confirmThreshold?: number;
  /** Persistent-PSA rule (defaults above). */
  persistent?: PersistentPsaOptions;
  /** Count persistent PSA as a recurrence at the date of the persistent value (default false). */
  persistentAsRecurrence?: boolean;
}

/** Outcome of a biochemical recurrence rule for one patient. */
export interface BiochemicalRecurrence {
  /** 1 = recurrence, 0 = censored. */
  status: 0 | 1;
  /** ISO date of the recurrence, null when censored. */
  date: string | null;
  /** Days from the origin to the recurrence or to the end of follow-up. */
  time: number;
  /** PSA at the recurrence (ng/mL), NaN when censored. */
  value: number;
  /** ISO date follow-up ended (recurrence or last follow-up). */
  endDate: string;
  warnings: string[];
}

/** AUA result with the confirmation and persistent-PSA details. */
export interface ProstatectomyBcr extends BiochemicalRecurrence {
  /** Date of the confirming value, null when none. */
  confirmationDate: string | null;
  /** Whether the first value in the persistent-PSA window reached its threshold; null with no value in the window. */
  persistentPsa: boolean | null;
  /** Rises to the threshold not confirmed by the next value. */
  unconfirmedRises: number;
}

function positive(name: string, v: number): number {
  if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new UsageError(`${name} must be a finite number > 0, got ${String(v)}`);
  return v;
}

/**
 * AUA biochemical recurrence after radical prostatectomy.
 * @param psa the patient's PSA values (ng/mL; any order; not modified).
 * @param options surgery date, follow-up and thresholds (defaults above).
 * @throws {UsageError} on malformed dates or values, non-positive thresholds or a bad window.
 * @example
 * biochemicalRecurrenceAfterProstatectomy(
 *   [{ date: '2020-03-01', value: 0.01 }, { date: '2021-03-01', value: 0.2 }, { date: '2021-04-12', value: 0.3 }],
 *   { surgeryDate: '2020-01-01' }).date // => '2021-03-01'
 */
export function biochemicalRecurrenceAfterProstatectomy(psa: readonly PsaValue[], options: ProstatectomyBcrOptions): ProstatectomyBcr {
  const threshold = positive('threshold', options.threshold ?? 0.2);
  const confirmThreshold = positive('confirmThreshold', options.confirmThreshold ?? threshold);
  const pThreshold = positive('persistent.threshold', options.persistent?.threshold ?? 0.1);
  const fromDays = options.persistent?.fromDays ?? 28;
  const toDays = options.persistent?.toDays ?? 56;
  if (!(Number.isFinite(fromDays) && Number.isFinite(toDays) && 0 <= fromDays && fromDays <= toDays)) {
    throw new UsageError(`persistent window must satisfy 0 <= fromDays <= toDays, got ${fromDays}..${toDays}`);
  }
  const origin = dayOf(options.surgeryDate, 'surgeryDate');
  const lastGiven = options.lastFollowUp === undefined ? null : dayOf(options.lastFollowUp, 'lastFollowUp');
  if (lastGiven !== null && lastGiven < origin) throw new UsageError(`lastFollowUp (${options.lastFollowUp}) is before surgeryDate (${options.surgeryDate})`);
  const s = cleanPsaSeries(psa, origin, lastGiven ?? Infinity);
  const { days, values } = s;
  const warnings = [...s.warnings];
  const n = days.length;
  const endDay = lastGiven ?? (n > 0 ? (days[n - 1] as number) : origin);

  let persistentPsa: boolean | null = null;
  let persistentIndex = -1;
  for (let i = 0; i < n; i++) {
    const d = (days[i] as number) - origin;
    if (d < fromDays) continue;
    if (d <= toDays) {
      persistentPsa = (values[i] as number) >= pThreshold;
      persistentIndex = i;
    }
    break;
  }

  let unconfirmedRises = 0;
  let hit = -1;
  for (let i = 0; i < n; i++) {
    if ((values[i] as number) < threshold) continue;
    if (i + 1 >= n) {
      warnings.push(`PSA ${values[i]} ng/mL on ${isoOf(days[i] as number)} reaches ${threshold} but awaits confirmation (last value): censored`);
      break;
    }
    if ((values[i + 1] as number) >= confirmThreshold) {
      hit = i;
      break;
    }
    unconfirmedRises++;
  }
  if (unconfirmedRises > 0) warnings.push(`${unconfirmedRises} rise(s) to >= ${threshold} ng/mL not confirmed by the next value`);

  if (options.persistentAsRecurrence === true && persistentPsa === true && (hit < 0 || persistentIndex < hit)) {
    const day = days[persistentIndex] as number;
    return {
      status: 1,
      date: isoOf(day),
      time: day - origin,
      value: values[persistentIndex] as number,
      endDate: isoOf(day),
      confirmationDate: null,
      persistentPsa,
      unconfirmedRises,
      warnings: [...warnings, 'persistent PSA counted as recurrence'],
    };
  }
  if (hit < 0) {
    return { status: 0, date: null, time: endDay - origin, value: NaN, endDate: isoOf(endDay), confirmationDate: null, persistentPsa, unconfirmedRises, warnings };
  }
  const day = days[hit] as number;
  return {
    status: 1,
    date: isoOf(day),
    time: day - origin,
    value: values[hit] as number,
    endDate: isoOf(day),
    confirmationDate: isoOf(days[hit + 1] as number),
    persistentPsa,
    unconfirmedRises,
    warnings,
  };
}
