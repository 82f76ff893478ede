/**
 * The profiled deviance of a linear mixed model with one grouping factor, as
 * lme4 defines it (Bates, Mächler, Bolker, Walker 2015, "Fitting linear
 * mixed-effects models using lme4", J Stat Softw 67(1), section 3).
 *
 * Model: y = X beta + Z b + e, b = Lambda_theta u, u ~ N(0, sigma^2 I),
 * e ~ N(0, sigma^2 I). With one grouping factor and q random effects per
 * group, Lambda_theta = I_J (x) T, T the q x q lower-triangular relative
 * covariance factor whose lower triangle, column by column, is theta (lme4's
 * order: for q = 2, T = [[theta1, 0], [theta2, theta3]]); Var(b_j) = sigma^2 T T'.
 *
 * The sparse Cholesky factor L_theta of Lambda' Z'Z Lambda + I (eq. 18) is
 * block diagonal here: per group, L_j L_j' = T' Z_j'Z_j T + I (q x q). Then
 *   R_ZX,j = L_j^-1 T' Z_j'X,   c_u,j = L_j^-1 T' Z_j'y,
 *   R_X'R_X = X'X - sum_j R_ZX,j' R_ZX,j,
 *   c_beta = R_X^-T (X'y - sum_j R_ZX,j' c_u,j),  beta = R_X^-1 c_beta,
 *   r^2(theta) = y'y - sum_j |c_u,j|^2 - |c_beta|^2   (penalized RSS at beta, u),
 * and the profiled criteria (eqs. 34 and 41)
 *   ML:   -2 l(theta)   = log|L|^2 + n (1 + log(2 pi r^2 / n)),
 *   REML: -2 l_R(theta) = log|L|^2 + log|R_X|^2 + (n - p) (1 + log(2 pi r^2 / (n - p))).
 * Each evaluation costs O(J q^2 (q + p) + p^3) from the cross-products of
 * group-crossproducts.ts. Hand-written for speed; the algebra is lme4's.
 */
import { ModelError } from '../../util/errors.js';
import type { GroupCrossproducts } from './group-crossproducts.js';

/** Number of theta parameters for q random effects: q (q + 1) / 2. */
export function thetaLength(q: number): number {
  return (q * (q + 1)) / 2;
}

/**
 * Lower bounds of theta as lme4: 0 for the diagonal of T, -Infinity below it.
 * @example thetaLowerBounds(2) // => Float64Array [0, -Infinity, 0]
 */
export function thetaLowerBounds(q: number): Float64Array {
  const lb = new Float64Array(thetaLength(q));
  for (let c = 0, k = 0; c < q; c++) for (let r = c; r < q; r++, k++) lb[k] = r === c ? 0 : -Infinity;
  return lb;
}

/**
 * The starting theta of lme4: T = identity.
 * @example thetaStart(2) // => Float64Array [1, 0, 1]
 */
export function thetaStart(q: number): Float64Array {
  const th = new Float64Array(thetaLength(q));
  for (let c = 0, k = 0; c < q; c++) for (let r = c; r < q; r++, k++) th[k] = r === c ? 1 : 0;
  return th;
}

/** Writes T (row-major q x q, lower triangle) from theta. */
export function relativeFactor(theta: ArrayLike<number>, q: number, out: Float64Array = new Float64Array(q * q)): Float64Array {
  out.fill(0);
  for (let c = 0, k = 0; c < q; c++) for (let r = c; r < q; r++, k++) out[r * q + c] = theta[k]!;
  return out;
}

/** In-place lower Cholesky of the q x q row-major matrix `m` (lower triangle read); false when not positive definite. */
function choleskyLower(m: Float64Array, q: number, off = 0): boolean {
  for (let j = 0; j < q; j++) {
    let s = m[off + j * q + j]!;
    for (let k = 0; k < j; k++) s -= m[off + j * q + k]! * m[off + j * q + k]!;
    if (!(s > 0)) return false;
    const d = Math.sqrt(s);
    m[off + j * q + j] = d;
    for (let i = j + 1; i < q; i++) {
      let t = m[off + i * q + j]!;
      for (let k = 0; k < j; k++) t -= m[off + i * q + k]! * m[off + j * q + k]!;
      m[off + i * q + j] = t / d;
    }
    for (let k = j + 1; k < q; k++) m[off + j * q + k] = 0;
  }
  return true;
}

