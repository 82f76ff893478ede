/**
 * Pooled logistic hazard model on person-interval rows: the discrete-time
 * hazard of a transition (starting or stopping a therapy) given the interval
 * and covariates, as R's
 * `glm(y ~ factor(interval) + x1 + x2, family = binomial, data = person_intervals)`
 * (D'Agostino et al., Stat Med 1990;9:1501–1515; the censoring models of
 * clone-censor-weight analyses: Cain et al., Int J Biostat 2010;6:18).
 * The numeric core is pooled-logistic-fit.ts (R's glm.fit IRLS, with the
 * interval factor never expanded into columns); this file
 * builds the design: intercept, time terms, baseline covariates repeated on
 * each row of their patient, and time-updated covariates per row.
 */
import { UsageError } from '../../util/errors.js';
import { levelledLogisticIrls } from './pooled-logistic-fit.js';
import type { LogisticControl } from './propensity-fit.js';
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
  // intercept + factor levels (indicator columns never materialised) + dense columns
  const terms: string[] = ['(Intercept)'];
  const level = new Int32Array(n);
  let levels = 1;
  const x: Float64Array[] = [];
  // Factor levels where nobody makes the transition have MLE hazard 0 (coefficient -Inf, the limit R's
  // glm only approaches, with its warning): those rows are left out of the fit and get hazard 0, and the
  // first level with a transition is the reference. The other coefficients are the limit of R's.
  const zeroRows = new Uint8Array(n);
  const zeroLevels: number[] = [];
  if (term === 'factor') {
    const byLevel = new Map<number, number>();
    for (let r = 0; r < n; r++) byLevel.set(rows.interval[r]!, (byLevel.get(rows.interval[r]!) ?? 0) + rows.y[r]! * (input.patientWeights ? input.patientWeights[rows.patient[r]!]! : 1));
    const present = [...byLevel.keys()].sort((a, b) => a - b).filter((lev) => byLevel.get(lev)! > 0);
    for (const [lev, t] of byLevel) if (t === 0) zeroLevels.push(lev);
    zeroLevels.sort((a, b) => a - b);
    const index = new Map(present.map((lev, j) => [lev, j]));
    for (let r = 0; r < n; r++) {
      const j = index.get(rows.interval[r]!);
      if (j === undefined) zeroRows[r] = 1;
      else level[r] = j;
    }
    levels = Math.max(1, present.length);
    for (const lev of present.slice(1)) terms.push(`factor(interval)${lev}`);
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
  for (let r = 0; r < n; r++) weights[r] = zeroRows[r] ? 0 : input.patientWeights ? input.patientWeights[rows.patient[r]!]! : 1;
  let transitions = 0;
  for (let r = 0; r < n; r++) transitions += rows.y[r]! * weights[r]!;
  const control: Omit<LogisticControl, 'ridge'> = {};
  if (options.epsilon !== undefined) control.epsilon = options.epsilon;
  if (options.maxIter !== undefined) control.maxIter = options.maxIter;
  const fit = levelledLogisticIrls({ level, levels, x, y: rows.y, weights }, control);
  const fitted = Float64Array.from(fit.fitted, (h, r) => (zeroRows[r] ? 0 : h));
  const warnings = [...fit.warnings];
  if (zeroLevels.length) warnings.push(`nobody made the transition in interval(s) ${zeroLevels.join(', ')}: their hazard is 0 (left out of the fit)`);
  const p = terms.length;
  const se = new Float64Array(p);
  for (let j = 0; j < p; j++) se[j] = fit.aliased[j] ? NaN : Math.sqrt(fit.covariance[j * p + j]!);
  return {
    terms,
    coefficients: fit.coefficients,
    se,
    fitted,
    deviance: fit.deviance,
    rows: n,
    transitions,
    converged: fit.converged,
    iterations: fit.iterations,
    warnings,
  };
}
