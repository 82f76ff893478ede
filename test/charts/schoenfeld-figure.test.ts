/** Schoenfeld residual figures from coxZph on lung (age + sex + ph.ecog). */
import { describe, expect, it } from 'vitest';
import { coxph } from '../../models/survival/cox/cox.js';
import { coxZph } from '../../models/survival/cox/cox-zph.js';
import { schoenfeldFigure, schoenfeldFigures } from '../../charts/schoenfeld-figure.js';
import { formatP } from '../../charts/format.js';
import { UsageError } from '../../util/errors.js';
import { byRole, expectJsonRoundTrip, lung } from './helpers.js';

const fit = coxph('Surv(time, status) ~ age + sex + ph.ecog', lung());
const zph = coxZph(fit.internals);

describe('schoenfeldFigure', () => {
  it('residual points, band and smooth; p of the term in the title', () => {
    const spec = schoenfeldFigure(zph, 'sex', { coefficient: fit.coefficients[1]! });
    expect(spec.data.map((t) => t.meta?.role)).toEqual(['residuals', 'band-upper', 'band-lower', 'smooth']);
    const pts = byRole(spec, 'residuals')[0]!;
    const j = zph.yNames.indexOf('sex');
    expect(pts.x).toEqual(Array.from(zph.x));
    expect(pts.y).toEqual(Array.from(zph.y[j]!));
    const p = zph.tests[j]!.p;
    expect(spec.layout.title?.text).toBe(`Schoenfeld residuals: sex (PH test p = ${formatP(p)})`);
    expect(spec.layout.yaxis?.title?.text).toBe('Beta(t) for sex');
    expect(spec.layout.xaxis?.title?.text).toBe('Time'); // no unit given
    expect(schoenfeldFigure(zph, 'sex', { timeUnit: 'days' }).layout.xaxis?.title?.text).toBe('Time (days)');
    // The coefficient line.
    expect(spec.layout.shapes?.map((s) => s.y0)).toEqual([0, fit.coefficients[1]]);
    // The smooth lies within its band, on the transformed-time range.
    const sm = byRole(spec, 'smooth')[0]!;
    const lo = byRole(spec, 'band-lower')[0]!;
    const up = byRole(spec, 'band-upper')[0]!;
    expect(sm.x).toHaveLength(40);
    expect(sm.x[0]).toBe(Math.min(...zph.x));
    sm.y.forEach((v, i) => {
      expect(v as number).toBeGreaterThan(lo.y[i] as number);
      expect(v as number).toBeLessThan(up.y[i] as number);
    });
    // The smooth of sex hovers around the Cox coefficient (mean of scaled residuals ≈ beta).
    const mean = (sm.y as number[]).reduce((a, b) => a + b, 0) / sm.y.length;
    expect(Math.abs(mean - fit.coefficients[1]!)).toBeLessThan(0.5);
    expectJsonRoundTrip(spec);
  });

  it('time labels on the km-transformed axis map times to g(t) monotonically', () => {
    const spec = schoenfeldFigure(zph, 'age');
    const tv = spec.layout.xaxis?.tickvals as number[];
    const tt = spec.layout.xaxis?.ticktext as string[];
    expect(tv.length).toBeGreaterThan(2);
    for (let i = 1; i < tv.length; i++) expect(tv[i]!).toBeGreaterThan(tv[i - 1]!);
    // Each tick sits between g() of the event times around its label.
    const times = Array.from(zph.time);
    tt.forEach((label, i) => {
      const b = Number(label);
      const before = times.map((t, k) => (t <= b ? zph.x[k]! : -Infinity));
      const after = times.map((t, k) => (t >= b ? zph.x[k]! : Infinity));
      expect(tv[i]!).toBeGreaterThanOrEqual(Math.max(...before) - 1e-12);
      expect(tv[i]!).toBeLessThanOrEqual(Math.min(...after) + 1e-12);
    });
    for (const v of tv) {
      expect(v).toBeGreaterThanOrEqual(Math.min(...zph.x) - 1e-12);
      expect(v).toBeLessThanOrEqual(Math.max(...zph.x) + 1e-12);
    }
  });

  it('options switch parts off; identity transform has a plain time axis', () => {
    const spec = schoenfeldFigure(zph, 'age', { showBand: false, showPoints: false, zeroLine: false });
    expect(spec.data.map((t) => t.meta?.role)).toEqual(['smooth']);
    expect(spec.layout.shapes).toBeUndefined();
    const idz = coxZph(fit.internals, { transform: 'identity' });
    const s2 = schoenfeldFigure(idz, 'age');
    expect(s2.layout.xaxis?.tickvals).toBeUndefined();
    const s3 = schoenfeldFigure(zph, 'age', { timeLabels: false });
    expect(s3.layout.xaxis?.title?.text).toBe('g(t) (km transform)');
  });

  it('one figure per term; unknown term throws', () => {
    const all = schoenfeldFigures(zph);
    expect(all.map((s) => s.meta?.term)).toEqual(zph.yNames);
    expect(() => schoenfeldFigure(zph, 'wt.loss')).toThrow(UsageError);
  });
});
