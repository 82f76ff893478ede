/**
 * Gray's K-sample test for equality of the cumulative incidence of one cause
 * across groups, optionally stratified, as `cmprsk::cuminc` computes it
 * (Fortran `crstm`/`crst`).
 *
 * Definition. Within each stratum, at every distinct failure time, the score
 * for group `k` is `w(t) [d1_k - d1 R_k / Σ R]` with `R_k = r_k (1 - F_k(t-)) / S_k(t-)`
 * (the subdistribution risk set, `r_k` at risk, `F_k` the group's cumulative
 * incidence, `S_k` its all-cause Kaplan–Meier) and weight
 * `w(t) = (1 - F(t-))^ρ`, `F` the pooled-sample estimate. The scores of the
 * first `K - 1` groups and their variance (Gray 1988, §2, with the hypergeometric
 * tie corrections of `crst`) are summed over strata; the statistic is
 * `sᵀ V⁻¹ s`, chi-square on `K - 1` degrees of freedom.
 *
 * Reference: Gray RJ (1988) A class of K-sample tests for comparing the
 * cumulative incidence of a competing risk. Ann Stat 16:1141–1154;
 * cmprsk 2.2-11 `src/crstm.f`.
 */
import { invertSymmetric } from '../../linalg/index.js';
import { pchisq } from '../../stats/distributions.js';

/** Result of {@link grayTest}. */
export interface GrayTestResult {
  /** Scores of groups 1..K-1 (summed over strata). */
  score: Float64Array;
  /** Variance of the scores, row-major (K-1)×(K-1). */
  variance: Float64Array;
  /** `sᵀ V⁻¹ s`, or NaN when V is singular (cmprsk reports -1 then). */
  stat: number;
  /** Degrees of freedom, K - 1. */
  df: number;
  /** Upper-tail chi-square p-value (NaN when `stat` is NaN). */
  p: number;
}

/**
 * Gray's test for one cause.
 *
 * @param time times sorted in increasing order (not modified).
 * @param status per subject: 0 censored, 1 failed from the cause of interest,
 *   2 failed from another cause.
 * @param group group index per subject, 0..nGroups-1.
 * @param strata stratum index per subject, 0..nStrata-1 (all 0 for none).
 * @param nGroups number of groups K (>= 2).
 * @param nStrata number of strata.
 * @param rho power of the weight `(1 - F(t-))^rho` (cmprsk default 0).
 * @throws RangeError on mismatched lengths or fewer than two groups.
 * @example grayTest(t, s, g, new Int32Array(t.length), 2, 1, 0).stat
 */
export function grayTest(
  time: Float64Array,
  status: Uint8Array,
  group: Int32Array,
  strata: Int32Array,
  nGroups: number,
  nStrata: number,
  rho: number,
): GrayTestResult {
  const n = time.length;
  if (status.length !== n || group.length !== n || strata.length !== n) {
    throw new RangeError('grayTest: time, status, group and strata differ in length');
  }
  if (nGroups < 2) throw new RangeError(`grayTest: need at least 2 groups, got ${nGroups}`);
  const ng1 = nGroups - 1;
  const score = new Float64Array(ng1);
  const variance = new Float64Array(ng1 * ng1);
  for (let ks = 0; ks < nStrata; ks++) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (strata[i] === ks) idx.push(i);
    if (idx.length === 0) continue;
    const part = grayStratum(
      Float64Array.from(idx, (i) => time[i]!),
      Uint8Array.from(idx, (i) => status[i]!),
      Int32Array.from(idx, (i) => group[i]!),
      nGroups,
      rho,
    );
    for (let i = 0; i < ng1; i++) score[i]! += part.score[i]!;
    for (let i = 0; i < ng1 * ng1; i++) variance[i]! += part.variance[i]!;
  }
  const inv = invertSymmetric(variance, ng1);
  let stat = NaN;
  if (inv.rank === ng1) {
    stat = 0;
    for (let i = 0; i < ng1; i++) {
      for (let j = 0; j < ng1; j++) stat += score[i]! * inv.inverse[i * ng1 + j]! * score[j]!;
    }
  }
  const p = Number.isNaN(stat) ? NaN : pchisq(stat, ng1, false);
  return { score, variance, stat, df: ng1, p };
}

