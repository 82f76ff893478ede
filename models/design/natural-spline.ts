/**
 * Natural cubic spline basis as R's `splines::ns()` (R 4.2.2): B-spline basis
 * of order 4 on the knots `c(rep(Boundary.knots, 4), knots)` (R's
 * `splineDesign`), projected onto the null space of the second derivatives
 * at the two boundary knots by the Householder QR of LINPACK `dqrdc2` and
 * `dqrsl` (R's `qr()` and `qr.qty()`), first basis column dropped unless
 * `intercept = TRUE`. Knots: `df - 1 - intercept` interior knots at the
 * quantiles (type 7, R's default) of the non-missing x inside the boundary
 * knots, boundary knots at the range of x. Outside the boundary knots the
 * basis is extended linearly (value and first derivative at the boundary),
 * as `ns()` does.
 *
 * Hand-written because the column values must match R's `model.matrix()` to
 * rounding (the QR's signs decide the basis); checked against R in
 * test/golden/formula-language.R.
 *
 * Reference: R source `src/library/splines/R/splines.R` (`ns`,
 * `splineDesign`), `src/library/splines/src/splines.c`, LINPACK `dqrdc2.f`,
 * `dqrsl.f`; de Boor (1978) *A Practical Guide to Splines*.
 */
import { UsageError } from '../../util/errors.js';
import type { SplineKnots } from './types.js';

/**
 * Values (or a derivative) of all B-splines of order `ord` on `knots` at `x`
 * (R's `splineDesign(knots, x, ord, derivs)` for one x inside the knots).
 */
export function bsplineRow(knots: readonly number[], ord: number, x: number, deriv = 0): Float64Array {
  const nk = knots.length;
  const nb = nk - ord;
  // Span m: knots[m] <= x < knots[m + 1]; at the right end the last non-empty span.
  let m = -1;
  for (let i = ord - 1; i < nk - ord; i++) {
    if (knots[i]! <= x && x < knots[i + 1]!) {
      m = i;
      break;
    }
  }
  if (m < 0) {
    for (let i = nk - ord - 1; i >= ord - 1; i--) {
      if (knots[i]! < knots[i + 1]! && x >= knots[i]!) {
        m = i;
        break;
      }
    }
  }
  if (m < 0) throw new UsageError(`bsplineRow: ${x} is outside the knots`);
  const low = ord - deriv;
  // Order-1 indicators, raised to order `low` by the Cox-de Boor recursion.
  let b = new Float64Array(nk - 1);
  b[m] = 1;
  for (let k = 2; k <= low; k++) {
    const next = new Float64Array(nk - k);
    for (let j = 0; j < nk - k; j++) {
      let v = 0;
      const d1 = knots[j + k - 1]! - knots[j]!;
      const d2 = knots[j + k]! - knots[j + 1]!;
      if (d1 > 0) v += ((x - knots[j]!) / d1) * b[j]!;
      if (d2 > 0) v += ((knots[j + k]! - x) / d2) * b[j + 1]!;
      next[j] = v;
    }
    b = next;
  }
  // Derivatives: d B_{j,k} = (k - 1) (B_{j,k-1} / (t_{j+k-1} - t_j) - B_{j+1,k-1} / (t_{j+k} - t_{j+1})).
  for (let k = low + 1; k <= ord; k++) {
    const next = new Float64Array(nk - k);
    for (let j = 0; j < nk - k; j++) {
      let v = 0;
      const d1 = knots[j + k - 1]! - knots[j]!;
      const d2 = knots[j + k]! - knots[j + 1]!;
      if (d1 > 0) v += b[j]! / d1;
      if (d2 > 0) v -= b[j + 1]! / d2;
      next[j] = (k - 1) * v;
    }
    b = next;
  }
  return b.length === nb ? b : b.subarray(0, nb);
}

/** R's `quantile(x, probs, type = 7)` of sorted values. */
export function quantileType7(sorted: Float64Array, probs: readonly number[]): number[] {
  const n = sorted.length;
  return probs.map((p) => {
    const index = 1 + Math.max(n - 1, 0) * p;
    const lo = Math.floor(index);
    const hi = Math.ceil(index);
    const qs = sorted[lo - 1]!;
    if (index > lo && sorted[hi - 1] !== qs) {
      const h = index - lo;
      return (1 - h) * qs + h * sorted[hi - 1]!;
    }
    return qs;
  });
}

/**
 * Knots of `ns(x, df, knots, intercept, Boundary.knots)` from the data, as R.
 *
 * @param x the variable (NaN = missing, ignored as R's `ns` does).
 * @param spec what the formula says: df or knots, intercept, boundary knots.
 * @throws UsageError when x has no finite value or fewer than 2 distinct values.
 */
