/**
 * Golden tests of coxSurvfit and coxBaselineHazard against R survival 3.5-3
 * (fixture written by test/golden/cox-post.R: `survfit(fit, newdata)` with
 * 2-3 new rows, `summary(sf, times = c(100, 365, 500))`, `basehaz(fit,
 * centered = TRUE / FALSE)`). Tolerance 1e-6 relative, absolute floor 1e-10.
 */
import { describe, expect, it } from 'vitest';
import { coxSurvfit, confidenceLimits } from '../../../../models/survival/cox/cox-survfit.js';
import { coxBaselineHazard } from '../../../../models/survival/cox/cox-baseline.js';
import type { CoxPostInput } from '../../../../models/survival/cox/cox-post-types.js';
import { f64, inputOf, loadCoxPostFits, type CoxPostFitBase, type Num, maxRel } from './cox-post-fixture.js';

interface CurveFixture {
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  surv: Num[];
  cumhaz: Num[];
  stdErr: Num[];
  lower: Num[];
  upper: Num[];
}
interface FitFixture extends CoxPostFitBase {
  survfit: {
    newX: number[][];
    newStrata: number[] | null;
    curves: CurveFixture[];
    summaryTimes: number[];
    summaryFirst: { time: number[]; surv: number[] };
    newOffset: number[] | null;
    curvesAllStrata?: { row: number; stratum: number; time: number[]; surv: number[]; stdErr: number[] }[];
  };
  basehaz: { time: number[]; hazard: number[]; hazardUncentered: number[]; strata: number[] | null };
}

const fixture = loadCoxPostFits<FitFixture>();

const TOL = 1e-6;

describe('coxSurvfit / coxBaselineHazard vs R survival 3.5-3', () => {
  for (const f of fixture.fits) {
    describe(f.name, () => {
      const input = inputOf(f);
      const sf = f.survfit;
      const newdata = {
        x: sf.newX.map(f64),
        ...(sf.newStrata ? { strata: Int32Array.from(sf.newStrata) } : {}),
        ...(sf.newOffset ? { offset: f64(sf.newOffset) } : {}),
      };
      it('survfit(fit, newdata): time, n.risk, n.event, n.censor, surv, cumhaz, std.err, lower, upper', () => {
        const r = coxSurvfit(input, newdata);
        expect(r.curves.length).toBe(sf.curves.length);
        sf.curves.forEach((want, i) => {
          const c = r.curves[i]!;
          expect(Array.from(c.time)).toEqual(want.time);
          expect(maxRel(c.nRisk, want.nRisk)).toBeLessThan(TOL);
          expect(maxRel(c.nEvent, want.nEvent)).toBeLessThan(TOL);
          expect(maxRel(c.nCensor, want.nCensor)).toBeLessThan(TOL);
          expect(maxRel(c.surv, f64(want.surv))).toBeLessThan(TOL);
          expect(maxRel(c.cumhaz, f64(want.cumhaz))).toBeLessThan(TOL);
          expect(maxRel(c.stdErr!, f64(want.stdErr))).toBeLessThan(TOL);
          expect(maxRel(c.lower!, f64(want.lower))).toBeLessThan(TOL);
          expect(maxRel(c.upper!, f64(want.upper))).toBeLessThan(TOL);
        });
      });
      it('survivalAt matches summary(sf, times) for the first curve', () => {
        const r = coxSurvfit(input, newdata, { se: false });
        const at = r.survivalAt(sf.summaryTimes)[0]!;
        const k = Math.min(sf.summaryTimes.length, sf.summaryFirst.surv.length);
        expect(maxRel(at.surv.subarray(0, k), sf.summaryFirst.surv.slice(0, k))).toBeLessThan(TOL);
        expect(r.curves[0]!.stdErr).toBeNull();
      });
      if (sf.curvesAllStrata) {
        it('newdata without strata: a curve per row and stratum', () => {
          const r = coxSurvfit(input, { x: newdata.x });
          expect(r.curves.length).toBe(sf.curvesAllStrata!.length);
          sf.curvesAllStrata!.forEach((want, i) => {
            const c = r.curves[i]!;
            expect([c.row, c.stratum]).toEqual([want.row, want.stratum]);
            expect(Array.from(c.time)).toEqual(want.time);
            expect(maxRel(c.surv, want.surv)).toBeLessThan(TOL);
            expect(maxRel(c.stdErr!, want.stdErr)).toBeLessThan(TOL);
          });
        });
      }
      it('basehaz(fit, centered = TRUE / FALSE)', () => {
        const b = coxBaselineHazard(input);
        expect(Array.from(b.time)).toEqual(f.basehaz.time);
        expect(maxRel(b.cumhaz, f.basehaz.hazard)).toBeLessThan(TOL);
        if (f.basehaz.strata) expect(Array.from(b.strata!)).toEqual(f.basehaz.strata);
        else expect(b.strata).toBeNull();
        // survfit without newdata is the curve at the means: the centred baseline
        const atMeans = coxSurvfit(input, null, { se: false }).curves;
        expect(maxRel(Float64Array.from(atMeans.flatMap((c) => Array.from(c.cumhaz))), f.basehaz.hazard)).toBeLessThan(TOL);
        const u = coxBaselineHazard(input, { centered: false });
        expect(maxRel(u.cumhaz, f.basehaz.hazardUncentered)).toBeLessThan(TOL);
      });
    });
  }
});

