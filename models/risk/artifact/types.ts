/**
 * The versioned model artifact (format versions 1 and 2): everything needed
 * to predict risk for a new patient without the training data. Validated with
 * zod on load ({@link loadModelArtifact}); the zod schemas below are the
 * single source of truth of the format.
 *
 * Every kind builds a design vector z from the patient's covariates by
 * {@link ArtifactColumn}s (numeric value, or 0/1 indicator of a factor level,
 * then `(value - center) / scale`).
 * - cox, coxnet, deepsurv (format 1): a score f(z) (linear `Σ β·z` for
 *   cox/coxnet, an MLP for deepsurv) and S(t | x) = exp(-H0(t) · exp(f(z)))
 *   with H0 the Breslow baseline cumulative hazard at f = 0, stored only on a
 *   coarse grid (see {@link BaselineHazard}).
 * - rsf (format 2, which adds the `forest` predictor): a random survival
 *   forest on z (center 0, scale 1: the raw design as the forest was grown);
 *   S(t | x) = exp(-H(t | z)) with H the mean over trees of the leaves'
 *   cumulative hazards, each stored only at the points of the baseline grid
 *   (see {@link ForestPredictor}); the score is the gridded mortality
 *   Σ_k H(grid[k] | z). `baselineHazard` then holds the shared grid and the
 *   training cohort's Nelson-Aalen cumulative hazard on it (for reference;
 *   not used by predictions).
 *
 * Versions: a reader of format 1 only refuses rsf artifacts at
 * `formatVersion`; this engine reads both, and writes 1 for cox, coxnet and
 * deepsurv (so their files are unchanged) and 2 for rsf.
 *
 * Reference: Collins GS et al. (2015) TRIPOD statement; Mitchell M et al.
 * (2019) "Model cards for model reporting", FAT* '19.
 */
import { z } from 'zod';

/** The format version written for linear and MLP predictors (cox, coxnet, deepsurv). */
export const ARTIFACT_FORMAT_VERSION = 1 as const;
/** The format version that adds the forest predictor (kind rsf); required for it. */
export const FOREST_ARTIFACT_FORMAT_VERSION = 2 as const;
/** Format versions this engine reads. */
export const SUPPORTED_FORMAT_VERSIONS: readonly number[] = [ARTIFACT_FORMAT_VERSION, FOREST_ARTIFACT_FORMAT_VERSION];

/** Model kinds the format knows. */
export const MODEL_KINDS = ['cox', 'coxnet', 'rsf', 'deepsurv'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });

/** One input covariate of the model, as a portal sends it. */
export const artifactCovariateSchema = z.object({
  /** Field name in the patient object. */
  name: z.string().min(1),
  /** `numeric` (a JSON number) or `categorical` (one of `levels`, a string). */
  type: z.enum(['numeric', 'categorical']),
  /** Allowed levels of a categorical covariate, first = reference. */
  levels: z.array(z.string()).min(1).optional(),
  /**
   * Range seen in training (numeric only): a value outside it is predicted
   * but warned about (extrapolation). The caller decides how it was computed
   * (min/max by default, see the builder's `rangeQuantiles`).
   */
  range: z.tuple([finite, finite]).optional(),
  /** Free text: unit and meaning (e.g. "tumour size, mm"). */
  description: z.string().optional(),
});
export type ArtifactCovariate = z.infer<typeof artifactCovariateSchema>;

/**
 * One design column: `value = covariate` (numeric) or `value = (covariate == level)`
 * (indicator), then the score sees `(value - center) / scale`.
 */
export const artifactColumnSchema = z.object({
  /** Column name as R writes it (`age`, `gradeII`, `factor(grade)3`). */
  name: z.string().min(1),
  /** Name of the covariate it is computed from. */
  covariate: z.string().min(1),
  /** For an indicator column: the level that gives 1. */
  level: z.string().optional(),
  /** Value subtracted (Cox: R's `fit$means`; deepsurv: training mean). */
  center: finite,
  /** Divisor (1 for Cox/coxnet; training SD for deepsurv). Must be > 0. */
  scale: finite.refine((v) => v > 0, { message: 'must be > 0' }),
});
export type ArtifactColumn = z.infer<typeof artifactColumnSchema>;

/** A dense layer of an MLP: `out = act(W·in + b)`, `weights[o][i]`. */
export const denseLayerSchema = z.object({
  weights: z.array(z.array(finite)),
  bias: z.array(finite),
  activation: z.enum(['relu', 'tanh', 'selu', 'linear']),
});
export type DenseLayer = z.infer<typeof denseLayerSchema>;

const linearPredictorSchema = z.object({ type: z.literal('linear'), coefficients: z.array(finite) });
const mlpPredictorSchema = z.object({ type: z.literal('mlp'), layers: z.array(denseLayerSchema).min(1) });

/** The score function f(z) of the proportional-hazards kinds (cox, coxnet, deepsurv). */
export const predictorSchema = z.discriminatedUnion('type', [linearPredictorSchema, mlpPredictorSchema]);
export type Predictor = z.infer<typeof predictorSchema>;

