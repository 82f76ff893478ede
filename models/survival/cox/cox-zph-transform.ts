/**
 * Time transforms of cox.zph: the function g(t) of time against which the
 * proportional-hazards test looks for a trend in the Schoenfeld residuals.
 *
 * - `km` (R's default): `1 - S(t-)`, S the unweighted Kaplan–Meier estimate of
 *   all rows pooled (strata and case weights ignored, as R), left-continuous;
 *   counting-process rows are at risk on `(start, stop]`.
 * - `rank`: the rank of t among all (stop) times, ties averaged (R's `rank`).
 * - `identity`: t. `log`: log t.
 *
 * Reference: R survival 3.5-3, `cox.zph.R` (the `ttimes` switch);
 * Grambsch PM, Therneau TM (1994), Biometrika 81:515–526.
 */
import { UsageError } from '../../../util/errors.js';

/** Time transforms accepted by {@link coxZph}. */
export type CoxZphTransform = 'km' | 'rank' | 'identity' | 'log';

/**
 * Transformed times, one per row.
 *
 * @param time stop times.
 * @param status event indicators (0/1).
 * @param start start times (counting process) or null.
 * @param transform which transform.
 * @returns g(time_i) per row (not centred).
 * @throws UsageError for an unknown transform.
 * @example zphTransformTimes(Float64Array.of(1, 2), Float64Array.of(1, 1), null, 'km') // => [0, 0.5]
 */
export function zphTransformTimes(
  time: Float64Array,
  status: Float64Array,
  start: Float64Array | null,
  transform: CoxZphTransform,
): Float64Array {
  const n = time.length;
  switch (transform) {
    case 'identity':
      return Float64Array.from(time);
    case 'log':
      return time.map(Math.log);
    case 'rank': {
      const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a]! - time[b]!);
      const out = new Float64Array(n);
      for (let i = 0; i < n; ) {
        let j = i;
        while (j + 1 < n && time[idx[j + 1]!] === time[idx[i]!]) j++;
        const r = (i + j) / 2 + 1;
        for (let k = i; k <= j; k++) out[idx[k]!] = r;
        i = j + 1;
      }
      return out;
    }
    case 'km': {
      // Unique stop times with events; at-risk counts on (start, stop].
      const ut = Array.from(new Set(time)).sort((a, b) => a - b);
      const m = ut.length;
      const pos = new Map<number, number>();
      ut.forEach((t, k) => pos.set(t, k));
      const deaths = new Float64Array(m);
      const exits = new Float64Array(m);
      for (let i = 0; i < n; i++) {
        const k = pos.get(time[i]!)!;
        exits[k]!++;
        if (status[i] === 1) deaths[k]!++;
      }
      // atRisk[k] = #(stop >= ut[k]) - #(start >= ut[k])
      const atRisk = new Float64Array(m);
      let cum = 0;
      for (let k = m - 1; k >= 0; k--) {
        cum += exits[k]!;
        atRisk[k] = cum;
      }
      if (start) {
        const st = Float64Array.from(start).sort();
        let j = st.length;
        for (let k = m - 1; k >= 0; k--) {
          // count of starts >= ut[k]
          while (j > 0 && st[j - 1]! >= ut[k]!) j--;
          atRisk[k]! -= st.length - j;
        }
      }
      // survival just before each unique time
      const sBefore = new Float64Array(m);
      let s = 1;
      for (let k = 0; k < m; k++) {
        sBefore[k] = s;
        if (deaths[k]! > 0) s *= 1 - deaths[k]! / atRisk[k]!;
      }
      return Float64Array.from(time, (t) => 1 - sBefore[pos.get(t)!]!);
    }
    default:
      throw new UsageError(`Unrecognized transform: ${String(transform)} (use km, rank, identity or log)`);
  }
}
