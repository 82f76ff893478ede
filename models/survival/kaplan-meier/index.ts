/**
 * Public API of the Kaplan-Meier, Nelson-Aalen, log-rank and RMST modules
 * (re-exported by models/survival/index.ts, which the lead assembles).
 */
export { kaplanMeier, KaplanMeierFit, survivalGroupFrame } from './kaplan-meier.js';
export type { KaplanMeierOptions, KaplanMeierJSON, KaplanMeierStratumJSON, LabelledKaplanMeierCurve } from './kaplan-meier.js';
export { kaplanMeierCore, kaplanMeierCoreOptions, survivalConfidenceLimits } from './kaplan-meier-fit.js';
export type { ConfType, KaplanMeierCoreOptions, KaplanMeierCoreResult, KaplanMeierCurve } from './kaplan-meier-fit.js';
export { robustKaplanMeierSe } from './kaplan-meier-robust.js';
export { summarizeCurve, survivalAtTimes, numberAtRisk, medianSurvival, timeCurveReachesHalf } from './kaplan-meier-summary.js';
export type { KaplanMeierSummaryOptions, KaplanMeierSummaryTable, MedianSurvival } from './kaplan-meier-summary.js';
export { cumulativeHazardFromCounts } from './nelson-aalen-fit.js';
export type { CumhazType, CumulativeHazard } from './nelson-aalen-fit.js';
export { argsortFloat64, orderByStratumAndTime, pAdjust, validateSurvivalArrays } from '../survival-utils.js';
export type { PAdjustMethod, SurvivalArrays } from '../survival-utils.js';
export { logRank, pairwiseLogRank, LogRankTest } from './log-rank.js';
export type { LogRankGroup, LogRankJSON, PairwiseLogRankOptions, PairwiseLogRankRow } from './log-rank.js';
export { logRankCore, logRankOptions } from './log-rank-fit.js';
export type { LogRankArrays, LogRankCoreResult, LogRankOptions } from './log-rank-fit.js';
export { nelsonAalen } from './nelson-aalen.js';
export type { NelsonAalenCurve, NelsonAalenOptions } from './nelson-aalen.js';
export { rmst } from './rmst.js';
export type { RmstContrast, RmstGroup, RmstOptions, RmstResult } from './rmst.js';
export { rmstFromCurve } from './rmst-fit.js';
export type { RmstEstimate } from './rmst-fit.js';
