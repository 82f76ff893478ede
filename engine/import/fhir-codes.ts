/**
 * Code maps of the FHIR R4 importer (pure data). Each map is a default: pass
 * your own to {@link mapFhirResources} when a site codes differently.
 */
import type { DIAGNOSIS_VALUES, EVENT_TYPES } from '../schema.js';

/** LOINC code -> canonical observation code. Sources: loinc.org entries of each code. */
export const LOINC_OBSERVATION_CODES: Readonly<Record<string, string>> = {
  '2857-1': 'PSA', // Prostate specific Ag [Mass/volume] in Serum or Plasma
  '16112-5': 'ER', // Estrogen receptor [Interpretation] in Tissue
  '40556-3': 'ER', // Estrogen receptor Ag [Presence] in Tissue by Immune stain
  '16113-3': 'PR', // Progesterone receptor [Interpretation] in Tissue
  '40557-1': 'PR', // Progesterone receptor Ag [Presence] in Tissue by Immune stain
  '48676-1': 'HER2', // HER2 [Interpretation] in Tissue
  '85319-2': 'HER2', // HER2 [Presence] in Breast cancer specimen by Immune stain
  '85318-4': 'HER2', // HER2 [Presence] in Breast cancer specimen by FISH
  '29593-1': 'KI67', // Ki-67 nuclear Ag [Interpretation] in Tissue
  '85330-9': 'KI67', // Ki-67 nuclear Ag [Presence] in Tissue by Immune stain
};

/** SNOMED CT codes of the EDSS score (273554001 Kurtzke Expanded Disability Status Scale). Local code `EDSS` is also accepted. */
export const SNOMED_OBSERVATION_CODES: Readonly<Record<string, string>> = {
  '273554001': 'EDSS',
};

/** Local codes accepted as-is in any code system. */
export const LOCAL_OBSERVATION_CODES: readonly string[] = ['EDSS', 'PSA', 'ER', 'PR', 'HER2', 'KI67'];

/**
 * ICD-10 prefix -> primary diagnosis group. A Condition with one of these codes
 * is the patient's primary diagnosis (the earliest one; later ones become
 * `diagnosis` events).
 */
export const ICD10_PRIMARY_DIAGNOSES: ReadonlyArray<readonly [string, (typeof DIAGNOSIS_VALUES)[number]]> = [
  ['C50', 'breast_cancer'],
  ['C61', 'prostate_cancer'],
  ['G35', 'multiple_sclerosis'],
];

/**
 * ICD-10 prefix -> event type for secondary malignancies. Rule (ICD-10 chapter
 * II, secondary neoplasms): C77 "secondary malignant neoplasm of lymph nodes"
 * counts as a regional recurrence, C78 (respiratory/digestive organs) and C79
 * (other sites: brain, bone, ...) as distant metastases. FHIR does not say
 * whether involved nodes are regional; distant nodal disease coded C77 is
 * therefore classed regional: recode after import where that matters.
 */
export const ICD10_EVENT_TYPES: ReadonlyArray<readonly [string, (typeof EVENT_TYPES)[number]]> = [
  ['C77', 'regional_recurrence'],
  ['C78', 'distant_metastasis'],
  ['C79', 'distant_metastasis'],
];

/**
 * Procedure codes meaning radiotherapy: SNOMED CT 108290001 (radiation oncology
 * AND/OR radiotherapy), 1287742003 (radiotherapy), 33195004 (external beam
 * radiation therapy), 152198000 (brachytherapy); German OPS codes starting 8-52.
 * Every other Procedure is surgery.
 */
export const RADIOTHERAPY_SNOMED: readonly string[] = ['108290001', '1287742003', '33195004', '152198000'];
export const RADIOTHERAPY_OPS_PREFIX = '8-52';

/** FHIR administrative gender -> canonical sex (missing gender: `unknown`). */
export const FHIR_GENDER: Readonly<Record<string, string>> = {
  female: 'female',
  male: 'male',
  other: 'diverse',
  unknown: 'unknown',
};

/** True when a coding system URI is ICD-10 (WHO or ICD-10-GM). */
export function isIcd10System(system: string | undefined): boolean {
  return !!system && /icd-?10/i.test(system);
}
/** True when a coding system URI is ATC. */
export function isAtcSystem(system: string | undefined): boolean {
  return !!system && /(whocc\.no\/atc|\/atc$|atc)/i.test(system);
}
/** True when a coding system URI is LOINC. */
export function isLoincSystem(system: string | undefined): boolean {
  return system === 'http://loinc.org';
}
/** True when a coding system URI is SNOMED CT. */
export function isSnomedSystem(system: string | undefined): boolean {
  return system === 'http://snomed.info/sct';
}
