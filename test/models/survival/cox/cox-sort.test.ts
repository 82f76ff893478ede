/** Orderings used by the Cox fit and the concordance: dense ranks and stable radix order. */
import { describe, expect, it } from 'vitest';
import { denseRank, radixOrder, survivalOrder } from '../../../../models/survival/cox/cox-sort.js';
import { seededRandom } from '../../../../util/random.js';

function naiveRank(v: number[]): number[] {
  const u = [...new Set(v.map((x) => (Object.is(x, -0) ? 0 : x)))].sort((a, b) => a - b);
  return v.map((x) => u.indexOf(Object.is(x, -0) ? 0 : x));
}

describe('denseRank', () => {
  it('integer fast path and general doubles (negatives, -0, ties, huge values) agree with a naive ranking', () => {
    const ints = [5, 3, 3, -2, 100, 5, 0];
    expect(Array.from(denseRank(ints).rank)).toEqual(naiveRank(ints));
    expect(denseRank(ints).count).toBe(5);
    const dbl = [0.5, -1.25, -0, 0, 1e300, -1e-300, 0.5, 3.75, -1e300];
    expect(Array.from(denseRank(dbl).rank)).toEqual(naiveRank(dbl));
    const rand = seededRandom(9);
    const many = Array.from({ length: 2000 }, () => Math.round((rand() - 0.5) * 200) / 8);
    expect(Array.from(denseRank(many).rank)).toEqual(naiveRank(many));
  });
});

describe('radixOrder / survivalOrder', () => {
  it('sorts by stratum ascending then time descending, stable within ties', () => {
    const time = Float64Array.of(3, 1, 3, 2, 5, 1);
    const strata = Int32Array.of(1, 0, 0, 1, 0, 0);
    expect(Array.from(survivalOrder(time, strata))).toEqual([4, 2, 1, 5, 0, 3]);
    expect(Array.from(survivalOrder(Float64Array.of(1.5, 2.5, 1.5), null))).toEqual([1, 0, 2]);
  });

  it('two-pass radix order equals a stable comparison sort for keys above 16 bits', () => {
    const rand = seededRandom(4);
    const key = Uint32Array.from({ length: 5000 }, () => Math.floor(rand() * 3e6));
    const expected = Array.from(key.keys()).sort((a, b) => key[a]! - key[b]! || a - b);
    expect(Array.from(radixOrder(key, 3e6))).toEqual(expected);
  });
});
