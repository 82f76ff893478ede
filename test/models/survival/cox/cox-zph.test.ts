/**
 * Golden tests of coxZph against R survival 3.5-3 (fixture written by
 * test/golden/cox-post.R: `cox.zph(fit, transform = t, terms = tm)` for
 * t in km, rank, identity and tm in TRUE, FALSE). Tolerance: chisq and p
 * 1e-5 relative; the plot data (x, scaled residuals y) 1e-6 relative with an
 * absolute floor of 1e-10.
 */
import { describe, expect, it } from 'vitest';
import { coxZph } from '../../../../models/survival/cox/cox-zph.js';
import { zphTransformTimes } from '../../../../models/survival/cox/cox-zph-transform.js';
import type { CoxPostInput } from '../../../../models/survival/cox/cox-post-types.js';
import { f64, inputOf, loadCoxPostFits, type CoxPostFitBase, type Num, maxRel } from './cox-post-fixture.js';

interface ZphFixture {
  transform: 'km' | 'rank' | 'identity';
  terms: boolean;
  rows: string[];
  chisq: number[];
  df: number[];
  p: number[];
  x: number[];
  time: number[];
  y: Num[][];
}
interface FitFixture extends CoxPostFitBase {
  zph: ZphFixture[];
}

const fixture = loadCoxPostFits<FitFixture>();

describe('coxZph vs R survival 3.5-3', () => {
  for (const f of fixture.fits) {
    describe(f.name, () => {
      const input = inputOf(f);
      for (const z of f.zph) {
        it(`transform=${z.transform}, terms=${z.terms}`, () => {
          const r = coxZph(input, { transform: z.transform, terms: z.terms });
          const rows = [...r.tests, r.global!];
          expect(rows.map((t) => t.term)).toEqual(z.rows);
          expect(rows.map((t) => t.df)).toEqual(z.df);
          expect(maxRel(rows.map((t) => t.chisq), z.chisq)).toBeLessThan(1e-5);
          expect(maxRel(rows.map((t) => t.p), z.p)).toBeLessThan(1e-5);
          expect(maxRel(r.x, z.x)).toBeLessThan(1e-6);
          expect(Array.from(r.time)).toEqual(z.time);
          expect(r.y.length).toBe(z.y.length);
          for (let k = 0; k < z.y.length; k++) expect(maxRel(r.y[k]!, f64(z.y[k]!))).toBeLessThan(1e-6);
        });
      }
    });
  }
});

describe('coxZph contract and hand checks', () => {
  const f = fixture.fits[0]!;
  const input = inputOf(f);
  it('toJSON gives the CLI contract', () => {
    const json = JSON.parse(JSON.stringify(coxZph(input))) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['global', 'terms']);
    const terms = json['terms'] as { term: string; chisq: number; df: number; p: number }[];
    expect(terms.map((t) => t.term)).toEqual(['age', 'sex', 'ph.ecog']);
    expect(Object.keys(terms[0]!).sort()).toEqual(['chisq', 'df', 'p', 'term']);
    expect((json['global'] as { df: number }).df).toBe(3);
  });
  it('global: false leaves the global test out', () => {
    expect(coxZph(input, { global: false }).global).toBeNull();
  });
  it('km transform: 1 - S(t-) by hand', () => {
    // times 1,2,2,3 with events at 1, 2 (one of two), 3: S(1-) = 1, S(2-) = 3/4,
    // S(3-) = 3/4 * (1 - 1/3) = 1/2.
    const g = zphTransformTimes(Float64Array.of(1, 2, 2, 3), Float64Array.of(1, 1, 0, 1), null, 'km');
    expect(Array.from(g)).toEqual([0, 0.25, 0.25, 0.5]);
    const rk = zphTransformTimes(Float64Array.of(1, 2, 2, 3), Float64Array.of(1, 1, 0, 1), null, 'rank');
    expect(Array.from(rk)).toEqual([1, 2.5, 2.5, 4]);
  });
  it('a NaN coefficient drops its column and its term (as R)', () => {
    const v = fixture.fits.find((x) => x.name === 'veteran')!;
    const inp = inputOf(v);
    // duplicate karno as an aliased extra term
    const p = inp.x.length;
    const var2 = new Float64Array((p + 1) * (p + 1));
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) var2[i * (p + 1) + j] = inp.var[i * p + j]!;
    const aliased: CoxPostInput = {
      ...inp, x: [...inp.x, inp.x[p - 1]!], coef: Float64Array.from([...inp.coef, NaN]), var: var2,
      naiveVar: null, means: Float64Array.from([...inp.means, inp.means[p - 1]!]),
      columnNames: [...inp.columnNames, 'karno2'], assign: [...inp.assign, 3], termLabels: [...inp.termLabels, 'karno2'],
    };
    const a = coxZph(aliased);
    const b = coxZph(inp);
    expect(a.tests.map((t) => t.term)).toEqual(['trt', 'celltype', 'karno']);
    expect(a.global!.chisq).toBeCloseTo(b.global!.chisq, 10);
    expect(a.warnings.length).toBe(1);
  });
  it('does not modify its input', () => {
    const copy = structuredClone(input);
    coxZph(input, { transform: 'rank' });
    expect(input).toEqual(copy);
  });
});
