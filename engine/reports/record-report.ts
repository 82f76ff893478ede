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
import { ReportValidationError } from '../../models/pro/report-error.js';
import type { Scores, InstrumentId } from '../../models/pro/types.js';
import { StoreError, UsageError } from '../../util/errors.js';
import { UnknownPseudonymError } from '../consent/errors.js';
import { importDay } from '../import/context.js';
import { latestDate } from '../import/validate-sql.js';
import { PLAUSIBILITY, REPORT_PROVENANCE_VALUES, type ReportRecord } from '../schema.js';
import type { CohortStore } from '../store.js';
import { exclusive } from '../store-internal.js';
import { withTransaction } from '../store-sql.js';
import { writeReports } from './write-reports.js';

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
