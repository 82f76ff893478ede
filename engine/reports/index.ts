/** Patient-reported outcomes in the store: recording (one write path, scored), reading through a session, scores as observations (docs/pro.md). */
export { importReports, recordReport, reportDateRange, type ImportedReports, type RecordReportOptions, type RecordedReport, type ReportToImport } from './record-report.js';
export { writeReports, REPORTS_TABLE, type NewReport, type WriteReportsResult } from './write-reports.js';
export { sessionReports, type ReportView } from './read-reports.js';
export { isReportScoreCode, reportScoresTableSql, REPORT_SCORES_TABLE } from './report-scores.js';
