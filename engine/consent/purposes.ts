/**
 * The purpose registry of the consent module: which purposes of use a patient
 * can grant or revoke, and how a purpose string is validated.
 *
 * Purposes (a small, closed registry; the strings are what the store records):
 * - `treatment-sharing`: sharing of data with named treating providers (a
 *   provider is required on every event; each provider is a separate consent).
 * - `research-general`: general (broad) research use of the pseudonymized data,
 *   the MII Broad Consent module "MDAT wissenschaftlich nutzen"
 *   (policy 2.16.840.1.113883.3.1937.777.24.5.3.8; see fhir-consent.ts).
 * - `study:<id>`: a specific study (`<id>` as registered in the study registry:
 *   1 to 64 characters from letters, digits, `.`, `_`, `-`, starting with a letter or digit).
 */
import { UsageError } from '../../util/errors.js';

/** The fixed purposes (besides `study:<id>`). */
export const FIXED_PURPOSES = ['treatment-sharing', 'research-general'] as const;

/** The general-research purpose (MII Broad Consent). */
export const RESEARCH_GENERAL = 'research-general';
/** The treatment-sharing purpose (requires a provider). */
export const TREATMENT_SHARING = 'treatment-sharing';
/** Prefix of study-specific purposes. */
export const STUDY_PREFIX = 'study:';

const STUDY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A parsed purpose. */
export type ParsedPurpose =
  | { kind: 'treatment-sharing'; purpose: string }
  | { kind: 'research-general'; purpose: string }
  | { kind: 'study'; purpose: string; studyId: string };

/**
 * Parses and validates a purpose string.
 *
 * @throws UsageError naming the value when it is not `treatment-sharing`, `research-general` or `study:<id>`.
 * @example parsePurpose('study:MS-PIRA-2025') // => { kind: 'study', purpose: 'study:MS-PIRA-2025', studyId: 'MS-PIRA-2025' }
 */
export function parsePurpose(purpose: string): ParsedPurpose {
  if (purpose === TREATMENT_SHARING) return { kind: 'treatment-sharing', purpose };
  if (purpose === RESEARCH_GENERAL) return { kind: 'research-general', purpose };
  if (purpose.startsWith(STUDY_PREFIX)) {
    const studyId = purpose.slice(STUDY_PREFIX.length);
    if (STUDY_ID.test(studyId)) return { kind: 'study', purpose, studyId };
    throw new UsageError(`invalid study purpose '${purpose}': the id after 'study:' must be 1-64 letters, digits, '.', '_' or '-'`);
  }
  throw new UsageError(`unknown consent purpose '${purpose}' (one of: ${FIXED_PURPOSES.join(', ')}, study:<id>)`);
}

/** The purpose string of a study id: `studyPurpose('X1')` => `'study:X1'`. @throws UsageError for an invalid id. */
export function studyPurpose(studyId: string): string {
  return parsePurpose(STUDY_PREFIX + studyId).purpose;
}
