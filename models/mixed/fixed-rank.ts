/**
 * Rank check of a fixed-effects design matrix as lme4's `check.rankX =
 * "message+drop.cols"`: R's `qr(X, tol = 1e-7)` (LINPACK `dqrdc2`, Householder
 * QR with limited column pivoting) moves a column whose norm, after the
 * reflections of the columns before it, is below `tol` times its original
 * norm to the end; lme4 then drops the columns past the rank. Columns are
 * taken in order here, and a deficient column is dropped at once, which keeps
 * the same columns.
 *
 * Reference: R source src/appl/dqrdc2.f; lme4 R/modular.R (`chkRank.drop.cols`).
 */

/**
 * Indices of the columns of `x` that `qr(X, tol)` keeps (in order).
 * @param x design columns, each of length n.
 * @param tol relative tolerance (lme4: 1e-7).
 * @example keptColumns([ones, time, time2x], 1e-7) // => [0, 1] when time2x = 2 * time
 */
export function keptColumns(x: readonly Float64Array[], tol: number): number[] {
  const n = x[0]?.length ?? 0;
  const reflectors: { v: Float64Array; k: number; beta: number }[] = [];
  const kept: number[] = [];
  for (let j = 0; j < x.length; j++) {
    const col = Float64Array.from(x[j]!);
    let orig = 0;
    for (let i = 0; i < n; i++) orig += col[i]! * col[i]!;
    orig = Math.sqrt(orig);
    for (const h of reflectors) {
      let dot = 0;
      for (let i = h.k; i < n; i++) dot += h.v[i]! * col[i]!;
      const s = dot * h.beta;
      for (let i = h.k; i < n; i++) col[i]! -= s * h.v[i]!;
    }
    const k = reflectors.length;
    let rest = 0;
    for (let i = k; i < n; i++) rest += col[i]! * col[i]!;
    rest = Math.sqrt(rest);
    if (k >= n || !(rest >= tol * (orig === 0 ? 1 : orig)) || rest === 0) continue;
    // Householder vector v with v[k] = col[k] + sign * rest, H = I - beta v v'.
    const v = new Float64Array(n);
    const alpha = col[k]! >= 0 ? rest : -rest;
    v[k] = col[k]! + alpha;
    for (let i = k + 1; i < n; i++) v[i] = col[i]!;
    let vv = 0;
    for (let i = k; i < n; i++) vv += v[i]! * v[i]!;
    reflectors.push({ v, k, beta: 2 / vv });
    kept.push(j);
  }
  return kept;
}
