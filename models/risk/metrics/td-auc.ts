/**
 * Time-dependent AUC, cumulative/dynamic definition with inverse probability
 * of censoring weights: cases are rows with an event at or before t, controls
 * rows still event-free after t;
 *
 *   AUC(t) = sum_{cases i} sum_{controls j} W_i W_j [1{M_i > M_j} + 1/2 1{M_i = M_j}] / sum_i sum_j W_i W_j,
 *
 * with W_i = 1 / G(T_i-) for cases and W_j = 1 / G(t) for controls (G: reverse
 * Kaplan-Meier of censoring, marginal), M a risk marker (larger = higher risk);
 * rows censored at or before t are neither (their weight is carried by the
 * IPCW). This is riskRegression's `Score(..., metrics = "auc", cens.model = "km")`
 * and timeROC's cumulative/dynamic AUC; golden test in test/golden/risk-metrics.R.
 *
 * Reference: Uno H, Cai T, Tian L, Wei LJ (2007) JASA 102:527-537; Blanche P,
 * Dartigues JF, Jacqmin-Gadda H (2013) Stat Med 32:5381-5397; Gerds TA et al.
 * riskRegression `Score` (AUC.survival).
 */
import { UsageError } from '../../../util/errors.js';
import { kaplanMeierStep, survivalBefore } from './survival-step.js';

/** AUC(t) of a marker at each time. */
export interface TimeDependentAuc {
  times: Float64Array;
  auc: Float64Array;
  /** Number of cases (events by t) and controls (event-free after t) per time. */
  cases: Int32Array;
  controls: Int32Array;
}

/**
 * Cumulative/dynamic IPCW AUC at each time.
 * @param marker larger = higher risk; one value per row, or one array per time (e.g. predicted risk at that time)
 * @throws UsageError on length mismatch
 * @example timeDependentAuc(time, status, lp, [365, 730]).auc // => Float64Array [0.71, 0.69]
 */
export function timeDependentAuc(
  time: Float64Array,
  status: Float64Array,
  marker: Float64Array | readonly Float64Array[],
  times: readonly number[],
): TimeDependentAuc {
  const n = time.length;
  const markers = marker instanceof Float64Array ? times.map(() => marker) : marker;
  if (markers.length !== times.length) throw new UsageError('timeDependentAuc: one marker array per time is required');
  for (const mk of markers) if (mk.length !== n) throw new UsageError(`timeDependentAuc: marker has length ${mk.length}, expected ${n}`);
  const G = kaplanMeierStep(time, status, null, true);
  const out = new Float64Array(times.length);
  const nc = new Int32Array(times.length);
  const nk = new Int32Array(times.length);
  times.forEach((t, k) => {
    const mk = markers[k]!;
    const ctrl: number[] = [];
    for (let i = 0; i < n; i++) if (time[i]! > t) ctrl.push(mk[i]!);
    ctrl.sort((a, b) => a - b);
    const m = ctrl.length;
    const lower = (v: number): number => {
      let lo = 0;
      let hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ctrl[mid]! < v) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const upper = (v: number): number => {
      let lo = 0;
      let hi = m;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ctrl[mid]! <= v) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    let num = 0;
    let den = 0;
    let cases = 0;
    for (let i = 0; i < n; i++) {
      if (!(time[i]! <= t && status[i]! > 0)) continue;
      cases++;
      const wi = 1 / survivalBefore(G, time[i]!);
      const lo = lower(mk[i]!);
      const hi = upper(mk[i]!);
      num += wi * (lo + 0.5 * (hi - lo));
      den += wi * m;
    }
    // W_j = 1 / G(t) is common to all controls and cancels.
    out[k] = den > 0 ? num / den : NaN;
    nc[k] = cases;
    nk[k] = m;
  });
  return { times: Float64Array.from(times), auc: out, cases: nc, controls: nk };
}
