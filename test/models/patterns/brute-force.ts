/**
 * An independent oracle for the pattern-mining tests: plain arrays and
 * exhaustive enumeration, sharing no code with models/patterns/ (no id-lists,
 * no encoding). Definitions as docs/patterns.md states them:
 * - a sequence is its events grouped by day (one itemset per day, a set);
 * - an embedding of a pattern <X1, ..., Xk> maps each Xj into an itemset
 *   i_j with i_1 < ... < i_k and Xj a subset of it; it is valid when
 *   minGap <= day(i_{j+1}) - day(i_j) <= maxGap for every j and
 *   day(i_k) - day(i_1) <= maxWindow;
 * - support = number of sequences with at least one valid embedding.
 */

export interface PlainItemset {
  day: number;
  items: Set<string>;
}
export type PlainSequence = PlainItemset[];
export type Pattern = string[][];

export interface Constraints {
  maxLength?: number;
  maxSize?: number;
  minGap?: number;
  maxGap?: number;
  maxWindow?: number;
}

/** Events (id, day, item) grouped into plain sequences, ids in the order given by `ids` (default: sorted). */
export function plainSequences(rows: readonly { id: string; day: number; item: string }[], ids?: readonly string[]): { ids: string[]; sequences: PlainSequence[] } {
  const byId = new Map<string, Map<number, Set<string>>>();
  for (const r of rows) {
    let days = byId.get(r.id);
    if (!days) byId.set(r.id, (days = new Map()));
    let set = days.get(r.day);
    if (!set) days.set(r.day, (set = new Set()));
    set.add(r.item);
  }
  const order = ids ? [...ids] : [...byId.keys()].sort();
  return {
    ids: order,
    sequences: order.map((id) => [...(byId.get(id) ?? new Map<number, Set<string>>()).entries()].sort((a, b) => a[0] - b[0]).map(([day, items]) => ({ day, items }))),
  };
}

/** True when some embedding of `pattern` in `seq` satisfies every constraint (exhaustive search). */
export function containsPattern(seq: PlainSequence, pattern: Pattern, c: Constraints): boolean {
  const minGap = c.minGap ?? 0;
  const maxGap = c.maxGap ?? Infinity;
  const maxWindow = c.maxWindow ?? Infinity;
  const k = pattern.length;
  const chosen: number[] = [];
  const search = (j: number, from: number): boolean => {
    if (j === k) return seq[chosen[k - 1]!]!.day - seq[chosen[0]!]!.day <= maxWindow;
    for (let i = from; i < seq.length; i++) {
      if (!pattern[j]!.every((x) => seq[i]!.items.has(x))) continue;
      if (j > 0) {
        const gap = seq[i]!.day - seq[chosen[j - 1]!]!.day;
        if (gap < minGap || gap > maxGap) continue;
      }
      chosen.push(i);
      const ok = search(j + 1, i + 1);
      chosen.pop();
      if (ok) return true;
    }
    return false;
  };
  return k > 0 && search(0, 0);
}

export function supportOf(sequences: readonly PlainSequence[], pattern: Pattern, c: Constraints): number {
  let n = 0;
  for (const s of sequences) if (containsPattern(s, pattern, c)) n++;
  return n;
}

export const keyOf = (p: Pattern): string => p.map((s) => [...s].sort().join(',')).join('|');
const fromKey = (k: string): Pattern => k.split('|').map((s) => s.split(','));

function nonEmptySubsets(items: string[]): string[][] {
  const out: string[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) out.push(items.filter((_, i) => mask & (1 << i)).sort());
  return out;
}

