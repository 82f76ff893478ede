/**
 * Which relapses are follow-up relapses: the one rule behind every relapse
 * count of the MS outcomes (crude and per-window ARR, the counts of the ARR
 * models, NEDA-3, the response features, `midia ms outcomes`, `ms compare`,
 * the demo). Definition: docs/ms-outcomes.md "Follow-up relapses".
 *
 * A window of follow-up runs from its index date (the day follow-up starts:
 * onset or diagnosis for a patient, the start of a therapy episode) to its
 * last day, and its relapses are those with
 *
 *     index < onset <= end         (default)
 *     index <= onset <= end        (includeIndexRelapses: true)
 *
 * A relapse on or before the index date is not a follow-up relapse: in a
 * registry the index relapse is the onset or diagnosis relapse (detail
 * `onset`), which defines the start of follow-up rather than happening
 * during it, and a relapse on the day a therapy starts happened before the
 * drug could act. Follow-up time is `end - index` days, so the relapse count
 * and the exposure cover the same half-open interval `(index, end]`, and
 * consecutive windows of one patient tile without gap or overlap when each
 * starts on the day the previous one ends.
 */

/** Default of `includeIndexRelapses`: a relapse on the index date is not a follow-up relapse. */
export const INCLUDE_INDEX_RELAPSES_DEFAULT = false;

/** The option every relapse-counting function of models/ms takes. */
export interface FollowUpRelapseOptions {
  /** Also count a relapse on the index (window start) date (default false: {@link INCLUDE_INDEX_RELAPSES_DEFAULT}). */
  includeIndexRelapses?: boolean;
}

/**
 * Whether a relapse onset (day number) is a follow-up relapse of the window `[indexDay, endDay]`.
 * @param includeIndexRelapses count a relapse on the index date too (default false).
 * @example isFollowUpRelapse(100, 100, 465) // => false (the onset relapse on the index date)
 * @example isFollowUpRelapse(101, 100, 465) // => true
 */
export function isFollowUpRelapse(relapseDay: number, indexDay: number, endDay: number, includeIndexRelapses = INCLUDE_INDEX_RELAPSES_DEFAULT): boolean {
  return (includeIndexRelapses ? relapseDay >= indexDay : relapseDay > indexDay) && relapseDay <= endDay;
}

/**
 * Number of follow-up relapses ({@link isFollowUpRelapse}) among relapse onsets given as day numbers.
 * @example countFollowUpRelapses([100, 200, 500], 100, 465) // => 1
 */
export function countFollowUpRelapses(relapseDays: readonly number[], indexDay: number, endDay: number, includeIndexRelapses = INCLUDE_INDEX_RELAPSES_DEFAULT): number {
  let n = 0;
  for (const d of relapseDays) if (isFollowUpRelapse(d, indexDay, endDay, includeIndexRelapses)) n++;
  return n;
}
