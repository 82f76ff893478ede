/**
 * Infinitesimal-jackknife (robust) standard errors of the Kaplan-Meier
 * survival and of the cumulative hazard, as R survival 3.5-3 computes them
 * when case weights are not all integers (`survfit` then sets `robust = TRUE`
 * with each row its own cluster). See the survival package's methods
 * vignette, "survfitkm: robust variance".
 *
 * For row k with weight w_k, the influence on S is updated at each event time
 * t with hazard increment h = d_w/n_w and the survival just before t, S-:
 *   U_k <- U_k (1 - h) + [k at risk] w_k S- h / n_w - [k has its event at t] w_k S- / n_w
 * and on the Nelson-Aalen hazard:
 *   V_k <- V_k - [k at risk] w_k h / n_w + [k has its event at t] w_k / n_w.
 * se(S(t)) = sqrt(sum_k U_k^2), se(H(t)) = sqrt(sum_k V_k^2).
 * For ctype 2 the hazard influence uses the Fleming-Harrington increments.
 *
 * Cost: O(rows x event times) per stratum (the direct recursion), which is
 * fine for the moderate sizes where fractional weights occur.
 */

import type { CumhazType } from './nelson-aalen-fit.js';
import { argsortFloat64 } from '../survival-utils.js';

/** Inputs of {@link robustKaplanMeierSe}: one stratum, rows sorted by stop time. */
export interface RobustKmInput {
  /** Row indices of the stratum, ascending stop time. */
  rows: Int32Array;
  time: Float64Array;
  status: Float64Array;
  start: Float64Array | null;
  weights: Float64Array;
  /** Distinct times of the curve. */
  t: Float64Array;
  nRisk: Float64Array;
  nEvent: Float64Array;
  nEventCount: Float64Array;
  ctype: CumhazType;
}

/**
 * Robust (IJ) standard errors of S(t) and H(t) at each distinct time.
 * @returns seSurv (se of S itself, R's `std.err` with `logse = FALSE`) and seCumhaz
 */
export function robustKaplanMeierSe(d: RobustKmInput): { seSurv: Float64Array; seCumhaz: Float64Array } {
  const { rows, time, status, start, weights: wt, t, nRisk, nEvent, nEventCount, ctype } = d;
  const nr = rows.length;
  const nt = t.length;
  const seSurv = new Float64Array(nt);
  const seCumhaz = new Float64Array(nt);
  // Local arrays indexed by position in `rows`.
  const w = new Float64Array(nr);
  const stop = new Float64Array(nr);
  const ev = new Uint8Array(nr);
  const atRisk = new Uint8Array(nr);
  for (let i = 0; i < nr; i++) {
    const r = rows[i]!;
    w[i] = wt[r]!;
    stop[i] = time[r]!;
    ev[i] = status[r] === 1 ? 1 : 0;
  }
  let startOrder: Int32Array | null = null;
  let startLocal: Float64Array | null = null;
  if (start) {
    startLocal = new Float64Array(nr);
    for (let i = 0; i < nr; i++) startLocal[i] = start[rows[i]!]!;
    startOrder = argsortFloat64(startLocal);
  } else atRisk.fill(1);
  const inf1 = new Float64Array(nr);
  const inf2 = new Float64Array(nr);
  let p2 = 0; // next row (by stop) not yet removed
  let p1 = 0; // next row (by start) not yet added
  let km = 1;
  let v1 = 0;
  let v2 = 0;
  for (let m = 0; m < nt; m++) {
    const tm = t[m]!;
    for (; p2 < nr; p2++) {
      if (stop[p2]! >= tm) break;
      atRisk[p2] = 0;
    }
    if (startOrder && startLocal) {
      for (; p1 < nr; p1++) {
        const i = startOrder[p1]!;
        if (startLocal[i]! >= tm) break;
        if (stop[i]! >= tm) atRisk[i] = 1;
      }
    }
    const n = nRisk[m]!;
    const d1 = nEvent[m]!;
    const d0 = nEventCount[m]!;
    if (d0 > 0 && d1 > 0) {
      const haz = d1 / n;
      // Fleming-Harrington quantities (ctype 2)
      let dt = 0;
      let dt2 = 0;
      let dt3 = 0;
      if (ctype === 2) {
        const rest = n - d1;
        for (let j = d0; j > 0; j--) {
          const frac = j / d0;
          const b = 1 / (rest + frac * d1);
          dt += b;
          dt2 += b * b * frac;
          dt3 += b * b;
        }
        dt /= d0;
        if (d1 !== d0) {
          dt2 *= d1 / d0;
          dt3 *= d1 / d0;
        }
      }
      for (let i = 0; i < nr; i++) {
        const risk = atRisk[i]!;
        inf1[i] = inf1[i]! * (1 - haz) + (risk ? (w[i]! * km * haz) / n : 0);
        if (risk) inf2[i]! -= ctype === 1 ? (w[i]! * haz) / n : w[i]! * dt3;
      }
      for (; p2 < nr; p2++) {
        if (stop[p2]! > tm) break;
        if (ev[p2] && atRisk[p2]) {
          inf1[p2]! -= (km * w[p2]!) / n;
          inf2[p2]! += ctype === 1 ? w[p2]! / n : w[p2]! * (dt + dt3 - dt2);
        }
        atRisk[p2] = 0;
      }
      km *= 1 - haz;
      v1 = 0;
      v2 = 0;
      for (let i = 0; i < nr; i++) {
        v1 += inf1[i]! * inf1[i]!;
        v2 += inf2[i]! * inf2[i]!;
      }
    }
    seSurv[m] = Math.sqrt(v1);
    seCumhaz[m] = Math.sqrt(v2);
  }
  return { seSurv, seCumhaz };
}
