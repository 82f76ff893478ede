/**
 * Treatment effects in an inverse-probability-weighted (or matched) sample:
 * weighted Cox regression with robust variance for time to first relapse or
 * CDW (R `coxph(Surv(t, s) ~ treat, weights = w, robust = TRUE)`; Austin,
 * Stat Med 2016;35:5642–5655), and weighted Poisson or negative-binomial
 * relapse-rate models with offset log(years) and the sandwich variance
 * (R `glm(..., weights = w)` + `sandwich::sandwich`, HC0). Thin facades
 * over models/survival coxph and models/glm.
 */
import { MidiaError, UsageError } from '../../util/errors.js';
import type { Column, ColumnTable } from '../design/types.js';
import { negativeBinomialRegression, poissonRegression, type CountRegressionResult } from '../glm/index.js';
import { invertSymmetric } from '../linalg/symmetric.js';
import { pchisq } from '../stats/distributions.js';
import { coxph, type CoxFit } from '../survival/cox/cox.js';

/** The effect of the treatment column on the ratio scale (HR or rate ratio). */
export interface TreatmentEffect {
  term: string;
  /** Log hazard ratio or log rate ratio. */
  estimate: number;
  /** Robust standard error. */
  se: number;
  p: number;
  /** exp(estimate): hazard ratio or rate ratio, with its confidence limits. */
  ratio: number;
  lower: number;
  upper: number;
}

/** Which outcome model. */
export type EffectModel = 'cox' | 'poisson' | 'negative.binomial';

/** Options of the weighted effect models. */
export interface WeightedEffectOptions {
  /** Name of the 0/1 treatment column in the formula (its design column must be named alike). */
  treatment: string;
  /** Outcome model (default 'cox'). */
  model?: EffectModel;
  /** Confidence level (default 0.95). */
  confLevel?: number;
}

/** A fitted weighted model and the treatment effect read from it. */
export interface WeightedEffectResult {
  model: EffectModel;
  effect: TreatmentEffect;
  /** Design column names, coefficients and robust covariance (row-major). */
  names: string[];
  coefficients: Float64Array;
  covariance: Float64Array;
  /** The underlying fit (CoxFit or CountRegressionResult). */
  fit: CoxFit | CountRegressionResult;
  warnings: string[];
}

function fromCox(fit: CoxFit, treatment: string): WeightedEffectResult {
  const t = fit.terms.find((x) => x.term === treatment);
  if (!t) throw new UsageError(`treatment column '${treatment}' not among the model terms: ${fit.columnNames.join(', ')}`);
  return {
    model: 'cox',
    effect: { term: t.term, estimate: t.coef, se: t.robustSe ?? t.se, p: t.p, ratio: t.hr, lower: t.lower, upper: t.upper },
    names: fit.columnNames,
    coefficients: fit.coefficients,
    covariance: fit.internals.var,
    fit,
    warnings: fit.warnings,
  };
}

function fromCount(fit: CountRegressionResult, treatment: string, model: EffectModel): WeightedEffectResult {
  const t = fit.coefficients.find((x) => x.term === treatment);
  if (!t) throw new UsageError(`treatment column '${treatment}' not among the model terms: ${fit.coefficients.map((c) => c.term).join(', ')}`);
  return {
    model,
    effect: { term: t.term, estimate: t.estimate, se: t.se, p: t.p, ratio: t.rateRatio, lower: t.rateRatioLower, upper: t.rateRatioUpper },
    names: fit.coefficients.map((c) => c.term),
    coefficients: Float64Array.from(fit.coefficients, (c) => c.estimate),
    covariance: Float64Array.from(fit.covariance.flat()),
    fit,
    warnings: fit.warnings,
  };
}

/**
 * Weighted outcome model with robust variance and the treatment effect.
 * @param formula `Surv(time, status) ~ treat [+ covariates]` for 'cox';
 *   `relapses ~ treat + offset(logYears)` for the rate models.
 * @param data column table; @param weights one weight per row (IPW or matching weights).
 * @param options treatment (required), model ('cox'), confLevel (0.95).
 * @throws {UsageError} when the treatment column is not a model term; errors of coxph / poissonRegression.
 * @example weightedEffect('Surv(days, relapse) ~ dmt', table, ipw.weights, { treatment: 'dmt' }).effect.ratio
 */
export function weightedEffect(formula: string, data: ColumnTable, weights: Float64Array, options: WeightedEffectOptions): WeightedEffectResult {
  const model = options.model ?? 'cox';
  const confLevel = options.confLevel ?? 0.95;
  if (model === 'cox') return fromCox(coxph(formula, data, { weights, robust: true, confLevel }), options.treatment);
  if (model === 'poisson') return fromCount(poissonRegression(formula, data, { weights, variance: 'robust', confLevel }), options.treatment, model);
  if (model === 'negative.binomial') return fromCount(negativeBinomialRegression(formula, data, { weights, variance: 'robust', confLevel }), options.treatment, model);
  throw new UsageError(`Unknown model: ${String(model)} (use cox, poisson or negative.binomial)`);
}

