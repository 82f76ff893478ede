/**
 * Parametric accelerated failure time regression, as R's `survival::survreg`:
 * formula front end, result object, predictions. The numeric work is in
 * {@link survregFit}.
 *
 * Supported: right-censored data `Surv(time, status)` (status 0/1, or 1/2 as R's
 * `Surv`), numeric and factor covariates with R's treatment coding, an
 * intercept (removed with `- 1`). Not supported (a UsageError says so):
 * interval and left censoring (`Surv(t1, t2, type = "interval2")`), counting
 * process data, `strata()` (separate scales), `cluster()`, offsets, case weights.
 *
 * Reference: Therneau T (2023) survival 3.5-3, `survreg`, `predict.survreg`,
 * `survreg.distributions`; Kalbfleisch & Prentice (2002) ch. 2–3.
 */
import { buildModelFrame } from '../../design/model-frame.js';
import type { ColumnTable, FactorOptions, ModelFrame } from '../../design/types.js';
import { DataValidationError, UsageError, type RecordIssue } from '../../../util/errors.js';
import { pchisq, pnorm, qnorm } from '../../stats/distributions.js';
import { errorQuantile, type AftErrorDistribution } from './aft-distributions.js';
import { designForNewData } from './aft-newdata.js';
import { survregFit } from './survreg-fit.js';

/** A survreg distribution name, as R. */
export type SurvregDistribution = 'weibull' | 'exponential' | 'lognormal' | 'loglogistic';

/** Options of {@link survreg}; every field optional. */
export interface SurvregOptions {
  /** Distribution of T (default `'weibull'`, as R). */
  dist?: SurvregDistribution;
  /** Maximum Newton iterations (default 30, R's `survreg.control(maxiter)`). */
  maxIter?: number;
  /** Relative log-likelihood tolerance (default 1e-9, R's `rel.tolerance`). */
  tol?: number;
  /** Confidence level of the coefficient intervals (default 0.95). */
  confLevel?: number;
  /** Factor coding per column (reference level, level order), as in the model frame. */
  factors?: Readonly<Record<string, FactorOptions>>;
}

/** One row of the coefficient table (R's `summary(fit)$table`, plus a Wald interval). */
export interface SurvregTerm {
  /** `(Intercept)`, a design column name, or `Log(scale)`. */
  term: string;
  coef: number;
  se: number;
  z: number;
  /** Two-sided Wald p-value, 2 Φ(-|z|). */
  p: number;
  /** Wald interval `coef ± z_{(1+confLevel)/2} se`. */
  lower: number;
  upper: number;
}

/** What {@link SurvregResult.predict} returns. */
export type SurvregPredictType = 'lp' | 'response' | 'quantile';

/** A fitted survreg model. */
export interface SurvregResult {
  formula: string;
  dist: SurvregDistribution;
  /** Observations used. */
  n: number;
  /** Rows dropped for missing values. */
  nDropped: number;
  events: number;
  /** Coefficient table; `Log(scale)` last unless the scale is fixed (exponential). */
  terms: SurvregTerm[];
  /** Scale σ (1 for the exponential). */
  scale: number;
  /** Variance of (β, log σ), row-major, in the order of `terms`. */
  var: Float64Array;
  /** Log-likelihood of the model and of the intercept-only model (R's `loglik`). */
  loglik: number;
  loglikNull: number;
  /** Likelihood ratio test against the intercept-only model: `2 (loglik - loglikNull)`. */
  chisq: number;
  df: number;
  chisqP: number;
  converged: boolean;
  iterations: number;
  warnings: string[];
  /** Linear predictor of each used row. */
  linearPredictors: Float64Array;
  /**
   * Predictions for new rows (or the fitted rows when `newdata` is omitted), as
   * `predict.survreg`: `'lp'` the linear predictor, `'response'` `exp(lp)`
   * (the scale of T), `'quantile'` quantiles of T for each `p` (default 0.1, 0.5, 0.9),
   * `exp(lp + σ w_p)`, as one array per row.
   */
  predict(newdata?: ColumnTable, options?: { type?: SurvregPredictType; p?: readonly number[] }): Float64Array | Float64Array[];
  /** Plain JSON: `{formula, dist, n, nDropped, events, terms, scale, loglik, loglikNull, chisq, df, chisqP, converged, iterations, warnings}`. */
  toJSON(): SurvregJSON;
  /** The model frame (design matrix and response). */
  readonly frame: ModelFrame;
}

/** JSON form of a {@link SurvregResult}. */
export interface SurvregJSON {
  formula: string;
  dist: SurvregDistribution;
  n: number;
  nDropped: number;
  events: number;
  terms: SurvregTerm[];
  scale: number;
  loglik: number;
  loglikNull: number;
  chisq: number;
  df: number;
  chisqP: number;
  converged: boolean;
  iterations: number;
  warnings: string[];
}

const DISTRIBUTIONS: Record<SurvregDistribution, { error: AftErrorDistribution; fixedScale: number }> = {
  weibull: { error: 'extreme', fixedScale: 0 },
  exponential: { error: 'extreme', fixedScale: 1 },
  lognormal: { error: 'gaussian', fixedScale: 0 },
  loglogistic: { error: 'logistic', fixedScale: 0 },
};

/** Validate and complete the options (one place, as `survreg.control`). */
export function survregControl(options: SurvregOptions = {}): Required<Omit<SurvregOptions, 'factors'>> {
  const dist = options.dist ?? 'weibull';
  if (!(dist in DISTRIBUTIONS)) {
    throw new UsageError(`Unknown survreg distribution '${String(dist)}': use weibull, exponential, lognormal or loglogistic`);
  }
  const maxIter = options.maxIter ?? 30;
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new UsageError(`maxIter must be a positive integer, got ${maxIter}`);
  const tol = options.tol ?? 1e-9;
  if (!(tol > 0)) throw new UsageError(`tol must be > 0, got ${tol}`);
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw new UsageError(`confLevel must be in (0, 1), got ${confLevel}`);
  return { dist, maxIter, tol, confLevel };
}

