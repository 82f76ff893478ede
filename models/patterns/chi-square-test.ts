/**
 * Pearson's chi-square test of independence on a G x 2 table of counts
 * (rows: groups; columns: sequences with and without a pattern), as R's
 * `chisq.test(x, correct = TRUE)`: expected counts E = row total x column
 * total / N; statistic sum((|x - E| - Y)^2 / E) with Yates' continuity
 * correction Y = min(0.5, |x - E|) on a 2 x 2 table when `correct` (R's
 * default, hence TraMineR `seqecmpgroup`'s), Y = 0 otherwise; df = G - 1;
 * Pearson residuals (x - E) / sqrt(E), uncorrected as R reports them.
 * A table with an empty row or column has no test (statistic and p NaN), as R
 * gives NaN there and TraMineR skips it.
 */
import { pchisq } from '../stats/distributions.js';

/** What {@link chiSquareTest} returns. */
export interface ChiSquareResult {
  statistic: number;
  df: number;
  p: number;
  /** Expected counts, same shape as the table. */
  expected: number[][];
  /** Pearson residuals (x - E) / sqrt(E). */
  residuals: number[][];
}

/**
 * Chi-square test of a G x 2 (or any R x C) table of counts.
 * @param correct Yates' continuity correction on 2 x 2 tables (default true, as R).
 * @example chiSquareTest([[10, 20], [20, 10]], false).statistic // => 6.6667 (R: chisq.test(matrix(c(10, 20, 20, 10), 2), correct = FALSE))
 */
export function chiSquareTest(table: readonly (readonly number[])[], correct = true): ChiSquareResult {
  const R = table.length;
  const C = table[0]?.length ?? 0;
  const rowSum = table.map((r) => r.reduce((a, b) => a + b, 0));
  const colSum = Array.from({ length: C }, (_, j) => table.reduce((a, r) => a + (r[j] as number), 0));
  const N = rowSum.reduce((a, b) => a + b, 0);
  const expected = table.map((_, i) => colSum.map((c) => ((rowSum[i] as number) * c) / N));
  const residuals = table.map((r, i) => r.map((x, j) => (x - expected[i]![j]!) / Math.sqrt(expected[i]![j]!)));
  const df = (R - 1) * (C - 1);
  if (rowSum.some((r) => r === 0) || colSum.some((c) => c === 0)) return { statistic: NaN, df, p: NaN, expected, residuals };
  let yates = 0;
  if (correct && R === 2 && C === 2) {
    yates = 0.5;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) yates = Math.min(yates, Math.abs(table[i]![j]! - expected[i]![j]!));
  }
  let statistic = 0;
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) statistic += (Math.abs(table[i]![j]! - expected[i]![j]!) - yates) ** 2 / expected[i]![j]!;
  return { statistic, df, p: pchisq(statistic, df, false), expected, residuals };
}
