import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../../models/cluster/adjusted-rand.js';
import { gaussianMixture, gmmParameterCount, mclustBIC } from '../../../models/cluster/gaussian-mixture.js';
import { UsageError } from '../../../util/errors.js';
import { normal, seededRandom } from '../../../util/random.js';

const rand = seededRandom(99);
const rows: number[][] = [];
const truth: number[] = [];
for (let i = 0; i < 80; i++) { rows.push([normal(rand, 0, 1), normal(rand, 0, 0.3)]); truth.push(0); }
for (let i = 0; i < 60; i++) { rows.push([normal(rand, 7, 0.5), normal(rand, 5, 0.5)]); truth.push(1); }

describe('gaussianMixture', () => {
  it('counts parameters as mclust nMclustParams', () => {
    expect(gmmParameterCount('VVV', 3, 2)).toBe(2 + 6 + 9);
    expect(gmmParameterCount('VVI', 3, 2)).toBe(2 + 6 + 6);
    expect(gmmParameterCount('VII', 3, 2)).toBe(2 + 6 + 3);
  });
  it('G = 1 is the closed-form MLE (loglik of a normal with ML covariance)', () => {
    const fit = gaussianMixture(rows, 1, 'VVV');
    const n = rows.length;
    // ML covariance determinant and loglik = -n/2 (d log 2pi + log det + d)
    const mx = rows.reduce((s, r) => s + (r[0] as number), 0) / n;
    const my = rows.reduce((s, r) => s + (r[1] as number), 0) / n;
    let sxx = 0, syy = 0, sxy = 0;
    for (const r of rows) { sxx += ((r[0] as number) - mx) ** 2; syy += ((r[1] as number) - my) ** 2; sxy += ((r[0] as number) - mx) * ((r[1] as number) - my); }
    const det = (sxx / n) * (syy / n) - (sxy / n) ** 2;
    const ll = -n / 2 * (2 * Math.log(2 * Math.PI) + Math.log(det) + 2);
    expect(fit.loglik).toBeCloseTo(ll, 9);
    expect(fit.bic).toBeCloseTo(2 * ll - 5 * Math.log(n), 8);
  });
  it('separates two groups, sums z to 1, and is reproducible by seed', () => {
    const a = gaussianMixture(rows, 2, 'VVI', { seed: 4 });
    const b = gaussianMixture(rows, 2, 'VVI', { seed: 4 });
    expect(a.loglik).toBe(b.loglik);
    expect(adjustedRandIndex(a.classification, truth)).toBe(1);
    expect(a.converged).toBe(true);
    for (let i = 0; i < rows.length; i++) expect((a.z[2 * i] as number) + (a.z[2 * i + 1] as number)).toBeCloseTo(1, 12);
    expect(a.icl).toBeLessThanOrEqual(a.bic);
    // VVI covariance is diagonal
    expect(a.sigma[1]).toBe(0);
  });
  it('reports a singular fit as NaN BIC with a warning instead of throwing', () => {
    const fit = gaussianMixture([[0, 0], [1, 1], [2, 2], [3, 3]], 1, 'VVV');
    expect(Number.isNaN(fit.bic)).toBe(true);
    expect(fit.warnings.length).toBe(1);
  });
  it('mclustBIC picks 2 components and rejects bad models', () => {
    const r = mclustBIC(rows, { G: [1, 2, 3], seed: 2 });
    expect(r.best.G).toBe(2);
    expect(r.table.length).toBe(9);
    expect(() => gaussianMixture(rows, 2, 'EEE' as 'VVV')).toThrow(UsageError);
    expect(() => mclustBIC(rows, { nStart: 0 })).toThrow(UsageError);
    expect(() => gaussianMixture(rows, 2, 'VVV', { startLabels: [new Int32Array(rows.length).fill(2)] })).toThrow(UsageError);
  });
});
