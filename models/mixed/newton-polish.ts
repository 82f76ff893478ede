/**
 * Newton polish of a derivative-free optimum. A simplex method locates the
 * minimum of a smooth f only to about sqrt(2 noise / f''), where `noise` is
 * the rounding error of f (about 1e-13 relative for a profiled deviance): a
 * theta some 1e-7 off, visible in variance components at the 1e-6 level.
 * Newton steps with finite-difference derivatives of step h = 1e-4
 * (finite-differences.ts; the gradient by Richardson extrapolation) see
 * differences of f far above the noise and land within
 * O(h^4 f^(5) / f'') + O(noise / (h f'')) of the minimum (about 1e-10 for
 * LMM deviances). From a point 1e-5 away, two or three steps suffice
 * (quadratic convergence), so the simplex search before it can stop early.
 *
 * Only free parameters move (those more than a step from their bounds).
 * A parameter within a step of its bound is first tried on the bound: it is
 * put there when f does not rise by more than rounding (a variance estimated
 * as 0 is then exactly 0). A Newton step is taken when the Hessian is
 * positive definite and the step is at most `maxStep` long (relative to
 * 1 + |x_k|); it is halved (at most 10 times) until f does not rise by more
 * than rounding (`noiseTol * (1 + |f|)`). The polish has converged when a
 * step of relative length at most `stepTol` was taken (or nothing is free);
 * otherwise the caller should search again.
 *
 * Reference: Nocedal & Wright (2006), Numerical Optimization, 2nd ed.,
 * sections 3.1-3.3 (backtracking, Newton's method) and 8.1 (finite-difference
 * derivatives).
 */
import { choleskyOrNull, finiteDifferences } from './finite-differences.js';

/** Options of {@link newtonPolish}. */
export interface NewtonPolishOptions {
  /** Relative finite-difference step (default 1e-4). */
  delta?: number;
  /** Longest step, relative to 1 + |x_k| (default 0.1). */
  maxStep?: number;
  /** Most Newton steps (default 6). */
  maxIter?: number;
  /** Largest rise of f accepted as rounding, relative to 1 + |f| (default 1e-12). */
  noiseTol?: number;
  /** Converged once a step this short (relative) is taken (default 1e-6). */
  stepTol?: number;
}

/** Result of {@link newtonPolish}. */
export interface NewtonPolishResult {
  /** The polished point. */
  x: Float64Array;
  /** f at x. */
  f: number;
  /** Newton steps taken. */
  steps: number;
  /** True when a step of relative length <= stepTol was taken, or no parameter is free. */
  converged: boolean;
  /** Evaluations of f. */
  evaluations: number;
}

/**
 * Refines a minimum `x` of `f` in the box by Newton steps on the free parameters.
 * @example newtonPolish((x) => (x[0]! - 1) ** 2, Float64Array.of(1 + 1e-5), [-Infinity], [Infinity]).x[0] // => 1 (to 1e-12)
 */
export function newtonPolish(
  f: (x: Float64Array) => number,
  x: Float64Array,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: NewtonPolishOptions = {},
): NewtonPolishResult {
  const delta = options.delta ?? 1e-4;
  const maxStep = options.maxStep ?? 0.1;
  const maxIter = options.maxIter ?? 6;
  const noiseTol = options.noiseTol ?? 1e-12;
  const stepTol = options.stepTol ?? 1e-6;
  let evaluations = 0;
  const fn = (y: Float64Array): number => {
    evaluations++;
    return f(y);
  };
  let cur = Float64Array.from(x);
  let fCur = fn(cur);
  const noise = (): number => noiseTol * (1 + Math.abs(fCur));
  // Parameters within a step of a bound: on the bound when f does not rise.
  for (let k = 0; k < cur.length; k++) {
    const h = delta * Math.max(1, Math.abs(cur[k]!));
    for (const bound of [lower[k]!, upper[k]!]) {
      if (Number.isFinite(bound) && cur[k] !== bound && Math.abs(cur[k]! - bound) < h) {
        const y = Float64Array.from(cur);
        y[k] = bound;
        const fy = fn(y);
        if (fy <= fCur + noise()) {
          cur = y;
          fCur = Math.min(fCur, fy);
        }
      }
    }
  }
  let steps = 0;
  let converged = false;
  for (let it = 0; it < maxIter; it++) {
    const fd = finiteDifferences(fn, cur, lower, upper, delta, true);
    const m = fd.free.length;
    if (m === 0) {
      converged = true;
      break;
    }
    const L = choleskyOrNull(fd.hessian, m);
    if (!L) break;
    // Solve H s = -g by L L' s = -g.
    const z = new Float64Array(m);
    for (let r = 0; r < m; r++) {
      let acc = -fd.gradient[fd.free[r]!]!;
      for (let k = 0; k < r; k++) acc -= L[r * m + k]! * z[k]!;
      z[r] = acc / L[r * m + r]!;
    }
    const s = new Float64Array(m);
    for (let r = m - 1; r >= 0; r--) {
      let acc = z[r]!;
      for (let k = r + 1; k < m; k++) acc -= L[k * m + r]! * s[k]!;
      s[r] = acc / L[r * m + r]!;
    }
    let longest = 0;
    for (let a = 0; a < m; a++) longest = Math.max(longest, Math.abs(s[a]!) / (1 + Math.abs(cur[fd.free[a]!]!)));
    if (!(longest <= maxStep)) break;
    let taken = false;
    for (let half = 0, scale = 1; half <= 10; half++, scale /= 2) {
      const next = Float64Array.from(cur);
      for (let a = 0; a < m; a++) {
        const k = fd.free[a]!;
        next[k] = Math.min(upper[k]!, Math.max(lower[k]!, cur[k]! + scale * s[a]!));
      }
      const fNext = fn(next);
      if (fNext <= fCur + noise()) {
        cur = next;
        fCur = Math.min(fCur, fNext);
        taken = true;
        longest *= scale;
        break;
      }
    }
    if (!taken) break;
    steps++;
    if (longest <= stepTol) {
      converged = true;
      break;
    }
  }
  return { x: cur, f: fCur, steps, converged, evaluations };
}
