/**
 * Linear mixed models as R's `lme4::lmer`: formula front end, result object,
 * per-patient predictions. Input handling is in lmm-frame.ts, the numeric
 * core in lmm-fit.ts (typed arrays only), the print in lmm-summary.ts.
 *
 * Supported: one grouping factor with a random intercept, intercept and
 * slope(s) with an unstructured covariance, or slopes only (`(1 | id)`,
 * `(time | id)`, `(0 + time | id)`, `(1 + time + I(time^2) | id)`); fixed
 * effects in R's term algebra (factor(), ns(), I(), interactions); REML
 * (default, as lmer) or ML. Not supported: crossed or nested grouping
 * factors, `||`, weights, offsets, GLMMs. Definitions and defaults:
 * docs/mixed-models.md.
 *
 * Reference: Bates, Mächler, Bolker, Walker (2015), "Fitting linear
 * mixed-effects models using lme4", J Stat Softw 67(1), 1-48.
 */
import { DataValidationError, UnknownColumnError, type RecordIssue } from '../../util/errors.js';
import { buildModelFrame } from '../design/model-frame.js';
import type { ColumnTable, FactorOptions } from '../design/types.js';
import { resolveLmmControl, type LmmControl } from './lmm-control.js';
import { fitLmm, type LmmFit } from './lmm-fit.js';
import { buildLmmFrame, groupLabel, type LmmFrame } from './lmm-frame.js';
import { lmmSummary } from './lmm-summary.js';
import type { LmmFixedEffect, LmmPredictOptions, LmmResult, LmmVarCorrGroup } from './lmm-types.js';

export type { LmmFixedEffect, LmmJSON, LmmPredictOptions, LmmRandomEffects, LmmResult, LmmVarCorrGroup, LmmSummaryOptions } from './lmm-types.js';

/** Options of {@link lmm}; every field optional. */
export interface LmmOptions {
  /** REML (default true, as lmer) or maximum likelihood (false; lmer's `REML = FALSE`). */
  reml?: boolean;
  /** Optimizer and check settings (lmm-control.ts); defaults in {@link import('./lmm-control.js').DEFAULT_LMM_CONTROL}. */
  control?: Partial<LmmControl>;
  /** Contrast options per categorical column (reference level, level order). */
  factors?: Readonly<Record<string, FactorOptions>>;
  /** The data's file name in error messages (default `<memory>`). */
  file?: string;
  /** Warnings name the rows of one-observation groups (default true; false under disclosure control). */
  nameRows?: boolean;
}

/** VarCorr of a fit with the random-effect names. */
function varCorrGroup(fit: LmmFit, names: readonly string[]): LmmVarCorrGroup {
  const q = fit.q;
  const sd: Record<string, number> = {};
  names.forEach((nm, r) => (sd[nm] = fit.sd[r]!));
  let corr: number | number[][] | null = null;
  if (q === 2) corr = fit.corr[1]!;
  else if (q > 2) corr = Array.from({ length: q }, (_, r) => Array.from({ length: q }, (_, c) => fit.corr[r * q + c]!));
  return { sd, corr };
}

/**
 * Fits a linear mixed model with one grouping factor, as `lme4::lmer`.
 *
 * @param formula e.g. `y ~ arm + ns(time, df = 3) + (time | id)`.
 * @param data columns by name (`Float64Array` with NaN for missing, strings with null).
 * @param options `reml` (true), `control`, `factors`, `file`, `nameRows` (true).
 * @returns the {@link LmmResult}.
 * @throws FormulaError for the formula (several or malformed bar terms, `||`, ...);
 *   UnknownColumnError; DataValidationError naming file/row/field (missing group,
 *   unidentifiable random slope, bad values); ModelError for lme4's identifiability
 *   checks or a failed fit; UsageError for bad controls.
 * @example lmm('Reaction ~ Days + (Days | Subject)', sleepstudy).varcorr.sd // => { '(Intercept)': 24.74, Days: 5.92 }
 */
export function lmm(formula: string, data: ColumnTable, options: LmmOptions = {}): LmmResult {
  const control = resolveLmmControl(options.control);
  const reml = options.reml ?? true;
  const frameOptions: Parameters<typeof buildLmmFrame>[2] = { rankTol: control.rankTol };
  if (options.factors) frameOptions.factors = options.factors;
  if (options.file !== undefined) frameOptions.file = options.file;
  if (options.nameRows !== undefined) frameOptions.nameRows = options.nameRows;
  const frame = buildLmmFrame(formula, data, frameOptions);
  const fit = fitLmm({ y: frame.y, x: frame.x, z: frame.z, group: frame.group, nGroups: frame.groupLevels.length }, reml, control);
  return lmmResult(formula, frame, fit, options.factors ?? {});
}

