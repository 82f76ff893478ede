/**
 * MSIS-29, the Multiple Sclerosis Impact Scale (version 1): physical and
 * psychological impact, each 0-100 (higher = more impact).
 *
 * Source: Hobart J, Lamping D, Fitzpatrick R, Riazi A, Thompson A. The
 * Multiple Sclerosis Impact Scale (MSIS-29): a new patient-based outcome
 * measure. Brain 2001;124:962-973. Items 1-20 form the physical scale, items
 * 21-29 the psychological scale, each answered 1 (not at all) to 5
 * (extremely). A scale score is its item sum transformed to 0-100:
 * 100 x (sum - min) / (max - min), i.e. (sum - 20) / 80 and (sum - 9) / 36.
 *
 * Missing items (the rule used here, docs/pro.md): a scale is scored when at
 * least half of its items are answered (10 of 20, 5 of 9); each missing item
 * counts as the mean of the answered items of the same scale (the person-mean
 * imputation the authors describe for up to 50 % missing items); with more
 * missing it is null. (Verify against the licensed MSIS-29 user manual.)
 *
 * Answer codes `q1`..`q29`; score keys `physical`, `psychological`.
 */
import type { AnswerItem, Answers, Instrument, Scores } from './types.js';

/** The two MSIS-29 scales and their items (item numbers). */
export const MSIS_29_SCALES: readonly { key: 'physical' | 'psychological'; items: readonly number[] }[] = Object.freeze([
  { key: 'physical', items: Array.from({ length: 20 }, (_, i) => i + 1) },
  { key: 'psychological', items: Array.from({ length: 9 }, (_, i) => i + 21) },
]);

/**
 * Score of one MSIS-29 scale (0-100), or null with fewer than half of its items answered.
 * @example msisScaleScore(MSIS_29_SCALES[1].items, { q21: 1, q22: 1, q23: 1, q24: 1, q25: 1, q26: 1, q27: 1, q28: 1, q29: 5 }) // => 11.11...
 */
export function msisScaleScore(items: readonly number[], answers: Answers): number | null {
  let sum = 0;
  let answered = 0;
  for (const i of items) {
    const v = answers[`q${i}`];
    if (v === undefined) continue;
    sum += v;
    answered += 1;
  }
  if (answered * 2 < items.length) return null;
  const n = items.length;
  const total = (sum / answered) * n; // missing items at the mean of the answered ones
  return (100 * (total - n)) / (4 * n);
}

function scoreMsis29(answers: Answers): Scores {
  const out: Scores = {};
  for (const s of MSIS_29_SCALES) out[s.key] = msisScaleScore(s.items, answers);
  return out;
}

const ITEMS: readonly AnswerItem[] = Object.freeze(Array.from({ length: 29 }, (_, i) => ({ code: `q${i + 1}`, min: 1, max: 5 })));

/** MSIS-29 version 1. */
export const MSIS_29: Instrument = Object.freeze({
  id: 'MSIS-29',
  codePrefix: 'MSIS29',
  reference: 'Hobart J, Lamping D, Fitzpatrick R, Riazi A, Thompson A. The Multiple Sclerosis Impact Scale (MSIS-29). Brain 2001;124:962-973',
  items: ITEMS,
  scoreKeys: Object.freeze(['physical', 'psychological']),
  score: scoreMsis29,
});
