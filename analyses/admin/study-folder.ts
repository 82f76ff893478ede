/**
 * The governance files a cohort folder may carry next to its tables, as
 * `midia generate` writes them: `study.json` (a study registration, the input
 * of `midia study register`) and `consents.ndjson` (FHIR R4 Consent
 * resources, as `midia consent import` reads them). `midia import` of the
 * folder registers the study and checks the consents before the tables, and
 * imports the consents after them (a bad governance file stops the import
 * before anything is written).
 *
 * Importing the same folder twice changes nothing: a study already registered
 * with the same definition is kept (studies are never changed; a different
 * definition under the same id is refused), and consent events already in the
 * registry are counted as duplicates.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFhirConsent, type FhirConsentReport } from '../../engine/consent/import-fhir-consent.js';
import type { CohortStore } from '../../engine/store.js';
import { consentEventsFromFhir } from '../../engine/consent/fhir-consent.js';
import { parseFhirText } from '../../engine/import/fhir-read.js';
import { getStudy, registerStudy, type Study, type StudyInput } from '../../engine/study/study-registry.js';
import { DataValidationError, StoreError, UsageError } from '../../util/errors.js';

/** File names of the governance files in a cohort folder. */
export const STUDY_FILE = 'study.json';
export const CONSENTS_FILE = 'consents.ndjson';

/** What importing a folder's study file did. */
export interface StudyFileReport {
  file: string;
  study: string;
  /** False when the same study was already registered. */
  registered: boolean;
  access: Study['access'];
  purpose: string;
}

/** The governance files present in `dir`. */
export function folderGovernanceFiles(dir: string): { study: string | null; consents: string | null } {
  const study = join(dir, STUDY_FILE);
  const consents = join(dir, CONSENTS_FILE);
  return { study: existsSync(study) ? study : null, consents: existsSync(consents) ? consents : null };
}

/**
 * Reads a study file (JSON object with the fields of `midia study register`).
 * @throws UsageError naming the file when it is not a JSON object.
 */
export function readStudyFile(file: string): StudyInput {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: not a JSON study registration (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${file}: a study registration must be a JSON object`);
  return value as StudyInput; // registerStudy validates every field
}

const COMPARED = ['title', 'question', 'responsible', 'purpose', 'approval', 'minCellCount', 'allowIndividualTimes', 'acceptsBroadConsent', 'access'] as const;

/**
 * Registers the study of a study file, or keeps the same study already registered.
 * @throws UsageError for a malformed file, or when the id is registered with a different definition.
 */
export async function registerStudyFile(store: CohortStore, file: string): Promise<StudyFileReport> {
  const input = readStudyFile(file);
  const id = typeof input.id === 'string' ? input.id : '';
  const existing = id ? await getStudy(store, id) : null;
  if (existing) {
    const wanted: Record<string, unknown> = { minCellCount: 5, allowIndividualTimes: false, acceptsBroadConsent: false, access: 'aggregate', ...input };
    const differ = COMPARED.filter((k) => wanted[k] !== existing[k]);
    if (differ.length) {
      throw new UsageError(`${file}: study ${id} is already registered with a different ${differ.join(', ')}; studies are never changed (register the new definition under a new id)`);
    }
    return { file, study: id, registered: false, access: existing.access, purpose: existing.purpose };
  }
  const study = await registerStudy(store, input);
  return { file, study: study.id, registered: true, access: study.access, purpose: study.purpose };
}

/** What importing a folder's governance files did. */
export interface FolderGovernanceReport {
  study: StudyFileReport | null;
  consents: FhirConsentReport | null;
}

/**
 * Checks a consents file without writing anything (the checks of `midia consent import`).
 * @throws StoreError when it cannot be read; DataValidationError naming each bad resource.
 */
export function checkConsentsFile(file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new StoreError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = parseFhirText(text, file);
  const issues = [...parsed.issues, ...consentEventsFromFhir(parsed.entries, file).issues];
  if (issues.length) throw new DataValidationError(issues);
}

/**
 * The first half of a folder import: registers each folder's study (or keeps
 * the same one) and checks its consents file, so that a bad governance file
 * stops the import before any table is written. The returned `importConsents`
 * imports the consents; call it after the tables.
 * @param dirs cohort folders
 */
export async function prepareFolderGovernance(store: CohortStore, dirs: readonly string[]): Promise<{ importConsents(): Promise<FolderGovernanceReport[]> }> {
  const found = dirs.map(folderGovernanceFiles);
  for (const f of found) if (f.consents) checkConsentsFile(f.consents);
  const studies: (StudyFileReport | null)[] = [];
  for (const f of found) studies.push(f.study ? await registerStudyFile(store, f.study) : null);
  return {
    async importConsents() {
      const out: FolderGovernanceReport[] = [];
      for (const [i, f] of found.entries()) {
        const study = studies[i] ?? null;
        const consents = f.consents ? await importFhirConsent(store, f.consents) : null;
        if (study || consents) out.push({ study, consents });
      }
      return out;
    },
  };
}

/** Text lines of a report, e.g. "study.json: registered study SYNTH (purpose research-general, access row-level)". */
export function governanceLines(report: FolderGovernanceReport): string[] {
  const lines: string[] = [];
  const s = report.study;
  if (s) lines.push(`${s.file}: ${s.registered ? 'registered' : 'already registered:'} study ${s.study} (purpose ${s.purpose}, access ${s.access})`);
  const c = report.consents;
  if (c) lines.push(`${c.file}: ${c.consents} consent resources, ${c.appended} consent events recorded, ${c.duplicates} already recorded`);
  return lines;
}
