/**
 * A description of the cohort as a session sees it: row counts per table,
 * and per column the number of missing values, the exact number of distinct
 * non-missing values (`count(DISTINCT ...)`, not an estimate) and range;
 * plus observation codes and event types with their counts. Read through the
 * access gate, so it honours the session's policy.
 */
import type { AnalysisSession } from './access.js';
import { CANONICAL_TABLES, TABLES, type CanonicalTableName } from './schema.js';
import { ident } from './sql.js';

/** Summary of one column. */
export interface VariableSummary {
  table: CanonicalTableName;
  column: string;
  type: string;
  missing: number;
  /** Share missing, 0..1 (0 for an empty table). */
  missingShare: number;
  /** Exact number of distinct non-missing values. */
  distinct: number;
  /** Minimum and maximum as text (numbers and ISO dates), null when all missing. */
  min: string | null;
  max: string | null;
}

/** What `midia describe` prints. */
export interface CohortDescription {
  tables: { name: CanonicalTableName; rows: number }[];
  variables: VariableSummary[];
  diagnoses: { diagnosis: string; patients: number }[];
  eventTypes: { type: string; events: number; patients: number }[];
  observationCodes: { code: string; values: number; patients: number; unit: string | null }[];
}

/** Describes the cohort visible in a session. */
export async function describeCohort(session: AnalysisSession): Promise<CohortDescription> {
  const tables: CohortDescription['tables'] = [];
  const variables: VariableSummary[] = [];
  for (const name of CANONICAL_TABLES) {
    const spec = TABLES[name];
    const parts = spec.columns.map(
      (c) =>
        `count(*) - count(${ident(c.name)}) AS ${ident(`${c.name}__missing`)}, count(DISTINCT ${ident(c.name)}) AS ${ident(`${c.name}__distinct`)}, min(${ident(c.name)})::VARCHAR AS ${ident(`${c.name}__min`)}, max(${ident(c.name)})::VARCHAR AS ${ident(`${c.name}__max`)}`,
    );
    const [row] = await session.queryRows(`SELECT count(*) AS n, ${parts.join(', ')} FROM ${ident(name)}`);
    const n = Number(row?.n ?? 0);
    tables.push({ name, rows: n });
    for (const c of spec.columns) {
      if (c.name === 'pseudonym' && name !== 'patients') continue;
      const missing = Number(row?.[`${c.name}__missing`] ?? 0);
      variables.push({
        table: name,
        column: c.name,
        type: c.type,
        missing,
        missingShare: n ? missing / n : 0,
        distinct: Number(row?.[`${c.name}__distinct`] ?? 0),
        min: (row?.[`${c.name}__min`] as string | null) ?? null,
        max: (row?.[`${c.name}__max`] as string | null) ?? null,
      });
    }
  }
  const diagnoses = (await session.queryRows('SELECT diagnosis, count(*) AS patients FROM patients GROUP BY 1 ORDER BY 1')).map((r) => ({
    diagnosis: String(r.diagnosis),
    patients: Number(r.patients),
  }));
  const eventTypes = (await session.queryRows('SELECT type, count(*) AS events, count(DISTINCT pseudonym) AS patients FROM events GROUP BY 1 ORDER BY 1')).map((r) => ({
    type: String(r.type),
    events: Number(r.events),
    patients: Number(r.patients),
  }));
  const observationCodes = (
    await session.queryRows('SELECT code, count(*) AS "values", count(DISTINCT pseudonym) AS patients, mode(unit) AS unit FROM observations GROUP BY 1 ORDER BY 1')
  ).map((r) => ({ code: String(r.code), values: Number(r.values), patients: Number(r.patients), unit: (r.unit as string | null) ?? null }));
  return { tables, variables, diagnoses, eventTypes, observationCodes };
}
