/**
 * Formula front end of the penalized Cox model: parses
 * `Surv(time, status) ~ terms`, builds the design with {@link buildModelFrame}
 * (treatment contrasts, rows with missing values dropped as R's na.omit) and
 * calls {@link coxnet} or {@link cvCoxnet}. Equivalent to R's
 * `glmnet(model.matrix(~ terms, data)[, -1], Surv(time, status), family = "cox")`.
 * Strata, cluster and counting-process responses are not supported (glmnet's
 * Fortran path has none of them); an offset() term is passed on.
 *
 * Reference: glmnet 4.1-6 `R/glmnet.R`; R `?model.matrix`.
 */
import { FormulaError } from '../../util/errors.js';
import { buildModelFrame } from '../design/model-frame.js';
import type { ColumnTable, FactorOptions, ModelFrame } from '../design/types.js';
import type { CoxnetOptions } from './coxnet-control.js';
import type { CoxnetInput } from './coxnet-data.js';
import { coxnet, type CoxnetFit } from './coxnet.js';
import type { CvCoxnetOptions, CvCoxnetResult } from './cv-coxnet.js';
import { cvCoxnet } from './cv-coxnet.js';

/** Options of {@link coxnetFormula}: fit options, optional cross-validation and design options. */
export interface CoxnetFormulaOptions extends CvCoxnetOptions {
  /**
   * Cross-validate (cv.glmnet) as well. Default false: only the path is fitted.
   * With true, `nfolds` (10), `foldid` and `seed` (1) apply.
   */
  crossValidate?: boolean;
  /** Case weights: a column name or an array. Default none (all 1). */
  weights?: string | Float64Array;
  /** Per-variable factor options (reference level, level order). Default: R's first level. */
  factors?: Readonly<Record<string, FactorOptions>>;
}

/** Result of {@link coxnetFormula}. */
export interface CoxnetFormulaResult {
  /** The path (column names set from the design). */
  fit: CoxnetFit;
  /** The cross-validation, when requested. */
  cv: CvCoxnetResult | null;
  /** The model frame (design matrix, levels for prediction on new data). */
  frame: ModelFrame;
  /** Warnings of the frame, the fit and the cross-validation. */
  warnings: string[];
}

/**
 * Fit a penalized Cox model from a formula.
 * @throws FormulaError without a `Surv(time, status)` response or with strata()/cluster()
 * @example coxnetFormula('Surv(rfstime, status) ~ age + factor(grade) + nodes', gbsg, { alpha: 0.5 }).fit.coefAt(0.01)
 */
export function coxnetFormula(formula: string, data: ColumnTable, options: CoxnetFormulaOptions = {}): CoxnetFormulaResult {
  const { crossValidate = false, weights, factors, ...rest } = options;
  const frame = buildModelFrame(formula, data, { ...(weights !== undefined ? { weights } : {}), ...(factors ? { factors } : {}) });
  if (!frame.time || !frame.status || frame.start) {
    throw new FormulaError(formula, 'coxnet needs a right-censored Surv(time, status) response');
  }
  if (frame.strata) throw new FormulaError(formula, 'coxnet does not support strata()');
  if (frame.cluster) throw new FormulaError(formula, 'coxnet does not support cluster()');
  const input: CoxnetInput = { x: frame.x, time: frame.time, status: frame.status, weights: frame.weights, offset: frame.offset };
  const warnings = [...frame.warnings];
  if (crossValidate) {
    const cv = cvCoxnet(input, rest);
    const fit = cv.fit.withColumnNames(frame.columnNames);
    warnings.push(...fit.warnings, ...cv.warnings);
    return { fit, cv: { ...cv, fit }, frame, warnings };
  }
  const { nfolds: _n, foldid: _f, seed: _s, ...fitOptions } = rest;
  void _n;
  void _f;
  void _s;
  const fit = coxnet(input, fitOptions as CoxnetOptions, frame.columnNames);
  warnings.push(...fit.warnings);
  return { fit, cv: null, frame, warnings };
}
