/**
 * Fast, stable ordering of survival rows by (stratum ascending, time
 * descending), used by the Cox fit and the concordance. Times are replaced by
 * their dense rank among the distinct values, strata by their dense rank, and
 * the combined integer key is sorted with an LSD radix sort (O(n), stable:
 * rows with equal keys keep their input order). Falls back to a comparison
 * sort when the combined key does not fit in 32 bits.
 */

/**
 * Dense ranks (0-based, ascending) of integer values spanning at most 4n + 1024
 * (days, codes) by a bitmap, or null when the values are not such integers.
 *
 * @param v the values.
 * @returns ranks and the number of distinct values, or null.
 * @example integerDenseRank([5, 3, 5])  // => { rank: [1, 0, 1], count: 2 }
 */
export function integerDenseRank(v: ArrayLike<number>): { rank: Uint32Array; count: number } | null {
  const n = v.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (!Number.isInteger(x)) return null;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (n === 0) return { rank: new Uint32Array(0), count: 0 };
  if (hi - lo > 4 * n + 1024) return null;
  const span = hi - lo + 1;
  const map = new Uint32Array(span);
  for (let i = 0; i < n; i++) map[v[i]! - lo] = 1;
  let u = 0;
  for (let b = 0; b < span; b++) {
    if (map[b] === 1) map[b] = ++u;
  }
  const rank = new Uint32Array(n);
  for (let i = 0; i < n; i++) rank[i] = map[v[i]! - lo]! - 1;
  return { rank, count: u };
}

/** Dense ranks (0-based, ascending) of the values of `v` and the number of distinct values. */
export function denseRank(v: ArrayLike<number>): { rank: Uint32Array; count: number } {
  const n = v.length;
  const fast = integerDenseRank(v);
  if (fast) return fast;
  // General doubles: LSD radix sort (4 × 16 bits) of the IEEE-754 bit patterns mapped
  // to unsigned order, then dense ranks along the sorted order.
  const f = Float64Array.from(v as ArrayLike<number>);
  const bits = new Uint32Array(f.buffer);
  const little = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
  const hiW = new Uint32Array(n);
  const loW = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = bits[2 * i + (little ? 1 : 0)]!;
    let l = bits[2 * i + (little ? 0 : 1)]!;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    hiW[i] = h;
    loW[i] = l;
  }
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let tmp = new Int32Array(n);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const words = pass < 2 ? loW : hiW;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(words[i]! >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let b2 = 0; b2 < 65536; b2++) {
      const c = count[b2]!;
      count[b2] = sum;
      sum += c;
    }
    for (let q = 0; q < n; q++) {
      const r = order[q]!;
      tmp[count[(words[r]! >>> shift) & 0xffff]!++] = r;
    }
    const t = order;
    order = tmp;
    tmp = t;
  }
  const rank = new Uint32Array(n);
  let u = 0;
  for (let q = 0; q < n; q++) {
    const i = order[q]!;
    if (q > 0 && f[i] !== f[order[q - 1]!]) u++;
    rank[i] = u;
  }
  return { rank, count: n > 0 ? u + 1 : 0 };
}

/** Stable LSD radix sort of row indices by unsigned 32-bit keys. */
export function radixOrder(key: Uint32Array, maxKey: number): Int32Array {
  const n = key.length;
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < 2) return order;
  let tmp = new Int32Array(n);
  const passes = maxKey < 65536 ? 1 : 2;
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < passes; pass++) {
    const shift = pass * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(key[i]! >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const r = order[i]!;
      const b = (key[r]! >>> shift) & 0xffff;
      tmp[count[b]!++] = r;
    }
    const t = order;
    order = tmp;
    tmp = t;
  }
  return order;
}

/**
 * Row order by stratum ascending, then `time` descending (ties keep input order).
 *
 * @param time times (finite).
 * @param strata stratum per row, or null.
 * @param secondary optional extra key within equal times, ascending (e.g. status, predictor rank).
 */
