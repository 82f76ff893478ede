/**
 * The numeric core of the elastic-net penalized Cox model, as glmnet's
 * `family = "cox"` (Fortran `coxnet1`): it minimizes
 *
 *   -(1 / sum(w)) * loglik_Breslow(b) + lambda * sum_j vp_j * (alpha * |b_j| + (1 - alpha) / 2 * b_j^2)
 *
 * over a decreasing lambda path with warm starts. At each lambda the partial
 * likelihood is replaced by its quadratic approximation in the linear
 * predictor using the diagonal of its Hessian (working weights w_i and
 * working residuals wr_i = gradient, glmnet's `outer`); cyclic coordinate
 * descent with soft-thresholding solves the penalized weighted least squares
 * problem, first over the strong set (sequential strong rule, Tibshirani et
 * al. 2012) and then repeatedly over the active set, until
 * `max_j v_j * delta_j^2 < thresh * D0`; the approximation is then renewed
 * until no active coefficient moves by that much, and the KKT conditions are
 * checked on every variable outside the strong set (violators join and the
 * cycle repeats). All of this is glmnet's scheme, so paths, lambda values
 * and early-stopping decisions match R's.
 *
 * Automatic path: lambda_max = max_j |x_j' wr(0)| / vp_j / max(alpha, 1e-3)
 * (null gradient on the standardized scale), then `nlambda` values spaced
 * evenly on the log scale down to `lambdaMinRatio * lambda_max`; the path
 * stops early (after at least 5 values) when dev.ratio grows by less than
 * 0.1% relative over 4 steps, exceeds 0.99, or more than `dfmax` coefficients
 * are non-zero.
 *
 * Cost and layout (same iterations as glmnet, fewer sweeps over the data):
 * almost all the time goes into sweeps over covariate columns, so the
 * standardized X (rows sorted by time, column j at `j * m`), w, wr and f
 * live in one heap served by the vector kernels of coxnet-kernels.ts
 * (WebAssembly SIMD, or plain loops with the same roundings); a coordinate
 * step is one sweep (residual update of x_j fused with the inner product of
 * the next column, where glmnet makes three); glmnet's `vars` sweep is folded
 * into the first strong-set pass after the weights are renewed; and the
 * linear predictor is rebuilt once per renewal, four columns per sweep,
 * instead of being updated at every coordinate step. None of this changes
 * the iterates beyond rounding, nor the pass counts (R's `npasses`).
 *
 * Reference: Simon N, Friedman J, Hastie T, Tibshirani R (2011) J Stat Softw
 * 39(5):1-13; Tibshirani R et al. (2012) JRSS B 74:245-266 (strong rules);
 * glmnet 4.1-6 `inst/mortran/coxnet5dpclean.m`.
 */
import type { CoxnetSettings } from './coxnet-control.js';
import { COXNET_PATH_CONSTANTS } from './coxnet-control.js';
import type { CoxnetData } from './coxnet-data.js';
import type { CoxnetKernelMode } from './coxnet-kernels.js';
import { createCoxnetKernels } from './coxnet-kernels.js';

/** Result of {@link coxnetPath}: one entry per lambda actually fitted. */
export interface CoxnetPathResult {
  /** Lambda values (decreasing); for the automatic path the first is lambda_max as R reports it. */
  lambda: Float64Array;
  /** Coefficients on the original covariate scale, one dense Float64Array of length p per lambda. */
  beta: Float64Array[];
  /** Number of non-zero coefficients per lambda. */
  df: Int32Array;
  /** Fraction of the null deviance explained per lambda (R: `dev.ratio`). */
  devRatio: Float64Array;
  /** Null deviance `2 * sum(w) * D0` (R: `nulldev`): twice the saturated minus null log partial likelihood, with weights. */
  nullDeviance: number;
  /** Coordinate-descent passes spent on each lambda. */
  passes: Int32Array;
  /** Total passes over the path (R: `npasses`). */
  totalPasses: number;
  /** False when a lambda hit `maxit` (the path is then truncated before it) or another numeric stop occurred. */
  converged: boolean;
  /** Warnings, as glmnet would give them. */
  warnings: string[];
}

/**
 * Fit the elastic-net Cox path on prepared data.
 * @param d data from {@link prepareCoxnetData}
 * @param s validated settings from {@link coxnetSettings}
 * @param kernelMode vector kernels: 'auto' (default; WebAssembly SIMD when available), 'wasm' or 'js'. Every mode
 *   does the same double-precision operations in the same order, so the result does not depend on it.
 */
