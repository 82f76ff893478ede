/**
 * MIDIA Hub analytics engine: the public API.
 * - engine: cohort store, loaders, access gate, analysis tables, timelines
 * - models: formulas and survival analysis on typed arrays
 * - datasets: public datasets and the synthetic cohort generator
 */
export * from './engine/index.js';
export * from './models/index.js';
export * from './datasets/index.js';
export * from './util/errors.js';
export { seededRandom } from './util/random.js';
export type { RandomSource } from './util/random.js';
export type { ProgressCallback, ProgressEvent } from './util/progress.js';
export * from './charts/index.js';
