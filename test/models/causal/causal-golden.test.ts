// Golden comparisons against R 4.2.2 / survival 3.5-3 / MASS: see test/golden/causal-iptw.R
// (glm binomial propensity model, IP weights, SMDs, coxph(weights, robust = TRUE), glm/glm.nb + HC0 sandwich).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { balanceTable, ipWeights, propensityScore, subgroupEffects, weightedEffect } from '../../../models/causal/index.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

interface Golden {
  ps_coef: number[]; ps_se: number[]; ps_names: string[]; ps_deviance: number;
  ps: number[]; w_ate: number[]; w_sate: number[]; w_att: number[]; w_ato: number[]; w_trunc: number[];
  balance: { covariate: string; binary: boolean; smdBefore: number; smdAfter: number; varianceRatioAfter: number | 'NA' }[];
  cox_coef: number; cox_robust_se: number; cox_naive_se: number;
  cox_int_names: string[]; int_stat: number; int_df: number;
  subgroups: { level: string; coef: number; robustSe: number }[];
  pois_coef: number[]; pois_robust_se: number[];
  nb_coef: number[]; nb_theta: number; nb_robust_se: number[];
}
const g = JSON.parse(readFileSync('test/golden/causal-iptw.json', 'utf8')) as Golden;
const gbsg = readCsvColumns('datasets/gbsg.csv');
const covs = ['age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er'];

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
}
function expectClose(actual: ArrayLike<number>, expected: readonly number[], tol: number): number {
  expect(actual.length).toBe(expected.length);
  let max = 0;
  for (let i = 0; i < expected.length; i++) max = Math.max(max, rel(actual[i]!, expected[i]!));
  expect(max).toBeLessThan(tol);
  return max;
}

const fit = propensityScore(`hormon ~ ${covs.join(' + ')}`, gbsg);
const t = fit.treatment;
const w = ipWeights(t, fit.ps).weights;

describe('causal goldens vs R (gbsg, treatment hormon)', () => {
  it('propensity model matches glm(binomial): coefficients, SEs, deviance, fitted', () => {
    expect(fit.converged).toBe(true);
    expect(fit.coefficients.map((c) => c.term)).toEqual(g.ps_names);
    expectClose(fit.coefficients.map((c) => c.estimate), g.ps_coef, 1e-6);
    expectClose(fit.coefficients.map((c) => c.se), g.ps_se, 1e-6);
    expect(rel(fit.deviance, g.ps_deviance)).toBeLessThan(1e-9);
    expectClose(fit.ps, g.ps, 1e-7);
  });

  it('IP weights: ATE, stabilised ATE, ATT, overlap, truncated at 1st/99th percentile', () => {
    expectClose(w, g.w_ate, 1e-6);
    expectClose(ipWeights(t, fit.ps, { stabilize: true }).weights, g.w_sate, 1e-6);
    expectClose(ipWeights(t, fit.ps, { estimand: 'ATT' }).weights, g.w_att, 1e-6);
    expectClose(ipWeights(t, fit.ps, { estimand: 'ATO' }).weights, g.w_ato, 1e-6);
    const tr = ipWeights(t, fit.ps, { truncate: [0.01, 0.99] });
    expectClose(tr.weights, g.w_trunc, 1e-6);
    expect(tr.nTruncated).toBe(14); // 1% of 686 at each end, rounded: 7 + 7
  });

  it('balance table matches the SMDs and variance ratios computed in R', () => {
    const rows = balanceTable(covs.map((name) => ({ name, values: gbsg[name] as Float64Array })), t, w);
    rows.forEach((r, j) => {
      const e = g.balance[j]!;
      expect(r.covariate).toBe(e.covariate);
      expect(r.binary).toBe(e.binary);
      expect(rel(r.smdBefore, e.smdBefore)).toBeLessThan(1e-9);
      expect(rel(r.smdAfter, e.smdAfter)).toBeLessThan(1e-6);
      if (typeof e.varianceRatioAfter === 'number') expect(rel(r.varianceRatioAfter, e.varianceRatioAfter)).toBeLessThan(1e-6);
      else expect(r.varianceRatioAfter).toBeNaN();
    });
    // weighting must improve balance of meno, the strongest confounder
    const meno = rows.find((r) => r.covariate === 'meno')!;
    expect(Math.abs(meno.smdAfter)).toBeLessThan(Math.abs(meno.smdBefore) / 5);
  });

  it('weighted Cox matches coxph(weights = w, robust = TRUE)', () => {
    const r = weightedEffect('Surv(rfstime, status) ~ hormon', gbsg, w, { treatment: 'hormon' });
    expect(rel(r.effect.estimate, g.cox_coef)).toBeLessThan(1e-6);
    expect(rel(r.effect.se, g.cox_robust_se)).toBeLessThan(1e-6);
    expect(r.effect.ratio).toBeCloseTo(Math.exp(g.cox_coef), 6);
    expect(r.effect.lower).toBeLessThan(r.effect.ratio);
  });

  it('interaction Wald test and subgroup effects match R (hormon x factor(grade))', () => {
    const s = subgroupEffects('Surv(rfstime, status) ~ hormon', gbsg, w, 'grade', { treatment: 'hormon' });
    expect(s.interactionModel.names).toEqual(g.cox_int_names);
    expect(s.interaction.df).toBe(g.int_df);
    expect(rel(s.interaction.statistic, g.int_stat)).toBeLessThan(1e-5);
    expect(s.subgroups.map((x) => x.level)).toEqual(g.subgroups.map((x) => x.level));
    s.subgroups.forEach((x, i) => {
      expect(rel(x.effect!.estimate, g.subgroups[i]!.coef)).toBeLessThan(1e-6);
      expect(rel(x.effect!.se, g.subgroups[i]!.robustSe)).toBeLessThan(1e-6);
    });
  });

  it('weighted Poisson and negative-binomial rate models with HC0 sandwich match R', () => {
    const years = Float64Array.from(gbsg.rfstime as Float64Array, (d) => Math.log(d / 365.25));
    const data = { ...gbsg, logYears: years };
    const p = weightedEffect('status ~ hormon + offset(logYears)', data, w, { treatment: 'hormon', model: 'poisson' });
    expectClose(p.coefficients, g.pois_coef, 1e-8);
    expectClose(Array.from({ length: 2 }, (_, j) => Math.sqrt(p.covariance[j * 2 + j]!)), g.pois_robust_se, 1e-8);
    const nb = weightedEffect('nodes ~ hormon', gbsg, w, { treatment: 'hormon', model: 'negative.binomial' });
    expectClose(nb.coefficients, g.nb_coef, 1e-8);
    expectClose(Array.from({ length: 2 }, (_, j) => Math.sqrt(nb.covariance[j * 2 + j]!)), g.nb_robust_se, 1e-8);
  });
});
