/**
 * Concordance of a risk score with survival: R's `survival::concordance`
 * (Harrell's C with its standard error, time-weighted variants), by a sweep
 * over ranks or times.
 */
export { concordance } from './concordance.js';
export type { ConcordanceOptions, ConcordanceResult, ConcordanceCounts } from './concordance.js';
