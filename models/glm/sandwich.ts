/**
 * Robust (sandwich) covariance of a log-link GLM: `B M B` with bread
 * `B = (X'WX)^-1` and meat `M = sum_g s_g s_g'`, where the score of row i is
 * `w_i (y_i - mu_i) mu.eta_i / V(mu_i) x_i` (for the log link
 * `mu.eta = mu`) and `s_g` sums the scores of cluster g (each row its own
 * cluster without clusters). This is HC0, as R's
 * `sandwich::sandwich(fit)` / `vcovCL(fit, cluster, type = "HC0", cadjust = FALSE)`;
 * as there (`estfun.glm`), the score is computed as working weight of the last
 * IRLS iteration times working residual `(y - mu) / mu.eta` at the final fit,
 * which equals the expression above at exact convergence;
 * `clusterAdjust` multiplies by G / (G - 1) (`cadjust = TRUE`). For the
 * negative binomial theta is treated as fixed (as sandwich on a glm.nb fit).
 * Reference: Zeileis A, J Stat Softw 2006;16(9); Zeileis, Köll & Graham, J Stat Softw 2020;95(1).
 */
import type { GlmArrays, GlmIrlsFit } from './glm-fit.js';

/**
 * Sandwich covariance (row-major p × p).
 * @param cluster 0-based cluster index per row, or null (rows independent).
 * @param clusterAdjust multiply by G/(G-1) (default false: plain HC0).
 */
export function robustCovariance(a: GlmArrays, fit: GlmIrlsFit, cluster: Int32Array | null, clusterAdjust = false): Float64Array {
  const n = a.y.length;
  const p = a.x.length;
  let g = n;
  if (cluster) {
    g = 0;
    for (let i = 0; i < n; i++) g = Math.max(g, (cluster[i] as number) + 1);
  }
  const scores = new Float64Array(g * p);
  for (let i = 0; i < n; i++) {
    const mu = fit.mu[i] as number;
    const r = ((fit.workingWeights[i] as number) * ((a.y[i] as number) - mu)) / mu;
    const row = cluster ? (cluster[i] as number) : i;
    for (let j = 0; j < p; j++) scores[row * p + j] = (scores[row * p + j] as number) + r * ((a.x[j] as Float64Array)[i] as number);
  }
  const meat = new Float64Array(p * p);
  for (let c = 0; c < g; c++) {
    for (let j = 0; j < p; j++) {
      const sj = scores[c * p + j] as number;
      if (sj === 0) continue;
      for (let k = 0; k < p; k++) meat[j * p + k] = (meat[j * p + k] as number) + sj * (scores[c * p + k] as number);
    }
  }
  const b = fit.covariance;
  const bm = new Float64Array(p * p);
  for (let i = 0; i < p; i++)
    for (let k = 0; k < p; k++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += (b[i * p + j] as number) * (meat[j * p + k] as number);
      bm[i * p + k] = s;
    }
  const v = new Float64Array(p * p);
  const adj = clusterAdjust && g > 1 ? g / (g - 1) : 1;
  for (let i = 0; i < p; i++)
    for (let k = 0; k < p; k++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += (bm[i * p + j] as number) * (b[j * p + k] as number);
      v[i * p + k] = s * adj;
    }
  return v;
}
