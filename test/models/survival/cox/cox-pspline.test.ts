/**
 * pspline() in coxph against R 4.2.2 / survival 3.5-3 (test/golden/cox-pspline.R):
 * coefficients, unpenalized log-likelihoods, df of every term, iteration
 * counts (exactly: the df search must take R's path), the fitted theta, the
 * variance diagonals, print(coxph)'s linear / nonlinear rows, the
 * likelihood-ratio test and the concordance; all to relative 1e-6.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { psplinePenalty } from '../../../../models/design/pspline-basis.js';
import type { ColumnTable } from '../../../../models/design/types.js';
import { coxph } from '../../../../models/survival/cox/cox.js';
import { readCsvColumns } from '../../../helpers/read-csv.js';

interface Case {
  dataset: string;
  formula: string;
  ties: 'efron' | 'breslow';
  n: number;
  nevent: number;
  names: string[];
  coef: number[];
  loglik: number[];
  df: number[];
  iter: number[];
  varDiag: number[];
  var2Diag: number[];
  lr: number[];
  concordance: number[];
  penalized: { term: string; theta: number; linear: number[]; nonlinear: number[] }[];
}
const golden = JSON.parse(readFileSync('test/golden/cox-pspline.json', 'utf8')) as { cases: Case[] };
const cache: Record<string, ColumnTable> = {};
const load = (name: string): ColumnTable => (cache[name] ??= readCsvColumns(`datasets/${name}.csv`));
function close(got: number, want: number, tol: number, what: string): void {
  expect(Math.abs(got - want), `${what}: ${got} vs R ${want}`).toBeLessThanOrEqual(tol * Math.max(1e-8, Math.abs(want)));
}

describe('coxph with pspline() matches R coxph (coxpenal.fit)', () => {
  it('has the cases', () => expect(golden.cases.length).toBeGreaterThanOrEqual(6));
  for (const c of golden.cases) {
    it(`${c.dataset}: ${c.formula} (${c.ties})`, () => {
      const fit = coxph(c.formula, load(c.dataset), { ties: c.ties });
      expect(fit.n).toBe(c.n);
      expect(fit.nEvent).toBe(c.nevent);
      expect(fit.columnNames).toEqual(c.names);
      const pen = fit.penalized!;
      expect(pen.iterations).toEqual(c.iter);
      c.coef.forEach((b, j) => close(fit.coefficients[j]!, b, 1e-6, `coef ${c.names[j]}`));
      close(fit.loglik[0], c.loglik[0]!, 1e-9, 'loglik0');
      close(fit.loglik[1], c.loglik[1]!, 1e-9, 'loglik1');
      c.df.forEach((d, t) => close(pen.dfByTerm[t]!.df, d, 1e-6, `df ${t}`));
      const p = c.names.length;
      c.varDiag.forEach((v, j) => close(fit.internals.var[j * p + j]!, v, 1e-6, `var ${j}`));
      c.var2Diag.forEach((v, j) => close(pen.var2[j * p + j]!, v, 1e-6, `var2 ${j}`));
      c.penalized.forEach((r, k) => {
        const s = pen.terms[k]!;
        expect(s.label).toBe(r.term);
        close(s.theta, r.theta, 1e-9, 'theta');
        const [coef, se, se2, chisq, df, pv] = r.linear as [number, number, number, number, number, number];
        close(s.linear.coef, coef, 1e-6, 'linear coef');
        close(s.linear.se, se, 1e-6, 'linear se');
        close(s.linear.se2, se2, 1e-6, 'linear se2');
        close(s.linear.chisq, chisq, 1e-6, 'linear chisq');
        expect(s.linear.df).toBe(df);
        close(s.linear.p, pv, 1e-6, 'linear p');
        close(s.nonlinear.chisq, r.nonlinear[0]!, 1e-6, 'nonlinear chisq');
        close(s.nonlinear.df, r.nonlinear[1]!, 1e-6, 'nonlinear df');
        close(s.nonlinear.p, r.nonlinear[2]!, 1e-6, 'nonlinear p');
      });
      const j = fit.toJSON();
      close(j.tests.lr.stat!, c.lr[0]!, 1e-6, 'LR');
      close(j.tests.lr.df, c.lr[1]!, 1e-6, 'LR df');
      close(j.tests.lr.p!, c.lr[2]!, 1e-6, 'LR p');
      expect(j.tests.score.stat).toBeNull(); // R has no score test for penalized fits
      close(j.concordance!, c.concordance[0]!, 1e-6, 'C');
      close(j.concordanceSe!, c.concordance[1]!, 1e-5, 'se(C)');
      expect(j.penalized!.terms.map((t) => t.term)).toEqual(c.penalized.map((r) => r.term));
    });
  }
});

describe('pspline basis and penalty', () => {
  it('the penalty is second differences without the first coefficient (survival pspline dmat)', () => {
    const d = psplinePenalty(4); // from 5 coefficients
    expect(Array.from(d)).toEqual([5, -4, 1, 0, -4, 6, -4, 1, 1, -4, 5, -2, 0, 1, -2, 1]);
  });
  it('refuses pspline with a robust variance, with tt(), in an interaction, and df above nterm', () => {
    const lung = load('lung');
    expect(() => coxph('Surv(time, status) ~ pspline(age) + cluster(inst)', lung)).toThrow(/robust/);
    expect(() => coxph('Surv(time, status) ~ pspline(age, df = 12, nterm = 10)', lung)).toThrow(/nterm \(10\) too small/);
    expect(() => coxph('Surv(time, status) ~ pspline(age):sex', lung)).toThrow(/interaction/);
  });
  it('the summary prints the linear and nonlinear rows and the df search', () => {
    const text = coxph('Surv(time, status) ~ ph.ecog + pspline(age)', load('lung')).summary();
    expect(text).toMatch(/pspline\(age\), linear/);
    expect(text).toMatch(/pspline\(age\), nonlin/);
    expect(text).toMatch(/Iterations: 4 outer, 11 Newton-Raphson/);
    expect(text).toMatch(/Theta= 0\.787/);
  });
});

describe('coxph constants', () => {
  it('Z_975 is qnorm(0.975) (R prints 1.9599639845400536 with %.17g; our qnorm is within 8 ulp)', async () => {
    const { pnorm, qnorm } = await import('../../../../models/stats/distributions.js');
    const { Z_975 } = await import('../../../../models/survival/cox/cox.js');
    expect(Math.abs(Z_975 - qnorm(0.975))).toBeLessThanOrEqual(8 * Number.EPSILON * Z_975);
    expect(Math.abs(pnorm(Z_975) - 0.975)).toBeLessThan(1e-16);
  });
});

describe('post-fit functions on tt() and pspline() fits', () => {
  it('cox.zph and survfit refuse a tt() fit as R does; cox.zph refuses pspline() (not implemented)', async () => {
    const { coxZph } = await import('../../../../models/survival/cox/cox-zph.js');
    const { coxSurvfit } = await import('../../../../models/survival/cox/cox-survfit.js');
    const lung = load('lung');
    const tt = coxph('Surv(time, status) ~ ph.karno + tt(ph.karno)', lung, { tt: (x, t) => x.map((v, i) => v * Math.log(t[i]!)) });
    expect(() => coxZph(tt.internals)).toThrow(/tt\(\) terms/);
    expect(() => coxSurvfit(tt.internals)).toThrow(/tt\(\) term/);
    expect(() => tt.predict()).toThrow(/tt\(\) terms/);
    const ps = coxph('Surv(time, status) ~ ph.ecog + pspline(age)', lung);
    expect(() => coxZph(ps.internals)).toThrow(/pspline/);
  });
});
