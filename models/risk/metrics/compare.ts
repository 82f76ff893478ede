/**
 * Comparison of two risk scores on the same patients: the difference in
 * Harrell's C (model 2 - model 1) with a paired bootstrap confidence
 * interval: the same resampled rows score both models in each replicate
 * (seeded, default 1000 replicates), percentile interval (default 95%) and
 * the bootstrap standard error; the two-sided p-value uses the normal
 * approximation `diff / se`. Fixed scores are compared (no refitting); for
 * refitted models use {@link bootstrapOptimism} per model.
 *
 * Reference: Efron B, Tibshirani RJ (1993) An Introduction to the Bootstrap,
 * ch. 13 (percentile interval); Harrell FE et al. (1982) JAMA 247:2543.
 */
import { UsageError } from '../../../util/errors.js';
import { randomInt, seededRandom } from '../../../util/random.js';
import { pnorm } from '../../stats/distributions.js';
import { harrellC } from './harrell-c.js';
import { quantileType7 } from './calibration.js';
import { takeRows } from './resampling.js';

/** Options of {@link compareConcordance}. */
export interface CompareOptions {
  /** Bootstrap replicates. Default 1000. */
  B?: number;
  /** Seed. Default 1. */
  seed?: number;
  /** Confidence level. Default 0.95. */
  confLevel?: number;
}

/** Result of {@link compareConcordance}. */
export interface ConcordanceComparison {
  c1: number;
  c2: number;
  /** c2 - c1. */
  difference: number;
  se: number;
  lower: number;
  upper: number;
  pValue: number;
  B: number;
}

/**
 * Difference in Harrell's C of two risk scores (larger = higher risk) on the same rows.
 * @example compareConcordance(time, status, lpBase, lpWithMarker).difference // => e.g. 0.02
 */
export function compareConcordance(
  time: Float64Array,
  status: Float64Array,
  risk1: Float64Array,
  risk2: Float64Array,
  options: CompareOptions = {},
): ConcordanceComparison {
  const n = time.length;
  if (risk1.length !== n || risk2.length !== n || status.length !== n) throw new UsageError('compareConcordance: all arrays must have the same length');
  const B = options.B ?? 1000;
  const level = options.confLevel ?? 0.95;
  if (!(level > 0 && level < 1)) throw new UsageError(`compareConcordance: confLevel must be in (0, 1), got ${level}`);
  const c1 = harrellC(time, status, risk1).c;
  const c2 = harrellC(time, status, risk2).c;
  const rand = seededRandom(options.seed ?? 1);
  const diffs: number[] = [];
  for (let b = 0; b < B; b++) {
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = randomInt(rand, n);
    const t = takeRows(time, rows);
    const s = takeRows(status, rows);
    const d = harrellC(t, s, takeRows(risk2, rows)).c - harrellC(t, s, takeRows(risk1, rows)).c;
    if (Number.isFinite(d)) diffs.push(d);
  }
  let mean = 0;
  for (const d of diffs) mean += d;
  mean /= diffs.length;
  let ss = 0;
  for (const d of diffs) ss += (d - mean) ** 2;
  const se = Math.sqrt(ss / (diffs.length - 1));
  const difference = c2 - c1;
  const a = (1 - level) / 2;
  return {
    c1,
    c2,
    difference,
    se,
    lower: quantileType7(diffs, a),
    upper: quantileType7(diffs, 1 - a),
    pValue: se > 0 ? 2 * pnorm(-Math.abs(difference / se)) : NaN,
    B: diffs.length,
  };
}
