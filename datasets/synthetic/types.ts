/**
 * Types of the synthetic cohort generator: options, the generated cohort and
 * its ground truth (the latent quantities a model should recover).
 */
import type { ClinicalEvent, Observation, Patient, Treatment, Visit } from '../../engine/schema.js';
import type { BREAST_PARAMETERS, COMMON_PARAMETERS, MS_PARAMETERS, PROSTATE_PARAMETERS } from './parameters.js';

/** Options of {@link generateCohort}; every field has a documented default. */
export interface CohortOptions {
  /** Seed of the random stream (default 20261128). */
  seed?: number;
  /** Number of breast cancer patients (default 600). */
  breast?: number;
  /** Number of prostate cancer patients (default 400). */
  prostate?: number;
  /** Number of multiple sclerosis patients (default 500). */
  ms?: number;
  /** First recruitment year (default 2008). */
  startYear?: number;
  /** Administrative end of follow-up, ISO date (default '2025-12-31'). */
  endDate?: string;
}

/** Options with every default filled in. */
export type ResolvedCohortOptions = Required<CohortOptions>;

/** Why follow-up ended. */
export type FollowUpEnd = 'death' | 'administrative' | 'max_follow_up' | 'lost_to_follow_up';

/** Latent facts of one breast cancer patient. */
export interface BreastTruth {
  pseudonym: string;
  ageAtDiagnosis: number;
  tumourSizeMm: number;
  positiveNodes: number;
  nodesCategory: '0' | '1-3' | '4+';
  grade: 1 | 2 | 3;
  erPositive: boolean;
  her2Positive: boolean;
  ki67: number;
  chemotherapy: boolean;
  trastuzumab: boolean;
  endocrine: 'tamoxifen' | 'letrozole' | null;
  /** Linear predictor of the recurrence model (sum of log hazard ratios times covariates). */
  linearPredictor: number;
  /** Latent date of the first invasive recurrence (may lie after the end of follow-up). */
  latentRecurrenceDate: string;
  /** Type and date of the first recurrence as recorded, or null when none was observed. */
  firstRecurrence: { type: 'local_recurrence' | 'regional_recurrence' | 'distant_metastasis'; date: string } | null;
  deathDate: string | null;
  deathCause: 'breast_cancer' | 'other_cause' | null;
  lastContact: string;
  followUpEnd: FollowUpEnd;
}

/** Latent facts of one prostate cancer patient. */
export interface ProstateTruth {
  pseudonym: string;
  ageAtDiagnosis: number;
  psaAtDiagnosis: number;
  gradeGroup: 1 | 2 | 3 | 4 | 5;
  clinicalT: string;
  treatment: 'prostatectomy' | 'radiotherapy';
  /** Date primary treatment ended (time origin of the recurrence model). */
  treatmentEnd: string;
  positiveMargin: boolean | null;
  seminalVesicleInvasion: boolean | null;
  extracapsularExtension: boolean | null;
  nodePositive: boolean | null;
  linearPredictor: number;
  /** Latent date the recurrence PSA component reaches the threshold (0.2 ng/mL, or 2 above nadir after radiotherapy). */
  latentRecurrenceDate: string;
  /** Doubling time (months) of the rising PSA. */
  doublingTimeMonths: number;
  /** Date of the biochemical recurrence event as recorded (the AUA or Phoenix date of the recorded series), or null. */
  biochemicalRecurrenceDate: string | null;
  /** True nadir after radiotherapy (ng/mL), null after prostatectomy. */
  radiotherapyNadir: number | null;
  metastasisDate: string | null;
  deathDate: string | null;
  deathCause: 'prostate_cancer' | 'other_cause' | null;
  lastContact: string;
  followUpEnd: FollowUpEnd;
}

/** Latent facts of one MS patient. */
export interface MsTruth {
  pseudonym: string;
  ageAtOnset: number;
  latentClass: 'stable' | 'slow_worsening' | 'fast_worsening';
  /** Patient-level relapse frailty (Gamma, mean 1). */
  frailty: number;
  /** EDSS at onset (latent, before noise and rounding). */
  edssAtOnset: number;
  slopePerYear: number;
  diagnosisDate: string;
  /** Therapy exposure as simulated: class by period (`end` exclusive; null = open at last contact). */
  exposure: { start: string; end: string | null; class: 'untreated' | 'dmt_moderate' | 'dmt_high' }[];
  relapses: number;
  deathDate: string | null;
  lastContact: string;
  followUpEnd: FollowUpEnd;
}

/** Everything known about how the cohort was generated. */
export interface GroundTruth {
  generator: { name: 'midia-synthetic-cohort'; version: number; options: ResolvedCohortOptions };
  parameters: {
    common: typeof COMMON_PARAMETERS;
    breast: typeof BREAST_PARAMETERS;
    prostate: typeof PROSTATE_PARAMETERS;
    ms: typeof MS_PARAMETERS;
  };
  breast: BreastTruth[];
  prostate: ProstateTruth[];
  ms: MsTruth[];
}

/** A generated cohort in the canonical schema, with its ground truth. */
export interface SyntheticCohort {
  patients: Patient[];
  events: ClinicalEvent[];
  observations: Observation[];
  treatments: Treatment[];
  visits: Visit[];
  truth: GroundTruth;
}

/** Records of one generated patient. */
export interface PatientRecords {
  patient: Patient;
  events: ClinicalEvent[];
  observations: Observation[];
  treatments: Treatment[];
  visits: Visit[];
}

/** What every disease generator receives for one patient. */
export interface PatientContext {
  pseudonym: string;
  site: string;
  /** First and last possible index day (day numbers). */
  recruitFrom: number;
  recruitTo: number;
  /** Administrative end of follow-up (day number). */
  endDay: number;
}
