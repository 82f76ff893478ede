/**
 * Input handling of the risk analyses (no numerics): a table's rows as the
 * patient objects of a model artifact, the outcome columns of its
 * `Surv(time, status)`, and horizons converted to the artifact's time unit.
 */
import type { ColumnTable } from '../../models/design/types.js';
import type { ModelArtifact, PatientInput } from '../../models/risk/artifact/types.js';
import { DataValidationError, UsageError } from '../../util/errors.js';

/** Time units of a data set and of an artifact. */
export const TIME_UNITS = ['days', 'months', 'years'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** Days per time unit (a month is a twelfth of a Julian year). */
export const UNIT_DAYS: Readonly<Record<TimeUnit, number>> = { days: 1, months: 365.25 / 12, years: 365.25 };

/**
 * `horizons` in `unit` converted to `to` (the same values when the units agree).
 * @example convertHorizons([3, 5], 'years', 'days') // => [1095.75, 1826.25]
 */
export function convertHorizons(horizons: readonly number[], unit: TimeUnit, to: TimeUnit): number[] {
  return horizons.map((h) => (unit === to ? h : (h * UNIT_DAYS[unit]) / UNIT_DAYS[to]));
}

/** The horizons of an evaluation or prediction in the artifact's time unit: the artifact's own when none are given. */
export function artifactHorizons(a: ModelArtifact, horizons: readonly number[] | undefined, unit: TimeUnit | undefined): number[] {
  return horizons ? convertHorizons(horizons, unit ?? a.timeUnit, a.timeUnit) : [...a.horizons];
}

/** The outcome columns of a model. */
export interface OutcomeColumns {
  time: string;
  status: string;
}

/**
 * The `Surv(time, status)` column names of an artifact's formula, or those given.
 * @throws UsageError when the formula has no Surv(time, status) and no columns are given.
 */
export function responseColumns(a: ModelArtifact, given: { time?: string | undefined; status?: string | undefined } = {}): OutcomeColumns {
  const m = /Surv\(\s*([^,()]+?)\s*,\s*([^,()]+?)\s*\)/.exec(a.formula ?? '');
  const time = given.time ?? m?.[1];
  const status = given.status ?? m?.[2];
  if (!time || !status) throw new UsageError(`Model '${a.id}' has no Surv(time, status) formula: give --time COL and --status COL`);
  return { time, status };
}

/** A numeric column of the table; errors name the source. */
function numericColumn(data: ColumnTable, name: string, source: string): Float64Array {
  const col = data[name];
  if (col === undefined) throw new UsageError(`Column '${name}' is not in ${source} (columns: ${Object.keys(data).join(', ')})`);
  if (!(col instanceof Float64Array)) throw new DataValidationError([{ file: source, row: 0, field: name, message: `column '${name}' must be numeric` }]);
  return col;
}

/** The table's rows as patients of one model. */
export interface TablePatients {
  patients: PatientInput[];
  /** 0-based table row of each patient. */
  rows: number[];
  /** Rows left out (a missing covariate, or `keep` false). */
  dropped: number;
}

/**
 * The rows of `data` as patient objects for `a`: numeric covariates as
 * numbers, categorical ones as strings (a numeric column's value 2 becomes
 * level "2"). Rows with a missing covariate (or `keep(i)` false) are left out and counted.
 * @throws UsageError when a covariate column is missing.
 */
export function patientsFromTable(a: ModelArtifact, data: ColumnTable, source: string, keep?: (i: number) => boolean): TablePatients {
  const n = Object.values(data)[0]?.length ?? 0;
  const cols = a.covariates.map((c) => {
    const col = data[c.name];
    if (col === undefined) throw new UsageError(`Model '${a.id}' needs column '${c.name}', not in ${source}`);
    return col;
  });
  const patients: PatientInput[] = [];
  const rows: number[] = [];
  let dropped = 0;
  for (let i = 0; i < n; i++) {
    const p: Record<string, number | string> = {};
    let ok = keep ? keep(i) : true;
    a.covariates.forEach((c, k) => {
      const v = cols[k]?.[i];
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) ok = false;
      else if (c.type === 'numeric') {
        if (typeof v === 'number') p[c.name] = v;
        else {
          const num = Number(v);
          if (String(v).trim() === '' || !Number.isFinite(num)) ok = false;
          else p[c.name] = num;
        }
      } else p[c.name] = typeof v === 'number' ? String(v) : v;
    });
    if (ok) {
      patients.push(p);
      rows.push(i);
    } else dropped++;
  }
  return { patients, rows, dropped };
}

/** Observed outcome of the chosen rows. */
export interface Outcome {
  time: Float64Array;
  /** 1 = event, 0 = censored. */
  status: Float64Array;
  events: number;
}

/** True for the rows whose time and status are both present. */
export function outcomePresent(data: ColumnTable, cols: OutcomeColumns, source: string): (i: number) => boolean {
  const t = numericColumn(data, cols.time, source);
  const s = numericColumn(data, cols.status, source);
  return (i) => Number.isFinite(t[i] ?? NaN) && Number.isFinite(s[i] ?? NaN);
}

/** Time and status (1 = event) of `rows`, with the number of events. */
export function outcomeOf(data: ColumnTable, cols: OutcomeColumns, rows: readonly number[], source: string): Outcome {
  const t = numericColumn(data, cols.time, source);
  const s = numericColumn(data, cols.status, source);
  const status = Float64Array.from(rows, (i) => (s[i] === 1 ? 1 : 0));
  let events = 0;
  for (const x of status) events += x;
  return { time: Float64Array.from(rows, (i) => t[i] ?? NaN), status, events };
}