describe('coxSurvfit by hand', () => {
  // Two subjects, beta = 0 (var 0): Breslow hazard 1/2 at t=1, +1 at t=2.
  const base: CoxPostInput = {
    x: [Float64Array.of(0, 1)], time: Float64Array.of(1, 2), status: Float64Array.of(1, 1),
    start: null, strata: null, weights: null, offset: null, cluster: null,
    coef: Float64Array.of(0), var: Float64Array.of(0), means: Float64Array.of(0.5),
    ties: 'breslow', columnNames: ['z'], assign: [0], termLabels: ['z'],
  };
  it('Breslow curve and Greenwood-type variance without coefficient uncertainty', () => {
    const r = coxSurvfit(base, { x: [Float64Array.of(0)] });
    const c = r.curves[0]!;
    expect(Array.from(c.cumhaz)).toEqual([0.5, 1.5]);
    expect(c.surv[1]).toBeCloseTo(Math.exp(-1.5), 15);
    // varhaz: 1/2^2 + 1/1^2
    expect(c.stdErr![1]).toBeCloseTo(Math.sqrt(0.25 + 1), 14);
    expect(Array.from(c.nRisk)).toEqual([2, 1]);
    const at = r.survivalAt([0.5, 1, 1.5, 3])[0]!;
    expect(Array.from(at.surv)).toEqual([1, Math.exp(-0.5), Math.exp(-0.5), NaN]);
  });
  it('confidence limits: log and log-log', () => {
    const z = 1.959963984540054;
    const l = confidenceLimits(0.5, 0.1, 'log', 0.95);
    expect(l.lower).toBeCloseTo(0.5 * Math.exp(-z * 0.1), 12);
    expect(l.upper).toBeCloseTo(0.5 * Math.exp(z * 0.1), 12);
    const ll = confidenceLimits(0.5, 0.1, 'log-log', 0.95);
    expect(ll.lower).toBeLessThan(0.5);
    expect(ll.upper).toBeGreaterThan(0.5);
  });
  it('rejects a stratum not in the fit and a bad confidence level', () => {
    const strat: CoxPostInput = { ...base, strata: Int32Array.of(0, 0) };
    expect(() => coxSurvfit(strat, { x: [Float64Array.of(0)], strata: Int32Array.of(3) })).toThrow(/stratum/);
    expect(() => coxSurvfit(base, { x: [Float64Array.of(0)] }, { confLevel: 1.5 })).toThrow(/confLevel/);
  });
  it('an offset shifts the curve like a covariate would', () => {
    // offset o for every row of the fit and the new row: nothing changes.
    const off: CoxPostInput = { ...base, offset: Float64Array.of(0.3, 0.3) };
    const a = coxSurvfit(base, { x: [Float64Array.of(1)] }).curves[0]!;
    const b = coxSurvfit(off, { x: [Float64Array.of(1)], offset: Float64Array.of(0.3) }).curves[0]!;
    for (let k = 0; k < a.surv.length; k++) expect(b.surv[k]).toBeCloseTo(a.surv[k]!, 14);
  });
});
