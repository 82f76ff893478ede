/**
 * `compareTherapies`: which therapies work, by target trial emulation, for
 * any diagnosis (docs/target-trial.md). One analysis of analyses/: a study
 * source in, the rows loaded through the access gate (compare-records.ts),
 * the emulated trial of the chosen design with its diagnostics, E-values and
 * negative controls (compare-analysis.ts), disclosure control
 * (disclose-compare.ts, with the population and the outcome cell audited
 * against the study's earlier releases), the ledger entry, and the result
 * with its warnings, the disclosure applied and the ledger entry
 * (analyses/core/run-analysis.ts strings these together).
 */
import type { AnalysisSession } from '../../engine/access.js';
import { UsageError } from '../../util/errors.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import { studySource, type DataSource } from '../core/source.js';
import { analyseComparison, type CompareAnalysis } from './compare-analysis.js';
import { resolveCompareOptions, type CompareOptions, type ResolvedCompareOptions } from './compare-options.js';
import { loadCompareRecords } from './compare-records.js';
import { discloseComparison, type CompareResult } from './disclose-compare.js';
import type { CompareRecords } from './trial-data.js';

/** The analysis fit: the numbers and the patients whose rows were read. */
interface CompareFit {
  analysis: CompareAnalysis;
  loaded: string[];
}

const COMPARE: AnalysisSpec<ResolvedCompareOptions, CompareRecords, CompareFit, CompareResult> = {
  name: 'compare',
  async load(source, o) {
    if (source.kind !== 'study') throw new UsageError('compare reads patients, treatments and events of a cohort: give a study source (a cohort database with --db and --study)');
    const records = await loadCompareRecords(source.session, o);
    return { data: records, pseudonyms: records.patients.map((p) => p.pseudonym), selection: `compare:${o.diagnosis}` };
  },
  fit: (records, o) => ({ analysis: analyseComparison(records, o), loaded: records.patients.map((p) => p.pseudonym) }),
  plain: ({ analysis }, o) => discloseComparison(analysis, { threshold: 1, allowIndividualTimes: true, showsPopulation: true, showsEvents: true, ...(o.minCell ? { threshold: o.minCell } : {}) }),
  warnings: ({ analysis }) => analysis.warnings,
  async disclose({ analysis, loaded }, ctx) {
    const o = ctx.options;
    if (o.minCell !== undefined && o.minCell < ctx.disclosure.threshold) throw new UsageError(`minCell ${o.minCell} is below the study's minimum cell count ${ctx.disclosure.threshold} (it may only be raised)`);
    const threshold = Math.max(ctx.disclosure.threshold, o.minCell ?? 0);
    const eventIds = analysis.eventPseudonyms;
    const release = await ctx.planRelease([
      { label: 'population', pseudonyms: analysis.pseudonyms },
      { label: 'events', pseudonyms: eventIds },
    ]);
    const result = discloseComparison(analysis, { threshold, allowIndividualTimes: ctx.disclosure.allowIndividualTimes, showsPopulation: release.shows('population'), showsEvents: release.shows('events') });
    const hidden = release.decisions.filter((d) => !d.released).map((d) => d.label);
    return {
      result,
      summary: { design: result.design, n: result.n, events: result.events, estimates: result.estimates, naive: result.naive, interval: result.interval },
      hidden,
      notes: [`counts below ${threshold} hidden; risk curves in steps of at least ${threshold} events${result.curves?.gridWidth ? ` on a grid of ${result.curves.gridWidth} days` : ''}`],
      warnings: result.warnings,
      release,
      pseudonyms: loaded,
    };
  },
};

/**
 * Compares a therapy with not starting it (clone-censor-weight, sequential trials) or
 * with an active comparator (new users), on the patients of a registered study.
 * @param source a study source, or an open study session (the caller closes it).
 * @param options diagnosis, treatment, control, design, graceDays, outcome, horizonDays, covariates, ... (compare-options.ts).
 * @param call what the ledger records about the call (the CLI passes its flags).
 * @throws {UsageError} for invalid options, unknown outcomes or covariates; {@link AccessDeniedError} when too few patients are eligible.
 * @example const r = await compareTherapies(session, { diagnosis: 'breast_cancer', treatment: 'zoledronic_acid', graceDays: 180, outcome: ['fracture'], horizonDays: 1826, covariates: ['age', 'NODES'] }); r.result.estimates
 */
export async function compareTherapies(source: DataSource | AnalysisSession, options: CompareOptions, call: AnalysisCall = {}): Promise<AnalysisResult<CompareResult>> {
  const o = resolveCompareOptions(options);
  const s: DataSource = 'kind' in source ? source : studySource(source, 'session');
  return runAnalysis(COMPARE, s, o, call);
}
