import { describe, expect, it } from 'vitest';
import { crudeAnnualizedRelapseRate, exactPoissonRate, relapsesInWindows } from '../../../models/ms/relapse-rate.js';
import { UsageError } from '../../../util/errors.js';

describe('annualized relapse rates', () => {
  it('exact Poisson CI as R poisson.test(k, T)$conf.int', () => {
    // R 4.2.2: poisson.test(10, 20)$conf.int
    const a = exactPoissonRate(10, 20);
    expect(a.rate).toBe(0.5);
    expect(a.lower).toBeCloseTo(0.23976943480662172, 10);
    expect(a.upper).toBeCloseTo(0.91951780210088896, 10);
    // poisson.test(0, 5)$conf.int
    const z = exactPoissonRate(0, 5);
    expect(z.lower).toBe(0);
    expect(z.upper).toBeCloseTo(0.73777589082278705, 10);
    // poisson.test(37, 81.5, conf.level = 0.9)$conf.int
    const b = exactPoissonRate(37, 81.5, 0.9);
    expect(b.lower).toBeCloseTo(0.33858423976661772, 10);
    expect(b.upper).toBeCloseTo(0.59724521704928202, 10);
    expect(() => exactPoissonRate(1, 0)).toThrow(UsageError);
  });

  it('crude ARR is total relapses / total years, not the mean of per-patient rates', () => {
    const r = crudeAnnualizedRelapseRate([
      { id: 'a', relapses: 2, years: 4 },
      { id: 'b', relapses: 0, years: 1 },
      { id: 'c', relapses: 3, years: 0.5 },
    ]);
    expect(r.rate).toBeCloseTo(5 / 5.5, 14);
    expect(r.meanOfRates).toBeCloseTo((0.5 + 0 + 6) / 3, 14);
    expect(r.units).toBe(3);
    expect(r.lower).toBeLessThan(r.rate);
    expect(r.upper).toBeGreaterThan(r.rate);
  });

  it('counts relapse onsets inside each window, inclusive, and its years', () => {
    const w = relapsesInWindows(
      [
        { id: '1', label: 'interferon', start: '2020-01-01', end: '2020-12-31' },
        { id: '1', label: 'ocrelizumab', start: '2021-01-01', end: '2022-12-31' },
        { id: '2', start: '2020-01-01', end: '2020-01-01' },
      ],
      [
        { id: '1', date: '2020-01-01' },
        { id: '1', date: '2020-12-31' },
        { id: '1', date: '2021-06-01' },
        { id: '1', date: '2023-01-01' },
        { id: '3', date: '2020-06-01' },
      ],
    );
    expect(w.map((x) => [x.label, x.relapses])).toEqual([['interferon', 2], ['ocrelizumab', 1], [null, 0]]);
    expect(w[0]!.years).toBeCloseTo(365 / 365.25, 14);
    expect(Number.isNaN(w[2]!.rate)).toBe(true);
    expect(() => relapsesInWindows([{ id: '1', start: '2020-02-01', end: '2020-01-01' }], [])).toThrow(UsageError);
  });
});
