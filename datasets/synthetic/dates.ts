/** Calendar arithmetic for the generator: see util/dates.ts (shared by engine, models and datasets). */
export * from '../../util/dates.js';
