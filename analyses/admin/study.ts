/**
 * The study registry as the surfaces reach it (`midia study`): register a
 * study, list and show studies, publish a result. Thin functions over
 * engine/study/study-registry.ts that open the database for the call.
 */
import {
  listPublications,
  listStudies as listRegistered,
  publishResult as publish,
  registerStudy as register,
  requireStudy,
  type Publication,
  type PublicationInput,
  type Study,
  type StudyInput,
} from '../../engine/study/study-registry.js';
import { withStore } from './store.js';

export { DEFAULT_MIN_CELL_COUNT, STUDY_ACCESS_LEVELS, type Publication, type PublicationInput, type Study, type StudyAccess, type StudyInput } from '../../engine/study/study-registry.js';

/**
 * Registers a study in the database `db` (studies are never changed afterwards).
 * @throws UsageError for an invalid or already registered study; UsageError for a missing database.
 * @example await registerStudy('cohort.duckdb', { id: 'BC-1', title: '...', question: '...', responsible: '...', purpose: 'research-general', approval: 'EC-1' })
 */
export function registerStudy(db: string, input: StudyInput): Promise<Study> {
  return withStore(db, (store) => register(store, input));
}

/** Every registered study, in registration order. */
export function listStudies(db: string): Promise<Study[]> {
  return withStore(db, (store) => listRegistered(store));
}

/**
 * One study and its published results.
 * @throws AccessDeniedError for an unknown study.
 */
export function showStudy(db: string, id: string): Promise<{ study: Study; published: Publication[] }> {
  return withStore(db, async (store) => ({ study: await requireStudy(store, id), published: await listPublications(store, id) }));
}

/**
 * Appends a published result to a study (shown to patients by the ledger's for-patient view).
 * @throws for an unknown study or invalid input.
 */
export function publishResult(db: string, studyId: string, input: PublicationInput): Promise<Publication> {
  return withStore(db, (store) => publish(store, studyId, input));
}
