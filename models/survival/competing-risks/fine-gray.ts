/**
 * Fine–Gray proportional subdistribution hazards regression, as `cmprsk::crr`:
 * formula front end, result object and predicted cumulative incidence
 * (`predict.crr`). The numeric work is in {@link fineGrayFit}.
 *
 * Formula: `Surv(time, event) ~ x1 + x2` with `event` coded `cencode`
 * (default 0) for censored, `cause` (default 1) for the event of interest and
 * any other value for competing events. Covariates use R's treatment coding
 * (as `model.matrix(~ x1 + x2)[, -1]` passed to `crr`). Rows with a missing
 * value are dropped (cmprsk: `na.omit`). Not supported: time-varying
 * covariates (`cov2`/`tf`), censoring groups (`cengroup`), `strata()`,
 * `cluster()`, offsets, weights.
 *
 * Reference: Fine JP, Gray RJ (1999) JASA 94:496–509; cmprsk 2.2-11 `crr`,
 * `summary.crr`, `predict.crr`.
 */
import { buildModelFrame } from '../../design/model-frame.js';
import type { ColumnTable, FactorOptions, ModelFrame } from '../../design/types.js';
import { UsageError } from '../../../util/errors.js';
import { pnorm, qnorm } from '../../stats/distributions.js';
import { designForNewData } from '../parametric/aft-newdata.js';
import { fineGrayFit } from './fine-gray-fit.js';

/** Options of {@link fineGray}; every field optional. */
export interface FineGrayOptions {
  /** Status code of the event of interest (cmprsk `failcode`, default 1). */
  cause?: number;
  /** Status code of censored observations (cmprsk `cencode`, default 0). */
  cencode?: number;
  /** Maximum Newton iterations (cmprsk `maxiter`, default 10). */
  maxIter?: number;
  /** Convergence tolerance on the scaled score (cmprsk `gtol`, default 1e-6). */
  tol?: number;
  /** Confidence level of the subdistribution hazard ratio intervals (default 0.95, as `summary.crr`). */
  confLevel?: number;
  /** Factor coding per column, as in the model frame. */
  factors?: Readonly<Record<string, FactorOptions>>;
}

/** One coefficient row (R's `summary.crr`: coef, exp(coef), se, z, p, interval). */
export interface FineGrayTerm {
  term: string;
  coef: number;
  se: number;
  z: number;
  /** Two-sided Wald p-value 2 Φ(-|z|) (cmprsk prints 2 (1 - Φ(|z|))). */
  p: number;
  /** Subdistribution hazard ratio exp(coef). */
  shr: number;
  /** exp(coef - z se), z the (1 + confLevel)/2 normal quantile. */
  lower95: number;
  upper95: number;
}

/** JSON form of a {@link FineGrayResult}. */
export interface FineGrayJSON {
  terms: FineGrayTerm[];
  n: number;
  events: number;
  loglik: number;
  converged: boolean;
  warnings: string[];
}

/** Predicted cumulative incidence (`predict.crr`). */
export interface FineGrayPrediction {
  /** Distinct event times of the cause of interest. */
  time: Float64Array;
  /** One curve per new row: cumulative incidence at `time`. NaN for rows with missing covariates. */
  cif: Float64Array[];
}

/** A fitted Fine–Gray model. */
export interface FineGrayResult {
  formula: string;
  cause: number;
  cencode: number;
  terms: FineGrayTerm[];
  /** Sandwich variance, row-major. */
  var: Float64Array;
  n: number;
  nDropped: number;
  /** Events of the cause of interest. */
  events: number;
  /** Competing events. */
  competingEvents: number;
  loglik: number;
  loglikNull: number;
  /** Pseudo likelihood ratio statistic `2 (loglik - loglikNull)` (summary.crr's `logtest`), df = number of terms. */
  logtest: number;
  converged: boolean;
  iterations: number;
  warnings: string[];
  /** Distinct event times of the cause of interest and baseline hazard jumps (crr's `uftime`, `bfitj`). */
  baseline: { time: Float64Array; jump: Float64Array };
  /**
   * Cumulative incidence for new covariate values: either rows of the design
   * matrix (`number[][]`, columns in the order of `terms`, as `predict.crr(fit, cov1)`)
   * or a column table coded like the fitted data.
   */
  predict(newdata: ColumnTable | readonly (readonly number[])[]): FineGrayPrediction;
  /** `{"terms":[{"term","coef","se","z","p","shr","lower95","upper95"}],"n","events","loglik","converged","warnings"}`. */
  toJSON(): FineGrayJSON;
  readonly frame: ModelFrame;
}

/**
 * Fit the Fine–Gray subdistribution hazards model, as `cmprsk::crr`.
 *
 * @param formula `Surv(time, event) ~ covariates`.
 * @param data columns by name.
 * @param options `cause` (1), `cencode` (0), `maxIter` (10), `tol` (1e-6), `confLevel` (0.95), `factors`.
 * @throws FormulaError / UnknownColumnError from the model frame; UsageError for
 *   invalid options, unsupported formula features, no covariates, negative times
 *   or no event of the cause of interest.
 * @example fineGray('Surv(etime, event) ~ age + sex', mgus2, { cause: 1 }).terms[0].shr
 */
