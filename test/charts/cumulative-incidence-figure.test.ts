/** Cumulative incidence figure on mgus2 (PCM vs death as competing risks, by sex). */
import { describe, expect, it } from 'vitest';
import { cumulativeIncidence } from '../../models/survival/competing-risks/cumulative-incidence.js';
import { kaplanMeier } from '../../models/survival/kaplan-meier/kaplan-meier.js';
import { cumulativeIncidenceFigure } from '../../charts/cumulative-incidence-figure.js';
import { UsageError } from '../../util/errors.js';
import { byRole, expectJsonRoundTrip, mgus2 } from './helpers.js';

const data = mgus2();
const ci = cumulativeIncidence('Surv(etime, event) ~ sex', data);

describe('cumulativeIncidenceFigure', () => {
  it('one step curve per group and cause, values at the jumps of the result', () => {
    const spec = cumulativeIncidenceFigure(ci, { causeLabels: { 1: 'PCM', 2: 'death' } });
    const curves = byRole(spec, 'curve');
    expect(curves).toHaveLength(4);
    expect(curves.map((c) => c.name)).toEqual(['F, PCM', 'M, PCM', 'F, death', 'M, death']);
    expect(spec.data).toHaveLength(4); // no bands by default, no table without counts
    for (const [k, c] of curves.entries()) {
      const src = ci.curves[k]!;
      expect(c.line?.shape).toBe('hv');
      // Same values as the corner layout at each distinct time (value after the jump).
      const lastAt = new Map<number, number>();
      src.time.forEach((t, i) => lastAt.set(t, src.est[i]!));
      expect(c.x).toEqual([...lastAt.keys()]);
      expect(c.y).toEqual([...lastAt.values()]);
    }
    // Colour by group, dash by cause.
    expect(curves[0]!.line?.color).toBe(curves[2]!.line?.color);
    expect(curves[0]!.line?.dash).toBe('solid');
    expect(curves[2]!.line?.dash).toBe('dash');
    expect(spec.layout.yaxis?.title?.text).toBe('Cumulative incidence');
    expect(spec.layout.title?.text).toContain("Gray's test: PCM p = ");
    expect(spec.layout.yaxis2).toBeUndefined();
  });

  it('transplant-like data (one cause rising to 0.8 by a year): the legend sits right of the plot, over no curve; the axis names no unit unless told', () => {
    // 600 waiting-list patients, seeded: transplant (2) early and often, death (1), withdrawal (3), censoring (0)
    let seed = 20261208;
    const unif = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const n = 600;
    const futime = new Float64Array(n);
    const status = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = unif();
      futime[i] = Math.ceil(-Math.log(1 - unif()) * 200);
      status[i] = u < 0.78 ? 2 : u < 0.88 ? 1 : u < 0.93 ? 3 : 0;
    }
    const res = cumulativeIncidence('Surv(futime, status) ~ 1', { futime, status });
    const spec = cumulativeIncidenceFigure(res, { causeLabels: { 1: 'death', 2: 'transplant', 3: 'withdrawal' } });
    const transplant = byRole(spec, 'curve').find((c) => c.name === 'transplant')!;
    // the curve crosses the upper part of the plot between 170 and 320 days, where the old top-left legend sat
    const at = (t: number): number => transplant.y[(transplant.x as number[]).findLastIndex((x) => x <= t)] as number;
    expect(at(170)).toBeGreaterThan(0.4);
    expect(at(320)).toBeGreaterThan(0.6);
    expect(spec.layout.legend).toEqual({ orientation: 'v', x: 1.02, xanchor: 'left', y: 1, yanchor: 'top' });
    expect(spec.layout.xaxis?.title?.text).toBe('Time');
    expect(cumulativeIncidenceFigure(res, { timeUnit: 'days' }).layout.xaxis?.title?.text).toBe('Time (days)');
  });

  it('bands match the result\'s log-log intervals at chosen times', () => {
    const spec = cumulativeIncidenceFigure(ci, { confidenceBands: true });
    const up = byRole(spec, 'band-upper');
    const lo = byRole(spec, 'band-lower');
    expect(up).toHaveLength(4);
    const at = ci.timepoints([120, 240]);
    const label = ci.curves[0]!.label;
    for (const [j, t] of [120, 240].entries()) {
      // step value at t: last band point at or before t
      const idx = (up[0]!.x as number[]).findLastIndex((x) => x <= t);
      expect(up[0]!.y[idx]).toBeCloseTo(at.upper[label]![j]!, 12);
      expect(lo[0]!.y[idx]).toBeCloseTo(at.lower[label]![j]!, 12);
    }
    expectJsonRoundTrip(spec);
  });

  it('draws the at-risk table from supplied counts, with disclosure display', () => {
    const times = [0, 100, 200, 300];
    const km = kaplanMeier('Surv(etime, event) ~ sex', { ...data, event: (data['event'] as Float64Array).map((e) => (e === 0 ? 0 : 1)) });
    const atRisk = { times, rows: km.atRisk(times).map((r) => ({ label: r.label.replace('sex=', ''), nRisk: r.nRisk })) };
    const spec = cumulativeIncidenceFigure(ci, { atRisk, disclosure: { threshold: 10 } });
    const rows = byRole(spec, 'risk-table');
    expect(rows).toHaveLength(2);
    const etime = data['etime'] as Float64Array;
    const sex = data['sex'] as string[];
    for (const [k, s] of ['F', 'M'].entries()) {
      const raw = times.map((t) => etime.filter((v, i) => sex[i] === s && v >= t).length);
      expect((spec.meta?.riskTable as { rows: { counts: number[] }[] }).rows[k]!.counts).toEqual(raw);
      expect(rows[k]!.text).toEqual(raw.map((n) => (n > 0 && n < 10 ? '<10' : String(n))));
    }
    expect(spec.layout.xaxis2?.matches).toBe('x');
    expect(() => cumulativeIncidenceFigure(ci, { atRisk: { times, rows: [{ label: 'F', nRisk: [1, 2] }] } })).toThrow(UsageError);
  });

  it('one group: colours by cause; cause filter; no tests line', () => {
    const one = cumulativeIncidence('Surv(etime, event) ~ 1', data);
    const spec = cumulativeIncidenceFigure(one, { causes: [1] });
    expect(byRole(spec, 'curve')).toHaveLength(1);
    expect(spec.layout.title?.text).toBe('Cumulative incidence');
    expect(() => cumulativeIncidenceFigure(one, { causes: [7] })).toThrow(UsageError);
    expectJsonRoundTrip(spec);
  });
});
