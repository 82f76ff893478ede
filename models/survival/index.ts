/**
 * Survival analysis matching R's survival package (Therneau) and cmprsk:
 * Kaplan-Meier and Nelson-Aalen, log-rank tests, RMST, Cox models with their
 * residuals, PH test and predicted curves, competing risks (cumulative
 * incidence, Gray's test, Fine-Gray) and parametric AFT models (survreg).
 * Front ends take a formula and a ColumnTable; numeric cores take typed arrays.
 */
export * from './km-index.js';
export * from './cox-index.js';
export * from './cox-post-index.js';
export * from './cr-aft-index.js';
