/**
 * Matrix exponential of a small square matrix by scaling and squaring with a
 * diagonal Padé approximant of degree 6: `A` is scaled by `2^-s` so that
 * `||A / 2^s||_∞ <= 1/2`, `exp` of the scaled matrix is `D^-1 N` with the
 * [6/6] Padé polynomials N and D, and the result is squared `s` times
 * (Golub & Van Loan, Matrix Computations, the Padé algorithm of the matrix
 * exponential; relative error bound about 3.4e-16 · ||A|| before squaring). Hand-written because
 * the multi-state predictions need it for matrices of a few states only, and
 * no small well-kept npm package offers it on Float64Array.
 *
 * Used for survfit's `stype = 2` state occupation of a multi-state Cox model
 * (`p(t) = p(t-) exp(dA(t))`), as R's survival `survexpm`.
 *
 * Reference: Moler C, Van Loan C (2003) Nineteen dubious ways to compute the
 * exponential of a matrix, twenty-five years later. SIAM Review 45:3-49.
 */
import { UsageError } from '../../../util/errors.js';

/** Padé degree. */
const Q = 6;

/** `a · b` for k × k row-major matrices. */
function multiply(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const c = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let l = 0; l < k; l++) {
      const v = a[i * k + l]!;
      if (v === 0) continue;
      for (let j = 0; j < k; j++) c[i * k + j]! += v * b[l * k + j]!;
    }
  }
  return c;
}

/** Solves `D X = N` for X (k × k, row-major) by Gaussian elimination with partial pivoting. */
function solve(d: Float64Array, nmat: Float64Array, k: number): Float64Array {
  const a = Float64Array.from(d);
  const x = Float64Array.from(nmat);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r * k + c]!) > Math.abs(a[piv * k + c]!)) piv = r;
    if (a[piv * k + c] === 0) throw new UsageError('matrixExponential: singular Padé denominator');
    if (piv !== c) {
      for (let j = 0; j < k; j++) {
        [a[c * k + j], a[piv * k + j]] = [a[piv * k + j]!, a[c * k + j]!];
        [x[c * k + j], x[piv * k + j]] = [x[piv * k + j]!, x[c * k + j]!];
      }
    }
    const p = a[c * k + c]!;
    for (let r = c + 1; r < k; r++) {
      const f = a[r * k + c]! / p;
      if (f === 0) continue;
      for (let j = c; j < k; j++) a[r * k + j]! -= f * a[c * k + j]!;
      for (let j = 0; j < k; j++) x[r * k + j]! -= f * x[c * k + j]!;
    }
  }
  for (let c = k - 1; c >= 0; c--) {
    const p = a[c * k + c]!;
    for (let j = 0; j < k; j++) {
      let v = x[c * k + j]!;
      for (let l = c + 1; l < k; l++) v -= a[c * k + l]! * x[l * k + j]!;
      x[c * k + j] = v / p;
    }
  }
  return x;
}

/**
 * `exp(A)` of a k × k matrix given row-major.
 *
 * @param a the matrix, row-major (length k²); not modified
 * @param k its order
 * @returns `exp(A)`, row-major
 * @throws UsageError when `a` is not k × k or holds a non-finite value
 * @example matrixExponential(Float64Array.of(-1, 1, 0, 0), 2) // => [e^-1, 1 - e^-1, 0, 1]
 */
export function matrixExponential(a: Float64Array, k: number): Float64Array {
  if (!Number.isInteger(k) || k < 1 || a.length !== k * k) throw new UsageError(`matrixExponential: expected a ${k} x ${k} matrix, got ${a.length} values`);
  let norm = 0;
  for (let i = 0; i < k; i++) {
    let row = 0;
    for (let j = 0; j < k; j++) {
      const v = a[i * k + j]!;
      if (!Number.isFinite(v)) throw new UsageError(`matrixExponential: non-finite entry ${v} at (${i + 1}, ${j + 1})`);
      row += Math.abs(v);
    }
    if (row > norm) norm = row;
  }
  const s = norm > 0.5 ? Math.max(0, Math.ceil(Math.log2(norm / 0.5))) : 0;
  const scale = 2 ** -s;
  const x = Float64Array.from(a, (v) => v * scale);
  // N = Σ c_j X^j, D = Σ (-1)^j c_j X^j with c_j = (2q - j)! q! / ((2q)! j! (q - j)!).
  const nmat = new Float64Array(k * k);
  const dmat = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    nmat[i * k + i] = 1;
    dmat[i * k + i] = 1;
  }
  let c = 1;
  let power: Float64Array = Float64Array.from(x);
  for (let j = 1; j <= Q; j++) {
    c = (c * (Q - j + 1)) / (j * (2 * Q - j + 1));
    const sign = j % 2 === 0 ? 1 : -1;
    for (let e = 0; e < k * k; e++) {
      nmat[e]! += c * power[e]!;
      dmat[e]! += sign * c * power[e]!;
    }
    if (j < Q) power = multiply(power, x, k);
  }
  let r: Float64Array = solve(dmat, nmat, k);
  for (let i = 0; i < s; i++) r = multiply(r, r, k);
  return r;
}
