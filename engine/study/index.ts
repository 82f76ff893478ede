/** The study registry and study sessions. */
export {
  DEFAULT_MIN_CELL_COUNT,
  DEFAULT_STUDY_ACCESS,
  ROW_LEVEL_ACCESS,
  STUDY_ACCESS_LEVELS,
  getStudy,
  listPublications,
  listStudies,
  publishResult,
  registerStudy,
  requireStudy,
  type Publication,
  type PublicationInput,
  type Study,
  type StudyAccess,
  type StudyInput,
} from './study-registry.js';
export { openStudySession, type StudySessionOpenOptions } from './study-session.js';
