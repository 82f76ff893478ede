/**
 * Cox proportional-hazards regression, front end: formula + columns → model
 * frame → numeric core ({@link coxFit}) → a {@link CoxFit} result with
 * R-style inference (`summary(coxph)`), Harrell's concordance, prediction,
 * printed summary and a JSON form for the CLI.
 *
 * Matches R's `survival::coxph` (3.5-3): treatment contrasts and column
 * names from the model frame, offset centred by its mean (R does this; it
 * changes only the linear predictors), robust variance turned on by
 * `cluster()`, by `robust: true`, or by non-integer case weights (as R),
 * Wald and Wald-CI on the robust variance when robust, concordance of the
 * linear predictor with `reverse = TRUE`.
 *
 * Time-transformed covariates `tt(x)` are fitted on R's expanded data
 * ({@link expandForTt}); `pspline(x)` terms by the penalized fit of
 * {@link coxPspline}.
 *
 * Not implemented (differences from R): `ties = "exact"`, frailty and ridge
 * terms, multi-state models, and `timefix` (R's `aeqSurv` merging of times
 * that differ only by floating-point noise).
 *
 * Reference: Therneau T, Grambsch P (2000) *Modeling Survival Data*;
 * survival 3.5-3 `R/coxph.R`, `R/summary.coxph.R`, `R/print.coxph.R`,
 * `R/predict.coxph.R`.
 */
import { buildModelFrame } from '../../design/model-frame.js';
import { parseFormula } from '../../design/formula.js';
import type { ColumnTable, FactorOptions, ModelFrame } from '../../design/types.js';
import { FormulaError, UsageError } from '../../../util/errors.js';
import { pchisq, pnorm, qnorm } from '../../stats/distributions.js';
import { coxFit } from './cox-fit.js';
import type { CoxFitResult } from './cox-fit.js';
import type { CoxControl, CoxTies } from './cox-control.js';
import { concordance } from '../concordance/concordance.js';
import type { ConcordanceResult } from '../concordance/concordance.js';
import type { CoxPostInput } from './cox-post-types.js';
import { formatCoxSummary } from './cox-summary.js';
import type { CoxSummaryOptions } from './cox-summary.js';
import { expandForTt, obrienTransform } from './cox-tt.js';
import { coxPenalizedFit } from './cox-pspline.js';
import type { CoxPenalizedResult, PenalizedTerm } from './cox-pspline.js';
import { coxControl } from './cox-control.js';
import { psplinePenalty } from '../../design/pspline-basis.js';
import type { CoxTtFunction } from './cox-tt.js';
import type { ChisqTest, CoxPenalizedInfo, CoxTerm } from './cox-types.js';

export type { CoxTtFunction } from './cox-tt.js';
export type { ChisqTest, CoxPenalizedInfo, CoxTerm } from './cox-types.js';

/** Options of {@link coxph}. */
export interface CoxphOptions {
  /** Tie method. Default `'efron'` (R's default). */
  ties?: CoxTies;
  /** Case weights: a column name or an array. Default: none (all 1). */
  weights?: string | Float64Array;
  /** Fit controls (defaults as R's `coxph.control`: maxIter 20, eps 1e-9, tolerChol eps^0.75). */
  control?: Partial<Omit<CoxControl, 'ties'>>;
  /** Per-variable factor options (reference level, level order). Default: R's first level. */
  factors?: Readonly<Record<string, FactorOptions>>;
  /**
   * Robust (sandwich) variance. Default as R: true with `cluster()` or
   * non-integer weights, else false.
   */
  robust?: boolean;
  /** Confidence level of the hazard-ratio intervals. Default 0.95 (R's `conf.int = 0.95`). */
  confLevel?: number;
  /**
   * Time transforms of the formula's `tt()` terms, as R's `tt` argument: one
   * function for all, or one per `tt()` term in formula order, e.g.
   * `(x, t) => x.map((v, i) => v * Math.log(t[i]))` for R's
   * `tt = function(x, t, ...) x * log(t)`. Default (as R): the O'Brien rank
   * transform within each risk set.
   */
  tt?: CoxTtFunction | readonly CoxTtFunction[];
}

