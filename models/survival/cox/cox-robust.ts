/**
 * Robust (sandwich) variance of a Cox fit: score residuals, R's "dfbeta"
 * residuals `w · score_resid · V`, summed within cluster, `V_robust = D'D`;
 * and R's robust score test from the score residuals at the initial values.
 *
 * Score residuals follow `coxscore2.c`/`agscore3.c` (Breslow and Efron,
 * counting process, strata), computed in O(n p) with cumulative hazard sums
 * instead of R's O(n²) loop:
 *   L_k = δ_k (x_k - x̄(t_k)) - r_k Σ_{event times s in (start_k, stop_k]} (x_k - x̄(s)) dΛ(s),
 * with Efron's stepwise-reduced risk sets at tied event times.
 *
 * Reference: Lin DY, Wei LJ (1989) JASA 84:1074–1078; Therneau & Grambsch
 * (2000) §7.2; survival 3.5-3 `R/coxph.R` (robust branch), `src/coxscore2.c`.
 */
import { choleskyLdl } from '../../linalg/cholesky.js';
import { choleskySolve } from '../../linalg/cholesky-solve.js';
import type { CoxSortedData } from './cox-data.js';

/**
 * Score residuals in sorted order on the scaled covariates (row-major `n × p`),
 * unweighted (multiply by the case weight for R's `weighted = TRUE`).
 *
 * @param d sorted data.
 * @param eta linear predictor per sorted row (only `exp(eta)` ratios matter).
 * @param efron Efron (true) or Breslow ties.
 */
export function coxScoreResidualsSorted(d: CoxSortedData, eta: Float64Array, efron: boolean): Float64Array {
  const { n, p, x, stop, event, weight, strataBounds, byStart, start } = d;
  const resid = new Float64Array(n * p);
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const mean = new Float64Array(p);
  const risk = new Float64Array(n);
  for (let k = 0; k < n; k++) risk[k] = Math.exp(eta[k]!);
  for (let s = 0; s + 1 < strataBounds.length; s++) {
    const lo = strataBounds[s]!;
    const hi = strataBounds[s + 1]!;
    // Per event-time group (descending time): time, h, g, hd, gd, ebar.
    const times: number[] = [];
    const hArr: number[] = [];
    const hdArr: number[] = [];
    const gArr: number[] = [];
    const gdArr: number[] = [];
    const eArr: number[] = [];
    let denom = 0;
    let nrisk = 0;
    a.fill(0);
    let ps = lo;
    let k = lo;
    while (k < hi) {
      const t = stop[k]!;
      let ndead = 0;
      let deadwt = 0;
      let edenom = 0;
      a2.fill(0);
      for (; k < hi && stop[k] === t; k++) {
        const rk = risk[k]! * weight[k]!;
        const base = k * p;
        nrisk++;
        denom += rk;
        for (let i = 0; i < p; i++) a[i] = a[i]! + rk * x[base + i]!;
        if (event[k] === 1) {
          ndead++;
          deadwt += weight[k]!;
          edenom += rk;
          for (let i = 0; i < p; i++) a2[i] = a2[i]! + rk * x[base + i]!;
        }
      }
      if (ndead === 0) continue;
      if (byStart !== null) {
        for (; ps < hi; ps++) {
          const r = byStart[ps]!;
          if (start![r]! < t) break;
          nrisk--;
          if (nrisk === 0) {
            denom = 0;
            a.fill(0);
          } else {
            const rr = risk[r]! * weight[r]!;
            denom -= rr;
            for (let i = 0; i < p; i++) a[i] = a[i]! - rr * x[r * p + i]!;
          }
        }
      }
      times.push(t);
      let h = 0;
      let hd = 0;
      const g = new Float64Array(p);
      const gd = new Float64Array(p);
      const eb = new Float64Array(p);
      if (!efron || ndead === 1) {
        h = deadwt / denom;
        hd = h;
        for (let i = 0; i < p; i++) {
          const m = a[i]! / denom;
          g[i] = h * m;
          gd[i] = h * m;
          eb[i] = m;
        }
      } else {
        const meanwt = deadwt / ndead;
        for (let dd = 0; dd < ndead; dd++) {
          const down = dd / ndead;
          const den = denom - down * edenom;
          const hz = meanwt / den;
          h += hz;
          hd += hz * (1 - down);
          for (let i = 0; i < p; i++) {
            const m = (a[i]! - down * a2[i]!) / den;
            mean[i] = m;
            g[i] = g[i]! + hz * m;
            gd[i] = gd[i]! + hz * (1 - down) * m;
            eb[i] = eb[i]! + m / ndead;
          }
        }
      }
      hArr.push(h);
      hdArr.push(hd);
      for (let i = 0; i < p; i++) {
        gArr.push(g[i]!);
        gdArr.push(gd[i]!);
        eArr.push(eb[i]!);
      }
    }
    const ng = times.length;
    if (ng === 0) continue;
    // Cumulative sums from the smallest time upwards: cum[gi] covers groups gi..ng-1.
    const cumH = new Float64Array(ng + 1);
    const cumG = new Float64Array((ng + 1) * p);
    for (let gi = ng - 1; gi >= 0; gi--) {
      cumH[gi] = cumH[gi + 1]! + hArr[gi]!;
      for (let i = 0; i < p; i++) cumG[gi * p + i] = cumG[(gi + 1) * p + i]! + gArr[gi * p + i]!;
    }
    // First group with time <= v (times descending); ng when none.
    const firstAtOrBelow = (v: number): number => {
      let l = 0;
      let r = ng;
      while (l < r) {
        const mid = (l + r) >> 1;
        if (times[mid]! <= v) r = mid;
        else l = mid + 1;
      }
      return l;
    };
    let gp = 0;
    for (let kk = lo; kk < hi; kk++) {
      const t = stop[kk]!;
      while (gp < ng && times[gp]! > t) gp++;
      const gs = byStart !== null ? firstAtOrBelow(start![kk]!) : ng;
      const rk = risk[kk]!;
      const H = cumH[gp]! - cumH[gs]!;
      const base = kk * p;
      for (let i = 0; i < p; i++) {
        const xi = x[base + i]!;
        const G = cumG[gp * p + i]! - cumG[gs * p + i]!;
        resid[base + i] = -rk * (xi * H - G);
      }
      if (event[kk] === 1) {
        // Own event time: Efron-reduced share instead of the full one, plus the event term.
        const hh = hArr[gp]!;
        const hhd = hdArr[gp]!;
        for (let i = 0; i < p; i++) {
          const xi = x[base + i]!;
          const full = xi * hh - gArr[gp * p + i]!;
          const own = xi * hhd - gdArr[gp * p + i]!;
          resid[base + i] = resid[base + i]! + rk * (full - own) + (xi - eArr[gp * p + i]!);
        }
      }
    }
  }
  return resid;
}

