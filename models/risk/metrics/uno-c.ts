/**
 * Uno's concordance: Harrell's pairs reweighted by the inverse squared
 * censoring survival at the earlier (event) time and truncated at tau, so
 * that the estimate does not depend on the censoring distribution:
 *
 *   C_tau = sum_{i,j} w_i w_j G(T_i-)^-2 1{T_i < T_j or (T_i = T_j, j censored)} 1{T_i <= tau} delta_i [1{r_i > r_j} + 1/2 1{r_i = r_j}]
 *           / the same sum without the bracket,
 *
 * with G the reverse Kaplan-Meier of the censoring distribution (deaths precede censorings at tied times) and r a risk score (larger = higher risk).
 * This is R's `concordance(Surv(time, status) ~ r, reverse = TRUE,
 * timewt = "n/G2", ymax = tau)` (survival 3.5-3: per-pair weight `1/G^2` at
 * the event time, event times above `ymax` get weight 0); golden test in
 * test/golden/risk-metrics.R. No standard error is computed (use the
 * bootstrap helpers).
 *
 * Reference: Uno H, Cai T, Pencina MJ, D'Agostino RB, Wei LJ (2011) Stat Med
 * 30:1105-1117; Therneau T, Atkinson E "The concordance statistic" (survival vignette).
 */
import { UsageError } from '../../../util/errors.js';
import { argsortFloat64 } from '../../survival/survival-utils.js';
import { kaplanMeierStep, survivalBefore } from './survival-step.js';

/** Options of {@link unoC}. */
export interface UnoCOptions {
  /** Truncation time tau: only events at or before tau count. Default: no truncation (the largest time). */
  tau?: number;
  /** Case weights. Default 1. */
  weights?: Float64Array | null;
}

/** Fenwick tree of weights over ranks 1..m. */
class Fenwick {
  readonly t: Float64Array;
  constructor(readonly m: number) {
    this.t = new Float64Array(m + 1);
  }
  add(i: number, v: number): void {
    for (; i <= this.m; i += i & -i) this.t[i] = this.t[i]! + v;
  }
  /** Sum over ranks 1..i. */
  sum(i: number): number {
    let s = 0;
    for (; i > 0; i -= i & -i) s += this.t[i]!;
    return s;
  }
}

/** Dense 1-based ranks of a score (ties share a rank) and the number of distinct values. */
export function denseRanks(x: Float64Array): { rank: Int32Array; m: number } {
  const ord = argsortFloat64(x);
  const rank = new Int32Array(x.length);
  let m = 0;
  for (let k = 0; k < ord.length; k++) {
    if (k === 0 || x[ord[k]!] !== x[ord[k - 1]!]) m++;
    rank[ord[k]!] = m;
  }
  return { rank, m };
}

/**
 * Uno's C of a risk score (larger = higher risk).
 * @throws UsageError on length mismatch or NaN
 * @example unoC(time, status, lp, { tau: 1825 }) // => e.g. 0.66
 */
export function unoC(time: Float64Array, status: Float64Array, risk: Float64Array, options: UnoCOptions = {}): number {
  const n = time.length;
  if (status.length !== n || risk.length !== n) throw new UsageError('unoC: time, status and risk must have the same length');
  for (let i = 0; i < n; i++) if (Number.isNaN(risk[i]!) || Number.isNaN(time[i]!)) throw new UsageError(`unoC: missing value at row ${i}`);
  const tau = options.tau ?? Infinity;
  const w = options.weights ?? null;
  const G = kaplanMeierStep(time, status, w, true);
  const { rank, m } = denseRanks(risk);
  const tree = new Fenwick(m);
  const ord = argsortFloat64(time);
  let num = 0;
  let den = 0;
  // Descending time: the tree holds rows with a later time (plus rows censored at the current time).
  let r = n - 1;
  while (r >= 0) {
    const t = time[ord[r]!]!;
    let r2 = r;
    while (r2 >= 0 && time[ord[r2]!]! === t) r2--;
    for (let k = r; k > r2; k--) {
      const i = ord[k]!;
      if (!(status[i]! > 0)) tree.add(rank[i]!, w ? w[i]! : 1);
    }
    if (t <= tau) {
      const g = survivalBefore(G, t);
      const tw = 1 / (g * g);
      const total = tree.sum(m);
      for (let k = r; k > r2; k--) {
        const i = ord[k]!;
        if (!(status[i]! > 0)) continue;
        const wi = (w ? w[i]! : 1) * tw;
        const below = tree.sum(rank[i]! - 1);
        const tied = tree.sum(rank[i]!) - below;
        num += wi * (below + 0.5 * tied);
        den += wi * total;
      }
    }
    for (let k = r; k > r2; k--) {
      const i = ord[k]!;
      if (status[i]! > 0) tree.add(rank[i]!, w ? w[i]! : 1);
    }
    r = r2;
  }
  return den > 0 ? num / den : NaN;
}
