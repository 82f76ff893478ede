/**
 * Builds a format-1 model artifact from a trained model: covariates with
 * training ranges and the generated input JSON Schema, preprocessing,
 * predictor, baseline on the grid, training summary (aggregates only) and the
 * caller's validation and model card.
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
import type { ArtifactCovariate, CovariateSummary, ModelArtifact, ModelCard, TrainingSummary, ValidationSummary } from '../artifact/types.js';
import { ARTIFACT_FORMAT_VERSION } from '../artifact/types.js';
import { kaplanMeierStep } from '../metrics/survival-step.js';
import { quantileType7 } from '../metrics/calibration.js';
import type { TrainedRiskModel } from './trained-model.js';

/** Options of {@link buildModelArtifact}. */
export interface BuildArtifactOptions {
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

/**
 * The artifact of a trained model, validated as {@link loadModelArtifact} would.
 *
 * @param model the trained model; not modified.
 * @param options id, card, horizons (required); validation, createdAt, engineVersion, rangeQuantiles, ranges, descriptions, minCellCount, trainingSummary.
 * @returns the artifact.
 * @throws UsageError for a horizon beyond the grid; DataValidationError if the result is inconsistent.
 * @example buildModelArtifact(coxRiskModel(f).fit(gbsg), { id: 'gbsg-cox', card, horizons: [1095.75, 1826.25] })
 */
export function buildModelArtifact(model: TrainedRiskModel, options: BuildArtifactOptions): ModelArtifact {
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
    formatVersion: ARTIFACT_FORMAT_VERSION,
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
      columns: model.spec.columns.map((col, j) => ({ ...col, center: model.center[j]!, scale: model.scale[j]! })),
    },
    predictor: model.predictor,
    baselineHazard: {
      grid: [...model.baseline.grid],
      cumulativeHazard: [...model.baseline.cumulativeHazard],
      estimator: 'Breslow',
      gridRule: model.baseline.gridRule,
    },
    horizons: [...options.horizons],
    trainingSummary,
    validation: options.validation ?? null,
    card: options.card,
  };
  return loadModelArtifact(artifact);
}
