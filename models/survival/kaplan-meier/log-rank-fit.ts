/**
 * Numeric core of the k-sample log-rank test and the Fleming-Harrington
 * G(rho, gamma) family, as R survival's `survdiff` (C routine survdiff2).
 *
 * Within each stratum, at each distinct event time t with n at risk, d events,
 * n_g at risk and d_g events in group g, and weight
 *   w(t) = S(t-)^rho (1 - S(t-))^gamma
 * (S = left-continuous Kaplan-Meier of the pooled stratum, unweighted):
 *   O_g += w d_g,   E_g += w d n_g / n,
 *   V_gh += w^2 d (n - d) / (n (n - 1)) * n_g (delta_gh - n_h / n)   (only when n > 1).
 * O, E and V are summed over strata. The statistic is (O - E)' V^-1 (O - E)
 * over the groups with E > 0, leaving out the first of them; df = their
 * number - 1 (R's survdiff; 0 with fewer than two such groups).
 * rho = gamma = 0 is the log-rank test (Mantel 1966; Peto & Peto 1972),
 * rho = 1 the Peto-Peto modification of the Gehan-Wilcoxon test;
 * gamma != 0 is an extension beyond survdiff (Harrington & Fleming 1982,
 * Biometrika 69:553-66; Fleming & Harrington 1991, ch. 7).
 * Case weights are not supported (survdiff has none).
 */

import { ModelError, UsageError } from '../../../util/errors.js';
import { pchisq } from '../../stats/distributions.js';
import { orderByStratumAndTime } from '../survival-utils.js';

/** Inputs of {@link logRankCore}. */
export interface LogRankArrays {
  time: Float64Array;
  status: Float64Array;
  /** Group index per row, 0..nGroups-1. */
  group: Int32Array;
  nGroups: number;
  /** Stratum index per row, or null. */
  strata?: Int32Array | null;
  nStrata?: number;
  /** Optional subset of rows to use (e.g. two groups for pairwise tests). */
  rows?: Int32Array | null;
}

/** Options of the test: the G(rho, gamma) weight S(t-)^rho (1 - S(t-))^gamma. */
export interface LogRankOptions {
  /** Exponent of S(t-); default 0 (log-rank), 1 = Peto-Peto (R's survdiff `rho`). */
  rho?: number;
  /** Exponent of 1 - S(t-); default 0. An extension: survdiff has only rho. */
  gamma?: number;
}

/** Result of {@link logRankCore}. */
export interface LogRankCoreResult {
  /** Weighted observed events per group (summed over strata). */
  observed: Float64Array;
  /** Weighted expected events per group. */
  expected: Float64Array;
  /** Variance-covariance matrix of O - E (nGroups x nGroups, row-major arrays). */
  variance: Float64Array[];
  /** Number of rows per group. */
  n: Float64Array;
  chisq: number;
  df: number;
  /** Upper-tail chi-square p-value. */
  p: number;
}

/** Validates rho / gamma (finite, >= 0) and fills defaults. */
export function logRankOptions(o: LogRankOptions = {}): Required<LogRankOptions> {
  const rho = o.rho ?? 0;
  const gamma = o.gamma ?? 0;
  if (!Number.isFinite(rho) || rho < 0) throw new UsageError(`rho must be a finite number >= 0, got ${rho}`);
  if (!Number.isFinite(gamma) || gamma < 0) throw new UsageError(`gamma must be a finite number >= 0, got ${gamma}`);
  return { rho, gamma };
}

/** Solves A x = b (A small, square) by Gaussian elimination with partial pivoting. */
function solveSmall(A: number[][], b: number[]): number[] {
  const k = b.length;
  const M = A.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    const scale = Math.max(...M.map((r) => Math.abs(r[c]!)));
    if (!(Math.abs(M[piv]![c]!) > 1e-12 * scale) || scale === 0) {
      throw new ModelError('log-rank variance matrix is singular');
    }
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    for (let r = c + 1; r < k; r++) {
      const f = M[r]![c]! / M[c]![c]!;
      for (let j = c; j <= k; j++) M[r]![j]! -= f * M[c]![j]!;
    }
  }
  const x = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = M[r]![k]!;
    for (let j = r + 1; j < k; j++) s -= M[r]![j]! * x[j]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}

/**
 * G(rho, gamma) k-sample test (R: `survdiff(Surv(time, status) ~ group + strata(s), rho)`).
 * @param d time, status (0/1), group index, optional strata and row subset
 * @param options rho (0), gamma (0)
 * @throws UsageError for bad options or arrays; ModelError when the variance matrix is singular
 * @example logRankCore({ time, status, group, nGroups: 2 }).p
 */
