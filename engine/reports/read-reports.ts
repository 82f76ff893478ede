/**
 * Reading patient-reported outcomes. Like every read of patient data, it runs
 * in an analysis session (engine/access.ts): the session admits the patients
 * its policy or study allows, and the caller records the use in the data-use
 * ledger (`session.record`) before the reports leave the engine.
 */
import type { Answers, InstrumentId, Scores } from '../../models/pro/types.js';
import type { AnalysisSession } from '../access.js';
import type { ReportRecord } from '../schema.js';

/** One stored report as read back. */
export interface ReportView {
  pseudonym: string;
  instrument: InstrumentId;
  /** ISO day. */
  date: string;
  scores: Scores;
  answers: Answers;
  provenance: ReportRecord['provenance'];
  source: string | null;
}

/**
 * The reports in a session, by patient, date and instrument; only those of
 * one patient when `pseudonym` is given (none when the session does not admit
 * the patient).
 *
 * @example const mine = await sessionReports(session, 'P-0123456789'); mine.map((r) => ({ instrument: r.instrument, date: r.date, scores: r.scores }))
 */
export async function sessionReports(session: AnalysisSession, pseudonym?: string): Promise<ReportView[]> {
  const where = pseudonym === undefined ? '' : ' WHERE pseudonym = $1';
  const rows = await session.queryRows(
    `SELECT pseudonym, date, instrument, answers, scores, provenance, source FROM reports${where} ORDER BY pseudonym, date, instrument`,
    pseudonym === undefined ? undefined : [pseudonym],
  );
  return rows.map((r) => ({
    pseudonym: String(r['pseudonym']),
    instrument: r['instrument'] as InstrumentId,
    date: String(r['date']),
    scores: JSON.parse(String(r['scores'])) as Scores,
    answers: JSON.parse(String(r['answers'])) as Answers,
    provenance: r['provenance'] as ReportRecord['provenance'],
    source: r['source'] === null || r['source'] === undefined ? null : String(r['source']),
  }));
}
