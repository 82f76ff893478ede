/**
 * Reads the rows of a comparison from an analysis session (the access gate:
 * only the session's consented patients): the patients of the diagnosis with
 * the analysis-table columns and observation codes at time zero (last value
 * in the baseline window; engine/analysis-table.ts), the records of the
 * therapies (`treatments.substance` case-insensitively, or an ATC code or its
 * prefix), the events of the outcomes, negative controls and deaths, and the
 * measurements of time-updated covariates. Days are counted from each
 * patient's index date.
 */
import type { AnalysisSession } from '../../engine/access.js';
import { patientTableSql, type CovariateSpec } from '../../engine/analysis-table.js';
import { isReportScoreCode } from '../../engine/reports/report-scores.js';
import { EVENT_TYPES } from '../../engine/schema.js';
import { literal, literalList } from '../../engine/sql.js';
import { UsageError } from '../../util/errors.js';
import { cellNumber as num } from '../core/cells.js';
import { TABLE_COVARIATES, type ResolvedCompareOptions } from './compare-options.js';
import type { CompareRecords } from './trial-data.js';

/** An ATC code or a prefix of one (anatomical group to chemical substance), e.g. M05BA08, M05BA, L02. */
export const ATC_PATTERN = /^[A-Z](\d{2}([A-Z]([A-Z](\d{2})?)?)?)?$/i;

/** SQL condition: a treatment row of table alias `t` matches the substance name or ATC code. */
export function therapyMatchSql(name: string): string {
  const bySubstance = `lower(t.substance) = ${literal(name.toLowerCase())}`;
  if (!ATC_PATTERN.test(name) || name.length < 3) return `(${bySubstance})`;
  return `(${bySubstance} OR upper(coalesce(t.atc, '')) LIKE ${literal(`${name.toUpperCase()}%`)})`;
}

/**
 * The observation code of a covariate name: `CODE`, or `CODE:text` for the categorical
 * `value_text` of a code that also has numbers (e.g. `NODES:text`: 0, 1-3, 4+), dummy-coded.
 */
export function covariateCode(name: string): { code: string; forceText: boolean } {
  const m = /^(.*):text$/i.exec(name);
  return m ? { code: m[1]!, forceText: true } : { code: name, forceText: false };
}

/** Every covariate the options need (adjustment, eligibility, time-updated), in order, without duplicates. */
export function neededCovariates(o: ResolvedCompareOptions): string[] {
  return [...new Set([...o.covariates, ...o.eligibility.map((e) => e.covariate), ...o.timeUpdated])];
}

/**
 * Loads the rows of a comparison through the session.
 * @throws {UsageError} for an outcome or negative control that is neither an event type nor an event code of the data, and for a covariate that is neither an analysis-table column nor an observation code.
 * @example const records = await loadCompareRecords(session, resolveCompareOptions({ ... }))
 */
