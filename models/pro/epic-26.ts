/**
 * EPIC-26, the Expanded Prostate Cancer Index Composite short form: five
 * domain scores 0-100 (higher = better function, less bother).
 *
 * Source: Szymanski KM, Wei JT, Dunn RL, Sanda MG. Development and validation
 * of an abbreviated version of the Expanded Prostate Cancer Index Composite
 * instrument for measuring health-related quality of life among prostate
 * cancer survivors. Urology 2010;76:1245-1250, and the EPIC-26 scoring
 * instructions of its authors (University of Michigan): every answer is first
 * recoded to 0-100 (the table below), and a domain score is the mean of the
 * recoded items of the domain.
 *
 * | domain (score key) | items |
 * | --- | --- |
 * | urinary incontinence (`urinary_incontinence`) | 1, 2, 3, 4a |
 * | urinary irritative/obstructive (`urinary_irritative`) | 4b, 4c, 4d, 4e |
 * | bowel (`bowel`) | 6a, 6b, 6c, 6d, 6e, 7 |
 * | sexual (`sexual`) | 8a, 8b, 9, 10, 11, 12 |
 * | hormonal/vitality (`hormonal`) | 13a, 13b, 13c, 13d, 13e |
 *
 * Item 5 (overall urinary bother) belongs to no domain of EPIC-26; it is
 * validated and stored with the answers. Recoding by answer code (the codes
 * printed on the form as documented in docs/pro.md; verify against the
 * licensed form): 1 and 10 and the ratings 8a, 8b, 11: 1..5 -> 0, 25, 50, 75,
 * 100; 2 and 9: 1..4 -> 0, 33, 67, 100; 3 (pads per day): 0..3 -> 100, 67, 33,
 * 0; the problem grids 4a-e, 6a-e, 13a-e: 0..4 -> 100, 75, 50, 25, 0; the
 * overall problem items 5, 7, 12: 1..5 -> 100, 75, 50, 25, 0.
 *
 * Missing items (the authors' rule for EPIC domains): a domain is scored when
 * at least 80 % of its items are answered (all 4 of the urinary domains, 5 of
 * 6 for bowel and sexual, 4 of 5 for hormonal), from the mean of the answered
 * items; otherwise it is null.
 *
 * Answer codes `q1`, `q2`, `q3`, `q4a`..`q4e`, `q5`, `q6a`..`q6e`, `q7`, `q8a`,
 * `q8b`, `q9`..`q12`, `q13a`..`q13e` (the item numbers).
 */
import type { AnswerItem, Answers, Instrument, Scores } from './types.js';

/** An EPIC-26 item: its answer code, allowed codes and the 0-100 value of each code. */
export interface EpicItem extends AnswerItem {
  /** Recoded value of each answer code `min..max`, in order. */
  values: readonly number[];
}

const LIKERT5_UP = [0, 25, 50, 75, 100] as const; // 1..5, better upwards
const FOUR_UP = [0, 33, 67, 100] as const; // 1..4
const PADS = [100, 67, 33, 0] as const; // 0..3
const PROBLEM_GRID = [100, 75, 50, 25, 0] as const; // 0..4
const OVERALL_PROBLEM = [100, 75, 50, 25, 0] as const; // 1..5

function item(code: string, min: number, values: readonly number[]): EpicItem {
  return { code, min, max: min + values.length - 1, values };
}
const grid = (n: number, letters: string): EpicItem[] => [...letters].map((l) => item(`q${n}${l}`, 0, PROBLEM_GRID));

/** The 26 items in questionnaire order. */
export const EPIC_26_ITEMS: readonly EpicItem[] = Object.freeze([
  item('q1', 1, LIKERT5_UP),
  item('q2', 1, FOUR_UP),
  item('q3', 0, PADS),
  ...grid(4, 'abcde'),
  item('q5', 1, OVERALL_PROBLEM),
  ...grid(6, 'abcde'),
  item('q7', 1, OVERALL_PROBLEM),
  item('q8a', 1, LIKERT5_UP),
  item('q8b', 1, LIKERT5_UP),
  item('q9', 1, FOUR_UP),
  item('q10', 1, LIKERT5_UP),
  item('q11', 1, LIKERT5_UP),
  item('q12', 1, OVERALL_PROBLEM),
  ...grid(13, 'abcde'),
]);

/** The five domains and their items (answer codes). */
export const EPIC_26_DOMAINS: readonly { key: string; items: readonly string[] }[] = Object.freeze([
  { key: 'urinary_incontinence', items: ['q1', 'q2', 'q3', 'q4a'] },
  { key: 'urinary_irritative', items: ['q4b', 'q4c', 'q4d', 'q4e'] },
  { key: 'bowel', items: ['q6a', 'q6b', 'q6c', 'q6d', 'q6e', 'q7'] },
  { key: 'sexual', items: ['q8a', 'q8b', 'q9', 'q10', 'q11', 'q12'] },
  { key: 'hormonal', items: ['q13a', 'q13b', 'q13c', 'q13d', 'q13e'] },
]);

/** Share of a domain's items that must be answered for its score. */
export const EPIC_26_MIN_ANSWERED = 0.8;

const BY_CODE = new Map(EPIC_26_ITEMS.map((i) => [i.code, i]));

/**
 * The 0-100 value of one answer.
 * @throws RangeError for an unknown item or an answer outside its codes
 * @example epicItemValue('q3', 1) // => 67 (one pad per day)
 */
export function epicItemValue(code: string, answer: number): number {
  const it = BY_CODE.get(code);
  if (!it) throw new RangeError(`unknown EPIC-26 item ${code}`);
  const v = it.values[answer - it.min];
  if (!Number.isInteger(answer) || v === undefined) throw new RangeError(`EPIC-26 ${code} answer must be an integer ${it.min}-${it.max}, got ${answer}`);
  return v;
}

/**
 * Score of one domain: the mean of its answered items' values, or null when fewer than 80 % are answered.
 * @example epicDomainScore(['q1', 'q2', 'q3', 'q4a'], { q1: 5, q2: 4, q3: 0, q4a: 0 }) // => 100
 */
export function epicDomainScore(items: readonly string[], answers: Answers): number | null {
  let sum = 0;
  let answered = 0;
  for (const code of items) {
    const a = answers[code];
    if (a === undefined) continue;
    sum += epicItemValue(code, a);
    answered += 1;
  }
  if (answered < EPIC_26_MIN_ANSWERED * items.length - 1e-9) return null;
  return sum / answered;
}

function scoreEpic26(answers: Answers): Scores {
  const out: Scores = {};
  for (const d of EPIC_26_DOMAINS) out[d.key] = epicDomainScore(d.items, answers);
  return out;
}

/** EPIC-26 (Szymanski et al. 2010). */
export const EPIC_26: Instrument = Object.freeze({
  id: 'EPIC-26',
  codePrefix: 'EPIC26',
  reference: 'Szymanski KM, Wei JT, Dunn RL, Sanda MG. Urology 2010;76:1245-1250, with the EPIC-26 scoring instructions',
  items: EPIC_26_ITEMS.map(({ code, min, max }) => ({ code, min, max })),
  scoreKeys: Object.freeze(EPIC_26_DOMAINS.map((d) => d.key)),
  score: scoreEpic26,
});
