/**
 * Writing scored reports into `pro.reports` inside the caller's transaction:
 * the one write path of patient-reported outcomes, used by the portal's
 * single submissions ({@link recordReport} in report-store.ts) and by the FHIR
 * QuestionnaireResponse import (engine/import/import-fhir.ts).
 *
 * Rules (docs/pro.md):
 * - the pseudonym must be a patient of the store (patients imported earlier in
 *   the same transaction count), and the report may not be dated before the
 *   patient's year of birth; otherwise the report is named in an issue and
 *   the caller rolls back;
 * - one report per patient, instrument and day: a report marked `replace`
 *   (a portal submission, an amended QuestionnaireResponse) replaces a stored
 *   one with the same key; any other report with the key of a stored one is
 *   skipped and counted as a duplicate (the import rule for re-deliveries);
 *   within one batch the same rule applies in batch order.
 * Rows are staged through DuckDB's appender (engine/import/stage.ts), checked
 * and written with set-based SQL.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Answers, InstrumentId, Scores } from '../../models/pro/types.js';
import type { ReportIssue } from '../../models/pro/report-error.js';
import { RAW_SCHEMA, REPORTS_SCHEMA, type ReportRecord } from '../schema.js';
import { ident } from '../sql.js';
import { createStagingTable } from '../import/stage.js';

/** A checked and scored report to store. */
export interface NewReport {
  pseudonym: string;
  instrument: InstrumentId;
  /** ISO day. */
  date: string;
  answers: Answers;
  scores: Scores;
  provenance: ReportRecord['provenance'];
  source: string | null;
  /** Replace a stored report with the same key (true), or keep the stored one and count this one as a duplicate (false). */
  replace: boolean;
  /** Where the report came from, for issues: file, row, and the fields (with JSON Pointers) of its pseudonym and date. */
  origin: {
    file: string;
    row: number;
    pseudonym: { field: string | null; pointer: string };
    date: { field: string | null; pointer: string };
  };
}

/** What {@link writeReports} did, or the issues that stop it (then nothing was written). */
export interface WriteReportsResult {
  /** Reports inserted. */
  loaded: number;
  /** Stored reports replaced (deleted before the insert of their successor). */
  replaced: number;
  /** Reports not written: a report with the key was stored already or came earlier in the batch, or a later replacing report of the batch superseded it. */
  duplicates: number;
  /** Unknown pseudonyms and dates before the year of birth; when not empty, nothing was written. */
  issues: ReportIssue[];
}

/** Qualified name of the reports table. */
export const REPORTS_TABLE = `${ident(REPORTS_SCHEMA)}.${ident('reports')}`;

const COLUMNS = ['pseudonym', 'date', 'instrument', 'answers', 'scores', 'provenance', 'source', 'replace'] as const;

function keyOf(r: NewReport): string {
  return `${r.pseudonym}\u0000${r.instrument}\u0000${r.date}`;
}

/**
 * Writes reports (see the module documentation) inside the caller's transaction.
 * @returns counts, or the issues of unknown pseudonyms and dates before birth (nothing written then)
 * @example await withTransaction(c, () => writeReports(c, [report]))
 */
export async function writeReports(connection: DuckDBConnection, reports: readonly NewReport[]): Promise<WriteReportsResult> {
  // One report per key within the batch: a replacing report supersedes an earlier one, any other repeat is a duplicate.
  const kept = new Map<string, number>();
  let duplicates = 0;
  const batch: (NewReport | null)[] = [];
  for (const r of reports) {
    const key = keyOf(r);
    const earlier = kept.get(key);
    if (earlier === undefined) {
      kept.set(key, batch.length);
      batch.push(r);
    } else if (r.replace) {
      batch[earlier] = null;
      kept.set(key, batch.length);
      batch.push(r);
      duplicates += 1; // the earlier report of the batch is not written
    } else duplicates += 1;
  }
  const rows = batch.filter((r): r is NewReport => r !== null);
  if (!rows.length) return { loaded: 0, replaced: 0, duplicates, issues: [] };

  const stage = await createStagingTable(connection, COLUMNS);
  try {
    stage.appendColumns([
      rows.map((r) => r.pseudonym),
      rows.map((r) => r.date),
      rows.map((r) => r.instrument),
      rows.map((r) => JSON.stringify(r.answers)),
      rows.map((r) => JSON.stringify(r.scores)),
      rows.map((r) => r.provenance),
      rows.map((r) => r.source),
      rows.map((r) => (r.replace ? '1' : '0')),
    ]);
    stage.finish();
    const s = stage.name;
    const patients = `${ident(RAW_SCHEMA)}.patients`;
    const bad = (
      await connection.runAndReadAll(
        `SELECT s.__row, p.pseudonym IS NULL AS unknown, p.birth_year FROM ${s} AS s LEFT JOIN ${patients} AS p ON p.pseudonym = s.pseudonym ` +
          `WHERE p.pseudonym IS NULL OR year(CAST(s.date AS DATE)) < p.birth_year ORDER BY s.__row`,
      )
    ).getRowsJS();
    if (bad.length) {
      const issues = bad.map((row): ReportIssue => {
        const r = rows[Number(row[0]) - 1]!;
        if (row[1] === true) {
          return {
            file: r.origin.file,
            row: r.origin.row,
            field: r.origin.pseudonym.field,
            pointer: r.origin.pseudonym.pointer,
            message: `unknown pseudonym '${r.pseudonym}': not a patient of the store (import the patient first or in the same import)`,
            value: r.pseudonym,
          };
        }
        return {
          file: r.origin.file,
          row: r.origin.row,
          field: r.origin.date.field,
          pointer: r.origin.date.pointer,
          message: `report date ${r.date} is before the patient's year of birth ${String(row[2])}`,
          value: r.date,
        };
      });
      return { loaded: 0, replaced: 0, duplicates: 0, issues };
    }
    const sameKey = `r.pseudonym = s.pseudonym AND r.instrument = s.instrument AND r.date = CAST(s.date AS DATE)`;
    const replaced = (await connection.run(`DELETE FROM ${REPORTS_TABLE} AS r WHERE EXISTS (SELECT 1 FROM ${s} AS s WHERE s.replace = '1' AND ${sameKey})`)).rowsChanged;
    const loaded = (
      await connection.run(
        `INSERT INTO ${REPORTS_TABLE} (pseudonym, date, instrument, answers, scores, provenance, source) ` +
          `SELECT s.pseudonym, CAST(s.date AS DATE), s.instrument, s.answers, s.scores, s.provenance, s.source FROM ${s} AS s ` +
          `WHERE NOT EXISTS (SELECT 1 FROM ${REPORTS_TABLE} AS r WHERE ${sameKey}) ORDER BY s.__row`,
      )
    ).rowsChanged;
    return { loaded, replaced, duplicates: duplicates + (rows.length - loaded), issues: [] };
  } finally {
    try {
      await connection.run(`DROP TABLE IF EXISTS ${stage.name}`);
    } catch {
      // an aborted transaction refuses the DROP; its rollback removes the TEMP table, and the original error matters
    }
  }
}
