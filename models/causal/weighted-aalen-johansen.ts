/**
 * Weighted Aalen-Johansen cumulative incidence of cause 1 with a competing
 * cause 2 on counting-process rows (start, stop] with time-varying case
 * weights, and its infinitesimal-jackknife (IJ) influence clustered by patient:
 * the risk curves of a clone-censor-weight analysis. With no cause-2 events
 * it is 1 - the weighted Kaplan-Meier estimate.
 *
 * At each distinct event time u: Y(u) = sum of the weights of rows with
 * start < u <= stop, dL_j(u) = d_j(u) / Y(u) (d_j: weighted cause-j events),
 * S(u) = S(u-) (1 - dL(u)) with dL = dL_1 + dL_2, and
 * F_1(u) = F_1(u-) + S(u-) dL_1(u) (R: `survfit(Surv(start, stop, state) ~ 1,
 * weights = w)`, survival 3.5-3, `pstate` of the cause-1 state).
 *
 * IJ influence of row r on F_1(t): w_r dF_1(t)/dw_r with
 * dF_1(t)/dw_r = sum_{u <= t} [ S(u-) (dN_r1(u) - Y_r(u) dL_1(u)) / Y(u)
 *   - (F_1(t) - F_1(u)) (dN_r(u) - Y_r(u) dL(u)) / (Y(u) (1 - dL(u))) ],
 * the derivative of the product-limit recursion (R's `influence.pstate`
 * times the row's weight). Summed over the rows of a patient (all clones),
 * it gives the robust variance clustered by patient: sum_i U_i^2, as
 * survfit's `robust` variance with `cluster`. The risk-set sums are prefix
 * sums over event times, so the influence at one time costs O(rows log times).
 */
import { UsageError } from '../../util/errors.js';
import { lastIndexAtOrBefore } from '../../util/step-index.js';

/** Rows of one curve (one arm). */
export interface RiskRows {
  start: ArrayLike<number>;
  stop: ArrayLike<number>;
  /** 0 censored, 1 cause of interest, 2 competing cause. */
  status: ArrayLike<number>;
  weight: ArrayLike<number>;
  /** 0-based cluster (patient) of each row. */
  cluster: ArrayLike<number>;
}

/** A weighted cumulative incidence curve at its event times. */
export interface WeightedRiskCurve {
  /** Distinct event times (cause 1 or 2), ascending. */
  time: Float64Array;
  /** Weighted number at risk and unweighted rows at risk just before each time. */
  nRisk: Float64Array;
  nRiskRows: Float64Array;
  /** Unweighted events of cause 1 and 2 at each time. */
  nEvent1: Float64Array;
  nEvent2: Float64Array;
  /** Weighted events of cause 1 and 2 at each time. */
  dWeighted1: Float64Array;
  dWeighted2: Float64Array;
  /** Cumulative incidence of cause 1 and 2 and event-free survival after each time. */
  risk: Float64Array;
  competingRisk: Float64Array;
  survival: Float64Array;
}

function check(rows: RiskRows): number {
  const n = rows.stop.length;
  if (rows.start.length !== n || rows.status.length !== n || rows.weight.length !== n || rows.cluster.length !== n) throw new UsageError('weighted Aalen-Johansen: start, stop, status, weight and cluster must have the same length');
  for (let r = 0; r < n; r++) {
    const a = rows.start[r]!;
    const z = rows.stop[r]!;
    const s = rows.status[r]!;
    const w = rows.weight[r]!;
    if (!(a < z)) throw new UsageError(`weighted Aalen-Johansen: row ${r + 1} has stop ${z} <= start ${a}`);
    if (s !== 0 && s !== 1 && s !== 2) throw new UsageError(`weighted Aalen-Johansen: row ${r + 1} has status ${s} (use 0, 1 or 2)`);
    if (!(w >= 0) || !Number.isFinite(w)) throw new UsageError(`weighted Aalen-Johansen: row ${r + 1} has weight ${w}`);
  }
  return n;
}

/** Index of the first element of ascending `sorted` that is > t (sorted.length when none). */
function firstAfter(sorted: Float64Array, t: number): number {
  return lastIndexAtOrBefore(sorted, t) + 1;
}

/**
 * The weighted Aalen-Johansen curve of cause 1.
 * @param rows counting-process rows of one arm.
 * @throws {UsageError} on bad rows (naming the row).
 * @example weightedCumulativeIncidence({ start: [0, 0], stop: [2, 3], status: [1, 0], weight: [1, 1], cluster: [0, 1] }).risk // => [0.5]
 */
