/**
 * Frequent sequential patterns on per-sequence position bitmaps: SPAM
 * (Ayres, Flannick, Gehrke & Yiu, "Sequential pattern mining using a bitmap
 * representation", KDD 2002), for every constraint set without a window:
 * maxLength, maxSize, minGap and maxGap (models/patterns/cspade.ts handles
 * maxWindow, where each end needs the latest start of its embeddings).
 *
 * - Each sequence's itemsets are numbered 0..len-1; `occ` holds, for every
 *   (item, sequence), item-major for locality, a bitmap of the positions
 *   whose itemset holds the item (W = ceil(longest sequence / 32) words).
 * - A pattern's state is, for each sequence containing it, the bitmap of the
 *   positions where a valid embedding ends (all of them: an item added to the
 *   last itemset, or a bounded gap, may need a later end).
 * - Sequence extension by item y: the positions a valid gap away from some
 *   end, AND the item's bitmap. Without maxGap that is every position at
 *   least minGap days after the earliest end; with maxGap, the union over the
 *   ends of the (contiguous, days being increasing) runs of positions
 *   minGap..maxGap days later. Itemset extension by y: the ends AND the item's
 *   bitmap. A sequence supports the extension when the result is not empty.
 * - SPAM's pruning: a child's candidates are its parent's frequent
 *   extensions. It rests on support not rising when an item is removed from
 *   a pattern. Removing an item from an itemset of two or more items never
 *   breaks a valid embedding; removing a whole itemset merges two gaps, which
 *   maxGap may then exceed (models/patterns/closed-maximal.ts). So with
 *   maxGap the sequence-extension candidates below a new itemset {y} are the
 *   items z with <{y}, {z}> frequent (the last two itemsets of a valid
 *   embedding are a valid embedding of that 2-sequence: cSPADE's contiguous
 *   sub-sequence pruning); every other pruning stays.
 * - A candidate's count stops as soon as the remaining sequences cannot
 *   reach the minimum support.
 *
 * Memory: the occ table is nSeq x F x W 32-bit words (F frequent items;
 * 40 MB for 10^5 patients with 50 items and up to 64 itemsets each), plus the
 * states on the search path and their siblings; the facade
 * (models/patterns/mine-frequent-sequences.ts) falls back to id-lists above
 * MAX_BITMAP_WORDS words. Hand-written for speed (no maintained npm library).
 */
import type { CompactDatabase, PatternSink } from './compact-database.js';
import type { MiningControl } from './mining-options.js';

/** Most 32-bit words of the occ table (1 GiB). */
export const MAX_BITMAP_WORDS = 2 ** 28;

/** Words of the occ table for a compact database. */
export function bitmapWords(cdb: CompactDatabase): number {
  return cdb.nSeq * cdb.original.length * Math.max(1, Math.ceil(cdb.longest / 32));
}

/** The sequences holding a pattern and, for each, its end bitmap (W words). */
interface State {
  sids: Int32Array;
  bits: Int32Array;
}

const EMPTY: State = { sids: new Int32Array(0), bits: new Int32Array(0) };

const ctz = (x: number): number => 31 - Math.clz32(x & -x);

/**
 * Mines the frequent patterns of a compact database on bitmaps (file header),
 * reporting each to `sink`. The caller guarantees maxWindow = Infinity.
 */
