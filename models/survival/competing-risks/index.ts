/**
 * Competing risks: cumulative incidence with Gray's
 * test (`cmprsk::cuminc`) and Fine–Gray regression (`cmprsk::crr`). Formula front ends and their numeric cores.
 *
 * @example
 * ```ts
 * import { cumulativeIncidence, fineGray } from './index.js';
 * cumulativeIncidence('Surv(etime, event) ~ sex', mgus2, { times: [120] }).tests;
 * fineGray('Surv(etime, event) ~ age + sex', mgus2, { cause: 1 }).toJSON();
 * ```
 */
export { cumulativeIncidence } from './cumulative-incidence.js';
export type {
  CumulativeIncidenceOptions,
  CumulativeIncidenceResult,
  CumulativeIncidenceJSON,
  IncidenceAtTimes,
} from './cumulative-incidence.js';
export { cumulativeIncidenceFit } from './cumulative-incidence-fit.js';
export type {
  CumulativeIncidenceInput,
  CumulativeIncidenceFitOptions,
  CumulativeIncidenceCore,
  LabelledIncidenceCurve,
  GrayTestRow,
} from './cumulative-incidence-fit.js';
export { cumulativeIncidenceCurve } from './cumulative-incidence-curve.js';
export type { IncidenceCurve } from './cumulative-incidence-curve.js';
export { incidenceAt, timepointIndex } from './cumulative-incidence-timepoints.js';
export { grayTest } from './gray-test.js';
export type { GrayTestResult } from './gray-test.js';
export { fineGray } from './fine-gray.js';
export type { FineGrayOptions, FineGrayResult, FineGrayTerm, FineGrayJSON, FineGrayPrediction } from './fine-gray.js';
export { fineGrayFit } from './fine-gray-fit.js';
export type { FineGrayInput, FineGrayControl, FineGrayCore } from './fine-gray-fit.js';