/** Everything the deviance computes at one theta, kept for the final solution. */
export interface PlsSolution {
  /** The criterion: REML criterion or ML deviance (-2 log-likelihood). */
  deviance: number;
  /** Penalized residual sum of squares r^2(theta), by subtraction. */
  pwrss: number;
  /** log |L_theta|^2. */
  ldL2: number;
  /** log |R_X|^2. */
  ldRX2: number;
  /** Fixed effects. */
  beta: Float64Array;
  /** Spherical random effects u, J blocks of q. */
  u: Float64Array;
  /** Random effects b = Lambda u, J blocks of q. */
  b: Float64Array;
  /** (R_X' R_X)^-1 (p x p): vcov(beta) / sigma^2. */
  rxtrxInverse: Float64Array;
}

/** Work arrays of one deviance function (allocated once). */
class Workspace {
  readonly t: Float64Array;
  readonly w: Float64Array;
  readonly m: Float64Array;
  readonly v: Float64Array;
  readonly cu: Float64Array;
  readonly s: Float64Array;
  readonly rhs: Float64Array;
  constructor(q: number, p: number) {
    this.t = new Float64Array(q * q);
    this.w = new Float64Array(q * q);
    this.m = new Float64Array(q * q);
    this.v = new Float64Array(q * p);
    this.cu = new Float64Array(q);
    this.s = new Float64Array(p * p);
    this.rhs = new Float64Array(p);
  }
}

interface PassOutput {
  /** Per-group L_j (J*q*q), R_ZX,j (J*q*p), c_u,j (J*q) when kept. */
  l?: Float64Array;
  rzx?: Float64Array;
  cu?: Float64Array;
}

/**
 * {@link groupPass} for q = 1 (a random intercept or one slope): T = theta, scalars per group.
 */
function groupPassQ1(cp: GroupCrossproducts, theta: ArrayLike<number>, ws: Workspace): { ldL2: number; cuNorm: number } {
  const p = cp.p;
  const J = cp.nGroups;
  const t = theta[0]!;
  const { s, rhs, v } = ws;
  const { ztz, ztx, zty } = cp;
  s.fill(0);
  rhs.fill(0);
  let ldL2 = 0;
  let cuNorm = 0;
  for (let g = 0; g < J; g++) {
    const m = t * t * ztz[g]! + 1;
    const l = Math.sqrt(m);
    ldL2 += Math.log(m);
    const f = t / l;
    const cu = f * zty[g]!;
    cuNorm += cu * cu;
    const B = g * p;
    for (let a = 0; a < p; a++) {
      const ra = f * ztx[B + a]!;
      v[a] = ra;
      rhs[a]! += ra * cu;
      const sa = a * p;
      for (let b = 0; b <= a; b++) s[sa + b]! += ra * v[b]!;
    }
  }
  return { ldL2, cuNorm };
}

/**
 * {@link groupPass} for q = 2 (intercept and slope): the 2 x 2 algebra written out,
 * T = [[t11, 0], [t21, t22]].
 */
