/**
 * Statistics and models on typed arrays: formulas and design, survival analysis, distributions, linear algebra.
 *
 * Entry point `midia-hub/models` (README, "Library API"); the root `midia-hub`
 * re-exports a curated part of it (docs/public-api.md).
 */
export * from './design/index.js';
export * from './survival/index.js';
export * from './stats/distributions.js';
export * from './risk/index.js';
export * from './ms/index.js';
export * from './glm/index.js';
export { lmm, parseMixedFormula } from './mixed/index.js';
export type { LmmOptions, LmmResult, LmmJSON, LmmFixedEffect, LmmVarCorrGroup, LmmRandomEffects, LmmPredictOptions } from './mixed/index.js';
export * from './cluster/index.js';
export * from './causal/index.js';
export { quantileSortedType7, quantileType7 } from './stats/quantile.js';
export * from './oncology/index.js';
export * from './patterns/index.js';
export * from './pro/index.js';