/**
 * Fit a parametric AFT model, as `survreg(formula, data, dist)` in R.
 *
 * @param formula `Surv(time, status) ~ terms` (status 0/1 or R's 1/2).
 * @param data columns by name.
 * @param options `dist` (default `'weibull'`), `maxIter` (30), `tol` (1e-9), `confLevel` (0.95), `factors`.
 * @returns the fitted model with `predict` and `toJSON`.
 * @throws FormulaError / UnknownColumnError / DataValidationError from the model frame;
 *   DataValidationError naming the rows with times <= 0; UsageError for invalid
 *   options or unsupported formula features.
 * @example survreg('Surv(time, status) ~ age + sex', lung, { dist: 'weibull' }).scale
 */
export function survreg(formula: string, data: ColumnTable, options: SurvregOptions = {}): SurvregResult {
  const ctl = survregControl(options);
  const frameOptions = { interceptColumn: true, factors: options.factors };
  const frame = buildModelFrame(formula, data, frameOptions);
  if (frame.formula.response?.kind !== 'surv' || !frame.time || !frame.status) {
    throw new UsageError(`survreg needs a right-censored response Surv(time, status): ${formula}`);
  }
  if (frame.strata || frame.cluster || frame.offset) {
    throw new UsageError('survreg: strata(), cluster() and offset() are not supported');
  }
  // Bad data, not bad usage: every row with a time <= 0 is named (as the model frame names its rows), at most 20.
  const timeIssues: RecordIssue[] = [];
  for (let i = 0; i < frame.n && timeIssues.length < 20; i++) {
    const t = frame.time[i]!;
    if (!(t > 0)) {
      timeIssues.push({ file: '<memory>', row: frame.rowIndex[i]! + 1, field: frame.formula.response.time, message: `survreg: times must be > 0 (the log of the time is modelled), got ${t}`, value: t });
    }
  }
  if (timeIssues.length) throw new DataValidationError(timeIssues);
  const d = DISTRIBUTIONS[ctl.dist];
  const core = survregFit(
    { time: frame.time, status: frame.status, x: frame.x },
    { dist: d.error, fixedScale: d.fixedScale, maxIter: ctl.maxIter, tol: ctl.tol },
  );
  const names = [...frame.columnNames];
  if (d.fixedScale === 0) names.push('Log(scale)');
  const k = core.nParam;
  const zq = qnorm((1 + ctl.confLevel) / 2);
  const estimates = [...core.coef, ...(d.fixedScale === 0 ? [core.logScale] : [])];
  const terms: SurvregTerm[] = names.map((term, j) => {
    const coef = estimates[j]!;
    const se = Math.sqrt(core.var[j * k + j]!);
    const z = coef / se;
    return { term, coef, se, z, p: 2 * pnorm(-Math.abs(z)), lower: coef - zq * se, upper: coef + zq * se };
  });
  const hasIntercept = frame.columnNames.includes('(Intercept)');
  const df = hasIntercept ? frame.columnNames.length - 1 : frame.columnNames.length;
  const chisq = hasIntercept ? 2 * (core.loglik - core.loglikNull) : NaN;
  const chisqP = df > 0 && hasIntercept ? pchisq(chisq, df, false) : NaN;
  let events = 0;
  for (let i = 0; i < frame.n; i++) events += frame.status[i]!;
  const warnings = [...frame.warnings, ...core.warnings];
  const scale = Math.exp(core.logScale);

  const json = (): SurvregJSON => ({
    formula,
    dist: ctl.dist,
    n: frame.n,
    nDropped: frame.nDropped,
    events,
    terms: terms.map((t) => ({ ...t })),
    scale,
    loglik: core.loglik,
    loglikNull: core.loglikNull,
    chisq,
    df,
    chisqP,
    converged: core.converged,
    iterations: core.iterations,
    warnings: [...warnings],
  });

  const predict: SurvregResult['predict'] = (newdata, popts = {}) => {
    const type = popts.type ?? 'lp';
    const x = newdata ? designForNewData(frame, data, newdata, frameOptions) : frame.x;
    const m = x[0]?.length ?? 0;
    const lp = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < x.length; j++) s += x[j]![i]! * core.coef[j]!;
      lp[i] = s;
    }
    if (type === 'lp') return lp;
    if (type === 'response') return lp.map((v) => Math.exp(v));
    if (type !== 'quantile') throw new UsageError(`Unknown predict type '${String(type)}': use lp, response or quantile`);
    const probs = popts.p ?? [0.1, 0.5, 0.9];
    for (const q of probs) if (!(q > 0 && q < 1)) throw new UsageError(`quantile probabilities must be in (0, 1), got ${q}`);
    const w = probs.map((q) => errorQuantile(d.error, q));
    return Array.from(lp, (v) => Float64Array.from(w, (wq) => Math.exp(v + scale * wq)));
  };

  return {
    formula,
    dist: ctl.dist,
    n: frame.n,
    nDropped: frame.nDropped,
    events,
    terms,
    scale,
    var: core.var,
    loglik: core.loglik,
    loglikNull: core.loglikNull,
    chisq,
    df,
    chisqP,
    converged: core.converged,
    iterations: core.iterations,
    warnings,
    linearPredictors: core.linearPredictors,
    predict,
    toJSON: json,
    frame,
  };
}
