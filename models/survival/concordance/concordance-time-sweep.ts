/**
 * Harrell's concordance by a sweep over time: rows sorted by stratum and
 * time descending, two blocked Fenwick trees over predictor ranks hold the
 * weights of the risk set and of the events seen so far; each row's
 * influence window (the events it is compared with as a risk-set member) is
 * opened when it joins the risk set and closed when it leaves. Handles
 * counting-process `(start, stop]` data; used by {@link concordance} for those
 * and when the distinct times outnumber what the sweep over the predictor
 * ({@link concordanceRankSweep}) keeps cache resident.
 *
 * Reference: Therneau T, Atkinson E. "The concordance statistic" (survival
 * vignette); survival 3.5-3 `R/concordance.R`, `src/concordance3.c`.
 */
import { denseRank, survivalOrder } from '../cox/cox-sort.js';

/** Raw sums of a concordance sweep (counts in the reverse = false sense). */
export interface ConcordanceSums {
  /** [concordant, discordant, tied on x, tied on y, tied on x and y], weighted. */
  counts: [number, number, number, number, number];
  /** Infinitesimal-jackknife variance of Somers' d (NaN without comparable pairs). */
  varSomer: number;
}

/** Inputs of {@link concordanceTimeSweep}; validated by the caller. */
export interface TimeSweepInput {
  time: Float64Array;
  status: Float64Array;
  predictor: Float64Array;
  strata: Int32Array | null;
  weights: Float64Array | null;
  cluster: Int32Array | null;
  start: Float64Array | null;
}

/**
 * Weights by predictor rank with O(log) prefix sums: a Fenwick tree over
 * blocks of 32 ranks (small, cache resident) plus the per-rank weights, so a
 * query touches one short contiguous run of memory instead of ~log2(m)
 * scattered tree nodes.
 */
class RankSums {
  static readonly B = 32;
  /** Weight per rank (1-based). */
  readonly node: Float64Array;
  /** Fenwick tree over blocks (1-based). */
  readonly tree: Float64Array;
  readonly nb: number;
  total = 0;
  constructor(readonly m: number) {
    this.node = new Float64Array(m + 1);
    this.nb = (m >> 5) + 1;
    this.tree = new Float64Array(this.nb + 1);
  }
  add(r: number, w: number): void {
    this.node[r] = this.node[r]! + w;
    this.total += w;
    for (let i = (r >> 5) + 1; i <= this.nb; i += i & -i) this.tree[i] = this.tree[i]! + w;
  }
  /** Sum of weights with rank <= r. */
  prefix(r: number): number {
    const blk = r >> 5;
    let s = 0;
    for (let i = blk; i > 0; i -= i & -i) s += this.tree[i]!;
    const node = this.node;
    for (let q = blk << 5; q <= r; q++) s += node[q]!;
    return s;
  }
  /** Zero what rank r touched (exact reset between strata). */
  clear(r: number): void {
    this.node[r] = 0;
    for (let i = (r >> 5) + 1; i <= this.nb; i += i & -i) this.tree[i] = 0;
  }
  reset(): void {
    this.node.fill(0);
    this.tree.fill(0);
    this.total = 0;
  }
}

/**
 * Pair counts and the variance of Somers' d by the sweep over time.
 *
 * @param input see {@link TimeSweepInput}.
 * @returns counts (reverse = false sense) and var(d).
 */
