import { describe, expect, it } from 'vitest';
import { dissimilarityFrom, euclideanDissimilarity, toCondensed } from '../../../models/cluster/dissimilarity.js';
import { seededRandom } from '../../../util/random.js';
import { pam } from '../../../models/cluster/pam.js';
import { silhouette } from '../../../models/cluster/silhouette.js';
import { UsageError } from '../../../util/errors.js';

describe('silhouette and pam by hand', () => {
  // Points on a line: 0, 1, 10, 11, 30 -> clusters {0,1}, {10,11}, {30}
  const pts = [0, 1, 10, 11, 30];
  const d = dissimilarityFrom(5, (i, j) => Math.abs((pts[i] as number) - (pts[j] as number)));
  it('computes s(i) = (b - a)/max(a, b), 0 for singletons', () => {
    const s = silhouette(d, [0, 0, 1, 1, 2]);
    // point 0: a = 1, b = mean(10, 11) = 10.5 -> 9.5/10.5
    expect(s.widths[0]).toBeCloseTo(9.5 / 10.5, 14);
    // point 2 (10): a = 1, b = min(mean(10,9)=9.5, 20) -> 8.5/9.5
    expect(s.widths[2]).toBeCloseTo(8.5 / 9.5, 14);
    expect(s.widths[4]).toBe(0);
    expect(s.neighbor[0]).toBe(1);
    expect(() => silhouette(d, [0, 0, 0, 0, 0])).toThrow(UsageError);
  });
  it('gives the same widths, bit for bit, on the condensed layout as on the full matrix', () => {
    const rand = seededRandom(3);
    const rows = Array.from({ length: 60 }, () => [rand() * 4, rand()]);
    const full = euclideanDissimilarity(rows);
    const labels = Array.from({ length: 60 }, (_, i) => (rows[i]![0]! < 1.3 ? 0 : rows[i]![0]! < 2.6 ? 1 : 2));
    const a = silhouette(full, labels);
    const b = silhouette(toCondensed(full), labels);
    expect(Array.from(b.widths)).toEqual(Array.from(a.widths));
    expect(Array.from(b.neighbor)).toEqual(Array.from(a.neighbor));
    expect(b.average).toBe(a.average);
    // the hand case above on the condensed layout
    expect(silhouette(toCondensed(d), [0, 0, 1, 1, 2]).widths[0]).toBeCloseTo(9.5 / 10.5, 14);
  });
  it('pam finds the obvious medoids and cost', () => {
    const p = pam(d, 3);
    expect(Array.from(p.labels)).toEqual([0, 0, 1, 1, 2]);
    expect(p.objective.swap).toBeCloseTo(2 / 5, 14);
    expect(p.converged).toBe(true);
    expect(() => pam(d, 6)).toThrow(UsageError);
    expect(() => pam(d, 2, { initialMedoids: [1, 1] })).toThrow(UsageError);
  });
  it('keeps every cluster non-empty when objects coincide (zero dissimilarities)', () => {
    const p = pam(euclideanDissimilarity([[0], [0], [0], [0]]), 2);
    expect(new Set(p.medoids).size).toBe(2);
    expect(new Set(p.labels).size).toBe(2);
    for (let c = 0; c < 2; c++) expect(p.labels[p.medoids[c] as number]).toBe(c);
    expect(() => dissimilarityFrom(2, () => Infinity)).toThrow(UsageError);
  });
  it('SWAP improves a poor start', () => {
    const p = pam(euclideanDissimilarity(pts.map((v) => [v])), 2, { initialMedoids: [0, 1] });
    expect(p.iterations).toBeGreaterThan(0);
    expect(p.objective.swap).toBeLessThan(p.objective.build);
  });
});
