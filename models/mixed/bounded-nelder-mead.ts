/**
 * Derivative-free minimization in a box: the Nelder-Mead simplex method with
 * bound constraints and restarts.
 *
 * Method: Nelder & Mead (1965), "A simplex method for function minimization",
 * Computer Journal 7, 308-313, with the standard coefficients (reflection 1,
 * expansion 2, contraction 1/2, shrink 1/2) and the ordering rules of Lagarias,
 * Reeds, Wright & Wright (1998), SIAM J Optim 9, 112-147. Bounds: every trial
 * point is projected onto the box (coordinate-wise clamping; Box 1965, the
 * "complex" method), so a minimum on a bound (a singular mixed-model fit,
 * theta_ii = 0) is reached exactly. Restarts: Nelder-Mead can stall on a
 * non-stationary point when its simplex degenerates; the search is restarted
 * from the best point with a fresh simplex until a restart no longer improves
 * f by more than the tolerance (as Kelley 1999, "Detection and remediation of
 * stagnation in the Nelder-Mead algorithm", SIAM J Optim 10, 43-55, suggests).
 *
 * Stopping rule of each run: every vertex within `xtol * (1 + |x_best,k|)`
 * of the best vertex in every coordinate, or all values within
 * `ftol * (1 + |f_best|)` of the best value (equal up to rounding: once the
 * simplex is that small, rounding noise in f decides the moves); or `maxEval`
 * evaluations in all (then `converged` is false).
 */
import { UsageError } from '../../util/errors.js';

/** Options of {@link boundedNelderMead}. */
export interface NelderMeadOptions {
  /** Lower bounds (use -Infinity for none); default all -Infinity. */
  lower?: ArrayLike<number>;
  /** Upper bounds (use Infinity for none); default all Infinity. */
  upper?: ArrayLike<number>;
  /** Side of the initial simplex (default 0.1). */
  step?: number;
  /** Coordinate tolerance (default 1e-10). */
  xtol?: number;
  /** Function-value tolerance (default 1e-15). */
  ftol?: number;
  /** Most function evaluations over all runs (default 100000). */
  maxEval?: number;
  /** Most restarts (default 8). */
  maxRestarts?: number;
}

/** Result of {@link boundedNelderMead}. */
export interface NelderMeadResult {
  /** Best point found (inside the box). */
  x: Float64Array;
  /** f at `x`. */
  f: number;
  /** Function evaluations. */
  evaluations: number;
  /** Restarts made after the first run. */
  restarts: number;
  /** True when the last run met the tolerances and a restart did not improve; false when maxEval ran out. */
  converged: boolean;
}

/**
 * Minimizes `f` over the box `[lower, upper]` from `x0`.
 * @param f the function (Infinity or NaN is treated as +Infinity).
 * @param x0 start (projected onto the box).
 * @param options see {@link NelderMeadOptions}.
 * @throws UsageError for bounds of the wrong length, lower > upper, or a non-positive tolerance.
 * @example boundedNelderMead((x) => (x[0]! - 2) ** 2, [0], { upper: [1] }).x[0] // => 1
 */
