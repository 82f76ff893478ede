/**
 * The vector kernels of the penalized Cox coordinate descent, on one flat
 * Float64Array "heap" addressed by element offsets: inner products, the fused
 * residual update + next inner product of a coordinate step, weighted sums of
 * squares and axpy. Two interchangeable implementations:
 *
 * - a tiny WebAssembly module using 128-bit SIMD (two doubles per
 *   instruction), assembled below from its instructions (no build step, no
 *   binary file: vitest and node run it straight from the TypeScript source);
 * - plain JavaScript loops, used when WebAssembly SIMD is unavailable, when
 *   the heap would exceed wasm32's address space, or on request.
 *
 * Both do the same IEEE-754 double operations element by element (no fused
 * multiply-add); only the summation order of inner products differs (the
 * SIMD version keeps two partial sums, even and odd positions, as the
 * JavaScript version does), so results agree to rounding.
 *
 * Why: the coordinate descent streams one covariate column per update, so
 * its speed is set by memory traffic and the loop-carried add; the residual
 * update therefore reads w and x_j (w stays in cache) instead of a
 * precomputed w * x_j column, and the SIMD version halves the instruction
 * count of each loop.
 *
 * Reference: WebAssembly Core Specification 2.0, section 5.4 (binary format of
 * instructions, including the vector instructions); Friedman, Hastie,
 * Tibshirani (2010) J Stat Softw 33(1), section 2.2 (naive updates).
 */

/** Kernels over `heap`; every `*Off` is an element index into `heap`, `n` a count. */
export interface CoxnetKernels {
  /** The shared storage every offset refers to. */
  readonly heap: Float64Array;
  /** True when the WebAssembly SIMD implementation is in use. */
  readonly simd: boolean;
  /** sum_i a[i] * b[i] */
  dot(aOff: number, bOff: number, n: number): number;
  /** wr[i] -= del * (w[i] * xj[i]) for all i, then returns sum_i wr[i] * xn[i] (the updated wr). */
  updDot(wrOff: number, wOff: number, xjOff: number, xnOff: number, n: number, del: number): number;
  /** wr[i] -= del * (w[i] * xj[i]) */
  upd(wrOff: number, wOff: number, xjOff: number, n: number, del: number): void;
  /** sum_i (w[i] * x[i]) * x[i] */
  wss(wOff: number, xOff: number, n: number): number;
  /** As `dot(wr, x, n)`, and stores `wss(w, x, n)` at `heap[outOff]` (one sweep over x). */
  dotWss(wrOff: number, wOff: number, xOff: number, n: number, outOff: number): number;
  /** As `updDot`, and stores `wss(w, xn, n)` at `heap[outOff]` (one sweep). */
  updDotWss(wrOff: number, wOff: number, xjOff: number, xnOff: number, n: number, del: number, outOff: number): number;
  /** y[i] += a * x[i] */
  axpy(yOff: number, xOff: number, n: number, a: number): void;
  /**
   * Four axpy in one sweep: y[i] = (((y[i] + a1 x1[i]) + a2 x2[i]) + a3 x3[i]) + a4 x4[i], the same
   * roundings as four successive `axpy` calls.
   */
  axpy4(yOff: number, x1Off: number, x2Off: number, x3Off: number, x4Off: number, n: number, a1: number, a2: number, a3: number, a4: number): void;
}

/** Which implementation {@link createCoxnetKernels} should use. Default 'auto' (SIMD when available). */
export type CoxnetKernelMode = 'auto' | 'wasm' | 'js';

// ---------------------------------------------------------------------------
// A minimal WebAssembly assembler for the kernels.
// ---------------------------------------------------------------------------

