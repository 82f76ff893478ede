/**
 * The input shared by every post-fit Cox computation (residuals, the
 * proportional-hazards test, baseline hazard, predicted survival). A Cox fit
 * carries exactly these fields; tests build them from R's fit instead.
 *
 * Reference: Therneau T. survival package 3.5-3, `residuals.coxph`,
 * `cox.zph`, `survfit.coxph`, `agsurv` (the same fields of a `coxph` object).
 */

/** A fitted Cox model as the post-fit functions see it. Nothing here is modified. */
export interface CoxPostInput {
  /** Design matrix, column-major: one `Float64Array` of length n per column (no intercept). */
  x: Float64Array[];
  /** Follow-up (right-censored data) or stop time (counting-process data). */
  time: Float64Array;
  /** Event indicator, 0 or 1. */
  status: Float64Array;
  /** Start times of counting-process data `(start, stop]`, or null for right-censored data. */
  start: Float64Array | null;
  /** Stratum code (0-based) per row, or null without strata. */
  strata: Int32Array | null;
  /** Case weights (>= 0), or null for all 1. */
  weights: Float64Array | null;
  /** Offset added to the linear predictor, or null. */
  offset: Float64Array | null;
  /** Cluster code per row (robust variance), or null; not used by the computations here. */
  cluster: Int32Array | null;
  /** Coefficients; NaN marks a dropped (aliased) column, treated as 0 and excluded. */
  coef: Float64Array;
  /**
   * Variance matrix of the coefficients, p × p row-major (R's `fit$var`).
   * Rows/columns of dropped columns are ignored.
   */
  var: Float64Array;
  /**
   * Model-based variance when `var` is a robust (sandwich) variance (R's
   * `fit$naive.var`), else null/absent. Residuals (dfbeta, dfbetas, scaled
   * Schoenfeld) use it when present, as R does.
   */
  naiveVar?: Float64Array | null;
  /** Centring values of the columns (R's `fit$means`). */
  means: Float64Array;
  /** Ties method of the fit. */
  ties: 'efron' | 'breslow';
  /** Column names, one per design column. */
  columnNames: string[];
  /** Term index (0-based) of each design column (R's `assign`). */
  assign: number[];
  /** Term labels, indexed by the values of `assign`. */
  termLabels: string[];
  /**
   * Set when the fit had `tt()` terms (the arrays are then R's expanded data:
   * one stratum per event time) or `pspline()` terms; cox.zph and survfit refuse
   * what R refuses or what is not implemented for them.
   */
  special?: 'tt' | 'pspline';
}