/** A test as the JSON contract names it: statistic, degrees of freedom, p value. */
export interface CoxTest {
  stat: number;
  df: number;
  p: number;
}

/** The tests R's `summary(coxph)` prints, named as the JSON contract. */
export interface CoxTests {
  /** Likelihood-ratio test. */
  lr: CoxTest;
  /** Wald test (robust variance when robust). */
  wald: CoxTest;
  /** Score (log-rank) test. */
  score: CoxTest;
  /** Robust score test, only when the variance is robust (R's "Robust" line). */
  robustScore?: CoxTest;
}

/** Options of {@link CoxFit.predict}. */
export interface CoxPredictOptions {
  /** `'lp'` (default, R's default) or `'risk'` = exp(lp). */
  type?: 'lp' | 'risk';
  /**
   * Centring of the covariates, as R's `predict.coxph(reference = )`:
   * `'strata'` (default, R's default: per-stratum weighted means of the
   * fitted data for stratified models, the overall `means` otherwise),
   * `'sample'` (the overall `means`) or `'zero'` (no centring).
   */
  reference?: 'strata' | 'sample' | 'zero';
}

/** JSON form of a fit (the CLI contract). */
export interface CoxFitJson {
  n: number;
  events: number;
  /** Rows dropped for missing values (R: "n observations deleted due to missingness"). */
  dropped: number;
  loglik: [number, number];
  concordance: number | null;
  /** Standard error of the concordance (R: `se(C)`). */
  concordanceSe: number | null;
  /** Likelihood-ratio, Wald and score tests (and the robust score test when robust). */
  tests: { lr: CoxTestJson; wald: CoxTestJson; score: CoxTestJson; robustScore?: CoxTestJson };
  terms: {
    term: string;
    coef: number | null;
    se: number | null;
    robustSe?: number | null;
    z: number | null;
    p: number | null;
    hr: number | null;
    lower95: number | null;
    upper95: number | null;
  }[];
  converged: boolean;
  warnings: string[];
  /** Only for models with pspline() terms. */
  penalized?: {
    terms: { term: string; theta: number; df: number; linear: Record<string, number | null>; nonlinear: Record<string, number | null> }[];
    dfByTerm: { term: string; df: number }[];
    iterations: { outer: number; newtonRaphson: number };
  };
}

