/** Opening an analysis session for a registered study (the usual way into the cohort). */
import { openSession, type AnalysisSession } from '../access.js';
import type { CohortStore } from '../store.js';
import type { ProgressCallback } from '../../util/progress.js';

/** Options of {@link openStudySession}. */
export interface StudySessionOpenOptions {
  onProgress?: ProgressCallback;
}

/**
 * Looks up the study and opens a session that admits exactly the patients
 * whose consent for the study's purpose is in force now
 * (`consentPolicy(study.purpose)`), with the study's disclosure settings;
 * analyses record themselves in the ledger with `session.record(...)`.
 * Same as `openSession(store, { study: studyId })`.
 *
 * @throws AccessDeniedError for an unknown study.
 * @example const s = await openStudySession(store, 'BC-1'); try { ... await s.record('km', params, summary) } finally { s.close() }
 */
export function openStudySession(store: CohortStore, studyId: string, options: StudySessionOpenOptions = {}): Promise<AnalysisSession> {
  return openSession(store, options.onProgress ? { study: studyId, onProgress: options.onProgress } : { study: studyId });
}
