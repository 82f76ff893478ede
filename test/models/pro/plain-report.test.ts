import { describe, expect, it } from 'vitest';
import { checkAnswers, INSTRUMENTS, scoreCode, SCORE_CODES } from '../../../models/pro/instruments.js';
import { dateProblem, isCalendarDate, parsePlainReport, scorePlainReport } from '../../../models/pro/plain-report.js';
import { jsonPointer, ReportValidationError } from '../../../models/pro/report-error.js';
import { DataValidationError } from '../../../util/errors.js';

const EXAMPLE = { instrument: 'EQ-5D-5L', date: '2026-05-01', answers: { MO: 1, SC: 1, UA: 2, PD: 3, AD: 1, VAS: 70 } };

function rejection(body: unknown, ctx = {}): ReportValidationError {
  try {
    parsePlainReport(body, ctx);
  } catch (error) {
    expect(error).toBeInstanceOf(ReportValidationError);
    expect(error).toBeInstanceOf(DataValidationError);
    return error as ReportValidationError;
  }
  throw new Error(`accepted: ${JSON.stringify(body)}`);
}

const pointers = (e: ReportValidationError): string[] => e.issues.map((i) => i.pointer);

describe('the plain report form', () => {
  it('scores the example of the contract: EQ-5D-5L 11231, VAS 70 -> index 0.855, vas 70', () => {
    const input = Object.freeze({ ...EXAMPLE, answers: Object.freeze({ ...EXAMPLE.answers }) });
    const r = scorePlainReport(input);
    expect(r).toEqual({ instrument: 'EQ-5D-5L', date: '2026-05-01', answers: EXAMPLE.answers, scores: { index: 0.855, vas: 70 } });
    expect(input.answers).toEqual(EXAMPLE.answers); // not mutated (frozen input did not throw)
  });

  it('keeps the answers in questionnaire order and drops explicit nulls (unanswered items)', () => {
    const r = parsePlainReport({ instrument: 'MSIS-29', date: '2026-05-01', answers: { q29: 2, q1: 3, q2: null, q3: 1, q4: 1, q5: 1, q6: 1, q7: 1, q8: 1, q9: 1, q10: 1, q11: 1 } });
    expect(Object.keys(r.answers)).toEqual(['q1', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9', 'q10', 'q11', 'q29']);
  });

  it('rejects out-of-range, non-integer, wrongly typed and unknown answers, each with its JSON Pointer', () => {
    const e = rejection({ ...EXAMPLE, answers: { MO: 6, SC: 1.5, UA: '2', PD: 3, AD: 1, VAS: 101, XX: 1 } });
    expect(pointers(e).sort()).toEqual(['/answers/MO', '/answers/SC', '/answers/UA', '/answers/VAS', '/answers/XX'].sort());
    const mo = e.issues.find((i) => i.pointer === '/answers/MO')!;
    expect(mo.message).toContain('integer 1-5, got 6');
    expect(mo.value).toBe(6);
    expect(mo.field).toBe('/answers/MO');
    expect(mo.file).toBe('<report>');
    expect(e.message).toContain('/answers/');
  });

  it('rejects incomplete answers: a missing EQ-5D dimension, and answers that allow no score at all', () => {
    expect(pointers(rejection({ ...EXAMPLE, answers: { MO: 1, SC: 1, UA: 1, PD: 1, VAS: 80 } }))).toEqual(['/answers/AD']);
    const e = rejection({ instrument: 'QLQ-C30', date: '2026-05-01', answers: { q1: 1 } });
    expect(pointers(e)).toEqual(['/answers']);
    expect(e.issues[0]!.message).toContain('too few answers');
    expect(pointers(rejection({ instrument: 'EPIC-26', date: '2026-05-01', answers: {} }))).toEqual(['/answers']);
    expect(pointers(rejection({ instrument: 'EQ-5D-5L', date: '2026-05-01', answers: [1, 1, 1, 1, 1] }))).toEqual(['/answers']);
  });

  it('rejects an unknown or missing instrument at /instrument, a bad date at /date, unknown fields at their pointer, all at once', () => {
    const e = rejection({ instrument: 'SF-36', date: '2026-02-30', answers: {}, patient: 'Max Mustermann' });
    expect(pointers(e).sort()).toEqual(['/date', '/instrument', '/patient']);
    expect(e.issues.find((i) => i.pointer === '/instrument')!.message).toContain('unknown instrument "SF-36": one of EQ-5D-5L, QLQ-C30, MSIS-29, EPIC-26');
    expect(pointers(rejection({ date: '2026-05-01', answers: {} }))).toEqual(['/instrument']);
    expect(pointers(rejection({ ...EXAMPLE, date: undefined }))).toEqual(['/date']);
    expect(pointers(rejection(null))).toEqual(['']);
    expect(pointers(rejection('EQ-5D-5L'))).toEqual(['']);
  });

  it('checks the date range it is given (future dates, dates before the earliest)', () => {
    expect(pointers(rejection(EXAMPLE, { latestDate: '2026-04-30' }))).toEqual(['/date']);
    expect(pointers(rejection({ ...EXAMPLE, date: '1899-12-31' }, { earliestDate: '1900-01-01' }))).toEqual(['/date']);
    expect(parsePlainReport(EXAMPLE, { latestDate: '2026-05-01', earliestDate: '1900-01-01' }).date).toBe('2026-05-01');
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(dateProblem('2026-5-1', {})).toContain('not a valid ISO calendar date');
  });

  it('names the source and record in issues when given (a file of reports)', () => {
    const e = rejection({ ...EXAMPLE, answers: { ...EXAMPLE.answers, PD: 0 } }, { file: 'reports.json', row: 7 });
    expect(e.issues[0]).toMatchObject({ file: 'reports.json', row: 7, field: '/answers/PD', pointer: '/answers/PD' });
    expect(e.message).toContain('reports.json, row 7');
  });

  it('escapes JSON Pointer tokens (RFC 6901)', () => {
    expect(jsonPointer('answers', 'a/b~c')).toBe('/answers/a~1b~0c');
    const e = rejection({ ...EXAMPLE, 'odd/key': 1 });
    expect(pointers(e)).toEqual(['/odd~1key']);
  });
});

describe('score codes for analyses', () => {
  it('are the instrument prefix and the score key in upper case, unique over all instruments', () => {
    expect(scoreCode('EQ-5D-5L', 'index')).toBe('EQ5D_INDEX');
    expect(scoreCode('QLQ-C30', 'summary')).toBe('QLQC30_SUMMARY');
    expect(scoreCode('EPIC-26', 'urinary_incontinence')).toBe('EPIC26_URINARY_INCONTINENCE');
    const codes = SCORE_CODES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toHaveLength(2 + 16 + 2 + 5);
  });

  it('checkAnswers names the bad code and leaves the input alone', () => {
    const raw = Object.freeze({ MO: 1, SC: 1, UA: 1, PD: 1, AD: 6 });
    const r = checkAnswers(INSTRUMENTS['EQ-5D-5L'], raw);
    expect(r.issues.map((i) => i.code)).toEqual(['AD']);
  });
});
