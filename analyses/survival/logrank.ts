/**
 * The log-rank and Fleming-Harrington G(rho) tests (R's `survdiff`), k-sample
 * or stratified, and every pair of groups with adjusted p-values, as an
 * analysis.
 *
 * Disclosure for a study (docs/access-levels.md, docs/missing-data.md): group
 * sizes and observed events below the study's minimum cell count are hidden
 * with complementary suppression (the column totals count as published), the
 * variance matrix is withheld, small totals and a small dropped count are
 * hidden. The pairwise tests show no group count: their totals follow the
 * plain small-count rule.
 */
import { suppressRowCounts } from '../../engine/disclosure/disclose-summaries.js';
import type { ColumnTable } from '../../models/design/types.js';
import type { LogRankGroup, LogRankJSON, LogRankTest, PairwiseLogRankRow } from '../../models/survival/kaplan-meier/log-rank.js';
import { discloseMissingReport, hideSmallCount, type MissingDataReport } from '../core/missing-data.js';
import { parseOptions } from '../core/options.js';
import { loadTable } from '../core/load.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { checkFactorVariables } from './factor-variables.js';
import type { LogrankOptionsInput, LogrankOptionsParsed } from './options.js';

export type { LogrankOptionsInput, LogrankOptionsParsed } from './options.js';

/** The pairwise tests (`rho`, `gamma`, the adjustment and one row per pair). */
export interface PairwiseLogrank {
  adjust: LogrankOptionsParsed['adjust'];
  rho: number;
  gamma: number;
  pairs: PairwiseLogRankRow[];
}

/** A group row of a disclosed test: counts null where hidden. */
export type DisclosedLogrankGroup = { [K in keyof LogRankGroup]: K extends 'label' ? string : number | null };

/** Result of {@link logrank}. */
export type LogrankResult =
  | { kind: 'pairwise'; pairwise: PairwiseLogrank; report: MissingDataReport }
  | { kind: 'test'; disclosed: false; test: LogRankJSON; report: MissingDataReport; printed: string }
  | { kind: 'test'; disclosed: true; test: Omit<LogRankJSON, 'variance' | 'groups'> & { groups: DisclosedLogrankGroup[] }; report: MissingDataReport };

type Fitted =
  | { kind: 'pairwise'; pairwise: PairwiseLogrank; n: number; events: number; nDropped: number }
  | { kind: 'test'; test: LogRankTest; n: number; events: number };

const LOGRANK: AnalysisSpec<LogrankOptionsParsed, ColumnTable, Fitted, LogrankResult> = {
  name: 'logrank',
  load: (source, o) => loadTable(source, o.data),
  async fit(data, o) {
    const { logRank, pairwiseLogRank } = await import('../../models/survival/index.js');
    const factors = o.factors ? { factors: o.factors } : {};
    if (o.pairwise) {
      const { n, events, nDropped, ...pairwise } = pairwiseLogRank(o.formula, data, { rho: o.rho, adjust: o.adjust, ...factors });
      return { kind: 'pairwise', pairwise, n, events, nDropped };
    }
    const test = logRank(o.formula, data, { rho: o.rho, ...factors });
    return { kind: 'test', test, n: test.groups.reduce((a, g) => a + g.n, 0), events: test.groups.reduce((a, g) => a + g.observed, 0) };
  },
  plain(f) {
    if (f.kind === 'pairwise') return { kind: 'pairwise', pairwise: f.pairwise, report: { n: f.n, events: f.events, dropped: f.nDropped } };
    return { kind: 'test', disclosed: false, test: f.test.toJSON(), report: { n: f.n, events: f.events, dropped: f.test.nDropped }, printed: f.test.print() };
  },
  warnings: (f) => (f.kind === 'test' ? f.test.warnings : []),
  disclose(f, { disclosure: { threshold } }) {
    if (f.kind === 'pairwise') {
      // No group count is shown, so the totals follow the plain small-count rule.
      const report = discloseMissingReport({ n: hideSmallCount(f.n, threshold), events: hideSmallCount(f.events, threshold), dropped: f.nDropped }, threshold);
      return {
        result: { kind: 'pairwise', pairwise: f.pairwise, report },
        summary: { n: f.n, dropped: report.dropped, pairs: f.pairwise.pairs.map((r) => ({ group1: r.group1, group2: r.group2, p: r.p, pAdjusted: r.pAdjusted })) },
      };
    }
    const json = f.test.toJSON();
    // Group sizes and observed events below the threshold hidden, with complements.
    const groups = suppressRowCounts(json.groups, { counts: ['n', 'observed'], sizeField: 'n', estimates: ['expected', 'oeOverE', 'oeOverV'] }, { threshold }) as unknown as DisclosedLogrankGroup[];
    // suppressRowCounts treats each column's total as published (complementary suppression protects the groups); a small total is hidden.
    const report = discloseMissingReport({ n: hideSmallCount(f.n, threshold), events: hideSmallCount(f.events, threshold), dropped: f.test.nDropped }, threshold);
    const { variance: _variance, ...rest } = json;
    const hidden = groups.filter((g) => g.n === null || g.observed === null).map((g) => g.label);
    return {
      result: { kind: 'test', disclosed: true, test: { ...rest, groups }, report },
      summary: { chisq: json.chisq, df: json.df, p: json.p, dropped: report.dropped, groups: groups.map((g) => ({ label: g.label, n: g.n, observed: g.observed })) },
      hidden,
      notes: ['variance matrix withheld'],
    };
  },
};

/**
 * The log-rank / G(rho) test of a data source (R's `survdiff(formula, rho)`),
 * or with `pairwise` every pair of groups with p-values adjusted (holm by
 * default); disclosed for a study. Validates the options (zod, loaded on demand).
 * @throws UsageError for invalid options; FormulaError.
 * @example const r = await logrank(tableSource(lung), { formula: 'Surv(time, status) ~ sex' }); r.result
 */
export async function logrank(source: DataSource, options: LogrankOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<LogrankResult>> {
  const { LogrankOptions } = await import('./options.js');
  return runLogrank(source, parseOptions('logrank', LogrankOptions, options), call);
}

/** {@link logrank} with options in their parsed form (the CLI's validated flags): no zod load. */
export async function runLogrank(source: DataSource, options: LogrankOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<LogrankResult>> {
  checkFactorVariables(options.formula, options.factors);
  return runAnalysis(LOGRANK, source, options, call);
}
