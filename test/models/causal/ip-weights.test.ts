import { describe, expect, it } from 'vitest';
import { ipWeights } from '../../../models/causal/index.js';
import { quantileType7 } from '../../../models/stats/quantile.js';
import { UsageError } from '../../../util/errors.js';

const t = Object.freeze([1, 0]);
const ps = Object.freeze([0.5, 0.25]);

describe('ipWeights', () => {
  it('hand-checked weights for each estimand', () => {
    expect(Array.from(ipWeights(t, ps).weights)).toEqual([2, 1 / 0.75]);
    const s = ipWeights(t, ps, { stabilize: true });
    expect(s.weights[0]).toBeCloseTo(1, 14);
    expect(s.weights[1]).toBeCloseTo(0.5 / 0.75, 14);
    expect(s.stabilized).toBe(true);
    expect(Array.from(ipWeights(t, ps, { estimand: 'ATT' }).weights)).toEqual([1, 0.25 / 0.75]);
    expect(Array.from(ipWeights(t, ps, { estimand: 'ATO' }).weights)).toEqual([0.5, 0.25]);
  });

  it('warns that stabilisation applies to ATE only', () => {
    const r = ipWeights(t, ps, { estimand: 'ATT', stabilize: true });
    expect(r.stabilized).toBe(false);
    expect(r.warnings[0]).toMatch(/ATE weights only/);
  });

  it('truncates at type-7 percentiles and counts the changes; Kish ESS', () => {
    const tt = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
    const e = [0.5, 0.5, 0.5, 0.02, 0.5, 0.5, 0.5, 0.5, 0.5, 0.98];
    const rawFit = ipWeights(tt, e);
    expect(rawFit.warnings[0]).toMatch(/extreme weight 50/);
    const raw = rawFit.weights;
    const hi = quantileType7(raw, 0.9);
    const r = ipWeights(tt, e, { truncate: [0, 0.9] });
    expect(r.nTruncated).toBe(1);
    expect(Math.max(...r.weights)).toBeCloseTo(hi, 12);
    expect(r.effectiveSampleSize.treated).toBeGreaterThan(0);
    expect(r.effectiveSampleSize.control).toBeLessThanOrEqual(6);
    expect(quantileType7([1, 2, 3, 4], 0.5)).toBe(2.5); // R: quantile(1:4, 0.5, type = 7)
  });

  it('rejects bad input', () => {
    expect(() => ipWeights([1, 0], [0, 0.5])).toThrow(UsageError);
    expect(() => ipWeights([1, 2], [0.5, 0.5])).toThrow(/0 or 1/);
    expect(() => ipWeights([1], [0.5, 0.5])).toThrow(UsageError);
    expect(() => ipWeights(t, ps, { truncate: [0.9, 0.1] })).toThrow(UsageError);
    expect(() => ipWeights(t, ps, { estimand: 'ATX' as 'ATE' })).toThrow(/Unknown estimand/);
  });
});
