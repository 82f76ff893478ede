/**
 * Frequent sequential patterns with SPADE semantics and the cSPADE
 * constraints, mined depth-first on vertical id-lists.
 *
 * A pattern is a sequence of itemsets; its support is the number of
 * sequences (patients) that contain it, each counted once; a sequence
 * contains it when ANY one embedding satisfies every constraint (options and
 * definitions in models/patterns/mining-options.ts and docs/patterns.md).
 *
 * Algorithm. SPADE's vertical representation (Zaki, "SPADE: an efficient
 * algorithm for mining frequent sequences", Machine Learning 42 (2001)
 * 31-60) with cSPADE's constrained id-lists (Zaki, "Sequence mining in
 * categorical domains: incorporating constraints", CIKM 2000), searched
 * depth-first with one-item extensions as SPAM / PrefixSpan's pattern growth
 * do (Ayres et al., KDD 2002; Pei et al., IEEE TKDE 16 (2004) 1424-1440):
 *
 * - The id-list of a pattern P holds, for every sequence that contains P, ALL
 *   the itemsets where a valid embedding of P ends, and, when a window is
 *   set, for each such end the latest start day of the valid embeddings
 *   ending there. The earliest end alone is not enough once gaps are bounded:
 *   with maxGap an embedding ending later may be the only one close enough to
 *   the next itemset. Keeping the latest start per end is exact: whether an
 *   extension of an embedding is valid depends only on its end (the gaps) and
 *   its start (the window), and the latest start is the best one.
 * - Sequence extension P -> P + {x} (a new itemset): the positions g after
 *   an end e of P with minGap <= day(g) - day(e) <= maxGap and
 *   day(g) - start(e) <= maxWindow, whose itemset holds x.
 * - Itemset extension P -> P with x added to its last itemset (x after the
 *   last item in code order): the ends of P whose itemset holds x; the
 *   embedding is otherwise unchanged, so its start is too.
 * - Each node makes one counting pass over its id-list (support and entry
 *   counts of every candidate extension, each sequence counted once), then
 *   one pass that fills the id-lists of the frequent extensions only, then
 *   recurses into them. Items below the minimum support are removed first
 *   (no pattern holding one can be frequent).
 *
 * Used for every constraint set; without maxGap and maxWindow the bitmap
 * engine (models/patterns/spam.ts) is faster and gives the same patterns.
 *
 * Time is proportional to the summed sizes of the projected sequences of the
 * frequent patterns (as PrefixSpan's pseudo-projection); memory is the
 * database plus the id-lists on the current search path and their siblings,
 * all Int32Array (4 bytes per end, 4 more per start with a window).
 * Hand-written (not a port): no maintained npm library mines constrained
 * sequential patterns; speed needs the typed-array layout.
 */
import type { MiningControl } from './mining-options.js';
import type { CompactDatabase, PatternSink } from './compact-database.js';

/** Id-list of a pattern (file header). */
interface IdList {
  /** Sequences containing the pattern (ascending). */
  sids: Int32Array;
  /** Length sids.length + 1: entries of each sequence. */
  off: Int32Array;
  /** Itemset index (into the compact database) of each end. */
  ends: Int32Array;
  /** Latest start day per end; null without a window constraint. */
  starts: Int32Array | null;
}

/**
 * Mines the frequent patterns of a compact database on id-lists (file
 * header), reporting each to `sink` (models/patterns/mine-frequent-sequences.ts
 * validates the options and sorts the result).
 */
