/**
 * Harrell's concordance for right-censored data by a sweep over the
 * predictor: the rows of each stratum are visited in ascending order of the
 * predictor, and two Fenwick trees indexed by *time* hold the weights of the
 * rows already visited (one by their time as risk-set members, one by their
 * time as events). Each row then gets, in one visit, both its counts as an
 * event (risk-set members with a smaller / equal / larger predictor) and its
 * counts as a risk-set member (earlier events with a smaller / equal / larger
 * predictor): the pieces of R's infinitesimal-jackknife influence.
 *
 * It computes the same quantities as the sweep over time
 * ({@link concordanceTimeSweep}), but its trees have one slot per distinct
 * time and tie status (2 × number of distinct times) instead of one per
 * distinct predictor value; with few distinct times (days, months) they stay
 * in the processor cache and every per-row array is read sequentially.
 *
 * Comparable pairs, as R's `concordance()` (survival 3.5-3, `timewt = "n"`):
 * an event at time t against a row of the same stratum with time > t, or
 * censored at t. With time ranks τ, a member's key is `2τ + 1` when censored
 * and `2τ` when an event; an event's key is `2τ + 1`; an event is compared
 * with exactly the members whose key is >= its own.
 *
 * Reference: Therneau T, Atkinson E. "The concordance statistic" (survival
 * vignette); survival 3.5-3 `R/concordance.R`, `src/concordance3.c`.
 */
import type { ConcordanceSums } from './concordance-time-sweep.js';

/** Inputs of {@link concordanceRankSweep}; validated by the caller. */
export interface RankSweepInput {
  /** Row order: stratum ascending, then predictor ascending. */
  order: Int32Array;
  /** Per sorted position: 1 where a new value of the predictor begins (within a stratum). */
  first: Uint8Array;
  /** Sorted positions where each stratum begins; last entry = n. */
  bounds: Int32Array;
  /** Per row (input order): 2·τ + 1 when censored, 2·τ when an event, τ = dense time rank. */
  memberKey: Int32Array;
  /** Number of distinct times. */
  nTimes: number;
  weights: Float64Array | null;
  /** Dense cluster index per row (0-based) and the number of clusters, or null. */
  cluster: { index: Uint32Array; count: number } | null;
}

/** Fenwick (binary indexed) tree of weights over keys 0..K-1. */
function fenwickAdd(tree: Float64Array, key: number, w: number): void {
  const size = tree.length - 1;
  for (let i = key + 1; i <= size; i += i & -i) tree[i] = tree[i]! + w;
}

/** Sum of weights with key < `end`. */
function fenwickPrefix(tree: Float64Array, end: number): number {
  let s = 0;
  for (let i = end; i > 0; i -= i & -i) s += tree[i]!;
  return s;
}

/** Zero the nodes that {@link fenwickAdd} touched for `key`. */
function fenwickClear(tree: Float64Array, key: number): void {
  const size = tree.length - 1;
  for (let i = key + 1; i <= size; i += i & -i) tree[i] = 0;
}

/**
 * Pair counts (reverse = false sense) and the infinitesimal-jackknife
 * variance of Somers' d, by the sweep over the predictor.
 *
 * @param input see {@link RankSweepInput}.
 * @returns counts [concordant, discordant, tied.x, tied.y, tied.xy] and var(d).
 */
