/**
 * Post-fit Cox quantities: residuals, the proportional-hazards test
 * (cox.zph), baseline hazard and predicted survival curves (survfit.coxph),
 * all matching R survival 3.5-3 and all taking a {@link CoxPostInput}.
 */
export type { CoxPostInput } from './cox-post-types.js';
export { coxResiduals } from './cox-residuals.js';
export type { CoxResidualType, CoxResidualOptions, CoxResidualsResult } from './cox-residuals.js';
export { coxZph } from './cox-zph.js';
export type { CoxZphOptions, CoxZphResult, CoxZphTest, CoxZphTransform } from './cox-zph.js';
export { zphTransformTimes } from './cox-zph-transform.js';
export { coxBaselineHazard, coxBaselineStrata } from './cox-baseline.js';
export type { CoxBaselineHazard, CoxBaselineOptions, CoxBaselineStratum } from './cox-baseline.js';
export { coxSurvfit, confidenceLimits, curveAt } from './cox-survfit.js';
export type {
  CoxNewData,
  CoxSurvAt,
  CoxSurvConfType,
  CoxSurvCurve,
  CoxSurvfitOptions,
  CoxSurvfitResult,
} from './cox-survfit.js';
export { predictSurvival } from './cox-predict-survival.js';
