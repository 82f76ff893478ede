import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../../models/cluster/adjusted-rand.js';
import { bootstrapStability } from '../../../models/cluster/bootstrap-stability.js';
import { dissimilarityFrom } from '../../../models/cluster/dissimilarity.js';
import { cutTree, hierarchicalClustering } from '../../../models/cluster/hierarchical.js';
import { kmeans } from '../../../models/cluster/kmeans.js';
import { optimalMatchingDistance } from '../../../models/cluster/optimal-matching.js';
import { UsageError } from '../../../util/errors.js';
import { normal, seededRandom } from '../../../util/random.js';

describe('optimalMatchingDistance', () => {
  it('hand-checked edit distances', () => {
    expect(optimalMatchingDistance(['A', 'A', 'B'], ['A', 'B', 'B'])).toBe(2);
    expect(optimalMatchingDistance(['A', 'B'], ['A', 'B'])).toBe(0);
    expect(optimalMatchingDistance([], ['A', 'B'])).toBe(2);
    // substitution cheaper than indel pair -> substitute
    expect(optimalMatchingDistance(['A', 'C'], ['A', 'D'], { substitution: 1.5 })).toBe(1.5);
    expect(optimalMatchingDistance(['A', 'C'], ['A', 'D'], { substitution: 3 })).toBe(2);
    const sm = (a: string, b: string): number => (a === b ? 0 : a === 'X' || b === 'X' ? 0.5 : 2);
    expect(optimalMatchingDistance(['X', 'B'], ['A', 'B'], { substitution: sm, normalize: true })).toBe(0.25);
    expect(() => optimalMatchingDistance(['A'], ['B'], { indel: -1 })).toThrow(UsageError);
  });
  it('clusters therapy sequences hierarchically into their strategies', () => {
    // escalation: platform (P) then high-efficacy (H); early high-efficacy: H throughout; none: N
    const seqs = [
      ['P', 'P', 'P', 'P', 'H', 'H'], ['P', 'P', 'P', 'H', 'H', 'H'], ['P', 'P', 'P', 'P', 'P', 'H'],
      ['H', 'H', 'H', 'H', 'H', 'H'], ['H', 'H', 'H', 'H', 'H'], ['H', 'H', 'H', 'H', 'H', 'H', 'H'],
      ['N', 'N', 'N', 'N'], ['N', 'N', 'N', 'N', 'N'], ['N', 'N', 'N'],
    ];
    const d = dissimilarityFrom(seqs.length, (i, j) => optimalMatchingDistance(seqs[i] as string[], seqs[j] as string[]));
    for (const linkage of ['average', 'ward'] as const) {
      const labels = cutTree(hierarchicalClustering(d, linkage), 3);
      expect(adjustedRandIndex(labels, [0, 0, 0, 1, 1, 1, 2, 2, 2])).toBe(1);
    }
  });
});

describe('bootstrapStability', () => {
  const rand = seededRandom(8);
  const rows: number[][] = [];
  for (let i = 0; i < 30; i++) rows.push([normal(rand, 0, 0.5), normal(rand, 0, 0.5)]);
  for (let i = 0; i < 30; i++) rows.push([normal(rand, 5, 0.5), normal(rand, 5, 0.5)]);
  const ref = kmeans(rows, 2, { seed: 1 }).labels;
  it('is near 1 for well-separated clusters, lower for an arbitrary split, and seeded', () => {
    const run = (k: number, seed: number) => bootstrapStability(kmeans(rows, k, { seed: 1 }).labels, (idx) => kmeans(Array.from(idx, (i) => rows[i] as number[]), k, { seed: 3, nStart: 3 }).labels, { nBoot: 10, seed });
    const stable = run(2, 4);
    expect(stable.mean).toBe(1);
    expect(run(2, 4).ari).toEqual(stable.ari);
    const split = run(5, 4);
    expect(split.mean).toBeLessThan(0.95);
    expect(() => bootstrapStability(ref, () => [0], { nBoot: 1 })).toThrow(UsageError);
  });
});
