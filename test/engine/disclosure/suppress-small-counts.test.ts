import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressSmallCounts, suppressSmallCounts1D, type CrossTable } from '../../../engine/disclosure/suppress-small-counts.js';
import { UsageError } from '../../../util/errors.js';

/**
 * Reference check: is a hidden value exactly recoverable from the published
 * ones? Unknowns are the hidden cells of the table extended by its margins;
 * each line gives one linear equation. Cell k is determined iff e_k lies in the
 * row space of the equations (rank does not grow when e_k is appended).
 */
function recoverable(t: CrossTable, hiddenMask: boolean[][]): boolean[] {
  const R = t.rowLabels.length;
  const C = t.columnLabels.length;
  const unknowns: [number, number][] = [];
  for (let i = 0; i <= R; i++) for (let j = 0; j <= C; j++) if (hiddenMask[i]![j]) unknowns.push([i, j]);
  const eqs: number[][] = [];
  for (let i = 0; i <= R; i++) eqs.push(unknowns.map(([a, b]) => (a === i ? (b === C ? -1 : 1) : 0)));
  for (let j = 0; j <= C; j++) eqs.push(unknowns.map(([a, b]) => (b === j ? (a === R ? -1 : 1) : 0)));
  const rank = (m: number[][]): number => {
    const a = m.map((r) => [...r]);
    let r = 0;
    for (let c = 0; c < (a[0]?.length ?? 0) && r < a.length; c++) {
      let p = r;
      while (p < a.length && Math.abs(a[p]![c]!) < 1e-9) p++;
      if (p === a.length) continue;
      [a[r], a[p]] = [a[p]!, a[r]!];
      for (let q = 0; q < a.length; q++) if (q !== r) {
        const f = a[q]![c]! / a[r]![c]!;
        for (let k = c; k < a[q]!.length; k++) a[q]![k]! -= f * a[r]![k]!;
      }
      r++;
    }
    return r;
  };
  const base = rank(eqs);
  return unknowns.map((_, k) => rank([...eqs, unknowns.map((__, l) => (l === k ? 1 : 0))]) === base);
}

function mask(t: CrossTable, s: ReturnType<typeof suppressSmallCounts>): boolean[][] {
  const R = t.rowLabels.length;
  const C = t.columnLabels.length;
  return Array.from({ length: R + 1 }, (_, i) =>
    Array.from({ length: C + 1 }, (_, j) => (i < R ? (j < C ? s.counts[i]![j] === null : s.rowTotals[i] === null) : j < C ? s.columnTotals[j] === null : s.total === null)),
  );
}

describe('suppressSmallCounts', () => {
  it('hides a cell of 3 and its complements so that the totals do not reveal it', () => {
    const t: CrossTable = { rowLabels: ['ER+', 'ER-'], columnLabels: ['relapse', 'none'], counts: [[3, 10], [12, 20]] };
    const s = suppressSmallCounts(t);
    expect(s.counts).toEqual([[null, null], [null, null]]);
    expect(s.rowTotals).toEqual([13, 32]);
    expect(s.columnTotals).toEqual([15, 30]);
    expect(s.total).toBe(45);
    expect(s.suppressed[0]).toEqual({ row: 0, column: 0, kind: 'primary' });
    expect(s.suppressed.slice(1).every((c) => c.kind === 'complementary')).toBe(true);
    expect(recoverable(t, mask(t, s)).some(Boolean)).toBe(false);
  });

  it('picks the smallest complement in a larger table and leaves other cells visible', () => {
    const t: CrossTable = { rowLabels: ['a', 'b', 'c'], columnLabels: ['x', 'y', 'z'], counts: [[2, 50, 40], [30, 60, 70], [25, 80, 90]] };
    const s = suppressSmallCounts(t, { threshold: 5 });
    expect(s.counts[0]![0]).toBeNull();
    expect(s.counts[0]![2]).toBeNull(); // 40 < 50: smallest in row a
    expect(s.counts[2]![0]).toBeNull(); // 25 < 30: smallest in column x
    expect(s.counts[2]![2]).toBeNull(); // closes the cycle: smallest of row c
    expect(s.counts[1]).toEqual([30, 60, 70]);
    expect(recoverable(t, mask(t, s)).some(Boolean)).toBe(false);
  });

  it('shows zeros, hides small totals, validates input, and does not mutate it', () => {
    const counts = Object.freeze([Object.freeze([0, 2]), Object.freeze([0, 1])]);
    const t: CrossTable = { rowLabels: ['a', 'b'], columnLabels: ['x', 'y'], counts };
    const s = suppressSmallCounts(t);
    expect(s.columnTotals[1]).toBeNull(); // 3
    expect(s.total).toBeNull();
    expect(s.counts[0]![0]).toBe(0);
    expect(() => suppressSmallCounts({ rowLabels: ['a'], columnLabels: ['x'], counts: [[-1]] })).toThrow(UsageError);
    expect(() => suppressSmallCounts({ rowLabels: ['a'], columnLabels: ['x', 'y'], counts: [[1]] })).toThrow(UsageError);
    expect(() => suppressSmallCounts(t, { threshold: 0 })).toThrow(UsageError);
  });

  it('one-way tables: the small count and the next smallest are hidden, the total is kept', () => {
    expect(suppressSmallCounts1D([3, 40, 12])).toEqual({ counts: [null, 40, null], total: 55 });
    expect(suppressSmallCounts1D([30, 40, 12])).toEqual({ counts: [30, 40, 12], total: 82 });
  });

  it('property: every small count is hidden and no hidden value is exactly recoverable', () => {
    const table = fc.integer({ min: 1, max: 4 }).chain((R) =>
      fc.integer({ min: 1, max: 4 }).chain((C) => fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 60 })), { minLength: C, maxLength: C }), { minLength: R, maxLength: R })),
    );
    fc.assert(
      fc.property(table, fc.integer({ min: 2, max: 6 }), (counts, threshold) => {
        const t: CrossTable = { rowLabels: counts.map((_, i) => `r${i}`), columnLabels: counts[0]!.map((_, j) => `c${j}`), counts };
        const s = suppressSmallCounts(t, { threshold });
        counts.forEach((row, i) => row.forEach((v, j) => {
          if (v > 0 && v < threshold) expect(s.counts[i]![j]).toBeNull();
          if (s.counts[i]![j] !== null) expect(s.counts[i]![j]).toBe(v);
        }));
        expect(s.warnings).toEqual([]);
        expect(recoverable(t, mask(t, s)).some(Boolean)).toBe(false);
      }),
      { numRuns: 300, seed: 20250601 },
    );
  });
});
