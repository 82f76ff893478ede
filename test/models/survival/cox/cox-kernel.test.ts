/** The Cox row update: the generated straight-line form equals the loop bit for bit. */
import { describe, expect, it } from 'vitest';
import { MAX_UNROLLED_P, coxRowUpdate, rowUpdateLoop, rowUpdateSource } from '../../../../models/survival/cox/cox-kernel.js';
import { seededRandom } from '../../../../util/random.js';

describe('coxRowUpdate', () => {
  it('is bit-identical to the loop for p = 0..30 (generated up to MAX_UNROLLED_P, loop above)', () => {
    const rand = seededRandom(5);
    for (let p = 0; p <= 30; p++) {
      const rows = 7;
      const x = Float64Array.from({ length: rows * p }, () => (rand() - 0.5) * 10);
      const q = (p * (p + 1)) / 2;
      const c1 = new Float64Array(q);
      const a1 = new Float64Array(p);
      const c2 = new Float64Array(q);
      const a2 = new Float64Array(p);
      const fast = coxRowUpdate(p);
      const slow = rowUpdateLoop(p);
      for (let r = 0; r < rows; r++) {
        const t = r % 3 === 2 ? -rand() : rand() * 3;
        fast(c1, a1, x, r * p, t);
        slow(c2, a2, x, r * p, t);
      }
      expect(Array.from(c1)).toEqual(Array.from(c2));
      expect(Array.from(a1)).toEqual(Array.from(a2));
    }
  });

  it('adds t·x to A and t·x·xᵀ to the packed lower triangle (hand example, p = 2)', () => {
    const C = new Float64Array(3);
    const A = new Float64Array(2);
    coxRowUpdate(2)(C, A, Float64Array.of(9, 2, 3), 1, 0.5);
    expect(Array.from(A)).toEqual([1, 1.5]);
    expect(Array.from(C)).toEqual([2, 3, 4.5]); // [x0x0, x1x0, x1x1] · 0.5
  });

  it('generates one statement per product and caches per p', () => {
    expect(rowUpdateSource(3).split('\n')).toHaveLength(3 + 6);
    expect(coxRowUpdate(4)).toBe(coxRowUpdate(4));
    expect(MAX_UNROLLED_P).toBeGreaterThanOrEqual(10);
  });
});
