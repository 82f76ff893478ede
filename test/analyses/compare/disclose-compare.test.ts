import { describe, expect, it } from 'vitest';
import { discloseCurve } from '../../../analyses/compare/disclose-compare.js';

const curve = {
  time: Float64Array.of(3, 8, 12, 25, 31, 44, 58, 61),
  risk: Float64Array.of(0.01, 0.02, 0.05, 0.07, 0.1, 0.12, 0.15, 0.2),
  atRisk: Float64Array.of(100, 98, 95, 90, 80, 70, 60, 50),
  events: Float64Array.of(1, 2, 3, 1, 2, 2, 1, 4),
};

describe('discloseCurve', () => {
  it('reports grid points only, each step with at least threshold events', () => {
    const d = discloseCurve(curve, 5, 20);
    // 1+2+3 = 6 events by day 20; then 1+2 in (20, 40] and 2+1 in (40, 60]: 6 by day 60; the last
    // 4 (< 5) in (60, 80] join that step, which then ends on day 80 with the final risk
    expect(d.time).toEqual([0, 20, 80]);
    expect(d.risk).toEqual([0, 0.05, 0.2]);
    expect(d.atRisk).toEqual([100, 100, 90]);
  });

  it('hides a curve with fewer events than the threshold', () => {
    expect(discloseCurve(curve, 100, 20)).toEqual({ time: [], risk: [], atRisk: [] });
  });

  it('shows event times with individual times allowed, still in steps of threshold events', () => {
    const d = discloseCurve(curve, 3, null);
    expect(d.time).toEqual([0, 8, 12, 31, 58, 61]);
  });
});