function groupPassQ2(cp: GroupCrossproducts, theta: ArrayLike<number>, ws: Workspace): { ldL2: number; cuNorm: number } {
  const p = cp.p;
  const J = cp.nGroups;
  const t11 = theta[0]!;
  const t21 = theta[1]!;
  const t22 = theta[2]!;
  const { s, rhs, v } = ws;
  const { ztz, ztx, zty } = cp;
  s.fill(0);
  rhs.fill(0);
  let ldL2 = 0;
  let cuNorm = 0;
  for (let g = 0; g < J; g++) {
    const A = 4 * g;
    const a11 = ztz[A]!;
    const a21 = ztz[A + 2]!;
    const a22 = ztz[A + 3]!;
    // W = A T; M = T' W + I (lower); L = chol(M).
    const w11 = a11 * t11 + a21 * t21;
    const w21 = a21 * t11 + a22 * t21;
    const m11 = t11 * w11 + t21 * w21 + 1;
    const m21 = t22 * w21;
    const m22 = t22 * t22 * a22 + 1;
    const l11 = Math.sqrt(m11);
    const l21 = m21 / l11;
    const d22 = m22 - l21 * l21;
    const l22 = Math.sqrt(d22);
    ldL2 += Math.log(m11 * d22);
    // c_u = L^-1 T' Z'y
    const c1 = zty[2 * g]!;
    const c2 = zty[2 * g + 1]!;
    const cu1 = (t11 * c1 + t21 * c2) / l11;
    const cu2 = (t22 * c2 - l21 * cu1) / l22;
    cuNorm += cu1 * cu1 + cu2 * cu2;
    // R_ZX = L^-1 T' Z'X, row by row into v[0..p) and v[p..2p); accumulate S and rhs.
    const B = 2 * g * p;
    for (let a = 0; a < p; a++) {
      const b1 = ztx[B + a]!;
      const b2 = ztx[B + p + a]!;
      const r1 = (t11 * b1 + t21 * b2) / l11;
      const r2 = (t22 * b2 - l21 * r1) / l22;
      v[a] = r1;
      v[p + a] = r2;
      rhs[a]! += r1 * cu1 + r2 * cu2;
      const sa = a * p;
      for (let b = 0; b <= a; b++) s[sa + b]! += r1 * v[b]! + r2 * v[p + b]!;
    }
  }
  return { ldL2, cuNorm };
}

/**
 * One pass over the groups at theta: log|L|^2, sum |c_u|^2, and in `ws.s` /
 * `ws.rhs` the sums of R_ZX'R_ZX and R_ZX'c_u. Returns NaN when a block is
 * not positive definite (cannot happen for finite theta: T'AT + I >= I).
 */
function groupPass(cp: GroupCrossproducts, theta: ArrayLike<number>, ws: Workspace, keep: PassOutput | null): { ldL2: number; cuNorm: number } {
  const { q, p, nGroups: J } = cp;
  const T = relativeFactor(theta, q, ws.t);
  const { w, m, v, cu, s, rhs } = ws;
  s.fill(0);
  rhs.fill(0);
  let ldL2 = 0;
  let cuNorm = 0;
  const qq = q * q;
  const qp = q * p;
  for (let g = 0; g < J; g++) {
    const A = g * qq;
    const B = g * qp;
    const C = g * q;
    // W = A T
    for (let r = 0; r < q; r++) {
      for (let c = 0; c < q; c++) {
        let acc = 0;
        for (let k = c; k < q; k++) acc += cp.ztz[A + r * q + k]! * T[k * q + c]!;
        w[r * q + c] = acc;
      }
    }
    // M = T' W + I (lower triangle)
    for (let r = 0; r < q; r++) {
      for (let c = 0; c <= r; c++) {
        let acc = r === c ? 1 : 0;
        for (let k = r; k < q; k++) acc += T[k * q + r]! * w[k * q + c]!;
        m[r * q + c] = acc;
      }
    }
    if (!choleskyLower(m, q)) return { ldL2: NaN, cuNorm: NaN };
    for (let r = 0; r < q; r++) ldL2 += 2 * Math.log(m[r * q + r]!);
    // V = T' B, then R_ZX = L^-1 V (forward substitution, column by column)
    for (let r = 0; r < q; r++) {
      for (let c = 0; c < p; c++) {
        let acc = 0;
        for (let k = r; k < q; k++) acc += T[k * q + r]! * cp.ztx[B + k * p + c]!;
        v[r * p + c] = acc;
      }
    }
    for (let r = 0; r < q; r++) {
      const d = m[r * q + r]!;
      for (let c = 0; c < p; c++) {
        let acc = v[r * p + c]!;
        for (let k = 0; k < r; k++) acc -= m[r * q + k]! * v[k * p + c]!;
        v[r * p + c] = acc / d;
      }
    }
    // c_u = L^-1 T' Z'y
    for (let r = 0; r < q; r++) {
      let acc = 0;
      for (let k = r; k < q; k++) acc += T[k * q + r]! * cp.zty[C + k]!;
      for (let k = 0; k < r; k++) acc -= m[r * q + k]! * cu[k]!;
      cu[r] = acc / m[r * q + r]!;
      cuNorm += cu[r]! * cu[r]!;
    }
    // S += R_ZX' R_ZX (lower), rhs += R_ZX' c_u
    for (let k = 0; k < q; k++) {
      const row = k * p;
      const ck = cu[k]!;
      for (let a = 0; a < p; a++) {
        const va = v[row + a]!;
        rhs[a]! += va * ck;
        const sa = a * p;
        for (let b = 0; b <= a; b++) s[sa + b]! += va * v[row + b]!;
      }
    }
    if (keep) {
      keep.l!.set(m, A);
      keep.rzx!.set(v, B);
      keep.cu!.set(cu, C);
    }
  }
  return { ldL2, cuNorm };
}

