/**
 * Finite-difference gradient and Hessian of a function at a point in a box,
 * as lme4's `deriv12` (lme4 1.1-31, R/deriv.R): central differences with step
 * `delta * max(1, |x_k|)` (delta 1e-4), one-sided differences for a
 * parameter within a step of its bound; the Hessian only over the free
 * parameters (those a full step away from both bounds). 2d + 2 m^2 + 1
 * evaluations for d parameters, m of them free.
 *
 * Used by the convergence check (convergence-check.ts) and the Newton polish
 * of the optimum (newton-polish.ts). Central differences of step h have error
 * O(h^2 f''') + O(noise / h): with h = 1e-4 both are far below the rounding
 * noise a derivative-free optimizer is limited by (sqrt(noise / f'')).
 */

/** What {@link finiteDifferences} computes. */
export interface FiniteDifferences {
  /** f at the point. */
  f0: number;
  /** Gradient (one-sided where the point is within a step of a bound). */
  gradient: Float64Array;
  /** Step used for each parameter. */
  step: Float64Array;
  /** Indices of the free parameters. */
  free: number[];
  /** Side of each parameter: 0 free, 1 only upward (near the lower bound), -1 only downward, 2 fixed (bounds closer than a step on both sides). */
  side: Int8Array;
  /** Hessian over the free parameters (m x m row-major, m = free.length). */
  hessian: Float64Array;
}

/**
 * Finite-difference derivatives of `f` at `x` within `[lower, upper]`.
 * @param f the function.
 * @param x the point.
 * @param lower lower bounds.
 * @param upper upper bounds.
 * @param delta relative step (default 1e-4, lme4's).
 * @param richardson central gradient by Richardson extrapolation of steps h and h/2,
 *   (4 D(h/2) - D(h)) / 3, error O(h^4) instead of O(h^2 f''') (default false, as lme4).
 * @example finiteDifferences((x) => x[0]! ** 2, Float64Array.of(1), [-Infinity], [Infinity]).gradient[0] // => 2 (to 1e-8)
 */
export function finiteDifferences(
  f: (x: Float64Array) => number,
  x: Float64Array,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  delta = 1e-4,
  richardson = false,
): FiniteDifferences {
  const d = x.length;
  const f0 = f(x);
  const gradient = new Float64Array(d);
  const side = new Int8Array(d);
  const free: number[] = [];
  const step = Float64Array.from(x, (v) => delta * Math.max(1, Math.abs(v)));
  const at = (moves: readonly [number, number][]): number => {
    const y = Float64Array.from(x);
    for (const [k, s] of moves) y[k]! += s;
    return f(y);
  };
  for (let k = 0; k < d; k++) {
    const h = step[k]!;
    const down = x[k]! - h >= lower[k]!;
    const up = x[k]! + h <= upper[k]!;
    if (down && up) {
      free.push(k);
      const d1 = (at([[k, h]]) - at([[k, -h]])) / (2 * h);
      if (richardson) {
        const d2 = (at([[k, h / 2]]) - at([[k, -h / 2]])) / h;
        gradient[k] = (4 * d2 - d1) / 3;
      } else gradient[k] = d1;
    } else if (up) {
      side[k] = 1;
      gradient[k] = (at([[k, h]]) - f0) / h;
    } else if (down) {
      side[k] = -1;
      gradient[k] = (f0 - at([[k, -h]])) / h;
    } else side[k] = 2;
  }
  const m = free.length;
  const hessian = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    const ka = free[a]!;
    const ha = step[ka]!;
    hessian[a * m + a] = (at([[ka, ha]]) - 2 * f0 + at([[ka, -ha]])) / (ha * ha);
    for (let b = 0; b < a; b++) {
      const kb = free[b]!;
      const hb = step[kb]!;
      const v = (at([[ka, ha], [kb, hb]]) - at([[ka, ha], [kb, -hb]]) - at([[ka, -ha], [kb, hb]]) + at([[ka, -ha], [kb, -hb]])) / (4 * ha * hb);
      hessian[a * m + b] = v;
      hessian[b * m + a] = v;
    }
  }
  return { f0, gradient, step, free, side, hessian };
}

/**
 * Lower Cholesky factor of the m x m row-major matrix `h`, or null when it is not positive definite.
 * @example choleskyOrNull(Float64Array.of(4), 1) // => Float64Array [2]
 */
export function choleskyOrNull(h: Float64Array, m: number): Float64Array | null {
  const l = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    let s = h[j * m + j]!;
    for (let k = 0; k < j; k++) s -= l[j * m + k]! ** 2;
    if (!(s > 0)) return null;
    l[j * m + j] = Math.sqrt(s);
    for (let i = j + 1; i < m; i++) {
      let t = h[i * m + j]!;
      for (let k = 0; k < j; k++) t -= l[i * m + k]! * l[j * m + k]!;
      l[i * m + j] = t / l[j * m + j]!;
    }
  }
  return l;
}
