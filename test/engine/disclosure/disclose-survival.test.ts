import { describe, expect, it } from 'vitest';
import { discloseKaplanMeier, discloseSurvivalAtTimes } from '../../../engine/disclosure/disclose-kaplan-meier.js';
import { discloseModel } from '../../../engine/disclosure/disclose-model.js';
import { discloseIncidenceCurves, suppressRowCounts } from '../../../engine/disclosure/disclose-summaries.js';
import { niceWidth } from '../../../engine/disclosure/time-grid.js';
import { coxph, cumulativeIncidence, kaplanMeier } from '../../../models/survival/index.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

const lung = readCsvColumns('datasets/lung.csv');
const isGridPoint = (t: number, w: number) => Math.abs(t / w - Math.round(t / w)) < 1e-9;

describe('discloseKaplanMeier', () => {
  const fit = kaplanMeier('Surv(time, status) ~ sex', lung).toJSON();

  it('never shows a step with fewer than threshold events, nor an event time', () => {
    for (const threshold of [3, 5, 10]) {
      const d = discloseKaplanMeier(fit, { threshold });
      expect(d.gridWidth).toBe(niceWidth(Math.max(...fit.strata.flatMap((s) => s.time))));
      d.strata.forEach((s, k) => {
        const src = fit.strata[k]!;
        expect(s.intervals.length).toBeGreaterThan(0);
        expect(s.intervals.length).toBeLessThan(src.time.length);
        for (const iv of s.intervals) {
          expect(iv.nEvent).toBeGreaterThanOrEqual(threshold);
          expect(iv.nRisk).toBeGreaterThanOrEqual(threshold);
          expect(iv.nCensor === null || iv.nCensor === 0 || iv.nCensor >= threshold).toBe(true);
          expect(isGridPoint(iv.from, d.gridWidth!)).toBe(true);
          expect(isGridPoint(iv.to, d.gridWidth!)).toBe(true);
          expect(iv.to).toBeGreaterThan(iv.from);
        }
        // every event is counted once; the curve ends where the fit ends
        expect(s.intervals.reduce((a, iv) => a + iv.nEvent, 0)).toBe(src.nEvent.reduce((a, b) => a + b, 0));
        expect(s.intervals[s.intervals.length - 1]!.surv).toBe(src.surv[src.surv.length - 1]);
        if (s.median !== null) expect(isGridPoint(s.median, d.gridWidth!)).toBe(true);
      });
    }
  });

  it('with individual times allowed, merges event times until each step has threshold events', () => {
    const d = discloseKaplanMeier(fit, { threshold: 5, allowIndividualTimes: true });
    expect(d.gridWidth).toBeNull();
    const times = new Set(fit.strata.flatMap((s) => s.time));
    for (const s of d.strata) for (const iv of s.intervals) {
      expect(iv.nEvent).toBeGreaterThanOrEqual(5);
      expect(times.has(iv.to)).toBe(true);
    }
    expect(d.strata[0]!.median).toBe(fit.strata[0]!.median);
  });

  it('hides strata with fewer subjects than the threshold, and shows no step with too few events', () => {
    const tiny = kaplanMeier('Surv(time, status) ~ 1', { time: new Float64Array([5, 8, 12, 20, 30, 31]), status: new Float64Array([1, 1, 0, 1, 1, 0]) }).toJSON();
    const hidden = discloseKaplanMeier(tiny, { threshold: 10 });
    expect(hidden.strata[0]).toMatchObject({ suppressed: true, n: null, intervals: [] });
    const few = discloseKaplanMeier(tiny, { threshold: 5 });
    expect(few.strata[0]!.intervals).toEqual([]);
    expect(few.warnings[0]).toContain('fewer than 5 events');
  });

  it('survival at chosen times: small risk sets hide the row, small event counts are hidden', () => {
    const t = discloseSurvivalAtTimes({ time: [100, 900], nRisk: [200, 3], nEvent: [20, 2], surv: [0.9, 0.1], stdErr: [0.01, 0.05], lower: [0.88, 0.02], upper: [0.92, 0.3] }, { threshold: 5 });
    expect(t).toEqual({ time: [100, 900], nRisk: [200, null], nEvent: [20, null], surv: [0.9, null], stdErr: [0.01, null], lower: [0.88, null], upper: [0.92, null] });
  });
});

