/**
 * Recording one patient-reported outcome, as the portal's `POST /v1/me/reports`
 * will (issue "Portal service", docs/pro.md): the plain form is checked and
 * scored (models/pro), the date held to the plausibility rules of imports
 * (from 1900 to today plus one day, not before the patient's year of birth),
 * and the report stored with its provenance in one transaction, replacing a
 * report of the same instrument on the same day. Nothing is written when
 * anything is wrong.
 */
import { scorePlainReport, type ReportContext } from '../../models/pro/plain-report.js';
import { ReportValidationError, type ReportIssue } from '../../models/pro/report-error.js';
import type { Scores, InstrumentId } from '../../models/pro/types.js';
import { StoreError, UsageError } from '../../util/errors.js';
import { UnknownPseudonymError } from '../consent/errors.js';
import { importDay } from '../import/context.js';
import { latestDate } from '../import/validate-sql.js';
import { PLAUSIBILITY, REPORT_PROVENANCE_VALUES, type ReportRecord } from '../schema.js';
import type { CohortStore } from '../store.js';
import { exclusive } from '../store-internal.js';
import { withTransaction } from '../store-sql.js';
import { writeReports, type NewReport } from './write-reports.js';

/** Options of {@link recordReport}. */
export interface RecordReportOptions {
  /** Who answered (default `patient`). */
  provenance?: ReportRecord['provenance'];
  /** Providing system written to `source` (default none), e.g. `portal`. */
  source?: string;
  /** The day the date rules count from (`YYYY-MM-DD` or a Date). Default: today (UTC). */
  today?: string | Date;
  /** Name of the submitted document in issues (default `<report>`). */
  file?: string;
}

/** What {@link recordReport} stored: the contract's `{instrument, date, scores}` and whether it replaced a report. */
export interface RecordedReport {
  instrument: InstrumentId;
  date: string;
  scores: Scores;
  /** True when a report of the same instrument on the same day was replaced. */
  replaced: boolean;
}

/** The date range of reports on a given day: the import's plausibility rules (engine/schema.ts `PLAUSIBILITY`). */
export function reportDateRange(today: string | Date | undefined): Required<Pick<ReportContext, 'earliestDate' | 'latestDate'>> {
  return { earliestDate: PLAUSIBILITY.earliestDate, latestDate: latestDate({ today: importDay(today), pseudonyms: null }) };
}

/**
 * Checks, scores and stores one report in the plain form for a patient
 * (`{"instrument", "date", "answers"}`, docs/pro.md), replacing a stored
 * report of the same instrument on the same day.
 *
 * @param pseudonym the patient (the portal takes it from the token, never from the document)
 * @param body the parsed JSON document
 * @throws ReportValidationError with JSON Pointers (`/answers/MO`, `/date`, `/instrument`, ...);
 *   UnknownPseudonymError for a pseudonym without patient; UsageError for bad options; StoreError for a read-only store
 * @example await recordReport(store, 'P-0123456789', { instrument: 'EQ-5D-5L', date: '2026-05-01', answers: { MO: 1, SC: 1, UA: 2, PD: 3, AD: 1, VAS: 70 } }) // => { instrument: 'EQ-5D-5L', date: '2026-05-01', scores: { index: 0.855, vas: 70 }, replaced: false }
 */
export async function recordReport(store: CohortStore, pseudonym: string, body: unknown, options: RecordReportOptions = {}): Promise<RecordedReport> {
  if (typeof pseudonym !== 'string' || pseudonym.trim() === '') throw new UsageError('recordReport needs the pseudonym of the patient');
  const provenance = options.provenance ?? 'patient';
  if (!(REPORT_PROVENANCE_VALUES as readonly string[]).includes(provenance)) throw new UsageError(`provenance must be one of ${REPORT_PROVENANCE_VALUES.join(', ')}, got '${provenance}'`);
  if (store.readOnly) throw new StoreError(`store ${store.path} is opened read-only: the report cannot be recorded`);
  const file = options.file ?? '<report>';
  const report = scorePlainReport(body, { file, ...reportDateRange(options.today) });
  const result = await exclusive(store, (c) =>
    withTransaction(c, async () => {
      const r = await writeReports(c, [
        {
          pseudonym: pseudonym.trim(),
          instrument: report.instrument,
          date: report.date,
          answers: report.answers,
          scores: report.scores,
          provenance,
          source: options.source ?? null,
          replace: true,
          origin: { file, row: 1, pseudonym: { field: null, pointer: '' }, date: { field: '/date', pointer: '/date' } },
        },
      ]);
      if (r.issues.some((i) => i.pointer === '')) throw new UnknownPseudonymError(pseudonym.trim(), store.path);
      if (r.issues.length) throw new ReportValidationError(r.issues);
      return r;
    }),
  );
  return { instrument: report.instrument, date: report.date, scores: report.scores, replaced: result.replaced > 0 };
}

