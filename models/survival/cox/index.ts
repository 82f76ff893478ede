/**
 * Public API of the Cox proportional-hazards fit and Harrell's concordance
 * (re-exported by `models/survival/index.ts`).
 */
export { coxph, CoxFit, predictCox } from './cox.js';
export type { CoxphOptions, CoxTerm, ChisqTest, CoxPredictOptions, CoxFitJson, CoxTest, CoxTests, CoxTestJson } from './cox.js';
export { expandForTt, NAMED_TT, obrienTransform } from './cox-tt.js';
export type { CoxTtFunction } from './cox-tt.js';
export { coxFit } from './cox-fit.js';
export type { CoxFitResult, CoxInput } from './cox-fit.js';
export { coxControl, DEFAULT_COX_CONTROL } from './cox-control.js';
export type { CoxControl, CoxTies } from './cox-control.js';
export { concordance } from '../concordance/concordance.js';
export type { ConcordanceOptions, ConcordanceResult, ConcordanceCounts } from '../concordance/concordance.js';
export { formatCoxSummary } from './cox-summary.js';
