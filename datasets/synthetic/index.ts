/** Seeded synthetic follow-up cohorts (breast cancer, prostate cancer, multiple sclerosis). */
export { generateCohort, resolveCohortOptions, DEFAULT_COHORT_OPTIONS, GENERATOR_VERSION } from './generate-cohort.js';
export { writeCohortCsv, cohortToCsv, tableToCsv, truthToJson, csvField } from './write-cohort-csv.js';
export { SYNTHETIC_STUDY_ID, SYNTHETIC_CONSENT_PARAMETERS, syntheticStudy, syntheticConsents, consentsToNdjson, studyToJson } from './synthetic-study.js';
export type { SyntheticStudy, ConsentingPatient, FhirConsentResource } from './synthetic-study.js';
export { BREAST_PARAMETERS, PROSTATE_PARAMETERS, MS_PARAMETERS, COMMON_PARAMETERS } from './parameters.js';
export { breastLinearPredictor } from './breast.js';
export { prostateLinearPredictor } from './prostate.js';
export { quantizeEdss } from './ms.js';
export { generateCohortReports, generatePatientReports, type SyntheticReport } from './reports.js';
export { reportsToNdjson, REPORTS_FILE } from './write-reports.js';
export { PRO_PARAMETERS } from './pro-parameters.js';
export type {
  CohortOptions,
  ResolvedCohortOptions,
  SyntheticCohort,
  GroundTruth,
  BreastTruth,
  ProstateTruth,
  MsTruth,
  FollowUpEnd,
} from './types.js';
