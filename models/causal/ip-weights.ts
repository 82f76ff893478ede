/**
 * Inverse-probability-of-treatment weights from propensity scores, for the
 * average treatment effect (ATE: `t/e + (1-t)/(1-e)`), the effect on the
 * treated (ATT: `t + (1-t) e/(1-e)`) and the overlap population (ATO:
 * `t (1-e) + (1-t) e`, Li, Morgan & Zaslavsky, JASA 2018;113:390–400).
 * Stabilised ATE weights multiply by the marginal probability of the
 * received treatment (Robins, Hernán & Brumback, Epidemiology 2000;11:550–560;
 * Xu et al., Value Health 2010;13:273–277). Truncation caps the weights at
 * chosen percentiles (R `quantile(type = 7)`; Cole & Hernán, Am J Epidemiol
 * 2008;168:656–664).
 */
import { UsageError } from '../../util/errors.js';
import { quantileType7 } from '../stats/quantile.js';

/** The target population of the weights. */
export type Estimand = 'ATE' | 'ATT' | 'ATO';

/** Options of {@link ipWeights}. */
export interface IpWeightsOptions {
  /** Target population (default 'ATE'). */
  estimand?: Estimand;
  /**
   * Stabilise (default false). For ATE multiply by P(T = t) (sample share);
   * for ATT/ATO, where stabilisation is not defined in the same way, the
   * weights are left unchanged and a warning says so.
   */
  stabilize?: boolean;
  /**
   * Truncate at these percentiles, e.g. `[0.01, 0.99]` (default: none).
   * Weights below the lower / above the upper quantile (type 7, over all rows) are set to it.
   */
  truncate?: readonly [number, number] | null;
}

/** Result of {@link ipWeights}. */
export interface IpWeightsResult {
  weights: Float64Array;
  estimand: Estimand;
  stabilized: boolean;
  /** Number of weights changed by truncation. */
  nTruncated: number;
  /** Kish effective sample size `(sum w)^2 / sum w^2` per arm. */
  effectiveSampleSize: { treated: number; control: number };
  warnings: string[];
}

/** Kish effective sample size of the rows with `treatment === arm`. */
function kish(w: Float64Array, t: ArrayLike<number>, arm: number): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < w.length; i++) {
    if (t[i] !== arm) continue;
    s += w[i]!;
    s2 += w[i]! * w[i]!;
  }
  return s2 > 0 ? (s * s) / s2 : 0;
}

/**
 * Inverse-probability weights.
 * @param treatment 0/1 per row (1 = treatment of interest).
 * @param ps propensity score per row, in (0, 1).
 * @param options estimand ('ATE'), stabilize (false), truncate (none).
 * Warns (does not throw) when an unstabilised ATE weight exceeds 10% of n, a sign of poor overlap.
 * @throws {UsageError} on length mismatch, a treatment not 0/1, a score outside (0, 1), bad percentiles.
 * @example ipWeights([1, 0], [0.5, 0.25]).weights // => [2, 1.333…]
 */
export function ipWeights(treatment: ArrayLike<number>, ps: ArrayLike<number>, options: IpWeightsOptions = {}): IpWeightsResult {
  const estimand = options.estimand ?? 'ATE';
  if (estimand !== 'ATE' && estimand !== 'ATT' && estimand !== 'ATO') throw new UsageError(`Unknown estimand: ${String(estimand)} (use ATE, ATT or ATO)`);
  const n = treatment.length;
  if (ps.length !== n) throw new UsageError(`ipWeights: ps has length ${ps.length}, treatment ${n}`);
  const warnings: string[] = [];
  let n1 = 0;
  for (let i = 0; i < n; i++) {
    const t = treatment[i]!;
    const e = ps[i]!;
    if (t !== 0 && t !== 1) throw new UsageError(`ipWeights: treatment must be 0 or 1, got ${t} in row ${i + 1}`);
    if (!(e > 0 && e < 1)) throw new UsageError(`ipWeights: propensity score must be in (0, 1), got ${e} in row ${i + 1}`);
    n1 += t;
  }
  const p1 = n1 / n;
  const stabilize = options.stabilize ?? false;
  if (stabilize && estimand !== 'ATE') warnings.push(`stabilize applies to ATE weights only; ${estimand} weights left unchanged`);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = treatment[i]!;
    const e = ps[i]!;
    if (estimand === 'ATE') w[i] = t === 1 ? (stabilize ? p1 : 1) / e : (stabilize ? 1 - p1 : 1) / (1 - e);
    else if (estimand === 'ATT') w[i] = t === 1 ? 1 : e / (1 - e);
    else w[i] = t === 1 ? 1 - e : e;
  }
  let nTruncated = 0;
  const tr = options.truncate ?? null;
  if (tr) {
    const [lo, hi] = tr;
    if (!(lo >= 0 && hi <= 1 && lo < hi)) throw new UsageError(`truncate percentiles must satisfy 0 <= lower < upper <= 1, got [${lo}, ${hi}]`);
    const qlo = quantileType7(w, lo);
    const qhi = quantileType7(w, hi);
    for (let i = 0; i < n; i++) {
      if (w[i]! < qlo) { w[i] = qlo; nTruncated++; }
      else if (w[i]! > qhi) { w[i] = qhi; nTruncated++; }
    }
  }
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, w[i]!);
  if (estimand === 'ATE' && !stabilize && max > 0.1 * n) warnings.push(`extreme weight ${max.toPrecision(4)} (> 10% of n): check overlap or truncate`);
  return { weights: w, estimand, stabilized: stabilize && estimand === 'ATE', nTruncated, effectiveSampleSize: { treated: kish(w, treatment, 1), control: kish(w, treatment, 0) }, warnings };
}

/** R's type-7 sample quantile (re-exported from models/stats/quantile.ts). */
export { quantileType7 };
