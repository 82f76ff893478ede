/**
 * The first step of both mining engines (models/patterns/cspade.ts,
 * models/patterns/spam.ts): the database restricted to the items that reach
 * the minimum support on their own (no pattern holding another item can be
 * frequent: every embedding of the pattern holds the item), with the item
 * codes renumbered 0..F-1 in the same order and emptied itemsets dropped
 * (gaps and windows are measured in days, so dropping them changes nothing).
 * Also the sink that turns the engines' search path into patterns.
 */
import { ModelError } from '../../util/errors.js';
import type { SequenceDatabase } from './sequence-database.js';

/** A sequence database restricted to its frequent items (file header). */
export interface CompactDatabase {
  /** Number of sequences (all of them, also those left empty). */
  nSeq: number;
  sequenceStart: Int32Array;
  day: Int32Array;
  setStart: Int32Array;
  items: Int32Array;
  /** Original code of each compact code. */
  original: Int32Array;
  /** Most itemsets in one sequence. */
  longest: number;
}

/**
 * The database restricted to the items supported by at least `minSupport` sequences.
 * @example compactDatabase(db, 2).original // => codes of the items in two or more sequences
 */
export function compactDatabase(db: SequenceDatabase, minSupport: number): CompactDatabase {
  const A = db.alphabet.length;
  const support = new Int32Array(A);
  const stamp = new Int32Array(A).fill(-1);
  const nSeq = db.ids.length;
  for (let s = 0; s < nSeq; s++) {
    for (let k = db.itemsetStart[db.sequenceStart[s]!]!; k < db.itemsetStart[db.sequenceStart[s + 1]!]!; k++) {
      const c = db.items[k]!;
      if (stamp[c] !== s) {
        stamp[c] = s;
        support[c]!++;
      }
    }
  }
  const newCode = new Int32Array(A).fill(-1);
  const original: number[] = [];
  for (let c = 0; c < A; c++) if (support[c]! >= minSupport) newCode[c] = original.push(c) - 1;
  if (original.length === A) {
    // Every item is frequent: the database is its own compact form (shared, never written).
    let longest = 0;
    for (let s = 0; s < nSeq; s++) longest = Math.max(longest, db.sequenceStart[s + 1]! - db.sequenceStart[s]!);
    return { nSeq, sequenceStart: db.sequenceStart, day: db.itemsetDay, setStart: db.itemsetStart, items: db.items, original: Int32Array.from(original), longest };
  }
  const sequenceStart = new Int32Array(nSeq + 1);
  const day = new Int32Array(db.itemsetDay.length);
  const setStart = new Int32Array(db.itemsetDay.length + 1);
  const items = new Int32Array(db.items.length);
  let g2 = 0;
  let k2 = 0;
  let longest = 0;
  for (let s = 0; s < nSeq; s++) {
    sequenceStart[s] = g2;
    for (let g = db.sequenceStart[s]!; g < db.sequenceStart[s + 1]!; g++) {
      const k0 = k2;
      for (let k = db.itemsetStart[g]!; k < db.itemsetStart[g + 1]!; k++) {
        const c = newCode[db.items[k]!]!;
        if (c >= 0) items[k2++] = c;
      }
      if (k2 > k0) {
        setStart[g2] = k0;
        day[g2] = db.itemsetDay[g]!;
        g2++;
      }
    }
    longest = Math.max(longest, g2 - sequenceStart[s]!);
  }
  sequenceStart[nSeq] = g2;
  setStart[g2] = k2;
  return { nSeq, sequenceStart, day: day.slice(0, g2), setStart: setStart.slice(0, g2 + 1), items: items.slice(0, k2), original: Int32Array.from(original), longest };
}

/** A frequent pattern: itemsets of item codes (ascending within each) and its support. */
export interface FrequentPattern {
  readonly itemsets: readonly (readonly number[])[];
  /** Number of sequences containing the pattern. */
  readonly support: number;
  /** Sequences containing the pattern in each group, when groups were given to the miner. */
  readonly groupSupport?: Int32Array;
}

/** A grouping of the sequences: group index (0..count-1) of each sequence. */
export interface SequenceGroups {
  readonly of: Int32Array;
  readonly count: number;
}

/**
 * Collects the patterns an engine finds. The engines keep the pattern on
 * their search path as compact item codes with, for each, whether it opens a
 * new itemset; `emit` copies it out in original codes.
 */
export class PatternSink {
  readonly patterns: FrequentPattern[] = [];
  readonly items: number[] = [];
  readonly opens: boolean[] = [];
  constructor(
    private readonly original: Int32Array,
    private readonly maxPatterns: number,
    private readonly groups?: SequenceGroups,
  ) {}

  push(item: number, opensItemset: boolean): void {
    this.items.push(item);
    this.opens.push(opensItemset);
  }

  pop(): void {
    this.items.pop();
    this.opens.pop();
  }

  /**
   * Records the pattern on the path, supported by the sequences `sids`
   * (counted per group when groups were given).
   * @throws ModelError past maxPatterns.
   */
  emit(sids: Int32Array): void {
    const support = sids.length;
    if (this.patterns.length >= this.maxPatterns) {
      throw new ModelError(`more than ${this.maxPatterns} frequent patterns: raise the minimum support or lower maxLength / maxSize`);
    }
    const itemsets: number[][] = [];
    for (let i = 0; i < this.items.length; i++) {
      if (this.opens[i]) itemsets.push([]);
      (itemsets[itemsets.length - 1] as number[]).push(this.original[this.items[i]!]!);
    }
    if (!this.groups) {
      this.patterns.push({ itemsets, support });
      return;
    }
    const groupSupport = new Int32Array(this.groups.count);
    for (let k = 0; k < support; k++) groupSupport[this.groups.of[sids[k]!]!]!++;
    this.patterns.push({ itemsets, support, groupSupport });
  }
}
