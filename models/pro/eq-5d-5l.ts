/**
 * EQ-5D-5L index with the German value set and the EQ VAS.
 *
 * Value set: Ludwig K, Graf von der Schulenburg J-M, Greiner W. German value
 * set for the EQ-5D-5L. PharmacoEconomics 2018;36:663-674. The index of a
 * health state is 1 minus the sum of one decrement per dimension and level
 * (level 1 = no problems: decrement 0); no constant, no interaction term. The
 * decrements below reproduce the published index of every one of the 3,125
 * states, from 1 (11111) to -0.661 (55555); they were checked against the
 * value-set table of the EuroQol group's eq5dsuite value sets (EQ-5D-5L/DE.csv)
 * and the anchor states are tested in test/models/pro/eq-5d-5l.test.ts.
 * Arithmetic runs in thousandths (integers), so indices are exact to the three
 * published decimals.
 *
 * Answer codes (docs/pro.md): `MO` mobility, `SC` self-care, `UA` usual
 * activities, `PD` pain/discomfort, `AD` anxiety/depression, each 1 (no
 * problems) to 5 (extreme problems / unable to), all five required (EuroQol
 * gives no imputation rule for a missing dimension); `VAS` 0 (worst imaginable
 * health) to 100 (best), optional. Score keys: `index`, `vas` (null when the
 * VAS was not answered).
 */
import type { Answers, Instrument, Scores } from './types.js';

/** The five EQ-5D dimensions in questionnaire order. */
export const EQ5D_DIMENSIONS = ['MO', 'SC', 'UA', 'PD', 'AD'] as const;
export type Eq5dDimension = (typeof EQ5D_DIMENSIONS)[number];

/** A health state: the level (1-5) of each dimension. */
export type Eq5dState = Readonly<Record<Eq5dDimension, number>>;

/**
 * German decrements in thousandths for levels 2, 3, 4, 5 of each dimension
 * (Ludwig et al. 2018, Table 3; level 1 has none).
 */
export const EQ5D5L_GERMANY_DECREMENTS: Readonly<Record<Eq5dDimension, readonly [number, number, number, number]>> = Object.freeze({
  MO: [26, 42, 139, 224],
  SC: [50, 56, 169, 260],
  UA: [36, 49, 129, 209],
  PD: [57, 109, 404, 612],
  AD: [30, 82, 224, 356],
});

function checkLevel(dimension: string, level: number): void {
  if (!Number.isInteger(level) || level < 1 || level > 5) throw new RangeError(`EQ-5D-5L level of ${dimension} must be an integer 1-5, got ${level}`);
}

/**
 * EQ-5D-5L index of a health state with the German value set (Ludwig et al. 2018).
 *
 * @param state level 1-5 of MO, SC, UA, PD, AD
 * @returns the index, from -0.661 (55555) to 1 (11111), exact to three decimals
 * @throws RangeError for a level that is not an integer 1-5
 * @example eq5d5lIndexGermany({ MO: 1, SC: 1, UA: 2, PD: 3, AD: 1 }) // => 0.855
 */
export function eq5d5lIndexGermany(state: Eq5dState): number {
  let thousandths = 1000;
  for (const d of EQ5D_DIMENSIONS) {
    const level = state[d];
    checkLevel(d, level);
    if (level > 1) thousandths -= EQ5D5L_GERMANY_DECREMENTS[d][level - 2]!;
  }
  return thousandths / 1000;
}

/**
 * The 5-digit profile of a state, e.g. `12345` (the form value sets are tabulated by).
 * @example eq5dProfile({ MO: 1, SC: 2, UA: 3, PD: 4, AD: 5 }) // => '12345'
 */
export function eq5dProfile(state: Eq5dState): string {
  return EQ5D_DIMENSIONS.map((d) => String(state[d])).join('');
}

/** Scores of valid EQ-5D-5L answers: `index` (German value set) and `vas`. */
function scoreEq5d5l(answers: Answers): Scores {
  const state = {} as Record<Eq5dDimension, number>;
  for (const d of EQ5D_DIMENSIONS) {
    const level = answers[d];
    if (level === undefined) return { index: null, vas: answers['VAS'] ?? null };
    state[d] = level;
  }
  return { index: eq5d5lIndexGermany(state), vas: answers['VAS'] ?? null };
}

/** EQ-5D-5L (EuroQol Group) with the German value set. */
export const EQ_5D_5L: Instrument = Object.freeze({
  id: 'EQ-5D-5L',
  codePrefix: 'EQ5D',
  reference: 'Ludwig K, Graf von der Schulenburg J-M, Greiner W. German value set for the EQ-5D-5L. PharmacoEconomics 2018;36:663-674',
  items: Object.freeze([
    ...EQ5D_DIMENSIONS.map((code) => ({ code, min: 1, max: 5, required: true })),
    { code: 'VAS', min: 0, max: 100 },
  ]),
  scoreKeys: Object.freeze(['index', 'vas']),
  score: scoreEq5d5l,
});