export function boundedNelderMead(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: NelderMeadOptions = {}): NelderMeadResult {
  const d = x0.length;
  const lower = Float64Array.from(options.lower ?? new Array<number>(d).fill(-Infinity));
  const upper = Float64Array.from(options.upper ?? new Array<number>(d).fill(Infinity));
  if (lower.length !== d || upper.length !== d) throw new UsageError(`bounds of length ${lower.length}/${upper.length} for ${d} parameters`);
  for (let k = 0; k < d; k++) if (!(lower[k]! <= upper[k]!)) throw new UsageError(`lower bound ${lower[k]} above upper bound ${upper[k]} (parameter ${k + 1})`);
  const step = options.step ?? 0.1;
  const xtol = options.xtol ?? 1e-10;
  const ftol = options.ftol ?? 1e-15;
  const maxEval = options.maxEval ?? 100_000;
  const maxRestarts = options.maxRestarts ?? 8;
  for (const [name, v] of [['step', step], ['xtol', xtol], ['ftol', ftol], ['maxEval', maxEval]] as const) {
    if (!(v > 0) || !Number.isFinite(v)) throw new UsageError(`Nelder-Mead ${name} must be a positive number, got ${v}`);
  }
  let evaluations = 0;
  const clamp = (x: Float64Array): Float64Array => {
    for (let k = 0; k < d; k++) x[k] = Math.min(upper[k]!, Math.max(lower[k]!, x[k]!));
    return x;
  };
  const evaluate = (x: Float64Array): number => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };

  let best = clamp(Float64Array.from(x0));
  let fBest = evaluate(best);
  if (d === 0) return { x: best, f: fBest, evaluations, restarts: 0, converged: true };

  /** One Nelder-Mead run from `start`; returns its best vertex and whether it met the tolerances. */
  const run = (start: Float64Array, fStart: number, side: number): { x: Float64Array; f: number; converged: boolean } => {
    const pts: Float64Array[] = [start];
    const fs: number[] = [fStart];
    for (let k = 0; k < d; k++) {
      const v = Float64Array.from(start);
      const h = side * Math.max(1, Math.abs(start[k]!));
      v[k] = start[k]! + h <= upper[k]! ? start[k]! + h : start[k]! - h;
      clamp(v);
      if (v[k] === start[k]) v[k] = start[k]! + (upper[k]! > start[k]! ? Math.min(h, upper[k]! - start[k]!) : -Math.min(h, start[k]! - lower[k]!));
      pts.push(v);
      fs.push(evaluate(v));
    }
    const order = Array.from({ length: d + 1 }, (_, i) => i);
    const centroid = new Float64Array(d);
    const trial = (from: Float64Array, toward: Float64Array, coef: number): Float64Array => {
      const x = new Float64Array(d);
      for (let k = 0; k < d; k++) x[k] = from[k]! + coef * (toward[k]! - from[k]!);
      return clamp(x);
    };
    for (;;) {
      order.sort((a, b) => fs[a]! - fs[b]! || a - b);
      const iBest = order[0]!;
      const iWorst = order[d]!;
      const iSecond = order[d - 1]!;
      const xb = pts[iBest]!;
      const fb = fs[iBest]!;
      let spread = 0;
      for (const i of order) {
        const xi = pts[i]!;
        for (let k = 0; k < d; k++) spread = Math.max(spread, Math.abs(xi[k]! - xb[k]!) / (1 + Math.abs(xb[k]!)));
      }
      const fSpread = fs[iWorst]! - fb;
      if (spread <= xtol || fSpread <= ftol * (1 + Math.abs(fb))) return { x: Float64Array.from(xb), f: fb, converged: true };
      if (evaluations >= maxEval) return { x: Float64Array.from(xb), f: fb, converged: false };
      centroid.fill(0);
      for (let j = 0; j < d; j++) {
        const xj = pts[order[j]!]!;
        for (let k = 0; k < d; k++) centroid[k]! += xj[k]! / d;
      }
      const xw = pts[iWorst]!;
      const xr = trial(centroid, xw, -1);
      const fr = evaluate(xr);
      if (fr < fb) {
        const xe = trial(centroid, xw, -2);
        const fe = evaluate(xe);
        if (fe < fr) {
          pts[iWorst] = xe;
          fs[iWorst] = fe;
        } else {
          pts[iWorst] = xr;
          fs[iWorst] = fr;
        }
        continue;
      }
      if (fr < fs[iSecond]!) {
        pts[iWorst] = xr;
        fs[iWorst] = fr;
        continue;
      }
      if (fr < fs[iWorst]!) {
        const xc = trial(centroid, xr, 0.5);
        const fc = evaluate(xc);
        if (fc <= fr) {
          pts[iWorst] = xc;
          fs[iWorst] = fc;
          continue;
        }
      } else {
        const xc = trial(centroid, xw, 0.5);
        const fc = evaluate(xc);
        if (fc < fs[iWorst]!) {
          pts[iWorst] = xc;
          fs[iWorst] = fc;
          continue;
        }
      }
      // Shrink toward the best vertex.
      for (const i of order) {
        if (i === iBest) continue;
        pts[i] = trial(xb, pts[i]!, 0.5);
        fs[i] = evaluate(pts[i]!);
      }
    }
  };

  let restarts = 0;
  let out = run(best, fBest, step);
  best = out.x;
  fBest = out.f;
  let converged = out.converged;
  while (converged && restarts < maxRestarts) {
    restarts++;
    out = run(best, fBest, step);
    const improved = fBest - out.f > ftol * (1 + Math.abs(fBest));
    if (out.f <= fBest) {
      best = out.x;
      fBest = out.f;
    }
    converged = out.converged;
    if (!improved) break;
  }
  return { x: best, f: fBest, evaluations, restarts, converged };
}