export function concordanceTimeSweep(input: TimeSweepInput): ConcordanceSums {
  const { time, status, predictor, strata, weights, cluster, start } = input;
  const n = time.length;
  // Ranks of the predictor (1-based, ties share a rank).
  const dr = denseRank(predictor);
  const m = dr.count;
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) rank[i] = dr.rank[i]! + 1;

  // Sort: stratum, time descending, censored before events at equal time, then rank.
  const ev = (i: number) => (status[i]! > 0 ? 1 : 0);
  const sec = new Uint32Array(n);
  for (let i = 0; i < n; i++) sec[i] = ev(i) * m + dr.rank[i]!;
  const ord = survivalOrder(time, strata, { rank: sec, count: 2 * m });
  const byStart: Int32Array | null = start ? survivalOrder(start, strata) : null;

  // Work in sorted positions: every per-row array below is read sequentially.
  const sRank = new Int32Array(n);
  const sW = new Float64Array(n);
  const sT = new Float64Array(n);
  const sEv = new Uint8Array(n);
  const pos = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = ord[k]!;
    pos[i] = k;
    sRank[k] = rank[i]!;
    sW[k] = weights ? weights[i]! : 1;
    sT[k] = time[i]!;
    sEv[k] = status[i]! > 0 ? 1 : 0;
  }
  // Counting process: sorted positions ordered by start descending, and their start times.
  let sStartPos: Int32Array | null = null;
  let sStartT: Float64Array | null = null;
  if (byStart) {
    sStartPos = new Int32Array(n);
    sStartT = new Float64Array(n);
    for (let q = 0; q < n; q++) {
      sStartPos[q] = pos[byStart[q]!]!;
      sStartT[q] = start![byStart[q]!]!;
    }
  }
  const sStrat = new Int32Array(n);
  if (strata) for (let k = 0; k < n; k++) sStrat[k] = strata[ord[k]!]!;
  const sStratStart = new Int32Array(n);
  if (strata && byStart) for (let q = 0; q < n; q++) sStratStart[q] = strata[byStart[q]!]!;

  const all = new RankSums(m);
  const dead = new RankSums(m);
  const inf0 = new Float64Array(n); // concordant (non-reversed sense), by sorted position
  const inf1 = new Float64Array(n); // discordant
  const inf2 = new Float64Array(n); // tied on x
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  let c4 = 0;
  const deadNode = dead.node;
  const allNode = all.node;

  let k = 0;
  let ks = 0;
  while (k < n) {
    const s = sStrat[k]!;
    let hi = k;
    while (hi < n && sStrat[hi] === s) hi++;
    let shi = ks;
    if (byStart) while (shi < n && sStratStart[shi] === s) shi++;
    let i = k;
    while (i < hi) {
      if (sEv[i] === 0) {
        // Censored: open its influence window, join the risk set.
        const r = sRank[i]!;
        const we = deadNode[r]!;
        const wl = dead.prefix(r - 1);
        inf0[i] = inf0[i]! - wl;
        inf1[i] = inf1[i]! - (dead.total - wl - we);
        inf2[i] = inf2[i]! - we;
        all.add(r, sW[i]!);
        i++;
        continue;
      }
      const t = sT[i]!;
      if (sStartPos) {
        // Rows whose interval starts at or after t leave the risk set: close their window.
        for (; ks < shi && sStartT![ks]! >= t; ks++) {
          const jj = sStartPos[ks]!;
          const r = sRank[jj]!;
          const we = deadNode[r]!;
          const wl = dead.prefix(r - 1);
          inf0[jj] = inf0[jj]! + wl;
          inf1[jj] = inf1[jj]! + (dead.total - wl - we);
          inf2[jj] = inf2[jj]! + we;
          all.add(r, -sW[jj]!);
        }
      }
      let j = i;
      let dwt = 0;
      let dwt2 = 0;
      let xsave = -1;
      for (; j < hi && sT[j] === t; j++) {
        const r = sRank[j]!;
        const w = sW[j]!;
        c3 += w * dwt;
        dwt += w;
        if (r !== xsave) {
          dwt2 = 0;
          xsave = r;
        }
        c4 += w * dwt2;
        dwt2 += w;
        const we = allNode[r]!;
        const wl = all.prefix(r - 1);
        const wg = all.total - wl - we;
        c0 += w * wg;
        c1 += w * wl;
        c2 += w * we;
        inf0[j] = inf0[j]! + wg;
        inf1[j] = inf1[j]! + wl;
        inf2[j] = inf2[j]! + we;
        dead.add(r, w);
      }
      for (let q = i; q < j; q++) {
        const r = sRank[q]!;
        const we = deadNode[r]!;
        const wl = dead.prefix(r - 1);
        inf0[q] = inf0[q]! - wl;
        inf1[q] = inf1[q]! - (dead.total - wl - we);
        inf2[q] = inf2[q]! - we;
        all.add(r, sW[q]!);
      }
      i = j;
    }
    // Close the influence windows still open (the event tree is now final for this
    // stratum), then reset both trees for the next stratum.
    const lo = sStartPos ? ks : k;
    const end = sStartPos ? shi : hi;
    const rowAt = (q: number) => (sStartPos ? sStartPos[q]! : q);
    if ((end - lo) * Math.log2(m + 1) > m) {
      const cum = new Float64Array(m + 1);
      for (let r = 1; r <= m; r++) cum[r] = cum[r - 1]! + deadNode[r]!;
      const tot = cum[m]!;
      for (let q = lo; q < end; q++) {
        const ii = rowAt(q);
        const r = sRank[ii]!;
        const less = cum[r - 1]!;
        const eq = deadNode[r]!;
        inf0[ii] = inf0[ii]! + less;
        inf1[ii] = inf1[ii]! + (tot - less - eq);
        inf2[ii] = inf2[ii]! + eq;
      }
    } else {
      for (let q = lo; q < end; q++) {
        const ii = rowAt(q);
        const r = sRank[ii]!;
        const we = deadNode[r]!;
        const wl = dead.prefix(r - 1);
        inf0[ii] = inf0[ii]! + wl;
        inf1[ii] = inf1[ii]! + (dead.total - wl - we);
        inf2[ii] = inf2[ii]! + we;
      }
    }
    if ((hi - k) * Math.log2(m + 1) > m) {
      all.reset();
      dead.reset();
    } else {
      for (let q = k; q < hi; q++) {
        all.clear(sRank[q]!);
        dead.clear(sRank[q]!);
      }
      all.total = 0;
      dead.total = 0;
    }
    k = hi;
    ks = shi;
  }
  c3 -= c4;

  const npair = c0 + c1 + c2;
  const somer = (c0 - c1) / npair;
  let varSomer = 0;
  if (npair > 0) {
    const dfb = new Float64Array(n);
    for (let q = 0; q < n; q++) {
      dfb[q] = sW[q]! * ((inf0[q]! - inf1[q]!) / npair - (somer / npair) * (inf0[q]! + inf1[q]! + inf2[q]!));
    }
    if (cluster) {
      const sums = new Map<number, number>();
      for (let q = 0; q < n; q++) {
        const c = cluster[ord[q]!]!;
        sums.set(c, (sums.get(c) ?? 0) + dfb[q]!);
      }
      for (const v of sums.values()) varSomer += v * v;
    } else {
      for (let q = 0; q < n; q++) varSomer += dfb[q]! * dfb[q]!;
    }
  } else varSomer = NaN;
  return { counts: [c0, c1, c2, c3, c4], varSomer };
}
