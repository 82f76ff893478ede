/**
 * The patient timeline: for one pseudonym, every event, observation, therapy
 * and visit in date order: the "overall clinical picture" a physician portal
 * shows. Read through an analysis session, so it honours the access policy.
 */
import { UsageError } from '../util/errors.js';
import type { AnalysisSession } from './access.js';

/** One entry of a patient's timeline. */
export interface TimelineEntry {
  /** ISO date (start date for therapies). */
  date: string;
  kind: 'event' | 'observation' | 'treatment' | 'visit';
  /** Event type, observation code, substance, or visit type. */
  label: string;
  /** Code (event code, observation coding system, ATC), or null. */
  code: string | null;
  /** Numeric value (finding, measurement, therapy line), or null. */
  value: number | null;
  /** Unit, categorical value, therapy class or provider, or null. */
  text: string | null;
  /** Stop date of a therapy (null while ongoing or for other kinds). */
  stop: string | null;
  source: string | null;
}

/** A patient's header facts and timeline. */
export interface PatientTimeline {
  pseudonym: string;
  patient: Record<string, string | number | boolean | null>;
  entries: TimelineEntry[];
}

/** SQL of the timeline (parameter $1 = pseudonym). */
export const TIMELINE_SQL = `
SELECT date::VARCHAR AS date, 'event' AS kind, type AS label, code, value, detail AS text, NULL::VARCHAR AS stop, source, 1 AS k FROM events WHERE pseudonym = $1
UNION ALL
SELECT date::VARCHAR, 'observation', code, code_system, value, coalesce(value_text, unit), NULL, source, 2 FROM observations WHERE pseudonym = $1
UNION ALL
SELECT start::VARCHAR, 'treatment', substance, atc, line::DOUBLE, class, stop::VARCHAR, source, 3 FROM treatments WHERE pseudonym = $1
UNION ALL
SELECT date::VARCHAR, 'visit', type, NULL, NULL, provider, NULL, source, 4 FROM visits WHERE pseudonym = $1
ORDER BY date, k, label`;

/**
 * The timeline of one patient.
 * @throws UsageError when the pseudonym is not in the session (unknown, or not admitted by the access policy).
 */
export async function patientTimeline(session: AnalysisSession, pseudonym: string): Promise<PatientTimeline> {
  const head = await session.queryRows(
    `SELECT pseudonym, birth_year, birth_month, sex, diagnosis, diagnosis_icd10, site, index_date::VARCHAR AS index_date, last_contact::VARCHAR AS last_contact FROM patients WHERE pseudonym = $1`,
    [pseudonym],
  );
  const patient = head[0];
  if (!patient) throw new UsageError(`Unknown pseudonym (or not available to this analysis): ${pseudonym}`);
  const rows = await session.queryRows(TIMELINE_SQL, [pseudonym]);
  const entries = rows.map((r) => ({
    date: String(r.date),
    kind: r.kind as TimelineEntry['kind'],
    label: String(r.label),
    code: (r.code as string | null) ?? null,
    value: (r.value as number | null) ?? null,
    text: (r.text as string | null) ?? null,
    stop: (r.stop as string | null) ?? null,
    source: (r.source as string | null) ?? null,
  }));
  return { pseudonym, patient, entries };
}
