/**
 * `msCompare`: which drug for whom, on MS registry data (`midia ms compare`).
 * A new-user, active-comparator design (compare-cohort.ts) on the MS cohort of
 * a study (ms-cohort.ts); propensity score, IP weights or matching, balance,
 * the weighted effect with robust variance, subgroup or cluster effects with
 * the interaction test (compare-fit.ts); aggregated output under disclosure
 * control (compare-disclosure.ts); the run recorded in the data-use ledger
 * (analyses/core/run-analysis.ts). The general target trial emulation of any
 * diagnosis is analyses/compare/ (`midia compare`).
 */
import { UsageError } from '../../util/errors.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { readClusterAssignments } from './cluster-assignments.js';
import { discloseComparison, type CompareReport } from './compare-disclosure.js';
import { fitComparison, type ComparisonFit } from './compare-fit.js';
import type { MsCompareOptions } from './compare-settings.js';
import { aggregateWarnings, runThreshold } from './disclosure.js';
import { cohortWarnings, deriveMsPatients, loadMsCohort, type MsCohortRecords } from './ms-cohort.js';
import type { MsCompareOptionsInput } from './options.js';

export type { MsCompareOptions } from './compare-settings.js';

/** What the comparison reads: the cohort, the run's threshold, and the clusters of `byCluster`. */
interface CompareData {
  records: MsCohortRecords;
  threshold: number;
  clusters: Map<string, string> | null;
}

const COMPARE: AnalysisSpec<MsCompareOptions, CompareData, ComparisonFit, CompareReport> = {
  name: 'ms compare',
  async load(source, o) {
    if (source.kind !== 'study') throw new UsageError('ms compare reads the MS cohort of a study (patients, EDSS, relapses, DMTs): give a study source (a cohort database with --db and --study)');
    const threshold = runThreshold(o.minCell, source.session.disclosure.threshold);
    const clusters = o.byCluster !== null ? await readClusterAssignments(o.byCluster) : null;
    const records = await loadMsCohort(source.session);
    return { data: { records, threshold, clusters }, pseudonyms: records.patients.map((p) => p.id) };
  },
  fit({ records, threshold, clusters }, o) {
    const cohort = deriveMsPatients(records);
    return fitComparison(cohort.patients, o, threshold, clusters, cohortWarnings(cohort));
  },
  plain() {
    throw new UsageError('ms compare needs a study source');
  },
  disclose(f, ctx) {
    const { threshold } = ctx.data;
    const report = discloseComparison(f, ctx.options, threshold, [...new Set(aggregateWarnings(f.warnings))]);
    const n1 = f.treat.reduce((a, v) => a + v, 0);
    return {
      result: report,
      summary: { treated: n1, control: f.treat.length - n1, outcome: ctx.options.outcome, method: ctx.options.method, ratio: f.effect.ratio, maxAbsSmdAfter: report.maxAbsSmd.after },
      notes: [`counts below ${threshold} suppressed; arm means of binary covariates withheld when a category is small in an arm`],
      warnings: report.warnings,
      pseudonyms: f.list.map((e) => e.patient.id),
    };
  },
};

/**
 * Compares two DMTs (or efficacy classes) among their new users in a study's
 * MS cohort (see the module comment). Validates the options (zod, loaded on
 * demand; defaults in compare-settings.ts COMPARE_DEFAULTS).
 * @param source a study source (a plain table is refused: the analysis reads several tables).
 * @throws UsageError for invalid options or no varying covariate; AccessDeniedError when an arm is below the disclosure threshold.
 * @example const r = await msCompare(source, { by: 'class', treatment: 'high', control: 'moderate', outcome: 'cdw' }); r.result.effect.ratio
 */
export async function msCompare(source: DataSource, options: MsCompareOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<CompareReport>> {
  const { MsCompareOptionsSchema } = await import('./options.js');
  return runMsCompare(source, parseOptions('ms compare', MsCompareOptionsSchema, options), call);
}

/** {@link msCompare} with options in their validated form (every default explicit), as the CLI passes them after checking its flags. */
export function runMsCompare(source: DataSource, options: MsCompareOptions, call?: AnalysisCall): Promise<AnalysisResult<CompareReport>> {
  return runAnalysis(COMPARE, source, options, call);
}
