/**
 * RMST: hand-worked case and golden comparisons with R 4.2.2 / survival 3.5-3
 * (test/golden/rmst.R -> rmst.json: summary(survfit, rmean = tau)$table per group;
 * two-group contrasts with survRM2's formulas written out in R, survRM2 not being
 * installed). Tolerances: RMST 1e-6 relative, standard errors and p-values 1e-5.
 */
import { describe, expect, it } from 'vitest';
import { rmst } from '../../../../models/survival/kaplan-meier/rmst.js';
import { rmstFromCurve } from '../../../../models/survival/kaplan-meier/rmst-fit.js';
import { kaplanMeierCore } from '../../../../models/survival/kaplan-meier/kaplan-meier-fit.js';
import { UsageError } from '../../../../util/errors.js';
import { expectClose, loadDataset, readJson } from './km-golden-helpers.js';

interface GoldRmst {
  id: string; data: string; formula: string; tau: number; labels: string | string[];
  rmean: number | number[]; se: number | number[];
  contrast?: { difference: number; se: number; lower: number; upper: number; p: number; ratio: number;
    'lower.ratio': number; 'upper.ratio': number; 'p.ratio': number };
}
const cases = readJson<GoldRmst[]>('test/golden/rmst.json');
const arr = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

describe('rmstFromCurve: hand-worked', () => {
  // The 6-point example: S = 1 on [0,1), 5/6 on [1,2), 2/3 on [2,3), 4/9 on [3,5), 0 after 5.
  // RMST(4) = 1 + 5/6 + 2/3 + 4/9 = 53/18.
  // Areas after each event time up to 4: A(1) = 5/6*0 + ... computed as area from t_i to 4:
  //   A(3) = 4/9, A(2) = 2/3 + 4/9 = 10/9, A(1) = 5/6 + 10/9 = 35/18 (t = 4 is censoring-only: d = 0)
  // var = A(1)^2/(6*5) + A(2)^2/(5*4) + A(3)^2/(3*2)
  const c = kaplanMeierCore({ time: new Float64Array([1, 2, 2, 3, 4, 5]), status: new Float64Array([1, 1, 0, 1, 0, 1]) }).curves[0]!;
  it('area and variance', () => {
    const e = rmstFromCurve(c, 4);
    expectClose([e.rmst], [53 / 18], 1e-15, 'rmst');
    const v = (35 / 18) ** 2 / 30 + (10 / 9) ** 2 / 20 + (4 / 9) ** 2 / 6;
    expectClose([e.stdErr], [Math.sqrt(v)], 1e-14, 'se');
    expectClose([rmstFromCurve(c, 0.5).rmst], [0.5], 1e-15, 'before first time');
    expect(() => rmstFromCurve(c, -1)).toThrow(UsageError);
    expect(() => rmstFromCurve(c, NaN)).toThrow(UsageError);
  });
});

describe('rmst vs R survfit rmean (golden)', () => {
  for (const g of cases) {
    it(`${g.id}: summary(survfit(${g.formula}), rmean = ${g.tau})`, () => {
      const data = loadDataset(g.data);
      const explicit = !g.id.endsWith('default');
      const r = rmst(g.formula, data, explicit ? { tau: g.tau } : {});
      expect(r.tau).toBe(g.tau);
      expect(r.groups.map((x) => x.label)).toEqual(arr(g.labels));
      expectClose(r.groups.map((x) => x.rmst), arr(g.rmean), 1e-6, `${g.id} rmean`);
      expectClose(r.groups.map((x) => x.stdErr), arr(g.se), 1e-5, `${g.id} se`);
      for (const x of r.groups) expect(x.lower).toBeCloseTo(x.rmst - 1.959963984540054 * x.stdErr, 8);
      if (g.contrast) {
        const c = r.contrast!;
        expectClose([c.difference], [g.contrast.difference], 1e-6, `${g.id} diff`);
        expectClose([c.differenceStdErr], [g.contrast.se], 1e-5, `${g.id} diff se`);
        expectClose([c.differenceLower, c.differenceUpper], [g.contrast.lower, g.contrast.upper], 1e-5, `${g.id} diff ci`);
        expectClose([c.differenceP], [g.contrast.p], 1e-5, `${g.id} diff p`);
        expectClose([c.ratio], [g.contrast.ratio], 1e-6, `${g.id} ratio`);
        expectClose([c.ratioLower, c.ratioUpper], [g.contrast['lower.ratio'], g.contrast['upper.ratio']], 1e-5, `${g.id} ratio ci`);
        expectClose([c.ratioP], [g.contrast['p.ratio']], 1e-5, `${g.id} ratio p`);
      } else {
        expect(r.contrast).toBeNull();
      }
    });
  }
  it('warns when tau is beyond a curve', () => {
    const r = rmst('Surv(time, status) ~ sex', loadDataset('lung'), { tau: 1020 });
    expect(r.warnings.some((w) => w.includes('sex=2'))).toBe(true);
    expect(() => rmst('Surv(time, status) ~ sex', loadDataset('lung'), { confLevel: 2 })).toThrow(UsageError);
  });
});
