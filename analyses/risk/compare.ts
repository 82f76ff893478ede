/**
 * `riskCompare`: two model artifacts on the same patients: Harrell's C of
 * each and the difference C(model 2) - C(model 1) with a paired bootstrap
 * percentile interval (models/risk/metrics/compare.ts).
 *
 * Disclosure for a study (docs/risk-models.md): no comparison on fewer rows or
 * events than the study's minimum cell count (refused before anything is
 * recorded); a small count of rows left out is hidden.
 */
import { requireMinimumCounts } from '../../engine/disclosure/access-level.js';
import { predictRisk } from '../../models/risk/artifact/predict-risk.js';
import { compareConcordance } from '../../models/risk/metrics/compare.js';
import { DataValidationError, UsageError } from '../../util/errors.js';
import { isSmallCount } from '../core/missing-data.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { loadRiskData, type RiskData } from './load.js';
import type { RiskCompareOptionsInput, RiskCompareOptionsParsed } from './options.js';
import { outcomeOf, outcomePresent, patientsFromTable, responseColumns } from './rows.js';

export type { RiskCompareOptionsInput, RiskCompareOptionsParsed } from './options.js';

/** Result of {@link riskCompare} (the JSON of `midia risk compare`). */
export interface RiskComparison {
  model1: { id: string; version: string; c: number };
  model2: { id: string; version: string; c: number };
  /** The data: a file, or `STORE:analysis-table` for a study. */
  source: string;
  n: number;
  events: number;
  /** Rows not complete for both models (for a study: null when below the minimum cell count). */
  dropped: number | null;
  /** C(model 2) - C(model 1). */
  difference: number;
  se: number;
  lower: number;
  upper: number;
  confLevel: number;
  pValue: number;
  bootstrap: number;
  seed: number;
  method: string;
}

/** The numeric phase of {@link riskCompare}. */
function compare({ table, label }: RiskData, o: RiskCompareOptionsParsed): RiskComparison {
  const [a, b] = o.models;
  const cols = responseColumns(a, o);
  const colsB = responseColumns(b, o);
  if (colsB.time !== cols.time || colsB.status !== cols.status)
    throw new UsageError(`The models have different outcomes (Surv(${cols.time}, ${cols.status}) vs Surv(${colsB.time}, ${colsB.status})): give --time and --status`);
  if (a.timeUnit !== b.timeUnit) throw new UsageError(`The models use different time units (${a.timeUnit} vs ${b.timeUnit})`);
  const present = outcomePresent(table, cols, label);
  // the same patients for both: complete for both models' covariates
  const pa = patientsFromTable(a, table, label, present);
  const okA = new Set(pa.rows);
  const pb = patientsFromTable(b, table, label, (i) => okA.has(i));
  const okB = new Set(pb.rows);
  const rows = pa.rows.filter((i) => okB.has(i));
  const patientsA = pa.patients.filter((_, k) => okB.has(pa.rows[k] ?? -1));
  if (rows.length === 0) throw new DataValidationError([{ file: label, row: 0, field: null, message: 'no rows complete for both models' }]);
  const sa = Float64Array.from(predictRisk(a, patientsA, undefined, { survivalCurve: false }).predictions, (p) => p.score);
  const sb = Float64Array.from(predictRisk(b, pb.patients, undefined, { survivalCurve: false }).predictions, (p) => p.score);
  const { time, status, events } = outcomeOf(table, cols, rows, label);
  const cmp = compareConcordance(time, status, sa, sb, { B: o.bootstrap, seed: o.seed, confLevel: o.confLevel });
  const n0 = Object.values(table)[0]?.length ?? 0;
  return {
    model1: { id: a.id, version: a.version, c: cmp.c1 },
    model2: { id: b.id, version: b.version, c: cmp.c2 },
    source: label,
    n: rows.length,
    events,
    dropped: n0 - rows.length,
    difference: cmp.difference,
    se: cmp.se,
    lower: cmp.lower,
    upper: cmp.upper,
    confLevel: o.confLevel,
    pValue: cmp.pValue,
    bootstrap: cmp.B,
    seed: o.seed,
    method: 'paired bootstrap of Harrell C (same resampled rows for both models), percentile interval; p from difference / bootstrap SE',
  };
}

const COMPARE: AnalysisSpec<RiskCompareOptionsParsed, RiskData, RiskComparison, RiskComparison> = {
  name: 'risk compare',
  load: (source, o) => loadRiskData(source, o.data),
  fit: (data, o) => compare(data, o),
  plain: (r) => r,
  parameters: ({ models, ...o }) => ({ ...o, models: models.map((m) => ({ id: m.id, version: m.version, kind: m.kind })) }),
  disclose(r, { disclosure: { threshold: t } }) {
    // No comparison on fewer rows or events than the study's minimum cell count; a small dropped count hidden.
    requireMinimumCounts({ n: r.n, events: r.events }, t, 'risk compare');
    const hide = r.dropped !== null && isSmallCount(r.dropped, t);
    return {
      result: hide ? { ...r, dropped: null } : r,
      summary: { n: r.n, events: r.events, difference: r.difference },
      hidden: hide ? ['dropped'] : [],
      notes: hide ? [`fewer than ${t} rows left out: count hidden`] : [],
    };
  },
};

/**
 * Compares two model artifacts on the same rows of a data source (validated
 * options: zod, loaded on demand); disclosed and recorded for a study.
 * @throws UsageError for invalid options, models with different outcomes or time units; DataValidationError when no row is complete for both; AccessDeniedError on too few rows or events of a study.
 * @example const r = await riskCompare(tableSource(gbsg, 'gbsg.csv'), { models: [small, full], bootstrap: 200, seed: 7 }); r.result.difference
 */
export async function riskCompare(source: DataSource, options: RiskCompareOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<RiskComparison>> {
  const { RiskCompareOptions } = await import('./options.js');
  return runRiskCompare(source, parseOptions('risk compare', RiskCompareOptions, options), call);
}

/** {@link riskCompare} with options in their parsed form (the CLI's validated flags): no zod load. */
export async function runRiskCompare(source: DataSource, options: RiskCompareOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<RiskComparison>> {
  return runAnalysis(COMPARE, source, options, call);
}
