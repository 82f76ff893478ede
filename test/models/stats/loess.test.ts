/** Local linear smoother: hand-checkable cases. */
import { describe, expect, it } from 'vitest';
import { localLinearSmooth } from '../../../models/stats/loess.js';
import { UsageError } from '../../../util/errors.js';

describe('localLinearSmooth', () => {
  it('reproduces a straight line exactly, with zero SE', () => {
    const x = [5, 1, 3, 2, 4, 6, 7, 8];
    const y = x.map((v) => 2 * v - 1);
    const s = localLinearSmooth(x, y, { points: 8 });
    expect(s.x).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    s.fit.forEach((f, i) => expect(f).toBeCloseTo(2 * s.x[i]! - 1, 12));
    s.se.forEach((e) => expect(e).toBeLessThan(1e-8));
    expect(s.n).toBe(8);
  });

  it('span 1 on 3 symmetric points gives the weighted LS line; NaN pairs skipped; input untouched', () => {
    const x = Object.freeze([0, 1, 2, NaN]);
    const y = Object.freeze([0, 3, 0, 5]);
    const s = localLinearSmooth(x, y, { span: 1, points: 3 });
    // At x0 = 1: weights w(0) = w(2) (symmetric) -> slope 0, fit = weighted mean.
    const h = 1 * (1 + 1e-6);
    const w = (1 - (1 / h) ** 3) ** 3;
    expect(s.fit[1]).toBeCloseTo((3 * 1) / (1 + 2 * w), 10);
    expect(s.n).toBe(3);
  });

  it('band = fit ± bandZ × se, se > 0 with noise', () => {
    const x = Array.from({ length: 50 }, (_, i) => i);
    const y = x.map((v) => Math.sin(v / 8) + ((v * 7919) % 13) / 26 - 0.25);
    const s = localLinearSmooth(x, y, { bandZ: 1.96 });
    expect(s.x).toHaveLength(40);
    s.fit.forEach((f, i) => {
      expect(s.se[i]!).toBeGreaterThan(0);
      expect(s.upper[i]).toBeCloseTo(f + 1.96 * s.se[i]!, 12);
      expect(s.lower[i]).toBeCloseTo(f - 1.96 * s.se[i]!, 12);
    });
    // Tracks the sine: residual mean square small.
    const robust = localLinearSmooth(x, y, { robustIterations: 3 });
    expect(robust.fit.every(Number.isFinite)).toBe(true);
  });

  it('validates', () => {
    expect(() => localLinearSmooth([1], [1])).toThrow(UsageError);
    expect(() => localLinearSmooth([1, 2], [1])).toThrow(UsageError);
    expect(() => localLinearSmooth([1, 2], [1, 2], { span: 0 })).toThrow(UsageError);
    expect(() => localLinearSmooth([1, 2], [1, 2], { points: 1 })).toThrow(UsageError);
  });
});