export function fineGray(formula: string, data: ColumnTable, options: FineGrayOptions = {}): FineGrayResult {
  const cause = options.cause ?? 1;
  const cencode = options.cencode ?? 0;
  const maxIter = options.maxIter ?? 10;
  const tol = options.tol ?? 1e-6;
  const confLevel = options.confLevel ?? 0.95;
  if (!Number.isFinite(cause) || !Number.isFinite(cencode) || cause === cencode) {
    throw new UsageError(`cause (${cause}) and cencode (${cencode}) must be different numbers`);
  }
  if (!Number.isInteger(maxIter) || maxIter < 0) throw new UsageError(`maxIter must be an integer >= 0, got ${maxIter}`);
  if (!(tol > 0)) throw new UsageError(`tol must be > 0, got ${tol}`);
  if (!(confLevel > 0 && confLevel < 1)) throw new UsageError(`confLevel must be in (0, 1), got ${confLevel}`);
  const frameOptions = { survStatus: 'raw' as const, factors: options.factors };
  const frame = buildModelFrame(formula, data, frameOptions);
  if (frame.formula.response?.kind !== 'surv' || !frame.time || !frame.status) {
    throw new UsageError(`fineGray needs Surv(time, event) on the left: ${formula}`);
  }
  if (frame.strata || frame.cluster || frame.offset) {
    throw new UsageError('fineGray: strata(), cluster() and offset() are not supported');
  }
  if (frame.x.length === 0) throw new UsageError(`fineGray needs at least one covariate: ${formula}`);
  const n = frame.n;
  const status = new Uint8Array(n);
  let events = 0;
  let competing = 0;
  for (let i = 0; i < n; i++) {
    const t = frame.time[i]!;
    if (!Number.isFinite(t) || t < 0) throw new UsageError(`fineGray: times must be finite and >= 0 (row ${frame.rowIndex[i]! + 1} has ${t})`);
    const s = frame.status[i]!;
    status[i] = s === cencode ? 0 : s === cause ? 1 : 2;
    if (status[i] === 1) events++;
    if (status[i] === 2) competing++;
  }
  if (events === 0) throw new UsageError(`fineGray: no event with code ${cause}`);
  const core = fineGrayFit({ time: frame.time, status, x: frame.x }, { maxIter, tol });
  const p = frame.x.length;
  const zq = qnorm((1 + confLevel) / 2);
  const terms: FineGrayTerm[] = frame.columnNames.map((term, j) => {
    const coef = core.coef[j]!;
    const se = Math.sqrt(core.var[j * p + j]!);
    const z = coef / se;
    return { term, coef, se, z, p: 2 * pnorm(-Math.abs(z)), shr: Math.exp(coef), lower95: Math.exp(coef - zq * se), upper95: Math.exp(coef + zq * se) };
  });
  const warnings = [...frame.warnings, ...core.warnings];

  const predict = (newdata: ColumnTable | readonly (readonly number[])[]): FineGrayPrediction => {
    let rows: Float64Array[]; // row-major covariate vectors
    if (Array.isArray(newdata)) {
      rows = (newdata as readonly (readonly number[])[]).map((r, i) => {
        if (r.length !== p) throw new UsageError(`predict: row ${i + 1} has ${r.length} values, the model has ${p} terms`);
        return Float64Array.from(r);
      });
    } else {
      const cols = designForNewData(frame, data, newdata as ColumnTable, frameOptions);
      const m = cols[0]!.length;
      rows = Array.from({ length: m }, (_, i) => Float64Array.from(cols, (c) => c[i]!));
    }
    const cif = rows.map((r) => {
      let lp = 0;
      for (let j = 0; j < p; j++) lp += r[j]! * core.coef[j]!;
      const risk = Math.exp(lp);
      let cum = 0;
      return Float64Array.from(core.baselineJumps, (h) => {
        cum += risk * h;
        return 1 - Math.exp(-cum);
      });
    });
    return { time: Float64Array.from(core.failureTimes), cif };
  };

  return {
    formula,
    cause,
    cencode,
    terms,
    var: core.var,
    n,
    nDropped: frame.nDropped,
    events,
    competingEvents: competing,
    loglik: core.loglik,
    loglikNull: core.loglikNull,
    logtest: 2 * (core.loglik - core.loglikNull),
    converged: core.converged,
    iterations: core.iterations,
    warnings,
    baseline: { time: core.failureTimes, jump: core.baselineJumps },
    predict,
    toJSON: () => ({ terms: terms.map((t) => ({ ...t })), n, events, loglik: core.loglik, converged: core.converged, warnings: [...warnings] }),
    frame,
  };
}
