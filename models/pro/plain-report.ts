/**
 * The plain form of a patient-reported outcome and its scoring (pure):
 *
 *   {"instrument": "EQ-5D-5L", "date": "2026-05-01", "answers": {"MO": 1, "SC": 1, "UA": 2, "PD": 3, "AD": 1, "VAS": 70}}
 *
 * -> {"instrument": "EQ-5D-5L", "date": "2026-05-01", "scores": {"index": 0.855, "vas": 70}}
 *
 * Every problem is reported at once, each with the JSON Pointer of the
 * offending value (`/instrument`, `/date`, `/answers`, `/answers/MO`, or `/x`
 * for an unknown field), in a {@link ReportValidationError}. Instruments,
 * answer codes and score keys: docs/pro.md.
 */
import { checkAnswers, INSTRUMENTS, isInstrumentId, scoreAnswers } from './instruments.js';
import { jsonPointer, ReportValidationError, type ReportIssue } from './report-error.js';
import { INSTRUMENT_IDS, type AnswerIssue, type Answers, type InstrumentId, type Scores } from './types.js';

/** A report in the plain form, checked. */
export interface PlainReport {
  instrument: InstrumentId;
  /** Day the patient answered, ISO `YYYY-MM-DD`. */
  date: string;
  /** Answers in questionnaire order; unanswered items left out. */
  answers: Answers;
}

/** A checked report with its scores (the output form is `{instrument, date, scores}`). */
export interface ScoredReport extends PlainReport {
  scores: Scores;
}

/** Where a report comes from, for its issues, and the dates it may carry. */
export interface ReportContext {
  /** File (or source) named in issues. Default `<report>`. */
  file?: string;
  /** Record number named in issues (1-based). Default 1. */
  row?: number;
  /** Earliest accepted date, ISO. Default none. */
  earliestDate?: string;
  /** Latest accepted date, ISO (e.g. today plus a day). Default none. */
  latestDate?: string;
}

/** Fields of the plain form. */
export const PLAIN_REPORT_FIELDS = ['instrument', 'date', 'answers'] as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True for an ISO calendar date `YYYY-MM-DD` that exists (2024-02-29 yes, 2023-02-29 no).
 * @example isCalendarDate('2026-05-01') // => true
 */
export function isCalendarDate(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/**
 * The problems of a report date, if any (pure): not an ISO calendar date, or outside `[earliestDate, latestDate]`.
 * @example dateProblem('2026-02-30', {}) // => "'2026-02-30' is not a valid ISO calendar date YYYY-MM-DD"
 */
export function dateProblem(date: unknown, ctx: Pick<ReportContext, 'earliestDate' | 'latestDate'>): string | null {
  if (date === undefined || date === null) return 'required: the day the patient answered, YYYY-MM-DD';
  if (!isCalendarDate(date)) return `${JSON.stringify(date)} is not a valid ISO calendar date YYYY-MM-DD`;
  if (ctx.earliestDate !== undefined && date < ctx.earliestDate) return `${date} is before ${ctx.earliestDate}`;
  if (ctx.latestDate !== undefined && date > ctx.latestDate) return `${date} is in the future (after ${ctx.latestDate})`;
  return null;
}

/** A report issue at a pointer, with the context's file and row. */
export function reportIssue(ctx: ReportContext, pointer: string, message: string, value?: unknown): ReportIssue {
  const issue: ReportIssue = { file: ctx.file ?? '<report>', row: ctx.row ?? 1, field: pointer === '' ? null : pointer, pointer, message };
  if (value !== undefined) issue.value = value;
  return issue;
}

/** Answer issues as report issues under a pointer prefix (`/answers` for the plain form). */
export function answerIssues(ctx: ReportContext, issues: readonly AnswerIssue[], pointerOf: (code: string | null) => string): ReportIssue[] {
  return issues.map((i) => reportIssue(ctx, pointerOf(i.code), i.message, i.value));
}

/**
 * Checks a report in the plain form (see the module documentation) and scores it.
 *
 * @param body the parsed JSON document
 * @param ctx file and row for issues, accepted date range
 * @throws ReportValidationError listing every problem with its JSON Pointer; an unknown instrument is named at `/instrument`
 * @example parsePlainReport({ instrument: 'MSIS-29', date: '2026-05-01', answers: { q1: 2, q2: 2, q3: 2, q4: 2, q5: 2, q6: 2, q7: 2, q8: 2, q9: 2, q10: 2 } }).scores // => { physical: 25, psychological: null }
 */
export function parsePlainReport(body: unknown, ctx: ReportContext = {}): ScoredReport {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ReportValidationError([reportIssue(ctx, '', 'a report must be a JSON object {"instrument", "date", "answers"}', body)]);
  }
  const doc = body as Record<string, unknown>;
  const issues: ReportIssue[] = [];
  for (const key of Object.keys(doc)) {
    if (!(PLAIN_REPORT_FIELDS as readonly string[]).includes(key)) issues.push(reportIssue(ctx, jsonPointer(key), `unknown field '${key}' (a report has ${PLAIN_REPORT_FIELDS.join(', ')})`));
  }
  const instrument = doc['instrument'];
  if (!isInstrumentId(instrument)) {
    const message = instrument === undefined ? 'required' : `unknown instrument ${JSON.stringify(instrument)}`;
    issues.push(reportIssue(ctx, '/instrument', `${message}: one of ${INSTRUMENT_IDS.join(', ')}`, instrument));
  }
  const problem = dateProblem(doc['date'], ctx);
  if (problem !== null) issues.push(reportIssue(ctx, '/date', problem, doc['date']));
  let answers: Answers = {};
  let scores: Scores | null = null;
  if (isInstrumentId(instrument)) {
    if (doc['answers'] === undefined) issues.push(reportIssue(ctx, '/answers', `required: the ${instrument} answers by answer code`));
    else {
      const checked = checkAnswers(INSTRUMENTS[instrument], doc['answers']);
      issues.push(...answerIssues(ctx, checked.issues, (code) => (code === null ? '/answers' : jsonPointer('answers', code))));
      answers = checked.answers;
      scores = checked.scores;
    }
  }
  if (issues.length) throw new ReportValidationError(issues);
  return { instrument: instrument as InstrumentId, date: doc['date'] as string, answers, scores: scores ?? scoreAnswers(instrument as InstrumentId, answers) };
}

/**
 * Checks and scores a report in the plain form.
 *
 * @throws ReportValidationError as {@link parsePlainReport}
 * @example scorePlainReport({ instrument: 'EQ-5D-5L', date: '2026-05-01', answers: { MO: 1, SC: 1, UA: 2, PD: 3, AD: 1, VAS: 70 } }).scores // => { index: 0.855, vas: 70 }
 */
export function scorePlainReport(body: unknown, ctx: ReportContext = {}): ScoredReport {
  return parsePlainReport(body, ctx);
}