const uleb = (v: number): number[] => {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
};
const sleb = (v: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;
const get = (i: number): number[] => [0x20, ...uleb(i)];
const set = (i: number): number[] => [0x21, ...uleb(i)];
const tee = (i: number): number[] => [0x22, ...uleb(i)];
const i32c = (v: number): number[] => [0x41, ...sleb(v)];
const I32_ADD = [0x6a];
const I32_AND = [0x71];
const I32_SHL = [0x74];
const I32_GE_S = [0x4e];
const F64_ADD = [0xa0];
const F64_SUB = [0xa1];
const F64_MUL = [0xa2];
/** memarg: alignment 2^3, offset. */
const f64load = (off = 0): number[] => [0x2b, 3, ...uleb(off)];
const f64store = (off = 0): number[] => [0x39, 3, ...uleb(off)];
const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
const V_LOAD = (off = 0): number[] => simd(0x00, 3, ...uleb(off));
const V_STORE = (off = 0): number[] => simd(0x0b, 3, ...uleb(off));
const F64X2_SPLAT = simd(0x14);
const F64X2_LANE = (k: number): number[] => simd(0x21, k);
const F64X2_ADD = simd(0xf0);
const F64X2_SUB = simd(0xf1);
const F64X2_MUL = simd(0xf2);
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const IF = [0x04, 0x40];
const END = [0x0b];

interface KernelDef {
  name: string;
  params: number[];
  results: number[];
  locals: [number, number][];
  body: number[];
}

/** Byte address `base * 8 + i` where `base` is an element-offset parameter and `i` a byte counter. */
const addr = (base: number, i: number): number[] => [...get(base), ...i32c(3), ...I32_SHL, ...get(i), ...I32_ADD];

/**
 * `i` (byte counter, starts at 0) runs in steps of 16 while `i < (n & ~1) * 8`,
 * then the odd last element (if any) is handled by `tail` at byte `i`.
 */
function pairLoop(n: number, i: number, end: number, pair: number[], tail: number[]): number[] {
  return [
    ...get(n), ...i32c(-2), ...I32_AND, ...i32c(3), ...I32_SHL, ...set(end),
    ...BLOCK, ...LOOP,
    ...get(i), ...get(end), ...I32_GE_S, 0x0d, 1, // br_if out of the block
    ...pair,
    ...get(i), ...i32c(16), ...I32_ADD, ...set(i),
    0x0c, 0, // br to loop start
    ...END, ...END,
    ...get(n), ...i32c(1), ...I32_AND, ...IF, ...tail, ...END,
  ];
}

/** sum of the two lanes of v128 local `acc`, stored in f64 local `s`. */
const lanesToScalar = (acc: number, s: number): number[] => [...get(acc), ...F64X2_LANE(0), ...get(acc), ...F64X2_LANE(1), ...F64_ADD, ...set(s)];

function kernelDefs(): KernelDef[] {
  // dot(a, b, n) -> f64; locals: i=3, end=4, acc=5 (v128), s=6 (f64)
  const dot: KernelDef = {
    name: 'dot',
    params: [I32, I32, I32],
    results: [F64],
    locals: [[2, I32], [1, V128], [1, F64]],
    body: [
      ...pairLoop(2, 3, 4,
        [...get(5), ...addr(0, 3), ...V_LOAD(), ...addr(1, 3), ...V_LOAD(), ...F64X2_MUL, ...F64X2_ADD, ...set(5)],
        [...lanesToScalar(5, 6), ...get(6), ...addr(0, 3), ...f64load(), ...addr(1, 3), ...f64load(), ...F64_MUL, ...F64_ADD, ...set(6), ...get(6), 0x0f /* return */]),
      ...lanesToScalar(5, 6), ...get(6),
    ],
  };
  // updDot(wr, w, xj, xn, n, del) -> f64; locals: i=6, end=7, d=8 (v128), acc=9 (v128), nw=10 (v128), s=11 (f64)
  const wrNew = (load: (o?: number) => number[], mul: number[], sub: number[], d: number): number[] => [
    ...addr(0, 6), ...load(), ...get(d), ...addr(1, 6), ...load(), ...addr(2, 6), ...load(), ...mul, ...mul, ...sub,
  ];
  const updDot: KernelDef = {
    name: 'updDot',
    params: [I32, I32, I32, I32, I32, F64],
    results: [F64],
    locals: [[2, I32], [3, V128], [1, F64]],
    body: [
      ...get(5), ...F64X2_SPLAT, ...set(8),
      ...pairLoop(4, 6, 7,
        [
          ...addr(0, 6), ...wrNew(V_LOAD, F64X2_MUL, F64X2_SUB, 8), ...tee(10), ...V_STORE(),
          ...get(9), ...get(10), ...addr(3, 6), ...V_LOAD(), ...F64X2_MUL, ...F64X2_ADD, ...set(9),
        ],
        [
          ...lanesToScalar(9, 11),
          ...addr(0, 6), ...wrNew(f64load, F64_MUL, F64_SUB, 5), ...f64store(),
          ...get(11), ...addr(0, 6), ...f64load(), ...addr(3, 6), ...f64load(), ...F64_MUL, ...F64_ADD, ...set(11),
          ...get(11), 0x0f,
        ]),
      ...lanesToScalar(9, 11), ...get(11),
    ],
  };
  // upd(wr, w, xj, n, del); locals: i=5, end=6, d=7 (v128)
  const updBody = (load: (o?: number) => number[], mul: number[], sub: number[], d: number): number[] => [
    ...addr(0, 5), ...load(), ...get(d), ...addr(1, 5), ...load(), ...addr(2, 5), ...load(), ...mul, ...mul, ...sub,
  ];
  const upd: KernelDef = {
    name: 'upd',
    params: [I32, I32, I32, I32, F64],
    results: [],
    locals: [[2, I32], [1, V128]],
    body: [
      ...get(4), ...F64X2_SPLAT, ...set(7),
      ...pairLoop(3, 5, 6,
        [...addr(0, 5), ...updBody(V_LOAD, F64X2_MUL, F64X2_SUB, 7), ...V_STORE()],
        [...addr(0, 5), ...updBody(f64load, F64_MUL, F64_SUB, 4), ...f64store()]),
    ],
  };
  // wss(w, x, n) -> f64; locals: i=3, end=4, acc=5 (v128), s=6, t=7 (v128)
  const wss: KernelDef = {
    name: 'wss',
    params: [I32, I32, I32],
    results: [F64],
    locals: [[2, I32], [1, V128], [1, F64], [1, V128]],
    body: [
      ...pairLoop(2, 3, 4,
        [...get(5), ...addr(0, 3), ...V_LOAD(), ...addr(1, 3), ...V_LOAD(), ...tee(7), ...F64X2_MUL, ...get(7), ...F64X2_MUL, ...F64X2_ADD, ...set(5)],
        [
          ...lanesToScalar(5, 6),
          ...get(6), ...addr(0, 3), ...f64load(), ...addr(1, 3), ...f64load(), ...F64_MUL, ...addr(1, 3), ...f64load(), ...F64_MUL, ...F64_ADD, ...set(6),
          ...get(6), 0x0f,
        ]),
      ...lanesToScalar(5, 6), ...get(6),
    ],
  };
  // axpy(y, x, n, a); locals: i=4, end=5, d=6 (v128)
  const axpy: KernelDef = {
    name: 'axpy',
    params: [I32, I32, I32, F64],
    results: [],
    locals: [[2, I32], [1, V128]],
    body: [
      ...get(3), ...F64X2_SPLAT, ...set(6),
      ...pairLoop(2, 4, 5,
        [...addr(0, 4), ...addr(0, 4), ...V_LOAD(), ...get(6), ...addr(1, 4), ...V_LOAD(), ...F64X2_MUL, ...F64X2_ADD, ...V_STORE()],
        [...addr(0, 4), ...addr(0, 4), ...f64load(), ...get(3), ...addr(1, 4), ...f64load(), ...F64_MUL, ...F64_ADD, ...f64store()]),
    ],
  };
  // dotWss(wr, w, x, n, out) -> f64; locals: i=5, end=6, acc=7 (v128), acc2=8 (v128), t=9 (v128), s=10, s2=11 (f64)
  const dotWss: KernelDef = {
    name: 'dotWss',
    params: [I32, I32, I32, I32, I32],
    results: [F64],
    locals: [[2, I32], [3, V128], [2, F64]],
    body: [
      ...pairLoop(3, 5, 6,
        [
          ...addr(2, 5), ...V_LOAD(), ...set(9),
          ...get(7), ...addr(0, 5), ...V_LOAD(), ...get(9), ...F64X2_MUL, ...F64X2_ADD, ...set(7),
          ...get(8), ...addr(1, 5), ...V_LOAD(), ...get(9), ...F64X2_MUL, ...get(9), ...F64X2_MUL, ...F64X2_ADD, ...set(8),
        ],
        [
          ...lanesToScalar(7, 10), ...lanesToScalar(8, 11),
          ...get(10), ...addr(0, 5), ...f64load(), ...addr(2, 5), ...f64load(), ...F64_MUL, ...F64_ADD, ...set(10),
          ...get(11), ...addr(1, 5), ...f64load(), ...addr(2, 5), ...f64load(), ...F64_MUL, ...addr(2, 5), ...f64load(), ...F64_MUL, ...F64_ADD, ...set(11),
          ...get(4), ...i32c(3), ...I32_SHL, ...get(11), ...f64store(),
          ...get(10), 0x0f,
        ]),
      ...lanesToScalar(7, 10), ...lanesToScalar(8, 11),
      ...get(4), ...i32c(3), ...I32_SHL, ...get(11), ...f64store(),
      ...get(10),
    ],
  };
  // updDotWss(wr, w, xj, xn, n, del, out) -> f64; locals: i=7, end=8, d=9, acc=10, nw=11, acc2=12, t=13 (v128), s=14, s2=15 (f64)
  const uw = (load: (o?: number) => number[], mul: number[], sub: number[], d: number): number[] => [
    ...addr(0, 7), ...load(), ...get(d), ...addr(1, 7), ...load(), ...addr(2, 7), ...load(), ...mul, ...mul, ...sub,
  ];
  const updDotWss: KernelDef = {
    name: 'updDotWss',
    params: [I32, I32, I32, I32, I32, F64, I32],
    results: [F64],
    locals: [[2, I32], [5, V128], [2, F64]],
    body: [
      ...get(5), ...F64X2_SPLAT, ...set(9),
      ...pairLoop(4, 7, 8,
        [
          ...addr(3, 7), ...V_LOAD(), ...set(13),
          ...addr(0, 7), ...uw(V_LOAD, F64X2_MUL, F64X2_SUB, 9), ...tee(11), ...V_STORE(),
          ...get(10), ...get(11), ...get(13), ...F64X2_MUL, ...F64X2_ADD, ...set(10),
          ...get(12), ...addr(1, 7), ...V_LOAD(), ...get(13), ...F64X2_MUL, ...get(13), ...F64X2_MUL, ...F64X2_ADD, ...set(12),
        ],
        [
          ...lanesToScalar(10, 14), ...lanesToScalar(12, 15),
          ...addr(0, 7), ...uw(f64load, F64_MUL, F64_SUB, 5), ...f64store(),
          ...get(14), ...addr(0, 7), ...f64load(), ...addr(3, 7), ...f64load(), ...F64_MUL, ...F64_ADD, ...set(14),
          ...get(15), ...addr(1, 7), ...f64load(), ...addr(3, 7), ...f64load(), ...F64_MUL, ...addr(3, 7), ...f64load(), ...F64_MUL, ...F64_ADD, ...set(15),
          ...get(6), ...i32c(3), ...I32_SHL, ...get(15), ...f64store(),
          ...get(14), 0x0f,
        ]),
      ...lanesToScalar(10, 14), ...lanesToScalar(12, 15),
      ...get(6), ...i32c(3), ...I32_SHL, ...get(15), ...f64store(),
      ...get(14),
    ],
  };
  // axpy4(y, x1, x2, x3, x4, n, a1, a2, a3, a4); locals: i=10, end=11, d1..d4=12..15 (v128)
  const term = (x: number, dv: number, load: (o?: number) => number[], mul: number[], add: number[]): number[] => [
    ...get(dv), ...addr(x, 10), ...load(), ...mul, ...add,
  ];
  const axpy4: KernelDef = {
    name: 'axpy4',
    params: [I32, I32, I32, I32, I32, I32, F64, F64, F64, F64],
    results: [],
    locals: [[2, I32], [4, V128]],
    body: [
      ...get(6), ...F64X2_SPLAT, ...set(12),
      ...get(7), ...F64X2_SPLAT, ...set(13),
      ...get(8), ...F64X2_SPLAT, ...set(14),
      ...get(9), ...F64X2_SPLAT, ...set(15),
      ...pairLoop(5, 10, 11,
        [
          ...addr(0, 10), ...addr(0, 10), ...V_LOAD(),
          ...term(1, 12, V_LOAD, F64X2_MUL, F64X2_ADD), ...term(2, 13, V_LOAD, F64X2_MUL, F64X2_ADD),
          ...term(3, 14, V_LOAD, F64X2_MUL, F64X2_ADD), ...term(4, 15, V_LOAD, F64X2_MUL, F64X2_ADD),
          ...V_STORE(),
        ],
        [
          ...addr(0, 10), ...addr(0, 10), ...f64load(),
          ...term(1, 6, f64load, F64_MUL, F64_ADD), ...term(2, 7, f64load, F64_MUL, F64_ADD),
          ...term(3, 8, f64load, F64_MUL, F64_ADD), ...term(4, 9, f64load, F64_MUL, F64_ADD),
          ...f64store(),
        ]),
    ],
  };
  return [dot, updDot, upd, wss, axpy, dotWss, updDotWss, axpy4];
}

/** The module's bytes: imports memory `env.mem`, exports the kernels of {@link CoxnetKernels}. */
export function coxnetKernelWasm(): Uint8Array {
  const defs = kernelDefs();
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(defs.map((d) => [0x60, ...vec(d.params.map((t) => [t])), ...vec(d.results.map((t) => [t]))]))),
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, 0x00]])),
    ...section(3, vec(defs.map((_, k) => uleb(k)))),
    ...section(7, vec(defs.map((d, k) => [...name(d.name), 0x00, ...uleb(k)]))),
    ...section(10, vec(defs.map((d) => {
      const body = [...vec(d.locals.map(([count, type]) => [...uleb(count), type])), ...d.body, ...END];
      return [...uleb(body.length), ...body];
    }))),
  ];
  return Uint8Array.from(bytes);
}

