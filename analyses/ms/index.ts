/**
 * The MS analyses (docs/ms-outcomes.md): confirmed disability events of plain
 * files or rows (`msCdw`), and on a study's MS cohort per-patient outcomes
 * (`msOutcomes`), therapy pathways (`msPathways`), therapy-response clusters
 * (`msCluster`) and therapy comparisons among new users (`msCompare`); the one
 * MS cohort loader and the MRI-activity definition they share.
 */
export { msCdw, runMsCdw, type MsCdwOptions, type MsCdwResult, type CdwRows, type CdwFiles } from './cdw.js';
export { msOutcomes, runMsOutcomes, type MsOutcomesOptions, type MsOutcomesResult, type MsOutcomesSummary, type MsOutcomePatient } from './outcomes.js';
export { msPathways, runMsPathways, type MsPathwaysResult, type DisclosedCount } from './pathways.js';
export { PATHWAYS_DEFAULTS, type MsPathwaysOptions } from './pathways-settings.js';
export { msCluster, runMsCluster, type MsClusterResult, type ClusterReport, type ClusterAssignment, type ClusterCentre } from './cluster.js';
export { CLUSTER_METHODS, CLUSTER_DEFAULTS, type ClusterMethod, type ClusterSettings, type MsClusterOptions, type SequenceCosts } from './cluster-settings.js';
export type { DisclosedCluster, DisclosedLevels, DisclosedNumeric } from './cluster-disclosure.js';
export { msCompare, runMsCompare } from './compare.js';
export { COMPARE_COVARIATES, COMPARE_SUBGROUPS, COMPARE_DEFAULTS, type CompareCovariate, type CompareSubgroup, type CompareSettings, type MsCompareOptions } from './compare-settings.js';
export type { CompareReport, DisclosedEffect, DisclosedBalanceRow } from './compare-disclosure.js';
export { readClusterAssignments } from './cluster-assignments.js';
export { loadMsCohort, deriveMsPatients, type MsCohortRecords, type MsCohort, type MsPatient, type MsPatientRow } from './ms-cohort.js';
export { MRI_ACTIVITY_CODES } from './mri-activity.js';
export type { MsCdwOptionsInput, MsOutcomesOptionsInput, MsPathwaysOptionsInput, MsClusterOptionsInput, MsCompareOptionsInput } from './options.js';
