/** Statistical disclosure control of everything that leaves the engine for a portal or an export. */
export { checkThreshold, DEFAULT_THRESHOLD, suppressSmallCounts, suppressSmallCounts1D } from './suppress-small-counts.js';
export type { CrossTable, SuppressedCell, SuppressedTable, SuppressOptions } from './suppress-small-counts.js';
export { discloseKaplanMeier, discloseSurvivalAtTimes } from './disclose-kaplan-meier.js';
export type { DisclosedInterval, DisclosedKaplanMeier, DisclosedStratum, DisclosedSurvivalAtTimes, KaplanMeierDisclosureOptions, SurvivalAtTimes } from './disclose-kaplan-meier.js';
export { discloseModel, PER_ROW_KEYS } from './disclose-model.js';
export type { DisclosedModel, ModelDisclosureOptions } from './disclose-model.js';
export { discloseDescription, discloseIncidenceCurves, suppressRowCounts } from './disclose-summaries.js';
export type { DisclosedDescription, DisclosureOptions, IncidenceCurve } from './disclose-summaries.js';
export { ceilToGrid, DEFAULT_GRID_INTERVALS, floorToGrid, niceWidth } from './time-grid.js';
export { auditRelease, RELEASE_AUDIT_PRIME } from './release-audit.js';
export type { CandidateCell, PriorCell, ReleaseAudit, ReleaseAuditOptions, ReleaseDecision } from './release-audit.js';
export { planRelease, registerRelease, releasedCells } from './release-register.js';
export type { PlannedRelease, RegisteredCell } from './release-register.js';
export { AGGREGATE_FUNCTIONS, answerAggregateQuery, checkAggregateQuery, parseAggregateQuery, SAFE_FUNCTIONS } from './aggregate-query.js';
export type { AggregateQueryCheck, AggregateQueryPlan } from './aggregate-query.js';
export { kaplanMeierCells, POPULATION_CELL } from './kaplan-meier-cells.js';
export { requireMinimumCounts, requireRowLevel } from './access-level.js';
