/**
 * Counting-process rows and time-dependent covariates: R's `tmerge` and
 * `survSplit`, and a split at therapy switch dates
 * (docs/time-dependent-covariates.md).
 */
export { tmerge, tmergeBase, tmergeColumns, tmergeRowIds } from './tmerge.js';
export type { TmergeBaseInput, TmergeColumn, TmergeColumnNames, TmergeCounts, TmergeData, TmergeId, TmergeKind, TmergeOp, TmergeOptions, TmergeValues, TmergeVariable } from './tmerge.js';
export { splitAtDates } from './split-at-dates.js';
export type { CountingKeys, SwitchDates } from './split-at-dates.js';
export { splitAtTimes } from './split-at-times.js';
export type { SplitAtTimesOptions } from './split-at-times.js';
