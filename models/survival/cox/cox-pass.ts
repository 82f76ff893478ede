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
import { coxRowUpdate, rowUpdateLoop } from './cox-kernel.js';
import type { RowUpdate } from './cox-kernel.js';

/**
 * Passes with p covariates run in this process so far. The straight-line row
 * update is about a third faster once optimized but is one large function
 * that V8 compiles late and slowly; the first fit of a process (its first
 * {@link COLD_PASSES} passes for a p) uses the loop form instead, which V8
 * optimizes almost at once. Both forms are bit-identical (cox-kernel.ts).
 */
const passesByP = new Map<number, number>();
const loopByP = new Map<number, RowUpdate>();
/** Passes per p before the straight-line row update is used. */
export const COLD_PASSES = 8;

function rowUpdateFor(p: number): RowUpdate {
  const done = passesByP.get(p) ?? 0;
  passesByP.set(p, done + 1);
  if (done >= COLD_PASSES) return coxRowUpdate(p);
  let f = loopByP.get(p);
  if (!f) loopByP.set(p, (f = rowUpdateLoop(p)));
  return f;
}

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
  /**
   * Running scalars of the pass: [0] denom (risk-set sum of the rows that are
   * not events at the current time), [1] nrisk, [2] loglik, [3] ndead,
   * [4] deadwt, [5] denom2 (events at the current time).
   */
  s: Float64Array;
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
    s: new Float64Array(6),
  };
}

/** Add the rows tied at stop time `stop[k]` (from k on) to the sums; returns the first row after them. */
function addTied(d: CoxSortedData, beta: Float64Array, u: Float64Array, w: CoxPassWork, update: RowUpdate, k: number, hi: number): number {
  const { p, x, stop, event, weight, offset } = d;
  const { eta, a, a2, cmat, cmat2, s } = w;
  const t = stop[k]!;
  let denom = s[0]!;
  let nrisk = s[1]!;
  let loglik = s[2]!;
  let ndead = 0;
  let deadwt = 0;
  let denom2 = 0;
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
  s[0] = denom;
  s[1] = nrisk;
  s[2] = loglik;
  s[3] = ndead;
  s[4] = deadwt;
  s[5] = denom2;
  return k;
}

/** Counting process: remove the rows whose interval starts at or after time t; returns the new pointer into byStart. */
function removeStarted(d: CoxSortedData, w: CoxPassWork, update: RowUpdate, t: number, ps: number, hi: number): number {
  const { p, x, weight, start, byStart } = d;
  const { eta, a, cmat, s } = w;
  let denom = s[0]!;
  let nrisk = s[1]!;
  for (; ps < hi; ps++) {
    const r = byStart![ps]!;
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
  s[0] = denom;
  s[1] = nrisk;
  return ps;
}

/** Breslow (or a single event): the events join the risk set at once. */
function breslowStep(p: number, u: Float64Array, im: Float64Array, w: CoxPassWork): void {
  const { a, a2, cmat, cmat2, s } = w;
  const q = cmat.length;
  const deadwt = s[4]!;
  const denom = s[0]! + s[5]!;
  s[0] = denom;
  s[2] = s[2]! - deadwt * Math.log(denom);
  for (let i = 0; i < p; i++) a[i] = a[i]! + a2[i]!;
  for (let o = 0; o < q; o++) cmat[o] = cmat[o]! + cmat2[o]!;
  for (let i = 0, o = 0; i < p; i++) {
    const mi = a[i]! / denom;
    u[i] = u[i]! - deadwt * mi;
    for (let j = 0; j <= i; j++, o++) im[o] = im[o]! + (deadwt * (cmat[o]! - mi * a[j]!)) / denom;
  }
}

/**
 * Efron: the d tied events enter in steps f_m = (m+1)/d, m = 0..d-1, with
 * denominators D_m = D + f_m·E (R's coxfit6/agfit4 loop). The sums over m are
 * formed in closed form: O(d + p²) per event time instead of O(d·p²).
 */
function efronStep(p: number, u: Float64Array, im: Float64Array, w: CoxPassWork): void {
  const { a, a2, cmat, cmat2, s } = w;
  const q = cmat.length;
  const denom = s[0]!;
  const ndead = s[3]!;
  const denom2 = s[5]!;
  const wtave = s[4]! / ndead;
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
  s[2] = s[2]! - wtave * logs;
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
  s[0] = denom + denom2;
  for (let i = 0; i < p; i++) a[i] = a[i]! + a2[i]!;
  for (let o = 0; o < q; o++) cmat[o] = cmat[o]! + cmat2[o]!;
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
  const { p, stop, strataBounds, byStart } = d;
  const { a, a2, cmat, cmat2, imatPacked: im, s } = work;
  const update = rowUpdateFor(p);
  u.fill(0);
  im.fill(0);
  s[2] = 0; // loglik
  const nStrata = strataBounds.length - 1;
  for (let st = 0; st < nStrata; st++) {
    const lo = strataBounds[st]!;
    const hi = strataBounds[st + 1]!;
    s[0] = 0; // denom
    s[1] = 0; // nrisk
    a.fill(0);
    cmat.fill(0);
    let ps = lo; // pointer into byStart (counting process)
    let k = lo;
    while (k < hi) {
      const t = stop[k]!;
      a2.fill(0);
      cmat2.fill(0);
      // The rows tied at this stop time.
      k = addTied(d, beta, u, work, update, k, hi);
      if (s[3] === 0) continue;
      if (byStart !== null) ps = removeStarted(d, work, update, t, ps, hi);
      if (!efron || s[3] === 1) breslowStep(p, u, im, work);
      else efronStep(p, u, im, work);
    }
  }
  for (let i = 0, o = 0; i < p; i++) {
    for (let j = 0; j <= i; j++, o++) {
      imat[i * p + j] = im[o]!;
      imat[j * p + i] = im[o]!;
    }
  }
  return s[2]!;
}
