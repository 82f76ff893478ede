import { describe, expect, it } from 'vitest';
import { PSADT_DAYS_PER_MONTH, psaDoublingTime } from '../../../models/oncology/index.js';
import { UsageError } from '../../../util/errors.js';
import { isoFromDays, daysFromIso } from '../../../util/dates.js';

describe('psaDoublingTime', () => {
  it('recovers an exact exponential rise in months and in years', () => {
    const d0 = daysFromIso('2021-01-01');
    // PSA doubles every 6 months (6 x 30.4375 days); days rounded, so allow a tiny error
    const psa = [0, 90, 200, 400].map((t) => ({ date: isoFromDays(d0 + t), value: 0.2 * Math.pow(2, t / (6 * PSADT_DAYS_PER_MONTH)) }));
    const m = psaDoublingTime(Object.freeze(psa));
    expect(m.doublingTime).toBeCloseTo(6, 10);
    expect(m.n).toBe(4);
    expect(m.unit).toBe('months');
    expect(m.warnings).toEqual([]);
    expect(psaDoublingTime(psa, { unit: 'years' }).doublingTime).toBeCloseTo(0.5, 10);
  });

  it('is the least-squares slope, worked by hand', () => {
    // ln PSA = 0, ln 2, ln 8 at 0, 1, 2 years: slope = (ln 8 - 0) / 2 = 1.5 ln 2 -> DT = 2/3 year
    const psa = [
      { date: '2020-01-01', value: 1 },
      { date: '2020-12-31', value: 2 }, // 365 days
      { date: '2021-12-31', value: 8 }, // 730 days
    ];
    const r = psaDoublingTime(psa, { unit: 'years' });
    const x = [0, 365 / 365.25, 730 / 365.25];
    const y = [0, Math.log(2), Math.log(8)];
    const mx = (x[0]! + x[1]! + x[2]!) / 3;
    const my = (y[0]! + y[1]! + y[2]!) / 3;
    const slope = x.reduce((a, xi, i) => a + (xi - mx) * (y[i]! - my), 0) / x.reduce((a, xi) => a + (xi - mx) ** 2, 0);
    expect(r.slope).toBeCloseTo(slope, 12);
    expect(r.doublingTime).toBeCloseTo(Math.LN2 / slope, 12);
  });

  it('returns NaN with a warning for fewer than 3 values, Infinity when PSA does not rise', () => {
    const two = psaDoublingTime([
      { date: '2020-01-01', value: 1 },
      { date: '2020-06-01', value: 2 },
      { date: '2020-06-01', value: 2 }, // same day: averaged, still 2 values
    ]);
    expect(Number.isNaN(two.doublingTime)).toBe(true);
    expect(two.warnings.join(' ')).toMatch(/at least 3/);
    const zero = psaDoublingTime([
      { date: '2020-01-01', value: 0 },
      { date: '2020-03-01', value: 1 },
      { date: '2020-06-01', value: 2 },
    ]);
    expect(Number.isNaN(zero.doublingTime)).toBe(true);
    expect(zero.warnings.join(' ')).toMatch(/of 0 dropped/);
    const falling = psaDoublingTime([
      { date: '2020-01-01', value: 4 },
      { date: '2020-03-01', value: 2 },
      { date: '2020-06-01', value: 1 },
    ]);
    expect(falling.doublingTime).toBe(Infinity);
    expect(falling.slope).toBeLessThan(0);
    expect(falling.warnings.join(' ')).toMatch(/does not rise/);
    expect(psaDoublingTime([{ date: '2020-01-01', value: 1 }, { date: '2020-02-01', value: 2 }], { minValues: 2 }).n).toBe(2);
    expect(() => psaDoublingTime([], { unit: 'weeks' as 'months' })).toThrow(UsageError);
    expect(() => psaDoublingTime([], { minValues: 1 })).toThrow(UsageError);
  });
});
