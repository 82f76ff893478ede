/**
 * `riskEvaluate`: a model artifact on a data set: Harrell's C with its
 * infinitesimal-jackknife standard error and a normal interval, Uno's C
 * truncated at the largest horizon, IPCW cumulative/dynamic AUC and IPCW
 * Brier score at horizons (models/risk/metrics), on the rows with complete
 * covariates and outcome.
 *
 * Disclosure for a study (docs/risk-models.md, docs/access-levels.md): no
 * evaluation on fewer rows or events than the study's minimum cell count
 * (refused before anything is recorded); a small count of rows left out is
 * hidden; an AUC whose cases or controls are a small count is hidden with that
 * count; per-patient warnings (a covariate value outside the training range)
 * become counts of rows per covariate, small counts hidden.
 */
import { requireMinimumCounts } from '../../engine/disclosure/access-level.js';
import { predictRisk } from '../../models/risk/artifact/predict-risk.js';
import type { RiskPrediction } from '../../models/risk/artifact/types.js';
import { brierScore } from '../../models/risk/metrics/brier.js';
import { harrellC } from '../../models/risk/metrics/harrell-c.js';
import { timeDependentAuc } from '../../models/risk/metrics/td-auc.js';
import { unoC } from '../../models/risk/metrics/uno-c.js';
import { qnorm } from '../../models/stats/distributions.js';
import { DataValidationError, UsageError } from '../../util/errors.js';
import { isSmallCount } from '../core/missing-data.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { loadRiskData, type RiskData } from './load.js';
import type { RiskEvaluateOptionsInput, RiskEvaluateOptionsParsed } from './options.js';
import { artifactHorizons, outcomeOf, outcomePresent, patientsFromTable, responseColumns } from './rows.js';
import { discloseRowWarnings } from './warnings.js';

export type { RiskEvaluateOptionsInput, RiskEvaluateOptionsParsed } from './options.js';

/** Result of {@link riskEvaluate} (the JSON of `midia risk evaluate`). */
export interface RiskEvaluation {
  model: { id: string; version: string; kind: string };
  /** The data: a file, or `STORE:analysis-table` for a study. */
  source: string;
  n: number;
  events: number;
  /** Rows left out for a missing covariate or outcome (for a study: null when below the minimum cell count). */
  dropped: number | null;
  timeUnit: string;
  /** Harrell's C of the model score with its infinitesimal-jackknife SE and a normal interval. */
  harrellC: { c: number; se: number; lower: number; upper: number };
  /** Uno's C truncated at tau (the largest horizon); null when not estimable. */
  unoC: { c: number | null; tau: number };
  /** For a study, cases or controls below the minimum cell count are null, and so is the AUC on them. */
  auc: { horizon: number; auc: number | null; cases: number | null; controls: number | null }[];
  brier: { horizon: number; brier: number | null; brierNull: number | null }[];
  warnings: string[];
}

/** The evaluation and the per-patient warnings behind it (what the disclose step needs). */
export interface RiskEvaluated {
  evaluation: RiskEvaluation;
  /** Each evaluated patient's prediction warnings. */
  rowWarnings: readonly (readonly string[])[];
}

const orNull = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);
const LEFT_OUT = 'rows with a missing covariate or outcome left out';

/** Risk at each horizon per patient, as one Float64Array per horizon. */
export function riskColumns(pred: RiskPrediction): Float64Array[] {
  return pred.horizons.map((_, k) => Float64Array.from(pred.predictions, (p) => p.risk[k] ?? NaN));
}