describe('discloseModel', () => {
  it('exported Cox JSON has no per-row arrays and no event times; baseline only on a grid', () => {
    const fit = coxph('Surv(time, status) ~ age + sex', lung);
    const json = fit.toJSON();
    const n = json.n;
    const withRows = { ...json, residuals: new Array(n).fill(0.1), linearPredictors: new Float64Array(n), extra: { perRow: new Array(n).fill(1) }, baseline: { time: [5, 11, 12, 13], cumhaz: [0.01, 0.02, 0.03, 0.04] } };
    const d = discloseModel(withRows, { threshold: 5 });
    const arrays: number[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) {
        arrays.push(v.length);
        v.forEach(walk);
      } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(d);
    expect(arrays.every((len) => len !== n)).toBe(true);
    expect(d).not.toHaveProperty('residuals');
    expect(d).not.toHaveProperty('linearPredictors');
    expect(d.extra).toEqual({});
    expect(d.terms).toEqual(json.terms);
    const b = d.baseline as { time: number[]; cumhaz: number[]; gridWidth: number };
    expect(b.time.every((t) => isGridPoint(t, b.gridWidth))).toBe(true);
    expect(b.cumhaz[b.cumhaz.length - 1]).toBe(0.04);
    expect(d.disclosure.removed).toEqual(expect.arrayContaining(['residuals', 'linearPredictors', 'extra.perRow']));
    expect(discloseModel(withRows, { allowIndividualTimes: true }).baseline).toEqual(withRows.baseline);
  });

  it('a model on fewer than threshold events keeps no estimates', () => {
    const d = discloseModel({ n: 40, events: 3, terms: [{ term: 'age', coef: 0.1 }], loglik: [1, 2] }, { threshold: 5 });
    expect(d).not.toHaveProperty('terms');
    expect(d.events).toBeNull();
    expect(d.n).toBe(40);
    expect(d.disclosure.warnings[0]).toContain('fewer than 5 events');
  });
});

describe('summaries', () => {
  it('group tables: small counts and their complement hidden, estimates of small groups hidden', () => {
    const rows = [{ group: 'a', n: 3, rmst: 100 }, { group: 'b', n: 40, rmst: 200 }, { group: 'c', n: 12, rmst: 300 }];
    const d = suppressRowCounts(rows, { counts: ['n'], sizeField: 'n', estimates: ['rmst'] }, { threshold: 5 });
    expect(d).toEqual([{ group: 'a', n: null, rmst: null }, { group: 'b', n: 40, rmst: 200 }, { group: 'c', n: null, rmst: 300 }]);
    expect(rows[0]!.n).toBe(3);
  });

  it('cumulative incidence curves are read at grid points only', () => {
    const mgus = readCsvColumns('datasets/mgus2.csv');
    const etime = new Float64Array(mgus.ptime as Float64Array);
    const ev = new Float64Array(etime.length);
    const pstat = mgus.pstat as Float64Array;
    const death = mgus.death as Float64Array;
    const futime = mgus.futime as Float64Array;
    for (let i = 0; i < etime.length; i++) {
      if (pstat[i] === 1) ev[i] = 1;
      else {
        etime[i] = futime[i]!;
        ev[i] = death[i] === 1 ? 2 : 0;
      }
    }
    const res = cumulativeIncidence('Surv(etime, ev) ~ 1', { etime, ev }).toJSON();
    const d = discloseIncidenceCurves(res.curves, { threshold: 5 });
    expect(d.gridWidth).not.toBeNull();
    for (const c of d.curves) {
      expect(c.time.every((t) => isGridPoint(t, d.gridWidth!))).toBe(true);
      const src = res.curves.find((x) => x.label === c.label)!;
      expect(c.est[c.est.length - 1]).toBeCloseTo(src.est[src.est.length - 1]!, 12);
    }
  });
});
