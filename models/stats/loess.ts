/**
 * Local linear regression smoother (loess of degree 1 with tricube weights,
 * optionally with lowess' bisquare robustness iterations) and its pointwise
 * standard error, for the smooth of Schoenfeld residual plots
 * (charts/schoenfeld-figure.ts).
 *
 * At each evaluation point x0 the `k = ceil(span · n)` nearest observations
 * (plus any tied with the k-th) get tricube weights `(1 - (d/h)^3)^3`, `h` the
 * largest of their distances (times 1 + 1e-6 so that the farthest keeps a
 * small weight); the fit is weighted least squares of y on x. The fit is
 * linear in y, `ŷ(x0) = Σ l_i(x0) y_i`, so its standard error is
 * `σ √Σ l_i(x0)²` with `σ² = Σ (y_i - ŷ(x_i))² / (n - Σ l_i(x_i))` (Cleveland &
 * Devlin's equivalent-number-of-parameters correction).
 *
 * References: Cleveland WS (1979) JASA 74:829–836 (lowess); Cleveland WS,
 * Devlin SJ (1988) JASA 83:596–610 (loess, pointwise variance). R's
 * `plot.cox.zph` uses a natural spline with 4 df and a ±2 SE band instead;
 * the two smooths agree closely in shape but not exactly.
 */
import { UsageError } from '../../util/errors.js';

/** Options of {@link localLinearSmooth}. */
export interface SmoothOptions {
  /** Fraction of the observations in each local fit (default 2/3, as R's `lowess` f). */
  span?: number;
  /** Number of equally spaced evaluation points between min(x) and max(x) (default 40, as R's plot.cox.zph `nsmo`). */
  points?: number;
  /** Bisquare robustness iterations (default 0: plain least squares, so the band is valid; R's lowess uses 3). */
  robustIterations?: number;
  /** Multiplier of the standard error for the band (default 2, as R's plot.cox.zph). */
  bandZ?: number;
}

/** Result of {@link localLinearSmooth}. */
export interface SmoothResult {
  x: number[];
  fit: number[];
  se: number[];
  lower: number[];
  upper: number[];
  /** Number of finite (x, y) pairs used. */
  n: number;
}

interface LocalFit {
  fit: number;
  sumL2: number;
  lii: number;
}

function localFit(xs: Float64Array, ys: Float64Array, robust: Float64Array, k: number, x0: number, selfIndex: number): LocalFit {
  const n = xs.length;
  // Insertion point of x0, then grow a window of k nearest neighbours.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x0) lo = mid + 1;
    else hi = mid;
  }
  let a = lo; // window [a, b)
  let b = lo;
  while (b - a < k) {
    if (a === 0) b++;
    else if (b === n) a--;
    else if (x0 - xs[a - 1]! <= xs[b]! - x0) a--;
    else b++;
  }
  let h = Math.max(x0 - xs[a]!, xs[b - 1]! - x0);
  while (a > 0 && x0 - xs[a - 1]! <= h) a--;
  while (b < n && xs[b]! - x0 <= h) b++;
  h *= 1 + 1e-6;
  let sw = 0;
  let swx = 0;
  const w = new Float64Array(b - a);
  for (let i = a; i < b; i++) {
    const d = h > 0 ? Math.abs(xs[i]! - x0) / h : 0;
    const t = 1 - d * d * d;
    const wi = (h > 0 ? t * t * t : 1) * robust[i]!;
    w[i - a] = wi;
    sw += wi;
    swx += wi * xs[i]!;
  }
  if (!(sw > 0)) return { fit: NaN, sumL2: NaN, lii: NaN };
  const xbar = swx / sw;
  let sxx = 0;
  for (let i = a; i < b; i++) sxx += w[i - a]! * (xs[i]! - xbar) ** 2;
  const range = xs[n - 1]! - xs[0]!;
  const linear = sxx > 1e-12 * sw * (range * range || 1);
  let fit = 0;
  let sumL2 = 0;
  let lii = 0;
  for (let i = a; i < b; i++) {
    const wi = w[i - a]!;
    const l = linear ? wi * (1 / sw + ((xs[i]! - xbar) * (x0 - xbar)) / sxx) : wi / sw;
    fit += l * ys[i]!;
    sumL2 += l * l;
    if (i === selfIndex) lii = l;
  }
  return { fit, sumL2, lii };
}