/** A report for {@link importReports}: the plain form with its patient and, optionally, who answered (other fields, such as scores, are ignored: the engine scores). */
export interface ReportToImport {
  pseudonym: string;
  instrument: unknown;
  date: unknown;
  answers: unknown;
  provenance?: ReportRecord['provenance'];
}

/** What {@link importReports} did. */
export interface ImportedReports {
  /** Reports written. */
  loaded: number;
  /** Reports skipped: one of the same patient, instrument and day was stored already or came earlier. */
  duplicates: number;
}

/**
 * Imports in-process reports (e.g. the synthetic cohort's) in one transaction,
 * all or nothing: each is checked and scored like the plain form (issues name
 * file `<memory>` and row `i + 1` for `reports[i]`, with the JSON Pointer into
 * the report), dated within the plausibility rules, and stored for a patient of
 * the store; a report of the same patient, instrument and day as a stored one
 * is skipped and counted (the import rule; a portal submission replaces
 * instead, {@link recordReport}).
 *
 * @throws ReportValidationError listing every rejected report (unknown pseudonyms at `/pseudonym`); StoreError for a read-only store
 * @example await importReports(store, generateCohortReports(cohort), { source: 'synthetic' })
 */
export async function importReports(store: CohortStore, reports: readonly ReportToImport[], options: Omit<RecordReportOptions, 'provenance' | 'file'> = {}): Promise<ImportedReports> {
  if (store.readOnly) throw new StoreError(`store ${store.path} is opened read-only: reports cannot be imported`);
  const file = '<memory>';
  const range = reportDateRange(options.today);
  const issues: ReportIssue[] = [];
  const rows: NewReport[] = [];
  reports.forEach((r, i) => {
    const row = i + 1;
    const { pseudonym, provenance } = r;
    const plain = { instrument: r.instrument, date: r.date, answers: r.answers }; // given scores, if any, are recomputed
    try {
      if (typeof pseudonym !== 'string' || pseudonym.trim() === '') {
        issues.push({ file, row, field: '/pseudonym', pointer: '/pseudonym', message: 'required: the pseudonym of the patient', value: pseudonym });
        return;
      }
      if (provenance !== undefined && !(REPORT_PROVENANCE_VALUES as readonly string[]).includes(provenance)) {
        issues.push({ file, row, field: '/provenance', pointer: '/provenance', message: `provenance must be one of ${REPORT_PROVENANCE_VALUES.join(', ')}`, value: provenance });
        return;
      }
      const scored = scorePlainReport(plain, { file, row, ...range });
      rows.push({
        pseudonym: pseudonym.trim(),
        instrument: scored.instrument,
        date: scored.date,
        answers: scored.answers,
        scores: scored.scores,
        provenance: provenance ?? 'patient',
        source: options.source ?? null,
        replace: false,
        origin: { file, row, pseudonym: { field: '/pseudonym', pointer: '/pseudonym' }, date: { field: '/date', pointer: '/date' } },
      });
    } catch (error) {
      if (error instanceof ReportValidationError) issues.push(...error.issues);
      else throw error;
    }
  });
  if (issues.length) throw new ReportValidationError(issues);
  return exclusive(store, (c) =>
    withTransaction(c, async () => {
      const written = await writeReports(c, rows);
      if (written.issues.length) throw new ReportValidationError(written.issues);
      return { loaded: written.loaded, duplicates: written.duplicates };
    }),
  );
}
