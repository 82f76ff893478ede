import { describe, expect, it } from 'vitest';
import { lastIndexAtOrBefore } from '../../util/step-index.js';

describe('lastIndexAtOrBefore', () => {
  const grid = [0, 30, 60, 60, 90];
  it('finds the last element <= t, the last of ties, and -1 below the first', () => {
    expect(lastIndexAtOrBefore(grid, 0)).toBe(0);
    expect(lastIndexAtOrBefore(grid, 29.9)).toBe(0);
    expect(lastIndexAtOrBefore(grid, 30)).toBe(1);
    expect(lastIndexAtOrBefore(grid, 60)).toBe(3);
    expect(lastIndexAtOrBefore(grid, 1e9)).toBe(4);
    expect(lastIndexAtOrBefore(grid, -1)).toBe(-1);
    expect(lastIndexAtOrBefore(grid, Number.NaN)).toBe(-1);
    expect(lastIndexAtOrBefore([], 5)).toBe(-1);
  });
  it('searches only the first `end` elements when asked', () => {
    expect(lastIndexAtOrBefore(grid, 1e9, 3)).toBe(2);
    expect(lastIndexAtOrBefore(grid, 1e9, 0)).toBe(-1);
  });
  it('agrees with a linear scan on random sorted arrays', () => {
    let x = 7;
    const next = (): number => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let r = 0; r < 50; r++) {
      const a = Float64Array.from({ length: 1 + Math.floor(next() * 30) }, () => Math.floor(next() * 20)).sort();
      for (let t = -2; t < 23; t += 0.5) {
        let want = -1;
        for (let i = 0; i < a.length; i++) if (a[i]! <= t) want = i;
        expect(lastIndexAtOrBefore(a, t)).toBe(want);
      }
    }
  });
});
