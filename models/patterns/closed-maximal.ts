/**
 * Closed and maximal frequent patterns (docs/patterns.md):
 * - closed: no proper super-pattern among the frequent patterns has the same support;
 * - maximal: no proper super-pattern is frequent.
 * Super-pattern is the subsequence relation (P's itemsets map, in order, into
 * distinct itemsets of Q as subsets), and "frequent" means mined under the same
 * options, so maxLength and maxSize bound the super-patterns considered too.
 *
 * Method: every frequent Q marks its frequent sub-patterns (looked up by key).
 * Without maxGap, support can only fall when items are added (a valid
 * embedding of Q restricted to P's items is a valid embedding of P: gaps only
 * grow by merging, minGap holds; the window only shrinks), so every frequent
 * Q above P passes through a frequent Q' with one item more than P, with
 * support between: marking the sub-patterns one deletion below each Q is
 * exact and costs O(items^2) per pattern. With maxGap, dropping a middle
 * itemset can merge two gaps into one too long, so a sub-pattern may be less
 * frequent than its super-pattern (cSPADE, Zaki 2000: only contiguous
 * sub-sequences keep the support bound); then every proper sub-pattern of Q is
 * marked (2^items - 2 per pattern, refused above a work limit).
 */
import { ModelError } from '../../util/errors.js';
import type { FrequentPattern, FrequentSequences } from './mine-frequent-sequences.js';
import { patternKey } from './pattern-order.js';

/** Which patterns to keep. */
export type PatternSelection = 'all' | 'closed' | 'maximal';

/** Most sub-patterns enumerated under maxGap before giving up. */
const MAX_SUBPATTERN_WORK = 50_000_000;

/** The pattern with the item at flat position `drop` removed (an emptied itemset is removed too). */
function deleteItem(itemsets: readonly (readonly number[])[], drop: number): number[][] {
  const out: number[][] = [];
  let pos = 0;
  for (const s of itemsets) {
    const kept: number[] = [];
    for (const c of s) if (pos++ !== drop) kept.push(c);
    if (kept.length) out.push(kept);
  }
  return out;
}

/** The sub-pattern keeping the items whose bit is set in `mask` (flat positions). */
function keepItems(itemsets: readonly (readonly number[])[], mask: number): number[][] {
  const out: number[][] = [];
  let pos = 0;
  for (const s of itemsets) {
    const kept: number[] = [];
    for (const c of s) if (mask & (1 << pos++)) kept.push(c);
    if (kept.length) out.push(kept);
  }
  return out;
}

/**
 * Marks, for each pattern, whether a frequent proper super-pattern exists
 * (`hasSuper`) and whether one with the same support exists (`notClosed`).
 */
export function superPatternMarks(result: FrequentSequences): { hasSuper: Uint8Array; notClosed: Uint8Array } {
  const { patterns } = result;
  const index = new Map<string, number>();
  patterns.forEach((p, i) => index.set(patternKey(p.itemsets), i));
  const hasSuper = new Uint8Array(patterns.length);
  const notClosed = new Uint8Array(patterns.length);
  const mark = (sub: number[][], q: FrequentPattern): void => {
    const i = index.get(patternKey(sub));
    if (i === undefined) return;
    hasSuper[i] = 1;
    if ((patterns[i] as FrequentPattern).support === q.support) notClosed[i] = 1;
  };
  const monotone = result.control.maxGap === Infinity;
  if (!monotone) {
    let work = 0;
    for (const q of patterns) work += 2 ** q.itemsets.reduce((n, s) => n + s.length, 0);
    if (work > MAX_SUBPATTERN_WORK || patterns.some((q) => q.itemsets.reduce((n, s) => n + s.length, 0) > 30)) {
      throw new ModelError(`closed/maximal patterns under maxGap need every sub-pattern of every pattern (${work.toExponential(1)} > ${MAX_SUBPATTERN_WORK}): raise the minimum support or lower maxLength / maxSize`);
    }
  }
  for (const q of patterns) {
    const n = q.itemsets.reduce((m, s) => m + s.length, 0);
    if (n < 2) continue;
    if (monotone) for (let d = 0; d < n; d++) mark(deleteItem(q.itemsets, d), q);
    else for (let mask = 1; mask < 2 ** n - 1; mask++) mark(keepItems(q.itemsets, mask), q);
  }
  return { hasSuper, notClosed };
}

/**
 * The patterns of a mining result that are closed, maximal, or all of them
 * (in the result's order).
 * @throws ModelError under maxGap when the sub-pattern enumeration would be too large.
 * @example selectPatterns(mineFrequentSequences(db, { minSupport: { count: 2 } }), 'maximal')
 */
export function selectPatterns(result: FrequentSequences, selection: PatternSelection): FrequentPattern[] {
  if (selection === 'all') return result.patterns;
  const { hasSuper, notClosed } = superPatternMarks(result);
  const drop = selection === 'closed' ? notClosed : hasSuper;
  return result.patterns.filter((_, i) => !drop[i]);
}
