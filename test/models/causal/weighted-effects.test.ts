import { describe, expect, it } from 'vitest';
import { subgroupEffects, waldTest, weightedEffect } from '../../../models/causal/index.js';
import { UsageError } from '../../../util/errors.js';

describe('weighted effects', () => {
  it('waldTest: hand-checked one- and two-coefficient statistics', () => {
    const one = waldTest(['a', 'b'], [2, 5], [4, 0, 0, 1], (n) => n === 'a');
    expect(one.statistic).toBeCloseTo(1, 14);
    expect(one.df).toBe(1);
    expect(one.p).toBeCloseTo(0.3173105078629141, 10); // R: pchisq(1, 1, lower.tail = FALSE)
    const two = waldTest(['a', 'b'], [1, 1], [2, 1, 1, 2], () => true);
    expect(two.statistic).toBeCloseTo(2 / 3, 14); // [1 1] [[2 1][1 2]]^-1 [1 1]'
    expect(() => waldTest(['a'], [1], [1], () => false)).toThrow(UsageError);
  });

  it('unknown treatment term and model are reported', () => {
    const data = { y: Float64Array.of(1, 0, 2, 1), t: Float64Array.of(0, 1, 0, 1) };
    const w = Float64Array.of(1, 1, 1, 1);
    expect(() => weightedEffect('y ~ t', data, w, { treatment: 'z', model: 'poisson' })).toThrow(/not among the model terms/);
    expect(() => weightedEffect('y ~ t', data, w, { treatment: 't', model: 'logit' as 'cox' })).toThrow(/Unknown model/);
    expect(() => subgroupEffects('y ~ t', { ...data, g: Float64Array.of(1, 1, 1, 1) }, w, 'g', { treatment: 't', model: 'poisson' })).toThrow(/need at least 2/);
  });

  it('Poisson subgroup effects equal the stratified rate ratios; the interaction test detects heterogeneity', () => {
    // group a: treated rate 1/unit vs control 1 -> RR 1; group b: treated 1 vs control 4 -> RR 0.25
    const y = Float64Array.of(10, 10, 10, 40, 12, 8, 9, 41);
    const t = Float64Array.of(1, 0, 1, 0, 1, 0, 1, 0);
    const g = ['a', 'a', 'b', 'b', 'a', 'a', 'b', 'b'];
    const w = Float64Array.of(1, 1, 1, 1, 1, 1, 1, 1);
    const s = subgroupEffects('y ~ t', { y, t, g }, w, 'g', { treatment: 't', model: 'poisson' });
    expect(s.subgroups.map((x) => x.level)).toEqual(['a', 'b']);
    expect(s.subgroups[0]!.effect!.ratio).toBeCloseTo(22 / 18, 8);
    expect(s.subgroups[1]!.effect!.ratio).toBeCloseTo(19 / 81, 8);
    expect(s.interaction.terms).toEqual(['t:gb']);
    expect(s.interaction.p).toBeLessThan(0.01);
  });
});
