/**
 * The registry of scored instruments and the checks every report's answers
 * pass (pure): known answer codes, integer answers within each item's range,
 * required items present, and enough answers for at least one score.
 */
import { EPIC_26 } from './epic-26.js';
import { EQ_5D_5L } from './eq-5d-5l.js';
import { MSIS_29 } from './msis-29.js';
import { QLQ_C30 } from './qlq-c30.js';
import { INSTRUMENT_IDS, type AnswerIssue, type Answers, type Instrument, type InstrumentId, type Scores } from './types.js';

/** Every instrument by id. */
export const INSTRUMENTS: Readonly<Record<InstrumentId, Instrument>> = Object.freeze({
  'EQ-5D-5L': EQ_5D_5L,
  'QLQ-C30': QLQ_C30,
  'MSIS-29': MSIS_29,
  'EPIC-26': EPIC_26,
});

/** True when `id` names a scored instrument (exact spelling, e.g. `EQ-5D-5L`). */
export function isInstrumentId(id: unknown): id is InstrumentId {
  return typeof id === 'string' && (INSTRUMENT_IDS as readonly string[]).includes(id);
}

/**
 * The analysis code of a score: the instrument's prefix and the score key in upper case.
 * @example scoreCode('EQ-5D-5L', 'index') // => 'EQ5D_INDEX'
 */
export function scoreCode(instrument: InstrumentId, key: string): string {
  return `${INSTRUMENTS[instrument].codePrefix}_${key.toUpperCase()}`;
}

/** Every score code of every instrument, e.g. `EQ5D_INDEX`, `QLQC30_SUMMARY`, `EPIC26_SEXUAL` (docs/pro.md). */
export const SCORE_CODES: readonly { code: string; instrument: InstrumentId; key: string }[] = Object.freeze(
  INSTRUMENT_IDS.flatMap((id) => INSTRUMENTS[id].scoreKeys.map((key) => ({ code: scoreCode(id, key), instrument: id, key }))),
);

/** Result of {@link checkAnswers}: the answers in questionnaire order (missing items left out), their scores (null when there are issues) and the problems found. */
export interface CheckedAnswers {
  answers: Answers;
  scores: Scores | null;
  issues: AnswerIssue[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks raw answers against an instrument (pure): an object whose keys are
 * the instrument's answer codes and whose values are integers within each
 * item's range, or `null` for an item left unanswered; every required item
 * answered; and at least one score computable under the instrument's
 * missing-item rule. Returns the answers in questionnaire order with the
 * issues found (an issue's `code` is the answer code, `null` for the object).
 *
 * @example checkAnswers(EQ_5D_5L, { MO: 1, SC: 1, UA: 1, PD: 1, AD: 6 }).issues[0].code // => 'AD'
 */
export function checkAnswers(instrument: Instrument, raw: unknown): CheckedAnswers {
  const issues: AnswerIssue[] = [];
  if (!isPlainObject(raw)) {
    issues.push({ code: null, message: `answers must be an object of ${instrument.id} answer codes (${instrument.items.map((i) => i.code).join(', ')})`, value: raw });
    return { answers: {}, scores: null, issues };
  }
  const known = new Set(instrument.items.map((i) => i.code));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) issues.push({ code: key, message: `unknown answer code '${key}' for ${instrument.id} (expected ${describeCodes(instrument)})`, value: raw[key] });
  }
  const answers: Record<string, number> = {};
  for (const item of instrument.items) {
    const v = raw[item.code];
    if (v === undefined || v === null) {
      if (item.required) issues.push({ code: item.code, message: `required answer ${item.code} of ${instrument.id} is missing (an integer ${item.min}-${item.max})` });
      continue;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < item.min || v > item.max) {
      issues.push({ code: item.code, message: `answer ${item.code} of ${instrument.id} must be an integer ${item.min}-${item.max}, got ${JSON.stringify(v)}`, value: v });
      continue;
    }
    answers[item.code] = v;
  }
  if (issues.length) return { answers, scores: null, issues };
  const scores = scoreAnswers(instrument.id, answers);
  if (Object.values(scores).every((s) => s === null)) {
    issues.push({ code: null, message: `too few answers: no ${instrument.id} score can be computed from ${Object.keys(answers).length} answered item(s) (missing-item rules in docs/pro.md)` });
    return { answers, scores: null, issues };
  }
  return { answers, scores, issues };
}

function describeCodes(instrument: Instrument): string {
  const codes = instrument.items.map((i) => i.code);
  return codes.length > 8 ? `${codes[0]}, ${codes[1]}, ..., ${codes[codes.length - 1]}` : codes.join(', ');
}

/**
 * Scores valid answers (see {@link checkAnswers}) in the instrument's score-key order.
 * @example scoreAnswers('EQ-5D-5L', { MO: 1, SC: 1, UA: 2, PD: 3, AD: 1, VAS: 70 }) // => { index: 0.855, vas: 70 }
 */
export function scoreAnswers(instrument: InstrumentId, answers: Answers): Scores {
  const def = INSTRUMENTS[instrument];
  const raw = def.score(answers);
  const out: Scores = {};
  for (const key of def.scoreKeys) out[key] = raw[key] ?? null;
  return out;
}
