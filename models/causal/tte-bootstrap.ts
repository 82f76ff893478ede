/**
 * Nonparametric bootstrap of an emulated trial: patients (not clones or
 * rows) are resampled with replacement, seeded, and the whole analysis is
 * refitted on each replicate, the censoring models included (so the
 * intervals reflect the estimation of the weights, which the robust
 * variance ignores). A replicate is represented by the multiplicity of each
 * patient (a patient drawn k times carries weight k in every model: the same
 * estimates as duplicating its rows, without copying them). Percentile
 * intervals: R's `quantile(type = 7)` of the replicate estimates at
 * (1 - level) / 2 and (1 + level) / 2 (Efron & Tibshirani 1993, ch. 13).
 */
import { MidiaError, UsageError } from '../../util/errors.js';
import { seededRandom, type RandomSource } from '../../util/random.js';
import { quantileType7 } from '../stats/quantile.js';

/** Multiplicities of one bootstrap replicate of n patients (a multinomial draw of n). */
export function bootstrapMultiplicity(n: number, rand: RandomSource): Float64Array {
  const m = new Float64Array(n);
  for (let k = 0; k < n; k++) m[Math.floor(rand() * n)]! += 1;
  return m;
}

/** Options of {@link bootstrapReplicates}. */
export interface BootstrapOptions {
  /** Number of replicates (>= 1). */
  replicates: number;
  /** Seed (default 1). */
  seed?: number;
  /** Called after each replicate. */
  onProgress?: (done: number, total: number) => void;
}

/** Replicate estimates by name, and the replicates that failed. */
export interface BootstrapReplicates {
  estimates: Record<string, Float64Array>;
  /** Replicates whose analysis threw (e.g. nobody started the therapy in the resample). */
  failed: number;
  /** The first few failure messages, de-duplicated. */
  failures: string[];
  seed: number;
}

/**
 * Runs `analyse` on `replicates` seeded resamples of n patients. Estimates that are
 * not finite are stored as NaN (and skipped by {@link percentileInterval}).
 * @param n patients; @param analyse maps multiplicities to named estimates.
 * @throws {UsageError} for a bad number of replicates; errors of `analyse` other than MidiaError.
 * @example bootstrapReplicates(n, (m) => ({ rd: riskContrasts(...).difference.estimate }), { replicates: 200, seed: 1 })
 */
export function bootstrapReplicates(n: number, analyse: (multiplicity: Float64Array) => Record<string, number>, options: BootstrapOptions): BootstrapReplicates {
  const B = options.replicates;
  if (!Number.isInteger(B) || B < 1 || B > 100_000) throw new UsageError(`bootstrap replicates must be an integer from 1 to 100000, got ${B}`);
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`bootstrap seed must be an integer, got ${seed}`);
  const rand = seededRandom(seed);
  const estimates: Record<string, Float64Array> = {};
  let failed = 0;
  const failures = new Set<string>();
  for (let b = 0; b < B; b++) {
    const m = bootstrapMultiplicity(n, rand);
    let est: Record<string, number> | null = null;
    try {
      est = analyse(m);
    } catch (e) {
      if (!(e instanceof MidiaError)) throw e;
      failed++;
      if (failures.size < 5) failures.add(e.message);
    }
    if (est) {
      for (const [k, v] of Object.entries(est)) {
        const arr = (estimates[k] ??= new Float64Array(B).fill(NaN));
        arr[b] = Number.isFinite(v) ? v : NaN;
      }
    }
    options.onProgress?.(b + 1, B);
  }
  for (const arr of Object.values(estimates)) if (arr.length !== B) throw new UsageError('bootstrap: inconsistent replicate estimates');
  return { estimates, failed, failures: [...failures], seed };
}

/**
 * Percentile interval of replicate estimates (type-7 quantiles; NaN replicates skipped).
 * @returns [lower, upper] and the number of finite replicates used; NaN limits when none.
 * @example percentileInterval(Float64Array.of(1, 2, 3, 4, 5), 0.9) // => { lower: 1.2, upper: 4.8, used: 5 }
 */
export function percentileInterval(values: ArrayLike<number>, confLevel = 0.95): { lower: number; upper: number; used: number } {
  const finite = Array.from(values).filter((v) => Number.isFinite(v));
  if (finite.length === 0) return { lower: NaN, upper: NaN, used: 0 };
  const a = (1 - confLevel) / 2;
  return { lower: quantileType7(finite, a), upper: quantileType7(finite, 1 - a), used: finite.length };
}
