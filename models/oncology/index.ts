/**
 * Oncology endpoints and prognostic scores: STEEP breast cancer endpoints, prostate biochemical recurrence (AUA, Phoenix), PSA doubling time, NPI, CAPRA-S, ISUP grade groups.
 *
 * Entry point `midia-hub/models/oncology` (README, "Library API"); the root `midia-hub`
 * re-exports a curated part of it (docs/public-api.md).
 */
export * from './steep-definitions.js';
export * from './steep-endpoint.js';
export * from './steep-endpoints.js';
export * from './psa-series.js';
export * from './biochemical-recurrence-prostatectomy.js';
export * from './biochemical-recurrence-radiotherapy.js';
export * from './biochemical-recurrences.js';
export * from './psa-doubling-time.js';
export * from './nottingham-prognostic-index.js';
export * from './isup-grade-group.js';
export * from './capra-s.js';
