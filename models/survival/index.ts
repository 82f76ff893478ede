/**
 * Survival analysis matching R's survival package (Therneau) and cmprsk:
 * Kaplan-Meier and Nelson-Aalen, log-rank tests, RMST, Cox models with their
 * residuals, PH test and predicted curves, competing risks (cumulative
 * incidence, Gray's test, Fine-Gray) and parametric AFT models (survreg).
 * Front ends take a formula and a ColumnTable; numeric cores take typed arrays.
 *
 * Entry point `midia-hub/models/survival` (README, "Library API"); the root `midia-hub`
 * re-exports a curated part of it (docs/public-api.md).
 */
export * from './km-index.js';
export * from './cox-index.js';
export * from './cox-post-index.js';
export * from './cr-aft-index.js';
// Time-dependent covariates on counting-process rows: R's tmerge and survSplit, and a switch-on split.
export { tmerge, tmergeBase, tmergeColumns, tmergeRowIds } from './tmerge.js';
export type { TmergeBaseInput, TmergeColumn, TmergeColumnNames, TmergeCounts, TmergeData, TmergeId, TmergeKind, TmergeOp, TmergeOptions, TmergeValues, TmergeVariable } from './tmerge.js';
export { splitAtDates } from './split-at-dates.js';
export type { CountingKeys, SwitchDates } from './split-at-dates.js';
export { splitAtTimes } from './split-at-times.js';
export type { SplitAtTimesOptions } from './split-at-times.js';
// Multi-state models: Aalen-Johansen state occupation, multi-state Cox and its predictions (docs/multi-state.md).
export * from './multistate/index.js';
