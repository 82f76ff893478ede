import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../../models/cluster/adjusted-rand.js';
import { kmeans, kmeansPlusPlusSeeds } from '../../../models/cluster/kmeans.js';
import { UsageError } from '../../../util/errors.js';
import { normal, seededRandom } from '../../../util/random.js';

function blobs(seed: number, centers: number[][], each: number, sd: number): { rows: number[][]; truth: number[] } {
  const rand = seededRandom(seed);
  const rows: number[][] = [];
  const truth: number[] = [];
  centers.forEach((c, k) => {
    for (let i = 0; i < each; i++) { rows.push(c.map((v) => normal(rand, v, sd))); truth.push(k); }
  });
  return { rows, truth };
}

describe('kmeans', () => {
  it('solves a hand-checkable case: centres are the group means', () => {
    const r = kmeans([[0, 0], [0, 2], [10, 10], [10, 12]], 2, { seed: 3 });
    const c = [[r.centers[0], r.centers[1]], [r.centers[2], r.centers[3]]].sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(c).toEqual([[0, 1], [10, 11]]);
    expect(r.totWithinSS).toBeCloseTo(4, 12);
    expect(r.converged).toBe(true);
    expect(Array.from(r.sizes).sort()).toEqual([2, 2]);
  });
  it('recovers well-separated blobs, is seeded and does not mutate input', () => {
    const { rows, truth } = blobs(5, [[0, 0], [6, 0], [0, 6]], 40, 0.7);
    const frozen = JSON.stringify(rows);
    const a = kmeans(rows, 3, { seed: 11 });
    const b = kmeans(rows, 3, { seed: 11 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(adjustedRandIndex(a.labels, truth)).toBe(1);
    expect(JSON.stringify(rows)).toBe(frozen);
    expect(a.withinSS.reduce((s, v) => s + v, 0)).toBeCloseTo(a.totWithinSS, 8);
  });
  it('k-means++ seeds are distinct points when data are distinct', () => {
    const { rows } = blobs(2, [[0, 0], [5, 5]], 10, 1);
    const flat = new Float64Array(rows.flat());
    const s = kmeansPlusPlusSeeds(flat, 20, 2, 5, seededRandom(1));
    expect(new Set(s).size).toBe(5);
  });
  it('rejects bad input', () => {
    expect(() => kmeans([[0], [1]], 3)).toThrow(UsageError);
    expect(() => kmeans([[0, 1], [1]], 1)).toThrow(UsageError);
    expect(() => kmeans([[0], [NaN]], 1)).toThrow(UsageError);
    expect(() => kmeans([[0], [1]], 1, { nStart: 0 })).toThrow(UsageError);
  });
});

describe('adjustedRandIndex', () => {
  it('is 1 for relabelled partitions and matches a hand-computed value', () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(adjustedRandIndex(['a', 'a', 'b'], [2, 2, 7])).toBe(1);
    // mclust::adjustedRandIndex(c(1,1,1,2,2,2), c(1,1,2,2,3,3)) = 0.2424242...
    // table: rows (2,1,0),(0,1,2); sum C(nij,2)=2; a: 3+3=6; b: 1+1+1=3; exp=6*3/15=1.2; max=4.5 -> 0.8/3.3
    expect(adjustedRandIndex([1, 1, 1, 2, 2, 2], [1, 1, 2, 2, 3, 3])).toBeCloseTo(0.8 / 3.3, 12);
    expect(() => adjustedRandIndex([1, 2], [1])).toThrow(UsageError);
  });
});
