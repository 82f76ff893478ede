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

/**
 * Which patterns may be released: a boolean per pattern, in the given order
 * (which must be support descending).
 * @example releasable([{ itemsets: [[0]], counts: [8], sizes: [10] }], 5) // => [false] (complement 2)
 */
export function releasable(patterns: readonly CountedPattern[], threshold: number): boolean[] {
  const released: CountedPattern[] = [];
  return patterns.map((q) => {
    if (q.counts.some((c, k) => small(c, threshold) || small((q.sizes[k] ?? 0) - c, threshold))) return false;
    // released is in support-descending order: only its tail, within T of q's support, can differ by a small count
    for (let i = released.length - 1; i >= 0; i--) {
      const p = released[i] as CountedPattern;
      if ((p.counts[0] ?? 0) - (q.counts[0] ?? 0) >= threshold) break;
      if (p.itemsets.length > q.itemsets.length || !isSubPattern(p.itemsets, q.itemsets)) continue;
      if (q.counts.some((c, k) => small((p.counts[k] ?? 0) - c, threshold))) return false;
    }
    released.push(q);
    return true;
  });
}
