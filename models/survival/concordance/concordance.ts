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
 * O(n log n), by one of two sweeps with the same results: over the predictor
 * with Fenwick trees indexed by time ({@link concordanceRankSweep}; right-censored
 * data with integer times and few distinct times per stratum, e.g. days) or
 * over time with Fenwick trees indexed by predictor rank
 * ({@link concordanceTimeSweep}; counting-process data, non-integer times,
 * many distinct times or many strata). See {@link rankSweepApplies}.
 *
 * Reference: Harrell FE et al. (1982) JAMA 247:2543–2546; Therneau T,
 * Atkinson E. "The concordance statistic" (survival vignette); survival 3.5-3
 * `R/concordance.R`, `src/concordance3.c`.
 */
import { UsageError } from '../../../util/errors.js';
import { concordanceRankSweep } from './concordance-rank-sweep.js';
import { concordanceTimeSweep } from './concordance-time-sweep.js';
import type { ConcordanceSums } from './concordance-time-sweep.js';
import { denseRank, integerDenseRank, sortValues } from '../cox/cox-sort.js';

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

  const timeRank = start ? null : integerDenseRank(time);
  const sums =
    timeRank && rankSweepFits(n, timeRank.count, strata)
      ? rankSweep(timeRank, status, predictor, strata, weights, cluster)
      : concordanceTimeSweep({ time, status, predictor, strata, weights, cluster, start });
  const [c0, c1, c2, c3, c4] = sums.counts;
  const npair = c0 + c1 + c2;
  const somer = (c0 - c1) / npair;
  const varSomer = sums.varSomer;
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

/**
 * Whether the sweep over the predictor is used: right-censored data with
 * integer times (days, months) whose time-indexed trees (2 slots per distinct
 * time, reset per stratum) stay small next to n. Exported for tests.
 */
export function rankSweepApplies(time: Float64Array, start: Float64Array | null, strata: Int32Array | null): boolean {
  if (start) return false;
  const t = integerDenseRank(time);
  return t !== null && rankSweepFits(time.length, t.count, strata);
}

function rankSweepFits(n: number, nTimes: number, strata: Int32Array | null): boolean {
  let s = 1;
  if (strata) {
    const r = integerDenseRank(strata);
    if (!r) return false;
    s = r.count;
  }
  return 2 * nTimes * s <= n / 2 + 65536;
}

/** The sweep over the predictor: order rows by (stratum, predictor), key times and clusters. */
function rankSweep(
  timeRank: { rank: Uint32Array; count: number },
  status: Float64Array,
  predictor: Float64Array,
  strata: Int32Array | null,
  weights: Float64Array | null,
  cluster: Int32Array | null,
): ConcordanceSums {
  const n = status.length;
  const memberKey = new Int32Array(n);
  const tr = timeRank.rank;
  for (let i = 0; i < n; i++) memberKey[i] = 2 * tr[i]! + (status[i]! > 0 ? 0 : 1);
  const sorted = sortValues(predictor);
  let order = sorted.order;
  let first = sorted.first;
  let bounds = Int32Array.of(0, n);
  if (strata) {
    // Stable counting sort of the predictor order by stratum; value runs restart per stratum.
    const s = denseRank(strata);
    const sIndex = s.rank;
    const start = new Int32Array(s.count + 1);
    for (let i = 0; i < n; i++) start[sIndex[i]! + 1]!++;
    for (let k = 0; k < s.count; k++) start[k + 1]! += start[k]!;
    bounds = start.slice();
    const valueRun = new Int32Array(n); // dense rank of the predictor, per row
    for (let q = 0, r = -1; q < n; q++) {
      r += first[q]!;
      valueRun[order[q]!] = r;
    }
    const byStratum = new Int32Array(n);
    for (let q = 0; q < n; q++) {
      const i = order[q]!;
      byStratum[start[sIndex[i]!]!++] = i;
    }
    order = byStratum;
    first = new Uint8Array(n);
    for (let q = 0; q < n; q++) first[q] = q === 0 || valueRun[order[q]!] !== valueRun[order[q - 1]!] ? 1 : 0;
  }
  let cl: { index: Uint32Array; count: number } | null = null;
  if (cluster) {
    const c = denseRank(cluster);
    cl = { index: c.rank, count: c.count };
  }
  return concordanceRankSweep({ order, first, bounds, memberKey, nTimes: timeRank.count, weights, cluster: cl });
}
