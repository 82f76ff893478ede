/**
 * Kaplan-Meier survival curves (R's survfit) as an analysis: options in, the
 * whole fit for a plain table, the disclosed curves for a study.
 *
 * Disclosure for a study (docs/access-levels.md, docs/missing-data.md): strata
 * audited against the study's earlier releases (a stratum that would reveal a
 * group smaller than the minimum cell count by difference is hidden), steps of
 * at least the threshold of events on a time grid, small strata hidden; totals
 * shown only where every stratum's count is shown; a small dropped count hidden.
 */
import { discloseKaplanMeier, discloseSurvivalAtTimes, type DisclosedKaplanMeier } from '../../engine/disclosure/disclose-kaplan-meier.js';
import { kaplanMeierCells, POPULATION_CELL } from '../../engine/disclosure/kaplan-meier-cells.js';
import type { ColumnTable } from '../../models/design/types.js';
import type { KaplanMeierFit, KaplanMeierJSON } from '../../models/survival/kaplan-meier/kaplan-meier.js';
import { discloseMissingReport, discloseWarnings, hideSmallCount, type MissingDataReport } from '../core/missing-data.js';
import { parseOptions } from '../core/options.js';
import { loadTable } from '../core/load.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec, type DiscloseContext, type Disclosed } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { checkFactorVariables } from './factor-variables.js';
import type { KmOptionsInput, KmOptionsParsed } from './options.js';

export type { KmOptionsInput, KmOptionsParsed } from './options.js';

/** One stratum's survival at the requested times (all null when withheld). */
export interface SurvivalAtTimes {
  label: string;
  time: number[];
  nRisk: (number | null)[];
  nEvent: (number | null)[];
  surv: (number | null)[];
  stdErr: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
}

/** Result of {@link km}: curves at every event time, or survival at chosen times. */
export type KmResult =
  | { kind: 'curves'; disclosed: false; curves: KaplanMeierJSON; report: MissingDataReport; printed: string }
  | { kind: 'curves'; disclosed: true; curves: DisclosedKaplanMeier; report: MissingDataReport }
  | { kind: 'times'; disclosed: boolean; times: number[]; strata: SurvivalAtTimes[]; report: MissingDataReport };

/** The fit of {@link km}: the curves and their total of events. */
export interface KmFitted {
  fit: KaplanMeierFit;
  events: number;
}

/** A Kaplan-Meier fit with its events (what the disclose step needs). */
export function kmFitted(fit: KaplanMeierFit): KmFitted {
  return { fit, events: fit.toJSON().strata.reduce((a, s) => a + s.events, 0) };
}

const KM: AnalysisSpec<KmOptionsParsed, ColumnTable, KmFitted, KmResult> = {
  name: 'km',
  load: (source, o) => loadTable(source, o.data),
  async fit(data, o) {
    const { kaplanMeier } = await import('../../models/survival/kaplan-meier/kaplan-meier.js');
    const fit = kaplanMeier(o.formula, data, {
      confType: o.confType,
      confLevel: o.confLevel,
      ...(o.weights ? { weights: o.weights } : {}),
      ...(o.factors ? { factors: o.factors } : {}),
    });
    return kmFitted(fit);
  },
  plain({ fit, events }, o) {
    const report: MissingDataReport = { n: fit.n, events, dropped: fit.nDropped };
    if (o.times) {
      const strata = fit.summary({ times: o.times }).map((t) => ({ label: t.label, ...t.table }));
      return { kind: 'times', disclosed: false, times: o.times, strata, report };
    }
    return { kind: 'curves', disclosed: false, curves: fit.toJSON(), report, printed: fit.print() };
  },
  warnings: ({ fit }) => fit.warnings,
  disclose: discloseKm,
};

/**
 * The study path: release audit (the strata against the study's earlier
 * releases, `ctx.planRelease`), then the disclosed curves or times. Also the
 * disclosure of `figure km`.
 */
