/** Patient-reported outcomes: EQ-5D-5L (German value set), EORTC QLQ-C30, MSIS-29, EPIC-26 scoring and the plain report form (docs/pro.md). */
export * from './types.js';
export * from './eq-5d-5l.js';
export * from './qlq-c30.js';
export * from './msis-29.js';
export * from './epic-26.js';
export * from './instruments.js';
export * from './report-error.js';
export * from './plain-report.js';
