/**
 * The common interface of deployable risk models, whatever their kind.
 *
 * A {@link RiskModel} is a specification (kind, formula, options) that
 * trains on a column table and returns a {@link TrainedModel}: the design
 * specification, the training data as the model saw it, the time grid,
 * `predictScore(rows)` and `predictSurvival(rows, horizons)`. Everything
 * downstream takes a `TrainedModel` and nothing more: validation and
 * bootstrap resampling ({@link validateRiskModel}), the artifact
 * ({@link buildModelArtifact}, which dispatches on the kind), the CLI and the
 * notebooks.
 *
 * Implementations:
 * - {@link TrainedScoreModel} (kinds cox, coxnet, deepsurv): a
 *   proportional-hazards score f(x) (linear or MLP) with a Breslow baseline on
 *   the grid, S(t | x) = exp(-H0(t)·exp(f(x))); from {@link coxRiskModel},
 *   {@link coxnetRiskModel} and `deepSurvRiskModel` (../neural).
 * - {@link TrainedRsfModel} (kind rsf): a random survival forest whose leaves
 *   hold cumulative hazards on the grid; from {@link rsfRiskModel}.
 */
import type { ColumnTable } from '../../design/types.js';
import type { ModelKind } from '../artifact/types.js';
import type { GridBaseline, TimeUnit } from './baseline-grid.js';
import type { DesignSpec } from './design-spec.js';

/** Survival and risk of rows at horizons (one array per horizon, one value per row). */
export interface SurvivalPrediction {
  horizons: number[];
  survival: Float64Array[];
  risk: Float64Array[];
}

/** The training data as a trained model saw it (the rows without missing values, in their order). */
export interface TrainingData {
  /** Follow-up time of each used row. */
  time: Float64Array;
  /** Status (1 event, 0 censored) of each used row. */
  status: Float64Array;
  /** Raw (uncentred) design columns, column-major, as described by the model's `spec.columns`. */
  x: Float64Array[];
  /** Rows of the training table dropped for missing values. */
  nDropped: number;
  /** Apparent score of each used row (larger = higher risk; what `predictScore` gives for the row). */
  score: Float64Array;
  /** 0-based row of the training table of each used row. */
  rowIndex: Int32Array;
}

/**
 * A trained risk model: the one train / predict / serialize interface of
 * every kind (`MODEL_KINDS` in models/risk/artifact/types.ts). Immutable after training.
 */
export interface TrainedModel {
  readonly kind: ModelKind;
  /** `Surv(time, status) ~ terms` as parsed. */
  readonly formula: string;
  /** Covariates and design columns (what a patient must have). */
  readonly spec: DesignSpec;
  /** Time unit of the training times, the grid and horizons. */
  readonly timeUnit: TimeUnit;
  /**
   * The model's time grid (predictions are step functions on it; horizons
   * must lie in [0, last point]), with a cumulative hazard on it: for
   * proportional-hazards kinds the Breslow baseline H0 that predicts, for a
   * forest the training cohort's Nelson-Aalen (reference only, written to the
   * artifact).
   */
  readonly baseline: GridBaseline;
  /** Training data as the model saw it, with the apparent scores. */
  readonly training: TrainingData;
  /** Kind-specific details (coefficients' SEs, lambda, epochs, forest settings, ...). */
  readonly details: Record<string, unknown>;
  /** Warnings of the fit (data, convergence), as data. */
  readonly warnings: string[];
  /**
   * Scores of new rows (larger = higher risk): the linear or MLP predictor of
   * a proportional-hazards model, the gridded mortality of a forest.
   * @throws DataValidationError for missing columns, values or unknown levels.
   */
  predictScore(rows: ColumnTable): Float64Array;
  /**
   * Survival S(h | x) and risk 1 - S(h | x) of new rows at horizons.
   * @throws DataValidationError for bad rows or a horizon outside [0, last grid point].
   */
  predictSurvival(rows: ColumnTable, horizons: readonly number[]): SurvivalPrediction;
}

/**
 * The name {@link TrainedModel} had before the forest joined: any trained
 * risk model. Kept for importers; new code uses `TrainedModel`.
 */
export type TrainedRiskModel = TrainedModel;

/**
 * A risk model specification. Training never changes the specification.
 * `M` is the class a kind trains ({@link TrainedScoreModel},
 * {@link TrainedRsfModel}); code that handles every kind uses the default.
 */
export interface RiskModel<M extends TrainedModel = TrainedModel> {
  readonly kind: ModelKind;
  /** `Surv(time, status) ~ terms` (main effects of variables and factor()). */
  readonly formula: string;
  /**
   * Trains synchronously (used by resampling validation).
   * @throws FormulaError, DataValidationError, ModelError as the underlying fit.
   */
  fit(data: ColumnTable): M;
  /** Trains; the asynchronous form of {@link RiskModel.fit} for callers that await (e.g. backend set-up). */
  train(data: ColumnTable): Promise<M>;
}
