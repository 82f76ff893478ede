/**
 * Competing risks and parametric AFT models: cumulative incidence with Gray's
 * test (`cmprsk::cuminc`), Fine–Gray regression (`cmprsk::crr`) and
 * `survival::survreg`. Formula front ends and their numeric cores.
 *
 * @example
 * ```ts
 * import { cumulativeIncidence, fineGray, survreg } from './cr-aft-index.js';
 * cumulativeIncidence('Surv(etime, event) ~ sex', mgus2, { times: [120] }).tests;
 * fineGray('Surv(etime, event) ~ age + sex', mgus2, { cause: 1 }).toJSON();
 * survreg('Surv(time, status) ~ age + sex', lung, { dist: 'weibull' }).scale;
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
export { survreg, survregControl } from './survreg.js';
export type { SurvregOptions, SurvregResult, SurvregTerm, SurvregJSON, SurvregDistribution, SurvregPredictType } from './survreg.js';
export { survregFit } from './survreg-fit.js';
export type { SurvregInput, SurvregControl, SurvregCore } from './survreg-fit.js';
export { logDensity, logSurvival, errorQuantile, initialValues } from './aft-distributions.js';
export type { AftErrorDistribution, LogTerm } from './aft-distributions.js';
export { designForNewData } from './aft-newdata.js';
