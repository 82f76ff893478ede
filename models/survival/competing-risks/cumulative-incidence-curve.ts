/**
 * Aalen–Johansen cumulative incidence of one cause in one group, with the
 * variance estimate of Gray's `cmprsk` package (Fortran `cinc`), laid out as a
 * step function with every corner listed, exactly as `cmprsk::cuminc` returns it.
 *
 * Definition. At each distinct time `t_j` with `r_j` subjects at risk, `d1_j`
 * failures from the cause of interest and `d2_j` from other causes, with
 * `S(t-)` the all-cause Kaplan–Meier survival just before `t_j`:
 *
 *     F(t_j) = F(t_{j-1}) + S(t_j-) d1_j / r_j,   S(t_j) = S(t_j-) (r_j - d1_j - d2_j) / r_j.
 *
 * The variance is the delta-method (Aalen-type) estimate of Gray's `cinc`:
 * three running sums `v1, v2, v3` accumulate, per distinct time, terms in
 * `S(t-)² (1 - (d-1)/(r-1)) d / r²` (the `(d-1)/(r-1)` factor is the
 * hypergeometric correction for tied failures), weighted by `F(t)/S(t)` and
 * `1/S(t)`; at each jump of `F` the variance is `v1 + F² v3 - 2 F v2`.
 *
 * Output layout (as `cinc`): `time[0] = 0`, `est[0] = 0`; every jump time of
 * `F` appears twice, first with the value before the jump and then after it;
 * the last element repeats the last value at the largest follow-up time.
 * The length is `2 × (number of distinct jump times) + 2`.
 *
 * Reference: Gray RJ (1988) Ann Stat 16:1141–1154; cmprsk 2.2-11
 * `src/cincsub.f` (subroutine `cinc`); Kalbfleisch & Prentice (2002) §8.2.
 */

/** One cumulative incidence curve as step-function corners. */
export interface IncidenceCurve {
  /** Corner times, starting at 0 and ending at the largest follow-up time. */
  time: Float64Array;
  /** Estimated cumulative incidence at each corner. */
  est: Float64Array;
  /** Estimated variance at each corner (cmprsk's delta-method estimate). */
  var: Float64Array;
}

/**
 * Cumulative incidence of one cause, as `cmprsk`'s Fortran `cinc`.
 *
 * @param time follow-up times sorted in increasing order (not modified).
 * @param failed 1 if the subject failed from any cause, 0 if censored.
 * @param ofCause 1 if the subject failed from the cause of interest, else 0.
 * @returns the curve's corners (see the module comment for the layout).
 * @throws RangeError when the arrays differ in length or are empty.
 * @example cumulativeIncidenceCurve(Float64Array.of(1, 2), Uint8Array.of(1, 1), Uint8Array.of(1, 0)).est // => [0, 0, 0.5, 0.5]
 */
export function cumulativeIncidenceCurve(
  time: Float64Array,
  failed: Uint8Array,
  ofCause: Uint8Array,
): IncidenceCurve {
  const n = time.length;
  if (n === 0) throw new RangeError('cumulativeIncidenceCurve: no observations');
  if (failed.length !== n || ofCause.length !== n) {
    throw new RangeError('cumulativeIncidenceCurve: time, failed and ofCause differ in length');
  }
  // Count distinct times with a failure of the cause (sets the output length).
  let nJump = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    let any = false;
    while (j < n && time[j] === time[i]) {
      if (ofCause[j] === 1) any = true;
      j++;
    }
    if (any) nJump++;
    i = j;
  }
  const len = 2 * nJump + 2;
  const x = new Float64Array(len);
  const f = new Float64Array(len);
  const v = new Float64Array(len);

  let surv = 1; // all-cause KM just before the current time
  let v1 = 0;
  let v2 = 0;
  let v3 = 0;
  let k = 0; // index of the last written corner
  let atRisk = n;
  for (let i = 0; i < n; ) {
    let j = i;
    let d1 = 0;
    let d2 = 0;
    while (j < n && time[j] === time[i]) {
      d1 += ofCause[j]!;
      d2 += failed[j]! - ofCause[j]!;
      j++;
    }
    const d = d1 + d2;
    if (d > 0) {
      const survNext = (surv * (atRisk - d)) / atRisk;
      if (d1 > 0) {
        k += 2;
        f[k - 1] = f[k - 2]!;
        f[k] = f[k - 1]! + (surv * d1) / atRisk;
      }
      if (d2 > 0 && survNext > 0) {
        const tie = d2 > 1 ? 1 - (d2 - 1) / (atRisk - 1) : 1;
        const w = (surv * surv * tie * d2) / (atRisk * atRisk);
        const a = 1 / survNext;
        const b = f[k]! / survNext;
        v1 += b * b * w;
        v2 += a * b * w;
        v3 += a * a * w;
      }
      if (d1 > 0) {
        const tie = d1 > 1 ? 1 - (d1 - 1) / (atRisk - 1) : 1;
        const w = (surv * surv * tie * d1) / (atRisk * atRisk);
        const a = survNext > 0 ? 1 / survNext : 0;
        const b = 1 + a * f[k]!;
        v1 += b * b * w;
        v2 += a * b * w;
        v3 += a * a * w;
        const fk = f[k]!;
        x[k - 1] = time[i]!;
        x[k] = time[i]!;
        v[k - 1] = v[k - 2]!;
        v[k] = v1 + fk * fk * v3 - 2 * fk * v2;
      }
      surv = survNext;
    }
    atRisk = n - j;
    i = j;
  }
  k++;
  x[k] = time[n - 1]!;
  f[k] = f[k - 1]!;
  v[k] = v[k - 1]!;
  return { time: x, est: f, var: v };
}