export function naturalSplineKnots(
  x: Float64Array,
  spec: { df?: number; knots?: readonly number[]; intercept: boolean; boundaryKnots?: readonly [number, number] },
): SplineKnots & { warning?: string } {
  const finite: number[] = [];
  for (const v of x) if (v === v) finite.push(v);
  if (finite.length === 0) throw new UsageError('ns(): the variable has no non-missing value');
  const sorted = Float64Array.from(finite).sort();
  const boundary: [number, number] = spec.boundaryKnots ? [spec.boundaryKnots[0], spec.boundaryKnots[1]] : [sorted[0]!, sorted[sorted.length - 1]!];
  if (!(boundary[0] < boundary[1])) throw new UsageError('ns(): the variable has a single value; a spline needs a range');
  const intercept = spec.intercept;
  let knots: number[] = [];
  let warning: string | undefined;
  if (spec.knots !== undefined) {
    knots = [...spec.knots];
  } else if (spec.df !== undefined) {
    let nI = spec.df - 1 - (intercept ? 1 : 0);
    if (nI < 0) {
      nI = 0;
      warning = `ns(): 'df' was too small; have used ${1 + (intercept ? 1 : 0)}`;
    }
    if (nI > 0) {
      const inside = sorted.filter((v) => v >= boundary[0] && v <= boundary[1]);
      const by = 1 / (nI + 1);
      const probs = Array.from({ length: nI }, (_, i) => (i + 1) * by);
      knots = quantileType7(inside, probs);
    }
  }
  const out: SplineKnots & { warning?: string } = { knots, boundaryKnots: boundary, intercept };
  if (warning) out.warning = warning;
  return out;
}

/** Householder QR of a column-major n x p matrix, as LINPACK dqrdc2 without pivoting. */
function householderQr(a: Float64Array[], n: number): { x: Float64Array[]; qraux: Float64Array } {
  const p = a.length;
  const x = a.map((c) => c.slice());
  const qraux = new Float64Array(p);
  for (let l = 0; l < Math.min(n, p); l++) {
    if (l === n - 1) break;
    const xl = x[l]!;
    let nrm = 0;
    for (let i = l; i < n; i++) nrm += xl[i]! * xl[i]!;
    nrm = Math.sqrt(nrm);
    if (nrm === 0) continue;
    if (xl[l] !== 0) nrm = xl[l]! < 0 ? -Math.abs(nrm) : Math.abs(nrm);
    for (let i = l; i < n; i++) xl[i] = xl[i]! / nrm;
    xl[l] = 1 + xl[l]!;
    for (let j = l + 1; j < p; j++) {
      const xj = x[j]!;
      let t = 0;
      for (let i = l; i < n; i++) t -= xl[i]! * xj[i]!;
      t /= xl[l]!;
      for (let i = l; i < n; i++) xj[i] = xj[i]! + t * xl[i]!;
    }
    qraux[l] = xl[l]!;
    xl[l] = -nrm;
  }
  return { x, qraux };
}

/** Q'y in place, as LINPACK dqrsl (job 1000) for a QR of rank k. */
function qty(qr: { x: Float64Array[]; qraux: Float64Array }, n: number, k: number, y: Float64Array): void {
  for (let j = 0; j < Math.min(k, n - 1); j++) {
    if (qr.qraux[j] === 0) continue;
    const xj = qr.x[j]!;
    const diag = qr.qraux[j]!;
    let t = -diag * y[j]!;
    for (let i = j + 1; i < n; i++) t -= xj[i]! * y[i]!;
    t /= diag;
    y[j] = y[j]! + t * diag;
    for (let i = j + 1; i < n; i++) y[i] = y[i]! + t * xj[i]!;
  }
}

/**
 * The natural spline basis of `x` for given knots: one Float64Array per basis
 * column (R's `ns(x, ...)` columns 1..df); NaN rows stay NaN.
 */
export function naturalSplineBasis(x: Float64Array, k: SplineKnots): Float64Array[] {
  const [b0, b1] = k.boundaryKnots;
  const aknots = [b0, b0, b0, b0, ...k.knots, b1, b1, b1, b1].sort((p, q) => p - q);
  const nb = aknots.length - 4; // B-splines of order 4
  const drop = k.intercept ? 0 : 1;
  const m = nb - drop; // rows of t(const)
  // Constraints: second derivatives at both boundary knots (R's `const`), transposed: m x 2.
  const c0 = bsplineRow(aknots, 4, b0, 2);
  const c1 = bsplineRow(aknots, 4, b1, 2);
  const qr = householderQr([c0.slice(drop), c1.slice(drop)], m);
  // Linear extension outside the boundary: value + slope at the pivot.
  const v0 = bsplineRow(aknots, 4, b0, 0);
  const d0 = bsplineRow(aknots, 4, b0, 1);
  const v1 = bsplineRow(aknots, 4, b1, 0);
  const d1 = bsplineRow(aknots, 4, b1, 1);
  const ncol = m - 2;
  const n = x.length;
  const out = Array.from({ length: ncol }, () => new Float64Array(n));
  const row = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    if (xi !== xi) {
      for (let j = 0; j < ncol; j++) out[j]![i] = NaN;
      continue;
    }
    let full: Float64Array;
    if (xi < b0) {
      full = new Float64Array(nb);
      for (let j = 0; j < nb; j++) full[j] = v0[j]! + (xi - b0) * d0[j]!;
    } else if (xi > b1) {
      full = new Float64Array(nb);
      for (let j = 0; j < nb; j++) full[j] = v1[j]! + (xi - b1) * d1[j]!;
    } else full = bsplineRow(aknots, 4, xi, 0);
    for (let j = 0; j < m; j++) row[j] = full[j + drop]!;
    qty(qr, m, 2, row);
    for (let j = 0; j < ncol; j++) out[j]![i] = row[j + 2]!;
  }
  return out;
}
