/**
 * Survival analysis matching R's survival package (Therneau) and cmprsk:
 * Kaplan-Meier and Nelson-Aalen, log-rank tests, RMST, Cox models with their
 * residuals, PH test and predicted curves, competing risks (cumulative
 * incidence, Gray's test, Fine-Gray) and parametric AFT models (survreg).
 * Front ends take a formula and a ColumnTable; numeric cores take typed arrays.
 *
 * Entry point `midia-hub/models/survival` (README, "Library API"); the root `midia-hub`
 * re-exports a curated part of it (docs/public-api.md).
 */
export * from './kaplan-meier/index.js';
export * from './cox/index.js';
export * from './cox/post-estimation.js';
export * from './competing-risks/index.js';
export * from './parametric/index.js';
export * from './counting-process/index.js';
// Multi-state models: Aalen-Johansen state occupation, multi-state Cox and its predictions (docs/multi-state.md).
export * from './multistate/index.js';
