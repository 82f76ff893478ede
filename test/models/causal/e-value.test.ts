// E-value (VanderWeele & Ding, Ann Intern Med 2017;167:268-274): the paper's worked example
// (RR 3.9, 95% CI 1.8-8.7: E-values 7.26 and 3.0) and the closed form.
import { describe, expect, it } from 'vitest';
import { eValue, eValueHazardRatio, hazardToRiskRatio } from '../../../models/causal/e-value.js';
import { UsageError } from '../../../util/errors.js';

describe('eValue', () => {
  it("reproduces the paper's example", () => {
    const e = eValue(3.9, 1.8, 8.7);
    expect(e.point).toBeCloseTo(7.26, 2);
    expect(e.limit).toBeCloseTo(3.0, 10);
  });

  it('equals RR + sqrt(RR (RR - 1)), of 1/RR for protective ratios, and 1 for an interval with the null', () => {
    for (const rr of [1, 1.2, 2, 5]) expect(eValue(rr).point).toBeCloseTo(rr + Math.sqrt(rr * (rr - 1)), 12);
    expect(eValue(0.5).point).toBeCloseTo(2 + Math.sqrt(2), 12);
    expect(eValue(0.6, 0.45, 0.8).limit).toBeCloseTo(1.25 + Math.sqrt(1.25 * 0.25), 12);
    expect(eValue(1.3, 0.9, 1.8).limit).toBe(1);
    expect(Number.isNaN(eValue(2).limit)).toBe(true);
  });

  it('converts hazard ratios of common outcomes (VanderWeele 2020) and keeps those of rare ones', () => {
    expect(hazardToRiskRatio(2, false)).toBe(2);
    expect(hazardToRiskRatio(2, true)).toBeCloseTo((1 - 0.5 ** Math.SQRT2) / (1 - 0.5 ** Math.SQRT1_2), 12);
    expect(hazardToRiskRatio(1, true)).toBeCloseTo(1, 12);
    const e = eValueHazardRatio(0.6, 0.45, 0.8, true);
    expect(e.riskRatio).toBeCloseTo(hazardToRiskRatio(0.6, true), 12);
    expect(e.point).toBeLessThan(eValueHazardRatio(0.6, 0.45, 0.8, false).point);
  });

  it('refuses ratios that are not positive and intervals that do not hold the estimate', () => {
    expect(() => eValue(0)).toThrow(UsageError);
    expect(() => eValue(2, 2.5, 3)).toThrow(/interval/);
    expect(() => hazardToRiskRatio(Number.NaN, true)).toThrow(UsageError);
  });
});
