/**
 * `riskPredict` and `riskPredictPatients`: risk 1 - S(h | x) at horizons, the
 * score and (optionally) the survival curve per patient from a model artifact
 * (models/risk/artifact/predict-risk.ts), for the rows of a plain table or for
 * patients given as JSON values (checked once by the artifact's input rules,
 * models/risk/artifact/patient-input.ts).
 *
 * A prediction is one row per patient: it is not offered on a study source
 * (refused before anything is read; docs/risk-models.md).
 */
import { predictRisk } from '../../models/risk/artifact/predict-risk.js';
import type { PatientInput, RiskPrediction } from '../../models/risk/artifact/types.js';
import { UsageError } from '../../util/errors.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { loadRiskData, type RiskData } from './load.js';
import type { RiskPredictOptionsInput, RiskPredictOptionsParsed, RiskPredictPatientsOptionsInput, RiskPredictPatientsOptionsParsed } from './options.js';
import { artifactHorizons, patientsFromTable } from './rows.js';

export type { RiskPredictOptionsInput, RiskPredictOptionsParsed, RiskPredictPatientsOptionsInput, RiskPredictPatientsOptionsParsed } from './options.js';
export type { RiskPrediction } from '../../models/risk/artifact/types.js';

/** Why a study source is refused (also the CLI's message for `risk predict --db`). */
export const PREDICT_REFUSES_STUDY =
  'risk predict writes one row per patient: not offered on a cohort database (--db); use --data with a file your study may use, or --patient';

/** Result of {@link riskPredict}: the prediction of the complete rows, their 1-based table rows, and how many rows were left out. */
export type RiskTablePrediction = RiskPrediction & { rows: number[]; dropped: number };

function predictTable({ table, label }: RiskData, o: RiskPredictOptionsParsed): RiskTablePrediction {
  const horizons = artifactHorizons(o.model, o.horizons, o.horizonUnit);
  const { patients, rows, dropped } = patientsFromTable(o.model, table, label);
  const pred = predictRisk(o.model, patients, horizons, { survivalCurve: o.survival });
  return { ...pred, rows: rows.map((r) => r + 1), dropped };
}

const PREDICT: AnalysisSpec<RiskPredictOptionsParsed, RiskData, RiskTablePrediction, RiskTablePrediction> = {
  name: 'risk predict',
  load: (source) => loadRiskData(source, undefined),
  fit: (data, o) => predictTable(data, o),
  plain: (r) => r,
  warnings: (r) => r.warnings,
  disclose() {
    throw new UsageError(PREDICT_REFUSES_STUDY);
  },
  parameters: ({ model, ...o }) => ({ ...o, model: { id: model.id, version: model.version } }),
};

/**
 * Predicts for every row of a plain table with complete covariates (validated
 * options: zod, loaded on demand).
 * @throws UsageError for invalid options, a missing covariate column or a study source; DataValidationError for a value the model cannot take (a level it does not know).
 * @example const r = await riskPredict(tableSource(gbsg, 'gbsg.csv'), { model, horizons: [1], horizonUnit: 'years' }); r.result.predictions[0].risk
 */
export async function riskPredict(source: DataSource, options: RiskPredictOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<RiskTablePrediction>> {
  const { RiskPredictOptions } = await import('./options.js');
  return runRiskPredict(source, parseOptions('risk predict', RiskPredictOptions, options), call);
}

/** {@link riskPredict} with options in their parsed form (the CLI's validated flags): no zod load. */
export async function runRiskPredict(source: DataSource, options: RiskPredictOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<RiskTablePrediction>> {
  // Refused before anything is read: the output is one row per patient.
  if (source.kind === 'study') throw new UsageError(PREDICT_REFUSES_STUDY);
  return runAnalysis(PREDICT, source, options, call);
}

/**
 * Predicts for patients given as JSON values (one object or an array): no
 * data source, nothing read from a store, nothing recorded.
 * @throws UsageError for invalid options; DataValidationError naming the field path of each invalid input (`[2].age`) or horizon.
 * @example const r = await riskPredictPatients({ model, patients: { age: 52, nodes: 3, grade: '2' } }); r.result.predictions[0].risk
 */
export async function riskPredictPatients(options: RiskPredictPatientsOptionsInput): Promise<AnalysisResult<RiskPrediction>> {
  const { RiskPredictPatientsOptions } = await import('./options.js');
  return runRiskPredictPatients(parseOptions('risk predict', RiskPredictPatientsOptions, options));
}

/** {@link riskPredictPatients} with options in their parsed form: no zod load. */
export function runRiskPredictPatients(options: RiskPredictPatientsOptionsParsed): AnalysisResult<RiskPrediction> {
  const horizons = artifactHorizons(options.model, options.horizons, options.horizonUnit);
  const result = predictRisk(options.model, options.patients as PatientInput | PatientInput[], horizons, { survivalCurve: options.survival });
  return { analysis: 'risk predict', result, warnings: result.warnings, disclosure: null, ledgerEntry: null };
}