export function mineIdLists(cdb: CompactDatabase, control: MiningControl, minSup: number, sink: PatternSink): void {
  const F = cdb.original.length;
  const nSeq = cdb.nSeq;
  if (F === 0) return;
  const { sequenceStart, day, setStart, items } = cdb;
  const window = control.maxWindow !== Infinity;
  const gapped = control.maxGap !== Infinity;
  const minGap = Math.max(control.minGap, 1); // consecutive itemsets lie on different days
  const { maxGap, maxWindow, maxLength, maxSize } = control;

  // Scratch shared by every node (a node is done with it before its children run).
  const countS = new Int32Array(F);
  const entS = new Int32Array(F);
  const countI = new Int32Array(F);
  const entI = new Int32Array(F);
  const stampS = new Float64Array(F).fill(-1);
  const stampI = new Float64Array(F).fill(-1);
  let tick = 0;
  const nSets = day.length;
  const eligG = new Int32Array(nSets);
  const eligStart = window ? new Int32Array(nSets) : null;
  const eligOff = new Int32Array(nSeq + 1);

  // The pattern on the search path.
  const stackItem = sink.items;

  /**
   * Eligible positions for sequence extensions of the id-list entries a..b-1
   * of sequence s, written to eligG/eligStart from `w`; returns the new `w`.
   */
  const eligible = (L: IdList, a: number, b: number, s: number, w: number): number => {
    const E = sequenceStart[s + 1]!;
    const ends = L.ends;
    const first = ends[a]!;
    if (!gapped && !window) {
      // Only the earliest end matters: every later position far enough from it qualifies.
      const d0 = day[first]! + minGap;
      let g = first + 1;
      while (g < E && day[g]! < d0) g++;
      for (; g < E; g++) eligG[w++] = g;
      return w;
    }
    const starts = L.starts;
    let latestStart = -Infinity;
    if (starts) for (let j = a; j < b; j++) if (starts[j]! > latestStart) latestStart = starts[j]!;
    let lo = a;
    let hi = a;
    let prefixBest = -Infinity; // without maxGap lo stays at a: the best start of ends a..hi-1
    for (let g = first + 1; g < E; g++) {
      const dg = day[g]!;
      if (window && dg - latestStart > maxWindow) break; // no embedding can stretch this far
      while (hi < b && dg - day[ends[hi]!]! >= minGap) {
        if (starts && starts[hi]! > prefixBest) prefixBest = starts[hi]!;
        hi++;
      }
      while (lo < hi && dg - day[ends[lo]!]! > maxGap) lo++;
      if (lo === hi) {
        if (hi === b) break; // every end is now too far back
        continue;
      }
      if (starts) {
        let best = prefixBest;
        if (gapped) {
          best = -Infinity;
          for (let j = lo; j < hi; j++) if (starts[j]! > best) best = starts[j]!;
        }
        if (dg - best > maxWindow) continue;
        eligStart![w] = best;
      }
      eligG[w++] = g;
    }
    return w;
  };

  /** Grows the pattern on the stack, whose id-list is L (support = L.sids.length). */
  const expand = (L: IdList, length: number, lastSize: number): void => {
    const lastItem = stackItem[stackItem.length - 1]!;
    const canS = length < maxLength;
    const canI = lastSize < maxSize && lastItem < F - 1;
    if (!canS && !canI) return;
    const m = L.sids.length;

    // Pass 1: support and entry counts of every candidate extension.
    let w = 0;
    for (let k = 0; k < m; k++) {
      const s = L.sids[k]!;
      const a = L.off[k]!;
      const b = L.off[k + 1]!;
      tick++;
      if (canI) {
        for (let j = a; j < b; j++) {
          const g = L.ends[j]!;
          for (let q = setStart[g + 1]! - 1; q >= setStart[g]!; q--) {
            const c = items[q]!;
            if (c <= lastItem) break;
            entI[c]!++;
            if (stampI[c] !== tick) {
              stampI[c] = tick;
              countI[c]!++;
            }
          }
        }
      }
      eligOff[k] = w;
      if (canS) {
        const w1 = eligible(L, a, b, s, w);
        for (let e = w; e < w1; e++) {
          const g = eligG[e]!;
          for (let q = setStart[g]!; q < setStart[g + 1]!; q++) {
            const c = items[q]!;
            entS[c]!++;
            if (stampS[c] !== tick) {
              stampS[c] = tick;
              countS[c]!++;
            }
          }
        }
        w = w1;
      }
    }
    eligOff[m] = w;

    // Allocate the id-lists of the frequent extensions.
    const childI: (IdList | null)[] = new Array<IdList | null>(F).fill(null);
    const childS: (IdList | null)[] = new Array<IdList | null>(F).fill(null);
    const alloc = (count: number, entries: number): IdList => ({
      sids: new Int32Array(count),
      off: new Int32Array(count + 1),
      ends: new Int32Array(entries),
      starts: window ? new Int32Array(entries) : null,
    });
    let anyI = false;
    let anyS = false;
    for (let c = 0; c < F; c++) {
      if (countI[c]! >= minSup) {
        childI[c] = alloc(countI[c]!, entI[c]!);
        anyI = true;
      }
      if (countS[c]! >= minSup) {
        childS[c] = alloc(countS[c]!, entS[c]!);
        anyS = true;
      }
    }
    // Write cursors: countX now counts sequences written, entX entries written.
    countI.fill(0);
    entI.fill(0);
    countS.fill(0);
    entS.fill(0);

    // Pass 2: fill them.
    if (anyI || anyS) {
      for (let k = 0; k < m; k++) {
        const s = L.sids[k]!;
        tick++;
        if (anyI) {
          for (let j = L.off[k]!; j < L.off[k + 1]!; j++) {
            const g = L.ends[j]!;
            for (let q = setStart[g + 1]! - 1; q >= setStart[g]!; q--) {
              const c = items[q]!;
              if (c <= lastItem) break;
              const child = childI[c];
              if (!child) continue;
              if (stampI[c] !== tick) {
                stampI[c] = tick;
                child.sids[countI[c]!] = s;
                child.off[countI[c]!] = entI[c]!;
                countI[c]!++;
              }
              child.ends[entI[c]!] = g;
              if (child.starts) child.starts[entI[c]!] = L.starts![j]!;
              entI[c]!++;
            }
          }
        }
        if (anyS) {
          for (let e = eligOff[k]!; e < eligOff[k + 1]!; e++) {
            const g = eligG[e]!;
            for (let q = setStart[g]!; q < setStart[g + 1]!; q++) {
              const c = items[q]!;
              const child = childS[c];
              if (!child) continue;
              if (stampS[c] !== tick) {
                stampS[c] = tick;
                child.sids[countS[c]!] = s;
                child.off[countS[c]!] = entS[c]!;
                countS[c]!++;
              }
              child.ends[entS[c]!] = g;
              if (child.starts) child.starts[entS[c]!] = eligStart![e]!;
              entS[c]!++;
            }
          }
        }
      }
      for (let c = 0; c < F; c++) {
        const ci = childI[c];
        if (ci) ci.off[ci.sids.length] = ci.ends.length;
        const cs = childS[c];
        if (cs) cs.off[cs.sids.length] = cs.ends.length;
      }
    }
    countI.fill(0);
    entI.fill(0);
    countS.fill(0);
    entS.fill(0);

    // Recurse (the scratch arrays are free again).
    for (let c = 0; c < F; c++) {
      const ci = childI[c];
      if (!ci) continue;
      childI[c] = null;
      sink.push(c, false);
      sink.emit(ci.sids);
      expand(ci, length, lastSize + 1);
      sink.pop();
    }
    for (let c = 0; c < F; c++) {
      const cs = childS[c];
      if (!cs) continue;
      childS[c] = null;
      sink.push(c, true);
      sink.emit(cs.sids);
      expand(cs, length + 1, 1);
      sink.pop();
    }
  };

  // The 1-item patterns: every itemset holding the item ends a valid embedding, started on its own day.
  const support1 = new Int32Array(F);
  const entries1 = new Int32Array(F);
  const stamp1 = new Int32Array(F).fill(-1);
  for (let s = 0; s < nSeq; s++) {
    for (let q = setStart[sequenceStart[s]!]!; q < setStart[sequenceStart[s + 1]!]!; q++) {
      const c = items[q]!;
      entries1[c]!++;
      if (stamp1[c] !== s) {
        stamp1[c] = s;
        support1[c]!++;
      }
    }
  }
  const roots: (IdList | null)[] = [];
  for (let c = 0; c < F; c++) roots.push({ sids: new Int32Array(support1[c]!), off: new Int32Array(support1[c]! + 1), ends: new Int32Array(entries1[c]!), starts: window ? new Int32Array(entries1[c]!) : null });
  const rootK = new Int32Array(F);
  const rootE = new Int32Array(F);
  stamp1.fill(-1);
  for (let s = 0; s < nSeq; s++) {
    for (let g = sequenceStart[s]!; g < sequenceStart[s + 1]!; g++) {
      for (let q = setStart[g]!; q < setStart[g + 1]!; q++) {
        const c = items[q]!;
        const L = roots[c]!;
        if (stamp1[c] !== s) {
          stamp1[c] = s;
          L.sids[rootK[c]!] = s;
          L.off[rootK[c]!] = rootE[c]!;
          rootK[c]!++;
        }
        L.ends[rootE[c]!] = g;
        if (L.starts) L.starts[rootE[c]!] = day[g]!;
        rootE[c]!++;
      }
    }
  }
  for (let c = 0; c < F; c++) {
    const L = roots[c]!;
    roots[c] = null; // release each subtree's root once it is mined
    L.off[L.sids.length] = L.ends.length;
    sink.push(c, true);
    sink.emit(L.sids);
    expand(L, 1, 1);
    sink.pop();
  }
}