export function coxnetPath(d: CoxnetData, s: CoxnetSettings, kernelMode: CoxnetKernelMode = 'auto'): CoxnetPathResult {
  const { m, p, q, dq, dk, nk, groupStart, usable } = d;
  const { alpha, maxit } = s;
  const oma = 1 - alpha;
  const C = COXNET_PATH_CONSTANTS;
  const userLambda = s.lambda !== null;
  const nlam = userLambda ? s.lambda!.length : s.nlambda;
  const ne = s.dfmax;
  const nx = s.pmax;
  const warnings: string[] = [];

  // Penalty factors rescaled to sum p (glmnet: vq = vp * ni / sum(vp)).
  const vp = new Float64Array(p);
  let svp = 0;
  for (let j = 0; j < p; j++) svp += Math.max(0, s.penaltyFactor[j]!);
  for (let j = 0; j < p; j++) vp[j] = (Math.max(0, s.penaltyFactor[j]!) * p) / svp;

  const r0 = groupStart[0]!; // rows before the first event time are in no risk set
  const nr = m - r0; // rows the vector kernels run over
  const fmax = Math.log(Number.MAX_VALUE * 0.1);
  // One heap for everything the kernels touch: X (column j at j * m), then w, wr, f, f0 (m each), v (p).
  const K = createCoxnetKernels(m * p + 4 * m + p, kernelMode);
  const H = K.heap;
  H.set(d.xs, 0);
  const oW = m * p;
  const oWr = oW + m;
  const oF = oWr + m;
  const oF0 = oF + m;
  const w = H.subarray(oW, oW + m);
  const wr = H.subarray(oWr, oWr + m);
  const f = H.subarray(oF, oF + m);
  const f0 = H.subarray(oF0, oF0 + m);
  const oV = oF0 + m;
  /** v_j = sum w x_j^2 under the current weights (glmnet `vars`), for strong-set columns. */
  const v = H.subarray(oV, oV + p);
  const e = new Float64Array(m);
  const u = new Float64Array(nk);

  // Offset centred by its weighted mean.
  let gm = 0;
  let anyOffset = false;
  for (let r = 0; r < m; r++) {
    gm += q[r]! * d.offset[r]!;
    if (d.offset[r] !== 0) anyOffset = true;
  }
  const clipExp = (v: number): number => Math.exp(v > fmax ? fmax : v < -fmax ? -fmax : v);
  for (let r = 0; r < m; r++) {
    f0[r] = anyOffset ? d.offset[r]! - gm : 0;
    f[r] = f0[r]!;
    e[r] = anyOffset ? q[r]! * clipExp(f[r]!) : q[r]!;
  }

  /** Risk-set sums u_k = sum of e over rows with time >= t_k (glmnet `usk`). */
  const usk = (): void => {
    let h = 0;
    for (let k = nk - 1; k >= 0; k--) {
      const a0 = groupStart[k]!;
      const a1 = groupStart[k + 1]!;
      for (let r = a1 - 1; r >= a0; r--) h += e[r]!;
      u[k] = h;
    }
  };
  /** Log partial likelihood on glmnet's scale (glmnet `risk`). */
  const risk = (): number => {
    usk();
    let sdf = 0;
    for (let r = r0; r < m; r++) sdf += dq[r]! * f[r]!;
    let sl = 0;
    for (let k = 0; k < nk; k++) sl += dk[k]! * Math.log(u[k]!);
    return sdf - sl;
  };
  /** Working weights and residuals of the quadratic approximation (glmnet `outer`); false on a non-positive weight. */
  const outer = (): boolean => {
    usk();
    let b = 0;
    let c = 0;
    for (let k = 0; k < nk; k++) {
      const uk = u[k]!;
      b += dk[k]! / uk;
      c += dk[k]! / (uk * uk);
      const a1 = groupStart[k + 1]!;
      for (let r = groupStart[k]!; r < a1; r++) {
        const er = e[r]!;
        const wi = er * (b - er * c);
        if (!(wi > 0)) return false;
        w[r] = wi;
        wr[r] = dq[r]! - er * b;
      }
    }
    return true;
  };

  const rNull = risk();
  let lsat = 0;
  for (let k = 0; k < nk; k++) lsat += dk[k]! * Math.log(dk[k]!);
  const dev0 = -(lsat + rNull); // (saturated - null) log-likelihood on the 1/sum(w) scale
  if (!outer()) {
    return emptyResult(dev0, d.sumWeights, ['coxnet: non-positive working weight at the null model (glmnet jerr -30000)']);
  }
  const cthr = s.thresh * dev0;

  const a = new Float64Array(p);
  const as = new Float64Array(p);
  const ga = new Float64Array(p);
  const ixx = new Uint8Array(p);
  const mm = new Int32Array(p).fill(-1); // position in the active list
  const act = new Int32Array(Math.max(nx, 1) + 1);
  let nin = 0;
  let nlp = 0;

  /** x_j' wr over the rows in some risk set. */
  const gradDot = (j: number): number => K.dot(oWr + r0, j * m + r0, nr);
  for (let j = 0; j < p; j++) if (usable[j]) ga[j] = Math.abs(gradDot(j));

  let alf = 1;
  if (!userLambda) {
    const eqs = Math.max(C.minFlmin, s.lambdaMinRatio);
    alf = Math.pow(eqs, 1 / (nlam - 1));
  }

  const lambdaOut: number[] = [];
  const betaOut: Float64Array[] = [];
  const dfOut: number[] = [];
  const devOut: number[] = [];
  const passOut: number[] = [];
  let converged = true;
  let al = 0;
  let sa = 0;
  let omal = 0;
  let dli = 0;

  /**
   * One cyclic pass of coordinate updates (soft-thresholded weighted least
   * squares steps) over `idx[0..len)`, in that order, as glmnet. The residual
   * update of one coordinate (wr -= del * w * x_j) is fused with the inner
   * product of the next (one sweep over the rows instead of two; the
   * `updDot` kernel); the linear predictor f is not
   * updated here but rebuilt from the coefficients before the weights are
   * renewed ({@link rebuildF}). With `withV` (the first pass over the strong
   * set after the weights were renewed) the same sweep that reads x_j for its
   * inner product also computes v_j (glmnet's `vars`, done there as a separate
   * sweep over the strong set). Returns false when more than pmax variables
   * would become active.
   */
  const pass = (idx: Int32Array, len: number, addActive: boolean, withV: boolean): boolean => {
    if (len === 0) return true;
    let j = idx[0]!;
    let s0 = withV ? K.dotWss(oWr + r0, oW + r0, j * m + r0, nr, oV + j) : gradDot(j);
    for (let t = 0; t < len; t++) {
      const next = t + 1 < len ? idx[t + 1]! : -1;
      const vj = v[j]!;
      const aj = a[j]!;
      const uu = aj * vj + s0;
      const pen = vp[j]! * sa;
      let at = 0;
      if (Math.abs(uu) > pen) at = (uu > 0 ? uu - pen : uu + pen) / (vj + vp[j]! * omal);
      if (at !== aj) {
        const del = at - aj;
        a[j] = at;
        const dd = vj * del * del;
        if (dd > dli) dli = dd;
        if (next < 0) K.upd(oWr + r0, oW + r0, j * m + r0, nr, del);
        else if (withV) s0 = K.updDotWss(oWr + r0, oW + r0, j * m + r0, next * m + r0, nr, del, oV + next);
        else s0 = K.updDot(oWr + r0, oW + r0, j * m + r0, next * m + r0, nr, del);
        if (addActive && mm[j] === -1) {
          if (nin >= nx) return false;
          mm[j] = nin;
          act[nin++] = j;
        }
      } else if (next >= 0) {
        s0 = withV ? K.dotWss(oWr + r0, oW + r0, next * m + r0, nr, oV + next) : gradDot(next);
      }
      j = next;
    }
    return true;
  };
  /** f = centred offset + sum over active columns of a_j x_j (sorted rows). */
  const nzIdx = new Int32Array(p);
  const rebuildF = (): void => {
    H.copyWithin(oF + r0, oF0 + r0, oF0 + m);
    // Non-zero active columns in active-list order, four per sweep (same roundings as one at a time).
    let c = 0;
    for (let l = 0; l < nin; l++) {
      const j = act[l]!;
      if (a[j] !== 0) nzIdx[c++] = j;
    }
    let t = 0;
    for (; t + 3 < c; t += 4) {
      const j1 = nzIdx[t]!;
      const j2 = nzIdx[t + 1]!;
      const j3 = nzIdx[t + 2]!;
      const j4 = nzIdx[t + 3]!;
      K.axpy4(oF + r0, j1 * m + r0, j2 * m + r0, j3 * m + r0, j4 * m + r0, nr, a[j1]!, a[j2]!, a[j3]!, a[j4]!);
    }
    for (; t < c; t++) K.axpy(oF + r0, nzIdx[t]! * m + r0, nr, a[nzIdx[t]!]!);
  };
  const strong = new Int32Array(p);

  path: for (let ilm = 0; ilm < nlam; ilm++) {
    const nlpStart = nlp;
    let al0 = al;
    if (userLambda) al = s.lambda![ilm]!;
    else if (ilm > 1) al *= alf;
    else if (ilm === 0) al = C.big;
    else {
      al0 = 0;
      for (let j = 0; j < p; j++) if (usable[j] && vp[j]! > 0) al0 = Math.max(al0, ga[j]! / vp[j]!);
      al0 /= Math.max(alpha, 1e-3);
      al = alf * al0;
    }
    sa = alpha * al;
    omal = oma * al;
    const tlam = alpha * (2 * al - al0);
    for (let k = 0; k < p; k++) if (!ixx[k] && usable[k] && ga[k]! > tlam * vp[k]!) ixx[k] = 1;

    let tooMany = false;
    for (;;) {
      if (nlp > maxit) {
        warnings.push(`coxnet: convergence for lambda number ${ilm + 1} not reached after maxit = ${maxit} passes; solutions for larger lambdas returned`);
        converged = false;
        break path;
      }
      for (let l = 0; l < nin; l++) as[act[l]!] = a[act[l]!]!;
      let ns = 0;
      for (let j = 0; j < p; j++) if (ixx[j]) strong[ns++] = j;
      let withV = true; // v is (re)computed during the first strong pass under the new weights
      for (;;) {
        nlp++;
        dli = 0;
        const ok = pass(strong, ns, true, withV);
        withV = false;
        if (!ok) {
          tooMany = true;
          break;
        }
        if (dli < cthr) break;
        if (nlp > maxit) {
          warnings.push(`coxnet: convergence for lambda number ${ilm + 1} not reached after maxit = ${maxit} passes; solutions for larger lambdas returned`);
          converged = false;
          break path;
        }
        for (;;) {
          nlp++;
          dli = 0;
          pass(act, nin, false, false);
          if (dli < cthr) break;
          if (nlp > maxit) {
            warnings.push(`coxnet: convergence for lambda number ${ilm + 1} not reached after maxit = ${maxit} passes; solutions for larger lambdas returned`);
            converged = false;
            break path;
          }
        }
      }
      if (tooMany) break;
      rebuildF();
      for (let r = r0; r < m; r++) e[r] = q[r]! * clipExp(f[r]!);
      if (!outer()) {
        warnings.push(`coxnet: non-positive working weight at lambda number ${ilm + 1} (glmnet jerr -30000); path truncated`);
        converged = false;
        break path;
      }
      let moved = false;
      for (let l = 0; l < nin; l++) {
        const k = act[l]!;
        const dlt = a[k]! - as[k]!;
        if (v[k]! * dlt * dlt >= cthr) {
          moved = true;
          break;
        }
      }
      if (!moved) {
        for (let k = 0; k < p; k++) {
          if (ixx[k] || !usable[k]) continue;
          ga[k] = Math.abs(gradDot(k));
          if (ga[k]! > sa * vp[k]!) {
            ixx[k] = 1;
            moved = true;
          }
        }
        if (!moved) break;
      }
    }
    if (tooMany) {
      warnings.push(`coxnet: more than pmax = ${nx} variables would be active at lambda number ${ilm + 1}; path truncated`);
      break;
    }
    const beta = new Float64Array(p);
    let me = 0;
    for (let l = 0; l < nin; l++) {
      const j = act[l]!;
      beta[j] = a[j]! / d.scale[j]!;
      if (a[j] !== 0) me++;
    }
    lambdaOut.push(al);
    betaOut.push(beta);
    dfOut.push(me);
    devOut.push((risk() - rNull) / dev0);
    passOut.push(nlp - nlpStart);
    if (ilm + 1 < C.mnlam || userLambda) continue;
    if (me > ne) break;
    const dv = devOut[ilm]!;
    if ((dv - devOut[ilm - C.mnlam + 1]!) / dv < C.fdev) break;
    if (dv > C.devmax) break;
  }
  // R (glmnet fix.lam): the first lambda of the automatic path is reported as
  // exp(2 log lambda_2 - log lambda_3), i.e. lambda_max.
  if (!userLambda && lambdaOut.length > 2) {
    lambdaOut[0] = Math.exp(2 * Math.log(lambdaOut[1]!) - Math.log(lambdaOut[2]!));
  }
  return {
    lambda: Float64Array.from(lambdaOut),
    beta: betaOut,
    df: Int32Array.from(dfOut),
    devRatio: Float64Array.from(devOut),
    nullDeviance: 2 * d.sumWeights * dev0,
    passes: Int32Array.from(passOut),
    totalPasses: nlp,
    converged,
    warnings,
  };
}

function emptyResult(dev0: number, sw: number, warnings: string[]): CoxnetPathResult {
  return {
    lambda: new Float64Array(0),
    beta: [],
    df: new Int32Array(0),
    devRatio: new Float64Array(0),
    nullDeviance: 2 * sw * dev0,
    passes: new Int32Array(0),
    totalPasses: 0,
    converged: false,
    warnings,
  };
}
