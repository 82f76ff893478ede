/**
 * Shared helpers of the Kaplan-Meier, Nelson-Aalen, log-rank and RMST cores:
 * a stable radix argsort of float64 keys, grouping by stratum, validation of
 * survival arrays and R's `p.adjust`. Typed arrays only; nothing here
 * allocates per-row objects, so 10^7 rows stay cheap.
 */

import { UsageError } from '../../util/errors.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Stable ascending argsort of float64 keys by an LSD radix sort on their IEEE
 * 754 bit patterns (four 16-bit digits; passes whose digit is constant are
 * skipped, so integer-valued times usually need two). `-0` sorts as `+0` and
 * NaN sorts last.
 * @param keys values to order (not modified)
 * @param subset optional row indices to sort (default: all rows)
 * @param sortedOut optional array of length n that receives the sorted values
 * @returns row indices in ascending key order, ties in input order
 * @example argsortFloat64(new Float64Array([3, 1, 2])) // => Int32Array [1, 2, 0]
 */
export function argsortFloat64(keys: Float64Array, subset?: Int32Array, sortedOut?: Float64Array): Int32Array {
  const n = subset ? subset.length : keys.length;
  const buf = new Float64Array(n);
  if (subset) for (let i = 0; i < n; i++) buf[i] = keys[subset[i]!]! + 0;
  else for (let i = 0; i < n; i++) buf[i] = keys[i]! + 0; // + 0 maps -0 to +0
  const u = new Uint32Array(buf.buffer);
  const loOff = LITTLE_ENDIAN ? 0 : 1;
  const hiOff = 1 - loOff;
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  let idx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let h = u[2 * i + hiOff]!;
    let l = u[2 * i + loOff]!;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
    idx[i] = subset ? subset[i]! : i;
  }
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    const l = lo[i]!;
    const h = hi[i]!;
    counts[l & 0xffff]!++;
    counts[65536 + (l >>> 16)]!++;
    counts[131072 + (h & 0xffff)]!++;
    counts[196608 + (h >>> 16)]!++;
  }
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  let idx2 = new Int32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    // skip a pass whose digit is the same for every key
    let constant = false;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d]!;
      if (c === n) constant = true;
      if (c !== 0) break;
    }
    if (constant || n <= 1) continue;
    const offs = new Uint32Array(65536);
    let acc = 0;
    for (let d = 0; d < 65536; d++) {
      offs[d] = acc;
      acc += counts[base + d]!;
    }
    const src = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    for (let i = 0; i < n; i++) {
      const d = (src[i]! >>> shift) & 0xffff;
      const o = offs[d]!++;
      lo2[o] = lo[i]!;
      hi2[o] = hi[i]!;
      idx2[o] = idx[i]!;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
    [idx, idx2] = [idx2, idx];
  }
  if (sortedOut) {
    // invert the key transform: the sorted values without a gather through idx
    const ou = new Uint32Array(sortedOut.buffer, sortedOut.byteOffset, 2 * n);
    for (let i = 0; i < n; i++) {
      let h = hi[i]!;
      let l = lo[i]!;
      if (h & 0x80000000) h = (h ^ 0x80000000) >>> 0;
      else {
        h = ~h >>> 0;
        l = ~l >>> 0;
      }
      ou[2 * i + hiOff] = h;
      ou[2 * i + loOff] = l;
    }
  }
  return idx;
}

/**
 * Rows grouped by stratum, each group in ascending time (ties in input order).
 * @returns `order` (row indices), `offsets` (group k is order[offsets[k] .. offsets[k+1]))
 *   and `sortedTime` (time[order[i]], without the gather)
 */
export function orderByStratumAndTime(
  time: Float64Array,
  strata: Int32Array | null,
  nStrata: number,
): { order: Int32Array; offsets: Int32Array; sortedTime: Float64Array } {
  const sorted = new Float64Array(time.length);
  const byTime = argsortFloat64(time, undefined, sorted);
  const n = byTime.length;
  const offsets = new Int32Array(nStrata + 1);
  if (!strata || nStrata <= 1) {
    offsets[1] = n;
    return { order: byTime, offsets, sortedTime: sorted };
  }
  for (let i = 0; i < n; i++) offsets[strata[i]! + 1]!++;
  for (let k = 0; k < nStrata; k++) offsets[k + 1]! += offsets[k]!;
  const pos = offsets.slice(0, nStrata);
  const order = new Int32Array(n);
  const sortedTime = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = byTime[i]!;
    const p = pos[strata[r]!]!++;
    order[p] = r;
    sortedTime[p] = sorted[i]!;
  }
  return { order, offsets, sortedTime };
}

