/**
 * Cox proportional-hazards risk model: coefficients from {@link coxph}
 * (models/survival, R `coxph` semantics; ties default `'efron'` as R), design
 * columns centred at R's `fit$means`, Breslow baseline cumulative hazard on a
 * grid ({@link breslowOnGrid}); risk at h = 1 - exp(-H0(h)·exp(lp)).
 * Note: with Efron ties R's `survfit.coxph` uses the Efron baseline; this
 * model uses Breslow's (as the issue asks); they differ by O(ties) only.
 * Reference: Cox DR (1972) JRSS-B 34:187-220; Breslow NE (1972) ibid. 216-217.
 */
import { ModelError } from '../../../util/errors.js';
import type { ColumnTable, FactorOptions } from '../../design/types.js';
import { coxph } from '../../survival/cox/cox.js';
import type { CoxTies } from '../../survival/cox/cox-control.js';
import type { GridOptions } from './baseline-grid.js';
import { TrainedScoreModel } from './trained-model.js';
import type { RiskModel } from './types.js';

/** Options of {@link coxRiskModel}. */
export interface CoxRiskModelOptions {
  /** Tie method of the coefficient fit. Default `'efron'` (R's default). */
  ties?: CoxTies;
  /** Factor options (reference level, level order). Default R's (first level in code-point order). */
  factors?: Readonly<Record<string, FactorOptions>>;
  /** Baseline grid (time unit default 'days', monthly step, minAtRisk 10). */
  grid?: GridOptions;
}

/**
 * A Cox risk model specification.
 *
 * @param formula `Surv(time, status) ~ terms`.
 * @param options ties ('efron'), factors, grid.
 * @returns a {@link RiskModel} of kind 'cox'.
 * @example coxRiskModel('Surv(rfstime, status) ~ age + nodes').fit(gbsg).predictSurvival(rows, [1826.25])
 */
export function coxRiskModel(formula: string, options: CoxRiskModelOptions = {}): RiskModel<TrainedScoreModel> {
  const fit = (data: ColumnTable): TrainedScoreModel => {
    const cf = coxph(formula, data, { ties: options.ties ?? 'efron', ...(options.factors ? { factors: options.factors } : {}) });
    const warnings = [...cf.warnings];
    const coef = Array.from(cf.coefficients);
    coef.forEach((b, j) => {
      if (!Number.isFinite(b)) {
        warnings.push(`coefficient of ${cf.columnNames[j]} is not estimable (collinear); set to 0`);
        coef[j] = 0;
      }
    });
    if (!cf.converged) warnings.push(`coxph did not converge in ${cf.iterations} iterations`);
    if (coef.every((b) => b === 0) && coef.length > 0 && !cf.converged) throw new ModelError('coxph failed: no usable coefficients');
    return TrainedScoreModel.fromFit(
      {
        kind: 'cox',
        frame: cf.frame,
        center: Float64Array.from(cf.internals.means),
        scale: new Float64Array(coef.length).fill(1),
        predictor: { type: 'linear', coefficients: coef },
        details: { ties: options.ties ?? 'efron', loglik: cf.loglik, converged: cf.converged, iterations: cf.iterations, se: Array.from(cf.se) },
        warnings,
      },
      options.grid,
    );
  };
  return { kind: 'cox', formula, fit, train: async (data) => fit(data) };
}
