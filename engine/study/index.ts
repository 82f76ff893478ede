/** The study registry and study sessions. */
export {
  DEFAULT_MIN_CELL_COUNT,
  getStudy,
  listPublications,
  listStudies,
  publishResult,
  registerStudy,
  requireStudy,
  type Publication,
  type PublicationInput,
  type Study,
  type StudyInput,
} from './study-registry.js';
export { openStudySession, type StudySessionOpenOptions } from './study-session.js';
