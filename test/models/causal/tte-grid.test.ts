import { describe, expect, it } from 'vitest';
import { intervalGrid, intervalOf, MONTH_DAYS } from '../../../models/causal/tte-grid.js';
import { UsageError } from '../../../util/errors.js';

describe('intervalGrid', () => {
  it('puts the end of the grace period among the boundaries', () => {
    expect(Array.from(intervalGrid({ intervalDays: 30, graceDays: 45, endDays: 100 }).boundaries)).toEqual([0, 30, 45, 60, 90, 120]);
    const g = intervalGrid({ intervalDays: 30, graceDays: 45, endDays: 100 });
    expect(g.boundaries[g.graceIntervals]).toBe(45);
    expect(intervalGrid({ intervalDays: 30, graceDays: 90, endDays: 360 }).graceIntervals).toBe(3);
  });

  it('defaults to months and covers the horizon', () => {
    const g = intervalGrid({ graceDays: 180, endDays: 1826 });
    expect(g.intervalDays).toBe(MONTH_DAYS);
    expect(g.boundaries[g.boundaries.length - 1]!).toBeGreaterThanOrEqual(1826);
    expect(g.boundaries.length - 1).toBe(61);
  });

  it('refuses bad options naming the value', () => {
    expect(() => intervalGrid({ intervalDays: 0, graceDays: 10, endDays: 100 })).toThrow(UsageError);
    expect(() => intervalGrid({ graceDays: -1, endDays: 100 })).toThrow(/-1/);
    expect(() => intervalGrid({ graceDays: 10, endDays: Number.NaN })).toThrow(/horizon/);
    expect(() => intervalGrid({ intervalDays: 0.001, graceDays: 10, endDays: 36500 })).toThrow(/intervals/);
  });
});

describe('intervalOf', () => {
  const g = intervalGrid({ intervalDays: 30, graceDays: 45, endDays: 100 });
  it('gives the 1-based interval (b_{k-1}, b_k], with time 0 in the first', () => {
    expect([0, 1, 30, 30.5, 45, 46, 60, 120].map((t) => intervalOf(g, t))).toEqual([1, 1, 1, 2, 2, 3, 3, 5]);
    expect(intervalOf(g, -3)).toBe(1);
    expect(intervalOf(g, 121)).toBe(6);
  });
});
