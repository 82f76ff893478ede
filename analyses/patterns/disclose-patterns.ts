/**
 * Disclosure control of mined patterns under a study (docs/patterns.md,
 * "Disclosure"): with T the study's minimum cell count, a pattern is
 * released only when
 * 1. its support (and, in a contrast, every group's support) is 0 or >= T
 *    (a listed pattern's support is at least 1, so at least T);
 * 2. its complement (sequences without it: the population, or each group's
 *    size, minus its support) is 0 or >= T;
 * 3. no released sub-pattern's support differs from its support by a count
 *    in (0, T), overall or in any group: P contained in Q, supp(P) - supp(Q)
 *    patients have P but not Q; a small difference would single them out.
 * Rule 3 is applied greedily in the listed order (support descending), so
 * the more general pattern is kept and its specialisation withheld. It
 * guards the pairs of sub- and super-patterns, the differences a reader can
 * form from one release; differences with earlier releases of the study are
 * not audited here.
 */
import type { CodedPattern } from '../../models/patterns/pattern-order.js';

/** A pattern and the counts disclosure checks: `counts[0]` overall, then one per group. */
export interface CountedPattern {
  itemsets: CodedPattern['itemsets'];
  /** Supports (overall, then per group). */
  counts: readonly number[];
  /** Population sizes of the counts (n, then group sizes). */
  sizes: readonly number[];
}

/** True when `p` is contained in `q` (each itemset of p a subset of a distinct later itemset of q, in order). */
export function isSubPattern(p: CodedPattern['itemsets'], q: CodedPattern['itemsets']): boolean {
  let j = 0;
  for (const set of p) {
    while (j < q.length && !set.every((x) => (q[j] as readonly number[]).includes(x))) j++;
    if (j >= q.length) return false;
    j++;
  }
  return true;
}

const small = (x: number, t: number): boolean => x > 0 && x < t;

/** Most items of a pattern whose sub-patterns are enumerated (2^k look-ups); larger patterns scan the released ones. */
const MAX_ENUMERATED_ITEMS = 14;

/** A compact key: each item as one UTF-16 code (item + 1; codes >= 0xFFFF as two), itemsets separated by code 0. */
function keyOf(itemsets: readonly (readonly number[])[]): string {
  const codes: number[] = [];
  itemsets.forEach((set, j) => {
    if (j) codes.push(0);
    for (const x of set) {
      if (x + 1 < 0xffff) codes.push(x + 1);
      else codes.push(0xffff, x + 1 - 0xffff);
    }
  });
  return String.fromCharCode(...codes);
}

/** The key of every proper, non-empty sub-pattern of `q` (delete any subset of its items, drop empty itemsets). */
function* subPatternKeys(q: CountedPattern['itemsets']): Generator<string> {
  const flat: [number, number][] = [];
  q.forEach((set, j) => set.forEach((x) => flat.push([j, x])));
  const k = flat.length;
  const out: number[][] = [];
  for (let mask = 1; mask < 2 ** k - 1; mask++) {
    out.length = 0;
    let last = -1;
    for (let b = 0; b < k; b++) {
      if (!(mask & (1 << b))) continue;
      const [j, x] = flat[b] as [number, number];
      if (j !== last) {
        out.push([]);
        last = j;
      }
      (out[out.length - 1] as number[]).push(x);
    }
    yield keyOf(out);
  }
}

/**
 * Which patterns may be released: a boolean per pattern, in the given order
 * (which must be support descending). Sub-patterns of a pattern of up to
 * MAX_ENUMERATED_ITEMS items are found by enumerating its item subsets and
 * looking them up among the released ones (O(2^k) per pattern); larger
 * patterns scan the released ones within T of their support.
 * @example releasable([{ itemsets: [[0]], counts: [8], sizes: [10] }], 5) // => [false] (complement 2)
 */
export function releasable(patterns: readonly CountedPattern[], threshold: number): boolean[] {
  const released: CountedPattern[] = [];
  const byKey = new Map<string, CountedPattern>();
  const smallDifference = (p: CountedPattern, q: CountedPattern): boolean => q.counts.some((c, k) => small((p.counts[k] ?? 0) - c, threshold));
  return patterns.map((q) => {
    if (q.counts.some((c, k) => small(c, threshold) || small((q.sizes[k] ?? 0) - c, threshold))) return false;
    const items = q.itemsets.reduce((a, s) => a + s.length, 0);
    if (items <= MAX_ENUMERATED_ITEMS) {
      for (const key of subPatternKeys(q.itemsets)) {
        const p = byKey.get(key);
        if (p && smallDifference(p, q)) return false;
      }
    } else {
      // released is in support-descending order: only its tail, within T of q's support, can differ by a small count
      for (let i = released.length - 1; i >= 0; i--) {
        const p = released[i] as CountedPattern;
        if ((p.counts[0] ?? 0) - (q.counts[0] ?? 0) >= threshold) break;
        if (p.itemsets.length <= q.itemsets.length && isSubPattern(p.itemsets, q.itemsets) && smallDifference(p, q)) return false;
      }
    }
    released.push(q);
    byKey.set(keyOf(q.itemsets), q);
    return true;
  });
}