/** Sum weighted, original-scale score residuals within clusters (R's `rowsum(rr, collapse)`). */
function collapse(
  d: CoxSortedData,
  resid: Float64Array,
  cluster: Int32Array | null,
): { m: Float64Array; nc: number } {
  const { n, p, order, weight, scale } = d;
  let ids: Int32Array;
  let nc: number;
  if (cluster) {
    const map = new Map<number, number>();
    ids = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const c = cluster[order[k]!]!;
      let id = map.get(c);
      if (id === undefined) {
        id = map.size;
        map.set(c, id);
      }
      ids[k] = id;
    }
    nc = map.size;
  } else {
    ids = new Int32Array(n);
    for (let k = 0; k < n; k++) ids[k] = k;
    nc = n;
  }
  const m = new Float64Array(nc * p);
  for (let k = 0; k < n; k++) {
    const w = weight[k]!;
    const o = ids[k]! * p;
    for (let i = 0; i < p; i++) m[o + i] = m[o + i]! + (w * resid[k * p + i]!) / scale[i]!;
  }
  return { m, nc };
}

function crossprod(m: Float64Array, nc: number, p: number): Float64Array {
  const out = new Float64Array(p * p);
  for (let c = 0; c < nc; c++) {
    const o = c * p;
    for (let i = 0; i < p; i++) {
      const v = m[o + i]!;
      if (v === 0) continue;
      for (let j = 0; j <= i; j++) out[i * p + j] = out[i * p + j]! + v * m[o + j]!;
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) out[j * p + i] = out[i * p + j]!;
  return out;
}

/**
 * Robust variance and robust score test of a fitted Cox model.
 *
 * @param d sorted data.
 * @param o `beta`/`init` on the scaled covariates, the naive variance (original
 *   scale, row-major), tie method, cluster per input row (null: one per row).
 * @returns `robustVar` (`D'D` with `D` the collapsed dfbeta residuals) and
 *   `robustScoreTest` (`u' (T'T)⁻¹ u` with `T` the collapsed score residuals at `init`).
 */
export function coxRobust(
  d: CoxSortedData,
  o: {
    beta: Float64Array;
    init: Float64Array;
    naiveVar: Float64Array;
    efron: boolean;
    cluster: Int32Array | null;
    tolerChol: number;
  },
): { robustVar: Float64Array; robustScoreTest: number } {
  const { n, p, x, offset } = d;
  const eta = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let z = offset[k]!;
    for (let j = 0; j < p; j++) z += o.beta[j]! * x[k * p + j]!;
    eta[k] = z;
  }
  const res = coxScoreResidualsSorted(d, eta, o.efron);
  const { m, nc } = collapse(d, res, o.cluster);
  // dfbeta = collapsed residuals %*% V.
  const dfb = new Float64Array(nc * p);
  for (let c = 0; c < nc; c++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let i = 0; i < p; i++) s += m[c * p + i]! * o.naiveVar[i * p + j]!;
      dfb[c * p + j] = s;
    }
  const robustVar = crossprod(dfb, nc, p);

  // Robust score test at the initial values (R sets the linear predictor to X·init, no offset).
  for (let k = 0; k < n; k++) {
    let z = 0;
    for (let j = 0; j < p; j++) z += o.init[j]! * x[k * p + j]!;
    eta[k] = z;
  }
  const res0 = coxScoreResidualsSorted(d, eta, o.efron);
  const c0 = collapse(d, res0, o.cluster);
  const u = new Float64Array(p);
  for (let c = 0; c < c0.nc; c++) for (let i = 0; i < p; i++) u[i] = u[i]! + c0.m[c * p + i]!;
  const tt = crossprod(c0.m, c0.nc, p);
  const f = choleskyLdl(tt, p, o.tolerChol);
  const sol = choleskySolve(f, u);
  let test = 0;
  for (let i = 0; i < p; i++) test += u[i]! * sol[i]!;
  return { robustVar, robustScoreTest: test };
}