// Minimal typing of the WebAssembly API (the project's lib settings do not declare it).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}

let compiled: object | null | undefined;
/** The compiled module, or null where WebAssembly SIMD is unavailable. */
function wasmModule(): object | null {
  if (compiled !== undefined) return compiled;
  const wa = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  compiled = null;
  if (!wa) return compiled;
  try {
    const bytes = coxnetKernelWasm();
    if (wa.validate(bytes)) compiled = new wa.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Largest heap given to WebAssembly (wasm32 memories hold at most 65536 pages of 64 KiB; keep below 2 GiB). */
const MAX_WASM_DOUBLES = (2 ** 31 - 2 ** 16) / 8;

function jsKernels(heap: Float64Array): CoxnetKernels {
  const h = heap;
  const dot = (a: number, b: number, n: number): number => {
    let s0 = 0;
    let s1 = 0;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      s0 += h[a + i]! * h[b + i]!;
      s1 += h[a + i + 1]! * h[b + i + 1]!;
    }
    let s = s0 + s1;
    if (i < n) s += h[a + i]! * h[b + i]!;
    return s;
  };
  const updDot = (wr: number, w: number, xj: number, xn: number, n: number, del: number): number => {
    let s0 = 0;
    let s1 = 0;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      const u0 = h[wr + i]! - del * (h[w + i]! * h[xj + i]!);
      h[wr + i] = u0;
      s0 += u0 * h[xn + i]!;
      const u1 = h[wr + i + 1]! - del * (h[w + i + 1]! * h[xj + i + 1]!);
      h[wr + i + 1] = u1;
      s1 += u1 * h[xn + i + 1]!;
    }
    let s = s0 + s1;
    if (i < n) {
      const u = h[wr + i]! - del * (h[w + i]! * h[xj + i]!);
      h[wr + i] = u;
      s += u * h[xn + i]!;
    }
    return s;
  };
  const wss = (w: number, x: number, n: number): number => {
    let s0 = 0;
    let s1 = 0;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      s0 += h[w + i]! * h[x + i]! * h[x + i]!;
      s1 += h[w + i + 1]! * h[x + i + 1]! * h[x + i + 1]!;
    }
    let s = s0 + s1;
    if (i < n) s += h[w + i]! * h[x + i]! * h[x + i]!;
    return s;
  };
  return {
    heap,
    simd: false,
    dot,
    updDot,
    upd(wr, w, xj, n, del) {
      for (let i = 0; i < n; i++) h[wr + i] = h[wr + i]! - del * (h[w + i]! * h[xj + i]!);
    },
    wss,
    axpy(y, x, n, a) {
      for (let i = 0; i < n; i++) h[y + i] = h[y + i]! + a * h[x + i]!;
    },
    axpy4(y, x1, x2, x3, x4, n, a1, a2, a3, a4) {
      for (let i = 0; i < n; i++) h[y + i] = h[y + i]! + a1 * h[x1 + i]! + a2 * h[x2 + i]! + a3 * h[x3 + i]! + a4 * h[x4 + i]!;
    },
    dotWss(wr, w, x, n, out) {
      h[out] = wss(w, x, n);
      return dot(wr, x, n);
    },
    updDotWss(wr, w, xj, xn, n, del, out) {
      const s = updDot(wr, w, xj, xn, n, del);
      h[out] = wss(w, xn, n);
      return s;
    },
  };
}

