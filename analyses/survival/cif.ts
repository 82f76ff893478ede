/**
 * Cumulative incidence per cause and group with Gray's test (cmprsk's
 * `cuminc`) as an analysis.
 *
 * Disclosure for a study (docs/access-levels.md, docs/missing-data.md): the
 * curves are read on a coarse time grid (no event times) unless the study
 * allows individual times; events per cause below the study's minimum cell
 * count are hidden with a complement (their total counts as published); a
 * result on fewer rows than the threshold shows no curves and no estimates;
 * a small dropped count is hidden (also in the warnings).
 */
import { discloseIncidenceCurves, type IncidenceCurve } from '../../engine/disclosure/disclose-summaries.js';
import { suppressSmallCounts1D } from '../../engine/disclosure/suppress-small-counts.js';
import type { ColumnTable } from '../../models/design/types.js';
import type { CumulativeIncidenceJSON, CumulativeIncidenceResult, IncidenceAtTimes } from '../../models/survival/competing-risks/cumulative-incidence.js';
import { discloseMissingReport, discloseWarnings, type MissingDataReport } from '../core/missing-data.js';
import { parseOptions } from '../core/options.js';
import { loadTable } from '../core/load.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec, type DiscloseContext, type Disclosed } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { checkFactorVariables } from './factor-variables.js';
import type { CifOptionsInput, CifOptionsParsed } from './options.js';

export type { CifOptionsInput, CifOptionsParsed } from './options.js';

/** The whole result of a plain table: cmprsk's curves, tests and estimates with the counts. */
export type CifTable = CumulativeIncidenceJSON & { events: number; eventsByCause: Record<string, number>; dropped: number };

/** The result under a study: curves on a grid (none when the result rests on too few rows), counts null where hidden. */
export type DisclosedCifTable = Omit<CumulativeIncidenceJSON, 'n' | 'nDropped' | 'curves'> & {
  curves: IncidenceCurve[];
  n: number | null;
  nDropped: number | null;
  events: number | null;
  eventsByCause: Record<string, number | null>;
  dropped: number | null;
  droppedNote?: string;
  gridWidth: number | null;
  disclosure: { threshold: number };
};

/**
 * Result of {@link cif}: the table (whole, or disclosed), the missing-data
 * report, and for a plain table the estimates a print shows (at the requested
 * times, or four rounded times over the observed range).
 */
export type CifResult =
  | { disclosed: false; table: CifTable; report: MissingDataReport; estimates: IncidenceAtTimes }
  | { disclosed: true; table: DisclosedCifTable; report: MissingDataReport };

/** Fits the cumulative incidence of the options (the numeric phase of {@link cif}; also `figure cif`). */
export async function fitCif(data: ColumnTable, o: Pick<CifOptionsParsed, 'formula' | 'times' | 'cencode' | 'rho' | 'strata' | 'factors'>): Promise<CumulativeIncidenceResult> {
  const { cumulativeIncidence } = await import('../../models/survival/index.js');
  return cumulativeIncidence(o.formula, data, {
    ...(o.times ? { times: o.times } : {}),
    ...(o.cencode !== undefined ? { cencode: o.cencode } : {}),
    ...(o.rho !== undefined ? { rho: o.rho } : {}),
    ...(o.strata ? { strata: o.strata } : {}),
    ...(o.factors ? { factors: o.factors } : {}),
  });
}

/** Four rounded time points spread over the observed range (the default print). */
export function defaultPrintTimes(times: readonly number[]): number[] {
  const max = Math.max(...times.filter(Number.isFinite));
  if (!Number.isFinite(max) || max <= 0) return [0];
  const step = 10 ** Math.floor(Math.log10(max / 4));
  const base = Math.max(step, Math.floor(max / 4 / step) * step);
  return [1, 2, 3, 4].map((k) => k * base).filter((t) => t <= max);
}

/**
 * The study path: curves on a grid, per-cause events with complements, the
 * rest hidden when the result rests on fewer rows than the threshold. Also the
 * disclosure of `figure cif`.
 */
export function discloseCif(res: CumulativeIncidenceResult, ctx: Pick<DiscloseContext<unknown, unknown>, 'disclosure'>): Disclosed<CifResult & { disclosed: true }> {
  const json = res.toJSON();
  const threshold = ctx.disclosure.threshold;
  const d = discloseIncidenceCurves(json.curves, ctx.disclosure);
  const small = json.n < threshold;
  // Events per cause with their total published: small cells hidden with a complement (a small total too).
  const causes = Object.keys(res.eventsByCause);
  const byCause = causes.length ? suppressSmallCounts1D(causes.map((c) => res.eventsByCause[c]!), { threshold }) : { counts: [], total: 0 };
  const report = discloseMissingReport({ n: small ? null : json.n, events: byCause.total, dropped: json.nDropped }, threshold);
  const table: DisclosedCifTable = {
    ...json,
    n: report.n,
    events: report.events,
    eventsByCause: Object.fromEntries(causes.map((c, i) => [c, byCause.counts[i] ?? null])),
    nDropped: report.dropped,
    dropped: report.dropped,
    ...(report.droppedNote ? { droppedNote: report.droppedNote } : {}),
    warnings: discloseWarnings(json.warnings, report, threshold),
    curves: small ? [] : d.curves,
    at: small ? null : json.at,
    gridWidth: d.gridWidth,
    disclosure: { threshold },
  };
  return {
    result: { disclosed: true, table, report },
    summary: { n: table.n, events: table.events, dropped: table.dropped, tests: json.tests, at: table.at },
    hidden: [...(small ? ['curves', 'at'] : []), ...causes.filter((_, i) => byCause.counts[i] === null).map((c) => `events of cause ${c}`)],
    notes: d.gridWidth === null ? [] : [`curves read on a grid of ${d.gridWidth}`],
    warnings: table.warnings,
  };
}

const CIF: AnalysisSpec<CifOptionsParsed, ColumnTable, CumulativeIncidenceResult, CifResult> = {
  name: 'cif',
  load: (source, o) => loadTable(source, o.data),
  fit: (data, o) => fitCif(data, o),
  plain(res) {
    const table: CifTable = { ...res.toJSON(), events: res.events, eventsByCause: res.eventsByCause, dropped: res.nDropped };
    const estimates = res.at ?? res.timepoints(defaultPrintTimes(res.curves.flatMap((c) => Array.from(c.time))));
    return { disclosed: false, table, report: { n: res.n, events: res.events, dropped: res.nDropped }, estimates };
  },
  warnings: (res) => res.warnings,
  disclose: (res, ctx) => discloseCif(res, ctx),
};

/**
 * Cumulative incidence of a data source per cause and group with Gray's tests
 * (cmprsk's `cuminc(ftime, fstatus, group, cencode = 0)`); disclosed for a
 * study. Validates the options (zod, loaded on demand).
 * @throws UsageError for invalid options; FormulaError.
 * @example const r = await cif(tableSource(mgus2), { formula: 'Surv(etime, event) ~ sex', times: [60, 120] }); r.result.table.tests
 */
export async function cif(source: DataSource, options: CifOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<CifResult>> {
  const { CifOptions } = await import('./options.js');
  return runCif(source, parseOptions('cif', CifOptions, options), call);
}

/** {@link cif} with options in their parsed form (the CLI's validated flags): no zod load. */
export async function runCif(source: DataSource, options: CifOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<CifResult>> {
  checkFactorVariables(options.formula, options.factors);
  return runAnalysis(CIF, source, options, call);
}
