import { describe, expect, it } from 'vitest';
import { MSIS_29, msisScaleScore, MSIS_29_SCALES } from '../../../models/pro/msis-29.js';

function answers(from: number, to: number, value: (i: number) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = from; i <= to; i++) out[`q${i}`] = value(i);
  return out;
}

describe('MSIS-29 (Hobart et al. 2001)', () => {
  it('transforms the item sums to 0-100: 100 x (sum - 20) / 80 and 100 x (sum - 9) / 36', () => {
    expect(MSIS_29.score({ ...answers(1, 20, () => 1), ...answers(21, 29, () => 1) })).toEqual({ physical: 0, psychological: 0 });
    expect(MSIS_29.score({ ...answers(1, 20, () => 5), ...answers(21, 29, () => 5) })).toEqual({ physical: 100, psychological: 100 });
    // physical: 20 items at 2 -> sum 40 -> 25; psychological: 9 items at 3 -> sum 27 -> 50
    expect(MSIS_29.score({ ...answers(1, 20, () => 2), ...answers(21, 29, () => 3) })).toEqual({ physical: 25, psychological: 50 });
    // physical: items 1-10 at 1, 11-20 at 4 -> sum 50 -> 37.5; psychological: eight 1s and one 5 -> sum 13 -> 11.11
    const s = MSIS_29.score({ ...answers(1, 20, (i) => (i <= 10 ? 1 : 4)), ...answers(21, 29, (i) => (i === 29 ? 5 : 1)) });
    expect(s.physical).toBe(37.5);
    expect(s.psychological).toBeCloseTo(400 / 36, 12);
  });

  it('scores a scale with up to half of its items missing (missing = mean of the answered), not with more', () => {
    const [physical, psychological] = MSIS_29_SCALES;
    // 10 of 20 answered, mean 3 -> prorated sum 60 -> 50
    expect(msisScaleScore(physical!.items, answers(1, 10, () => 3))).toBe(50);
    expect(msisScaleScore(physical!.items, answers(1, 9, () => 3))).toBeNull();
    // 5 of 9 answered (1..5, mean 3) -> prorated sum 27 -> 50
    expect(msisScaleScore(psychological!.items, answers(21, 25, (i) => i - 20))).toBe(50);
    expect(msisScaleScore(psychological!.items, answers(21, 24, () => 2))).toBeNull();
    // the two scales are independent
    expect(MSIS_29.score(answers(21, 29, () => 2))).toEqual({ physical: null, psychological: 25 });
  });

  it('has answer codes q1..q29 on 1-5 and the item split 20 + 9', () => {
    expect(MSIS_29.items.map((i) => i.code)).toEqual(Array.from({ length: 29 }, (_, i) => `q${i + 1}`));
    expect(MSIS_29.items.every((i) => i.min === 1 && i.max === 5)).toBe(true);
    expect(MSIS_29_SCALES.map((s) => s.items.length)).toEqual([20, 9]);
  });
});