const int = z.number().int();

/** Settings the forest was grown with (documentation of the model; prediction does not need them). */
export const forestSettingsSchema = z.object({
  /** Number of trees. */
  nTrees: int.positive(),
  /** Design columns tried at each split. */
  mtry: int.positive(),
  /** Minimum number of bootstrap samples in every node (the disclosure floor of a leaf). */
  minNodeSize: int.positive(),
  /** Split points tried per column (0 = every midpoint, as ranger's logrank rule). */
  nSplit: int.nonnegative(),
  /** Maximum depth, null = unlimited. */
  maxDepth: int.nonnegative().nullable(),
  /** Seed of the random draws. */
  seed: int,
  /** Split rule. */
  splitRule: z.literal('logrank'),
});
export type ForestArtifactSettings = z.infer<typeof forestSettingsSchema>;

/**
 * A random survival forest on the design z (kind rsf, format 2), in flat
 * arrays (all trees share them): node `k` splits on design column
 * `splitColumn[k]` at `splitValue[k]` (`z <= value` goes to `left[k]`, else
 * `right[k]`; children come after their parent); a terminal node has
 * `splitColumn[k] = -1`, `right[k] = -1` and `left[k]` = its leaf id. Leaf `l`
 * has the entries `leafStart[l] .. leafStart[l+1]-1` of `jumpGrid`/`jumpChf`:
 * from grid index `jumpGrid[j]` on, the leaf's Nelson-Aalen cumulative
 * hazard is `jumpChf[j]` (0 before its first entry). Only values at the points
 * of `baselineHazard.grid` are stored, never training event times; each leaf
 * holds at least `settings.minNodeSize` bootstrap samples and
 * `minLeafPatients` distinct training patients.
 * Reference: Ishwaran H et al. (2008) Ann Appl Stat 2:841-860; ranger 0.14.1.
 */
export const forestPredictorSchema = z.object({
  type: z.literal('forest'),
  settings: forestSettingsSchema,
  treeRoot: z.array(int).min(1),
  splitColumn: z.array(int).min(1),
  splitValue: z.array(finite),
  left: z.array(int),
  right: z.array(int),
  leafStart: z.array(int).min(2),
  jumpGrid: z.array(int),
  jumpChf: z.array(finite),
  /**
   * Smallest number of distinct training patients among a leaf's bootstrap
   * samples (the disclosure floor actually reached); null when unknown.
   */
  minLeafPatients: int.nonnegative().nullable(),
  /** Out-of-bag Harrell's C of the forest's (ungridded) mortality, 1 - ranger's prediction error; null when undefined. */
  oobHarrellC: finite.nullable(),
  /** Permutation importance per design column (Harrell's C units), null when not computed. */
  importance: z.array(finite.nullable()).nullable(),
});
export type ForestPredictor = z.infer<typeof forestPredictorSchema>;

/** The predictor of an artifact: a PH score (linear, mlp) or a forest. */
export const artifactPredictorSchema = z.discriminatedUnion('type', [linearPredictorSchema, mlpPredictorSchema, forestPredictorSchema]);
export type ArtifactPredictor = z.infer<typeof artifactPredictorSchema>;

/**
 * Baseline cumulative hazard H0 at score f = 0 on a coarse grid (e.g. monthly):
 * never the unique event times of the training data. Between grid points
 * H0 is taken as a step function (value at the last grid point <= t), so a
 * prediction at t uses only what was known at the grid point before it.
 */
export const baselineHazardSchema = z.object({
  /** Increasing grid times (in `timeUnit`), starting at 0. */
  grid: z.array(finite).min(2),
  /** H0 at each grid point (non-decreasing, starts at 0). */
  cumulativeHazard: z.array(finite),
  /** Estimator, e.g. "Breslow" or "Efron (R survfit.coxph)". */
  estimator: z.string(),
  /** How the grid was chosen (step, end rule). */
  gridRule: z.string(),
});
export type BaselineHazard = z.infer<typeof baselineHazardSchema>;

/** Summary of one covariate in the training cohort (aggregates only). */
export const covariateSummarySchema = z.object({
  name: z.string(),
  type: z.enum(['numeric', 'categorical']),
  mean: finite.optional(),
  sd: finite.optional(),
  /** Quartiles [25%, 50%, 75%] (type 7). */
  quartiles: z.tuple([finite, finite, finite]).optional(),
  /** Counts per level; `null` = suppressed by disclosure control. */
  counts: z.record(z.string(), z.number().int().nonnegative().nullable()).optional(),
});
export type CovariateSummary = z.infer<typeof covariateSummarySchema>;

/**
 * The training cohort under disclosure control: aggregates only, no rows,
 * no event times. models/ does not import engine/: the caller is responsible
 * for passing disclosure-safe numbers (e.g. counts below 5 replaced by null
 * with engine/disclosure) — the builder suppresses level counts below
 * `minCellCount` itself as a safety net.
 */
