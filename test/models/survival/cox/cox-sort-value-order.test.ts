/** valueOrder / sortValues: stable ascending order of doubles (native 64-bit key sort plus fix-up of truncated ties). */
import { describe, expect, it } from 'vitest';
import { sortValues, valueOrder } from '../../../../models/survival/cox/cox-sort.js';
import { seededRandom } from '../../../../util/random.js';

/** Stable ascending order (-0 and 0 are one value; Infinity - Infinity is NaN, so ties fall to the index). */
function expected(v: Float64Array): number[] {
  return Array.from(v.keys()).sort((a, b) => v[a]! - v[b]! || a - b);
}

/** Run starts by the definition. */
function expectedFirst(v: Float64Array, order: number[]): number[] {
  return order.map((i, q) => (q === 0 || v[i] !== v[order[q - 1]!] ? 1 : 0));
}

describe('valueOrder', () => {
  it('equals a stable comparison sort on random doubles with ties, negatives and infinities', () => {
    const rand = seededRandom(11);
    for (const n of [0, 1, 2, 3, 17, 1000, 5000]) {
      const v = Float64Array.from({ length: n }, () => {
        const u = rand();
        if (u < 0.01) return -0;
        if (u < 0.02) return Infinity;
        if (u < 0.04) return -Infinity;
        if (u < 0.3) return Math.round((rand() - 0.5) * 20) / 4;
        return (rand() - 0.5) * Math.exp(rand() * 40 - 20);
      });
      expect(Array.from(valueOrder(v))).toEqual(expected(v));
      const s = sortValues(v);
      expect(Array.from(s.first)).toEqual(expectedFirst(v, expected(v)));
    }
  });

  it('orders values that differ only in the low mantissa bits (truncated-key ties)', () => {
    const rand = seededRandom(12);
    const n = 4096;
    const base = 1.2345;
    // Neighbouring doubles: they share the truncated key, so the fix-up must order them.
    const v = Float64Array.from({ length: n }, () => base + Math.floor(rand() * 64) * Number.EPSILON);
    expect(Array.from(valueOrder(v))).toEqual(expected(v));
    const s = sortValues(v);
    expect(Array.from(s.first)).toEqual(expectedFirst(v, expected(v)));
    expect(s.first.reduce((a, b) => a + b, 0)).toBe(new Set(v).size);
    const desc = Float64Array.from({ length: n }, (_, i) => base + (n - i) * Number.EPSILON);
    expect(Array.from(valueOrder(desc))).toEqual(expected(desc));
  });

  it('treats -0 and 0 as one value and does not modify its input', () => {
    const v = Float64Array.of(0, -1, -0, 1, 0);
    const copy = Array.from(v);
    const s = sortValues(v);
    expect(Array.from(s.order)).toEqual([1, 0, 2, 4, 3]);
    expect(Array.from(s.first)).toEqual([1, 1, 0, 0, 1]);
    expect(Array.from(v)).toEqual(copy);
    expect(Object.is(v[2], -0)).toBe(true);
  });

  it('works on a subarray view (byteOffset)', () => {
    const buf = Float64Array.of(9, 3, 1, 2, 9);
    const view = buf.subarray(1, 4);
    expect(Array.from(valueOrder(view))).toEqual([1, 2, 0]);
  });
});
