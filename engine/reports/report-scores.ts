/**
 * PRO scores as observations: every analysis session derives from its copy of
 * `reports` a table `report_scores` with one row per report and non-null
 * score, shaped like `observations` (pseudonym, date, code, value, value_text,
 * unit, source) plus the instrument and score key, so that a score is an
 * outcome or covariate like any observation: SQL (`SELECT ... FROM
 * report_scores WHERE code = 'EQ5D_INDEX'`) and the analysis tables'
 * covariates (`--covariates EQ5D_INDEX`, engine/analysis-table.ts) read it.
 * Codes: the instrument's prefix and the score key in upper case
 * (models/pro/instruments.ts `scoreCode`; the list is in docs/pro.md).
 */
import { INSTRUMENTS, SCORE_CODES } from '../../models/pro/instruments.js';
import { INSTRUMENT_IDS } from '../../models/pro/types.js';
import { ident, literal } from '../sql.js';

/** Name of the derived table in a session. */
export const REPORT_SCORES_TABLE = 'report_scores';

const CODES = new Set(SCORE_CODES.map((c) => c.code));

/**
 * True when `code` is the analysis code of a PRO score (e.g. `EQ5D_INDEX`,
 * `MSIS29_PHYSICAL`); compared in upper case.
 * @example isReportScoreCode('eq5d_index') // => true
 */
export function isReportScoreCode(code: string): boolean {
  return CODES.has(code.trim().toUpperCase());
}

/**
 * The statement that creates `report_scores` from a session's `reports` table
 * (DuckDB's JSON functions; run before the session is sealed).
 */
export function reportScoresTableSql(reportsTable = 'reports'): string {
  const prefix = `CASE r.instrument ${INSTRUMENT_IDS.map((id) => `WHEN ${literal(id)} THEN ${literal(INSTRUMENTS[id].codePrefix)}`).join(' ')} END`;
  return (
    `CREATE TABLE ${ident(REPORT_SCORES_TABLE)} AS ` +
    `SELECT r.pseudonym, r.date, r.instrument, j.key AS score, ${prefix} || '_' || upper(j.key) AS code, ` +
    `CAST(j.value AS DOUBLE) AS value, CAST(NULL AS VARCHAR) AS value_text, CAST(NULL AS VARCHAR) AS unit, r.provenance, r.source ` +
    `FROM ${ident(reportsTable)} AS r, json_each(r.scores) AS j WHERE j.type <> 'NULL' ` +
    `ORDER BY r.pseudonym, r.date, r.instrument, code`
  );
}
