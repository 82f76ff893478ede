/**
 * Kaplan–Meier figure on lung ~ sex (R 4.2.2 / survival 3.5-3 at-risk counts in
 * golden/charts.json, from `summary(survfit(Surv(time, status) ~ sex, lung),
 * times = c(0, 250, 500, 750, 1000), extend = TRUE)$n.risk`; exact match).
 */
import { describe, expect, it } from 'vitest';
import { kaplanMeier } from '../../models/survival/kaplan-meier/kaplan-meier.js';
import { kaplanMeierFigure } from '../../charts/kaplan-meier-figure.js';
import { UsageError } from '../../util/errors.js';
import { byRole, expectJsonRoundTrip, golden, lung } from './helpers.js';

const data = lung();
const fit = kaplanMeier('Surv(time, status) ~ sex', data);

describe('kaplanMeierFigure', () => {
  it('draws one step curve, band pair and censor trace per stratum, and a risk-table row each', () => {
    const spec = kaplanMeierFigure(fit);
    const curves = byRole(spec, 'curve');
    expect(curves).toHaveLength(2);
    expect(curves.map((c) => c.name)).toEqual(['sex=1', 'sex=2']);
    for (const c of curves) {
      expect(c.line?.shape).toBe('hv');
      expect(c.x[0]).toBe(0);
      expect(c.y[0]).toBe(1);
    }
    expect(byRole(spec, 'band-upper')).toHaveLength(2);
    expect(byRole(spec, 'band-lower').every((t) => t.fill === 'tonexty')).toBe(true);
    expect(byRole(spec, 'censor')).toHaveLength(2);
    expect(byRole(spec, 'risk-table')).toHaveLength(2);
    expect(spec.data).toHaveLength(10);
    // no unit given: the axis does not claim one (lung's days could as well be weeks elsewhere)
    expect(spec.layout.xaxis?.title?.text).toBe('Time');
    expect(spec.layout.yaxis?.title?.text).toBe('Survival probability');
    expect(spec.meta?.kind).toBe('kaplan-meier');
  });

  it('names the time unit when told, and keeps the legend outside the plot area (right of it, top-aligned)', () => {
    const spec = kaplanMeierFigure(fit, { timeUnit: 'weeks' });
    expect(spec.layout.xaxis?.title?.text).toBe('Time (weeks)');
    expect(spec.layout.legend).toEqual({ orientation: 'v', x: 1.02, xanchor: 'left', y: 1, yanchor: 'top' });
    expect(kaplanMeierFigure(fit, { timeUnit: ' ' }).layout.xaxis?.title?.text).toBe('Time');
  });

  it('curve values are the fit\'s survival estimates', () => {
    const spec = kaplanMeierFigure(fit);
    const c0 = byRole(spec, 'curve')[0]!;
    const cf = fit.curves[0]!;
    expect(c0.x.slice(1)).toEqual(Array.from(cf.time));
    expect(c0.y.slice(1)).toEqual(Array.from(cf.surv));
  });

  it('at-risk table counts equal fit.atRisk and R summary(survfit, times, extend = TRUE)', () => {
    const g = golden().kmRisk;
    const spec = kaplanMeierFigure(fit, { riskTimes: g.times });
    const rows = byRole(spec, 'risk-table');
    const fromFit = fit.atRisk(g.times);
    rows.forEach((r, k) => {
      expect(r.x).toEqual(g.times);
      expect(r.text).toEqual(fromFit[k]!.nRisk.map(String));
      expect(r.text).toEqual(g.strata[k]!.nRisk.map(String));
      expect(r.xaxis).toBe('x2');
      expect(r.yaxis).toBe('y2');
    });
    // The table shares the x axis of the curves.
    expect(spec.layout.xaxis2?.matches).toBe('x');
  });

  it('default risk times are round breaks within follow-up, counted from the raw data', () => {
    const spec = kaplanMeierFigure(fit);
    const rt = spec.meta?.riskTable as { times: number[]; rows: { label: string; counts: number[] }[] };
    expect(rt.times).toEqual([0, 250, 500, 750, 1000]);
    const time = data.time as Float64Array;
    const sex = data.sex as Float64Array;
    for (const [k, s] of [1, 2].entries()) {
      const raw = rt.times.map((t) => time.filter((v, i) => sex[i] === s && v >= t).length);
      expect(rt.rows[k]!.counts).toEqual(raw);
    }
  });

  it('censor marks sit at the censored times, on the curve', () => {
    const spec = kaplanMeierFigure(fit);
    const marks = byRole(spec, 'censor');
    const time = data.time as Float64Array;
    const status = data.status as Float64Array;
    const sex = data.sex as Float64Array;
    for (const [k, s] of [1, 2].entries()) {
      const censored = [...new Set(Array.from(time).filter((_t, i) => sex[i] === s && status[i] === 1))].sort((a, b) => a - b);
      expect(marks[k]!.x).toEqual(censored);
      expect(marks[k]!.marker?.symbol).toBe('cross-thin');
      const c = fit.curves[k]!;
      marks[k]!.x.forEach((t, j) => {
        const i = Array.from(c.time).indexOf(t as number);
        expect(marks[k]!.y[j]).toBe(c.surv[i]);
      });
    }
  });

  it('bands toggle off, censor marks and table too', () => {
    const spec = kaplanMeierFigure(fit, { confidenceBands: false, censorMarks: false, riskTable: false });
    expect(spec.data).toHaveLength(2);
    expect(spec.layout.yaxis2).toBeUndefined();
    expect(spec.meta?.riskTable).toBeNull();
    const none = kaplanMeier('Surv(time, status) ~ sex', data, { confType: 'none' });
    const s2 = kaplanMeierFigure(none);
    expect(byRole(s2, 'band-upper')).toHaveLength(0);
    expect(s2.meta?.warnings).toEqual(["confidence bands omitted: the fit has confType 'none'"]);
  });

  it('bands bracket the curve at every band point', () => {
    const spec = kaplanMeierFigure(fit);
    const up = byRole(spec, 'band-upper')[0]!;
    const lo = byRole(spec, 'band-lower')[0]!;
    const c = fit.curves[0]!;
    up.x.forEach((t, j) => {
      const i = Array.from(c.time).indexOf(t as number);
      const s = i < 0 ? 1 : c.surv[i]!;
      expect(lo.y[j] as number).toBeLessThanOrEqual(s + 1e-12);
      expect(up.y[j] as number).toBeGreaterThanOrEqual(s - 1e-12);
    });
  });

  it('disclosure shows small counts as <threshold, zero as 0', () => {
    const g = golden().kmRisk;
    const spec = kaplanMeierFigure(fit, { riskTimes: g.times, disclosure: { threshold: 10 } });
    const rows = byRole(spec, 'risk-table');
    expect(rows[0]!.text).toEqual(['138', '62', '20', '<10', '<10']);
    expect(rows[1]!.text).toEqual(['90', '53', '21', '<10', '0']);
    expect(JSON.stringify(byRole(spec, 'curve')[0]!.text)).toContain('<10');
    expect(spec.layout.annotations?.[0]?.text).toContain('below 10');
    expect(() => kaplanMeierFigure(fit, { disclosure: { threshold: 0 } })).toThrow(UsageError);
  });

  it('fun = event plots 1 - S and titles the axis accordingly; options override titles', () => {
    const spec = kaplanMeierFigure(fit, { fun: 'event', timeUnit: 'months', title: 'Lung', labels: { 'sex=1': 'Male' } });
    const c0 = byRole(spec, 'curve')[0]!;
    expect(c0.y[0]).toBe(0);
    expect(c0.y[1]).toBeCloseTo(1 - fit.curves[0]!.surv[0]!, 15);
    expect(c0.name).toBe('Male');
    expect(spec.layout.xaxis?.title?.text).toBe('Time (months)');
    expect(spec.layout.yaxis?.title?.text).toBe('Cumulative event probability');
    expect(spec.layout.title?.text).toBe('Lung');
  });

  it('median lines at the fit medians', () => {
    const spec = kaplanMeierFigure(fit, { medianLines: true });
    const med = fit.medians().map((m) => m.median);
    const vertical = (spec.layout.shapes ?? []).filter((s) => s.x0 === s.x1).map((s) => s.x0);
    expect(vertical).toEqual(med);
  });

  it('rejects bad risk times', () => {
    expect(() => kaplanMeierFigure(fit, { riskTimes: [0, 500, 250] })).toThrow(UsageError);
    expect(() => kaplanMeierFigure(fit, { riskTimes: [-1] })).toThrow(UsageError);
  });

  it('JSON round trip and a single-curve fit', () => {
    expectJsonRoundTrip(kaplanMeierFigure(fit, { medianLines: true, disclosure: { threshold: 5 } }));
    const one = kaplanMeier('Surv(time, status) ~ 1', data, { confType: 'log-log' });
    const spec = kaplanMeierFigure(one);
    expect(byRole(spec, 'curve').map((c) => c.name)).toEqual(['all']);
    expectJsonRoundTrip(spec);
  });
});