function lmmResult(formula: string, frame: LmmFrame, fit: LmmFit, factors: Readonly<Record<string, FactorOptions>>): LmmResult {
  const fixef: LmmFixedEffect[] = frame.fixedNames.map((term, c) => ({ term, estimate: fit.beta[c]!, se: fit.se[c]! }));
  const varcorr = varCorrGroup(fit, frame.randomNames);
  const warnings = [...frame.warnings, ...fit.warnings];
  const converged = fit.optimizer.converged;
  const groupName = frame.formula.random.group;
  const result: LmmResult = {
    formula,
    reml: fit.reml,
    n: frame.n,
    nDropped: frame.nDropped,
    rowIndex: frame.rowIndex,
    fixef,
    vcov: fit.vcov,
    varcorr,
    residualSd: fit.sigma,
    loglik: fit.loglik,
    criterion: fit.criterion,
    theta: fit.theta,
    groups: frame.groupCounts,
    singular: fit.singular,
    converged,
    optimizer: fit.optimizer,
    warnings,
    fitted: fit.fitted,
    residuals: fit.residuals,
    ranef() {
      const q = fit.q;
      const J = fit.nGroups;
      const values = frame.randomNames.map((_, r) => Float64Array.from({ length: J }, (_, g) => fit.b[g * q + r]!));
      return { group: groupName, levels: [...frame.groupLevels], names: [...frame.randomNames], values };
    },
    predict(newdata, opts = {}) {
      return predictLmm(frame, fit, factors, newdata, opts);
    },
    toJSON() {
      return {
        fixef: fixef.map((f) => ({ ...f })),
        varcorr: { [groupName]: structuredClone(varcorr), residualSd: fit.sigma },
        loglik: fit.loglik,
        reml: fit.reml,
        criterion: fit.criterion,
        n: frame.n,
        dropped: frame.nDropped,
        groups: { ...frame.groupCounts },
        converged,
        singular: fit.singular,
        warnings: [...warnings],
      };
    },
    summary(opts = {}) {
      return lmmSummary(result, frame.randomNames, opts);
    },
  };
  return result;
}

/** Predictions on new data (see {@link LmmResult.predict}). */
function predictLmm(frame: LmmFrame, fit: LmmFit, factors: Readonly<Record<string, FactorOptions>>, newdata: ColumnTable, opts: LmmPredictOptions): Float64Array {
  const file = opts.file ?? '<memory>';
  const mf = frame.formula;
  const fixedNoResponse = { ...mf.fixed, response: null };
  const xf = buildModelFrame(fixedNoResponse, newdata, {
    factors,
    interceptColumn: mf.fixed.intercept,
    xlevels: frame.fixedLevels,
    splines: frame.fixedSplines,
  });
  const n0 = Object.values(newdata)[0]?.length ?? 0;
  const out = new Float64Array(n0).fill(NaN);
  const p = fit.p;
  const xb = new Float64Array(n0).fill(NaN);
  for (let k = 0; k < xf.n; k++) {
    let acc = 0;
    for (let c = 0; c < p; c++) acc += xf.x[frame.keptFixed[c]!]![k]! * fit.beta[c]!;
    xb[xf.rowIndex[k]!] = acc;
  }
  if (opts.population) return xb;
  const groupName = mf.random.group;
  if (!Object.prototype.hasOwnProperty.call(newdata, groupName)) throw new UnknownColumnError(groupName, Object.keys(newdata));
  const groupCol = newdata[groupName]!;
  const levelIndex = new Map<string, number>();
  frame.groupLevels.forEach((l, g) => levelIndex.set(l, g));
  const zf = buildModelFrame(mf.random.formula, newdata, {
    factors,
    interceptColumn: mf.random.formula.intercept,
    xlevels: frame.randomLevels,
    splines: frame.randomSplines,
  });
  const issues: RecordIssue[] = [];
  const q = fit.q;
  for (let k = 0; k < zf.n; k++) {
    const i = zf.rowIndex[k]!;
    const label = groupLabel(groupCol[i]);
    if (label === null || Number.isNaN(xb[i]!)) continue;
    const g = levelIndex.get(label);
    if (g === undefined) {
      if (opts.allowNewLevels) out[i] = xb[i]!;
      else if (issues.length < 20) {
        issues.push({ file, row: i + 1, field: groupName, message: `${groupName} ${label} is not in the fit: its random effects are unknown (allowNewLevels predicts the population level)`, value: label });
      }
      continue;
    }
    let acc = xb[i]!;
    for (let r = 0; r < q; r++) acc += zf.x[r]![k]! * fit.b[g * q + r]!;
    out[i] = acc;
  }
  if (issues.length) throw new DataValidationError(issues);
  return out;
}
