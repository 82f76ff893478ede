/**
 * Frequent sequential patterns on per-sequence position bitmaps: SPAM
 * (Ayres, Flannick, Gehrke & Yiu, "Sequential pattern mining using a bitmap
 * representation", KDD 2002), for the constraint sets where only the
 * earliest end of an embedding matters: maxLength, maxSize and minGap, but
 * no maxGap and no maxWindow (models/patterns/cspade.ts handles those).
 *
 * - Each sequence's itemsets are numbered 0..len-1; `occ` holds, for every
 *   (item, sequence), item-major for locality, a bitmap of the positions whose itemset holds the item
 *   (W = ceil(longest sequence / 32) words).
 * - A pattern's state is, for each sequence containing it, the bitmap of the
 *   positions where an embedding ends (all of them: an item added to the last
 *   itemset may match at a later end only).
 * - Sequence extension by item y: the positions after the earliest end that
 *   are at least minGap days later (any later end allows no more: gaps only
 *   have a lower bound), AND the item's bitmap. Itemset extension by y: the
 *   ends AND the item's bitmap. A sequence supports the extension when the
 *   result is not empty.
 * - SPAM's pruning: the sequence-extension candidates of a child are the
 *   frequent sequence extensions of its parent, the itemset-extension
 *   candidates the parent's frequent ones of a later item. It is exact here
 *   because support cannot rise when an item is removed from a pattern
 *   without maxGap (models/patterns/closed-maximal.ts explains why).
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
 * reporting each to `sink`. The caller guarantees maxGap = maxWindow = Infinity.
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

  /** Positions eligible for a sequence extension of each sequence of `st` (into `after`). */
  const computeAfter = (st: State): void => {
    const m = st.sids.length;
    for (let k = 0; k < m; k++) {
      const base = k * W;
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
      dfs(child, sNext, sNext.subarray(i + 1), length + 1, 1);
      sink.pop();
      sStates[i] = EMPTY; // release the subtree's state
    }
  };

  const all = Int32Array.from({ length: F }, (_, c) => c);
  for (let c = 0; c < F; c++) {
    // The 1-item pattern <{c}>: every position holding c is an end.
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
    const root: State = { sids: tmpSids.slice(0, n), bits: tmpBits.slice(0, n * W) };
    sink.push(c, true);
    sink.emit(root.sids);
    dfs(root, all, all.subarray(c + 1), 1, 1);
    sink.pop();
  }
}