export async function loadCompareRecords(session: AnalysisSession, o: ResolvedCompareOptions): Promise<CompareRecords> {
  // Outcomes and negative controls: event types or codes present in the data.
  const codeRows = await session.queryRows('SELECT DISTINCT lower(code) AS code FROM events WHERE code IS NOT NULL');
  const codes = new Set(codeRows.map((r) => String(r.code)));
  const types = new Set((EVENT_TYPES as readonly string[]).map((t) => t.toLowerCase()));
  for (const [label, list] of [['--outcome', o.outcome], ['--negative-controls', o.negativeControls]] as const) {
    for (const x of list) if (!types.has(x.toLowerCase()) && !codes.has(x.toLowerCase())) throw new UsageError(`${label} ${x}: neither an event type (${EVENT_TYPES.join(', ')}) nor the code of any event in the study's data`);
  }
  // Covariates: analysis-table columns or observation codes (exact code found case-insensitively).
  const specs: { name: string; column: string; spec: CovariateSpec | null }[] = [];
  const needed = neededCovariates(o);
  for (const [j, c] of needed.entries()) {
    if ((TABLE_COVARIATES as readonly string[]).includes(c.toLowerCase())) {
      specs.push({ name: c, column: c.toLowerCase(), spec: null });
      continue;
    }
    const { code: wanted, forceText } = covariateCode(c);
    const fromScores = isReportScoreCode(wanted);
    const table = fromScores ? 'report_scores' : 'observations';
    const found = await session.queryRows(`SELECT code, count(value) AS nv, count(value_text) AS nt FROM ${table} WHERE lower(code) = ${literal(wanted.toLowerCase())} GROUP BY code ORDER BY code LIMIT 2`);
    const f = found[0];
    if (!f) throw new UsageError(`--covariates ${c}: not an analysis-table column (${TABLE_COVARIATES.join(', ')}) and no observation has this code`);
    const text = forceText || ((num(f.nv) ?? 0) === 0 && (num(f.nt) ?? 0) > 0);
    if (text && (num(f.nt) ?? 0) === 0) throw new UsageError(`--covariates ${c}: observations of ${String(f.code)} have no text values`);
    const column = `cov_${j}`;
    specs.push({ name: c, column, spec: { code: String(f.code), name: column, pick: 'last', daysBefore: o.baselineDaysBefore, daysAfter: o.baselineDaysAfter, text } });
  }
  const base = patientTableSql({ diagnosis: o.diagnosis, covariates: specs.flatMap((s) => (s.spec ? [s.spec] : [])) });
  const rows = await session.queryRows(`SELECT *, datediff('day', index_date, last_followup) AS last_day FROM (${base})`);
  const patients = rows.map((r) => {
    const covariates: Record<string, number | string | null> = {};
    for (const s of specs) {
      const v = r[s.column];
      covariates[s.name] = v === null || v === undefined ? null : typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : String(v);
    }
    return { pseudonym: String(r.pseudonym), lastFollowUp: num(r.last_day) ?? 0, covariates };
  });
  const diag = literal(o.diagnosis);
  const treat = therapyMatchSql(o.treatment);
  const control = o.design === 'new-user' ? therapyMatchSql(o.control) : 'FALSE';
  const tr = await session.queryRows(
    `SELECT t.pseudonym, datediff('day', p.index_date, t.start) AS start_day, datediff('day', p.index_date, t.stop) AS stop_day,
            CASE WHEN ${treat} THEN 'treatment' ELSE 'control' END AS which
       FROM treatments t JOIN patients p USING (pseudonym)
      WHERE p.diagnosis = ${diag} AND (${treat} OR ${control})
      ORDER BY t.pseudonym, t.start`,
  );
  const names = [...new Set([...o.outcome, ...o.negativeControls, 'death'].map((x) => x.toLowerCase()))];
  const ev = await session.queryRows(
    `SELECT e.pseudonym, datediff('day', p.index_date, e.date) AS day, e.type, e.code
       FROM events e JOIN patients p USING (pseudonym)
      WHERE p.diagnosis = ${diag} AND (lower(e.type) IN ${literalList(names)} OR lower(coalesce(e.code, '')) IN ${literalList(names)})
      ORDER BY e.pseudonym, e.date`,
  );
  const measurements: CompareRecords['measurements'] = [];
  for (const c of o.timeUpdated) {
    const s = specs.find((x) => x.name === c)!;
    if (!s.spec || s.spec.text) throw new UsageError(`--time-updated ${c}: needs a numeric observation code`);
    const table = isReportScoreCode(s.spec.code) ? 'report_scores' : 'observations';
    const m = await session.queryRows(
      `SELECT o.pseudonym, datediff('day', p.index_date, o.date) AS day, o.value FROM ${table} o JOIN patients p USING (pseudonym)
        WHERE p.diagnosis = ${diag} AND o.code = ${literal(s.spec.code)} AND o.value IS NOT NULL
          AND o.date >= p.index_date - INTERVAL (${o.baselineDaysBefore}) DAY
        ORDER BY o.pseudonym, o.date`,
    );
    for (const r of m) measurements.push({ code: c, pseudonym: String(r.pseudonym), day: num(r.day) ?? NaN, value: num(r.value) ?? NaN });
  }
  return {
    patients,
    therapies: tr.map((r) => ({ pseudonym: String(r.pseudonym), which: r.which === 'treatment' ? 'treatment' : 'control', start: num(r.start_day) ?? NaN, stop: num(r.stop_day) })),
    events: ev.map((r) => ({ pseudonym: String(r.pseudonym), day: num(r.day) ?? NaN, type: String(r.type), code: r.code === null ? null : String(r.code) })),
    measurements,
  };
}
