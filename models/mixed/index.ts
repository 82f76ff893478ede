/**
 * Linear mixed models for marker and reported-outcome trajectories (PSA,
 * EDSS, PRO scores), as R's `lme4::lmer`: one grouping factor (the patient)
 * with a random intercept and slopes, ML and REML, per-patient predictions.
 * See docs/mixed-models.md.
 *
 * @example
 * ```ts
 * import { lmm } from 'midia-hub/models/mixed';
 * const fit = lmm('Reaction ~ Days + (Days | Subject)', sleepstudy);
 * fit.toJSON().varcorr; // => { Subject: { sd: { '(Intercept)': 24.74, Days: 5.92 }, corr: 0.066 }, residualSd: 25.59 }
 * fit.predict({ Subject: ['308'], Days: Float64Array.of(12) });
 * ```
 *
 * Entry point `midia-hub/models/mixed` (README, "Library API"); the root `midia-hub`
 * re-exports a curated part of it (docs/public-api.md).
 */
export { lmm } from './lmm.js';
export type { LmmOptions, LmmResult, LmmJSON, LmmFixedEffect, LmmVarCorrGroup, LmmRandomEffects, LmmPredictOptions } from './lmm.js';
export { buildLmmFrame, groupLabel } from './lmm-frame.js';
export type { LmmFrame, LmmFrameOptions, GroupCounts } from './lmm-frame.js';
export { fitLmm } from './lmm-fit.js';
export type { LmmFit } from './lmm-fit.js';
export { DEFAULT_LMM_CONTROL, resolveLmmControl } from './lmm-control.js';
export type { LmmControl } from './lmm-control.js';
export { parseMixedFormula } from './random-effects-formula.js';
export type { MixedFormula, RandomEffectsTerm } from './random-effects-formula.js';
export { groupCrossproducts } from './group-crossproducts.js';
export type { GroupCrossproducts, LmmArrays } from './group-crossproducts.js';
export { createProfiledDeviance, plsSolution, thetaLength, thetaLowerBounds, thetaStart, relativeFactor } from './profiled-deviance.js';
export type { PlsSolution } from './profiled-deviance.js';
export { boundedNelderMead } from './bounded-nelder-mead.js';
export type { NelderMeadOptions, NelderMeadResult } from './bounded-nelder-mead.js';
export { newtonPolish } from './newton-polish.js';
export { checkConvergence } from './convergence-check.js';
export { finiteDifferences } from './finite-differences.js';
export { keptColumns } from './fixed-rank.js';
export { lmmSummary } from './lmm-summary.js';
export type { LmmSummaryOptions } from './lmm-summary.js';
