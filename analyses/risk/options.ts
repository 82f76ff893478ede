/**
 * The options of the risk analyses as zod schemas: one place where they are
 * validated, with the defaults written here and in each field's comment.
 *
 * Loaded on demand (by the validating entry points `riskTrain`,
 * `riskEvaluate`, `riskCompare`, `riskPredict`, `riskPredictPatients`), never
 * at start-up. The CLI validates its flags itself (cli/args.ts) and calls the
 * `run*` entry points with options in their parsed form.
 */
import { z } from 'zod';
import type { ModelArtifact } from '../../models/risk/artifact/types.js';
import type { ProgressCallback } from '../../util/progress.js';
import { dataSelectionSchema } from '../survival/schemas.js';
import { TIME_UNITS } from './rows.js';

const unit = z.enum(TIME_UNITS);
const confLevel = z.number().gt(0).lt(1);
const horizons = z.array(z.number().finite().gt(0)).min(1);
/** Horizons of a prediction: the artifact checks them against its grid (0 accepted). */
const predictionHorizons = z.array(z.number().finite().min(0)).min(1);

/** A loaded, validated model artifact (`readModelArtifact(path)` or `loadModelArtifact(text)`). */
const artifact = z.custom<ModelArtifact>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string' && typeof (v as { formatVersion?: unknown }).formatVersion === 'number' && typeof (v as { predictor?: unknown }).predictor === 'object',
  'expected a model artifact (readModelArtifact(path) or loadModelArtifact(text))',
);

const progress = z.custom<ProgressCallback>((v) => typeof v === 'function', 'expected a progress callback');

/** Forest settings of `kind: 'rsf'` (defaults of models/risk/model/rsf-risk-model.ts). */
const forest = z.object({
  /** Trees (default 100). */
  nTrees: z.number().int().min(1).optional(),
  /** Variables tried per split (default floor(sqrt(design columns))). */
  mtry: z.number().int().min(1).optional(),
  /** Minimum bootstrap samples per node (default 15; an exported forest needs at least 10). */
  minNodeSize: z.number().int().min(1).optional(),
  /** Random split points per variable (default 0 = every midpoint). */
  nSplit: z.number().int().min(0).optional(),
  /** Maximum depth (default unlimited). */
  maxDepth: z.number().int().min(0).optional(),
  /** Permutation importance (default) or none. */
  importance: z.enum(['permutation', 'none']).default('permutation'),
});

/** What the model card says (defaults written by `riskTrain`). */
const card = z.object({
  title: z.string().min(1).optional(),
  intendedUse: z.string().min(1).optional(),
  population: z.string().min(1).optional(),
  author: z.string().min(1).optional(),
});

/** Options of `riskTrain`. */
export const RiskTrainOptions = z
  .object({
    /** `Surv(time, status) ~ terms`. */
    formula: z.string().min(1),
    /** cox (Efron ties, Breslow baseline), coxnet (glmnet family = "cox") or rsf (random survival forest). Default cox. */
    kind: z.enum(['cox', 'coxnet', 'rsf']).default('cox'),
    /** Unit of the time column (default days): the artifact's time unit. */
    timeUnit: unit.default('days'),
    /** Validation horizons, in `horizonUnit` (default 3 and 5). */
    horizons: horizons.default([3, 5]),
    /** Unit of `horizons` (default years). */
    horizonUnit: unit.default('years'),
    /** Artifact id: lowercase letters, digits, '.', '_' and '-' (default `risk-model`). */
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" or "-"').default('risk-model'),
    /** Seed of the CV folds (coxnet), the forest and the bootstrap (default 1). */
    seed: z.number().int().default(1),
    /** Bootstrap replicates of Harrell's optimism-corrected C (default 0: apparent validation only). */
    bootstrap: z.number().int().min(0).default(0),
    /** coxnet: elastic-net mixing (default 1, the lasso). */
    alpha: z.number().min(0).max(1).default(1),
    /** coxnet: the penalty; default the CV lambda.min. */
    lambda: z.number().gt(0).optional(),
    /** coxnet: CV folds when no lambda is given (default 10). */
    nfolds: z.number().int().min(3).default(10),
    /** rsf: forest settings. */
    forest: forest.optional(),
    /** The model card's texts. */
    card: card.default({}),
    /** Model version (default 0.1.0). */
    modelVersion: z.string().min(1).default('0.1.0'),
    /** ISO timestamp of the build, for reproducible files (default now). */
    createdAt: z.string().min(1).optional(),
    /** Progress of the bootstrap replicates. */
    onProgress: progress.optional(),
  })
  .superRefine((o, ctx) => {
    if (o.forest !== undefined && o.kind !== 'rsf') ctx.addIssue({ code: 'custom', path: ['forest'], message: 'forest settings apply to kind rsf only' });
    if (o.kind !== 'coxnet' && o.lambda !== undefined) ctx.addIssue({ code: 'custom', path: ['lambda'], message: 'lambda applies to kind coxnet only' });
  });
