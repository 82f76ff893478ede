/**
 * The synthetic reports as FHIR R4 QuestionnaireResponses, one per line
 * (`reports.ndjson`, written by `midia generate` and read back by
 * `midia import` of the folder): answers only, no item texts
 * (engine/import/fhir-questionnaire-response.ts; docs/pro.md).
 */
import { questionnaireResponseFromReport } from '../../engine/import/fhir-questionnaire-response.js';
import type { SyntheticReport } from './reports.js';

/** File name of the reports in a cohort folder. */
export const REPORTS_FILE = 'reports.ndjson';

/**
 * NDJSON text of the reports as QuestionnaireResponses, ids `pro-1`, `pro-2`, ... in order (LF line ends, final newline; empty text for no reports).
 * @example reportsToNdjson(generateCohortReports(cohort)).split('\n')[0] // => '{"resourceType":"QuestionnaireResponse","id":"pro-1",...}'
 */
export function reportsToNdjson(reports: readonly SyntheticReport[]): string {
  if (!reports.length) return '';
  return reports.map((r, i) => JSON.stringify(questionnaireResponseFromReport(r, `pro-${i + 1}`))).join('\n') + '\n';
}
