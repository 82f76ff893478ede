/**
 * Matrix exponential: closed forms (two-state generator, diagonal,
 * nilpotent), a Taylor series with 80 terms for matrices of norm up to 4
 * (the scaling-and-squaring path), exp(A) = exp(A/2)², rows of exp(Q) of a
 * transition-intensity matrix sum to 1; bad input refused.
 */
import { describe, expect, it } from 'vitest';
import { matrixExponential } from '../../../../models/survival/multistate/matrix-exponential.js';
import { UsageError } from '../../../../util/errors.js';

function taylor(a: Float64Array, k: number, terms = 80): Float64Array {
  const out = new Float64Array(k * k);
  let term = new Float64Array(k * k);
  for (let i = 0; i < k; i++) term[i * k + i] = 1;
  for (let n = 0; n < terms; n++) {
    for (let e = 0; e < k * k; e++) out[e]! += term[e]!;
    const next = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let l = 0; l < k; l++) for (let j = 0; j < k; j++) next[i * k + j]! += (term[i * k + l]! * a[l * k + j]!) / (n + 1);
    term = next;
  }
  return out;
}

describe('matrixExponential', () => {
  it('two-state generator: [[e^-a, 1 - e^-a], [0, 1]]', () => {
    const r = matrixExponential(Float64Array.of(-0.7, 0.7, 0, 0), 2);
    expect(r[0]).toBeCloseTo(Math.exp(-0.7), 15);
    expect(r[1]).toBeCloseTo(1 - Math.exp(-0.7), 15);
    expect(Array.from(r.subarray(2))).toEqual([0, 1]);
  });

  it('diagonal and nilpotent matrices', () => {
    const d = matrixExponential(Float64Array.of(2, 0, 0, -3), 2);
    expect(d[0]! / Math.exp(2)).toBeCloseTo(1, 14);
    expect(d[3]! / Math.exp(-3)).toBeCloseTo(1, 14);
    expect(d[1]).toBe(0);
    const n = matrixExponential(Float64Array.of(0, 1, 0, 0), 2);
    expect(Array.from(n)).toEqual([1, 1, 0, 1]);
  });

  it('agrees with an 80-term Taylor series, also where scaling and squaring is needed', () => {
    const q = Float64Array.of(-1.9, 1.2, 0.7, 0.3, -0.8, 0.5, 0, 0, 0); // 3-state intensity matrix, norm 3.8
    for (const scale of [0.01, 0.3, 1]) {
      const a = Float64Array.from(q, (v) => v * scale);
      const r = matrixExponential(a, 3);
      const t = taylor(a, 3);
      r.forEach((v, e) => expect(Math.abs(v - t[e]!)).toBeLessThan(1e-14));
      for (let i = 0; i < 3; i++) expect(r[i * 3]! + r[i * 3 + 1]! + r[i * 3 + 2]!).toBeCloseTo(1, 14);
    }
    const b = Float64Array.of(0.5, -1.5, 2, 1, 0.3, -0.2, -1, 0.8, 0.1);
    const half = matrixExponential(Float64Array.from(b, (v) => v / 2), 3);
    const sq = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let l = 0; l < 3; l++) for (let j = 0; j < 3; j++) sq[i * 3 + j]! += half[i * 3 + l]! * half[l * 3 + j]!;
    const full = matrixExponential(b, 3);
    const t = taylor(b, 3);
    full.forEach((v, e) => {
      expect(Math.abs(v - sq[e]!)).toBeLessThan(1e-13);
      expect(Math.abs(v - t[e]!)).toBeLessThan(1e-13);
    });
  });

  it('does not modify its input and refuses bad input', () => {
    const a = Float64Array.of(-1, 1, 0, 0);
    matrixExponential(a, 2);
    expect(Array.from(a)).toEqual([-1, 1, 0, 0]);
    expect(() => matrixExponential(Float64Array.of(1, 2, 3), 2)).toThrow(UsageError);
    expect(() => matrixExponential(Float64Array.of(NaN, 0, 0, 0), 2)).toThrow(/non-finite/);
  });
});