export function survivalOrder(
  time: Float64Array,
  strata: Int32Array | null,
  secondary?: { rank: Uint32Array; count: number },
): Int32Array {
  const n = time.length;
  const t = denseRank(time);
  const s = strata ? denseRank(strata) : { rank: new Uint32Array(n), count: 1 };
  const sc = secondary ? secondary.count : 1;
  const maxKey = s.count * t.count * sc - 1;
  if (maxKey <= 0xffffffff) {
    const key = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const k2 = secondary ? secondary.rank[i]! : 0;
      key[i] = (s.rank[i]! * t.count + (t.count - 1 - t.rank[i]!)) * sc + k2;
    }
    return radixOrder(key, maxKey);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const sec = secondary?.rank;
  order.sort(
    (a, b) => s.rank[a]! - s.rank[b]! || t.rank[b]! - t.rank[a]! || (sec ? sec[a]! - sec[b]! : 0) || a - b,
  );
  return order;
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Result of {@link sortValues}. */
export interface SortedValues {
  /** Row indices in ascending order of value (equal values by row index). */
  order: Int32Array;
  /** 1 where the value at this sorted position differs from the previous one (1 at 0). */
  first: Uint8Array;
}

/**
 * Row order by value ascending, ties by row index (a stable sort of doubles;
 * no NaN), and where each run of equal values begins. Each row gets a 64-bit
 * key: the order-preserving IEEE-754 bit pattern (`-0` folded into `0`) with
 * its lowest ⌈log2 n⌉ bits replaced by the row index, and the keys are sorted
 * natively (`BigUint64Array.prototype.sort`, filled through a 32-bit view, so
 * no BigInt is ever created). Different truncated patterns mean different
 * values; runs whose truncated patterns tie (values within ~n·2^-52 relative
 * of each other) are ordered and split by the full value.
 *
 * @param v the values (finite or infinite, not NaN).
 * @returns the order and the run starts.
 * @example sortValues(Float64Array.of(0.5, -1, 0.5)) // => { order: [1, 0, 2], first: [1, 1, 0] }
 */
export function sortValues(v: Float64Array): SortedValues {
  const n = v.length;
  const order = new Int32Array(n);
  const first = new Uint8Array(n);
  if (n === 0) return { order, first };
  first[0] = 1;
  if (n === 1) return { order, first };
  const ib = 32 - Math.clz32(n - 1); // index bits, 1..31
  const mask = (1 << ib) - 1;
  const hiAt = LITTLE_ENDIAN ? 1 : 0;
  const loAt = 1 - hiAt;
  const src = new Uint32Array(v.buffer, v.byteOffset, 2 * n);
  const keys = new BigUint64Array(n);
  const kw = new Uint32Array(keys.buffer);
  for (let i = 0; i < n; i++) {
    let h = src[2 * i + hiAt]!;
    let l = src[2 * i + loAt]!;
    if (h === 0x80000000 && l === 0) h = 0; // -0 → 0
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else h = (h | 0x80000000) >>> 0;
    kw[2 * i + hiAt] = h;
    kw[2 * i + loAt] = ((l & ~mask) | i) >>> 0;
  }
  keys.sort();
  for (let q = 0; q < n; q++) order[q] = kw[2 * q + loAt]! & mask;
  let q = 0;
  while (q < n) {
    const h = kw[2 * q + hiAt]!;
    const l = kw[2 * q + loAt]! & ~mask;
    let e = q + 1;
    while (e < n && kw[2 * e + hiAt] === h && (kw[2 * e + loAt]! & ~mask) === l) e++;
    if (e < n) first[e] = 1;
    if (e - q > 1) {
      // Tied truncated keys: order by the full value, then mark where it changes.
      let sorted = true;
      for (let r = q + 1; r < e && sorted; r++) if (v[order[r - 1]!]! > v[order[r]!]!) sorted = false;
      if (!sorted) order.subarray(q, e).sort((a, b) => v[a]! - v[b]! || a - b);
      for (let r = q + 1; r < e; r++) if (v[order[r]!] !== v[order[r - 1]!]) first[r] = 1;
    }
    q = e;
  }
  return { order, first };
}

/**
 * Row order by value ascending, ties by row index (see {@link sortValues};
 * `-0` and `0` are one value).
 *
 * @param v the values (not NaN).
 * @returns row indices in ascending order of value.
 * @example valueOrder(Float64Array.of(0.5, -1, 0.5)) // => Int32Array [1, 0, 2]
 */
export function valueOrder(v: Float64Array): Int32Array {
  return sortValues(v).order;
}
