import { describe, expect, it } from 'vitest';
import {
  choleskyInverse,
  choleskyLdl,
  choleskySolve,
  DEFAULT_TOLER_CHOL,
  invertSymmetric,
  solveSymmetric,
} from '../../../models/linalg/index.js';
import { seededRandom } from '../../../util/random.js';

/** X'X + ridge for a random n x p X (seeded): a symmetric positive definite matrix. */
function randomSpd(p: number, seed: number, ridge = 0.1): Float64Array {
  const rand = seededRandom(seed);
  const rows = 3 * p;
  const x = Array.from({ length: rows }, () => Array.from({ length: p }, () => rand() - 0.5));
  const a = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += x[r]![i]! * x[r]![j]!;
      a[i * p + j] = s + (i === j ? ridge : 0);
    }
  return a;
}

function matVec(a: Float64Array, x: Float64Array): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j]! * x[j]!;
    out[i] = s;
  }
  return out;
}

describe('choleskyLdl', () => {
  it('default tolerance is .Machine$double.eps^0.75', () => {
    // R: .Machine$double.eps^0.75 = 1.818989e-12
    expect(DEFAULT_TOLER_CHOL).toBeCloseTo(1.818989403545856e-12, 24);
  });

  it('factors a 2x2 by hand: [[4,2],[2,3]] = L D L^T with l21 = 0.5, D = (4, 2)', () => {
    const f = choleskyLdl(Float64Array.of(4, 2, 2, 3), 2);
    expect(f.rank).toBe(2);
    expect(f.nonNegativeDefinite).toBe(true);
    expect(f.data[0]).toBe(4);
    expect(f.data[2]).toBe(0.5); // L[1][0]
    expect(f.data[3]).toBe(2); // 3 - 0.5^2 * 4
  });

  it('reconstructs A = L D L^T for a random SPD matrix and does not mutate its input', () => {
    const p = 6;
    const a = randomSpd(p, 11);
    const frozen = new Float64Array(a);
    const f = choleskyLdl(a, p);
    expect(a).toEqual(frozen);
    const L = (i: number, j: number) => (i === j ? 1 : i > j ? f.data[i * p + j]! : 0);
    for (let i = 0; i < p; i++)
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let k = 0; k < p; k++) s += L(i, k) * f.data[k * p + k]! * L(j, k);
        expect(s).toBeCloseTo(a[i * p + j]!, 12);
      }
  });

  it('flags a collinear column as singular (x3 = x1 + x2) and keeps the others', () => {
    // Gram matrix of columns x1, x2, x3 = x1 + x2.
    const rand = seededRandom(3);
    const n = 20;
    const cols = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    for (let r = 0; r < n; r++) {
      cols[0]![r] = rand();
      cols[1]![r] = rand();
      cols[2]![r] = cols[0]![r]! + cols[1]![r]!;
    }
    const a = new Float64Array(9);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let r = 0; r < n; r++) s += cols[i]![r]! * cols[j]![r]!;
        a[i * 3 + j] = s;
      }
    const f = choleskyLdl(a, 3);
    expect(f.rank).toBe(2);
    expect(Array.from(f.singular)).toEqual([0, 0, 1]);
    const inv = choleskyInverse(f);
    // Singular row/column is zero, the rest is the inverse of the 2x2 block.
    for (let k = 0; k < 3; k++) {
      expect(inv[2 * 3 + k]).toBe(0);
      expect(inv[k * 3 + 2]).toBe(0);
    }
    const det = a[0]! * a[4]! - a[1]! * a[3]!;
    expect(inv[0]).toBeCloseTo(a[4]! / det, 10);
    expect(inv[1]).toBeCloseTo(-a[1]! / det, 10);
    expect(inv[4]).toBeCloseTo(a[0]! / det, 10);
    const sol = choleskySolve(f, Float64Array.of(1, 2, 3));
    expect(sol[2]).toBe(0);
    expect(sol[0]! * a[0]! + sol[1]! * a[1]!).toBeCloseTo(1, 10);
    expect(sol[0]! * a[3]! + sol[1]! * a[4]!).toBeCloseTo(2, 10);
  });

  it('treats a pivot below toler * max(diag) as singular, and one above as regular', () => {
    const big = 1e6;
    const tiny = big * 1e-13; // below 1.8e-12 relative
    expect(choleskyLdl(Float64Array.of(big, 0, 0, tiny), 2).rank).toBe(1);
    expect(choleskyLdl(Float64Array.of(big, 0, 0, big * 1e-11), 2).rank).toBe(2);
    // A larger tolerance makes the second column singular.
    expect(choleskyLdl(Float64Array.of(big, 0, 0, big * 1e-11), 2, 1e-10).rank).toBe(1);
  });

  it('reports a clearly negative pivot as not non-negative definite', () => {
    const f = choleskyLdl(Float64Array.of(1, 2, 2, 1), 2);
    expect(f.nonNegativeDefinite).toBe(false);
    expect(f.rank).toBe(1);
  });

  it('an all-zero matrix has rank 0 and a zero inverse', () => {
    const f = choleskyLdl(new Float64Array(4), 2);
    expect(f.rank).toBe(0);
    expect(Array.from(choleskyInverse(f))).toEqual([0, 0, 0, 0]);
  });

  it('rejects bad dimensions and tolerance', () => {
    expect(() => choleskyLdl(new Float64Array(3), 2)).toThrow(RangeError);
    expect(() => choleskyLdl(new Float64Array(4), 2, 0)).toThrow(RangeError);
    expect(() => choleskySolve(choleskyLdl(Float64Array.of(1), 1), Float64Array.of(1, 2))).toThrow(RangeError);
  });
});

describe('solve and inverse', () => {
  it('A x = b and A A^-1 = I for random SPD matrices of several sizes', () => {
    for (const p of [1, 2, 5, 10]) {
      const a = randomSpd(p, 100 + p);
      const rand = seededRandom(p);
      const b = Float64Array.from({ length: p }, () => rand() * 4 - 2);
      const frozenB = new Float64Array(b);
      const { x, rank } = solveSymmetric(a, b);
      expect(b).toEqual(frozenB);
      expect(rank).toBe(p);
      const ax = matVec(a, x);
      for (let i = 0; i < p; i++) expect(ax[i]).toBeCloseTo(b[i]!, 10);
      const { inverse } = invertSymmetric(a, p);
      for (let i = 0; i < p; i++)
        for (let j = 0; j < p; j++) {
          let s = 0;
          for (let k = 0; k < p; k++) s += a[i * p + k]! * inverse[k * p + j]!;
          expect(s).toBeCloseTo(i === j ? 1 : 0, 9);
          expect(inverse[i * p + j]).toBe(inverse[j * p + i]);
        }
    }
  });

  it('reads only the upper triangle of the input', () => {
    const a = Float64Array.of(4, 2, 999, 3); // lower entry is garbage
    const { x } = solveSymmetric(a, Float64Array.of(2, 1));
    expect(x[0]).toBeCloseTo(0.5, 14);
    expect(x[1]).toBeCloseTo(0, 14);
  });
});
