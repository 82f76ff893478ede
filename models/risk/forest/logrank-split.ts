/**
 * Best log-rank split of one node over a set of candidate covariates: the
 * numeric core of the survival tree. For a split into a left group L and the
 * rest, with node event times t_k, at-risk counts Y_k, deaths d_k and the
 * left group's Y_Lk, d_Lk, the statistic is U^2 / V with
 *   U = sum_k (d_Lk - Y_Lk d_k / Y_k),
 *   V = sum_k (Y_Lk / Y_k)(1 - Y_Lk / Y_k) d_k (Y_k - d_k) / (Y_k - 1)
 * (the two-sample log-rank test, LeBlanc & Crowley 1993; ranger's `logrank`
 * rule maximises |U| / sqrt(V), the same ordering).
 *
 * Every split point of a covariate is scored in one sweep over the node's
 * samples sorted by that covariate, moving one sample at a time into L. U
 * changes by `status_i - H(t_i)` (H = the node's Nelson-Aalen hazard); V is
 * quadratic in Y_Lk, and its update needs sum_{k < r_i} b_k Y_Lk, kept exact
 * with two Fenwick trees over the node's event-time index. The sweep is
 * O(m log m) for m samples, where ranger's is O(m x distinct values).
 */

/** Reusable work arrays of the split search (sized for the training set). */
export interface SplitWorkspace {
  /** Packed sort keys, one per sample. */
  keys: Float64Array;
  /** Per local sample: number of node event times <= its time. */
  rLocal: Int32Array;
  /** Prefix sums over node event times (length K + 1). */
  hPrefix: Float64Array;
  aPrefix: Float64Array;
  bPrefix: Float64Array;
  /** Fenwick trees (1-based, length K + 2). */
  fenCount: Float64Array;
  fenB: Float64Array;
  /** Node event times: global event index and cumulative hazard after each. */
  nodeEventGlobal: Int32Array;
  nodeEventChf: Float64Array;
  /** Sorted x values of the current candidate covariate. */
  xs: Float64Array;
  /** Covariate permutation for drawing mtry candidates. */
  vars: Int32Array;
  /** Chosen split values (nSplit mode). */
  chosen: Float64Array;
}

/** Allocate the work arrays for `n` samples and `p` covariates. */
export function splitWorkspace(n: number, p: number, nSplit: number): SplitWorkspace {
  return {
    keys: new Float64Array(n),
    rLocal: new Int32Array(n),
    hPrefix: new Float64Array(n + 1),
    aPrefix: new Float64Array(n + 1),
    bPrefix: new Float64Array(n + 1),
    fenCount: new Float64Array(n + 2),
    fenB: new Float64Array(n + 2),
    nodeEventGlobal: new Int32Array(n),
    nodeEventChf: new Float64Array(n),
    xs: new Float64Array(n),
    vars: Int32Array.from({ length: p }, (_, j) => j),
    chosen: new Float64Array(Math.max(1, nSplit)),
  };
}

/** Largest node size for which sort keys pack (rank * 2^21 + position) exactly. */
export const PACK = 2097152;

/** The training data as seen by the tree grower. */
export interface TreeData {
  x: readonly Float64Array[];
  status: Uint8Array;
  /** Dense rank of each row's time among all distinct times. */
  timeRank: Int32Array;
  /** Dense rank of each row's value, per covariate. */
  xRank: readonly Int32Array[];
  /** For an event row, the index of its time in the training event times. */
  eventIndex: Int32Array;
}

/**
 * Sort local positions 0..m-1 by `rank[samples[start + k]]` (ties by position)
 * into `keys` as packed numbers; read position k by `keys[q] % PACK`.
 */
export function sortByRank(ws: SplitWorkspace, samples: Int32Array, start: number, m: number, rank: Int32Array): Float64Array {
  const keys = ws.keys.subarray(0, m);
  for (let k = 0; k < m; k++) keys[k] = rank[samples[start + k]!]! * PACK + k;
  keys.sort();
  return keys;
}

/**
 * Node event structure: sorts the node by time, fills `rLocal`, the prefix
 * sums H, A, B and the node's Nelson-Aalen jumps. Returns the number K of
 * distinct event times in the node.
 */
