/**
 * Types shared by the patient-reported outcome instruments (one instrument per
 * file in this folder; definitions and sources in docs/pro.md). The engine
 * ships scoring and answer codes only: the item texts are licensed by their
 * owners and supplied by the deploying site.
 */

/** The instruments the engine scores, by the id used in reports and in the store. */
export const INSTRUMENT_IDS = ['EQ-5D-5L', 'QLQ-C30', 'MSIS-29', 'EPIC-26'] as const;
export type InstrumentId = (typeof INSTRUMENT_IDS)[number];

/** Answers of one report by answer code (docs/pro.md), answered items only: a missing item is absent. */
export type Answers = Readonly<Record<string, number>>;

/** Scores of one report by score key; `null` where the missing-item rule leaves a score undefined. */
export type Scores = Record<string, number | null>;

/** One answer code of an instrument and the integer answers it takes. */
export interface AnswerItem {
  /** Answer code, e.g. `MO`, `q12`, `q4a` (also the FHIR `linkId`). */
  code: string;
  /** Smallest and largest allowed answer (integers, inclusive). */
  min: number;
  max: number;
  /** Must be answered for any report of the instrument (EQ-5D-5L's five dimensions). Default false. */
  required?: boolean;
}

/** An instrument: its answer codes, its score keys and its scoring function. */
export interface Instrument {
  id: InstrumentId;
  /** Prefix of the instrument's score codes in analyses (`EQ5D` -> `EQ5D_INDEX`; docs/pro.md). */
  codePrefix: string;
  /** Published source of the scoring. */
  reference: string;
  /** Answer codes in questionnaire order (the stored answers keep this order). */
  items: readonly AnswerItem[];
  /** Score keys in output order. */
  scoreKeys: readonly string[];
  /**
   * Scores of valid answers (every present code known, every value an integer
   * in range): pure, never throws. A score whose items are too incomplete
   * under the instrument's missing-item rule is `null`.
   */
  score(answers: Answers): Scores;
}

/** A problem with the answers of a report: the answer code at fault (`null`: the answers as a whole) and what is wrong. */
export interface AnswerIssue {
  code: string | null;
  message: string;
  /** The offending value, when there is one. */
  value?: unknown;
}
