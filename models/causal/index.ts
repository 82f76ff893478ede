/**
 * Causal comparisons of treatments: propensity scores, matching, IP weights, balance, weighted effects.
 *
 * Entry point `midia-hub/models/causal` (README, "Library API"); the root `midia-hub`
 * re-exports a curated part of it (docs/public-api.md).
 */
export { logisticIrls } from './propensity-fit.js';
export type { LogisticArrays, LogisticControl, LogisticFit } from './propensity-fit.js';
export { propensityScore } from './propensity-score.js';
export type { PropensityScoreOptions, PropensityScoreResult, PropensityCoefficient } from './propensity-score.js';
export { ipWeights } from './ip-weights.js';
export type { Estimand, IpWeightsOptions, IpWeightsResult } from './ip-weights.js';
export { matchNearest } from './ps-matching.js';
export type { MatchOptions, MatchResult } from './ps-matching.js';
export { balanceTable, standardizedMeanDifference } from './balance.js';
export type { BalanceOptions, BalanceTableRow } from './balance.js';
export { weightedEffect, waldTest, subgroupEffects } from './weighted-effects.js';
export type { EffectModel, TreatmentEffect, WeightedEffectOptions, WeightedEffectResult, WaldTest, SubgroupEffect, SubgroupEffectsResult } from './weighted-effects.js';
export { simulateConfoundedComparison, iptwReplicate } from './confounded-simulation.js';
export type { ConfoundedSimulation, ConfoundedSimulationOptions, IptwReplicate } from './confounded-simulation.js';
export { logisticElasticNet } from './propensity-enet.js';
export type { ElasticNetControl, ElasticNetFit } from './propensity-enet.js';