/** A Wald chi-square test. */
export interface WaldTest {
  statistic: number;
  df: number;
  p: number;
  /** The coefficients tested. */
  terms: string[];
}

/**
 * Wald test that a set of coefficients is zero: `b' V^-1 b` on chi-square(df).
 * @param names design column names; @param coefficients; @param covariance row-major p × p.
 * @param select which columns to test.
 * @throws {UsageError} when nothing is selected.
 * @example waldTest(r.names, r.coefficients, r.covariance, (n) => n.startsWith('treat:'))
 */
export function waldTest(names: readonly string[], coefficients: ArrayLike<number>, covariance: ArrayLike<number>, select: (name: string) => boolean): WaldTest {
  const p = names.length;
  const idx = names.map((n, j) => (select(n) && Number.isFinite(coefficients[j]!) ? j : -1)).filter((j) => j >= 0);
  if (idx.length === 0) throw new UsageError('waldTest: no estimable coefficient selected');
  const k = idx.length;
  const v = new Float64Array(k * k);
  const b = Float64Array.from(idx, (j) => coefficients[j]!);
  idx.forEach((r, a) => idx.forEach((c, d) => { v[a * k + d] = covariance[r * p + c]!; }));
  const inv = invertSymmetric(v, k);
  let stat = 0;
  for (let a = 0; a < k; a++) for (let d = 0; d < k; d++) stat += b[a]! * inv.inverse[a * k + d]! * b[d]!;
  return { statistic: stat, df: inv.rank, p: pchisq(stat, inv.rank), terms: idx.map((j) => names[j]!) };
}

/** Effect within one subgroup. */
export interface SubgroupEffect {
  level: string;
  n: number;
  /** Null when the model could not be fitted in the subgroup (see warnings). */
  effect: TreatmentEffect | null;
}

/** Result of {@link subgroupEffects}. */
export interface SubgroupEffectsResult {
  subgroups: SubgroupEffect[];
  /** Wald test of all treatment × subgroup interaction coefficients in the weighted model on all rows. */
  interaction: WaldTest;
  /** The interaction model. */
  interactionModel: WeightedEffectResult;
  warnings: string[];
}

function subsetColumn(col: Column, rows: readonly number[]): Column {
  if (col instanceof Float64Array) return Float64Array.from(rows, (i) => col[i]!);
  return rows.map((i) => col[i] ?? null);
}

/**
 * Treatment effects within each level of a subgroup (e.g. a response cluster) and the heterogeneity test:
 * the weighted model is refitted within each level, and `formula + factor(subgroup) + treat:factor(subgroup)`
 * on all rows gives the Wald test of the interaction (robust variance).
 * @param formula as {@link weightedEffect}; @param data; @param weights one per row.
 * @param subgroup name of the subgroup column (numeric or string; missing rows dropped).
 * @param options as {@link weightedEffect}.
 * @throws {UnknownColumnError} for an unknown subgroup; {@link UsageError} with fewer than 2 levels.
 * @example subgroupEffects('Surv(days, relapse) ~ dmt', table, w, 'cluster', { treatment: 'dmt' }).interaction.p
 */
export function subgroupEffects(formula: string, data: ColumnTable, weights: Float64Array, subgroup: string, options: WeightedEffectOptions): SubgroupEffectsResult {
  const col = data[subgroup];
  if (!col) throw new UsageError(`Unrecognized column: ${subgroup}`);
  if (weights.length !== col.length) throw new UsageError(`subgroupEffects: weights have length ${weights.length}, data ${col.length}`);
  const levels = new Map<string, number[]>();
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) continue;
    const key = String(v);
    const rows = levels.get(key) ?? [];
    rows.push(i);
    levels.set(key, rows);
  }
  if (levels.size < 2) throw new UsageError(`subgroupEffects: '${subgroup}' has ${levels.size} level(s); need at least 2`);
  const numeric = col instanceof Float64Array;
  const sorted = [...levels.keys()].sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  const warnings: string[] = [];
  const subgroups: SubgroupEffect[] = sorted.map((level) => {
    const rows = levels.get(level)!;
    const sub: Record<string, Column> = {};
    for (const [name, c] of Object.entries(data)) sub[name] = subsetColumn(c, rows);
    try {
      const r = weightedEffect(formula, sub, Float64Array.from(rows, (i) => weights[i]!), options);
      return { level, n: rows.length, effect: r.effect };
    } catch (e) {
      if (!(e instanceof MidiaError)) throw e;
      warnings.push(`subgroup ${subgroup}=${level}: ${e.message}`);
      return { level, n: rows.length, effect: null };
    }
  });
  const term = numeric ? `factor(${subgroup})` : subgroup;
  const interactionModel = weightedEffect(`${formula} + ${term} + ${options.treatment}:${term}`, data, weights, options);
  const prefix = `${options.treatment}:`;
  const interaction = waldTest(interactionModel.names, interactionModel.coefficients, interactionModel.covariance, (n) => n.startsWith(prefix));
  return { subgroups, interaction, interactionModel, warnings: [...new Set([...warnings, ...interactionModel.warnings])] };
}
