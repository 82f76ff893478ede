/**
 * Disclosure rules shared by the MS analyses (docs/access-levels.md): the
 * threshold of a run (the study's minimum cell count, which `minCell` may only
 * raise), small counts, tables with complementary suppression
 * (engine/disclosure/suppress-small-counts.ts), and warnings that would name
 * a patient.
 */
import { suppressSmallCounts, suppressSmallCounts1D } from '../../engine/disclosure/suppress-small-counts.js';
import { UsageError } from '../../util/errors.js';

/**
 * The disclosure threshold of a run: `minCell` when given, which may only
 * raise the study's minimum cell count (default: the study's).
 * @throws {UsageError} for a non-integer `minCell` or one below the study's.
 * @example runThreshold(10, 5) // => 10
 */
export function runThreshold(minCell: number | undefined, studyThreshold: number): number {
  if (minCell === undefined) return studyThreshold;
  if (!(Number.isInteger(minCell) && minCell >= 1)) throw new UsageError(`minCell must be a positive whole number, got ${minCell}`);
  if (minCell < studyThreshold) throw new UsageError(`minCell ${minCell} is below the study's minimum cell count ${studyThreshold} (it may only be raised)`);
  return minCell;
}

/**
 * A count shown when 0 or at least the threshold, else null.
 * @example smallCount(3, 5) // => null
 */
export function smallCount(n: number, threshold: number): number | null {
  return n === 0 || n >= threshold ? n : null;
}

/**
 * Counts with small ones suppressed and, where one hidden count would follow
 * from the total, complementary suppression (suppressSmallCounts1D).
 * @example suppressed([3, 20, 12], 5) // => [null, 20, null]
 */
export function suppressed(counts: readonly number[], threshold: number): (number | null)[] {
  return suppressSmallCounts1D(counts, { threshold }).counts;
}

/** A labelled 1D table of counts with small counts suppressed. */
export function disclosedCounts(labels: readonly string[], counts: readonly number[], threshold: number): { label: string; count: number | null }[] {
  const s = suppressed(counts, threshold);
  return labels.map((label, i) => ({ label, count: s[i] ?? null }));
}

/** Counts of each value, largest first (ties by label). */
export function tally(values: readonly string[]): { labels: string[]; counts: number[] } {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  const entries = [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { labels: entries.map((e) => e[0]), counts: entries.map((e) => e[1]) };
}

/**
 * Small-cell suppression of a groups x categories table whose margins may be
 * public (e.g. the category totals of the whole cohort, published by other
 * analyses): engine/disclosure suppressSmallCounts with complementary
 * suppression across groups and categories. A group whose total
 * (`rowTotalKnown`) is published is hidden whole when the algorithm had to
 * hide its total, so that nothing relies on a total that is in fact known.
 * @param counts one row per group, one column per category.
 * @param rowTotalKnown per row: its total is published elsewhere (default all false).
 * @example suppressTable([[3, 20], [10, 12]], 5) // => [[null, null], [null, null]] (column totals protect the 3)
 */
export function suppressTable(counts: readonly (readonly number[])[], threshold: number, rowTotalKnown: readonly boolean[] = []): (number | null)[][] {
  const first = counts[0];
  if (first === undefined) return [];
  const t = suppressSmallCounts({ rowLabels: counts.map((_, i) => String(i)), columnLabels: first.map((_, j) => String(j)), counts }, { threshold });
  return t.counts.map((row, i) => (rowTotalKnown[i] && t.rowTotals[i] === null ? row.map(() => null) : row));
}

/** True for a model warning about one patient (`patient P-...: ...`, models/ms/cdw.ts). */
export function isPatientWarning(w: string): boolean {
  return w.startsWith('patient ');
}

/**
 * Warnings of an aggregate output: those naming a patient are replaced by
 * their number (they would reveal a pseudonym and its records).
 * @example aggregateWarnings(['patient P-1: 2 same-day visit(s); the last one listed kept', 'x']) // => ['x', '1 patient-level warning(s) (not shown: individual data)']
 */
export function aggregateWarnings(warnings: readonly string[]): string[] {
  const patient = warnings.filter(isPatientWarning).length;
  const rest = warnings.filter((w) => !isPatientWarning(w));
  return patient > 0 ? [...rest, `${patient} patient-level warning(s) (not shown: individual data)`] : rest;
}