/** A test in JSON (non-finite numbers as null). */
export interface CoxTestJson {
  stat: number | null;
  df: number;
  p: number | null;
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** R's qnorm(0.975) (sprintf("%.17g") = 1.9599639845400536): the default interval's quantile, without a Newton solve on a process's first fit. */
export const Z_975 = 1.9599639845400536;
const testJson = (t: CoxTest): CoxTestJson => ({ stat: num(t.stat), df: t.df, p: num(t.p) });
const asTest = (t: ChisqTest): CoxTest => ({ stat: t.chisq, df: t.df, p: t.p });

/**
 * A fitted Cox model. Plain data plus thin methods; the computations live in
 * {@link coxph}, {@link coxFit} and {@link concordance}.
 */
export class CoxFit {
  /** The formula text. */
  readonly formula: string;
  /** Rows used. */
  readonly n: number;
  /** Number of events (R: `nevent`). */
  readonly nEvent: number;
  /** Rows dropped for missing values. */
  readonly nDropped: number;
  /** Rows dropped for missing values (the JSON name; same as {@link CoxFit.nDropped}). */
  readonly dropped: number;
  /** Column names (R's `names(coef)`). */
  readonly columnNames: string[];
  /** Coefficients (NaN = dropped as collinear). */
  readonly coefficients: Float64Array;
  /** Standard errors used for inference (robust when robust). */
  readonly se: Float64Array;
  /** Model-based standard errors. */
  readonly naiveSe: Float64Array;
  /** Robust standard errors, or null when not robust. */
  readonly robustSe: Float64Array | null;
  /** Per-column inference. */
  readonly terms: CoxTerm[];
  /** Log partial likelihood at the initial and final coefficients. */
  readonly loglik: [number, number];
  /** Likelihood-ratio test. */
  readonly likelihoodRatioTest: ChisqTest;
  /** Wald test (robust variance when robust). */
  readonly waldTest: ChisqTest;
  /** Score (log-rank) test. */
  readonly scoreTest: ChisqTest;
  /** Robust score test, when robust. */
  readonly robustScoreTest: ChisqTest | null;
  /** The three tests (and the robust score test when robust), named as the JSON contract. */
  readonly tests: CoxTests;
  /** Harrell's concordance of the linear predictor, as `summary(coxph)$concordance`. */
  readonly concordance: ConcordanceResult;
  /** Standard error of the concordance (R's `se(C)`; NaN without comparable pairs). */
  readonly concordanceSe: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly warnings: string[];
  readonly confLevel: number;
  readonly robust: boolean;
  /** Linear predictors of the fitted rows (R: `linear.predictors`). */
  readonly linearPredictors: Float64Array;
  /**
   * Internals for post-fit functions (residuals, cox.zph, survfit): the frame
   * arrays (x, time, status, start, strata, weights, offset, cluster), coef,
   * var (R's `fit$var`, robust when robust), naiveVar (model-based, when robust),
   * means (R's centring), ties method, column names, assign, term labels.
   */
  readonly internals: CoxPostInput;
  /** The numeric core's result. */
  readonly core: CoxFitResult;
  /**
   * The penalized (pspline) part of the fit, or null: each term's theta, df and
   * linear / nonlinear tests (R's `print(coxph)` rows), the df of every term,
   * `var2` and the outer / Newton–Raphson iteration counts.
   */
  readonly penalized: CoxPenalizedInfo | null;
  /** The model frame the fit used. */
  readonly frame: ModelFrame;

  constructor(init: {
    formula: string;
    frame: ModelFrame;
    core: CoxFitResult;
    terms: CoxTerm[];
    se: Float64Array;
    naiveSe: Float64Array;
    robustSe: Float64Array | null;
    lrt: ChisqTest;
    wald: ChisqTest;
    score: ChisqTest;
    rscore: ChisqTest | null;
    concordance: ConcordanceResult;
    confLevel: number;
    robust: boolean;
    internals: CoxPostInput;
    warnings: string[];
    penalized?: CoxPenalizedInfo | null;
  }) {
    this.penalized = init.penalized ?? null;
    this.formula = init.formula;
    this.frame = init.frame;
    this.core = init.core;
    this.n = init.frame.n;
    this.nEvent = init.core.nEvent;
    this.nDropped = init.frame.nDropped;
    this.dropped = init.frame.nDropped;
    this.columnNames = init.frame.columnNames;
    this.coefficients = init.core.coef;
    this.se = init.se;
    this.naiveSe = init.naiveSe;
    this.robustSe = init.robustSe;
    this.terms = init.terms;
    this.loglik = init.core.loglik;
    this.likelihoodRatioTest = init.lrt;
    this.waldTest = init.wald;
    this.scoreTest = init.score;
    this.robustScoreTest = init.rscore;
    this.concordance = init.concordance;
    this.concordanceSe = init.concordance.std;
    this.tests = { lr: asTest(init.lrt), wald: asTest(init.wald), score: asTest(init.score) };
    if (init.rscore) this.tests.robustScore = asTest(init.rscore);
    this.converged = init.core.converged;
    this.iterations = init.core.iterations;
    this.warnings = init.warnings;
    this.confLevel = init.confLevel;
    this.robust = init.robust;
    this.linearPredictors = init.core.linearPredictors;
    this.internals = init.internals;
  }

