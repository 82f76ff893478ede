/**
 * The common interface of deployable risk models: a model specification
 * (kind, formula, options) that trains on a column table and returns a
 * {@link TrainedRiskModel} with `predictSurvival(rows, horizons)` and an
 * artifact export ({@link buildModelArtifact}). Implemented for Cox
 * ({@link coxRiskModel}), penalized Cox ({@link coxnetRiskModel}) and the
 * neural Cox model (`deepSurvRiskModel` in ../neural).
 */
import type { ColumnTable } from '../../design/types.js';
import type { ModelKind } from '../artifact/types.js';
import type { TrainedRiskModel } from './trained-model.js';

/** A risk model specification. Training never changes the specification. */
export interface RiskModel {
  readonly kind: ModelKind;
  /** `Surv(time, status) ~ terms` (main effects of variables and factor()). */
  readonly formula: string;
  /**
   * Trains synchronously (used by resampling validation).
   * @throws FormulaError, DataValidationError, ModelError as the underlying fit.
   */
  fit(data: ColumnTable): TrainedRiskModel;
  /** Trains; the asynchronous form of {@link RiskModel.fit} for callers that await (e.g. backend set-up). */
  train(data: ColumnTable): Promise<TrainedRiskModel>;
}
