import { describe, expect, it } from 'vitest';
import { exponential, normal, seededRandom } from '../../../../util/random.js';
import { harrellC } from '../../../../models/risk/metrics/harrell-c.js';
import { randomSurvivalForest, RandomSurvivalForest } from '../../../../models/risk/forest/random-survival-forest.js';
import { forestSettings } from '../../../../models/risk/forest/forest-options.js';
import { DataValidationError, ModelError, UsageError } from '../../../../util/errors.js';

/** n rows, p standard-normal covariates; hazard exp(1.5 x1), uniform censoring. */
function simulate(n: number, p: number, seed: number) {
  const rand = seededRandom(seed);
  const x = Array.from({ length: p }, () => new Float64Array(n));
  const time = new Float64Array(n);
  const status = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) x[j]![i] = normal(rand);
    const t = exponential(rand, 0.1 * Math.exp(1.5 * x[0]![i]!));
    const c = rand() * 20;
    time[i] = Math.round(Math.min(t, c) * 100) / 100 + 0.01;
    status[i] = t <= c ? 1 : 0;
  }
  return { x, time, status };
}

const sim = simulate(300, 5, 11);
const opts = { nTrees: 40, seed: 3 } as const;

describe('randomSurvivalForest', () => {
  const fit = randomSurvivalForest(sim.x, sim.time, sim.status, opts);

  it('learns the informative covariate: OOB C well above 0.5 and largest importance', () => {
    expect(1 - fit.oobError).toBeGreaterThan(0.7);
    const imp = Array.from(fit.importance!);
    expect(imp[0]).toBeGreaterThan(0.05);
    for (let j = 1; j < imp.length; j++) expect(imp[0]!).toBeGreaterThan(imp[j]! + 0.03);
    expect(fit.featureNames).toEqual(['x1', 'x2', 'x3', 'x4', 'x5']);
  });

  it('OOB error is 1 - Harrell C of the OOB mortality, and OOB is worse than in-sample', () => {
    const c = harrellC(sim.time, sim.status, fit.oobMortality).c;
    expect(fit.oobError).toBeCloseTo(1 - c, 12);
    const inSample = harrellC(sim.time, sim.status, fit.predictMortality(sim.x)).c;
    expect(inSample).toBeGreaterThan(1 - fit.oobError);
  });

  it('mortality = sum of the ensemble CHF over the distinct observed times (ranger grid)', () => {
    const grid = Array.from(new Set(Array.from(sim.time))).sort((a, b) => a - b);
    const rows = [0, 1, 2, 50, 299].map((i) => sim.x.map((c) => Float64Array.of(c[i]!)));
    for (const xr of rows) {
      const chf = fit.predictChf(xr, grid)[0]!;
      const sum = chf.reduce((a, b) => a + b, 0);
      expect(fit.predictMortality(xr)[0]).toBeCloseTo(sum, 8);
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = randomSurvivalForest(sim.x, sim.time, sim.status, opts);
    expect(Array.from(again.structure.splitValue)).toEqual(Array.from(fit.structure.splitValue));
    expect(again.oobError).toBe(fit.oobError);
    expect(Array.from(again.importance!)).toEqual(Array.from(fit.importance!));
    const other = randomSurvivalForest(sim.x, sim.time, sim.status, { ...opts, seed: 4 });
    expect(other.oobError).not.toBe(fit.oobError);
    // importance does not change the forest
    const noImp = randomSurvivalForest(sim.x, sim.time, sim.status, { ...opts, importance: 'none' });
    expect(noImp.importance).toBeNull();
    expect(noImp.oobError).toBe(fit.oobError);
  });

  it('predicts survival curves monotone non-increasing in [0, 1], CHF = -log S', () => {
    const times = [0, 0.5, 1, 2, 5, 10, 15, 30];
    const surv = fit.predictSurvival(sim.x, times);
    const chf = fit.predictChf(sim.x, times);
    expect(surv).toHaveLength(300);
    for (let i = 0; i < 300; i++) {
      const s = surv[i]!;
      expect(s[0]).toBe(1);
      for (let q = 0; q < times.length; q++) {
        expect(s[q]).toBeGreaterThanOrEqual(0);
        expect(s[q]).toBeLessThanOrEqual(1);
        if (q > 0) expect(s[q]).toBeLessThanOrEqual(s[q - 1]!);
        expect(s[q]).toBeCloseTo(Math.exp(-chf[i]![q]!), 14);
      }
    }
    // unsorted times give the same values
    const rev = fit.predictSurvival(sim.x, times.slice().reverse());
    expect(Array.from(rev[7]!).reverse()).toEqual(Array.from(surv[7]!));
    // higher x1 -> lower survival at 5
    const hi = fit.predictSurvival([Float64Array.of(2), Float64Array.of(0), Float64Array.of(0), Float64Array.of(0), Float64Array.of(0)], [5])[0]![0]!;
    const lo = fit.predictSurvival([Float64Array.of(-2), Float64Array.of(0), Float64Array.of(0), Float64Array.of(0), Float64Array.of(0)], [5])[0]![0]!;
    expect(hi).toBeLessThan(lo - 0.2);
  });

  it('a one-tree, one-node forest gives the bootstrap Nelson-Aalen estimate', () => {
    const f = randomSurvivalForest(sim.x, sim.time, sim.status, { nTrees: 1, maxDepth: 0, seed: 5, importance: 'none' });
    expect(f.structure.splitVar).toEqual(Int32Array.of(-1));
    // recompute the bootstrap sample with the same stream
    const rand = seededRandom(5);
    const counts = new Float64Array(300);
    for (let i = 0; i < 300; i++) counts[Math.min(299, Math.floor(rand() * 300))]! += 1;
    const t = 6;
    let h = 0;
    const ev = Array.from(new Set(Array.from(sim.time).filter((_, i) => sim.status[i] === 1 && counts[i]! > 0))).sort((a, b) => a - b);
    for (const e of ev) {
      if (e > t) break;
      let y = 0;
      let d = 0;
      for (let i = 0; i < 300; i++) {
        if (sim.time[i]! >= e) y += counts[i]!;
        if (sim.time[i] === e && sim.status[i] === 1) d += counts[i]!;
      }
      h += d / y;
    }
    expect(f.predictChf([Float64Array.of(0), Float64Array.of(0), Float64Array.of(0), Float64Array.of(0), Float64Array.of(0)], [t])[0]![0]).toBeCloseTo(h, 12);
    // the leaf's distinct training rows: those drawn at least once
    expect(Array.from(f.structure.leafPatients!)).toEqual([counts.filter((c) => c > 0).length]);
  });

  it('counts distinct training rows per leaf: the leaves of a tree partition its in-bag rows', () => {
    const f = randomSurvivalForest(sim.x, sim.time, sim.status, { nTrees: 1, minNodeSize: 10, seed: 5, importance: 'none' });
    const rand = seededRandom(5);
    const counts = new Float64Array(300);
    for (let i = 0; i < 300; i++) counts[Math.min(299, Math.floor(rand() * 300))]! += 1;
    const lp = Array.from(f.structure.leafPatients!);
    expect(lp.length).toBe(f.structure.leafStart.length - 1);
    expect(lp.length).toBeGreaterThan(5);
    expect(lp.reduce((a, b) => a + b, 0)).toBe(counts.filter((c) => c > 0).length);
    for (const v of lp) expect(v).toBeGreaterThanOrEqual(1);
  });

  it('toJSON / fromJSON round trip (through a JSON string) gives identical predictions', () => {
    const json = JSON.parse(JSON.stringify(fit.toJSON()));
    const back = RandomSurvivalForest.fromJSON(json);
    const times = [1, 3, 7.5, 12];
    expect(back.predictSurvival(sim.x, times)).toEqual(fit.predictSurvival(sim.x, times));
    expect(back.predictMortality(sim.x)).toEqual(fit.predictMortality(sim.x));
    expect(back.oobError).toBe(fit.oobError);
    expect(back.settings).toEqual(fit.settings);
    expect(() => RandomSurvivalForest.fromJSON({ ...json, forest: { ...json.forest, version: 2 } })).toThrow(UsageError);
    expect(() => RandomSurvivalForest.fromJSON({ ...json, forest: { ...json.forest, jumpTime: [-1, ...json.forest.jumpTime.slice(1)] } })).toThrow(UsageError);
  });

  it('nSplit random split points, minNodeSize and maxDepth are honoured', () => {
    const f = randomSurvivalForest(sim.x, sim.time, sim.status, { nTrees: 10, nSplit: 5, minNodeSize: 10, maxDepth: 3, seed: 2, importance: 'none' });
    expect(1 - f.oobError).toBeGreaterThan(0.65);
    // every leaf of every tree has at least 10 bootstrap samples: check depth <= 3 via the structure
    const s = f.structure;
    for (const root of s.treeRoot) {
      const stack: [number, number][] = [[root, 0]];
      while (stack.length) {
        const [k, depth] = stack.pop()!;
        expect(depth).toBeLessThanOrEqual(3);
        if (s.splitVar[k]! >= 0) stack.push([s.left[k]!, depth + 1], [s.right[k]!, depth + 1]);
      }
    }
  });

  it('does not mutate its inputs', () => {
    const copy = sim.x.map((c) => c.slice());
    const t = sim.time.slice();
    randomSurvivalForest(sim.x, sim.time, sim.status, { nTrees: 3 });
    expect(sim.x).toEqual(copy);
    expect(sim.time).toEqual(t);
  });

  it('rejects bad input with typed errors', () => {
    const x = [Float64Array.of(1, 2, NaN)];
    expect(() => randomSurvivalForest(x, Float64Array.of(1, 2, 3), Float64Array.of(1, 0, 1))).toThrow(DataValidationError);
    expect(() => randomSurvivalForest([Float64Array.of(1, 2, 3)], Float64Array.of(1, 2, 3), Float64Array.of(2, 0, 1))).toThrow(DataValidationError);
    expect(() => randomSurvivalForest([Float64Array.of(1, 2, 3)], Float64Array.of(1, 2, 3), Float64Array.of(0, 0, 0))).toThrow(ModelError);
    expect(() => randomSurvivalForest([Float64Array.of(1, 2, 3)], Float64Array.of(1, 2, 3), Float64Array.of(1, 0, 1), { mtry: 2 })).toThrow(UsageError);
    expect(() => fit.predictSurvival([Float64Array.of(1)])).toThrow(UsageError);
  });
});

describe('forestSettings', () => {
  it('fills in ranger defaults', () => {
    expect(forestSettings({}, 10)).toEqual({ nTrees: 100, mtry: 3, minNodeSize: 3, nSplit: 0, maxDepth: Infinity, seed: 1, importance: 'permutation' });
    expect(forestSettings({}, 1).mtry).toBe(1);
    expect(() => forestSettings({ nTrees: 0 }, 3)).toThrow(UsageError);
    expect(() => forestSettings({ minNodeSize: 1.5 }, 3)).toThrow(UsageError);
  });
});