/** Every pattern occurring (unconstrained) in some sequence, within maxLength / maxSize. */
function candidates(sequences: readonly PlainSequence[], c: Constraints): Set<string> {
  const maxLength = c.maxLength ?? Infinity;
  const maxSize = c.maxSize ?? Infinity;
  const keys = new Set<string>();
  for (const seq of sequences) {
    const subsets = seq.map((s) => nonEmptySubsets([...s.items]).filter((x) => x.length <= maxSize));
    const grow = (from: number, acc: string[][]): void => {
      if (acc.length) keys.add(keyOf(acc));
      if (acc.length >= maxLength) return;
      for (let i = from; i < seq.length; i++) for (const x of subsets[i]!) grow(i + 1, [...acc, x]);
    };
    grow(0, []);
  }
  return keys;
}

/** Every frequent pattern with its support (key -> support), by exhaustive enumeration. */
export function bruteForceFrequent(sequences: readonly PlainSequence[], minSupport: number, c: Constraints): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of candidates(sequences, c)) {
    const s = supportOf(sequences, fromKey(k), c);
    if (s >= minSupport) out.set(k, s);
  }
  return out;
}

/** P is a subsequence of Q: itemsets of P map, in order, into distinct itemsets of Q as subsets. */
export function isSubPattern(p: Pattern, q: Pattern): boolean {
  let j = 0;
  for (const x of p) {
    while (j < q.length && !x.every((i) => q[j]!.includes(i))) j++;
    if (j === q.length) return false;
    j++;
  }
  return true;
}

/** Closed (no proper super-pattern in the set with the same support) and maximal (none at all) patterns, pairwise. */
export function bruteForceClosedMaximal(frequent: Map<string, number>): { closed: Set<string>; maximal: Set<string> } {
  const all = [...frequent.entries()].map(([k, s]) => ({ k, s, p: fromKey(k) }));
  const closed = new Set<string>();
  const maximal = new Set<string>();
  for (const a of all) {
    let hasSuper = false;
    let sameSupport = false;
    for (const b of all) {
      if (a.k === b.k || !isSubPattern(a.p, b.p)) continue;
      hasSuper = true;
      if (b.s === a.s) sameSupport = true;
    }
    if (!sameSupport) closed.add(a.k);
    if (!hasSuper) maximal.add(a.k);
  }
  return { closed, maximal };
}

/** Earliest last-itemset day over all valid embeddings, or null (exhaustive). */
export function earliestCompletion(seq: PlainSequence, pattern: Pattern, c: Constraints): number | null {
  let best: number | null = null;
  for (let i = 0; i < seq.length; i++) {
    // the embeddings ending at itemset i: the pattern's last itemset there, the rest before
    const prefix = seq.slice(0, i + 1);
    const last = seq[i]!;
    if (!pattern[pattern.length - 1]!.every((x) => last.items.has(x))) continue;
    if (containsEndingAt(prefix, pattern, c)) {
      best = last.day;
      break;
    }
  }
  return best;
}

function containsEndingAt(prefix: PlainSequence, pattern: Pattern, c: Constraints): boolean {
  // a valid embedding whose last itemset is the last itemset of `prefix`
  const k = pattern.length;
  const lastIndex = prefix.length - 1;
  const minGap = c.minGap ?? 0;
  const maxGap = c.maxGap ?? Infinity;
  const maxWindow = c.maxWindow ?? Infinity;
  const chosen: number[] = [];
  const search = (j: number, from: number): boolean => {
    if (j === k) return chosen[k - 1] === lastIndex && prefix[chosen[k - 1]!]!.day - prefix[chosen[0]!]!.day <= maxWindow;
    for (let i = from; i < prefix.length; i++) {
      if (j === k - 1 && i !== lastIndex) continue;
      if (!pattern[j]!.every((x) => prefix[i]!.items.has(x))) continue;
      if (j > 0) {
        const gap = prefix[i]!.day - prefix[chosen[j - 1]!]!.day;
        if (gap < minGap || gap > maxGap) continue;
      }
      chosen.push(i);
      const ok = search(j + 1, i + 1);
      chosen.pop();
      if (ok) return true;
    }
    return false;
  };
  return search(0, 0);
}