  /**
   * Predicted linear predictor or relative risk for new data, as R's
   * `predict(fit, newdata, type)`. Dropped (NA) coefficients count as 0.
   *
   * @param newdata columns used by the model's terms (and strata for `reference: 'strata'`);
   *   omit to predict the fitted rows.
   * @param options type (default `'lp'`), reference (default `'strata'`, R's default).
   * @throws UnknownColumnError / FormulaError when newdata lacks a variable or has an unseen level.
   */
  predict(newdata?: ColumnTable, options: CoxPredictOptions = {}): Float64Array {
    return predictCox(this, newdata, options);
  }

  /** Printed summary like R's `print(summary(coxph))` (not byte-identical); options replace the missing-data line and warnings. */
  summary(options: CoxSummaryOptions = {}): string {
    return formatCoxSummary(this, options);
  }

  /** The CLI JSON contract (`robustSe` only when robust; non-finite numbers as null). */
  toJSON(): CoxFitJson {
    const tests: CoxFitJson['tests'] = { lr: testJson(this.tests.lr), wald: testJson(this.tests.wald), score: testJson(this.tests.score) };
    if (this.tests.robustScore) tests.robustScore = testJson(this.tests.robustScore);
    return {
      n: this.n,
      events: this.nEvent,
      dropped: this.dropped,
      loglik: [this.loglik[0], this.loglik[1]],
      concordance: num(this.concordance.concordance),
      concordanceSe: num(this.concordance.std),
      tests,
      terms: this.terms.map((t) => {
        const o: CoxFitJson['terms'][number] = {
          term: t.term,
          coef: num(t.coef),
          se: num(t.se),
          z: num(t.z),
          p: num(t.p),
          hr: num(t.hr),
          lower95: num(t.lower),
          upper95: num(t.upper),
        };
        if (this.robust) {
          const { z, p, hr, lower95, upper95, ...head } = o;
          return { ...head, robustSe: num(t.robustSe ?? NaN), z, p, hr, lower95, upper95 };
        }
        return o;
      }),
      converged: this.converged,
      warnings: [...this.warnings],
      ...(this.penalized ? { penalized: penalizedJson(this.penalized) } : {}),
    };
  }
}

/**
 * Fit a Cox proportional-hazards model from a formula, as R's `coxph()`.
 *
 * @param formula `Surv(time, status) ~ terms` or `Surv(start, stop, status) ~ terms`,
 *   with optional `strata(...)`, `cluster(id)`, `offset(x)`.
 * @param data columns (Float64Array with NaN for missing; strings with null).
 * @param options ties (default 'efron'), weights, control, factors, robust, confLevel (0.95).
 * @returns the {@link CoxFit}.
 * @throws FormulaError without a `Surv()` response; errors of the model frame and of {@link coxFit}.
 * @example coxph('Surv(time, status) ~ age + sex', lung).terms[1].hr
 */
export function coxph(formula: string, data: ColumnTable, options: CoxphOptions = {}): CoxFit {
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw new UsageError(`confLevel must be in (0, 1), got ${confLevel}`);
  const frameOptions: Parameters<typeof buildModelFrame>[2] = {};
  if (options.factors) frameOptions.factors = options.factors;
  if (options.weights !== undefined) frameOptions.weights = options.weights;
  const frame = buildModelFrame(formula, data, frameOptions);
  if (!frame.time || !frame.status || !frame.formula.response || frame.formula.response.kind === 'variable') {
    throw new FormulaError(formula, 'The Cox model needs a Surv() response');
  }
  const n = frame.n;
  // R centres a non-zero offset by its mean.
  let offset: Float64Array | null = null;
  if (frame.offset && frame.offset.some((v) => v !== 0)) {
    let m = 0;
    for (let i = 0; i < n; i++) m += frame.offset[i]!;
    m /= n;
    offset = Float64Array.from(frame.offset, (v) => v - m);
  }
  const weights = frame.weights;
  const nonIntegerWeights = weights !== null && weights.some((w) => w !== Math.floor(w));
  const robust = options.robust ?? (frame.cluster !== null || nonIntegerWeights);
  const control: Partial<CoxControl> = { ...(options.control ?? {}), ties: options.ties ?? 'efron', robust };
  if (frame.psplines?.length) {
    if (robust) throw new UsageError('pspline() terms with a robust variance (cluster(), robust, non-integer weights) are not supported');
    if (frame.ttColumns?.length) throw new UsageError('pspline() and tt() terms in one model are not supported');
  }
  // The data the numeric core sees: the frame's, or R's expansion for tt() terms.
  let fitData = {
    x: frame.x,
    time: frame.time,
    status: frame.status,
    start: frame.start,
    strata: frame.strata,
    weights,
    offset,
    cluster: frame.cluster,
  };
  if (frame.ttColumns?.length) {
    const given = options.tt;
    const transforms: CoxTtFunction[] = given === undefined ? [obrienTransform] : typeof given === 'function' ? [given] : [...given];
    const e = expandForTt(fitData, frame.ttColumns, transforms);
    fitData = { x: e.x, time: e.time, status: e.status, start: null, strata: e.strata, weights: e.weights, offset: e.offset, cluster: e.cluster };
  } else if (options.tt !== undefined) {
    throw new UsageError('The tt option needs a tt() term in the formula, as Surv(time, status) ~ x + tt(x)');
  }
  let penalized: CoxPenalizedResult | null = null;
  let core: CoxFitResult;
  if (frame.psplines?.length) {
    penalized = fitPenalized(frame, fitData, control);
    core = penalizedCore(penalized, control.ties ?? 'efron');
  } else core = coxFit({ ...fitData, cluster: robust ? fitData.cluster : null }, control);
  const p = frame.x.length;
  const naiveSe = new Float64Array(p);
  const se = new Float64Array(p);
  const robustSe = core.robustVar ? new Float64Array(p) : null;
  for (let j = 0; j < p; j++) {
    const dropped = core.singular[j] === 1 || Number.isNaN(core.coef[j]!);
    naiveSe[j] = dropped ? NaN : Math.sqrt(core.naiveVar[j * p + j]!);
    if (robustSe) robustSe[j] = dropped ? NaN : Math.sqrt(core.robustVar![j * p + j]!);
    se[j] = robustSe ? robustSe[j]! : naiveSe[j]!;
  }
  const zq = confLevel === 0.95 ? Z_975 : qnorm(1 - (1 - confLevel) / 2);
  const terms: CoxTerm[] = frame.columnNames.map((name, j) => {
    const b = core.coef[j]!;
    const s = se[j]!;
    const z = b / s;
    const t: CoxTerm = {
      term: name,
      coef: b,
      se: naiveSe[j]!,
      z,
      p: 2 * pnorm(-Math.abs(z)),
      hr: Math.exp(b),
      lower: Math.exp(b - zq * s),
      upper: Math.exp(b + zq * s),
    };
    if (robustSe) t.robustSe = robustSe[j]!;
    return t;
  });
  const df = core.df;
  const chisq = (x: number, d: number): ChisqTest => ({ chisq: x, df: d, p: d > 0 ? pchisq(x, d) : NaN });
  const lrt = chisq(2 * (core.loglik[1] - core.loglik[0]), df);
  const wald = chisq(core.waldTest, df);
  // R's summary of a penalized fit has no score test.
  const score = penalized ? { chisq: NaN, df, p: NaN } : chisq(core.scoreTest, df);
  const rscore = core.robustScoreTest === null ? null : chisq(core.robustScoreTest, df);

  const conc =
    core.nEvent === 0
      ? {
          concordance: NaN,
          count: { concordant: 0, discordant: 0, tiedX: 0, tiedY: 0, tiedXY: 0 },
          n,
          variance: NaN,
          std: NaN,
        }
      : concordance(fitData.time, fitData.status, core.linearPredictors, {
          strata: fitData.strata,
          weights: fitData.weights,
          reverse: true,
          cluster: robust ? fitData.cluster : null,
          start: fitData.start,
        });

  const termLabels = frame.formula.terms.map((t) => t.label);
  // With tt() terms the post-fit functions see the expanded data (R keeps it as fit$x, fit$y, fit$strata).
  const internals: CoxPostInput = {
    x: fitData.x,
    time: fitData.time,
    status: fitData.status,
    start: fitData.start,
    strata: fitData.strata,
    weights: fitData.weights,
    offset: fitData.offset,
    cluster: fitData.cluster,
    coef: core.coef,
    var: core.var,
    naiveVar: core.robustVar ? core.naiveVar : null,
    means: core.means,
    ties: core.ties,
    columnNames: frame.columnNames,
    assign: frame.assign,
    termLabels,
  };
  if (frame.ttColumns?.length) internals.special = 'tt';
  else if (frame.psplines?.length) internals.special = 'pspline';
  const warnings = [...frame.warnings, ...core.warnings];
  if (frame.cluster && !robust) warnings.push('cluster specified with robust=FALSE, cluster ignored');
  return new CoxFit({
    formula,
    frame,
    core,
    terms,
    se,
    naiveSe,
    robustSe,
    lrt,
    wald,
    score,
    rscore,
    concordance: conc,
    confLevel,
    robust: core.robustVar !== null,
    internals,
    warnings,
    penalized: penalized
      ? {
          terms: penalized.summaries,
          dfByTerm: frame.formula.terms.map((t, i) => ({ term: t.label, df: penalized!.dfByTerm[i]! })),
          var2: penalized.var2,
          iterations: penalized.iterations,
        }
      : null,
  });
}

function penalizedJson(p: CoxPenalizedInfo): NonNullable<CoxFitJson['penalized']> {
  const rec = (o: Record<string, number>): Record<string, number | null> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, num(v)]));
  return {
    terms: p.terms.map((t) => ({ term: t.label, theta: t.theta, df: t.df, linear: rec(t.linear), nonlinear: rec(t.nonlinear) })),
    dfByTerm: p.dfByTerm.map((d) => ({ term: d.term, df: d.df })),
    iterations: { outer: p.iterations[0], newtonRaphson: p.iterations[1] },
  };
}