export const trainingSummarySchema = z.object({
  n: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  /** Rows dropped for missing values. */
  nDropped: z.number().int().nonnegative(),
  /** Median follow-up (reverse Kaplan-Meier), in `timeUnit`, when computed. */
  medianFollowUp: finite.nullable(),
  covariates: z.array(covariateSummarySchema),
  /** Smallest count shown; smaller counts are null. */
  minCellCount: z.number().int().positive(),
  /** Free-text note on the source and disclosure rules applied. */
  note: z.string(),
});
export type TrainingSummary = z.infer<typeof trainingSummarySchema>;

/** Validation metrics (apparent unless stated). */
export const validationSchema = z.object({
  /** Harrell's C (apparent). */
  harrellC: finite,
  /** Uno's C (apparent), truncated at `unoTau`. */
  unoC: finite.nullable(),
  unoTau: finite.nullable(),
  /** Cumulative/dynamic IPCW AUC per horizon. */
  auc: z.array(z.object({ horizon: finite, auc: finite.nullable() })),
  /** IPCW Brier score per horizon. */
  brier: z.array(z.object({ horizon: finite, brier: finite.nullable() })),
  /** Harrell's bootstrap optimism-corrected C, when computed. */
  optimismCorrectedC: finite.nullable(),
  /** Bootstrap replicates used for the optimism correction (0 = not done). */
  bootstrapReplicates: z.number().int().nonnegative(),
  /** Free text: data used, seed, caveats. */
  note: z.string(),
});
export type ValidationSummary = z.infer<typeof validationSchema>;

/** The model card (Mitchell et al. 2019), short form. */
export const modelCardSchema = z.object({
  title: z.string(),
  intendedUse: z.string().min(1),
  population: z.string().min(1),
  /** The prediction horizon(s) in words, e.g. "3 and 5 years after surgery". */
  horizon: z.string().min(1),
  outcome: z.string().optional(),
  limitations: z.array(z.string()).min(1),
  authors: z.array(z.string()).min(1),
  /** Model version (semantic versioning), also the artifact's `version`. */
  version: z.string().min(1),
  references: z.array(z.string()).optional(),
});
export type ModelCard = z.infer<typeof modelCardSchema>;

/** The whole artifact, format version 1 or 2 (2 is required for a forest predictor). */
export const modelArtifactSchema = z.object({
  formatVersion: z.union([z.literal(ARTIFACT_FORMAT_VERSION), z.literal(FOREST_ARTIFACT_FORMAT_VERSION)]),
  /** Stable identifier used in URLs: lowercase letters, digits, '-', '_' and '.'. */
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" or "-"'),
  /** Model version (semantic versioning); equals `card.version`. */
  version: z.string().min(1),
  kind: z.enum(MODEL_KINDS),
  /** ISO 8601 timestamp of the build. */
  createdAt: z.string().min(1),
  /** Version of midia-hub that built it. */
  engineVersion: z.string().min(1),
  /** The model formula, when there is one. */
  formula: z.string().nullable(),
  /** Unit of every time in the artifact (grid, horizons). */
  timeUnit: z.enum(['days', 'months', 'years']),
  /** JSON Schema (draft 2020-12) of one patient, generated from the covariates with zod's `toJSONSchema`. */
  inputSchema: z.record(z.string(), z.unknown()),
  covariates: z.array(artifactCovariateSchema).min(1),
  preprocessing: z.object({ columns: z.array(artifactColumnSchema).min(1) }),
  predictor: artifactPredictorSchema,
  baselineHazard: baselineHazardSchema,
  /** Default prediction horizons (grid points). */
  horizons: z.array(finite).min(1),
  trainingSummary: trainingSummarySchema,
  validation: validationSchema.nullable(),
  card: modelCardSchema,
});
export type ModelArtifact = z.infer<typeof modelArtifactSchema>;

/** One patient as given to {@link predictRisk}: covariate name → number or level. */
export type PatientInput = Readonly<Record<string, unknown>>;

/** Prediction for one patient. */
export interface PatientRisk {
  /** Risk 1 - S(h | x) at each requested horizon (same order). */
  risk: number[];
  /** Survival S(t | x) at each grid point of the artifact. */
  survival: number[];
  /** The score f(z) (Cox: the centred linear predictor; rsf: the gridded mortality Σ_k H(grid[k])); larger = higher risk. */
  score: number;
  /** Warnings about this patient (e.g. extrapolation). */
  warnings: string[];
}

/** Result of {@link predictRisk}. */
export interface RiskPrediction {
  modelId: string;
  modelVersion: string;
  kind: ModelKind;
  timeUnit: ModelArtifact['timeUnit'];
  /** Horizons the risks refer to. */
  horizons: number[];
  /** The survival curves' time grid. */
  grid: number[];
  /** One entry per patient, in input order. */
  predictions: PatientRisk[];
  /** All warnings, de-duplicated, prefixed by patient index for batches. */
  warnings: string[];
}
