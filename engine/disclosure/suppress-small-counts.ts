/**
 * Small-cell suppression of cross-tabulations (statistical disclosure control).
 *
 * Primary suppression: every cell, row total, column total or grand total with
 * `0 < count < threshold` is hidden (zeros are shown: an empty cell reveals no
 * person). Default threshold 5 (OHDSI CohortMethod; DataSHIELD uses 3 to 5;
 * see docs/access-levels.md, "Minimum cell counts").
 *
 * Complementary suppression, so that no hidden value can be recomputed from
 * the published totals. The table is extended by its margins to an
 * (R+1) x (C+1) table in which every line (row or column) sums to zero when the
 * total is counted negative; a hidden value is exactly recoverable from the
 * published ones iff, in the graph whose vertices are the lines and whose
 * edges are the hidden cells, its edge lies on no cycle (linear algebra of
 * edge flows with known vertex sums: the undetermined part is the cycle space).
 * The algorithm repeats two steps until neither changes anything:
 * 1. a line with exactly one hidden cell gets a second: preferably one whose
 *    crossing line also has exactly one hidden cell (protecting both), then the
 *    smallest non-zero inner cell, the smallest inner zero, the smallest total;
 * 2. a hidden cell on no cycle (a bridge (r, c) of the graph) gets one closed
 *    around it: the smallest unhidden cell joining a row on c's side to a column
 *    on r's side (inner cells preferred).
 * This is a greedy heuristic (Cox 1980, "Suppression methodology and
 * statistical disclosure control", JASA 75:377, gives the line rule); it does
 * not minimise the information lost, and it protects against exact recovery
 * only: interval bounds from non-negativity can still be narrow.
 */
import { UsageError } from '../../util/errors.js';

/**
 * Default minimum cell count: 5 (OHDSI CohortMethod; DataSHIELD 3-5; docs/access-levels.md, "Minimum cell counts").
 */
export const DEFAULT_THRESHOLD = 5;

/** A two-way table of counts. */
export interface CrossTable {
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  /** counts[i][j]: non-negative integers, one row per row label. */
  counts: readonly (readonly number[])[];
}

/** Options of {@link suppressSmallCounts}. */
export interface SuppressOptions {
  /** Smallest count that may be shown (counts `0 < n < threshold` are hidden). Default {@link DEFAULT_THRESHOLD}. */
  threshold?: number;
}

/** Where a hidden value is: an inner cell, a row total, a column total or the grand total. */
export interface SuppressedCell {
  /** Row index, or `'total'` for the column-totals line. */
  row: number | 'total';
  /** Column index, or `'total'` for the row-totals column. */
  column: number | 'total';
  /** `primary` (a small count) or `complementary` (hidden to protect a small one). */
  kind: 'primary' | 'complementary';
}

/** A table after suppression: hidden values are `null`. */
export interface SuppressedTable {
  rowLabels: string[];
  columnLabels: string[];
  counts: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  total: number | null;
  /** Every hidden value, primary first, in the order chosen. */
  suppressed: SuppressedCell[];
  threshold: number;
  warnings: string[];
}

/** Validates a threshold (one place): a positive integer. */
export function checkThreshold(threshold: number | undefined): number {
  const t = threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isInteger(t) || t < 1) throw new UsageError(`threshold must be a positive integer, got ${t}`);
  return t;
}

/**
 * Hides small counts of a cross-tabulation and enough other cells that none
 * of them can be recomputed from the row, column and grand totals.
 *
 * @param table row labels, column labels, counts (non-negative integers)
 * @param options `threshold` (default 5)
 * @throws UsageError for ragged or negative counts or a bad threshold.
 * @example suppressSmallCounts({ rowLabels: ['a', 'b'], columnLabels: ['x', 'y'], counts: [[3, 10], [12, 20]] }).counts // => [[null, null], [null, null]]
 */
