/**
 * Builds the model artifact of a trained model of any kind: covariates with
 * training ranges and the generated input JSON Schema, preprocessing,
 * predictor, baseline on the grid, training summary (aggregates only) and the
 * caller's validation and model card. Dispatches on the kind for the
 * predictor: proportional-hazards kinds (cox, coxnet, deepsurv; format 1)
 * write centring, scaling, the linear or MLP score and the Breslow baseline;
 * the forest (rsf; format 2) writes the gridded forest (after the disclosure
 * floors of ./forest-artifact.ts), centring 0 and scaling 1 (it splits on the
 * raw design) and the cohort's Nelson-Aalen on the grid as a reference
 * baseline. The other sections are the same for every kind.
 *
 * Disclosure control: models/ does not import engine/, so the builder cannot
 * apply the engine's rules; it writes aggregates only (n, events, means, SDs,
 * quartiles, level counts) and replaces level counts below `minCellCount`
 * (default 5, the usual small-cell threshold) by null. Training ranges are
 * min/max by default (two individual values per covariate): pass
 * `rangeQuantiles` (e.g. [0.01, 0.99]) or `ranges` computed under the
 * engine's disclosure rules when that is not acceptable. Median follow-up is
 * rounded down to the grid step. Callers with stricter rules pass
 * `trainingSummary` overrides computed with engine/disclosure.
 */
import { UsageError } from '../../../util/errors.js';
import { inputJsonSchema } from '../artifact/input-schema.js';
import { loadModelArtifact } from '../artifact/load.js';
import type { ArtifactCovariate, ArtifactPredictor, CovariateSummary, ModelArtifact, ModelCard, TrainingSummary, ValidationSummary } from '../artifact/types.js';
import { ARTIFACT_FORMAT_VERSION, FOREST_ARTIFACT_FORMAT_VERSION } from '../artifact/types.js';
import { kaplanMeierStep } from '../metrics/survival-step.js';
import { quantileType7 } from '../metrics/calibration.js';
import { FOREST_BASELINE_ESTIMATOR, forestArtifactPredictor } from './forest-artifact.js';
import type { ForestExportFloors } from './forest-artifact.js';
import { TrainedScoreModel } from './trained-model.js';
import { TrainedRsfModel } from './trained-rsf-model.js';
import type { TrainedModel } from './types.js';

/**
 * Options of {@link buildModelArtifact}. `minNodeSize` and `minLeafPatients`
 * (the disclosure floors of {@link ForestExportFloors}) apply to kind rsf only
 * and are ignored for the other kinds.
 */
export interface BuildArtifactOptions extends ForestExportFloors {
  /** Artifact id (lowercase, digits, '.', '_', '-'). */
  id: string;
  /** Model card; its `version` is the artifact version. */
  card: ModelCard;
  /** Default horizons (grid points, in the model's time unit). */
  horizons: readonly number[];
  /** Validation section (e.g. from validateRiskModel). Default null. */
  validation?: ValidationSummary | null;
  /** Build timestamp. Default now (pass a fixed one for reproducible files). */
  createdAt?: string;
  /** Engine version. Default '0.1.0' (package.json of this build; models/ does not read files). */
  engineVersion?: string;
  /** Quantiles [lo, hi] of the training values used as the range. Default [0, 1] (min, max). */
  rangeQuantiles?: readonly [number, number];
  /** Explicit ranges by covariate (take precedence). */
  ranges?: Readonly<Record<string, readonly [number, number]>>;
  /** Descriptions (unit, meaning) by covariate. */
  descriptions?: Readonly<Record<string, string>>;
  /** Smallest level count shown. Default 5. */
  minCellCount?: number;
  /** Overrides of the computed training summary (e.g. disclosure-safe values from the engine). */
  trainingSummary?: Partial<TrainingSummary>;
}

