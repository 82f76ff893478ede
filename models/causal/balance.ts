/**
 * Covariate balance between treatment groups: standardised mean differences
 * (SMD) and variance ratios, before and after weighting or matching.
 * SMD = (mean_1 - mean_0) / s, where the means are weighted and the
 * denominator s is computed on the unweighted sample (so that before and
 * after share it, as `cobalt::bal.tab` by default): 'pooled'
 * `sqrt((s_1^2 + s_0^2) / 2)` or 'treated' `s_1`. Variances of continuous
 * covariates are weighted with the reliability-weights correction
 * `sum w (x - m)^2 / (sum w - sum w^2 / sum w)` (n - 1 denominator without
 * weights); of binary (0/1) covariates `p (1 - p)`, as cobalt. Variance ratios
 * (treated / control) only for continuous covariates (NaN for binary).
 * Reference: Austin PC, Stat Med 2009;28:3083–3107; Austin & Stuart, Stat Med 2015;34:3661–3679.
 */
import { UsageError } from '../../util/errors.js';

/** Options of {@link balanceTable} and {@link standardizedMeanDifference}. */
export interface BalanceOptions {
  /** SD in the denominator (default 'pooled'; 'treated' is usual for ATT). */
  sdDenominator?: 'pooled' | 'treated';
}

/** One covariate row of {@link balanceTable}; structurally a charts `BalanceRow`. */
export interface BalanceTableRow {
  covariate: string;
  binary: boolean;
  smdBefore: number;
  smdAfter: number;
  meanTreatedBefore: number;
  meanControlBefore: number;
  meanTreatedAfter: number;
  meanControlAfter: number;
  /** Variance ratio treated / control (NaN for binary covariates). */
  varianceRatioBefore: number;
  varianceRatioAfter: number;
}

interface ArmStats { mean: number; variance: number }

function isBinary(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== 0 && x[i] !== 1) return false;
  return true;
}

function armStats(x: ArrayLike<number>, t: ArrayLike<number>, w: ArrayLike<number> | null, arm: number, binary: boolean): ArmStats {
  let sw = 0;
  let sw2 = 0;
  let swx = 0;
  for (let i = 0; i < x.length; i++) {
    if (t[i] !== arm) continue;
    const wi = w ? w[i]! : 1;
    sw += wi;
    sw2 += wi * wi;
    swx += wi * x[i]!;
  }
  const mean = swx / sw;
  if (binary) return { mean, variance: mean * (1 - mean) };
  let ss = 0;
  for (let i = 0; i < x.length; i++) if (t[i] === arm) ss += (w ? w[i]! : 1) * (x[i]! - mean) ** 2;
  return { mean, variance: ss / (sw - sw2 / sw) };
}

function check(x: ArrayLike<number>, t: ArrayLike<number>, w: ArrayLike<number> | null | undefined, name: string): void {
  if (t.length !== x.length) throw new UsageError(`balance: covariate '${name}' has length ${x.length}, treatment ${t.length}`);
  if (w && w.length !== x.length) throw new UsageError(`balance: weights have length ${w.length}, expected ${x.length}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new UsageError(`balance: covariate '${name}' is not finite in row ${i + 1}`);
    if (t[i] !== 0 && t[i] !== 1) throw new UsageError(`balance: treatment must be 0 or 1, got ${t[i]} in row ${i + 1}`);
    if (w && !(w[i]! >= 0)) throw new UsageError(`balance: weight must be >= 0, got ${w[i]} in row ${i + 1}`);
  }
}

/**
 * Weighted standardised mean difference of one covariate (denominator from the unweighted sample).
 * @param x covariate values; @param treatment 0/1; @param weights optional (default all 1).
 * @param options sdDenominator ('pooled').
 * @throws {UsageError} on bad lengths or values.
 * @example standardizedMeanDifference([1, 2, 3, 4], [0, 0, 1, 1]) // => 2 / sqrt(0.5) = 2.83
 */
export function standardizedMeanDifference(x: ArrayLike<number>, treatment: ArrayLike<number>, weights?: ArrayLike<number> | null, options: BalanceOptions = {}): number {
  check(x, treatment, weights, 'x');
  const binary = isBinary(x);
  const denom = denominator(x, treatment, binary, options.sdDenominator ?? 'pooled');
  const a1 = armStats(x, treatment, weights ?? null, 1, binary);
  const a0 = armStats(x, treatment, weights ?? null, 0, binary);
  return (a1.mean - a0.mean) / denom;
}

function denominator(x: ArrayLike<number>, t: ArrayLike<number>, binary: boolean, kind: 'pooled' | 'treated'): number {
  if (kind !== 'pooled' && kind !== 'treated') throw new UsageError(`Unknown sdDenominator: ${String(kind)}`);
  const u1 = armStats(x, t, null, 1, binary);
  const u0 = armStats(x, t, null, 0, binary);
  return kind === 'pooled' ? Math.sqrt((u1.variance + u0.variance) / 2) : Math.sqrt(u1.variance);
}

/**
 * Balance table: SMDs and variance ratios before (unweighted) and after (weighted), one row per covariate,
 * ready for charts' `loveFigure` ({ covariate, smdBefore, smdAfter }).
 * @param covariates named numeric columns (dummy-code factors first).
 * @param treatment 0/1 per row.
 * @param weights the weights after adjustment (IPW or matching weights).
 * @param options sdDenominator ('pooled').
 * @throws {UsageError} on bad lengths or values.
 * @example loveFigure(balanceTable([{ name: 'age', values: age }], t, ipw.weights))
 */
export function balanceTable(covariates: readonly { name: string; values: ArrayLike<number> }[], treatment: ArrayLike<number>, weights: ArrayLike<number>, options: BalanceOptions = {}): BalanceTableRow[] {
  return covariates.map(({ name, values: x }) => {
    check(x, treatment, weights, name);
    const binary = isBinary(x);
    const denom = denominator(x, treatment, binary, options.sdDenominator ?? 'pooled');
    const b1 = armStats(x, treatment, null, 1, binary);
    const b0 = armStats(x, treatment, null, 0, binary);
    const a1 = armStats(x, treatment, weights, 1, binary);
    const a0 = armStats(x, treatment, weights, 0, binary);
    return {
      covariate: name,
      binary,
      smdBefore: (b1.mean - b0.mean) / denom,
      smdAfter: (a1.mean - a0.mean) / denom,
      meanTreatedBefore: b1.mean,
      meanControlBefore: b0.mean,
      meanTreatedAfter: a1.mean,
      meanControlAfter: a0.mean,
      varianceRatioBefore: binary ? NaN : b1.variance / b0.variance,
      varianceRatioAfter: binary ? NaN : a1.variance / a0.variance,
    };
  });
}
