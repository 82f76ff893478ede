/**
 * `riskTrain`: fits a risk model (Cox, penalized Cox or random survival
 * forest; models/risk/model), validates it at horizons (Harrell's and Uno's
 * C, IPCW AUC and Brier score; optionally Harrell's bootstrap optimism
 * correction) and builds the versioned artifact with its model card.
 *
 * Plain tables only: an artifact carries cohort aggregates (baseline hazard,
 * covariate ranges, leaf hazards) that would leave a study outside its
 * ledger and disclosure control, so a study source is refused before
 * anything is read (docs/risk-models.md).
 */
import type { ColumnTable } from '../../models/design/types.js';
import { saveModelArtifact } from '../../models/risk/artifact/load.js';
import type { ForestPredictor, ModelArtifact, ModelCard, ValidationSummary } from '../../models/risk/artifact/types.js';
import { buildModelArtifact } from '../../models/risk/model/build-artifact.js';
import { coxRiskModel } from '../../models/risk/model/cox-risk-model.js';
import { coxnetRiskModel } from '../../models/risk/model/coxnet-risk-model.js';
import { rsfRiskModel, type RsfRiskModelOptions } from '../../models/risk/model/rsf-risk-model.js';
import type { RiskModel } from '../../models/risk/model/types.js';
import { validateRiskModel } from '../../models/risk/model/validate.js';
import { UsageError } from '../../util/errors.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { loadRiskData, type RiskData } from './load.js';
import type { RiskTrainOptionsInput, RiskTrainOptionsParsed } from './options.js';
import { convertHorizons } from './rows.js';

export type { RiskTrainOptionsInput, RiskTrainOptionsParsed } from './options.js';
export { RSF_MODEL_MIN_NODE_SIZE } from './defaults.js';

/** Why a study source is refused (also the CLI's message for `risk train --db`). */
export const TRAIN_REFUSES_STUDY =
  'risk train writes a model file: train on an exported --data file (the --db path would put cohort aggregates in the artifact outside the study ledger)';

const KIND_TITLES = { cox: 'Cox model', coxnet: 'Penalized Cox model', rsf: 'Random survival forest' } as const;

/** What `midia risk train --json` prints (after `out`). */
export interface RiskTrainSummary {
  id: string;
  kind: ModelArtifact['kind'];
  version: string;
  n: number;
  events: number;
  nDropped: number;
  timeUnit: RiskTrainOptionsParsed['timeUnit'];
  /** Validation horizons in the time unit. */
  horizons: number[];
  validation: ValidationSummary;
  /** Design columns. */
  columns: string[];
  /** Coefficients of a linear predictor (null for a forest). */
  coefficients: number[] | null;
  forest: {
    settings: ForestPredictor['settings'];
    leaves: number;
    minLeafPatients: ForestPredictor['minLeafPatients'];
    oobHarrellC: ForestPredictor['oobHarrellC'];
    importance: ForestPredictor['importance'];
    /** Size of the artifact file. */
    bytes: number;
  } | null;
  warnings: string[];
}

/** Result of {@link riskTrain}: the artifact, its file text and the summary. */
export interface RiskTrainResult {
  artifact: ModelArtifact;
  /** The artifact as written to a file (saveModelArtifact). */
  text: string;
  summary: RiskTrainSummary;
}

/** The model specification of the options, and the one the bootstrap refits (a forest without its permutation importance, which does not change the forest). */
function specsOf(o: RiskTrainOptionsParsed): { spec: RiskModel; refit: RiskModel } {
  const grid = { timeUnit: o.timeUnit };
  if (o.kind === 'cox') {
    const spec = coxRiskModel(o.formula, { grid });
    return { spec, refit: spec };
  }
  if (o.kind === 'rsf') {
    const f = o.forest;
    const fo: RsfRiskModelOptions = {
      seed: o.seed,
      importance: f?.importance ?? 'permutation',
      ...(f?.nTrees !== undefined ? { nTrees: f.nTrees } : {}),
      ...(f?.mtry !== undefined ? { mtry: f.mtry } : {}),
      ...(f?.minNodeSize !== undefined ? { minNodeSize: f.minNodeSize } : {}),
      ...(f?.nSplit !== undefined ? { nSplit: f.nSplit } : {}),
      ...(f?.maxDepth !== undefined ? { maxDepth: f.maxDepth } : {}),
    };
    return { spec: rsfRiskModel(o.formula, { ...fo, grid }), refit: rsfRiskModel(o.formula, { ...fo, importance: 'none', grid }) };
  }
  const spec = coxnetRiskModel(o.formula, { alpha: o.alpha, nfolds: o.nfolds, seed: o.seed, grid, ...(o.lambda !== undefined ? { lambda: o.lambda } : {}) });
  return { spec, refit: spec };
}

