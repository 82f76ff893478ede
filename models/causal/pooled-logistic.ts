/**
 * Pooled logistic hazard model on person-interval rows: the discrete-time
 * hazard of a transition (starting or stopping a therapy) given the interval
 * and covariates, as R's
 * `glm(y ~ factor(interval) + x1 + x2, family = binomial, data = person_intervals)`
 * (D'Agostino et al., Stat Med 1990;9:1501–1515; the censoring models of
 * clone-censor-weight analyses: Cain et al., Int J Biostat 2010;6:18).
 * The numeric core is {@link logisticIrls} (R's glm.fit IRLS); this file
 * builds the design: intercept, time terms, baseline covariates repeated on
 * each row of their patient, and time-updated covariates per row.
 */
import { UsageError } from '../../util/errors.js';
import { logisticIrls, type LogisticControl } from './propensity-fit.js';
import type { PersonIntervals } from './person-intervals.js';

/** How the interval enters the model. */
export type IntervalTerm = 'factor' | 'linear' | 'quadratic' | 'none';

/** A numeric covariate: one value per patient (baseline) or per row (time-updated). */
export interface NamedColumn {
  name: string;
  values: ArrayLike<number>;
}

/** Input of {@link pooledLogistic}. */
export interface PooledLogisticInput {
  rows: PersonIntervals;
  /** Baseline covariates, one value per patient (indexed by `rows.patient`). */
  baseline?: readonly NamedColumn[];
  /** Time-updated covariates, one value per row. */
  timeUpdated?: readonly NamedColumn[];
  /** Prior weight per patient (bootstrap multiplicities); default 1. */
  patientWeights?: ArrayLike<number>;
}

/** Options of {@link pooledLogistic}. */
export interface PooledLogisticOptions extends Omit<LogisticControl, 'ridge'> {
  /**
   * Time terms (default 'factor': one coefficient per interval, R's
   * `factor(interval)`, reference = first interval present; 'linear':
   * `interval`; 'quadratic': `interval + I(interval^2)`; 'none').
   */
  intervalTerm?: IntervalTerm;
}

/** A fitted pooled logistic model. */
export interface PooledLogisticFit {
  /** Term names as R names them (`(Intercept)`, `factor(interval)2`, `age`, ...). */
  terms: string[];
  coefficients: Float64Array;
  /** Model-based standard errors (NaN for aliased terms). */
  se: Float64Array;
  /** Fitted hazard per row. */
  fitted: Float64Array;
  deviance: number;
  /** Rows and transitions the model was fitted on. */
  rows: number;
  transitions: number;
  converged: boolean;
  iterations: number;
  warnings: string[];
}

/**
 * Fits the pooled logistic hazard model.
 * @param input rows, baseline and time-updated covariates, patient weights.
 * @param options intervalTerm ('factor'), epsilon (1e-8), maxIter (25).
 * @throws {UsageError} without rows, with mismatched lengths or non-finite covariates (naming the covariate and row).
 * @example pooledLogistic({ rows, baseline: [{ name: 'age', values: age }] }).fitted
 */
export function pooledLogistic(input: PooledLogisticInput, options: PooledLogisticOptions = {}): PooledLogisticFit {
  const { rows } = input;
  const n = rows.y.length;
  if (n === 0) throw new UsageError('pooledLogistic: no person-interval rows to fit');
  const term = options.intervalTerm ?? 'factor';
  if (!['factor', 'linear', 'quadratic', 'none'].includes(term)) throw new UsageError(`Unknown intervalTerm: ${String(term)} (use factor, linear, quadratic or none)`);
  const x: Float64Array[] = [];
  const terms: string[] = [];
  x.push(new Float64Array(n).fill(1));
  terms.push('(Intercept)');
  if (term === 'factor') {
    const levels = [...new Set(rows.interval)].sort((a, b) => a - b);
    for (const lev of levels.slice(1)) {
      const col = new Float64Array(n);
      for (let r = 0; r < n; r++) if (rows.interval[r] === lev) col[r] = 1;
      x.push(col);
      terms.push(`factor(interval)${lev}`);
    }
  } else if (term === 'linear' || term === 'quadratic') {
    x.push(Float64Array.from(rows.interval));
    terms.push('interval');
    if (term === 'quadratic') {
      x.push(Float64Array.from(rows.interval, (k) => k * k));
      terms.push('I(interval^2)');
    }
  }
  for (const c of input.baseline ?? []) {
    const col = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const v = c.values[rows.patient[r]!]!;
      if (!Number.isFinite(v)) throw new UsageError(`pooledLogistic: covariate ${c.name} is not finite for patient ${rows.patient[r]! + 1}`);
      col[r] = v;
    }
    x.push(col);
    terms.push(c.name);
  }
  for (const c of input.timeUpdated ?? []) {
    if (c.values.length !== n) throw new UsageError(`pooledLogistic: time-updated covariate ${c.name} has ${c.values.length} values for ${n} rows`);
    const col = Float64Array.from(c.values);
    for (let r = 0; r < n; r++) if (!Number.isFinite(col[r]!)) throw new UsageError(`pooledLogistic: time-updated covariate ${c.name} is not finite in row ${r + 1}`);
    x.push(col);
    terms.push(c.name);
  }
  const weights = new Float64Array(n);
  for (let r = 0; r < n; r++) weights[r] = input.patientWeights ? input.patientWeights[rows.patient[r]!]! : 1;
  let transitions = 0;
  for (let r = 0; r < n; r++) transitions += rows.y[r]! * weights[r]!;
  const control: LogisticControl = {};
  if (options.epsilon !== undefined) control.epsilon = options.epsilon;
  if (options.maxIter !== undefined) control.maxIter = options.maxIter;
  const fit = logisticIrls({ x, y: rows.y, weights, interceptIndex: 0 }, control);
  const p = terms.length;
  const se = new Float64Array(p);
  for (let j = 0; j < p; j++) se[j] = fit.aliased[j] ? NaN : Math.sqrt(fit.covariance[j * p + j]!);
  return {
    terms,
    coefficients: fit.coefficients,
    se,
    fitted: fit.fitted,
    deviance: fit.deviance,
    rows: n,
    transitions,
    converged: fit.converged,
    iterations: fit.iterations,
    warnings: fit.warnings.map((w) => w.replace('propensity model', 'pooled logistic model')),
  };
}
