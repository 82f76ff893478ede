/**
 * Grow one survival tree on a bootstrap sample by recursive log-rank
 * splitting ({@link bestLogRankSplit}), appending its nodes and leaves to a
 * flat {@link ForestBuilder}. A node is terminal when it has fewer than
 * `2 * minNodeSize` samples, reaches `maxDepth`, has no event, or no
 * candidate covariate gives a split with both children of at least
 * `minNodeSize` samples. Each leaf stores the Nelson-Aalen cumulative hazard
 * of its (bootstrap) samples, with jumps at its own event times only (a
 * sparse form of ranger's per-leaf CHF on all training event times), and the
 * number of distinct training rows among its samples (for disclosure checks
 * of exported forests: a leaf of k bootstrap samples holds fewer patients).
 */
import type { SplitWorkspace, TreeData } from './logrank-split.js';
import { bestLogRankSplit, nodeEvents } from './logrank-split.js';

/** Growable flat arrays of a forest under construction. */
export interface ForestBuilder {
  splitVar: number[];
  splitValue: number[];
  left: number[];
  right: number[];
  leafStart: number[];
  jumpTime: number[];
  jumpChf: number[];
  leafMortality: number[];
  /**
   * For each training event time, the number of distinct observed training
   * times (events and censorings) at or after it: the weight of a CHF jump
   * there in the leaf mortality.
   */
  gridTail: Int32Array;
  /** Distinct training rows among each leaf's bootstrap samples. */
  leafPatients: number[];
  /** Scratch: the stamp of the leaf that last counted each training row. */
  seen: Int32Array;
  /** Scratch: the current stamp. */
  stamp: number;
}

/** An empty builder for a forest on `nRows` training rows. */
export function forestBuilder(gridTail: Int32Array, nRows: number): ForestBuilder {
  return { splitVar: [], splitValue: [], left: [], right: [], leafStart: [0], jumpTime: [], jumpChf: [], leafMortality: [], gridTail, leafPatients: [], seen: new Int32Array(nRows), stamp: 0 };
}

/** Tree-growing controls (validated upstream). */
export interface GrowControls {
  mtry: number;
  minNodeSize: number;
  nSplit: number;
  maxDepth: number;
}

function newNode(b: ForestBuilder): number {
  b.splitVar.push(-1);
  b.splitValue.push(0);
  b.left.push(-1);
  b.right.push(-1);
  return b.splitVar.length - 1;
}

function makeLeaf(b: ForestBuilder, ws: SplitWorkspace, node: number, K: number, samples: Int32Array, start: number, end: number): void {
  const leaf = b.leafMortality.length;
  const stamp = ++b.stamp;
  let distinct = 0;
  for (let q = start; q < end; q++) {
    const r = samples[q]!;
    if (b.seen[r] !== stamp) {
      b.seen[r] = stamp;
      distinct++;
    }
  }
  b.leafPatients.push(distinct);
  let mort = 0;
  let prev = 0;
  for (let k = 0; k < K; k++) {
    const g = ws.nodeEventGlobal[k]!;
    const h = ws.nodeEventChf[k]!;
    b.jumpTime.push(g);
    b.jumpChf.push(h);
    mort += (h - prev) * b.gridTail[g]!;
    prev = h;
  }
  b.leafStart.push(b.jumpTime.length);
  b.leafMortality.push(mort);
  b.splitVar[node] = -1;
  b.left[node] = leaf;
  b.right[node] = -1;
}

/**
 * Grow a tree on `samples` (row indices, repeats allowed; reordered in place).
 * @returns the root node index in the builder
 */
export function growTree(b: ForestBuilder, ws: SplitWorkspace, d: TreeData, samples: Int32Array, c: GrowControls, rand: () => number): number {
  const root = newNode(b);
  // stack of (node, start, end, depth)
  const stack: number[] = [root, 0, samples.length, 0];
  while (stack.length) {
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    const node = stack.pop()!;
    const m = end - start;
    const K = nodeEvents(ws, d, samples, start, m);
    if (m < 2 * c.minNodeSize || depth >= c.maxDepth || K === 0) {
      makeLeaf(b, ws, node, K, samples, start, end);
      continue;
    }
    const best = bestLogRankSplit(ws, d, samples, start, m, K, c.mtry, c.minNodeSize, c.nSplit, rand);
    if (best.var < 0) {
      makeLeaf(b, ws, node, K, samples, start, end);
      continue;
    }
    const xj = d.x[best.var]!;
    const value = best.value;
    let lo = start;
    let hi = end - 1;
    while (lo <= hi) {
      if (xj[samples[lo]!]! <= value) lo++;
      else {
        const t = samples[lo]!;
        samples[lo] = samples[hi]!;
        samples[hi] = t;
        hi--;
      }
    }
    const l = newNode(b);
    const r = newNode(b);
    b.splitVar[node] = best.var;
    b.splitValue[node] = value;
    b.left[node] = l;
    b.right[node] = r;
    stack.push(r, lo, end, depth + 1, l, start, lo, depth + 1);
  }
  return root;
}