/**
 * Kernels over a fresh zero-filled heap of `doubles` elements.
 * @param doubles heap size in elements
 * @param mode 'auto' (default: WebAssembly SIMD when available and the heap fits, else JavaScript), 'wasm' (falls back
 *   to JavaScript when unavailable) or 'js'
 */
export function createCoxnetKernels(doubles: number, mode: CoxnetKernelMode = 'auto'): CoxnetKernels {
  const mod = mode === 'js' || doubles > MAX_WASM_DOUBLES ? null : wasmModule();
  if (mod) {
    const wa = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    let mem: WasmMemory | null = null;
    try {
      mem = new wa.Memory({ initial: Math.max(1, Math.ceil((doubles * 8) / 65536)) });
    } catch {
      mem = null; // allocation refused: use JavaScript on an ordinary array
    }
    if (mem) {
      const ex = new wa.Instance(mod, { env: { mem } }).exports as unknown as Omit<CoxnetKernels, 'heap' | 'simd'>;
      // The exports are used directly (no wrapper): element offsets and counts are i32, results f64.
      return {
        heap: new Float64Array(mem.buffer, 0, doubles),
        simd: true,
        dot: ex.dot,
        updDot: ex.updDot,
        upd: ex.upd,
        wss: ex.wss,
        axpy: ex.axpy,
        axpy4: ex.axpy4,
        dotWss: ex.dotWss,
        updDotWss: ex.updDotWss,
      };
    }
  }
  return jsKernels(new Float64Array(doubles));
}
