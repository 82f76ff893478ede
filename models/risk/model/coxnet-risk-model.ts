/**
 * Elastic-net penalized Cox risk model at one lambda: coefficients on the
 * original scale from {@link coxnetFormula} (glmnet `family = "cox"`,
 * standardize = TRUE) at the given `lambda`, or at the cross-validated
 * `lambda.min` when `lambda` is omitted (k-fold CV, seeded). Columns are
 * centred at their training means; the Breslow baseline on the grid is
 * estimated with the penalized linear predictor (as `survfit` on a glmnet fit,
 * glmnet 4.1 `survfit.coxnet`).
 * Reference: Simon N, Friedman J, Hastie T, Tibshirani R (2011) J Stat Softw 39(5).
 */
import type { ColumnTable, FactorOptions } from '../../design/types.js';
import { coxnetFormula } from '../coxnet-formula.js';
import type { GridOptions } from './baseline-grid.js';
import { TrainedScoreModel } from './trained-model.js';
import type { RiskModel } from './types.js';

/** Options of {@link coxnetRiskModel}. */
export interface CoxnetRiskModelOptions {
  /** Elastic-net mixing (1 = lasso, 0 = ridge). Default 1 (glmnet's default). */
  alpha?: number;
  /** Lambda to deploy. Default: the cross-validated lambda.min. */
  lambda?: number;
  /** Folds of the cross-validation when `lambda` is omitted. Default 10. */
  nfolds?: number;
  /** Seed of the folds. Default 1. */
  seed?: number;
  factors?: Readonly<Record<string, FactorOptions>>;
  /** Baseline grid (time unit default 'days', monthly step, minAtRisk 10). */
  grid?: GridOptions;
}

/**
 * A penalized Cox risk model specification.
 *
 * @param formula `Surv(time, status) ~ terms`.
 * @param options alpha (1), lambda (CV lambda.min), nfolds (10), seed (1), factors, grid.
 * @returns a {@link RiskModel} of kind 'coxnet'.
 * @example coxnetRiskModel('Surv(rfstime, status) ~ age + nodes + pgr', { alpha: 0.5, lambda: 0.01 }).fit(gbsg)
 */
export function coxnetRiskModel(formula: string, options: CoxnetRiskModelOptions = {}): RiskModel<TrainedScoreModel> {
  const alpha = options.alpha ?? 1;
  const fit = (data: ColumnTable): TrainedScoreModel => {
    const cv = options.lambda === undefined;
    const r = coxnetFormula(formula, data, {
      alpha,
      ...(cv ? { crossValidate: true, nfolds: options.nfolds ?? 10, seed: options.seed ?? 1 } : {}),
      ...(options.factors ? { factors: options.factors } : {}),
    });
    const lambda = options.lambda ?? r.cv!.lambdaMin;
    const beta = Array.from(r.fit.coefAt(lambda));
    const center = Float64Array.from(r.frame.x, (col) => col.reduce((a, v) => a + v, 0) / Math.max(1, col.length));
    return TrainedScoreModel.fromFit(
      {
        kind: 'coxnet',
        frame: r.frame,
        center,
        scale: new Float64Array(beta.length).fill(1),
        predictor: { type: 'linear', coefficients: beta },
        details: { alpha, lambda, lambdaChosenBy: cv ? `${options.nfolds ?? 10}-fold CV lambda.min (seed ${options.seed ?? 1})` : 'given' },
        warnings: r.warnings,
      },
      options.grid,
    );
  };
  return { kind: 'coxnet', formula, fit, train: async (data) => fit(data) };
}