function mean(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

function sd(x: Float64Array): number {
  const m = mean(x);
  let s = 0;
  for (const v of x) s += (v - m) * (v - m);
  return Math.sqrt(s / (x.length - 1));
}

/**
 * Median follow-up by the reverse Kaplan-Meier (censoring as the event),
 * rounded down to a multiple of `step`; null when not reached.
 */
export function medianFollowUp(time: Float64Array, status: Float64Array, step: number): number | null {
  const km = kaplanMeierStep(time, status, null, true);
  for (let k = 0; k < km.time.length; k++) if (km.surv[k]! <= 0.5) return Math.floor(km.time[k]! / step) * step;
  return null;
}

/** What a kind contributes to its artifact: format, preprocessing, predictor and the baseline's estimator. */
interface PredictorSection {
  formatVersion: ModelArtifact['formatVersion'];
  center: ArrayLike<number>;
  scale: ArrayLike<number>;
  predictor: ArtifactPredictor;
  estimator: string;
}

function scoreSection(model: TrainedScoreModel): PredictorSection {
  return { formatVersion: ARTIFACT_FORMAT_VERSION, center: model.center, scale: model.scale, predictor: model.predictor, estimator: 'Breslow' };
}

function forestSection(model: TrainedRsfModel, floors: ForestExportFloors): PredictorSection {
  const p = model.spec.columns.length;
  return {
    formatVersion: FOREST_ARTIFACT_FORMAT_VERSION,
    center: new Float64Array(p),
    scale: new Float64Array(p).fill(1),
    predictor: forestArtifactPredictor(model, floors),
    estimator: FOREST_BASELINE_ESTIMATOR,
  };
}

/** The kind-specific section, by kind; the model must be the class its kind trains. */
function predictorSection(model: TrainedModel, options: BuildArtifactOptions): PredictorSection {
  const kind = model.kind;
  switch (kind) {
    case 'rsf':
      if (model instanceof TrainedRsfModel) return forestSection(model, options);
      break;
    case 'cox':
    case 'coxnet':
    case 'deepsurv':
      if (model instanceof TrainedScoreModel) return scoreSection(model);
      break;
    default: {
      const unknown: never = kind;
      throw new UsageError(`buildModelArtifact: no artifact format for model kind '${String(unknown)}'`);
    }
  }
  throw new UsageError(
    `buildModelArtifact: a model of kind '${kind}' must be trained by ${kind === 'rsf' ? 'rsfRiskModel' : 'coxRiskModel, coxnetRiskModel or deepSurvRiskModel'} (got ${model.constructor.name})`,
  );
}

/**
 * The artifact of a trained model of any kind, validated as {@link loadModelArtifact} would.
 *
 * @param model the trained model (cox, coxnet, deepsurv: format 1; rsf: format 2); not modified.
 * @param options id, card, horizons (required); validation, createdAt, engineVersion, rangeQuantiles, ranges, descriptions, minCellCount, trainingSummary; for forests the disclosure floors minNodeSize (10) and minLeafPatients (5).
 * @returns the artifact.
 * @throws UsageError for a model not trained by this module's risk models, a forest with smaller leaves (samples or patients) than allowed, or a horizon beyond the grid; DataValidationError if the result is inconsistent.
 * @example buildModelArtifact(coxRiskModel(f).fit(gbsg), { id: 'gbsg-cox', card, horizons: [1095.75, 1826.25] })
 */
export function buildModelArtifact(model: TrainedModel, options: BuildArtifactOptions): ModelArtifact {
  const section = predictorSection(model, options);
  const { x, time, status, nDropped } = model.training;
  const n = time.length;
  const minCell = options.minCellCount ?? 5;
  const [qlo, qhi] = options.rangeQuantiles ?? [0, 1];
  const gmax = model.baseline.grid[model.baseline.grid.length - 1]!;
  for (const h of options.horizons)
    if (!(h > 0 && h <= gmax)) throw new UsageError(`horizon ${h} is outside the baseline grid (0, ${gmax}] ${model.timeUnit}`);
  const covariates: ArtifactCovariate[] = [];
  const summaries: CovariateSummary[] = [];
  for (const c of model.spec.covariates) {
    const description = options.descriptions?.[c.name];
    if (c.type === 'numeric') {
      const j = model.spec.columns.findIndex((col) => col.covariate === c.name);
      const v = x[j]!;
      const given = options.ranges?.[c.name];
      const range: [number, number] = given ? [given[0], given[1]] : [quantileType7(v, qlo), quantileType7(v, qhi)];
      covariates.push({ name: c.name, type: 'numeric', range, ...(description ? { description } : {}) });
      summaries.push({
        name: c.name,
        type: 'numeric',
        mean: mean(v),
        sd: sd(v),
        quartiles: [quantileType7(v, 0.25), quantileType7(v, 0.5), quantileType7(v, 0.75)],
      });
    } else {
      covariates.push({ name: c.name, type: 'categorical', levels: [...c.levels!], ...(description ? { description } : {}) });
      const counts: Record<string, number | null> = {};
      let rest = n;
      for (const lv of c.levels!.slice(1)) {
        const j = model.spec.columns.findIndex((col) => col.covariate === c.name && col.level === lv);
        let k = 0;
        for (const v of x[j]!) k += v;
        counts[lv] = k;
        rest -= k;
      }
      counts[c.levels![0]!] = rest;
      const ordered: Record<string, number | null> = {};
      for (const lv of c.levels!) ordered[lv] = counts[lv]! < minCell ? null : counts[lv]!;
      summaries.push({ name: c.name, type: 'categorical', counts: ordered });
    }
  }
  let events = 0;
  for (const s of status) events += s > 0 ? 1 : 0;
  const step = model.baseline.grid[1]!;
  const trainingSummary: TrainingSummary = {
    n,
    events,
    nDropped,
    medianFollowUp: medianFollowUp(time, status, step),
    covariates: summaries,
    minCellCount: minCell,
    note: `aggregates of the training rows only; level counts below ${minCell} suppressed (null); median follow-up (reverse Kaplan-Meier) rounded down to the grid step; no event times`,
    ...options.trainingSummary,
  };
  const artifact: ModelArtifact = {
    formatVersion: section.formatVersion,
    id: options.id,
    version: options.card.version,
    kind: model.kind,
    createdAt: options.createdAt ?? new Date().toISOString(),
    engineVersion: options.engineVersion ?? '0.1.0',
    formula: model.formula,
    timeUnit: model.timeUnit,
    inputSchema: inputJsonSchema(covariates),
    covariates,
    preprocessing: {
      columns: model.spec.columns.map((col, j) => ({ ...col, center: section.center[j]!, scale: section.scale[j]! })),
    },
    predictor: section.predictor,
    baselineHazard: {
      grid: [...model.baseline.grid],
      cumulativeHazard: [...model.baseline.cumulativeHazard],
      estimator: section.estimator,
      gridRule: model.baseline.gridRule,
    },
    horizons: [...options.horizons],
    trainingSummary,
    validation: options.validation ?? null,
    card: options.card,
  };
  return loadModelArtifact(artifact);
}

/** Options of {@link buildRsfArtifact}: those of {@link buildModelArtifact} (which include the forest's disclosure floors). */
export type BuildRsfArtifactOptions = BuildArtifactOptions;

/**
 * {@link buildModelArtifact} restricted to forests: the name the forest's
 * artifact builder had before {@link buildModelArtifact} dispatched by kind.
 * Kept for importers; new code calls {@link buildModelArtifact}.
 *
 * @param model a model trained by `rsfRiskModel`; not modified.
 * @param options those of {@link buildModelArtifact}.
 * @returns the artifact (format 2, kind rsf), identical to `buildModelArtifact(model, options)`.
 * @throws UsageError for a model not trained by rsfRiskModel, and as {@link buildModelArtifact}.
 * @example saveModelArtifact(buildRsfArtifact(rsfRiskModel(f).fit(gbsg), { id: 'gbsg-rsf', card, horizons: [1095.75, 1826.25] }))
 */
export function buildRsfArtifact(model: TrainedModel, options: BuildRsfArtifactOptions): ModelArtifact {
  if (!(model instanceof TrainedRsfModel)) throw new UsageError(`buildRsfArtifact needs a model trained by rsfRiskModel, got kind '${model.kind}'`);
  return buildModelArtifact(model, options);
}
