/**
 * Biomarker evaluation: likelihood-ratio test and screens versus R survival
 * 3.5-3 (test/golden/risk-metrics-biomarker.R: anova of nested coxph fits,
 * summary(coxph) Wald p-values, p.adjust(p, "BH"); tolerances 1e-8 / 1e-6
 * relative), NRI worked by hand, and the shape of the combined result.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { biomarkerValue, multivariableScreen, netReclassification, univariableScreen } from '../../../models/risk/biomarker.js';
import { readCsvColumns } from '../../helpers/read-csv.js';
import { UsageError } from '../../../util/errors.js';

interface Screen {
  names: string[];
  coef: number[];
  se: number[];
  p: number[];
  q: number[];
}
const g = JSON.parse(readFileSync('test/golden/risk-metrics-biomarker.json', 'utf8')) as {
  lrt: { chisq: number; df: number; p: number };
  univariable: Screen;
  adjusted: Screen;
  multivariable: Screen;
};
const d = readCsvColumns('datasets/gbsg.csv') as Record<string, Float64Array>;
const time = d.rfstime!;
const status = d.status!;
const col = (name: string) => d[name]!;
const rel = (a: number, b: number, tol: number, what: string) =>
  expect(Math.abs(a - b), `${what}: ${a} vs R ${b}`).toBeLessThanOrEqual(tol * Math.abs(b) + 1e-300);

function checkScreen(rows: ReturnType<typeof univariableScreen>, want: Screen, what: string) {
  expect(rows.map((r) => r.name)).toEqual(want.names);
  rows.forEach((r, k) => {
    rel(r.coef, want.coef[k]!, 1e-6, `${what} coef ${r.name}`);
    rel(r.se, want.se[k]!, 1e-6, `${what} se ${r.name}`);
    rel(r.pValue, want.p[k]!, 1e-6, `${what} p ${r.name}`);
    rel(r.qValue, want.q[k]!, 1e-6, `${what} q ${r.name}`);
  });
}

describe('biomarker evaluation on gbsg', () => {
  it('likelihood-ratio test of pgr + er over age + size + nodes = anova(coxph, coxph)', () => {
    const r = biomarkerValue({ time, status, base: [col('age'), col('size'), col('nodes')], marker: [col('pgr'), col('er')] }, { horizon: 1825, B: 100 });
    rel(r.lrt.chisq, g.lrt.chisq, 1e-8, 'chisq');
    expect(r.lrt.df).toBe(g.lrt.df);
    rel(r.lrt.pValue, g.lrt.p, 1e-7, 'p');
    expect(r.concordance.difference).toBeCloseTo(r.concordance.c2 - r.concordance.c1, 14);
    expect(r.concordance.c2).toBeGreaterThan(r.concordance.c1); // pgr is prognostic in gbsg
    expect(r.auc.difference).toBeCloseTo(r.auc.full - r.auc.base, 14);
    for (const nri of [r.nri.continuous, r.nri.categorical]) {
      expect(nri.total).toBeCloseTo(nri.events + nri.nonEvents, 14);
      expect(nri.up + nri.down).toBeLessThanOrEqual(1);
    }
    expect(r.riskFull.every((v) => v > 0 && v < 1)).toBe(true);
  });
  it('univariable, adjusted and multivariable screens with BH q-values = summary(coxph) + p.adjust', () => {
    const names = g.univariable.names;
    checkScreen(univariableScreen(time, status, names.map(col), names), g.univariable, 'univariable');
    checkScreen(univariableScreen(time, status, g.adjusted.names.map(col), g.adjusted.names, { adjust: [col('age'), col('nodes')] }), g.adjusted, 'adjusted');
    checkScreen(multivariableScreen(time, status, names.map(col), names), g.multivariable, 'multivariable');
  });
  it('rejects bad options', () => {
    expect(() => biomarkerValue({ time, status, base: [], marker: [] }, { horizon: 1 })).toThrow(UsageError);
    expect(() => biomarkerValue({ time, status, base: [], marker: [col('pgr')] }, { horizon: 1000, cutoffs: [0.3, 0.2] })).toThrow(UsageError);
  });
});

describe('NRI worked by hand (Pencina 2011 KM form reduces to counts without censoring)', () => {
  it('six events, horizon 3.5: events up 2 / down 1, non-events down 2 / up 1', () => {
    const t = new Float64Array([1, 2, 3, 4, 5, 6]);
    const s = new Float64Array([1, 1, 1, 1, 1, 1]);
    const r = netReclassification(t, s, Int8Array.from([1, 1, -1, -1, -1, 1]), 3.5);
    expect(r.events).toBeCloseTo(1 / 3, 14);
    expect(r.nonEvents).toBeCloseTo(1 / 3, 14);
    expect(r.total).toBeCloseTo(2 / 3, 14);
    expect(r.up).toBe(0.5);
  });
  it('with censoring the event part uses 1 - KM: row censored at 2 in the up group', () => {
    // up = rows 0,1 (times 1 event, 2 censored); down = rows 2,3 (times 3, 4 events); h = 3.5
    const t = new Float64Array([1, 2, 3, 4]);
    const s = new Float64Array([1, 0, 1, 1]);
    const r = netReclassification(t, s, Int8Array.from([1, 1, -1, -1]), 3.5);
    // S(3.5) = (3/4)(1/2) = 3/8; S_up = 1/2; S_down = 1/2
    expect(r.events).toBeCloseTo((0.5 * 0.5 - 0.5 * 0.5) / (1 - 3 / 8), 14);
    expect(r.nonEvents).toBeCloseTo((0.5 * 0.5 - 0.5 * 0.5) / (3 / 8), 14);
  });
});
