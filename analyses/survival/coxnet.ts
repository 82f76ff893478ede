/**
 * The elastic-net penalized Cox model (R glmnet `family = "cox"`) from a
 * formula as an analysis: the coefficient of every design column at one
 * lambda, given or chosen by cross-validation (cv.glmnet `lambda.min` /
 * `lambda.1se`).
 *
 * Disclosure for a study (docs/access-levels.md): the coefficients are
 * aggregates; a model on fewer rows or events than the study's minimum cell
 * count is refused (engine/disclosure/access-level.ts `requireMinimumCounts`:
 * penalized coefficients of a handful of patients describe those patients),
 * before anything is recorded.
 */
import { requireMinimumCounts } from '../../engine/disclosure/access-level.js';
import type { ColumnTable } from '../../models/design/types.js';
import type { CoxnetFormulaResult } from '../../models/risk/coxnet-formula.js';
import { parseOptions } from '../core/options.js';
import { loadTable } from '../core/load.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { checkFactorVariables } from './factor-variables.js';
import type { CoxnetOptionsInput, CoxnetOptionsParsed } from './options.js';

export type { CoxnetOptionsInput, CoxnetOptionsParsed } from './options.js';

/** Result of {@link coxnet} (the JSON of `midia coxnet --json`). */
export interface CoxnetResult {
  n: number;
  events: number;
  alpha: number;
  /** The lambda at which `terms` are reported. */
  lambda: number;
  /** How `lambda` was chosen: given, or the CV rule. */
  choice: 'given' | 'lambda.min' | 'lambda.1se';
  /**
   * Coefficients on the original scale per design column: the penalized fit at
   * `lambda` (glmnet `coef(fit, s = lambda, exact = TRUE)`), or with
   * `exact: false` the linear interpolation between path values (`exact = FALSE`).
   */
  terms: { term: string; coef: number }[];
  /** True for the fit at `lambda` itself; false when interpolated. */
  exact: boolean;
  /** Non-zero coefficients at `lambda`. */
  nonZero: number;
  /** Cross-validation summary when `nfolds` was given. */
  cv: { nfolds: number; seed: number; lambdaMin: number; lambda1se: number; cvmMin: number; cvm1se: number } | null;
  /** Number of lambda values on the fitted path. */
  pathLength: number;
  warnings: string[];
}

async function fitCoxnet(data: ColumnTable, o: CoxnetOptionsParsed): Promise<CoxnetFormulaResult> {
  // coxnet-formula.js directly: a --data run loads no tfjs, zod or arrow.
  const { coxnetFormula } = await import('../../models/risk/coxnet-formula.js');
  return coxnetFormula(o.formula, data, {
    alpha: o.alpha,
    ...(o.nlambda !== undefined ? { nlambda: o.nlambda } : {}),
    ...(o.nfolds !== undefined ? { crossValidate: true, nfolds: o.nfolds, seed: o.seed } : {}),
    ...(o.factors ? { factors: o.factors } : {}),
  });
}

/** The coefficients at the options' lambda (given, or the CV rule's). */
function coefficients({ fit, cv, frame, warnings }: CoxnetFormulaResult, o: CoxnetOptionsParsed): CoxnetResult {
  let s: number;
  let choice: CoxnetResult['choice'];
  if (o.lambda !== undefined) {
    s = o.lambda;
    choice = 'given';
  } else {
    if (!cv) throw new TypeError('coxnet: no lambda and no cross-validation');
    s = o.rule === 'lambda.min' ? cv.lambdaMin : cv.lambda1se;
    choice = o.rule;
  }
  const b = o.exact ? fit.coefExact(s) : fit.coefAt(s);
  let events = 0;
  const status = frame.status!;
  for (let i = 0; i < status.length; i++) if (status[i] === 1) events++;
  return {
    n: fit.n,
    events,
    alpha: o.alpha,
    lambda: s,
    choice,
    terms: fit.columnNames.map((term, j) => ({ term, coef: b[j] as number })),
    exact: o.exact,
    nonZero: Array.from(b).filter((v) => v !== 0).length,
    cv: cv ? { nfolds: o.nfolds as number, seed: o.seed, lambdaMin: cv.lambdaMin, lambda1se: cv.lambda1se, cvmMin: cv.cvm[cv.indexMin] as number, cvm1se: cv.cvm[cv.index1se] as number } : null,
    pathLength: fit.lambda.length,
    warnings: [...new Set(warnings)],
  };
}

const COXNET: AnalysisSpec<CoxnetOptionsParsed, ColumnTable, CoxnetResult, CoxnetResult> = {
  name: 'coxnet',
  load: (source, o) => loadTable(source, o.data),
  fit: async (data, o) => coefficients(await fitCoxnet(data, o), o),
  plain: (result) => result,
  warnings: (result) => result.warnings,
  disclose(result, { disclosure: { threshold } }) {
    // No coefficients of a model on fewer rows or events than the study's minimum cell count.
    requireMinimumCounts({ n: result.n, events: result.events }, threshold, 'coxnet');
    return { result, summary: { n: result.n, events: result.events, lambda: result.lambda, terms: result.terms }, warnings: result.warnings };
  },
};

/**
 * A penalized Cox model of a data source (glmnet `family = "cox"`,
 * standardize = TRUE, Breslow ties) with the coefficients at `lambda` or at
 * the cross-validated choice; refused for a study when it rests on too few
 * rows or events. Validates the options (zod, loaded on demand).
 * @throws UsageError for invalid options (neither lambda nor nfolds); FormulaError; AccessDeniedError under the minimum cell count.
 * @example const r = await coxnet(tableSource(gbsg), { formula: 'Surv(rfstime, status) ~ age + nodes', alpha: 0.5, lambda: 0.01 }); r.result.terms
 */
export async function coxnet(source: DataSource, options: CoxnetOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<CoxnetResult>> {
  const { CoxnetOptions } = await import('./options.js');
  return runCoxnet(source, parseOptions('coxnet', CoxnetOptions, options), call);
}

/** {@link coxnet} with options in their parsed form (the CLI's validated flags): no zod load. */
export async function runCoxnet(source: DataSource, options: CoxnetOptionsParsed, call?: AnalysisCall): Promise<AnalysisResult<CoxnetResult>> {
  checkFactorVariables(options.formula, options.factors);
  return runAnalysis(COXNET, source, options, call);
}