export function mineBitmaps(cdb: CompactDatabase, control: MiningControl, minSup: number, sink: PatternSink): void {
  const F = cdb.original.length;
  const nSeq = cdb.nSeq;
  if (F === 0) return;
  const { sequenceStart, day, setStart, items } = cdb;
  const W = Math.max(1, Math.ceil(cdb.longest / 32));
  const minGap = Math.max(control.minGap, 1);
  const { maxLength, maxSize } = control;

  const occ = new Int32Array(nSeq * F * W);
  for (let s = 0; s < nSeq; s++) {
    const g0 = sequenceStart[s]!;
    for (let g = g0; g < sequenceStart[s + 1]!; g++) {
      const p = g - g0;
      for (let q = setStart[g]!; q < setStart[g + 1]!; q++) occ[(items[q]! * nSeq + s) * W + (p >> 5)]! |= 1 << (p & 31);
    }
  }

  // Scratch (a node has finished with it before its children run).
  const after = new Int32Array(nSeq * W);
  const tmpSids = new Int32Array(nSeq);
  const tmpBits = new Int32Array(nSeq * W);

  // With maxGap: for each itemset, the run of positions of its sequence a valid gap later (lo > hi: none).
  const gapped = control.maxGap !== Infinity;
  const runLo = gapped ? new Int32Array(day.length) : null;
  const runHi = gapped ? new Int32Array(day.length) : null;
  if (runLo && runHi) {
    for (let s = 0; s < nSeq; s++) {
      const g0 = sequenceStart[s]!;
      const g1 = sequenceStart[s + 1]!;
      let lo = g0;
      let hi = g0;
      for (let g = g0; g < g1; g++) {
        while (lo < g1 && (lo <= g || day[lo]! - day[g]! < minGap)) lo++;
        if (hi < lo) hi = lo;
        while (hi < g1 && day[hi]! - day[g]! <= control.maxGap) hi++;
        runLo[g] = lo - g0;
        runHi[g] = hi - 1 - g0;
      }
    }
  }

  /** Positions eligible for a sequence extension of each sequence of `st` (into `after`). */
  const computeAfter = (st: State): void => {
    const m = st.sids.length;
    for (let k = 0; k < m; k++) {
      const base = k * W;
      if (runLo && runHi) {
        // the union of the runs after every end
        const g0 = sequenceStart[st.sids[k]!]!;
        for (let w = 0; w < W; w++) after[base + w] = 0;
        for (let w = 0; w < W; w++) {
          let x = st.bits[base + w]!;
          while (x !== 0) {
            const p = w * 32 + ctz(x);
            x &= x - 1;
            const lo = runLo[g0 + p]!;
            const hi = runHi[g0 + p]!;
            for (let v = lo >> 5; v <= hi >> 5 && lo <= hi; v++) {
              const a = Math.max(lo - v * 32, 0);
              const b = Math.min(hi - v * 32, 31);
              after[base + v]! |= (b === 31 ? -1 : (1 << (b + 1)) - 1) & (-1 << a);
            }
          }
        }
        continue;
      }
      let p = 0;
      for (let w = 0; w < W; w++) {
        const x = st.bits[base + w]!;
        if (x !== 0) {
          p = w * 32 + ctz(x);
          break;
        }
      }
      let q = p + 1;
      if (minGap > 1) {
        const s = st.sids[k]!;
        const g0 = sequenceStart[s]!;
        const len = sequenceStart[s + 1]! - g0;
        const d = day[g0 + p]! + minGap;
        while (q < len && day[g0 + q]! < d) q++;
      }
      for (let w = 0; w < W; w++) {
        const lo = w * 32;
        after[base + w] = q <= lo ? -1 : q >= lo + 32 ? 0 : -1 << (q - lo);
      }
    }
  };

  /** The extension by `y` of `st` masked by `mask` (`after` or the state's own bits); null when infrequent. */
  const extend = (st: State, mask: Int32Array, y: number): State | null => {
    const m = st.sids.length;
    const sids = st.sids;
    const row = y * nSeq; // occ is item-major: one item's bitmaps lie together, in sequence order
    let n = 0;
    if (W === 1) {
      for (let k = 0; k < m; k++) {
        if (n + (m - k) < minSup) return null;
        const s = sids[k]!;
        const v = mask[k]! & occ[row + s]!;
        if (v !== 0) {
          tmpBits[n] = v;
          tmpSids[n++] = s;
        }
      }
    } else if (W === 2) {
      for (let k = 0; k < m; k++) {
        if (n + (m - k) < minSup) return null;
        const s = sids[k]!;
        const o = (row + s) << 1;
        const v0 = mask[2 * k]! & occ[o]!;
        const v1 = mask[2 * k + 1]! & occ[o + 1]!;
        if ((v0 | v1) !== 0) {
          tmpBits[2 * n] = v0;
          tmpBits[2 * n + 1] = v1;
          tmpSids[n++] = s;
        }
      }
    } else {
      for (let k = 0; k < m; k++) {
        if (n + (m - k) < minSup) return null;
        const s = sids[k]!;
        const o = (row + s) * W;
        const base = k * W;
        const out = n * W;
        let any = 0;
        for (let w = 0; w < W; w++) {
          const v = mask[base + w]! & occ[o + w]!;
          tmpBits[out + w] = v;
          any |= v;
        }
        if (any !== 0) tmpSids[n++] = s;
      }
    }
    if (n < minSup) return null;
    return { sids: tmpSids.slice(0, n), bits: tmpBits.slice(0, n * W) };
  };

  const all = Int32Array.from({ length: F }, (_, c) => c);
  /** With maxGap: the items z with <{y}, {z}> frequent, by y (filled before the search when needed). */
  const followers: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(F);

  const dfs = (st: State, sCand: Int32Array, iCand: Int32Array, length: number, lastSize: number): void => {
    const sItems: number[] = [];
    const sStates: State[] = [];
    if (length < maxLength && sCand.length > 0) {
      computeAfter(st);
      for (const y of sCand) {
        const child = extend(st, after, y);
        if (child) {
          sItems.push(y);
          sStates.push(child);
        }
      }
    }
    const iItems: number[] = [];
    const iStates: State[] = [];
    if (lastSize < maxSize) {
      for (const y of iCand) {
        const child = extend(st, st.bits, y);
        if (child) {
          iItems.push(y);
          iStates.push(child);
        }
      }
    }
    const sNext = Int32Array.from(sItems);
    for (let i = 0; i < iItems.length; i++) {
      const y = iItems[i]!;
      const child = iStates[i]!;
      sink.push(y, false);
      sink.emit(child.sids);
      dfs(child, sNext, Int32Array.from(iItems.slice(i + 1)), length, lastSize + 1);
      sink.pop();
    }
    iStates.length = 0;
    for (let i = 0; i < sItems.length; i++) {
      const y = sItems[i]!;
      const child = sStates[i]!;
      sink.push(y, true);
      sink.emit(child.sids);
      // with maxGap, dropping the new itemset may break an embedding: its sequence extensions are
      // pruned by the frequent 2-sequences <{y}, {z}> only
      dfs(child, gapped ? (followers[y] ?? all) : sNext, sNext.subarray(i + 1), length + 1, 1);
      sink.pop();
      sStates[i] = EMPTY; // release the subtree's state
    }
  };

  /** The 1-item pattern <{c}>: every position holding c is an end. */
  const rootState = (c: number): State => {
    let n = 0;
    for (let s = 0; s < nSeq; s++) {
      const o = (c * nSeq + s) * W;
      let any = 0;
      for (let w = 0; w < W; w++) any |= occ[o + w]!;
      if (any !== 0) {
        tmpSids[n] = s;
        for (let w = 0; w < W; w++) tmpBits[n * W + w] = occ[o + w]!;
        n++;
      }
    }
    return { sids: tmpSids.slice(0, n), bits: tmpBits.slice(0, n * W) };
  };

  if (gapped && maxLength > 2) {
    // With maxGap, <{y}, {z}> must be frequent for any pattern ending in an itemset {y} followed by
    // {z} (the last two itemsets with their gap are a valid embedding of it): the frequent
    // 2-sequences give the sequence-extension candidates below a new itemset {y}.
    for (let c = 0; c < F; c++) {
      const root = rootState(c);
      computeAfter(root);
      const next: number[] = [];
      for (let y = 0; y < F; y++) if (extend(root, after, y)) next.push(y);
      followers[c] = Int32Array.from(next);
    }
  }

  for (let c = 0; c < F; c++) {
    const root = rootState(c);
    sink.push(c, true);
    sink.emit(root.sids);
    dfs(root, all, all.subarray(c + 1), 1, 1);
    sink.pop();
  }
}