/** The numeric phase of {@link riskEvaluate}. */
function evaluate({ table, label }: RiskData, o: RiskEvaluateOptionsParsed): RiskEvaluated {
  const a = o.model;
  const horizons = artifactHorizons(a, o.horizons, o.horizonUnit);
  const cols = responseColumns(a, o);
  const { patients, rows, dropped } = patientsFromTable(a, table, label, outcomePresent(table, cols, label));
  if (patients.length === 0) throw new DataValidationError([{ file: label, row: 0, field: null, message: 'no complete rows to evaluate' }]);
  const pred = predictRisk(a, patients, horizons, { survivalCurve: false });
  const { time, status, events } = outcomeOf(table, cols, rows, label);
  const score = Float64Array.from(pred.predictions, (p) => p.score);
  const h = harrellC(time, status, score);
  const z = qnorm(1 - (1 - o.confLevel) / 2);
  const tau = Math.max(...pred.horizons);
  const risks = riskColumns(pred);
  const auc = timeDependentAuc(time, status, risks, pred.horizons);
  const brier = brierScore(time, status, risks, pred.horizons);
  const warnings = [...new Set(pred.predictions.flatMap((p) => p.warnings))];
  const evaluation: RiskEvaluation = {
    model: { id: a.id, version: a.version, kind: a.kind },
    source: label,
    n: patients.length,
    events,
    dropped,
    timeUnit: a.timeUnit,
    harrellC: { c: h.c, se: h.se, lower: h.c - z * h.se, upper: h.c + z * h.se },
    unoC: { c: orNull(unoC(time, status, score, { tau })), tau },
    auc: pred.horizons.map((t, k) => ({ horizon: t, auc: orNull(auc.auc[k]), cases: auc.cases[k] ?? null, controls: auc.controls[k] ?? null })),
    brier: pred.horizons.map((t, k) => ({ horizon: t, brier: orNull(brier.brier[k]), brierNull: orNull(brier.brierNull[k]) })),
    warnings: dropped ? [`${dropped} ${LEFT_OUT}`, ...warnings] : warnings,
  };
  return { evaluation, rowWarnings: pred.predictions.map((p) => p.warnings) };
}

const EVALUATE: AnalysisSpec<RiskEvaluateOptionsParsed, RiskData, RiskEvaluated, RiskEvaluation> = {
  name: 'risk evaluate',
  load: (source, o) => loadRiskData(source, o.data),
  fit: (data, o) => evaluate(data, o),
  plain: ({ evaluation }) => evaluation,
  warnings: ({ evaluation }) => evaluation.warnings,
  parameters: ({ model, ...o }) => ({ ...o, model: { id: model.id, version: model.version, kind: model.kind } }),
  disclose({ evaluation: e, rowWarnings }, { disclosure: { threshold: t } }) {
    // No evaluation on fewer rows or events than the study's minimum cell count.
    requireMinimumCounts({ n: e.n, events: e.events }, t, 'risk evaluate');
    const small = (x: number | null) => x !== null && isSmallCount(x, t);
    const hidden: string[] = [];
    const dropped = small(e.dropped) ? null : e.dropped;
    if (dropped === null && e.dropped !== null) hidden.push('dropped');
    const auc = e.auc.map((r) => {
      if (!small(r.cases) && !small(r.controls)) return r;
      hidden.push(`auc@${r.horizon}`);
      return { horizon: r.horizon, auc: null, cases: small(r.cases) ? null : r.cases, controls: small(r.controls) ? null : r.controls };
    });
    const left = e.dropped ? [dropped === null ? `fewer than ${t} ${LEFT_OUT}` : `${dropped} ${LEFT_OUT}`] : [];
    const warnings = [...left, ...discloseRowWarnings(rowWarnings, t)];
    const result: RiskEvaluation = { ...e, dropped, auc, warnings };
    return {
      result,
      summary: { n: e.n, events: e.events, harrellC: e.harrellC.c },
      hidden,
      notes: hidden.length ? [`counts below the minimum cell count ${t} hidden`] : [],
      warnings,
    };
  },
};

/**
 * Evaluates a model artifact on a data source (validated options: zod, loaded
 * on demand); disclosed and recorded for a study.
 * @throws UsageError for invalid options or a missing column; DataValidationError when no row is complete; AccessDeniedError on too few rows or events of a study.
 * @example const r = await riskEvaluate(tableSource(gbsg, 'gbsg.csv'), { model: readModelArtifact('gbsg.json') }); r.result.harrellC.c
 */
export async function riskEvaluate(source: DataSource, options: RiskEvaluateOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<RiskEvaluation>> {
  const { RiskEvaluateOptions } = await import('./options.js');
  return runRiskEvaluate(source, parseOptions('risk evaluate', RiskEvaluateOptions, options), call);
}

/** {@link riskEvaluate} with options in their parsed form (the CLI's validated flags): no zod load. */
export async function runRiskEvaluate(source: DataSource, options: RiskEvaluateOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<RiskEvaluation>> {
  if (!(options.confLevel > 0 && options.confLevel < 1)) throw new UsageError(`risk evaluate: confLevel must be in (0, 1), got ${options.confLevel}`);
  return runAnalysis(EVALUATE, source, options, call);
}
