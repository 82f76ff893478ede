/**
 * Harrell's concordance (C statistic) for survival data, computed as R's
 * `survival::concordance()` / `concordancefit()` with its default
 * `timewt = "n"`: counts of concordant, discordant, tied-on-predictor,
 * tied-on-time and tied-on-both pairs, `C = (concordant + tied.x / 2) /
 * (concordant + discordant + tied.x)`, and the infinitesimal-jackknife
 * standard error (optionally grouped by cluster).
 *
 * A pair is comparable when the shorter time is an event (an observation
 * censored at the event time counts as still at risk; two events at the same
 * time are tied on y). Counting-process data `(start, stop]` compare an event
 * only with rows at risk at that time. Weighted and stratified as R.
 *
 * O(n log n): rows are sorted by time once; two Fenwick trees over predictor
 * ranks hold the weights of the risk set and of the events seen so far.
 *
 * Reference: Harrell FE et al. (1982) JAMA 247:2543–2546; Therneau T,
 * Atkinson E. "The concordance statistic" (survival vignette); survival 3.5-3
 * `R/concordance.R`, `src/concordance3.c`.
 */
import { UsageError } from '../../util/errors.js';
import { denseRank, survivalOrder } from './cox-sort.js';

/** Options of {@link concordance}. */
export interface ConcordanceOptions {
  /** Stratum per row: pairs are compared only within a stratum. Default: none. */
  strata?: Int32Array | null;
  /** Case weights. Default 1. */
  weights?: Float64Array | null;
  /**
   * When true, a larger predictor means shorter survival (risk scores, as a
   * Cox linear predictor; R's `reverse = TRUE`). Default false (R's default:
   * larger predictor = longer survival).
   */
  reverse?: boolean;
  /** Cluster per row: the jackknife influence is summed within cluster. Default: none. */
  cluster?: Int32Array | null;
  /** Start times for counting-process data. Default: none (right-censored). */
  start?: Float64Array | null;
}

/** Pair counts (weighted), named as R. */
export interface ConcordanceCounts {
  concordant: number;
  discordant: number;
  tiedX: number;
  tiedY: number;
  tiedXY: number;
}

/** Result of {@link concordance}. */
export interface ConcordanceResult {
  /** Harrell's C (NaN when there are no comparable pairs). */
  concordance: number;
  /** Pair counts after `reverse` is applied. */
  count: ConcordanceCounts;
  /** Number of rows. */
  n: number;
  /** Infinitesimal-jackknife variance of C (R: `var`). */
  variance: number;
  /** Its square root (R: `std` in `coxph`'s `concordance`). */
  std: number;
}

class Fenwick {
  readonly tree: Float64Array;
  readonly node: Float64Array;
  total = 0;
  constructor(readonly m: number) {
    this.tree = new Float64Array(m + 1);
    this.node = new Float64Array(m + 1);
  }
  add(r: number, w: number): void {
    this.node[r] = this.node[r]! + w;
    this.total += w;
    for (let i = r; i <= this.m; i += i & -i) this.tree[i] = this.tree[i]! + w;
  }
  /** Sum of weights with rank <= r. */
  prefix(r: number): number {
    let s = 0;
    for (let i = r; i > 0; i -= i & -i) s += this.tree[i]!;
    return s;
  }
  /** Zero the entries touched by rank r (exact reset between strata). */
  clear(r: number): void {
    this.node[r] = 0;
    for (let i = r; i <= this.m; i += i & -i) this.tree[i] = 0;
  }
}

/**
 * Harrell's concordance with R's counting, tie handling and standard error.
 *
 * @param time follow-up (stop) time per row.
 * @param status event indicator (> 0 = event).
 * @param predictor the score; by default larger = longer survival (`reverse: false`).
 * @param options strata, weights, reverse (default false), cluster, start.
 * @returns C, the pair counts, the variance and standard error.
 * @throws UsageError on length mismatches or missing values.
 * @example concordance(time, status, lp, { reverse: true }).concordance
 */
