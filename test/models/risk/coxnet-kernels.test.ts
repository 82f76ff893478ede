/**
 * The coordinate-descent kernels: the WebAssembly SIMD module assembles and
 * validates, every kernel equals a plain loop worked element by element
 * (lengths 0 to 9 and one long odd length, so the paired and the odd tail
 * paths both run), and the SIMD and JavaScript implementations agree bit for
 * bit, as does the whole coxnet path computed with either.
 */
import { describe, expect, it } from 'vitest';
import { coxnetKernelWasm, createCoxnetKernels } from '../../../models/risk/coxnet-kernels.js';
import type { CoxnetKernels } from '../../../models/risk/coxnet-kernels.js';
import { coxnetSettings } from '../../../models/risk/coxnet-control.js';
import { prepareCoxnetData } from '../../../models/risk/coxnet-data.js';
import { coxnetPath } from '../../../models/risk/coxnet-fit.js';
import { normal, seededRandom } from '../../../util/random.js';
import { simulateCox } from './simulate-cox.js';

const wasmApi = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;

/** Fill the heap with seeded values and return disjoint regions of length n. */
function regions(k: CoxnetKernels, n: number, count: number): number[] {
  const rand = seededRandom(n + 11);
  for (let i = 0; i < k.heap.length; i++) k.heap[i] = normal(rand);
  return Array.from({ length: count }, (_, r) => 1 + r * (n + 3));
}

function runAll(k: CoxnetKernels, n: number): number[] {
  const [a, b, wr, w, xj, xn, y, out] = regions(k, n, 8) as [number, number, number, number, number, number, number, number];
  const h = k.heap;
  const res = [k.dot(a, b, n), k.wss(w, xj, n)];
  res.push(k.updDot(wr, w, xj, xn, n, 0.37));
  k.upd(wr, w, xn, n, -1.25);
  k.axpy(y, xj, n, 2.5);
  k.axpy4(y, a, b, xn, xj, n, 0.5, -1.5, 2, 0.25);
  res.push(k.dotWss(wr, w, xj, n, out), h[out]!);
  res.push(k.updDotWss(wr, w, xj, xn, n, 0.11, out + 1), h[out + 1]!);
  res.push(...h.subarray(wr, wr + n), ...h.subarray(y, y + n));
  return res;
}

function reference(n: number): number[] {
  const k = createCoxnetKernels(8 * (n + 3) + 4, 'js');
  const [a, b, wr, w, xj, xn, y, out] = regions(k, n, 8) as [number, number, number, number, number, number, number, number];
  const h = Array.from(k.heap);
  const dot = (p: number, q: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += h[p + i]! * h[q + i]!;
    return s;
  };
  const wss = (x: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += h[w + i]! * h[x + i]! * h[x + i]!;
    return s;
  };
  const upd = (x: number, del: number) => {
    for (let i = 0; i < n; i++) h[wr + i] = h[wr + i]! - del * h[w + i]! * h[x + i]!;
  };
  const res = [dot(a, b), wss(xj)];
  upd(xj, 0.37);
  res.push(dot(wr, xn));
  upd(xn, -1.25);
  for (let i = 0; i < n; i++) h[y + i] = h[y + i]! + 2.5 * h[xj + i]!;
  for (const [x, c] of [[a, 0.5], [b, -1.5], [xn, 2], [xj, 0.25]] as const) for (let i = 0; i < n; i++) h[y + i] = h[y + i]! + c * h[x + i]!;
  res.push(dot(wr, xj), wss(xj));
  upd(xj, 0.11);
  res.push(dot(wr, xn), wss(xn));
  res.push(...h.slice(wr, wr + n), ...h.slice(y, y + n));
  void out;
  return res;
}

describe('coxnet kernels', () => {
  it('the SIMD module validates', () => {
    expect(wasmApi.validate(coxnetKernelWasm())).toBe(true);
    expect(createCoxnetKernels(16, 'wasm').simd).toBe(true);
    expect(createCoxnetKernels(16, 'js').simd).toBe(false);
  });
  for (const n of [0, 1, 2, 3, 4, 5, 8, 9, 1001]) {
    it(`n = ${n}: both implementations equal the element-by-element loops and each other`, () => {
      const size = 8 * (n + 3) + 4;
      const js = runAll(createCoxnetKernels(size, 'js'), n);
      const simd = runAll(createCoxnetKernels(size, 'wasm'), n);
      const ref = reference(n);
      expect(simd).toEqual(js);
      expect(js.length).toBe(ref.length);
      for (let i = 0; i < ref.length; i++) expect(Math.abs(js[i]! - ref[i]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref[i]!)));
    });
  }
  it('the whole path is the same bit for bit with either implementation', () => {
    const n = 90;
    const p = 13;
    const { x, time, status } = simulateCox(n, p, 5, { active: 3, beta: 0.5, censorRate: 0.4 });
    const s = coxnetSettings({ alpha: 0.8 }, n, p);
    const d = prepareCoxnetData({ x, time, status }, true, []);
    const a = coxnetPath(d, s, 'wasm');
    const b = coxnetPath(d, s, 'js');
    expect(a.lambda.length).toBeGreaterThan(10);
    expect(Array.from(a.lambda)).toEqual(Array.from(b.lambda));
    expect(a.beta.map((v) => Array.from(v))).toEqual(b.beta.map((v) => Array.from(v)));
    expect(a.totalPasses).toBe(b.totalPasses);
  });
});
