/** The core of analyses/: data sources, option validation, loading, and the one load -> fit -> disclose -> ledger sequence. */
export { tableSource, studySource, openStudySource, fileSource, type DataSource, type TableSource, type StudySource, type OpenStudyOptions } from './source.js';
export { parseOptions } from './options.js';
export { loadTable, type DataSelection, type LoadedTable } from './load.js';
export {
  runAnalysis,
  rowLevelRefusal,
  type AnalysisCall,
  type AnalysisResult,
  type AnalysisSpec,
  type DiscloseContext,
  type Disclosed,
  type DisclosureReport,
  type Loaded,
} from './run-analysis.js';