/** Fits, validates and builds the artifact (the numeric phase of {@link riskTrain}). */
function train({ table, label }: RiskData, o: RiskTrainOptionsParsed): RiskTrainResult {
  const { spec, refit } = specsOf(o);
  const horizons = convertHorizons(o.horizons, o.horizonUnit, o.timeUnit);
  const trained = spec.fit(table as ColumnTable);
  const grid = trained.baseline.grid;
  const gmax = grid[grid.length - 1] ?? 0;
  for (const h of horizons)
    if (!(h > 0 && h <= gmax)) throw new UsageError(`horizon ${h} ${o.timeUnit} is outside the baseline grid (0, ${gmax}] ${o.timeUnit} (the grid ends where fewer than 10 patients remain at risk)`);
  const validation = validateRiskModel(refit, trained, table, { horizons, bootstrap: o.bootstrap, seed: o.seed, ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  const card: ModelCard = {
    title: o.card.title ?? `${KIND_TITLES[o.kind]} ${o.formula}`,
    intendedUse: o.card.intendedUse ?? 'Research use: risk estimates for the outcome of the formula; not validated for clinical decisions.',
    population: o.card.population ?? `Patients like those in ${label.replace(/^.*[\\/]/, '')} (see trainingSummary)`,
    horizon: o.horizons.map((h) => `${h} ${o.horizonUnit}`).join(' and '),
    limitations: [
      'Apparent validation on the training data unless stated otherwise; validate externally before use.',
      o.kind === 'rsf'
        ? "Leaf cumulative hazards on a monthly grid: risks are step functions of the horizon; the apparent C of a forest is optimistic (see the forest's out-of-bag C)."
        : 'Baseline hazard on a monthly grid: risks are step functions of the horizon.',
    ],
    authors: [o.card.author ?? 'midia risk train'],
    version: o.modelVersion,
  };
  const artifact = buildModelArtifact(trained, { id: o.id, card, horizons, validation, ...(o.createdAt ? { createdAt: o.createdAt } : {}) });
  const text = saveModelArtifact(artifact);
  const p = artifact.predictor;
  const summary: RiskTrainSummary = {
    id: artifact.id,
    kind: artifact.kind,
    version: artifact.version,
    n: artifact.trainingSummary.n,
    events: artifact.trainingSummary.events,
    nDropped: artifact.trainingSummary.nDropped,
    timeUnit: o.timeUnit,
    horizons,
    validation,
    columns: artifact.preprocessing.columns.map((c) => c.name),
    coefficients: p.type === 'linear' ? p.coefficients : null,
    forest:
      p.type === 'forest'
        ? { settings: p.settings, leaves: p.leafStart.length - 1, minLeafPatients: p.minLeafPatients, oobHarrellC: p.oobHarrellC, importance: p.importance, bytes: Buffer.byteLength(text) }
        : null,
    warnings: [...trained.warnings],
  };
  return { artifact, text, summary };
}

const TRAIN: AnalysisSpec<RiskTrainOptionsParsed, RiskData, RiskTrainResult, RiskTrainResult> = {
  name: 'risk train',
  load: (source) => loadRiskData(source, undefined),
  fit: (data, o) => train(data, o),
  plain: (r) => r,
  warnings: (r) => r.summary.warnings,
  disclose() {
    throw new UsageError(TRAIN_REFUSES_STUDY);
  },
  parameters: ({ onProgress: _p, ...o }) => o,
};

/**
 * Trains a risk model on a plain table and builds its artifact (validated
 * options: zod, loaded on demand). The caller writes `result.text` where it wants.
 * @throws UsageError for invalid options, a horizon outside the baseline grid or a study source; FormulaError; ModelError.
 * @example const r = await riskTrain(tableSource(gbsg, 'gbsg.csv'), { formula: 'Surv(rfstime, status) ~ age + nodes', id: 'gbsg' }); writeFileSync('gbsg.json', r.result.text)
 */
export async function riskTrain(source: DataSource, options: RiskTrainOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<RiskTrainResult>> {
  const { RiskTrainOptions } = await import('./options.js');
  return runRiskTrain(source, parseOptions('risk train', RiskTrainOptions, options), call);
}

/** {@link riskTrain} with options in their parsed form (the CLI's validated flags): no zod load. */
export async function runRiskTrain(source: DataSource, options: RiskTrainOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<RiskTrainResult>> {
  // Refused before anything is read: an artifact would carry study aggregates outside the ledger.
  if (source.kind === 'study') throw new UsageError(TRAIN_REFUSES_STUDY);
  return runAnalysis(TRAIN, source, options, call);
}