export async function discloseKm({ fit, events }: KmFitted, ctx: DiscloseContext<KmOptionsParsed, ColumnTable>): Promise<Disclosed<KmResult>> {
  const { threshold } = ctx.disclosure;
  const release = await ctx.planRelease(kaplanMeierCells(fit.formula, ctx.data, ctx.options.weights));
  const hidden = release.decisions.filter((d) => !d.released && d.label !== POPULATION_CELL).map((d) => d.label);
  if (ctx.options.times) {
    const times = ctx.options.times;
    const strata = fit.summary({ times }).map((t): SurvivalAtTimes => {
      const d = discloseSurvivalAtTimes(t.table, { threshold });
      if (!hidden.includes(t.label)) return { label: t.label, ...d };
      const none = d.time.map(() => null);
      return { label: t.label, time: d.time, nRisk: none, nEvent: [...none], surv: [...none], stdErr: [...none], lower: [...none], upper: [...none] };
    });
    // No stratum size is shown here, so the totals follow the plain small-count rule (and the audit's choice for the population).
    const population = release.shows(POPULATION_CELL);
    const report = discloseMissingReport({ n: population ? hideSmallCount(fit.n, threshold) : null, events: population ? hideSmallCount(events, threshold) : null, dropped: fit.nDropped }, threshold);
    return {
      result: { kind: 'times', disclosed: true, times, strata, report },
      summary: { n: fit.n, dropped: report.dropped, times, strata: strata.map((s) => ({ label: s.label, nRisk: s.nRisk, surv: s.surv })) },
      hidden,
      release,
      warnings: discloseWarnings(fit.warnings, report, threshold),
    };
  }
  const curves = discloseKaplanMeier(fit.toJSON(), { ...ctx.disclosure, hiddenStrata: hidden });
  const report = discloseMissingReport({ ...disclosedTotals(curves.strata), dropped: fit.nDropped }, curves.threshold);
  return {
    result: { kind: 'curves', disclosed: true, curves, report },
    summary: { n: fit.n, dropped: report.dropped, strata: curves.strata.map((s) => ({ label: s.label, n: s.n, events: s.events, median: s.median })) },
    hidden: curves.strata.filter((s) => s.suppressed).map((s) => s.label),
    notes: [`steps of at least ${curves.threshold} events${curves.gridWidth === null ? '' : `, times on a grid of ${curves.gridWidth}`}`],
    release,
    warnings: [...discloseWarnings(fit.warnings, report, threshold), ...curves.warnings],
  };
}

/** Totals of disclosed curves: shown only when every stratum's count is shown (a total next to one hidden stratum gives it away). */
function disclosedTotals(strata: readonly { n: number | null; events: number | null }[]): { n: number | null; events: number | null } {
  const sum = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : xs.reduce<number>((a, x) => a + (x as number), 0));
  return { n: sum(strata.map((s) => s.n)), events: sum(strata.map((s) => s.events)) };
}

/**
 * Kaplan-Meier curves of a data source (R's `survfit(formula)`): Greenwood
 * variance, log intervals by default, medians; disclosed for a study.
 * Validates the options (zod, loaded on demand).
 * @throws UsageError for invalid options; FormulaError; AccessDeniedError when disclosure refuses.
 * @example const r = await km(tableSource(lung), { formula: 'Surv(time, status) ~ sex' }); r.result
 */
export async function km(source: DataSource, options: KmOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<KmResult>> {
  const { KmOptions } = await import('./options.js');
  return runKm(source, parseOptions('km', KmOptions, options), call);
}

/**
 * {@link km} with options in their parsed form (every default explicit), as a
 * surface that validated its input itself passes them (the CLI's flags): no zod load.
 * @throws UsageError for a factor that is not a variable of the formula; as {@link km}.
 */
export async function runKm(source: DataSource, options: KmOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<KmResult>> {
  checkFactorVariables(options.formula, options.factors);
  return runAnalysis(KM, source, options, call);
}
