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

  it('counts the follow-up relapses of each window (after its start, up to and including its end) and its years', () => {
    const windows = [
      { id: '1', label: 'interferon', start: '2020-01-01', end: '2021-01-01' },
      { id: '1', label: 'ocrelizumab', start: '2021-01-01', end: '2022-12-31' },
      { id: '2', start: '2020-01-01', end: '2020-01-01' },
    ];
    const relapses = [
      { id: '1', date: '2020-01-01' }, // on the first window's index date: not a follow-up relapse
      { id: '1', date: '2020-12-31' },
      { id: '1', date: '2021-01-01' }, // the switch day: last day of the first window, index of the second
      { id: '1', date: '2021-06-01' },
      { id: '1', date: '2023-01-01' }, // after the end
      { id: '2', date: '2020-01-01' },
      { id: '3', date: '2020-06-01' },
    ];
    const w = relapsesInWindows(windows, relapses);
    // consecutive windows sharing the switch day tile: each relapse after the first index date is counted once
    expect(w.map((x) => [x.label, x.relapses])).toEqual([['interferon', 2], ['ocrelizumab', 1], [null, 0]]);
    expect(w[0]!.years).toBeCloseTo(366 / 365.25, 14);
    expect(w[1]!.years).toBeCloseTo(729 / 365.25, 14);
    expect(Number.isNaN(w[2]!.rate)).toBe(true);
    // includeIndexRelapses: a relapse on the index date counts too (then the switch-day relapse counts in both windows)
    const inc = relapsesInWindows(windows, relapses, { includeIndexRelapses: true });
    expect(inc.map((x) => x.relapses)).toEqual([3, 2, 1]);
    expect(() => relapsesInWindows([{ id: '1', start: '2020-02-01', end: '2020-01-01' }], [])).toThrow(UsageError);
  });

  it('a hand-built cohort: the onset relapse on the index date is not counted; crude ARR = 3 relapses / 6 years', () => {
    // every patient has an onset relapse on the index date (detail 'onset' in a registry)
    const cohort = [
      { id: 'a', start: '2010-01-01', end: '2013-01-01', relapses: ['2010-01-01', '2011-05-01', '2012-02-01'] }, // 2 after the index, 1096 days
      { id: 'b', start: '2015-03-01', end: '2016-03-01', relapses: ['2015-03-01'] }, // none after the index, 366 days
      { id: 'c', start: '2018-07-01', end: '2020-07-01', relapses: ['2018-07-01', '2020-07-01'] }, // 1 (on the last day), 731 days
    ];
    const rows = cohort.flatMap((p) => p.relapses.map((date) => ({ id: p.id, date })));
    const w = relapsesInWindows(cohort, rows);
    expect(w.map((x) => x.relapses)).toEqual([2, 0, 1]);
    const crude = crudeAnnualizedRelapseRate(w);
    expect(crude.events).toBe(3);
    expect(crude.years).toBeCloseTo((1096 + 366 + 731) / 365.25, 14);
    expect(crude.rate).toBeCloseTo(3 / ((1096 + 366 + 731) / 365.25), 14);
    // counting the onset relapses as well would give 6 relapses: the rate the issue reported as wrong
    expect(crudeAnnualizedRelapseRate(relapsesInWindows(cohort, rows, { includeIndexRelapses: true })).events).toBe(6);
    // inputs untouched
    expect(cohort[0]!.relapses).toEqual(['2010-01-01', '2011-05-01', '2012-02-01']);
  });
});