/** The penalized fit of a frame with pspline() terms (R's coxpenal.fit with pspline's penalty). */
function fitPenalized(
  frame: ModelFrame,
  data: { x: Float64Array[]; time: Float64Array; status: Float64Array; start: Float64Array | null; strata: Int32Array | null; weights: Float64Array | null; offset: Float64Array | null },
  control: Partial<CoxControl>,
): CoxPenalizedResult {
  const c = coxControl(control);
  const terms: PenalizedTerm[] = frame.psplines!.map((ps) => {
    const k = ps.columns.length;
    const nterm = ps.knots.length - 2 * ps.degree - 1;
    if (ps.theta === null && ps.df > nterm) throw new UsageError(`${ps.label}: nterm (${nterm}) too small for df = ${ps.df}`);
    const shift = ps.knots[ps.degree]! - ps.knots[0]!;
    const cbase = Array.from({ length: k }, (_, j) => ps.knots[j + 1]! + shift);
    return { label: ps.label, columns: ps.columns, penalty: psplinePenalty(k), df: ps.df, theta: ps.theta, nterm, eps: ps.eps, cbase };
  });
  return coxPenalizedFit(data, terms, frame.assign, { eps: c.eps, tolerChol: c.tolerChol, maxIter: c.maxIter, ties: c.ties, outerMax: 10 });
}