export function logRankCore(d: LogRankArrays, options: LogRankOptions = {}): LogRankCoreResult {
  const { rho, gamma } = logRankOptions(options);
  const nAll = d.time.length;
  if (d.status.length !== nAll || d.group.length !== nAll || (d.strata && d.strata.length !== nAll)) {
    throw new UsageError('logRank: time, status, group and strata must have the same length');
  }
  const G = d.nGroups;
  const rowsIn = d.rows ?? null;
  // Work on the subset (if any) through compact copies.
  const m = rowsIn ? rowsIn.length : nAll;
  const time = new Float64Array(m);
  const status = new Float64Array(m);
  const group = new Int32Array(m);
  const strata = d.strata ? new Int32Array(m) : null;
  for (let i = 0; i < m; i++) {
    const r = rowsIn ? rowsIn[i]! : i;
    const t = d.time[r]!;
    const s = d.status[r]!;
    const g = d.group[r]!;
    if (!Number.isFinite(t)) throw new UsageError(`logRank: time at row ${r} is ${t}`);
    if (s !== 0 && s !== 1) throw new UsageError(`logRank: status at row ${r} is ${s}; expected 0 or 1`);
    if (!(g >= 0 && g < G)) throw new UsageError(`logRank: group index ${g} at row ${r} outside 0..${G - 1}`);
    time[i] = t;
    status[i] = s;
    group[i] = g;
    if (strata) strata[i] = d.strata![r]!;
  }
  let nStrata = d.nStrata ?? 1;
  if (strata && d.nStrata === undefined) for (let i = 0; i < m; i++) nStrata = Math.max(nStrata, strata[i]! + 1);
  const { order, offsets } = orderByStratumAndTime(time, strata, nStrata);

  const observed = new Float64Array(G);
  const expected = new Float64Array(G);
  const variance = Array.from({ length: G }, () => new Float64Array(G));
  const nPer = new Float64Array(G);
  for (let i = 0; i < m; i++) nPer[group[i]!]!++;
  const risk = new Float64Array(G);
  const dg = new Float64Array(G);
  for (let k = 0; k < nStrata; k++) {
    const s0 = offsets[k]!;
    const s1 = offsets[k + 1]!;
    risk.fill(0);
    for (let i = s0; i < s1; i++) risk[group[order[i]!]!]!++;
    let nrisk = s1 - s0;
    let km = 1; // S(t-), pooled stratum
    let i = s0;
    while (i < s1) {
      const t = time[order[i]!]!;
      let j = i;
      dg.fill(0);
      let deaths = 0;
      for (; j < s1 && time[order[j]!] === t; j++) {
        const r = order[j]!;
        if (status[r] === 1) {
          dg[group[r]!]!++;
          deaths++;
        }
      }
      if (deaths > 0) {
        let wt = 1;
        if (rho !== 0) wt *= Math.pow(km, rho);
        if (gamma !== 0) wt *= Math.pow(1 - km, gamma);
        for (let g = 0; g < G; g++) {
          observed[g]! += wt * dg[g]!;
          expected[g]! += (wt * deaths * risk[g]!) / nrisk;
        }
        if (nrisk > 1) {
          const w2 = wt * wt;
          for (let g = 0; g < G; g++) {
            const tmp = (w2 * deaths * risk[g]! * (nrisk - deaths)) / (nrisk * (nrisk - 1));
            variance[g]![g]! += tmp;
            for (let h = 0; h < G; h++) variance[g]![h]! -= (tmp * risk[h]!) / nrisk;
          }
        }
        km *= (nrisk - deaths) / nrisk;
      }
      for (let q = i; q < j; q++) risk[group[order[q]!]!]!--;
      nrisk -= j - i;
      i = j;
    }
  }
  const keep: number[] = [];
  for (let g = 0; g < G; g++) if (expected[g]! > 0) keep.push(g);
  let chisq = 0;
  if (keep.length >= 2) {
    const idx = keep.slice(1);
    const b = idx.map((g) => observed[g]! - expected[g]!);
    const A = idx.map((g) => idx.map((h) => variance[g]![h]!));
    const x = solveSmall(A, b);
    chisq = x.reduce((s, xi, q) => s + xi * b[q]!, 0);
  }
  const df = Math.max(keep.length - 1, 0);
  const p = df > 0 ? pchisq(chisq, df) : NaN;
  return { observed, expected, variance, n: nPer, chisq, df, p };
}
