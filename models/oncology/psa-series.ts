/**
 * PSA series as the prostate rules read them: validated, sorted by date,
 * restricted to a window, with values on the same day collapsed. Input
 * handling only; the rules (biochemical-recurrence-*.ts, psa-doubling-time.ts)
 * see the cleaned day numbers and values.
 */
import { UsageError } from '../../util/errors.js';
import { dayOf } from './day-number.js';

/** One PSA measurement (ng/mL). A value below the assay's limit is recorded at the limit (e.g. `<0.01` as 0.01). */
export interface PsaValue {
  /** ISO date `YYYY-MM-DD`. */
  date: string;
  /** PSA in ng/mL (finite, >= 0). */
  value: number;
}

/** A cleaned PSA series: strictly increasing days. */
export interface PsaSeries {
  days: number[];
  values: number[];
  warnings: string[];
}

/**
 * Sort by date, keep values with `fromDay < day <= toDay` (the treatment day
 * itself is excluded: a post-treatment series starts the day after), and
 * replace several values on one day by their mean (with a warning).
 * @throws {UsageError} on a malformed date or a value that is not a finite number >= 0.
 * @example cleanPsaSeries([{ date: '2020-02-01', value: 0.1 }], 0, Infinity).values // => [0.1]
 */
export function cleanPsaSeries(psa: readonly PsaValue[], fromDay: number, toDay: number): PsaSeries {
  const rows: { day: number; value: number }[] = [];
  psa.forEach((p, i) => {
    const day = dayOf(p.date, `psa[${i}].date`);
    if (typeof p.value !== 'number' || !Number.isFinite(p.value) || p.value < 0) {
      throw new UsageError(`psa[${i}].value must be a finite number >= 0 (ng/mL), got ${String(p.value)}`);
    }
    if (day > fromDay && day <= toDay) rows.push({ day, value: p.value });
  });
  rows.sort((a, b) => a.day - b.day);
  const days: number[] = [];
  const values: number[] = [];
  const warnings: string[] = [];
  let collapsed = 0;
  for (let i = 0; i < rows.length; ) {
    let j = i;
    let sum = 0;
    const day = (rows[i] as { day: number }).day;
    while (j < rows.length && (rows[j] as { day: number }).day === day) sum += (rows[j++] as { value: number }).value;
    if (j - i > 1) collapsed++;
    days.push(day);
    values.push(sum / (j - i));
    i = j;
  }
  if (collapsed > 0) warnings.push(`${collapsed} day(s) with several PSA values: their mean was used`);
  return { days, values, warnings };
}