export function suppressSmallCounts(table: CrossTable, options: SuppressOptions = {}): SuppressedTable {
  const threshold = checkThreshold(options.threshold);
  const R = table.rowLabels.length;
  const C = table.columnLabels.length;
  if (table.counts.length !== R) throw new UsageError(`counts has ${table.counts.length} rows, expected ${R}`);
  table.counts.forEach((row, i) => {
    if (row.length !== C) throw new UsageError(`counts row ${i} has ${row.length} cells, expected ${C}`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v) || v < 0) throw new UsageError(`counts[${i}][${j}] must be a non-negative number, got ${v}`);
    });
  });
  // Augmented table: row R holds column totals, column C row totals, [R][C] the grand total.
  const A: number[][] = Array.from({ length: R + 1 }, () => new Array<number>(C + 1).fill(0));
  for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) {
    const v = table.counts[i]![j]!;
    A[i]![j] = v;
    A[i]![C]! += v;
    A[R]![j]! += v;
    A[R]![C]! += v;
  }
  const hidden: boolean[][] = A.map((r) => r.map(() => false));
  const order: SuppressedCell[] = [];
  const label = (i: number): SuppressedCell['row'] => (i === R ? 'total' : i);
  const hide = (i: number, j: number, kind: SuppressedCell['kind']) => {
    if (hidden[i]![j]) return;
    hidden[i]![j] = true;
    order.push({ row: label(i), column: j === C ? 'total' : j, kind });
  };
  for (let i = 0; i <= R; i++) for (let j = 0; j <= C; j++) {
    const v = A[i]![j]!;
    if (v > 0 && v < threshold) hide(i, j, 'primary');
  }
  const warnings: string[] = [];
  const isMargin = (i: number, j: number) => i === R || j === C;
  const hiddenInRow = (i: number) => hidden[i]!.reduce((n, h) => n + (h ? 1 : 0), 0);
  const hiddenInCol = (j: number) => hidden.reduce((n, r) => n + (r[j] ? 1 : 0), 0);
  // Preference: a cell whose other line also has exactly one hidden cell (it
  // protects both lines at once), then inner non-zero, inner zero, margins;
  // smallest value first within each class.
  const rank = (i: number, j: number, along: 'row' | 'column' | 'any'): [number, number, number] => {
    const cross = along === 'row' ? hiddenInCol(j) === 1 : along === 'column' ? hiddenInRow(i) === 1 : false;
    return [cross ? 0 : 1, isMargin(i, j) ? 2 : A[i]![j]! > 0 ? 0 : 1, A[i]![j]!];
  };
  const better = (a: [number, number, number], b: [number, number, number]) => a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])));
  const pick = (cands: [number, number][], along: 'row' | 'column' | 'any' = 'any'): [number, number] | null => {
    let best: [number, number] | null = null;
    let bestRank: [number, number, number] = [Infinity, Infinity, Infinity];
    for (const [i, j] of cands) {
      if (hidden[i]![j]) continue;
      const r = rank(i, j, along);
      if (better(r, bestRank)) {
        best = [i, j];
        bestRank = r;
      }
    }
    return best;
  };

  // One cell per call, so that every choice sees the cells hidden before it.
  const lineRule = (): boolean => {
    for (let i = 0; i <= R; i++) {
      if (hiddenInRow(i) !== 1) continue;
      const p = pick(Array.from({ length: C + 1 }, (_, j): [number, number] => [i, j]), 'row');
      if (p) {
        hide(p[0], p[1], 'complementary');
        return true;
      }
    }
    for (let j = 0; j <= C; j++) {
      if (hiddenInCol(j) !== 1) continue;
      const p = pick(Array.from({ length: R + 1 }, (_, i): [number, number] => [i, j]), 'column');
      if (p) {
        hide(p[0], p[1], 'complementary');
        return true;
      }
    }
    return false;
  };

  // Graph: vertices 0..R are rows, R+1..R+1+C are columns; edges are hidden cells.
  const reach = (start: number, skip: [number, number]): Set<number> => {
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length) {
      const v = stack.pop()!;
      if (v <= R) {
        for (let j = 0; j <= C; j++) if (hidden[v]![j] && !(v === skip[0] && j === skip[1]) && !seen.has(R + 1 + j)) {
          seen.add(R + 1 + j);
          stack.push(R + 1 + j);
        }
      } else {
        const j = v - R - 1;
        for (let i = 0; i <= R; i++) if (hidden[i]![j] && !(i === skip[0] && j === skip[1]) && !seen.has(i)) {
          seen.add(i);
          stack.push(i);
        }
      }
    }
    return seen;
  };
  const bridgeRule = (): boolean => {
    for (let i = 0; i <= R; i++) for (let j = 0; j <= C; j++) {
      if (!hidden[i]![j]) continue;
      const sideOfRow = reach(i, [i, j]);
      if (sideOfRow.has(R + 1 + j)) continue; // on a cycle
      const sideOfCol = reach(R + 1 + j, [i, j]);
      const cands: [number, number][] = [];
      for (const v of sideOfCol) if (v <= R) for (const w of sideOfRow) if (w > R) cands.push([v, w - R - 1]);
      const p = pick(cands);
      if (p) {
        hide(p[0], p[1], 'complementary');
        return true;
      }
      warnings.push(`could not protect hidden cell (${label(i)}, ${j === C ? 'total' : j}) by a cycle: no candidate cell`);
      return false;
    }
    return false;
  };

  let guard = 0;
  const limit = (R + 1) * (C + 1) + 1;
  for (;;) {
    if (guard++ > limit) break; // every pass hides a cell or stops: at most one pass per cell
    if (lineRule()) continue;
    if (bridgeRule()) continue;
    break;
  }

  const show = (i: number, j: number): number | null => (hidden[i]![j] ? null : A[i]![j]!);
  return {
    rowLabels: [...table.rowLabels],
    columnLabels: [...table.columnLabels],
    counts: Array.from({ length: R }, (_, i) => Array.from({ length: C }, (_, j) => show(i, j))),
    rowTotals: Array.from({ length: R }, (_, i) => show(i, C)),
    columnTotals: Array.from({ length: C }, (_, j) => show(R, j)),
    total: show(R, C),
    suppressed: order,
    threshold,
    warnings,
  };
}

/**
 * Small-cell suppression of a one-way frequency table with a published total
 * (e.g. patients per diagnosis): counts `0 < n < threshold` are hidden, and
 * when exactly one is hidden, the next smallest non-zero count too (else the
 * total would reveal it); a small total is hidden.
 *
 * @example suppressSmallCounts1D([3, 40, 12]) // => { counts: [null, 40, null], total: 55 }
 */
export function suppressSmallCounts1D(counts: readonly number[], options: SuppressOptions = {}): { counts: (number | null)[]; total: number | null } {
  const t = suppressSmallCounts({ rowLabels: counts.map((_, i) => String(i)), columnLabels: ['n'], counts: counts.map((c) => [c]) }, options);
  return { counts: t.counts.map((r) => r[0] ?? null), total: t.total };
}
