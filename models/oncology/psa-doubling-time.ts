/**
 * PSA doubling time: ln 2 divided by the slope of the least-squares line of
 * ln(PSA) on time, from at least 3 values (Pound CR et al., JAMA
 * 1999;281:1591-1597; the MSKCC PSADT calculator uses the same log-linear
 * fit; docs/oncology.md "Prostate cancer follow-up"). Time is measured in
 * months of 365.25 / 12 = 30.4375 days (default) or in years of 365.25 days.
 */
import { UsageError } from '../../util/errors.js';
import { cleanPsaSeries, type PsaValue } from './psa-series.js';

/** Days per month (365.25 / 12) and per year used for the time axis. */
export const PSADT_DAYS_PER_MONTH = 30.4375;
export const PSADT_DAYS_PER_YEAR = 365.25;

/** Options of {@link psaDoublingTime}. */
export interface PsaDoublingTimeOptions {
  /** Unit of the doubling time and of the slope: `'months'` (default) or `'years'`. */
  unit?: 'months' | 'years';
  /** Minimum number of positive values on distinct days (default 3; at least 2). */
  minValues?: number;
}

/** A doubling time with the fit it came from. */
export interface PsaDoublingTime {
  /** ln 2 / slope in `unit`; Infinity when PSA does not rise (slope <= 0); NaN when it cannot be computed. */
  doublingTime: number;
  /** Slope of ln(PSA) per `unit`; NaN when it cannot be computed. */
  slope: number;
  /** Number of values used. */
  n: number;
  unit: 'months' | 'years';
  warnings: string[];
}

/**
 * PSA doubling time from a patient's PSA values (the caller chooses which:
 * e.g. the values after a biochemical recurrence).
 * @param psa values in ng/mL (any order; not modified); values of 0 are dropped (log undefined) with a warning; several on one day are averaged.
 * @param options unit (default months) and minimum number of values (default 3).
 * @returns NaN with a warning when fewer than `minValues` usable values remain or all share one day.
 * @throws {UsageError} on malformed dates or values or a bad option.
 * @example psaDoublingTime([{ date: '2020-01-01', value: 1 }, { date: '2020-07-01', value: 2 }, { date: '2020-12-31', value: 4 }]).doublingTime // => ~6
 */
export function psaDoublingTime(psa: readonly PsaValue[], options: PsaDoublingTimeOptions = {}): PsaDoublingTime {
  const unit = options.unit ?? 'months';
  if (unit !== 'months' && unit !== 'years') throw new UsageError(`unit must be 'months' or 'years', got ${String(unit)}`);
  const minValues = options.minValues ?? 3;
  if (!(Number.isInteger(minValues) && minValues >= 2)) throw new UsageError(`minValues must be an integer >= 2, got ${String(minValues)}`);
  const s = cleanPsaSeries(psa, -Infinity, Infinity);
  const warnings = [...s.warnings];
  const perUnit = unit === 'months' ? PSADT_DAYS_PER_MONTH : PSADT_DAYS_PER_YEAR;
  const x: number[] = [];
  const y: number[] = [];
  let zeros = 0;
  for (let i = 0; i < s.days.length; i++) {
    const v = s.values[i] as number;
    if (v <= 0) {
      zeros++;
      continue;
    }
    x.push((s.days[i] as number) / perUnit);
    y.push(Math.log(v));
  }
  if (zeros > 0) warnings.push(`${zeros} PSA value(s) of 0 dropped (log undefined)`);
  const n = x.length;
  if (n < minValues) {
    warnings.push(`PSA doubling time needs at least ${minValues} positive values on distinct days, got ${n}: NaN`);
    return { doublingTime: NaN, slope: NaN, n, unit, warnings };
  }
  // Centre on the first time to keep the sums well conditioned.
  const x0 = x[0] as number;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += (x[i] as number) - x0;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - x0 - mx;
    sxx += dx * dx;
    sxy += dx * ((y[i] as number) - my);
  }
  const slope = sxy / sxx;
  if (!(slope > 0)) {
    warnings.push(`PSA does not rise (slope of ln PSA ${slope} per ${unit.slice(0, -1)}): doubling time Infinity`);
    return { doublingTime: Infinity, slope, n, unit, warnings };
  }
  return { doublingTime: Math.LN2 / slope, slope, n, unit, warnings };
}