export function concordance(
  time: Float64Array,
  status: Float64Array,
  predictor: Float64Array,
  options: ConcordanceOptions = {},
): ConcordanceResult {
  const n = time.length;
  const { strata = null, weights = null, cluster = null, start = null } = options;
  for (const [name, a] of [
    ['status', status],
    ['predictor', predictor],
    ['strata', strata],
    ['weights', weights],
    ['cluster', cluster],
    ['start', start],
  ] as const) {
    if (a && a.length !== n) throw new UsageError(`concordance: ${name} has length ${a.length}, expected ${n}`);
  }
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(time[i]!) || Number.isNaN(status[i]!) || Number.isNaN(predictor[i]!)) {
      throw new UsageError(`concordance: missing value in row ${i + 1}`);
    }
  }
  const wt = (i: number) => (weights ? weights[i]! : 1);

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

  const all = new Fenwick(m);
  const dead = new Fenwick(m);
  const inf0 = new Float64Array(n); // concordant (non-reversed sense)
  const inf1 = new Float64Array(n); // discordant
  const inf2 = new Float64Array(n); // tied on x
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  let c4 = 0;
  // walk: weights greater / less / equal to rank r in a tree.
  let wg = 0;
  let wl = 0;
  let we = 0;
  const walk = (t: Fenwick, r: number) => {
    we = t.node[r]!;
    wl = t.prefix(r - 1);
    wg = t.total - wl - we;
  };
  const open = (i: number) => {
    walk(dead, rank[i]!);
    inf0[i] = inf0[i]! - wl;
    inf1[i] = inf1[i]! - wg;
    inf2[i] = inf2[i]! - we;
  };
  const close = (i: number) => {
    walk(dead, rank[i]!);
    inf0[i] = inf0[i]! + wl;
    inf1[i] = inf1[i]! + wg;
    inf2[i] = inf2[i]! + we;
  };

  let k = 0;
  let ks = 0;
  while (k < n) {
    const s = strata ? strata[ord[k]!]! : 0;
    let hi = k;
    while (hi < n && (strata ? strata[ord[hi]!]! : 0) === s) hi++;
    let shi = ks;
    if (byStart) while (shi < n && (strata ? strata[byStart[shi]!]! : 0) === s) shi++;
    let i = k;
    while (i < hi) {
      const ii = ord[i]!;
      if (ev(ii) === 0) {
        open(ii);
        all.add(rank[ii]!, wt(ii));
        i++;
        continue;
      }
      const t = time[ii]!;
      if (byStart) {
        for (; ks < shi && start![byStart[ks]!]! >= t; ks++) {
          const jj = byStart[ks]!;
          close(jj);
          all.add(rank[jj]!, -wt(jj));
        }
      }
      let j = i;
      let dwt = 0;
      let dwt2 = 0;
      let xsave = -1;
      for (; j < hi && time[ord[j]!] === t; j++) {
        const jj = ord[j]!;
        const w = wt(jj);
        c3 += w * dwt;
        dwt += w;
        if (rank[jj] !== xsave) {
          dwt2 = 0;
          xsave = rank[jj]!;
        }
        c4 += w * dwt2;
        dwt2 += w;
        walk(all, rank[jj]!);
        c0 += w * wg;
        c1 += w * wl;
        c2 += w * we;
        inf0[jj] = inf0[jj]! + wg;
        inf1[jj] = inf1[jj]! + wl;
        inf2[jj] = inf2[jj]! + we;
        dead.add(rank[jj]!, w);
      }
      for (let q = i; q < j; q++) {
        const jj = ord[q]!;
        open(jj);
        all.add(rank[jj]!, wt(jj));
      }
      i = j;
    }
    // Close the influence windows still open, then reset both trees for the next stratum.
    const rows = byStart ? byStart.subarray(ks, shi) : ord.subarray(k, hi);
    if (rows.length * Math.log2(m + 1) > m) {
      // The event tree is final for this stratum: one cumulative sum over the ranks
      // answers every remaining query in O(1).
      const cum = new Float64Array(m + 1);
      for (let r = 1; r <= m; r++) cum[r] = cum[r - 1]! + dead.node[r]!;
      const tot = cum[m]!;
      for (let q = 0; q < rows.length; q++) {
        const i = rows[q]!;
        const r = rank[i]!;
        const less = cum[r - 1]!;
        const eq = dead.node[r]!;
        inf0[i] = inf0[i]! + less;
        inf1[i] = inf1[i]! + (tot - less - eq);
        inf2[i] = inf2[i]! + eq;
      }
    } else {
      for (let q = 0; q < rows.length; q++) close(rows[q]!);
    }
    if ((hi - k) * Math.log2(m + 1) > m) {
      all.tree.fill(0);
      all.node.fill(0);
      dead.tree.fill(0);
      dead.node.fill(0);
    } else {
      for (let q = k; q < hi; q++) {
        all.clear(rank[ord[q]!]!);
        dead.clear(rank[ord[q]!]!);
      }
    }
    all.total = 0;
    dead.total = 0;
    k = hi;
    ks = shi;
  }
  c3 -= c4;

  const npair = c0 + c1 + c2;
  const somer = (c0 - c1) / npair;
  let varSomer = 0;
  if (npair > 0) {
    const dfb = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      dfb[i] = wt(i) * ((inf0[i]! - inf1[i]!) / npair - (somer / npair) * (inf0[i]! + inf1[i]! + inf2[i]!));
    }
    if (cluster) {
      const sums = new Map<number, number>();
      for (let i = 0; i < n; i++) sums.set(cluster[i]!, (sums.get(cluster[i]!) ?? 0) + dfb[i]!);
      for (const v of sums.values()) varSomer += v * v;
    } else {
      for (let i = 0; i < n; i++) varSomer += dfb[i]! * dfb[i]!;
    }
  } else varSomer = NaN;
  let c = (somer + 1) / 2;
  const reverse = options.reverse ?? false;
  if (reverse) c = 1 - c;
  const variance = varSomer / 4;
  return {
    concordance: c,
    count: {
      concordant: reverse ? c1 : c0,
      discordant: reverse ? c0 : c1,
      tiedX: c2,
      tiedY: c3,
      tiedXY: c4,
    },
    n,
    variance,
    std: Math.sqrt(variance),
  };
}
