/**
 * Prediction warnings of a study result as counts: a per-patient warning
 * such as "age 99 outside the training range 24-80" names one patient's value,
 * so a study result says how many rows had a covariate outside the training
 * range instead ("12 rows with age outside the training range 24-80"), and a
 * count below the study's minimum cell count is hidden ("fewer than 5 rows
 * with ..."). Rules: docs/risk-models.md.
 */
import { isSmallCount } from '../core/missing-data.js';

const OUTSIDE = /^(.*) (\S+) outside the training range (.*)$/;

/**
 * The warnings of the evaluated rows, as disclosed counts (in order of first appearance).
 * @example discloseRowWarnings([['age 99 outside the training range 24-80'], []], 5) // => ['fewer than 5 rows with age outside the training range 24-80']
 */
export function discloseRowWarnings(rowWarnings: readonly (readonly string[])[], threshold: number): string[] {
  const counts = new Map<string, number>();
  for (const ws of rowWarnings) {
    const keys = new Set(
      ws.map((w) => {
        const m = OUTSIDE.exec(w);
        return m ? `with ${m[1]} outside the training range ${m[3]}` : `with the warning: ${w}`;
      }),
    );
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([what, k]) => (isSmallCount(k, threshold) ? `fewer than ${threshold} rows ${what}` : `${k} row${k === 1 ? '' : 's'} ${what}`));
}