export function nodeEvents(ws: SplitWorkspace, d: TreeData, samples: Int32Array, start: number, m: number): number {
  const keys = sortByRank(ws, samples, start, m, d.timeRank);
  const { rLocal, hPrefix, aPrefix, bPrefix, nodeEventGlobal, nodeEventChf } = ws;
  let K = 0;
  let before = 0;
  let cum = 0;
  hPrefix[0] = 0;
  aPrefix[0] = 0;
  bPrefix[0] = 0;
  let q = 0;
  while (q < m) {
    const k0 = keys[q]! % PACK;
    const tr = d.timeRank[samples[start + k0]!]!;
    let e = q;
    let deaths = 0;
    let g = -1;
    while (e < m) {
      const kk = keys[e]! % PACK;
      const row = samples[start + kk]!;
      if (d.timeRank[row] !== tr) break;
      if (d.status[row] === 1) {
        deaths++;
        g = d.eventIndex[row]!;
      }
      e++;
    }
    if (deaths > 0) {
      const y = m - before;
      const c = y > 1 ? (deaths * (y - deaths)) / (y - 1) : 0;
      hPrefix[K + 1] = hPrefix[K]! + deaths / y;
      aPrefix[K + 1] = aPrefix[K]! + c / y;
      bPrefix[K + 1] = bPrefix[K]! + c / (y * y);
      cum += deaths / y;
      nodeEventGlobal[K] = g;
      nodeEventChf[K] = cum;
      K++;
    }
    for (let r = q; r < e; r++) rLocal[keys[r]! % PACK] = K;
    before += e - q;
    q = e;
  }
  return K;
}

/** Best split found: covariate, value and statistic (U^2 / V); var = -1 when none. */
export interface SplitChoice {
  var: number;
  value: number;
  stat: number;
}

/**
 * Search the best log-rank split of the node over `mtry` covariates drawn at
 * random (after {@link nodeEvents} filled the workspace for this node).
 */
export function bestLogRankSplit(
  ws: SplitWorkspace,
  d: TreeData,
  samples: Int32Array,
  start: number,
  m: number,
  K: number,
  mtry: number,
  minNodeSize: number,
  nSplit: number,
  rand: () => number,
): SplitChoice {
  const best: SplitChoice = { var: -1, value: 0, stat: 0 };
  const { vars, rLocal, hPrefix, aPrefix, bPrefix, fenCount, fenB, xs, chosen } = ws;
  const p = vars.length;
  const size = K + 1;
  for (let c = 0; c < mtry; c++) {
    const pick = c + Math.min(p - c - 1, Math.floor(rand() * (p - c)));
    const j = vars[pick]!;
    vars[pick] = vars[c]!;
    vars[c] = j;
    const xj = d.x[j]!;
    const keys = sortByRank(ws, samples, start, m, d.xRank[j]!);
    for (let q = 0; q < m; q++) xs[q] = xj[samples[start + (keys[q]! % PACK)]!]!;
    if (xs[0] === xs[m - 1]) continue;
    let nChosen = 0;
    if (nSplit > 0) {
      for (let s = 0; s < nSplit; s++) chosen[s] = xs[Math.min(m - 1, Math.floor(rand() * m))]!;
      nChosen = nSplit;
      chosen.subarray(0, nChosen).sort();
    }
    fenCount.fill(0, 0, size + 1);
    fenB.fill(0, 0, size + 1);
    let u = 0;
    let lin = 0;
    let quad = 0;
    let cp = 0;
    const last = m - minNodeSize;
    for (let q = 0; q < last; q++) {
      const k = keys[q]! % PACK;
      const r = rLocal[k]!;
      const row = samples[start + k]!;
      // prefix query over indices < r (Fenwick, 1-based positions 1..r)
      let cnt = 0;
      let sb = 0;
      for (let i = r; i > 0; i -= i & -i) {
        cnt += fenCount[i]!;
        sb += fenB[i]!;
      }
      const br = bPrefix[r]!;
      const sPrev = br * (q - cnt) + sb;
      quad += 2 * sPrev + br;
      lin += aPrefix[r]!;
      u += d.status[row]! - hPrefix[r]!;
      for (let i = r + 1; i <= size; i += i & -i) {
        fenCount[i]! += 1;
        fenB[i]! += br;
      }
      const nLeft = q + 1;
      if (nLeft < minNodeSize) continue;
      const xv = xs[q]!;
      if (xv === xs[q + 1]) continue;
      if (nChosen > 0) {
        while (cp < nChosen && chosen[cp]! < xv) cp++;
        if (cp >= nChosen || chosen[cp] !== xv) continue;
      }
      const v = lin - quad;
      if (v <= 1e-12) continue;
      const stat = (u * u) / v;
      if (stat > best.stat) {
        best.stat = stat;
        best.var = j;
        const mid = (xv + xs[q + 1]!) / 2;
        best.value = mid < xs[q + 1]! ? mid : xv;
      }
    }
  }
  return best;
}
