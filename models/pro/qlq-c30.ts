/**
 * EORTC QLQ-C30 version 3.0 scale scores and the summary score.
 *
 * Scoring: Fayers PM, Aaronson NK, Bjordal K, Groenvold M, Curran D,
 * Bottomley A, on behalf of the EORTC Quality of Life Group. The EORTC QLQ-C30
 * Scoring Manual (3rd edition). EORTC, Brussels 2001. For each scale the raw
 * score RS is the mean of its items (range of the items: 3 for items 1-28
 * coded 1-4, 6 for items 29-30 coded 1-7); then
 * - functional scales (PF2, RF2, EF, CF, SF): S = (1 - (RS - 1) / range) x 100;
 * - symptom scales and single items (FA, NV, PA, DY, SL, AP, CO, DI, FI) and
 *   global health status (QL2): S = ((RS - 1) / range) x 100.
 * Missing items (the manual's "half" rule): a scale is scored from the items
 * answered when at least half of its items are answered (RS is their mean);
 * otherwise, and for a single-item scale whose item is missing, it is missing.
 *
 * Summary score: Giesinger JM, Kieffer JM, Fayers PM, et al. Replication and
 * validation of higher order models demonstrated that a summary score for the
 * EORTC QLQ-C30 is robust. J Clin Epidemiol 2016;69:79-88: the mean of the 13
 * scales PF2, RF2, EF, CF, SF and 100 minus each of FA, NV, PA, DY, SL, AP, CO,
 * DI (QL2 and FI are not part of it), computed only when all 13 are available
 * (the EORTC's instructions for the summary score).
 *
 * Answer codes `q1`..`q30` (item numbers of the questionnaire); score keys are
 * the manual's scale abbreviations in lower case plus `summary` (docs/pro.md).
 */
import type { AnswerItem, Answers, Instrument, Scores } from './types.js';

/** How a scale's raw score is transformed (scoring manual, section 2). */
export type QlqScaleKind = 'functional' | 'symptom' | 'global';

/** One scale of the QLQ-C30: its items (item numbers) and kind. */
export interface QlqScale {
  /** Score key (the manual's abbreviation in lower case). */
  key: string;
  /** The manual's abbreviation, e.g. `PF2`. */
  abbreviation: string;
  kind: QlqScaleKind;
  items: readonly number[];
}

/** The 15 scales in the manual's order (Table 1 of the scoring manual). */
export const QLQ_C30_SCALES: readonly QlqScale[] = Object.freeze([
  { key: 'ql2', abbreviation: 'QL2', kind: 'global', items: [29, 30] },
  { key: 'pf2', abbreviation: 'PF2', kind: 'functional', items: [1, 2, 3, 4, 5] },
  { key: 'rf2', abbreviation: 'RF2', kind: 'functional', items: [6, 7] },
  { key: 'ef', abbreviation: 'EF', kind: 'functional', items: [21, 22, 23, 24] },
  { key: 'cf', abbreviation: 'CF', kind: 'functional', items: [20, 25] },
  { key: 'sf', abbreviation: 'SF', kind: 'functional', items: [26, 27] },
  { key: 'fa', abbreviation: 'FA', kind: 'symptom', items: [10, 12, 18] },
  { key: 'nv', abbreviation: 'NV', kind: 'symptom', items: [14, 15] },
  { key: 'pa', abbreviation: 'PA', kind: 'symptom', items: [9, 19] },
  { key: 'dy', abbreviation: 'DY', kind: 'symptom', items: [8] },
  { key: 'sl', abbreviation: 'SL', kind: 'symptom', items: [11] },
  { key: 'ap', abbreviation: 'AP', kind: 'symptom', items: [13] },
  { key: 'co', abbreviation: 'CO', kind: 'symptom', items: [16] },
  { key: 'di', abbreviation: 'DI', kind: 'symptom', items: [17] },
  { key: 'fi', abbreviation: 'FI', kind: 'symptom', items: [28] },
]);

/** Scales of the summary score (Giesinger et al. 2016); symptom scales enter as 100 minus the score. */
export const QLQ_C30_SUMMARY_SCALES: readonly string[] = Object.freeze(['pf2', 'rf2', 'ef', 'cf', 'sf', 'fa', 'nv', 'pa', 'dy', 'sl', 'ap', 'co', 'di']);

/** Range of an item's answers: 6 for the global items 29 and 30 (1-7), 3 for the others (1-4). */
function itemRange(item: number): number {
  return item >= 29 ? 6 : 3;
}

/**
 * Score of one scale from its answered items (the half rule), or null.
 * @example qlqScaleScore(QLQ_C30_SCALES[1], { q1: 1, q2: 2, q3: 1, q4: 1, q5: 1 }) // => 93.33... (PF2)
 */
export function qlqScaleScore(scale: QlqScale, answers: Answers): number | null {
  const values: number[] = [];
  for (const i of scale.items) {
    const v = answers[`q${i}`];
    if (v !== undefined) values.push(v);
  }
  if (values.length * 2 < scale.items.length) return null;
  const rs = values.reduce((a, b) => a + b, 0) / values.length;
  const range = itemRange(scale.items[0]!);
  return scale.kind === 'functional' ? (1 - (rs - 1) / range) * 100 : ((rs - 1) / range) * 100;
}

/** The summary score from the 15 scale scores, or null when one of its 13 scales is missing. */
export function qlqSummaryScore(scales: Readonly<Record<string, number | null>>): number | null {
  let sum = 0;
  for (const key of QLQ_C30_SUMMARY_SCALES) {
    const s = scales[key];
    if (s === null || s === undefined) return null;
    const kind = QLQ_C30_SCALES.find((x) => x.key === key)!.kind;
    sum += kind === 'symptom' ? 100 - s : s;
  }
  return sum / QLQ_C30_SUMMARY_SCALES.length;
}

function scoreQlqC30(answers: Answers): Scores {
  const out: Scores = {};
  for (const scale of QLQ_C30_SCALES) out[scale.key] = qlqScaleScore(scale, answers);
  out['summary'] = qlqSummaryScore(out);
  return out;
}

const ITEMS: readonly AnswerItem[] = Object.freeze(Array.from({ length: 30 }, (_, i) => ({ code: `q${i + 1}`, min: 1, max: i + 1 >= 29 ? 7 : 4 })));

/** EORTC QLQ-C30 version 3.0. */
export const QLQ_C30: Instrument = Object.freeze({
  id: 'QLQ-C30',
  codePrefix: 'QLQC30',
  reference:
    'Fayers PM et al. The EORTC QLQ-C30 Scoring Manual, 3rd ed. EORTC, Brussels 2001; summary score: Giesinger JM et al. J Clin Epidemiol 2016;69:79-88',
  items: ITEMS,
  scoreKeys: Object.freeze([...QLQ_C30_SCALES.map((s) => s.key), 'summary']),
  score: scoreQlqC30,
});
