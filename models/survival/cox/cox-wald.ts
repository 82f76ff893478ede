/**
 * Wald test `b' V⁻¹ b` over the estimable coefficients, with the generalized
 * inverse of the LDLᵀ factorization (R survival's `coxph.wtest`).
 *
 * Reference: survival 3.5-3 `R/coxph.wtest.R`, `src/coxph_wtest.c`.
 */
import { choleskyLdl } from '../../linalg/cholesky.js';
import { choleskySolve } from '../../linalg/cholesky-solve.js';

/**
 * @param v variance, row-major `p × p`.
 * @param b coefficient differences (length p).
 * @param keep which coefficients enter the test (R drops the `NA` ones).
 * @param tolerChol singularity tolerance of the Cholesky step.
 * @returns the statistic and its degrees of freedom (the rank of the kept block).
 * @example waldTest(Float64Array.of(4), Float64Array.of(2), [true], 1e-12).statistic // => 1
 */
export function waldTest(
  v: Float64Array,
  b: Float64Array,
  keep: readonly boolean[],
  tolerChol: number,
): { statistic: number; df: number } {
  const p = b.length;
  const idx: number[] = [];
  for (let j = 0; j < p; j++) if (keep[j]) idx.push(j);
  const m = idx.length;
  if (m === 0) return { statistic: 0, df: 0 };
  const sub = new Float64Array(m * m);
  const bb = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    bb[i] = b[idx[i]!]!;
    for (let j = 0; j < m; j++) sub[i * m + j] = v[idx[i]! * p + idx[j]!]!;
  }
  if (m === 1) return { statistic: (bb[0]! * bb[0]!) / sub[0]!, df: 1 };
  const f = choleskyLdl(sub, m, tolerChol);
  const s = choleskySolve(f, bb);
  let stat = 0;
  for (let i = 0; i < m; i++) stat += bb[i]! * s[i]!;
  return { statistic: stat, df: f.rank };
}
