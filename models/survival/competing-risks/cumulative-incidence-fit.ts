/**
 * Numeric core of {@link cumulativeIncidence}: cumulative incidence curves per
 * group and cause, and Gray's test per cause, on typed arrays only — the
 * computation of `cmprsk::cuminc`.
 *
 * Conventions as cmprsk 2.2-11: observations are ordered by time (stable);
 * causes are the distinct non-censoring status codes in increasing order;
 * curves are listed cause by cause, and within a cause group by group, each
 * labelled `"<group> <cause>"`; Gray's test is computed for every cause when
 * there are at least two groups (stratified when strata are given).
 *
 * Reference: cmprsk 2.2-11 `R/cmprsk.R` (`cuminc`); Gray RJ (1988) Ann Stat 16:1141–1154.
 */
import { UsageError } from '../../../util/errors.js';
import { cumulativeIncidenceCurve, type IncidenceCurve } from './cumulative-incidence-curve.js';
import { grayTest } from './gray-test.js';
import { formatRNumber } from '../../design/format-r-number.js';

/** Inputs of {@link cumulativeIncidenceFit}; all arrays of the same length, no missing values. */
export interface CumulativeIncidenceInput {
  /** Follow-up times (>= 0). */
  time: Float64Array;
  /** Status codes: `cencode` for censored, any other value a cause. */
  status: Float64Array;
  /** Group index per subject, 0..groupLabels.length-1. */
  group: Int32Array;
  /** Group labels (groups with no subject are dropped, as cmprsk does). */
  groupLabels: readonly string[];
  /** Stratum index per subject for the tests, or null for no strata. */
  strata: Int32Array | null;
  /** Number of strata (ignored when `strata` is null). */
  nStrata: number;
}

/** Options of {@link cumulativeIncidenceFit}. */
export interface CumulativeIncidenceFitOptions {
  /** Status code of censored observations (cmprsk default 0). */
  cencode: number;
  /** Power of the weight `(1 - F(t-))^rho` in Gray's test (cmprsk default 0). */
  rho: number;
}

/** One curve of a cumulative incidence fit. */
export interface LabelledIncidenceCurve extends IncidenceCurve {
  /** Group label. */
  group: string;
  /** Cause (status code). */
  cause: number;
  /** cmprsk's list name, `"<group> <cause>"`. */
  label: string;
}

/** Gray's test of one cause. */
export interface GrayTestRow {
  cause: number;
  /** Chi-square statistic; NaN when the score variance is singular (cmprsk: -1). */
  stat: number;
  df: number;
  p: number;
}

/** Output of {@link cumulativeIncidenceFit}. */
export interface CumulativeIncidenceCore {
  curves: LabelledIncidenceCurve[];
  /** One row per cause when there are two or more groups, else empty. */
  tests: GrayTestRow[];
  /** Causes in increasing order. */
  causes: number[];
  /** Group labels actually present, in level order. */
  groups: string[];
  warnings: string[];
}

/**
 * Cumulative incidence curves and Gray's tests, as `cmprsk::cuminc`.
 *
 * @param input times, status codes, groups and strata (not modified).
 * @param options `cencode` (default 0) and `rho` (default 0), as cmprsk.
 * @throws UsageError when the arrays differ in length, a time is negative or
 *   not finite, or no observation is left.
 * @example cumulativeIncidenceFit({ time, status, group, groupLabels: ['a'], strata: null, nStrata: 1 }, { cencode: 0, rho: 0 }).curves[0].est
 */
export function cumulativeIncidenceFit(
  input: CumulativeIncidenceInput,
  options: CumulativeIncidenceFitOptions = { cencode: 0, rho: 0 },
): CumulativeIncidenceCore {
  const { time, status, group, groupLabels, strata } = input;
  const n = time.length;
  if (status.length !== n || group.length !== n || (strata && strata.length !== n)) {
    throw new UsageError('cumulativeIncidence: time, status, group and strata differ in length');
  }
  if (n === 0) throw new UsageError('cumulativeIncidence: no observations');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(time[i]!) || time[i]! < 0) {
      throw new UsageError(`cumulativeIncidence: times must be finite and >= 0, got ${time[i]} (row ${i + 1})`);
    }
    if (!Number.isFinite(status[i]!)) {
      throw new UsageError(`cumulativeIncidence: status must be finite, got ${status[i]} (row ${i + 1})`);
    }
  }
  const warnings: string[] = [];
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a]! - time[b]! || a - b);
  const t = Float64Array.from(order, (i) => time[i]!);
  const st = Float64Array.from(order, (i) => status[i]!);

  // Groups present, in level order, re-indexed 0..ng-1 (cmprsk drops empty levels).
  const count = new Int32Array(groupLabels.length);
  for (let i = 0; i < n; i++) count[group[i]!]! += 1;
  const newIndex = new Int32Array(groupLabels.length).fill(-1);
  const groups: string[] = [];
  groupLabels.forEach((lab, k) => {
    if (count[k]! > 0) {
      newIndex[k] = groups.length;
      groups.push(lab);
    }
  });
  const g = Int32Array.from(order, (i) => newIndex[group[i]!]!);
  const ng = groups.length;
  let nStrata = 1;
  let s = new Int32Array(n);
  if (strata) {
    // Keep only strata that occur (their order does not affect the sums).
    const seen = new Map<number, number>();
    s = Int32Array.from(order, (i) => {
      const k = strata[i]!;
      if (!seen.has(k)) seen.set(k, seen.size);
      return seen.get(k)!;
    });
    nStrata = seen.size;
  }

  const causeSet = new Set<number>();
  for (let i = 0; i < n; i++) if (st[i] !== options.cencode) causeSet.add(st[i]!);
  const causes = [...causeSet].sort((a, b) => a - b);
  if (causes.length === 0) warnings.push('no failures of any cause: no curves estimated');

  const failed = Uint8Array.from(st, (v) => (v === options.cencode ? 0 : 1));
  const curves: LabelledIncidenceCurve[] = [];
  const tests: GrayTestRow[] = [];
  const members: number[][] = Array.from({ length: ng }, () => []);
  for (let i = 0; i < n; i++) members[g[i]!]!.push(i);

  for (const cause of causes) {
    const ofCause = Uint8Array.from(st, (v) => (v === cause ? 1 : 0));
    groups.forEach((lab, k) => {
      const idx = members[k]!;
      const curve = cumulativeIncidenceCurve(
        Float64Array.from(idx, (i) => t[i]!),
        Uint8Array.from(idx, (i) => failed[i]!),
        Uint8Array.from(idx, (i) => ofCause[i]!),
      );
      curves.push({ group: lab, cause, label: `${lab} ${formatRNumber(cause)}`, ...curve });
    });
    if (ng > 1) {
      // 0 censored, 1 this cause, 2 other causes (cmprsk: 2*censind - causeind)
      const code = Uint8Array.from(st, (v, i) => 2 * failed[i]! - (v === cause ? 1 : 0));
      const res = grayTest(t, code, g, s, ng, nStrata, options.rho);
      if (Number.isNaN(res.stat)) {
        warnings.push(`Gray's test for cause ${cause}: singular score variance, statistic not computed`);
      }
      tests.push({ cause, stat: res.stat, df: res.df, p: res.p });
    }
  }
  return { curves, tests, causes, groups, warnings };
}
