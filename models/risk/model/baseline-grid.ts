/**
 * Breslow baseline cumulative hazard evaluated on a coarse time grid, the
 * form stored in model artifacts (no unique event times leave the training
 * environment, only H0 at grid points).
 *
 * H0(g) = Σ_{distinct event times t <= g} d(t) / Σ_{i: T_i >= t} exp(f_i),
 * with f_i the score of row i (Breslow NE (1972), discussion of Cox, JRSS-B
 * 34:216; R `survfit.coxph(ctype = 1)` / `basehaz` with Breslow ties). H0 is the
 * hazard at score 0; predictions use exp(-H0(g)·exp(f)).
 *
 * Grid rule (defaults): points k·step from 0, step one month (365.25/12 days,
 * 1 month, or 1/12 year by time unit), up to the last point at which at least
 * `minAtRisk` = 10 training rows are still at risk (the tail with fewer is cut:
 * estimates there are unstable and would describe few individuals).
 */
import { UsageError } from '../../../util/errors.js';
import type { ModelArtifact } from '../artifact/types.js';

/** Time unit of a model. */
export type TimeUnit = ModelArtifact['timeUnit'];

/** Options of {@link breslowOnGrid}. */
export interface GridOptions {
  /** Time unit of `time`. Default `'days'`. */
  timeUnit?: TimeUnit;
  /** Grid step. Default one month in `timeUnit` (365.25/12 days, 1 month, 1/12 year). */
  step?: number;
  /** Minimum number at risk at the last grid point. Default 10. */
  minAtRisk?: number;
}

/** Default grid step (one month) for a time unit. */
export function defaultGridStep(unit: TimeUnit): number {
  return unit === 'days' ? 365.25 / 12 : unit === 'months' ? 1 : 1 / 12;
}

/** Baseline on the grid. */
export interface GridBaseline {
  grid: number[];
  cumulativeHazard: number[];
  gridRule: string;
}

/**
 * Breslow baseline cumulative hazard on a grid.
 *
 * @param time follow-up times; not modified.
 * @param status event indicators (1 = event, 0 = censored).
 * @param score score f of each row.
 * @param options `timeUnit` ('days'), `step` (one month), `minAtRisk` (10).
 * @returns grid, H0 at each grid point and a description of the grid rule.
 * @throws UsageError on length mismatch, a non-positive step, or fewer than `minAtRisk` rows.
 * @example breslowOnGrid(time, status, lp, { timeUnit: 'days' }).cumulativeHazard
 */
export function breslowOnGrid(time: Float64Array, status: Float64Array, score: Float64Array, options: GridOptions = {}): GridBaseline {
  const unit = options.timeUnit ?? 'days';
  const step = options.step ?? defaultGridStep(unit);
  const minAtRisk = options.minAtRisk ?? 10;
  const n = time.length;
  if (status.length !== n || score.length !== n) throw new UsageError('breslowOnGrid: time, status and score must have the same length');
  if (!(step > 0 && Number.isFinite(step))) throw new UsageError(`breslowOnGrid: step must be a positive number, got ${step}`);
  if (n < minAtRisk) throw new UsageError(`breslowOnGrid: ${n} rows, fewer than minAtRisk = ${minAtRisk}`);
  const ord = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a]! - time[b]!);
  // Risk-set sums from the end.
  const sorted = Float64Array.from(ord, (i) => time[i]!);
  const tail = new Float64Array(n + 1);
  for (let k = n - 1; k >= 0; k--) tail[k] = tail[k + 1]! + Math.exp(score[ord[k]!]!);
  // Last grid point with >= minAtRisk at risk: the (n - minAtRisk)-th smallest time bounds it.
  const tLimit = sorted[n - minAtRisk]!;
  const kMax = Math.floor(tLimit / step + 1e-9);
  if (kMax < 1) throw new UsageError('breslowOnGrid: follow-up shorter than one grid step');
  const grid: number[] = [];
  for (let k = 0; k <= kMax; k++) grid.push(k * step);
  const cum: number[] = new Array<number>(grid.length).fill(0);
  let h = 0;
  let g = 0;
  let k = 0;
  while (k < n) {
    const t = sorted[k]!;
    let d = 0;
    let j = k;
    while (j < n && sorted[j] === t) d += status[ord[j++]!]!;
    while (g < grid.length && grid[g]! < t) cum[g++] = h;
    if (d > 0) h += d / tail[k]!;
    k = j;
  }
  while (g < grid.length) cum[g++] = h;
  const rule = `points k*${formatStep(step)} ${unit} (k = 0..${kMax}) up to the last point with at least ${minAtRisk} training rows at risk; H0 is a step function between points`;
  return { grid, cumulativeHazard: cum, gridRule: rule };
}

function formatStep(step: number): string {
  return String(Math.round(step * 1e6) / 1e6);
}
