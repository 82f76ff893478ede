/**
 * The per-group profiled deviance against a dense oracle: with V0 = Z Lambda Lambda' Z' + I,
 *   ML:   log|V0| + n (1 + log(2 pi r^2 / n)),
 *   REML: log|V0| + log|X' V0^-1 X| + (n - p) (1 + log(2 pi r^2 / (n - p))),
 * r^2 = (y - X b)' V0^-1 (y - X b) at the GLS estimate b (Bates et al. 2015, eqs. 34, 41
 * with Sylvester's and Woodbury's identities), computed with n x n matrices.
 */
import { describe, expect, it } from 'vitest';
import { createProfiledDeviance, groupCrossproducts, plsSolution, relativeFactor, thetaLowerBounds, thetaStart } from '../../../models/mixed/index.js';
import { normal, seededRandom } from '../../../util/random.js';

function chol(a: number[][]): number[][] {
  const n = a.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let s = a[j]![j]!;
    for (let k = 0; k < j; k++) s -= l[j]![k]! ** 2;
    l[j]![j] = Math.sqrt(s);
    for (let i = j + 1; i < n; i++) {
      let t = a[i]![j]!;
      for (let k = 0; k < j; k++) t -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = t / l[j]![j]!;
    }
  }
  return l;
}
function solve(a: number[][], b: number[]): number[] {
  const l = chol(a);
  const n = b.length;
  const z = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * z[k]!;
    z[i] = s / l[i]![i]!;
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}
const logdet = (a: number[][]): number => chol(a).reduce((s, row, i) => s + 2 * Math.log(row[i]!), 0);

function example(q: number, seed: number) {
  const rand = seededRandom(seed);
  const sizes = [1, 4, 2, 5, 3, 6, 2];
  const J = sizes.length;
  const y: number[] = [];
  const group: number[] = [];
  const t: number[] = [];
  const arm: number[] = [];
  sizes.forEach((m, g) => {
    const a = g % 2;
    for (let k = 0; k < m; k++) {
      const tt = k + rand();
      t.push(tt);
      arm.push(a);
      group.push(g);
      y.push(1 + 0.5 * a + 0.3 * tt + normal(rand) * 0.4 + (g - 3) * 0.2);
    }
  });
  const n = y.length;
  const x = [new Float64Array(n).fill(1), Float64Array.from(arm), Float64Array.from(t)];
  const zAll = [new Float64Array(n).fill(1), Float64Array.from(t), Float64Array.from(t, (v) => v * v / 10)];
  return { y: Float64Array.from(y), x, z: zAll.slice(0, q), group: Int32Array.from(group), nGroups: J };
}

function denseDeviance(d: ReturnType<typeof example>, theta: ArrayLike<number>, reml: boolean) {
  const n = d.y.length;
  const p = d.x.length;
  const q = d.z.length;
  const T = relativeFactor(theta, q);
  // Z Lambda row i: z_i' T in the columns of its group; V0 = Z L L' Z' + I
  const zt = Array.from({ length: n }, (_, i) => Array.from({ length: q }, (_, c) => {
    let s = 0;
    for (let r = c; r < q; r++) s += d.z[r]![i]! * T[r * q + c]!;
    return s;
  }));
  const V = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
    let s = i === j ? 1 : 0;
    if (d.group[i] === d.group[j]) for (let c = 0; c < q; c++) s += zt[i]![c]! * zt[j]![c]!;
    return s;
  }));
  const Vinv = (v: number[]): number[] => solve(V, v);
  const X = (i: number): number[] => d.x.map((c) => c[i]!);
  const VinvX = d.x.map((c) => Vinv(Array.from(c)));
  const XtVX = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => VinvX[b]!.reduce((s, v, i) => s + d.x[a]![i]! * v, 0)));
  const XtVy = Array.from({ length: p }, (_, a) => VinvX[a]!.reduce((s, v, i) => s + v * d.y[i]!, 0));
  const beta = solve(XtVX, XtVy);
  const res = Array.from({ length: n }, (_, i) => d.y[i]! - X(i).reduce((s, v, a) => s + v * beta[a]!, 0));
  const Vr = Vinv(res);
  const r2 = res.reduce((s, v, i) => s + v * Vr[i]!, 0);
  const df = reml ? n - p : n;
  const dev = logdet(V) + (reml ? logdet(XtVX) : 0) + df * (1 + Math.log((2 * Math.PI * r2) / df));
  // BLUPs b = Lambda Lambda' Z' V0^-1 r, per group
  const b = new Float64Array(d.nGroups * q);
  for (let i = 0; i < n; i++) {
    const g = d.group[i]!;
    for (let r = 0; r < q; r++) {
      let s = 0;
      for (let c = 0; c <= r; c++) s += T[r * q + c]! * zt[i]![c]!;
      b[g * q + r]! += s * Vr[i]!;
    }
  }
  return { dev, beta, r2, b, XtVX };
}

describe('profiled deviance per group = the dense n x n formula', () => {
  for (const q of [1, 2, 3]) {
    for (const reml of [true, false]) {
      it(`q = ${q}, ${reml ? 'REML' : 'ML'}: deviance, beta, BLUPs and (R_X'R_X)^-1 at several theta`, () => {
        const d = example(q, 10 + q);
        const cp = groupCrossproducts(d);
        const f = createProfiledDeviance(cp, reml);
        const k = thetaStart(q).length;
        const rand = seededRandom(99 + q);
        const lower = thetaLowerBounds(q);
        for (let trial = 0; trial < 4; trial++) {
          const theta = Float64Array.from({ length: k }, (_, i) => (lower[i] === 0 ? 0.2 + 1.5 * rand() : rand() - 0.5));
          if (trial === 3) theta[0] = 0; // on the bound (a singular fit)
          const oracle = denseDeviance(d, theta, reml);
          expect(Math.abs(f(theta) - oracle.dev) / oracle.dev).toBeLessThan(1e-11);
          const sol = plsSolution(cp, theta, reml);
          expect(Math.abs(sol.deviance - oracle.dev) / oracle.dev).toBeLessThan(1e-11);
          expect(Math.abs(sol.pwrss - oracle.r2) / oracle.r2).toBeLessThan(1e-10);
          oracle.beta.forEach((v, a) => expect(Math.abs(sol.beta[a]! - v)).toBeLessThan(1e-10));
          oracle.b.forEach((v, g) => expect(Math.abs(sol.b[g]! - v)).toBeLessThan(1e-10));
          const p = d.x.length;
          for (let a = 0; a < p; a++) {
            const e = new Array<number>(p).fill(0);
            e[a] = 1;
            const col = solve(oracle.XtVX, e);
            for (let c = 0; c < p; c++) expect(Math.abs(sol.rxtrxInverse[c * p + a]! - col[c]!)).toBeLessThan(1e-9 * Math.max(1, Math.abs(col[c]!)));
          }
        }
      });
    }
  }

  it('the cross-products refuse a group code out of range or columns of other lengths', () => {
    const d = example(2, 1);
    expect(() => groupCrossproducts({ ...d, group: Int32Array.from(d.group, (g) => g + 1) })).toThrow(/group code 7 of row/);
    expect(() => groupCrossproducts({ ...d, x: [new Float64Array(3)] })).toThrow(/design column of length 3/);
  });
});
