/**
 * Golden tests of coxResiduals against R survival 3.5-3 (fixture written by
 * test/golden/cox-post.R: `residuals(fit, type = ...)` for each type, with
 * `collapse = heart$id` on the counting-process fit). Tolerance: 1e-6
 * relative with an absolute floor of 1e-10. Plus small hand-checked cases.
 */
import { describe, expect, it } from 'vitest';
import { coxResiduals, type CoxResidualType } from '../../../../models/survival/cox/cox-residuals.js';
import type { CoxPostInput } from '../../../../models/survival/cox/cox-post-types.js';
import { f64, inputOf, loadCoxPostFits, type CoxPostFitBase, type Num } from './cox-post-fixture.js';

interface FitFixture extends CoxPostFitBase {
  residuals: Record<string, Num[] | Num[][]> & { collapse?: number[] };
}

const fixture = loadCoxPostFits<FitFixture>();

function maxRelDiff(got: ArrayLike<number>, want: ArrayLike<number>, floor = 1e-10): number {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i]! - want[i]!) / Math.max(Math.abs(want[i]!), floor);
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  return worst;
}

const TOL = 1e-6;

describe('coxResiduals vs R survival 3.5-3', () => {
  for (const f of fixture.fits) {
    describe(f.name, () => {
      const input = inputOf(f);
      for (const type of ['martingale', 'deviance'] as CoxResidualType[]) {
        it(type, () => {
          const r = coxResiduals(input, type);
          expect(maxRelDiff(r.values!, f64(f.residuals[type] as Num[]))).toBeLessThan(TOL);
        });
      }
      for (const type of ['score', 'dfbeta', 'dfbetas', 'schoenfeld', 'scaledschoenfeld'] as CoxResidualType[]) {
        it(type, () => {
          const r = coxResiduals(input, type);
          const want = f.residuals[type] as Num[][];
          expect(r.columns.length).toBe(want.length);
          for (let k = 0; k < want.length; k++) {
            expect(maxRelDiff(r.columns[k]!, f64(want[k]!))).toBeLessThan(TOL);
          }
          if (type === 'schoenfeld') {
            expect(Array.from(r.time!)).toEqual(f.residuals['schoenfeldTime'] as number[]);
          }
        });
      }
      it('weighted martingale residuals sum to 0 (any beta, also extreme risk ratios: per-stratum cumulation)', () => {
        const shifted = { ...input, coef: input.coef.map((b) => b + 0.05) };
        for (const inp of [input, shifted]) {
          const m = coxResiduals(inp, 'martingale', { weighted: true }).values!;
          const total = m.reduce((a, v) => a + v, 0);
          expect(Math.abs(total)).toBeLessThan(1e-9);
        }
      });
      if (f.residuals.collapse) {
        it('collapse by id (martingale, deviance, dfbeta)', () => {
          const collapse = Int32Array.from(f.residuals.collapse!);
          const m = coxResiduals(input, 'martingale', { collapse });
          expect(maxRelDiff(m.values!, f64(f.residuals['collapsedMartingale'] as Num[]))).toBeLessThan(TOL);
          const d = coxResiduals(input, 'deviance', { collapse });
          expect(maxRelDiff(d.values!, f64(f.residuals['collapsedDeviance'] as Num[]))).toBeLessThan(TOL);
          const b = coxResiduals(input, 'dfbeta', { collapse });
          const want = f.residuals['collapsedDfbeta'] as Num[][];
          for (let k = 0; k < want.length; k++) expect(maxRelDiff(b.columns[k]!, f64(want[k]!))).toBeLessThan(TOL);
          expect(b.groups!.length).toBe(new Set(f.residuals.collapse).size);
        });
      }
    });
  }
});

describe('coxResiduals by hand', () => {
  // Two subjects, no covariate effect (beta = 0): times 1 (event), 2 (event).
  // Breslow hazard: 1/2 at t=1, 1/1 at t=2. Martingale: 1 - 1/2, 1 - (1/2 + 1).
  const base: CoxPostInput = {
    x: [Float64Array.of(0, 1)], time: Float64Array.of(1, 2), status: Float64Array.of(1, 1),
    start: null, strata: null, weights: null, offset: null, cluster: null,
    coef: Float64Array.of(0), var: Float64Array.of(1), means: Float64Array.of(0.5),
    ties: 'breslow', columnNames: ['z'], assign: [0], termLabels: ['z'],
  };
  it('martingale residuals sum to zero and match the hand values', () => {
    const r = coxResiduals(base, 'martingale').values!;
    expect(r[0]).toBeCloseTo(0.5, 14);
    expect(r[1]).toBeCloseTo(-0.5, 14);
  });
  it('Schoenfeld residuals: x minus the risk-set mean', () => {
    const r = coxResiduals(base, 'schoenfeld');
    // t=1: mean of {0,1} = 0.5 -> 0 - 0.5; t=2: only subject 2 -> 0.
    expect(Array.from(r.columns[0]!)).toEqual([-0.5, 0]);
    expect(Array.from(r.rowIndex!)).toEqual([0, 1]);
  });
  it('Efron ties: two tied events share the average of the sub-step means', () => {
    // Three subjects, beta = 0, times 1, 1, 2, all events. At t = 1: d = 2,
    // W/d = 1, h_0 = 1/3, h_1 = 1/(3 - 1) = 1/2: hazard 5/6, seen by the two
    // deaths as 1/3 + (1/2)(1/2) = 7/12. At t = 2: hazard 1.
    const tied: CoxPostInput = {
      ...base, x: [Float64Array.of(0, 1, 0)], time: Float64Array.of(1, 1, 2), status: Float64Array.of(1, 1, 1),
      ties: 'efron',
    };
    const m = coxResiduals(tied, 'martingale').values!;
    expect(m[0]).toBeCloseTo(5 / 12, 14);
    expect(m[1]).toBeCloseTo(5 / 12, 14);
    expect(m[2]).toBeCloseTo(1 - (5 / 6 + 1), 14);
    const b = coxResiduals({ ...tied, ties: 'breslow' }, 'martingale').values!;
    expect(b[0]).toBeCloseTo(1 - 2 / 3, 14);
  });
  it('does not modify its input', () => {
    const copy = structuredClone(base);
    coxResiduals(base, 'dfbetas');
    expect(base).toEqual(copy);
  });
  it('rejects collapse for Schoenfeld residuals and a bad status', () => {
    expect(() => coxResiduals(base, 'schoenfeld', { collapse: Int32Array.of(1, 1) })).toThrow(/collapse/);
    expect(() => coxResiduals({ ...base, status: Float64Array.of(2, 1) }, 'martingale')).toThrow(/status/);
  });
  it('NaN coefficient: column excluded with a warning', () => {
    const two: CoxPostInput = {
      ...base, x: [Float64Array.of(0, 1), Float64Array.of(0, 1)], coef: Float64Array.of(0, NaN),
      var: Float64Array.of(1, 0, 0, 0), means: Float64Array.of(0.5, 0.5), columnNames: ['z', 'z2'],
      assign: [0, 1], termLabels: ['z', 'z2'],
    };
    const r = coxResiduals(two, 'score');
    expect(r.columns.length).toBe(1);
    expect(r.warnings.length).toBe(1);
  });
});