/**
 * The profiled deviance as a function of theta (ML deviance or REML
 * criterion), with its work arrays allocated once.
 * @param cp the cross-products of {@link import('./group-crossproducts.js').groupCrossproducts}.
 * @param reml REML criterion (true) or ML deviance (false).
 * @returns f(theta); Infinity where R_X'R_X is not positive definite or r^2 <= 0.
 * @example createProfiledDeviance(cp, true)(thetaStart(cp.q))
 */
export function createProfiledDeviance(cp: GroupCrossproducts, reml: boolean): (theta: ArrayLike<number>) => number {
  const { p, n } = cp;
  const ws = new Workspace(cp.q, p);
  const rx = new Float64Array(p * p);
  const cb = new Float64Array(p);
  const df = reml ? n - p : n;
  // Written-out kernels for q = 1 and 2 (about 4x faster than the general loops).
  const passFn = cp.q === 1 ? groupPassQ1 : cp.q === 2 ? groupPassQ2 : (c: GroupCrossproducts, th: ArrayLike<number>, w: Workspace) => groupPass(c, th, w, null);
  return (theta) => {
    const pass = passFn(cp, theta, ws);
    if (!Number.isFinite(pass.ldL2)) return Infinity;
    for (let i = 0; i < p * p; i++) rx[i] = cp.xtx[i]! - ws.s[i]!;
    if (!choleskyLower(rx, p)) return Infinity;
    let ldRX2 = 0;
    let cbNorm = 0;
    for (let r = 0; r < p; r++) {
      let acc = cp.xty[r]! - ws.rhs[r]!;
      for (let k = 0; k < r; k++) acc -= rx[r * p + k]! * cb[k]!;
      const d = rx[r * p + r]!;
      cb[r] = acc / d;
      cbNorm += cb[r]! * cb[r]!;
      ldRX2 += 2 * Math.log(d);
    }
    const pwrss = cp.yty - pass.cuNorm - cbNorm;
    if (!(pwrss > 0)) return Infinity;
    return pass.ldL2 + (reml ? ldRX2 : 0) + df * (1 + Math.log((2 * Math.PI * pwrss) / df));
  };
}

/**
 * The penalized least-squares solution at theta: beta, u, b = Lambda u,
 * (R_X'R_X)^-1 and the deviance (lme4's `updateXwts`/`solve` at the optimum).
 * @throws ModelError when R_X'R_X is not positive definite (rank-deficient X) or the fit is perfect (r^2 <= 0).
 */
