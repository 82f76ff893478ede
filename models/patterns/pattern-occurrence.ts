/**
 * Where one given pattern occurs: for each sequence, the earliest day on
 * which a valid embedding of the pattern completes (its last itemset's day),
 * or null when the sequence does not contain it under the constraints.
 * The day a pattern completes is the day from which it may enter a model as
 * a time-dependent covariate (counting-process rows split there, never a
 * baseline covariate known only later: docs/patterns.md); counting the
 * non-null days gives the pattern's support.
 *
 * Method: the id-list propagation of models/patterns/cspade.ts for a single
 * pattern: the ends of valid embeddings of its first j itemsets, each with
 * the latest start, extended itemset by itemset (gaps and window checked
 * against every earlier end). O(L^2) per itemset for a sequence of L itemsets.
 */
import { UsageError } from '../../util/errors.js';
import { miningControl } from './mining-options.js';
import type { SequenceDatabase } from './sequence-database.js';

/** Gap and window constraints in days (defaults: none; see models/patterns/mining-options.ts). */
export interface OccurrenceConstraints {
  minGap?: number;
  maxGap?: number;
  maxWindow?: number;
}

/**
 * Earliest completion day of `pattern` (item labels) in every sequence of `db`.
 * @throws UsageError on an empty pattern or itemset, or invalid constraints.
 * @example patternCompletionDays(db, [['dmt'], ['relapse']], { maxGap: 365 }) // => [100, null, ...]
 */
export function patternCompletionDays(db: SequenceDatabase, pattern: readonly (readonly string[])[], constraints: OccurrenceConstraints = {}): (number | null)[] {
  const control = miningControl({ minSupport: { count: 1 }, ...constraints });
  const minGap = Math.max(control.minGap, 1);
  if (pattern.length === 0 || pattern.some((s) => s.length === 0)) throw new UsageError('a pattern needs at least one item in every itemset');
  const codeOf = new Map(db.alphabet.map((l, c) => [l, c]));
  const coded = pattern.map((s) => s.map((l) => codeOf.get(l) ?? -1));
  const out: (number | null)[] = new Array<number | null>(db.ids.length).fill(null);
  if (coded.some((s) => s.includes(-1))) return out; // an item never recorded
  const holds = (g: number, set: readonly number[]): boolean => {
    const a = db.itemsetStart[g]!;
    const b = db.itemsetStart[g + 1]!;
    return set.every((c) => {
      for (let k = a; k < b; k++) if (db.items[k] === c) return true;
      return false;
    });
  };
  for (let s = 0; s < db.ids.length; s++) {
    const g0 = db.sequenceStart[s]!;
    const g1 = db.sequenceStart[s + 1]!;
    let ends: number[] = [];
    let starts: number[] = [];
    for (let g = g0; g < g1; g++) {
      if (holds(g, coded[0]!)) {
        ends.push(g);
        starts.push(db.itemsetDay[g]!);
      }
    }
    for (let j = 1; j < coded.length && ends.length; j++) {
      const nextEnds: number[] = [];
      const nextStarts: number[] = [];
      for (let g = ends[0]! + 1; g < g1; g++) {
        if (!holds(g, coded[j]!)) continue;
        const dg = db.itemsetDay[g]!;
        let best = -Infinity;
        for (let k = 0; k < ends.length && ends[k]! < g; k++) {
          const gap = dg - db.itemsetDay[ends[k]!]!;
          if (gap < minGap || gap > control.maxGap || dg - starts[k]! > control.maxWindow) continue;
          if (starts[k]! > best) best = starts[k]!;
        }
        if (best > -Infinity) {
          nextEnds.push(g);
          nextStarts.push(best);
        }
      }
      ends = nextEnds;
      starts = nextStarts;
    }
    if (ends.length) out[s] = db.itemsetDay[ends[0]!]!;
  }
  return out;
}
