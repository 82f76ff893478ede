/**
 * Result types of a linear mixed model, shared by the fit (lmm.ts) and its
 * print (lmm-summary.ts), kept apart so that neither imports the other.
 */
import type { ColumnTable } from '../design/types.js';
import type { LmmFit } from './lmm-fit.js';
import type { GroupCounts } from './lmm-frame.js';

/** Options of `lmmSummary` (lmm-summary.ts). */
export interface LmmSummaryOptions {
  /**
   * Print the quantiles of the scaled residuals (default true). Off for
   * outputs under disclosure control: the minimum and maximum are single
   * observations.
   */
  residuals?: boolean;
  /** Print the fewest, median and most observations per group (default true; off under disclosure control). */
  perGroupCounts?: boolean;
  /** Text in place of "N observations deleted due to missingness" (a disclosed count). */
  droppedText?: string;
  /** Warnings in place of the fit's (disclosed warnings). */
  warnings?: readonly string[];
}

/** One fixed effect. */
export interface LmmFixedEffect {
  /** Column name as R's model.matrix: `(Intercept)`, `armb`, `ns(time, df = 3)1`. */
  term: string;
  estimate: number;
  /** Standard error, sqrt(diag(vcov)) as lme4. */
  se: number;
}

/** The variance components of the grouping factor (R's `VarCorr`). */
export interface LmmVarCorrGroup {
  /** Standard deviation of each random effect, by name (`(Intercept)`, `time`). */
  sd: Record<string, number>;
  /** Correlation: a number for two random effects, the full matrix for more, null for one. */
  corr: number | number[][] | null;
}

/**
 * The JSON document of a fit (the `midia lmm --json` contract): `fixef`,
 * `varcorr` (`{"<group>": {sd, corr}, "residualSd": sigma}`), `loglik`
 * (the REML log-likelihood for REML fits, as lme4's `logLik`), `reml`; plus
 * `criterion` (REML criterion or deviance), `n`, `dropped`, `groups`,
 * `converged`, `singular`, `warnings`.
 */
export interface LmmJSON {
  fixef: LmmFixedEffect[];
  /** The grouping column's {@link LmmVarCorrGroup} under its name, and `residualSd` (a number). */
  varcorr: Record<string, LmmVarCorrGroup | number>;
  loglik: number;
  reml: boolean;
  criterion: number;
  n: number;
  dropped: number;
  groups: GroupCounts;
  converged: boolean;
  singular: boolean;
  warnings: string[];
}

/** The random effects (BLUPs) per group, as lme4's `ranef(fit)$<group>`. */
export interface LmmRandomEffects {
  /** The grouping column. */
  group: string;
  /** Group labels, in R's factor order. */
  levels: string[];
  /** Random-effect names (`(Intercept)`, `time`). */
  names: string[];
  /** One array per random effect, one value per group. */
  values: Float64Array[];
}

/** Options of `LmmResult.predict`. */
export interface LmmPredictOptions {
  /** Population-level prediction X beta (R's `re.form = NA`); default false: X beta + Z b of each row's group. */
  population?: boolean;
  /** A group not in the fit gets b = 0 (R's `allow.new.levels = TRUE`); default false: an error naming the rows. */
  allowNewLevels?: boolean;
  /** File name for error messages (default `<memory>`). */
  file?: string;
}

/** A fitted linear mixed model. */
export interface LmmResult {
  formula: string;
  reml: boolean;
  /** Rows used and rows dropped for missing values. */
  n: number;
  nDropped: number;
  /** Original (0-based) row index of each used row. */
  rowIndex: Int32Array;
  fixef: LmmFixedEffect[];
  /** vcov(beta), p x p row-major, in the order of `fixef`. */
  vcov: Float64Array;
  /** Variance components of the grouping factor. */
  varcorr: LmmVarCorrGroup;
  /** Residual standard deviation (lme4's `sigma`). */
  residualSd: number;
  /** Log-likelihood as lme4's `logLik` (REML for REML fits). */
  loglik: number;
  /** REML criterion or deviance at the optimum (-2 loglik). */
  criterion: number;
  /** lme4's theta (the relative covariance factor, lower triangle by columns). */
  theta: Float64Array;
  groups: GroupCounts;
  singular: boolean;
  converged: boolean;
  /** Optimizer evaluations and restarts. */
  optimizer: LmmFit['optimizer'];
  warnings: string[];
  /** Fitted values X beta + Z b of the used rows (lme4's `fitted`). */
  fitted: Float64Array;
  /** Residuals y - fitted of the used rows. */
  residuals: Float64Array;
  /** BLUPs per group (lme4's `ranef`). */
  ranef(): LmmRandomEffects;
  /**
   * Predictions on new data (new times for known patients): X beta + Z b, with
   * the fit's factor levels and spline knots (R's `predict.merMod`). NaN for
   * rows with a missing covariate.
   * @throws DataValidationError for a group not in the fit (unless allowNewLevels) or a factor level not in the fit.
   */
  predict(newdata: ColumnTable, options?: LmmPredictOptions): Float64Array;
  /** The JSON document (see {@link LmmJSON}). */
  toJSON(): LmmJSON;
  /** A print like R's `summary(lmer(...))`. */
  summary(options?: LmmSummaryOptions): string;
}
