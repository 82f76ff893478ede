/**
 * Disclosure control of the smaller result types the CLI exports: group
 * tables (log-rank, RMST), cumulative incidence curves, and cohort
 * descriptions. Same threshold rule as everywhere: counts `0 < n < threshold`
 * are hidden (with complementary suppression where a published total would
 * reveal them), estimates on a group of fewer than `threshold` are hidden, and
 * curves are reported on a coarse time grid unless individual times are allowed.
 */
import type { CohortDescription } from '../describe.js';
import { checkThreshold, suppressSmallCounts1D } from './suppress-small-counts.js';
import { ceilToGrid, checkWidth, niceWidth } from './time-grid.js';

/** Common options: threshold (default 5), allowIndividualTimes (default false). */
export interface DisclosureOptions {
  threshold?: number;
  allowIndividualTimes?: boolean;
  gridWidth?: number;
}

/**
 * Hides the named count fields of each row where `0 < value < threshold`,
 * with complementary suppression down each field (the field's total over the
 * rows is treated as published), and hides the `estimates` fields of rows whose
 * `sizeField` is below the threshold. Returns new rows.
 *
 * @example suppressRowCounts([{ g: 'a', n: 3 }, { g: 'b', n: 50 }], { counts: ['n'] })
 */
export function suppressRowCounts<T extends object>(
  rows: readonly T[],
  fields: { counts: readonly string[]; sizeField?: string; estimates?: readonly string[] },
  options: DisclosureOptions = {},
): Record<string, unknown>[] {
  const threshold = checkThreshold(options.threshold);
  const out = rows.map((r) => ({ ...r }) as Record<string, unknown>);
  for (const f of fields.counts) {
    const values = out.map((r) => (typeof r[f] === 'number' && Number.isFinite(r[f]) ? (r[f] as number) : 0));
    if (!out.some((r) => typeof r[f] === 'number')) continue;
    const s = suppressSmallCounts1D(values.map((v) => Math.max(0, Math.round(v))), { threshold });
    s.counts.forEach((c, i) => {
      if (c === null) out[i]![f] = null;
    });
  }
  if (fields.sizeField) {
    for (let i = 0; i < rows.length; i++) {
      const size = (rows[i] as Record<string, unknown>)[fields.sizeField];
      if (typeof size === 'number' && size < threshold) for (const e of fields.estimates ?? []) if (e in out[i]!) out[i]![e] = null;
    }
  }
  return out;
}

/** A cumulative incidence curve (cmprsk style: time, est, var). */
export interface IncidenceCurve {
  group: string;
  cause: number;
  label: string;
  time: number[];
  est: number[];
  var: number[];
}

/**
 * Cumulative incidence curves read at grid points (step function at or before
 * each grid point) instead of event times, unless individual times are allowed.
 * @example discloseIncidenceCurves(res.toJSON().curves, { gridWidth: 365 })
 */
export function discloseIncidenceCurves(curves: readonly IncidenceCurve[], options: DisclosureOptions = {}): { curves: IncidenceCurve[]; gridWidth: number | null } {
  checkThreshold(options.threshold);
  if (options.allowIndividualTimes) return { curves: curves.map((c) => ({ ...c, time: [...c.time], est: [...c.est], var: [...c.var] })), gridWidth: null };
  let maxT = 0;
  for (const c of curves) for (const t of c.time) if (Number.isFinite(t) && t > maxT) maxT = t;
  const w = checkWidth(options.gridWidth) ?? niceWidth(maxT);
  const grid: number[] = [0];
  for (let g = w; g <= ceilToGrid(maxT, w) + 1e-9; g = ceilToGrid(g + w, w)) grid.push(g);
  return {
    gridWidth: w,
    curves: curves.map((c) => {
      const est: number[] = [];
      const vr: number[] = [];
      for (const g of grid) {
        let e = 0;
        let v = 0;
        for (let i = 0; i < c.time.length && c.time[i]! <= g; i++) {
          e = c.est[i]!;
          v = c.var[i]!;
        }
        est.push(e);
        vr.push(v);
      }
      return { group: c.group, cause: c.cause, label: c.label, time: [...grid], est, var: vr };
    }),
  };
}

/** A cohort description after disclosure control (counts may be null). */
export interface DisclosedDescription {
  tables: { name: string; rows: number | null }[];
  variables: (Omit<CohortDescription['variables'][number], 'missing' | 'missingShare' | 'min' | 'max'> & { missing: number | null; missingShare: number | null; min: string | number | null; max: string | number | null })[];
  diagnoses: { diagnosis: string; patients: number | null }[];
  eventTypes: { type: string; events: number | null; patients: number | null }[];
  observationCodes: { code: string; values: number | null; patients: number | null; unit: string | null }[];
  disclosure: { threshold: number; allowIndividualTimes: boolean };
}

/**
 * A cohort description for export: patient, event and value counts below the
 * threshold hidden (with complements down each column, whose total is
 * derivable), small missing counts hidden, and column minima and maxima (an
 * individual's value) removed unless individual times are allowed.
 * @example discloseDescription(await describeCohort(session), { threshold: 5 })
 */
export function discloseDescription(d: CohortDescription, options: DisclosureOptions = {}): DisclosedDescription {
  const threshold = checkThreshold(options.threshold);
  const allow = options.allowIndividualTimes ?? false;
  const small = (n: number) => n > 0 && n < threshold;
  return {
    tables: d.tables.map((t) => ({ name: t.name, rows: small(t.rows) ? null : t.rows })),
    variables: d.variables.map((v) => ({
      ...v,
      missing: small(v.missing) ? null : v.missing,
      missingShare: small(v.missing) ? null : v.missingShare,
      min: allow ? v.min : null,
      max: allow ? v.max : null,
    })),
    diagnoses: suppressRowCounts(d.diagnoses, { counts: ['patients'] }, { threshold }) as DisclosedDescription['diagnoses'],
    eventTypes: suppressRowCounts(d.eventTypes, { counts: ['events', 'patients'] }, { threshold }) as DisclosedDescription['eventTypes'],
    observationCodes: suppressRowCounts(d.observationCodes, { counts: ['values', 'patients'] }, { threshold }) as DisclosedDescription['observationCodes'],
    disclosure: { threshold, allowIndividualTimes: allow },
  };
}
