/**
 * Golden comparison with R: test/golden/glm-arr.R (R 4.2.2, MASS 7.3-58.2, sandwich 3.0.2)
 * wrote glm-arr.csv and glm-arr.json. Tolerances: coefficients 1e-6 relative (1e-8 absolute
 * near 0), SE 1e-5, deviance / AIC / logLik / theta 1e-6, SE(theta) 1e-5.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { negativeBinomialRegression, poissonRegression, thetaMl, digamma, trigamma, POISSON_FAMILY, glmIrls, resolveGlmControl, prepareCountData, withIntercept } from '../../../models/glm/index.js';
import type { CountRegressionResult, CountRegressionInput } from '../../../models/glm/index.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

interface GoldenFit {
  terms: string[];
  estimate: number[];
  se: number[];
  z: number[];
  p: number[];
  deviance: number;
  nullDeviance: number;
  dfResidual: number;
  dfNull: number;
  aic: number;
  logLik: number;
  fitted1to5: number[];
  ci: number[][];
  robustSe: number[];
  robustSeAdjusted?: number[];
  theta?: number;
  thetaSE?: number;
}
const golden = JSON.parse(readFileSync('test/golden/glm-arr.json', 'utf8')) as Record<string, GoldenFit> & {
  thetaMl: { theta: number; se: number };
  digamma: { x: number[]; digamma: number[]; trigamma: number[] };
};
const t = readCsvColumns('test/golden/glm-arr.csv');
const therapy = t.therapy as readonly (string | null)[];
const n = therapy.length;
const col = (name: string): Float64Array => t[name] as Float64Array;
const dummy = (level: string): Float64Array => Float64Array.from(therapy, (v) => (v === level ? 1 : 0));
const logYears = Float64Array.from(col('years'), Math.log);
const design = withIntercept(
  [
    { name: 'therapymoderate', values: dummy('moderate') },
    { name: 'therapyhigh', values: dummy('high') },
    { name: 'age', values: col('age') },
    { name: 'female', values: col('female') },
  ],
  n,
);
const input: CountRegressionInput = { y: col('relapses'), x: design, offset: logYears, cluster: col('id') };

function close(actual: number, expected: number, rel: number, abs = 1e-8): void {
  const err = Math.abs(actual - expected);
  expect(err <= abs || err <= rel * Math.abs(expected), `${actual} vs ${expected}`).toBe(true);
}

function compare(fit: CountRegressionResult, g: GoldenFit, robust?: CountRegressionResult): void {
  expect(fit.coefficients.map((c) => c.term)).toEqual(g.terms);
  fit.coefficients.forEach((c, j) => {
    close(c.estimate, g.estimate[j] as number, 1e-6);
    close(c.se, g.se[j] as number, 1e-5);
    close(c.z, g.z[j] as number, 1e-5);
    close(c.p, g.p[j] as number, 1e-4, 1e-10);
    close(c.lower, g.ci[j]![0] as number, 1e-5);
    close(c.upper, g.ci[j]![1] as number, 1e-5);
    expect(c.rateRatio).toBeCloseTo(Math.exp(c.estimate), 12);
  });
  close(fit.deviance, g.deviance, 1e-6);
  close(fit.nullDeviance, g.nullDeviance, 1e-6);
  expect(fit.dfResidual).toBe(g.dfResidual);
  expect(fit.dfNull).toBe(g.dfNull);
  close(fit.aic, g.aic, 1e-6);
  close(fit.logLik, g.logLik, 1e-6);
  g.fitted1to5.forEach((m, i) => close(fit.fitted[i] as number, m, 1e-6));
  if (g.theta !== undefined) {
    close(fit.theta, g.theta, 1e-6);
    close(fit.thetaSE, g.thetaSE as number, 1e-5);
  }
  if (robust) robust.coefficients.forEach((c, j) => close(c.se, g.robustSe[j] as number, 1e-5));
  expect(fit.converged).toBe(true);
}

describe('count regressions against R glm / MASS::glm.nb / sandwich', () => {
  it('Poisson with log(years) offset: glm(relapses ~ therapy + age + female, family = poisson, offset = logYears)', () => {
    compare(poissonRegression(input), golden.poisson as GoldenFit, poissonRegression(input, undefined, { variance: 'robust' }));
    const adj = poissonRegression(input, undefined, { variance: 'robust', clusterAdjust: true });
    adj.coefficients.forEach((c, j) => close(c.se, golden.poisson!.robustSeAdjusted![j] as number, 1e-5));
  });

  it('negative binomial: glm.nb(relapses ~ therapy + age + female + offset(logYears))', () => {
    const fit = negativeBinomialRegression(input);
    compare(fit, golden.negbin as GoldenFit, negativeBinomialRegression(input, undefined, { variance: 'robust' }));
    expect(fit.warnings).toEqual([]);
  });

  it('weighted fits (prior weights), robust HC0 without clusters', () => {
    const { cluster: _drop, ...noCluster } = input;
    const w = { ...noCluster, weights: col('w') };
    compare(poissonRegression(w), golden.poissonWeighted as GoldenFit, poissonRegression(w, undefined, { variance: 'robust' }));
    compare(negativeBinomialRegression(w), golden.negbinWeighted as GoldenFit, negativeBinomialRegression(w, undefined, { variance: 'robust' }));
  });

  it('formula interface: glm.nb(relapses ~ therapy) without offset, factor coded with the first level as reference', () => {
    const table = { ...t, therapy: therapy.map((v) => (v === 'untreated' ? '0untreated' : v === 'moderate' ? '1moderate' : '2high')) };
    const fit = negativeBinomialRegression('relapses ~ therapy', table);
    const g = golden.negbinNoOffset as GoldenFit;
    fit.coefficients.forEach((c, j) => {
      close(c.estimate, g.estimate[j] as number, 1e-6);
      close(c.se, g.se[j] as number, 1e-5);
    });
    close(fit.theta, g.theta as number, 1e-6);
    close(fit.nullDeviance, g.nullDeviance, 1e-6);
    close(fit.aic, g.aic, 1e-6);
  });

  it('theta.ml at the Poisson means, digamma and trigamma', () => {
    const d = prepareCountData(input);
    const pf = glmIrls(d, POISSON_FAMILY, resolveGlmControl());
    const th = thetaMl(d.y, pf.mu, d.weights, 25);
    close(th.theta, golden.thetaMl.theta, 1e-7);
    close(th.se, golden.thetaMl.se, 1e-7);
    golden.digamma.x.forEach((x, i) => {
      close(digamma(x), golden.digamma.digamma[i] as number, 1e-13, 1e-14);
      close(trigamma(x), golden.digamma.trigamma[i] as number, 1e-13, 1e-14);
    });
  });
});
