/**
 * Forest plots. The Cox rows are checked against R 4.2.2 / survival 3.5-3
 * `summary(coxph(Surv(time, status) ~ age + sex + ph.ecog, lung))$conf.int`
 * and `$coefficients[, "Pr(>|z|)"]` (golden/charts.json), relative tolerance 1e-6.
 */
import { describe, expect, it } from 'vitest';
import { coxph } from '../../models/survival/cox/cox.js';
import { fineGray } from '../../models/survival/competing-risks/fine-gray.js';
import { forestPlot } from '../../charts/forest-plot.js';
import { coxForestRows, forestFromCox } from '../../charts/forest-from-cox.js';
import { fineGrayForestRows, forestFromFineGray } from '../../charts/forest-from-fine-gray.js';
import { UsageError } from '../../util/errors.js';
import { byRole, deepFreeze, expectJsonRoundTrip, golden, lung, mgus2 } from './helpers.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('forestFromCox', () => {
  const g = golden().cox;
  const fit = coxph(g.formula, lung());

  it('rows match R coxph on lung (HR, 95% CI, p)', () => {
    const rows = coxForestRows(fit);
    expect(rows.map((r) => r.label)).toEqual(g.term);
    rows.forEach((r, k) => {
      expect(rel(r.estimate!, g.hr[k]!)).toBeLessThan(1e-6);
      expect(rel(r.lower!, g.lower[k]!)).toBeLessThan(1e-6);
      expect(rel(r.upper!, g.upper[k]!)).toBeLessThan(1e-6);
      expect(rel(r.p!, g.p[k]!)).toBeLessThan(1e-6);
    });
  });

  it('spec: log x axis, reference line at 1, markers with CI error bars, text columns', () => {
    const spec = forestFromCox(fit, { labels: { 'ph.ecog': 'ECOG' } });
    expect(spec.meta?.kind).toBe('forest-cox');
    expect(spec.layout.xaxis?.type).toBe('log');
    expect(spec.layout.xaxis?.title?.text).toBe('HR (95% CI)');
    expect(spec.layout.title?.text).toBe('Hazard ratios');
    const ref = spec.layout.shapes?.[0];
    expect(ref?.x0).toBe(1);
    expect(ref?.x1).toBe(1);
    const [est] = byRole(spec, 'estimates');
    expect(est!.x).toEqual(fit.terms.map((t) => t.hr));
    expect(spec.layout.yaxis?.ticktext).toEqual(['age', 'sex', 'ECOG']);
    est!.x.forEach((x, k) => {
      expect((x as number) + est!.error_x!.array[k]!).toBeCloseTo(fit.terms[k]!.upper, 12);
      expect((x as number) - est!.error_x!.arrayminus![k]!).toBeCloseTo(fit.terms[k]!.lower, 12);
    });
    // The log range covers every limit and 1.
    const [a, b] = spec.layout.xaxis!.range as number[];
    for (const t of fit.terms) {
      expect(Math.log10(t.lower)).toBeGreaterThan(a!);
      expect(Math.log10(t.upper)).toBeLessThan(b!);
    }
    const text = byRole(spec, 'estimate-text')[0]!.text as string[];
    expect(text[1]).toBe(`${g.hr[1]!.toFixed(2)} (${g.lower[1]!.toFixed(2)}–${g.upper[1]!.toFixed(2)})`);
    expect(byRole(spec, 'p-text')[0]!.text).toEqual(['0.23', '<0.001', '<0.001']);
    expect(spec.layout.annotations?.map((a) => a.text)).toEqual(['<b>HR (95% CI)</b>', '<b>p</b>']);
    expectJsonRoundTrip(spec);
  });
});

describe('forestFromFineGray', () => {
  it('SHR rows from the result', () => {
    const res = fineGray('Surv(etime, event) ~ age + sex', mgus2(), { cause: 1 });
    const rows = fineGrayForestRows(res);
    expect(rows.map((r) => r.estimate)).toEqual(res.terms.map((t) => t.shr));
    const spec = forestFromFineGray(res);
    expect(spec.layout.xaxis?.title?.text).toBe('SHR (95% CI)');
    expect(spec.layout.title?.text).toBe('Subdistribution hazard ratios (cause 1)');
    expectJsonRoundTrip(spec);
  });
});

describe('forestPlot', () => {
  it('handles a row without estimate, does not mutate rows, validates', () => {
    const rows = deepFreeze([
      { label: 'a', estimate: 2, lower: 1.5, upper: 3, p: 0.01 },
      { label: 'b', estimate: NaN, lower: NaN, upper: NaN },
    ]);
    const spec = forestPlot(rows);
    expect(byRole(spec, 'estimates')[0]!.x).toEqual([2, null]);
    expect(byRole(spec, 'estimate-text')[0]!.text).toEqual(['2.00 (1.50–3.00)', 'NA']);
    expect(spec.meta?.warnings).toEqual(["row 'b' has no estimate (shown as NA)"]);
    expectJsonRoundTrip(spec);
    expect(() => forestPlot([])).toThrow(UsageError);
    expect(() => forestPlot([{ label: 'x', estimate: -1, lower: -2, upper: 0.5 }])).toThrow(UsageError);
    expect(() => forestPlot([{ label: 'x', estimate: 1, lower: 1.2, upper: 2 }])).toThrow(UsageError);
  });

  it('linear axis with reference 0 for differences; no p column without p', () => {
    const spec = forestPlot([{ label: 'd', estimate: -0.5, lower: -1, upper: 0.2 }], { logScale: false, estimateLabel: 'Difference' });
    expect(spec.layout.xaxis?.type).toBe('linear');
    expect(spec.layout.shapes?.[0]?.x0).toBe(0);
    expect(byRole(spec, 'p-text')).toHaveLength(0);
  });
});
