/**
 * The P-spline basis of survival's `pspline(x)` (survival 3.5-3): B-splines
 * of degree 3 on `nterm` equal intervals of the range of x (knots extended by
 * `degree` intervals on each side, R's `spline.des(knots, x, degree + 1)`),
 * first column dropped (`intercept = FALSE`), so `nterm + degree - 1` columns
 * named `ps(x)3`, `ps(x)4`, ...; and the penalty matrix of second
 * differences (`D'D` without its first row and column). The penalized fit is
 * in models/survival/cox/cox-pspline.ts.
 *
 * Reference: survival 3.5-3 `R/pspline.R`; Eilers & Marx (1996), Statistical
 * Science 11:89-121.
 */
import { UsageError } from '../../util/errors.js';
import { bsplineRow } from './natural-spline.js';

/**
 * Basis columns of `pspline(x, nterm, degree)` for the used rows.
 *
 * @param all x on every row of the table (the knots come from its non-missing range, as R evaluates
 *   `pspline()` before dropping rows).
 * @param used x on the used rows.
 */
export function psplineBasis(all: Float64Array, used: Float64Array, opts: { nterm: number; degree: number }): { basis: Float64Array[]; knots: number[] } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of all) {
    if (v !== v) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo < hi)) throw new UsageError('pspline(): the variable needs at least two different values');
  const { nterm, degree } = opts;
  const dx = (hi - lo) / nterm;
  const knots: number[] = [];
  for (let k = -degree; k <= nterm - 1; k++) knots.push(lo + dx * k);
  for (let k = 0; k <= degree; k++) knots.push(hi + dx * k);
  const nb = knots.length - (degree + 1);
  const n = used.length;
  const basis = Array.from({ length: nb - 1 }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const row = bsplineRow(knots, degree + 1, used[i]!, 0);
    for (let j = 1; j < nb; j++) basis[j - 1]![i] = row[j]!;
  }
  return { basis, knots };
}

/** The second-difference penalty `D'D` of `p + 1` coefficients without the first row and column (p x p, row-major). */
export function psplinePenalty(p: number): Float64Array {
  const m = p + 1;
  const full = new Float64Array(m * m);
  for (let r = 0; r + 2 < m; r++) {
    const d = [1, -2, 1];
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) full[(r + a) * m + (r + b)] = full[(r + a) * m + (r + b)]! + d[a]! * d[b]!;
  }
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) out[i * p + j] = full[(i + 1) * m + (j + 1)]!;
  return out;
}