/** Arrays of one survival data set, as the numeric cores see them. */
export interface SurvivalArrays {
  /** Event or censoring time (the stop time of counting-process data). */
  time: Float64Array;
  /** 1 = event, 0 = censored. */
  status: Float64Array;
  /** Start of the at-risk interval (counting process `(start, stop]`), or null. */
  start?: Float64Array | null;
  /** Case weights (>= 0), or null for all 1. */
  weights?: Float64Array | null;
  /** Stratum index per row (0-based), or null for a single stratum. */
  strata?: Int32Array | null;
  /** Number of strata (default: max index + 1, or 1). */
  nStrata?: number;
}

/**
 * Checks lengths and values of survival arrays; throws a UsageError naming the
 * first bad row (0-based) and value.
 * @returns the number of strata
 */
export function validateSurvivalArrays(d: SurvivalArrays, who: string): number {
  const n = d.time.length;
  const check = (a: ArrayLike<number> | null | undefined, name: string): void => {
    if (a && a.length !== n) throw new UsageError(`${who}: ${name} has length ${a.length}, expected ${n}`);
  };
  check(d.status, 'status');
  check(d.start, 'start');
  check(d.weights, 'weights');
  check(d.strata, 'strata');
  for (let i = 0; i < n; i++) {
    const t = d.time[i]!;
    if (!Number.isFinite(t)) throw new UsageError(`${who}: time at row ${i} is ${t}; expected a finite number`);
    const s = d.status[i]!;
    if (s !== 0 && s !== 1) throw new UsageError(`${who}: status at row ${i} is ${s}; expected 0 or 1`);
    if (d.start) {
      const a = d.start[i]!;
      if (!Number.isFinite(a) || !(a < t)) {
        throw new UsageError(`${who}: start time ${a} at row ${i} is not before its stop time ${t}`);
      }
    }
    if (d.weights) {
      const w = d.weights[i]!;
      if (!Number.isFinite(w) || w < 0) throw new UsageError(`${who}: weight at row ${i} is ${w}; weights must be finite and >= 0`);
    }
  }
  let nStrata = d.nStrata ?? 1;
  if (d.strata) {
    let mx = -1;
    for (let i = 0; i < n; i++) {
      const k = d.strata[i]!;
      if (k < 0) throw new UsageError(`${who}: stratum index at row ${i} is ${k}`);
      if (k > mx) mx = k;
    }
    if (d.nStrata === undefined) nStrata = mx + 1;
    else if (mx >= d.nStrata) throw new UsageError(`${who}: stratum index ${mx} >= nStrata ${d.nStrata}`);
  }
  return Math.max(nStrata, 1);
}

/** Multiple-comparison adjustments offered by {@link pAdjust} (R's `p.adjust` methods). */
export type PAdjustMethod = 'holm' | 'bonferroni' | 'BH' | 'none';

/**
 * Adjusts p-values for multiple comparisons exactly as R's `p.adjust(p, method)`
 * (Holm 1979; Bonferroni; Benjamini & Hochberg 1995). NaN entries are kept and
 * do not count towards the number of tests, as R's default `n = sum(!is.na(p))`.
 * @param p raw p-values
 * @param method 'holm' (R's default), 'bonferroni', 'BH' or 'none'
 * @example pAdjust([0.01, 0.04, 0.03], 'holm') // => [0.03, 0.06, 0.06]
 */
export function pAdjust(p: readonly number[], method: PAdjustMethod = 'holm'): number[] {
  const out = p.slice();
  const ok: number[] = [];
  for (let i = 0; i < p.length; i++) if (!Number.isNaN(p[i]!)) ok.push(i);
  const n = ok.length;
  if (n <= 1 || method === 'none') return out;
  if (method === 'bonferroni') {
    for (const i of ok) out[i] = Math.min(1, n * p[i]!);
    return out;
  }
  if (method === 'holm') {
    const o = ok.slice().sort((a, b) => p[a]! - p[b]!);
    let run = 0;
    for (let k = 0; k < n; k++) {
      run = Math.max(run, (n - k) * p[o[k]!]!);
      out[o[k]!] = Math.min(1, run);
    }
    return out;
  }
  if (method === 'BH') {
    const o = ok.slice().sort((a, b) => p[b]! - p[a]!);
    let run = Infinity;
    for (let k = 0; k < n; k++) {
      const rank = n - k;
      run = Math.min(run, (n / rank) * p[o[k]!]!);
      out[o[k]!] = Math.min(1, run);
    }
    return out;
  }
  throw new UsageError(`Unrecognized p-value adjustment: ${String(method)}`);
}

/**
 * Index of the last element of sorted `xs[from..to)` that is <= t, or from - 1.
 * (R's `findInterval` on a segment.)
 */
export function lastAtOrBefore(xs: ArrayLike<number>, from: number, to: number, t: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
