/** Target trial emulation for therapy comparisons (docs/target-trial.md): the `midia compare` analysis. */
export { compareTherapies } from './compare-therapies.js';
export { analyseComparison } from './compare-analysis.js';
export type { CompareAnalysis, CompareDiagnostics, NegativeControlResult, ArmCurve } from './compare-analysis.js';
export { resolveCompareOptions, COMPARE_DEFAULTS, COMPARE_DESIGNS, TABLE_COVARIATES } from './compare-options.js';
export type { CompareOptions, ResolvedCompareOptions, CompareDesign, EligibilityCriterion } from './compare-options.js';
export { loadCompareRecords, therapyMatchSql, ATC_PATTERN } from './compare-records.js';
export { compareRecordsFromCohort } from './cohort-records.js';
export { buildTrial, matchesOutcome } from './trial-data.js';
export type { CompareRecords, TrialSpec, BuiltTrial } from './trial-data.js';
export { discloseComparison, discloseCurve } from './disclose-compare.js';
export type { CompareResult, ContractEstimate, DisclosedCurve } from './disclose-compare.js';
export { trialProtocol } from './protocol.js';
export type { ProtocolRow } from './protocol.js';