/** Scores and variance within one stratum (cmprsk's `crst`). */
function grayStratum(
  y: Float64Array,
  m: Uint8Array,
  ig: Int32Array,
  ng: number,
  rho: number,
): { score: Float64Array; variance: Float64Array } {
  const n = y.length;
  const ng1 = ng - 1;
  const rs = new Float64Array(ng);
  for (let i = 0; i < n; i++) rs[ig[i]!]! += 1;
  const s = new Float64Array(ng1);
  const v = new Float64Array(ng1 * ng1); // lower triangle used, symmetrized at the end
  const f1m = new Float64Array(ng);
  const f1 = new Float64Array(ng);
  const skmm = new Float64Array(ng).fill(1);
  const skm = new Float64Array(ng).fill(1);
  const v3 = new Float64Array(ng);
  const v2 = new Float64Array(ng1 * ng); // v2[i * ng + k]
  const c = new Float64Array(ng * ng);
  const a = new Float64Array(ng * ng);
  const d0 = new Float64Array(ng);
  const d1 = new Float64Array(ng);
  const d2 = new Float64Array(ng);
  let fm = 0;
  let f = 0;
  for (let ll = 0; ll < n; ) {
    let lu = ll;
    while (lu + 1 < n && y[lu + 1]! <= y[ll]!) lu++;
    d0.fill(0);
    d1.fill(0);
    d2.fill(0);
    for (let i = ll; i <= lu; i++) {
      const code = m[i]!;
      const g = ig[i]!;
      if (code === 1) d1[g]! += 1;
      else if (code === 2) d2[g]! += 1;
      else d0[g]! += 1;
    }
    let nd1 = 0;
    let nd2 = 0;
    for (let i = 0; i < ng; i++) {
      nd1 += d1[i]!;
      nd2 += d2[i]!;
    }
    if (nd1 > 0 || nd2 > 0) {
      let tr = 0;
      let tq = 0;
      for (let i = 0; i < ng; i++) {
        if (rs[i]! <= 0) continue;
        const td = d1[i]! + d2[i]!;
        skm[i] = (skmm[i]! * (rs[i]! - td)) / rs[i]!;
        f1[i] = f1m[i]! + (skmm[i]! * d1[i]!) / rs[i]!;
        tr += rs[i]! / skmm[i]!;
        tq += (rs[i]! * (1 - f1m[i]!)) / skmm[i]!;
      }
      f = fm + nd1 / tr;
      const fb = Math.pow(1 - fm, rho);
      for (let i = 0; i < ng; i++) {
        for (let j = i; j < ng; j++) a[i * ng + j] = 0;
        if (rs[i]! <= 0) continue;
        const t1 = rs[i]! / skmm[i]!;
        a[i * ng + i] = fb * t1 * (1 - t1 / tr);
        c[i * ng + i]! += (a[i * ng + i]! * nd1) / (tr * (1 - fm));
        for (let j = i + 1; j < ng; j++) {
          if (rs[j]! <= 0) continue;
          a[i * ng + j] = (-fb * t1 * rs[j]!) / (skmm[j]! * tr);
          c[i * ng + j]! += (a[i * ng + j]! * nd1) / (tr * (1 - fm));
        }
      }
      for (let i = 1; i < ng; i++) {
        for (let j = 0; j < i; j++) {
          a[i * ng + j] = a[j * ng + i]!;
          c[i * ng + j] = c[j * ng + i]!;
        }
      }
      for (let i = 0; i < ng1; i++) {
        if (rs[i]! <= 0) continue;
        s[i]! += fb * (d1[i]! - (nd1 * rs[i]! * (1 - f1m[i]!)) / (skmm[i]! * tq));
      }
      if (nd1 > 0) {
        for (let k = 0; k < ng; k++) {
          if (rs[k]! <= 0) continue;
          const t4 = skm[k]! > 0 ? 1 - (1 - f) / skm[k]! : 1;
          const t5 = nd1 > 1 ? 1 - (nd1 - 1) / (tr * skmm[k]! - 1) : 1;
          const t3 = (t5 * skmm[k]! * nd1) / (tr * rs[k]!);
          v3[k]! += t4 * t4 * t3;
          for (let i = 0; i < ng1; i++) {
            const t1 = a[i * ng + k]! - t4 * c[i * ng + k]!;
            v2[i * ng + k]! += t1 * t4 * t3;
            for (let j = 0; j <= i; j++) {
              const t2 = a[j * ng + k]! - t4 * c[j * ng + k]!;
              v[i * ng1 + j]! += t1 * t2 * t3;
            }
          }
        }
      }
      if (nd2 > 0) {
        for (let k = 0; k < ng; k++) {
          if (skm[k]! <= 0 || d2[k]! <= 0) continue;
          const t4 = (1 - f) / skm[k]!;
          const t5 = d2[k]! > 1 ? 1 - (d2[k]! - 1) / (rs[k]! - 1) : 1;
          const t3 = (t5 * skmm[k]! * skmm[k]! * d2[k]!) / (rs[k]! * rs[k]!);
          v3[k]! += t4 * t4 * t3;
          for (let i = 0; i < ng1; i++) {
            const t1 = t4 * c[i * ng + k]!;
            v2[i * ng + k]! -= t1 * t4 * t3;
            for (let j = 0; j <= i; j++) {
              const t2 = t4 * c[j * ng + k]!;
              v[i * ng1 + j]! += t1 * t2 * t3;
            }
          }
        }
      }
    }
    if (lu >= n - 1) break;
    for (let i = ll; i <= lu; i++) rs[ig[i]!]! -= 1;
    fm = f;
    for (let i = 0; i < ng; i++) {
      f1m[i] = f1[i]!;
      skmm[i] = skm[i]!;
    }
    ll = lu + 1;
  }
  for (let i = 0; i < ng1; i++) {
    for (let j = 0; j <= i; j++) {
      let add = 0;
      for (let k = 0; k < ng; k++) {
        add += c[i * ng + k]! * c[j * ng + k]! * v3[k]!;
        add += c[i * ng + k]! * v2[j * ng + k]!;
        add += c[j * ng + k]! * v2[i * ng + k]!;
      }
      v[i * ng1 + j]! += add;
      v[j * ng1 + i] = v[i * ng1 + j]!;
    }
  }
  return { score: s, variance: v };
}