export function concordanceRankSweep(input: RankSweepInput): ConcordanceSums {
  const { order, first, bounds, memberKey, nTimes, weights, cluster } = input;
  const n = order.length;
  const K = 2 * nTimes;

  // Gather once in sweep order: every array below is then read sequentially.
  const key = new Int32Array(n);
  for (let q = 0; q < n; q++) key[q] = memberKey[order[q]!]!;
  const w = new Float64Array(n);
  if (weights) for (let q = 0; q < n; q++) w[q] = weights[order[q]!]!;
  else w.fill(1);

  const mTree = new Float64Array(K + 1); // members by member key
  const eTree = new Float64Array(K + 1); // events by event key
  const mLocal = new Float64Array(K + 1); // the same, for one group of equal predictor
  const eLocal = new Float64Array(K + 1);
  const memGe = new Float64Array(K + 1); // members of the stratum with key >= k
  const evLe = new Float64Array(K + 1); // events of the stratum with event key <= k
  const pairT = new Float64Array(K); // event weight per event key seen in this stratum (tied.y)
  const pairG = new Float64Array(K); // the same within one group (tied.xy)
  const infA = new Float64Array(n); // influence: concordant - discordant
  const infB = new Float64Array(n); // influence: comparable pairs
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  let c4 = 0;

  for (let s = 0; s + 1 < bounds.length; s++) {
    const lo = bounds[s]!;
    const hi = bounds[s + 1]!;
    // Stratum totals by key.
    memGe.fill(0);
    evLe.fill(0);
    pairT.fill(0);
    for (let q = lo; q < hi; q++) {
      const k = key[q]!;
      memGe[k] = memGe[k]! + w[q]!;
      if ((k & 1) === 0) evLe[k + 1] = evLe[k + 1]! + w[q]!;
    }
    for (let k = K - 1; k >= 0; k--) memGe[k] = memGe[k]! + memGe[k + 1]!;
    for (let k = 1; k < K; k++) evLe[k] = evLe[k]! + evLe[k - 1]!;
    mTree.fill(0);
    eTree.fill(0);
    let mAdded = 0;

    let g = lo;
    while (g < hi) {
      let ge = g + 1;
      while (ge < hi && first[ge] === 0) ge++;
      const single = ge - g === 1;
      if (!single) {
        for (let q = g; q < ge; q++) {
          const k = key[q]!;
          fenwickAdd(mLocal, k, w[q]!);
          if ((k & 1) === 0) fenwickAdd(eLocal, k + 1, w[q]!);
        }
      }
      let gAdded = 0;
      if (!single) for (let q = g; q < ge; q++) gAdded += w[q]!;
      for (let q = g; q < ge; q++) {
        const k = key[q]!;
        const wq = w[q]!;
        // As a risk-set member: events of smaller (less), equal, larger predictor with event key <= k.
        const dTot = evLe[k]!;
        const dLess = fenwickPrefix(eTree, k + 1);
        const dEq = single ? 0 : fenwickPrefix(eLocal, k + 1);
        let a = 2 * dLess + dEq - dTot;
        let b = dTot;
        if ((k & 1) === 0) {
          // As an event (key k = 2τ): members with key >= k + 1.
          const mTot = memGe[k + 1]!;
          const mLess = mAdded - fenwickPrefix(mTree, k + 1);
          const mEq = single ? 0 : gAdded - fenwickPrefix(mLocal, k + 1);
          const mGreater = mTot - mLess - mEq;
          c0 += wq * mGreater;
          c1 += wq * mLess;
          c2 += wq * mEq;
          a += mGreater - mLess;
          b += mTot;
          const et = k + 1;
          c3 += wq * pairT[et]!;
          pairT[et] = pairT[et]! + wq;
          if (!single) {
            c4 += wq * pairG[et]!;
            pairG[et] = pairG[et]! + wq;
          }
        }
        infA[q] = a;
        infB[q] = b;
      }
      for (let q = g; q < ge; q++) {
        const k = key[q]!;
        fenwickAdd(mTree, k, w[q]!);
        mAdded += w[q]!;
        if ((k & 1) === 0) fenwickAdd(eTree, k + 1, w[q]!);
        if (!single) {
          fenwickClear(mLocal, k);
          if ((k & 1) === 0) fenwickClear(eLocal, k + 1);
          pairG[k | 1] = 0;
        }
      }
      g = ge;
    }
  }
  c3 -= c4;

  const npair = c0 + c1 + c2;
  let varSomer = NaN;
  if (npair > 0) {
    const somer = (c0 - c1) / npair;
    varSomer = 0;
    if (cluster) {
      const sums = new Float64Array(cluster.count);
      for (let q = 0; q < n; q++) {
        const c = cluster.index[order[q]!]!;
        sums[c] = sums[c]! + (w[q]! * (infA[q]! - somer * infB[q]!)) / npair;
      }
      for (let c = 0; c < sums.length; c++) varSomer += sums[c]! * sums[c]!;
    } else {
      for (let q = 0; q < n; q++) {
        const d = (w[q]! * (infA[q]! - somer * infB[q]!)) / npair;
        varSomer += d * d;
      }
    }
  }
  return { counts: [c0, c1, c2, c3, c4], varSomer };
}