export type RiskTrainOptionsInput = z.input<typeof RiskTrainOptions>;
export type RiskTrainOptionsParsed = z.output<typeof RiskTrainOptions>;

/** Where the outcome is: the artifact formula's `Surv(time, status)`, or these columns. */
const outcome = {
  /** Time column (default the first argument of the model formula's Surv()). */
  time: z.string().min(1).optional(),
  /** Status column, 1 = event (default the second argument of Surv()). */
  status: z.string().min(1).optional(),
  /** What to read from a study (ignored for a plain table): `{ table }` or `{ analysisTable }`. */
  data: dataSelectionSchema.optional(),
};

/** Horizons of an evaluation or prediction: default the artifact's; in `horizonUnit` (default the artifact's time unit). */
const horizonChoice = {
  horizons: predictionHorizons.optional(),
  horizonUnit: unit.optional(),
};

/** Options of `riskEvaluate`. */
export const RiskEvaluateOptions = z.object({
  model: artifact,
  ...horizonChoice,
  ...outcome,
  /** Level of Harrell's C interval (default 0.95). */
  confLevel: confLevel.default(0.95),
});
export type RiskEvaluateOptionsInput = z.input<typeof RiskEvaluateOptions>;
export type RiskEvaluateOptionsParsed = z.output<typeof RiskEvaluateOptions>;

/** Options of `riskCompare`. */
export const RiskCompareOptions = z.object({
  /** Model 1 and model 2: the difference is C(model 2) - C(model 1). */
  models: z.tuple([artifact, artifact]),
  ...outcome,
  /** Paired bootstrap replicates (default 1000, at least 10). */
  bootstrap: z.number().int().min(10).default(1000),
  /** Seed of the bootstrap (default 1). */
  seed: z.number().int().default(1),
  /** Level of the percentile interval (default 0.95). */
  confLevel: confLevel.default(0.95),
});
export type RiskCompareOptionsInput = z.input<typeof RiskCompareOptions>;
export type RiskCompareOptionsParsed = z.output<typeof RiskCompareOptions>;

/** Options of `riskPredict` (the rows of a table). */
export const RiskPredictOptions = z.object({
  model: artifact,
  ...horizonChoice,
  /** Add each patient's survival curve on the model's grid (default false). */
  survival: z.boolean().default(false),
});
export type RiskPredictOptionsInput = z.input<typeof RiskPredictOptions>;
export type RiskPredictOptionsParsed = z.output<typeof RiskPredictOptions>;

/** Options of `riskPredictPatients` (patients given as JSON values). */
export const RiskPredictPatientsOptions = RiskPredictOptions.extend({
  /** One patient object or an array of them (covariate name -> number or level), checked by the model's input rules. */
  patients: z.unknown(),
});
export type RiskPredictPatientsOptionsInput = z.input<typeof RiskPredictPatientsOptions>;
export type RiskPredictPatientsOptionsParsed = z.output<typeof RiskPredictPatientsOptions>;
