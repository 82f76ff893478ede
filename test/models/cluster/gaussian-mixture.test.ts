import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../../models/cluster/adjusted-rand.js';
import { gaussianMixture, gmmParameterCount, mclustBIC } from '../../../models/cluster/gaussian-mixture.js';
import { hcPartition, modelBasedHc } from '../../../models/cluster/model-based-hc.js';
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
  it('separates two groups, sums z to 1, and is reproducible', () => {
    const a = gaussianMixture(rows, 2, 'VVI');
    const b = gaussianMixture(rows, 2, 'VVI');
    expect(a.loglik).toBe(b.loglik);
    expect(adjustedRandIndex(a.classification, truth)).toBe(1);
    expect(a.converged).toBe(true);
    for (let i = 0; i < rows.length; i++) expect((a.z[2 * i] as number) + (a.z[2 * i + 1] as number)).toBeCloseTo(1, 12);
    expect(a.icl).toBeLessThanOrEqual(a.bic);
    // VVI covariance is diagonal
    expect(a.sigma[1]).toBe(0);
  });
  it('k-means starts (init kmeans) reach the same optimum on separated groups and are reproducible by seed', () => {
    const h = gaussianMixture(rows, 2, 'VVV');
    const k1 = gaussianMixture(rows, 2, 'VVV', { init: 'kmeans', seed: 4, nStart: 3 });
    const k2 = gaussianMixture(rows, 2, 'VVV', { init: 'kmeans', seed: 4, nStart: 3 });
    expect(k1.loglik).toBe(k2.loglik);
    expect(Math.abs(k1.loglik - h.loglik)).toBeLessThan(1e-6 * Math.abs(h.loglik));
    expect(() => gaussianMixture(rows, 2, 'VVV', { init: 'random' as 'hc' })).toThrow(UsageError);
  });
  it('the default start is the hierarchical partition cut at G: the same fit as startLabels = hcPartition(modelBasedHc(x), G)', () => {
    const tree = modelBasedHc(rows);
    for (const model of ['VVV', 'VVI', 'VII'] as const) {
      const a = gaussianMixture(rows, 3, model);
      const b = gaussianMixture(rows, 3, model, { startLabels: [hcPartition(tree, 3)] });
      expect(a.loglik).toBe(b.loglik);
      expect(a.iterations).toBe(b.iterations);
    }
  });
  it('tol is the EM stopping rule: a smaller tol iterates further and never lowers the log-likelihood', () => {
    const loose = gaussianMixture(rows, 3, 'VVV');
    const tight = gaussianMixture(rows, 3, 'VVV', { tol: 1e-12 });
    expect(tight.iterations).toBeGreaterThanOrEqual(loose.iterations);
    expect(tight.loglik).toBeGreaterThanOrEqual(loose.loglik - 1e-9);
  });
  it('above `subset` rows the agglomeration runs on a seeded subset (mclust.options("subset")), then EM on all rows', () => {
    const a = mclustBIC(rows, { G: [1, 2, 3], subset: 60, seed: 3 });
    const b = mclustBIC(rows, { G: [1, 2, 3], subset: 60, seed: 3 });
    const c = mclustBIC(rows, { G: [1, 2, 3], subset: 60, seed: 5 });
    expect(a.subsetRows?.length).toBe(60);
    expect(Array.from(a.subsetRows as Int32Array)).toEqual(Array.from(b.subsetRows as Int32Array));
    expect(Array.from(a.subsetRows as Int32Array)).not.toEqual(Array.from(c.subsetRows as Int32Array));
    expect(a.hc?.n).toBe(60);
    expect(a.table.map((t) => t.bic)).toEqual(b.table.map((t) => t.bic));
    expect(a.best.G).toBe(2);
    expect(a.best.n).toBe(rows.length);
    const full = mclustBIC(rows, { G: [1, 2, 3] });
    expect(full.subsetRows).toBeNull();
    expect(full.hc?.n).toBe(rows.length);
    // explicit rows (mclust's initialization = list(subset = )) and their validation
    const explicit = mclustBIC(rows, { G: [2], subsetRows: Array.from(a.subsetRows as Int32Array) });
    expect(explicit.table[1]?.bic).toBe(a.table.find((t) => t.G === 2 && t.model === 'VVI')?.bic);
    expect(() => mclustBIC(rows, { G: [2], subsetRows: [0, 0, 1] })).toThrow(UsageError);
    expect(() => mclustBIC(rows, { G: [2], subsetRows: [0, rows.length] })).toThrow(UsageError);
    expect(() => mclustBIC(rows, { G: [5], subsetRows: [0, 1, 2] })).toThrow(UsageError);
  });
  it('tied rows: where mclust\'s start gives NA, fallback kmeans refits and flags the cell; fallback none keeps NaN', () => {
    // 30 identical rows (a point mass: the hierarchical partition isolates it, its covariance is singular)
    const tied = [...rows, ...Array.from({ length: 30 }, () => [3, -4])];
    const strict = mclustBIC(tied, { G: [2, 3], models: ['VVV'], fallback: 'none' });
    const filled = mclustBIC(tied, { G: [2, 3], models: ['VVV'] });
    for (let c = 0; c < 2; c++) {
      const s0 = strict.table[c] as { bic: number; fallback: boolean };
      const f0 = filled.table[c] as { bic: number; fallback: boolean };
      if (Number.isNaN(s0.bic)) {
        expect(f0.fallback).toBe(true);
        expect(Number.isFinite(f0.bic)).toBe(true);
      } else {
        expect(f0.fallback).toBe(false);
        expect(f0.bic).toBe(s0.bic);
      }
    }
    expect(strict.table.some((t) => Number.isNaN(t.bic))).toBe(true);
    expect(() => mclustBIC(tied, { fallback: 'random' as 'none' })).toThrow(UsageError);
  });
  it('n <= d: the agglomeration is hcEII (Ward), as mclust', () => {
    const wide = rows.slice(0, 6).map((r, i) => [...r, i, i * i, Math.sin(i), Math.cos(i), (r[0] as number) * (r[1] as number)]);
    const r = mclustBIC(wide, { G: [1, 2], models: ['VII'] });
    expect(r.hc?.model).toBe('EII');
    expect(r.table.length).toBe(2);
  });
  it('one-dimensional data start from quantile classes', () => {
    const x = rows.map((r) => [r[0] as number]);
    const fit = gaussianMixture(x, 2, 'VII');
    expect(adjustedRandIndex(fit.classification, truth)).toBe(1);
    const r = mclustBIC(x, { G: [1, 2, 3] });
    expect(r.hc).toBeNull();
    expect(r.best.G).toBe(2);
  });
  it('reports a vanishing component as NaN BIC with the mclust reason', () => {
    // a start whose third cluster is empty: mclust's "mixing proportion fell below threshold"
    const labels = new Int32Array(rows.length).map((_, i) => (i < 80 ? 0 : 1));
    const fit = gaussianMixture(rows, 3, 'VVV', { startLabels: [labels] });
    expect(Number.isNaN(fit.bic)).toBe(true);
    expect(fit.warnings[0]).toMatch(/mixing proportion/);
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
    const k = mclustBIC(rows, { G: [1, 2, 3], init: 'kmeans', nStart: 2, seed: 2 });
    expect(k.best.G).toBe(2);
    expect(k.hc).toBeNull();
    expect(() => mclustBIC(rows, { models: ['EEE' as 'VVV'] })).toThrow(UsageError);
    expect(() => mclustBIC(rows, { G: [0] })).toThrow(UsageError);
    expect(() => gaussianMixture(rows, 2, 'EEE' as 'VVV')).toThrow(UsageError);
    expect(() => mclustBIC(rows, { nStart: 0 })).toThrow(UsageError);
    expect(() => gaussianMixture(rows, 2, 'VVV', { startLabels: [new Int32Array(rows.length).fill(2)] })).toThrow(UsageError);
  });
});
