// Golden vs R glmnet 4.1-6: see test/golden/causal-enet.R (tolerance 1e-6 absolute on coefficients).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { propensityScore } from '../../../models/causal/index.js';
import { logisticElasticNet } from '../../../models/causal/propensity-enet.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

interface Golden { covariates: string[]; fits: { alpha: number; lambda: number[]; coef: number[][] }[] }
const g = JSON.parse(readFileSync('test/golden/causal-enet.json', 'utf8')) as Golden;
const gbsg = readCsvColumns('datasets/gbsg.csv');
const x = g.covariates.map((c) => gbsg[c] as Float64Array);
const y = gbsg.hormon as Float64Array;
const ones = new Float64Array(y.length).fill(1);

describe('logisticElasticNet vs glmnet(family = "binomial")', () => {
  for (const f of g.fits) {
    it(`alpha = ${f.alpha}: coefficients at ${f.lambda.length} lambdas`, () => {
      f.lambda.forEach((lambda, k) => {
        const r = logisticElasticNet(x, y, ones, { lambda, alpha: f.alpha });
        expect(r.converged).toBe(true);
        const expected = f.coef[k]!;
        expected.forEach((e, j) => {
          if (e === 0) expect(r.coefficients[j]).toBe(0);
          else expect(Math.abs(r.coefficients[j]! - e)).toBeLessThan(1e-6 * Math.max(1, Math.abs(e)));
        });
        expect(r.nonZero).toBe(expected.slice(1).filter((e) => e !== 0).length);
      });
    });
  }

  it('does not modify its inputs', () => {
    const before = x.map((c) => Float64Array.from(c));
    logisticElasticNet(x, y, ones, { lambda: 0.01, alpha: 0.5 });
    x.forEach((c, j) => expect(Array.from(c)).toEqual(Array.from(before[j]!)));
  });
});

describe('propensityScore with elasticNet', () => {
  it('routes to the elastic net and matches glmnet; ridge + elasticNet is refused', () => {
    const f = g.fits[1]!;
    const r = propensityScore(`hormon ~ ${g.covariates.join(' + ')}`, gbsg, { elasticNet: { lambda: f.lambda[1]!, alpha: f.alpha } });
    expect(r.coefficients.map((c) => c.term)).toEqual(['(Intercept)', ...g.covariates]);
    r.coefficients.forEach((c, j) => expect(Math.abs(c.estimate - f.coef[1]![j]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(f.coef[1]![j]!))));
    expect(r.coefficients[1]!.se).toBeNaN();
    expect(() => propensityScore('hormon ~ age', gbsg, { ridge: 1, elasticNet: { lambda: 0.01 } })).toThrow(/either ridge or elasticNet/);
  });
});
