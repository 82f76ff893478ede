/**
 * Formula front end of the random survival forest: parses
 * `Surv(time, status) ~ terms`, builds the design with {@link buildModelFrame}
 * (rows with a missing value in a used column dropped, as R's na.omit;
 * factors as treatment-coded 0/1 columns, so a split on a dummy separates one
 * level from the rest, where ranger orders a factor's levels) and grows the
 * forest with {@link randomSurvivalForest}. New data for prediction go
 * through the same design with the fit's factor levels ({@link RsfFormulaResult.design}).
 *
 * Reference: R `ranger(Surv(time, status) ~ ., data)` (ranger 0.14.1);
 * R `?model.frame`, `?na.omit`.
 */
import { FormulaError } from '../../../util/errors.js';
import { buildModelFrame } from '../../design/model-frame.js';
import type { ColumnTable, FactorOptions, ModelFrame } from '../../design/types.js';
import type { RandomSurvivalForestOptions } from './forest-options.js';
import type { RandomSurvivalForest } from './random-survival-forest.js';
import { randomSurvivalForest } from './random-survival-forest.js';

/** Options of {@link randomSurvivalForestFormula}: forest options plus design options. */
export interface RsfFormulaOptions extends RandomSurvivalForestOptions {
  /** Per-variable factor options (reference level, level order). Default: levels in code-point order. */
  factors?: Readonly<Record<string, FactorOptions>>;
}

/** Design matrix of new data for a fitted formula forest. */
export interface RsfDesign {
  /** Covariates, column-major, in the forest's column order. */
  x: Float64Array[];
  /** Original (0-based) row of each design row (rows with missing values dropped). */
  rowIndex: Int32Array;
  /** Warnings of the design (e.g. rows dropped). */
  warnings: string[];
}

/** Result of {@link randomSurvivalForestFormula}. */
export interface RsfFormulaResult {
  /** The forest (covariate names = design column names). */
  forest: RandomSurvivalForest;
  /** The training model frame. */
  frame: ModelFrame;
  /** Warnings of the frame and the forest. */
  warnings: string[];
  /** Build the design of new data (no response needed) with the fit's factor levels. */
  design(newData: ColumnTable): RsfDesign;
  /** Survival of each (complete) row of new data at `times` (default: training event times). */
  predictSurvival(newData: ColumnTable, times?: ArrayLike<number>): { survival: Float64Array[]; rowIndex: Int32Array };
}

/**
 * Grow a random survival forest from a formula.
 * @throws FormulaError without a right-censored `Surv(time, status)` response, or with strata()/cluster()/offset()
 * @example randomSurvivalForestFormula('Surv(rfstime, status) ~ age + nodes + pgr + factor(grade)', gbsg, { seed: 1 }).forest.oobError
 */
export function randomSurvivalForestFormula(formula: string, data: ColumnTable, options: RsfFormulaOptions = {}): RsfFormulaResult {
  const { factors, ...forestOptions } = options;
  const frame = buildModelFrame(formula, data, factors ? { factors } : {});
  if (!frame.time || !frame.status || frame.start) {
    throw new FormulaError(formula, 'randomSurvivalForest needs a right-censored Surv(time, status) response');
  }
  if (frame.strata) throw new FormulaError(formula, 'randomSurvivalForest does not support strata()');
  if (frame.cluster) throw new FormulaError(formula, 'randomSurvivalForest does not support cluster()');
  if (frame.offset) throw new FormulaError(formula, 'randomSurvivalForest does not support offset()');
  const forest = randomSurvivalForest(frame.x, frame.time, frame.status, forestOptions, frame.columnNames);
  const rhs = { ...frame.formula, response: null };
  const design = (newData: ColumnTable): RsfDesign => {
    const f = buildModelFrame(rhs, newData, { xlevels: frame.levels });
    return { x: f.x, rowIndex: f.rowIndex, warnings: f.warnings };
  };
  return {
    forest,
    frame,
    warnings: [...frame.warnings, ...forest.warnings],
    design,
    predictSurvival(newData, times) {
      const d = design(newData);
      return { survival: forest.predictSurvival(d.x, times), rowIndex: d.rowIndex };
    },
  };
}
