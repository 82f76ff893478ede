import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../util/random.js';
import { harrellC } from '../../../../models/risk/metrics/harrell-c.js';
import { fastHarrellC } from '../../../../models/risk/forest/fast-harrell-c.js';

describe('fastHarrellC', () => {
  it('hand-checked small cases', () => {
    expect(fastHarrellC([1, 2, 3], [1, 1, 0], [3, 2, 1])).toBe(1);
    expect(fastHarrellC([1, 2, 3], [1, 1, 0], [1, 2, 3])).toBe(0);
    // pairs: (1,2) comparable tied score -> 1/2; (1,3) concordant; (2,3) concordant -> 2.5/3
    expect(fastHarrellC([1, 2, 3], [1, 1, 0], [2, 2, 1])).toBeCloseTo(2.5 / 3, 15);
    // two events at the same time are not comparable; censored at that time is
    expect(fastHarrellC([2, 2, 2], [1, 1, 0], [1, 2, 0])).toBe(1);
    expect(fastHarrellC([1, 2], [0, 0], [1, 2])).toBeNaN();
  });

  it('equals harrellC (survival concordance) on data with ties in time and score', () => {
    const rand = seededRandom(9);
    for (const n of [7, 40, 300]) {
      const time = Float64Array.from({ length: n }, () => 1 + Math.floor(rand() * 12));
      const status = Float64Array.from({ length: n }, () => (rand() < 0.6 ? 1 : 0));
      const risk = Float64Array.from({ length: n }, () => Math.floor(rand() * 6));
      status[0] = 1;
      expect(fastHarrellC(time, status, risk)).toBeCloseTo(harrellC(time, status, risk).c, 13);
    }
  });
});
