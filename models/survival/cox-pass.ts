/**
 * One pass of the Cox partial likelihood over sorted data: log-likelihood,
 * score vector and information matrix at a given coefficient vector, with
 * Breslow or Efron handling of tied event times, strata, case weights,
 * offsets and counting-process `(start, stop]` risk sets.
 *
 * Risk-set sums are accumulated walking backwards in time (stop descending):
 * a row joins the risk set at its stop time and, for counting-process data,
 * leaves it once an event time at or before its start time is reached (R's
 * `agfit4` "add on stop, remove on start" with two sorted indices). Tied
 * event times are processed as one group: censored rows at that time are in
 * the risk set, events enter with weight 1 (Breslow) or stepwise 1/d, 2/d, …
 * (Efron), exactly as `coxfit6.c`/`agfit4.c` define it.
 *
 * Reference: Therneau & Grambsch (2000), *Modeling Survival Data*, ch. 3;
 * Efron B (1977) JASA 72:557–565; survival 3.5-3 `src/coxfit6.c`, `src/agfit4.c`.
 */
import type { CoxSortedData } from './cox-data.js';
import { coxRowUpdate } from './cox-kernel.js';

/** Scratch space of {@link coxPass}, allocated once per fit. */
export interface CoxPassWork {
  /** Linear predictor per sorted row (offset included), filled by each pass. */
  eta: Float64Array;
  a: Float64Array;
  a2: Float64Array;
  /** Packed lower triangles, length p(p+1)/2. */
  cmat: Float64Array;
  cmat2: Float64Array;
  imatPacked: Float64Array;
}

/** Allocate the scratch space for data with `n` rows and `p` covariates. */
export function coxPassWork(n: number, p: number): CoxPassWork {
  const q = (p * (p + 1)) / 2;
  return {
    eta: new Float64Array(n),
    a: new Float64Array(p),
    a2: new Float64Array(p),
    cmat: new Float64Array(q),
    cmat2: new Float64Array(q),
    imatPacked: new Float64Array(q),
  };
}

/**
 * Evaluate the partial log-likelihood, score `u` and information `imat`
 * (full symmetric, row-major `p × p`) at `beta` (on the scaled covariates of `d`).
 *
 * @param d sorted data from `prepareCoxData`.
 * @param beta coefficients on the scaled covariate scale.
 * @param efron true for Efron ties, false for Breslow.
 * @param u output score vector (length p), overwritten.
 * @param imat output information matrix (length p*p), overwritten.
 * @param work scratch space from {@link coxPassWork}.
 * @returns the log partial likelihood.
 */
export function coxPass(
  d: CoxSortedData,
  beta: Float64Array,
  efron: boolean,
  u: Float64Array,
  imat: Float64Array,
  work: CoxPassWork,
): number {
  const { p, x, stop, event, weight, offset, strataBounds, byStart, start } = d;
  const { eta, a, a2, cmat, cmat2, imatPacked: im } = work;
  const update = coxRowUpdate(p);
  const q = cmat.length;
  u.fill(0);
  im.fill(0);
  let loglik = 0;
  const nStrata = strataBounds.length - 1;
  for (let s = 0; s < nStrata; s++) {
    const lo = strataBounds[s]!;
    const hi = strataBounds[s + 1]!;
    let denom = 0;
    let nrisk = 0;
    a.fill(0);
    cmat.fill(0);
    let ps = lo; // pointer into byStart (counting process)
    let k = lo;
    while (k < hi) {
      const t = stop[k]!;
      let ndead = 0;
      let deadwt = 0;
      let denom2 = 0;
      a2.fill(0);
      cmat2.fill(0);
      // Walk the rows tied at this stop time.
      for (; k < hi && stop[k] === t; k++) {
        const base = k * p;
        let e = offset[k]!;
        for (let j = 0; j < p; j++) e += beta[j]! * x[base + j]!;
        eta[k] = e;
        const wk = weight[k]!;
        const risk = Math.exp(e) * wk;
        nrisk++;
        if (event[k] === 1) {
          ndead++;
          deadwt += wk;
          denom2 += risk;
          loglik += wk * e;
          for (let i = 0; i < p; i++) u[i] = u[i]! + wk * x[base + i]!;
          update(cmat2, a2, x, base, risk);
        } else {
          denom += risk;
          update(cmat, a, x, base, risk);
        }
      }
      if (ndead === 0) continue;
      if (byStart !== null) {
        // Remove rows whose interval starts at or after this event time.
        for (; ps < hi; ps++) {
          const r = byStart[ps]!;
          if (start![r]! < t) break;
          nrisk--;
          if (nrisk === 0) {
            denom = 0;
            a.fill(0);
            cmat.fill(0);
          } else {
            const risk = Math.exp(eta[r]!) * weight[r]!;
            denom -= risk;
            update(cmat, a, x, r * p, -risk);
          }
        }
      }
      if (!efron || ndead === 1) {
        denom += denom2;
        loglik -= deadwt * Math.log(denom);
        for (let i = 0; i < p; i++) a[i] = a[i]! + a2[i]!;
        for (let o = 0; o < q; o++) cmat[o] = cmat[o]! + cmat2[o]!;
        for (let i = 0, o = 0; i < p; i++) {
          const mi = a[i]! / denom;
          u[i] = u[i]! - deadwt * mi;
          for (let j = 0; j <= i; j++, o++) im[o] = im[o]! + (deadwt * (cmat[o]! - mi * a[j]!)) / denom;
        }
      } else {
        // Efron: the d tied events enter in steps f_m = (m+1)/d, m = 0..d-1, with
        // denominators D_m = D + f_m·E (R's coxfit6/agfit4 loop). The sums over m are
        // formed in closed form: O(d + p²) per event time instead of O(d·p²).
        const wtave = deadwt / ndead;
        let s0 = 0; // Σ 1/D_m
        let s1 = 0; // Σ f_m/D_m
        let t0 = 0; // Σ 1/D_m²
        let t1 = 0; // Σ f_m/D_m²
        let t2 = 0; // Σ f_m²/D_m²
        let logs = 0;
        for (let m = 0; m < ndead; m++) {
          const f = (m + 1) / ndead;
          const dm = denom + f * denom2;
          const inv = 1 / dm;
          logs += Math.log(dm);
          s0 += inv;
          s1 += f * inv;
          const inv2 = inv * inv;
          t0 += inv2;
          t1 += f * inv2;
          t2 += f * f * inv2;
        }
        loglik -= wtave * logs;
        for (let i = 0, o = 0; i < p; i++) {
          const ai = a[i]!;
          const a2i = a2[i]!;
          u[i] = u[i]! - wtave * (ai * s0 + a2i * s1);
          for (let j = 0; j <= i; j++, o++) {
            const aj = a[j]!;
            const a2j = a2[j]!;
            const cterm = cmat[o]! * s0 + cmat2[o]! * s1;
            const aterm = ai * aj * t0 + (ai * a2j + a2i * aj) * t1 + a2i * a2j * t2;
            im[o] = im[o]! + wtave * (cterm - aterm);
          }
        }
        denom += denom2;
        for (let i = 0; i < p; i++) a[i] = a[i]! + a2[i]!;
        for (let o = 0; o < q; o++) cmat[o] = cmat[o]! + cmat2[o]!;
      }
    }
  }
  for (let i = 0, o = 0; i < p; i++) {
    for (let j = 0; j <= i; j++, o++) {
      imat[i * p + j] = im[o]!;
      imat[j * p + i] = im[o]!;
    }
  }
  return loglik;
}