/** A penalized fit in the shape of the numeric core's result. */
function penalizedCore(r: CoxPenalizedResult, ties: CoxTies): CoxFitResult {
  const p = r.coef.length;
  return {
    coef: r.coef,
    naiveVar: r.var,
    var: r.var,
    robustVar: null,
    loglik: r.loglik,
    scoreTest: NaN,
    robustScoreTest: null,
    waldTest: r.waldTest,
    df: r.dfByTerm.reduce((a, b) => a + b, 0),
    iterations: r.iterations[1],
    converged: r.converged,
    rank: p,
    u: new Float64Array(p),
    means: r.means,
    linearPredictors: r.linearPredictors,
    singular: Uint8Array.from(r.coef, (b) => (Number.isNaN(b) ? 1 : 0)),
    nEvent: r.nEvent,
    ties,
    warnings: r.warnings,
  };
}

/** Right-hand side of a formula text (after `~`). */
function rhsOf(formula: string): string {
  const i = formula.indexOf('~');
  return i < 0 ? formula : formula.slice(i + 1);
}

/** Implementation of {@link CoxFit.predict}. */
export function predictCox(fit: CoxFit, newdata: ColumnTable | undefined, options: CoxPredictOptions = {}): Float64Array {
  const type = options.type ?? 'lp';
  const reference = options.reference ?? 'strata';
  if (fit.frame.ttColumns?.length) throw new UsageError('predict: not available for models with tt() terms (as R)');
  if (type !== 'lp' && type !== 'risk') throw new UsageError(`Unknown prediction type '${String(type)}'`);
  const p = fit.columnNames.length;
  const coef = Float64Array.from(fit.coefficients, (b) => (Number.isNaN(b) ? 0 : b));
  const old = fit.internals;
  const hasStrata = old.strata !== null;
  // Per-stratum weighted means of the fitted X (R's reference = "strata").
  let strataMeans: Map<string, Float64Array> | null = null;
  const oldLabels = fit.frame.strataLabels;
  if (hasStrata && reference === 'strata') {
    strataMeans = new Map();
    const sums = new Map<number, { s: Float64Array; w: number }>();
    for (let i = 0; i < fit.n; i++) {
      const k = old.strata![i]!;
      const w = old.weights ? old.weights[i]! : 1;
      let e = sums.get(k);
      if (!e) sums.set(k, (e = { s: new Float64Array(p), w: 0 }));
      e.w += w;
      for (let j = 0; j < p; j++) e.s[j] = e.s[j]! + w * old.x[j]![i]!;
    }
    for (const [k, e] of sums) strataMeans.set(oldLabels[k]!, e.s.map((v) => v / e.w));
  }
  let x: Float64Array[];
  let offset: Float64Array | null;
  let strataLabel: (i: number) => string;
  let m: number;
  if (newdata === undefined) {
    x = old.x;
    offset = old.offset;
    m = fit.n;
    strataLabel = (i) => oldLabels[old.strata![i]!]!;
  } else {
    const f = parseFormula(fit.formula);
    if (fit.frame.psplines?.length) throw new UsageError('predict: new data are not supported for models with pspline() terms');
    // The fit's levels, kept even where new data lack some (R's xlev).
    const frameOptions: Parameters<typeof buildModelFrame>[2] = { xlevels: fit.frame.levels };
    if (fit.frame.splines) frameOptions.splines = fit.frame.splines; // ns() keeps the fit's knots (R's predvars)
    const frame = buildModelFrame(`~ ${rhsOf(f.text)}`, newdata, frameOptions);
    if (frame.nDropped > 0) throw new UsageError(`predict: ${frame.nDropped} rows of newdata have missing values`);
    x = frame.x;
    offset = frame.offset;
    m = frame.n;
    strataLabel = (i) => frame.strataLabels[frame.strata![i]!]!;
    if (frame.columnNames.join('\u0000') !== fit.columnNames.join('\u0000')) {
      throw new UsageError(`predict: newdata gives columns ${frame.columnNames.join(', ')}, the fit has ${fit.columnNames.join(', ')}`);
    }
  }
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let center: ArrayLike<number> | null = null;
    if (strataMeans) {
      const lab = strataLabel(i);
      center = strataMeans.get(lab) ?? null;
      if (!center) throw new UsageError(`predict: stratum '${lab}' was not in the fitted data`);
    } else if (reference !== 'zero') center = old.means;
    let z = offset ? offset[i]! : 0;
    for (let j = 0; j < p; j++) z += coef[j]! * (x[j]![i]! - (center ? center[j]! : 0));
    out[i] = type === 'risk' ? Math.exp(z) : z;
  }
  return out;
}
