/**
 * Random survival forest (ranger-style log-rank splitting, OOB error,
 * permutation importance) on typed arrays, with a formula front end and a
 * JSON-serialisable flat structure.
 *
 * @example
 * ```ts
 * import { randomSurvivalForestFormula } from 'midia-hub/models';
 * const { forest, predictSurvival } = randomSurvivalForestFormula('Surv(rfstime, status) ~ age + nodes + pgr', gbsg, { seed: 1 });
 * forest.oobError; // 1 - Harrell's C of the OOB mortality
 * predictSurvival(gbsg, [365, 1825]).survival[0];
 * ```
 */
export { randomSurvivalForest, RandomSurvivalForest } from './random-survival-forest.js';
export type { RandomSurvivalForestJson } from './random-survival-forest.js';
export { forestSettings } from './forest-options.js';
export type { RandomSurvivalForestOptions, RandomSurvivalForestSettings } from './forest-options.js';
export { forestChf, forestSurvival, forestMortality, forestToJson, forestFromJson } from './forest-structure.js';
export type { ForestStructure, ForestStructureJson } from './forest-structure.js';
export { randomSurvivalForestFormula } from './rsf-formula.js';
export type { RsfFormulaOptions, RsfFormulaResult, RsfDesign } from './rsf-formula.js';
export { forestOnGrid, gridForestChf, gridForestChfRows, gridMortality, gridForestIssues } from './grid-forest.js';
export type { GridForest } from './grid-forest.js';