export function weightedCumulativeIncidence(rows: RiskRows): WeightedRiskCurve {
  const n = check(rows);
  const times: number[] = [];
  for (let r = 0; r < n; r++) if (rows.status[r] !== 0 && rows.weight[r]! > 0) times.push(rows.stop[r]!);
  const time = Float64Array.from(new Set(times)).sort();
  const m = time.length;
  const diffW = new Float64Array(m + 1);
  const diffN = new Float64Array(m + 1);
  const d1 = new Float64Array(m);
  const d2 = new Float64Array(m);
  const n1 = new Float64Array(m);
  const n2 = new Float64Array(m);
  for (let r = 0; r < n; r++) {
    const w = rows.weight[r]!;
    if (w === 0) continue;
    const lo = firstAfter(time, rows.start[r]!);
    const hi = lastIndexAtOrBefore(time, rows.stop[r]!);
    if (lo <= hi) {
      diffW[lo]! += w;
      diffW[hi + 1]! -= w;
      diffN[lo]! += 1;
      diffN[hi + 1]! -= 1;
    }
    const s = rows.status[r]!;
    if (s !== 0) {
      const e = hi; // stop is an event time
      if (s === 1) { d1[e]! += w; n1[e]!++; }
      else { d2[e]! += w; n2[e]!++; }
    }
  }
  const nRisk = new Float64Array(m);
  const nRiskRows = new Float64Array(m);
  const risk = new Float64Array(m);
  const competingRisk = new Float64Array(m);
  const survival = new Float64Array(m);
  let y = 0;
  let yn = 0;
  let S = 1;
  let F1 = 0;
  let F2 = 0;
  for (let i = 0; i < m; i++) {
    y += diffW[i]!;
    yn += diffN[i]!;
    nRisk[i] = y;
    nRiskRows[i] = Math.round(yn);
    const h1 = d1[i]! / y;
    const h2 = d2[i]! / y;
    F1 += S * h1;
    F2 += S * h2;
    S *= 1 - h1 - h2;
    if (S < 1e-15) S = Math.max(0, S);
    risk[i] = F1;
    competingRisk[i] = F2;
    survival[i] = S;
  }
  return { time, nRisk, nRiskRows, nEvent1: n1, nEvent2: n2, dWeighted1: d1, dWeighted2: d2, risk, competingRisk, survival };
}

/**
 * The risk (cumulative incidence of cause 1) at time t: the curve's value at the last event time <= t (0 before the first).
 * @example riskAt(curve, 365)
 */
export function riskAt(curve: WeightedRiskCurve, t: number): number {
  const i = lastIndexAtOrBefore(curve.time, t);
  return i < 0 ? 0 : curve.risk[i]!;
}

/**
 * IJ influence of each cluster on F_1(t), summed over its rows (w_r dF_1(t)/dw_r).
 * @param rows the rows the curve was fitted on; @param curve its curve; @param t time.
 * @param clusters number of clusters (patients); cluster indices must be < clusters.
 * @returns per-cluster influence; its sum of squares is the robust variance of F_1(t).
 * @example Math.sqrt(clusterInfluence(rows, curve, 365, n).reduce((s, u) => s + u * u, 0)) // robust SE
 */
export function clusterInfluence(rows: RiskRows, curve: WeightedRiskCurve, t: number, clusters: number): Float64Array {
  const { time, nRisk: Y, dWeighted1: d1, dWeighted2: d2 } = curve;
  const k = lastIndexAtOrBefore(time, t);
  const out = new Float64Array(clusters);
  if (k < 0) return out;
  const Ft = curve.risk[k]!;
  // Per event time u_i (i <= k): coefficient of Y_r(u_i), event terms of cause 1 and 2.
  const prefix = new Float64Array(k + 2);
  const ev1 = new Float64Array(k + 1);
  const ev2 = new Float64Array(k + 1);
  let Sminus = 1;
  for (let i = 0; i <= k; i++) {
    const y = Y[i]!;
    const h1 = d1[i]! / y;
    const h = (d1[i]! + d2[i]!) / y;
    const tail = Ft - curve.risk[i]!;
    const back = 1 - h > 1e-12 ? tail / (y * (1 - h)) : 0;
    prefix[i + 1] = prefix[i]! + (-Sminus * h1) / y + back * h;
    ev1[i] = Sminus / y - back;
    ev2[i] = -back;
    Sminus = curve.survival[i]!;
  }
  const n = rows.stop.length;
  for (let r = 0; r < n; r++) {
    const w = rows.weight[r]!;
    if (w === 0) continue;
    const c = rows.cluster[r]!;
    if (!(c >= 0 && c < clusters)) throw new UsageError(`clusterInfluence: row ${r + 1} has cluster ${c} outside 0..${clusters - 1}`);
    const lo = firstAfter(time, rows.start[r]!);
    const hi = Math.min(k, lastIndexAtOrBefore(time, rows.stop[r]!));
    let u = lo <= hi ? prefix[hi + 1]! - prefix[lo]! : 0;
    const s = rows.status[r]!;
    if (s !== 0 && rows.stop[r]! <= time[k]!) {
      const e = lastIndexAtOrBefore(time, rows.stop[r]!);
      u += s === 1 ? ev1[e]! : ev2[e]!;
    }
    out[c]! += w * u;
  }
  return out;
}