/**
 * Local linear smooth of y on x with a pointwise ±`bandZ`·SE band.
 *
 * @param x predictor values (NaN pairs are skipped; not modified).
 * @param y responses.
 * @param options `span` (2/3), `points` (40), `robustIterations` (0), `bandZ` (2).
 * @throws UsageError for different lengths, span outside (0, 1] or fewer than 2 points
 * @example localLinearSmooth([1, 2, 3, 4], [1, 2, 3, 4], { points: 4 }).fit // => [1, 2, 3, 4]
 */
export function localLinearSmooth(x: ArrayLike<number>, y: ArrayLike<number>, options: SmoothOptions = {}): SmoothResult {
  const span = options.span ?? 2 / 3;
  const points = options.points ?? 40;
  const iters = options.robustIterations ?? 0;
  const z = options.bandZ ?? 2;
  if (x.length !== y.length) throw new UsageError(`localLinearSmooth: x and y differ in length (${x.length} vs ${y.length})`);
  if (!(span > 0 && span <= 1)) throw new UsageError(`localLinearSmooth: span must be in (0, 1], got ${span}`);
  if (!(Number.isInteger(points) && points >= 2)) throw new UsageError(`localLinearSmooth: points must be an integer >= 2, got ${points}`);
  if (!(Number.isInteger(iters) && iters >= 0)) throw new UsageError(`localLinearSmooth: robustIterations must be an integer >= 0, got ${iters}`);
  const idx: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) idx.push(i);
  idx.sort((p, q) => x[p]! - x[q]!);
  const n = idx.length;
  if (n < 2) throw new UsageError(`localLinearSmooth: needs at least 2 finite points, got ${n}`);
  const xs = Float64Array.from(idx, (i) => x[i]!);
  const ys = Float64Array.from(idx, (i) => y[i]!);
  const k = Math.min(n, Math.max(2, Math.ceil(span * n)));
  const robust = new Float64Array(n).fill(1);
  const fitted = new Float64Array(n);
  const lii = new Float64Array(n);
  const fitAll = (): void => {
    for (let i = 0; i < n; i++) {
      const f = localFit(xs, ys, robust, k, xs[i]!, i);
      fitted[i] = f.fit;
      lii[i] = f.lii;
    }
  };
  fitAll();
  for (let it = 0; it < iters; it++) {
    const absRes = Array.from(ys, (v, i) => Math.abs(v - fitted[i]!)).sort((p, q) => p - q);
    const med = n % 2 ? absRes[(n - 1) / 2]! : (absRes[n / 2 - 1]! + absRes[n / 2]!) / 2;
    if (!(med > 0)) break;
    for (let i = 0; i < n; i++) {
      const u = Math.abs(ys[i]! - fitted[i]!) / (6 * med);
      robust[i] = u < 1 ? (1 - u * u) ** 2 : 0;
    }
    fitAll();
  }
  let rss = 0;
  let trace = 0;
  for (let i = 0; i < n; i++) {
    rss += robust[i]! * (ys[i]! - fitted[i]!) ** 2;
    trace += lii[i]!;
  }
  const dfResid = n - trace;
  const sigma = dfResid > 0 ? Math.sqrt(rss / dfResid) : NaN;
  const out: SmoothResult = { x: [], fit: [], se: [], lower: [], upper: [], n };
  const x0 = xs[0]!;
  const step = (xs[n - 1]! - x0) / (points - 1);
  for (let g = 0; g < points; g++) {
    const xg = g === points - 1 ? xs[n - 1]! : x0 + g * step;
    const f = localFit(xs, ys, robust, k, xg, -1);
    const se = sigma * Math.sqrt(f.sumL2);
    out.x.push(xg);
    out.fit.push(f.fit);
    out.se.push(se);
    out.lower.push(f.fit - z * se);
    out.upper.push(f.fit + z * se);
  }
  return out;
}