export function plsSolution(cp: GroupCrossproducts, theta: ArrayLike<number>, reml: boolean): PlsSolution {
  const { p, q, n, nGroups: J } = cp;
  const ws = new Workspace(q, p);
  const keep: PassOutput = { l: new Float64Array(J * q * q), rzx: new Float64Array(J * q * p), cu: new Float64Array(J * q) };
  const pass = groupPass(cp, theta, ws, keep);
  if (!Number.isFinite(pass.ldL2)) throw new ModelError('The random-effects system is not positive definite at theta');
  const rx = new Float64Array(p * p);
  for (let i = 0; i < p * p; i++) rx[i] = cp.xtx[i]! - ws.s[i]!;
  if (!choleskyLower(rx, p)) throw new ModelError('The fixed-effects system R_X\'R_X is not positive definite (collinear fixed effects)');
  const cb = new Float64Array(p);
  let ldRX2 = 0;
  let cbNorm = 0;
  for (let r = 0; r < p; r++) {
    let acc = cp.xty[r]! - ws.rhs[r]!;
    for (let k = 0; k < r; k++) acc -= rx[r * p + k]! * cb[k]!;
    const d = rx[r * p + r]!;
    cb[r] = acc / d;
    cbNorm += cb[r]! * cb[r]!;
    ldRX2 += 2 * Math.log(d);
  }
  const pwrss = cp.yty - pass.cuNorm - cbNorm;
  if (!(pwrss > 0)) throw new ModelError('The model fits the data exactly (penalized residual sum of squares 0): no residual variance to estimate');
  // beta = L_X^-T c_beta
  const beta = new Float64Array(p);
  for (let r = p - 1; r >= 0; r--) {
    let acc = cb[r]!;
    for (let k = r + 1; k < p; k++) acc -= rx[k * p + r]! * beta[k]!;
    beta[r] = acc / rx[r * p + r]!;
  }
  // u_j = L_j^-T (c_u,j - R_ZX,j beta), b_j = T u_j
  const T = relativeFactor(theta, q);
  const u = new Float64Array(J * q);
  const b = new Float64Array(J * q);
  const tmp = new Float64Array(q);
  const l = keep.l!;
  const rzx = keep.rzx!;
  const cuAll = keep.cu!;
  for (let g = 0; g < J; g++) {
    const A = g * q * q;
    for (let r = 0; r < q; r++) {
      let acc = cuAll[g * q + r]!;
      for (let c = 0; c < p; c++) acc -= rzx[g * q * p + r * p + c]! * beta[c]!;
      tmp[r] = acc;
    }
    for (let r = q - 1; r >= 0; r--) {
      let acc = tmp[r]!;
      for (let k = r + 1; k < q; k++) acc -= l[A + k * q + r]! * u[g * q + k]!;
      u[g * q + r] = acc / l[A + r * q + r]!;
    }
    for (let r = 0; r < q; r++) {
      let acc = 0;
      for (let k = 0; k <= r; k++) acc += T[r * q + k]! * u[g * q + k]!;
      b[g * q + r] = acc;
    }
  }
  // (R_X'R_X)^-1 = L_X^-T L_X^-1: invert L_X (lower), then multiply.
  const linv = new Float64Array(p * p);
  for (let c = 0; c < p; c++) {
    for (let r = c; r < p; r++) {
      let acc = r === c ? 1 : 0;
      for (let k = c; k < r; k++) acc -= rx[r * p + k]! * linv[k * p + c]!;
      linv[r * p + c] = acc / rx[r * p + r]!;
    }
  }
  const rxtrxInverse = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let c = 0; c <= a; c++) {
      let acc = 0;
      for (let k = a; k < p; k++) acc += linv[k * p + a]! * linv[k * p + c]!;
      rxtrxInverse[a * p + c] = acc;
      rxtrxInverse[c * p + a] = acc;
    }
  }
  const df = reml ? n - p : n;
  const deviance = pass.ldL2 + (reml ? ldRX2 : 0) + df * (1 + Math.log((2 * Math.PI * pwrss) / df));
  return { deviance, pwrss, ldL2: pass.ldL2, ldRX2, beta, u, b, rxtrxInverse };
}
