/**
 * Numeric core of the Aalen-Johansen estimator of state occupation
 * probabilities with infinitesimal-jackknife standard errors, as R survival
 * 3.5-3 computes `survfit(Surv(start, stop, state) ~ 1, id = id)` (C routine
 * `survfitci`; the definitions are restated here and written anew).
 *
 * At each distinct exit time t (event or censoring) of the curve, with
 * `Y_j(t)` the number at risk in state j (rows with `entry < t <= exit` spent
 * in j) and `d_jk(t)` the transitions j -> k at t, the one-step transition
 * matrix is `H(t) = I + dA(t)` with `dA_jk = d_jk / Y_j` (j != k) and
 * `dA_jj = -Σ_k d_jk / Y_j`, and
 *
 *     p(t) = p(t-) H(t),        p(0) = p0,
 *
 * p0 being the distribution of the current states of the rows at risk at the
 * first transition time. The standard error is the infinitesimal jackknife
 * (R's default for multi-state curves with an id): each patient i carries the
 * derivative `U_i(t) = ∂p(t)/∂w_i` (a row vector over states), updated at
 * every time with transitions by
 *
 *     U_i(t) = U_i(t-) H(t) + p_a(t-) / Y_a(t) · (e_{b_i} - H_a.(t))   for i at risk in state a,
 *     U_i(t) = U_i(t-) H(t)                                                for i not at risk,
 *
 * where `b_i` is the state i is in just after t (a if it does not move) and
 * `H_a.` the row of H for state a; then `se(p_j(t)) = sqrt(Σ_i U_ij(t)²)`.
 * U starts at 0: as R's default (`influence = FALSE`), the variance of p0
 * is not included. Transitions to the state a patient is already in are no
 * events (R: "a move to the same state does not count").
 *
 * Cost: O(n log n) for sorting plus, at each time with transitions, one pass
 * over the patients in follow-up of O(states × states left) and O(states³)
 * for those whose follow-up ended (their U only follows U <- U (I + dA), so
 * their sum of squares is carried as one matrix); times with censoring only
 * reuse the previous standard errors. Memory: patients × states.
 *
 * Reference: Aalen OO, Johansen S (1978) Scand J Stat 5:141-150; Therneau TM,
 * survival vignette "Multi-state models and competing risks" and the methods
 * document ("Residuals for survival curves"); R survival 3.5-3
 * `R/survfitCI.R`, `src/survfitci.c`.
 */

/** Input of {@link aalenJohansenCore}: rows of one curve. Nothing is modified. */
export interface AalenJohansenInput {
  /** Interval start per row (the row is at risk for times > entry). */
  entry: Float64Array;
  /** Interval end per row. */
  exit: Float64Array;
  /** State entered at exit, 1-based state code; 0 = censored. */
  status: Int32Array;
  /** Patient index per row, 0 .. nSubjects-1. */
  subject: Int32Array;
  /** Number of patients. */
  nSubjects: number;
  /** The state each patient is in at its first row (0-based code). */
  initialState: Int32Array;
  /** The state each row is spent in (0-based code), used for p0. */
  current: Int32Array;
  /** Number of states. */
  nStates: number;
  /** Compute standard errors (default true). */
  se?: boolean;
}

/** Output of {@link aalenJohansenCore}; matrices row-major, one row per time. */
export interface AalenJohansenCurve {
  /** Distinct exit times, increasing. */
  time: Float64Array;
  /** Initial state distribution. */
  p0: Float64Array;
  /** State occupation probabilities, `time.length × nStates`. */
  pstate: Float64Array;
  /** Standard errors (infinitesimal jackknife), `time.length × nStates`; empty without `se`. */
  stdErr: Float64Array;
  /** Number at risk per state just before each time, `time.length × nStates`. */
  nRisk: Int32Array;
  /** Transitions into each state at each time, `time.length × nStates`. */
  nEvent: Int32Array;
  /** Rows censored at each time. */
  nCensor: Int32Array;
  /** Cumulative hazard matrices, `time.length × nStates × nStates` (from-major: [t][from][to]), diagonal minus the row sum. */
  cumhaz: Float64Array;
  nStates: number;
}

/** Order of `values` by value (stable). */
function orderBy(values: Float64Array): Int32Array {
  const o = Int32Array.from({ length: values.length }, (_, i) => i);
  o.sort((a, b) => values[a]! - values[b]! || a - b);
  return o;
}

/**
 * Aalen-Johansen state occupation probabilities with infinitesimal-jackknife
 * standard errors for one curve (see the file comment for the definitions).
 *
 * @param input rows of the curve (see {@link AalenJohansenInput})
 * @returns probabilities, standard errors, risk sets, events, censored and cumulative hazards per time
 * @example aalenJohansenCore({ entry, exit, status, subject, nSubjects, initialState, current, nStates: 3 }).pstate
 */
export function aalenJohansenCore(input: AalenJohansenInput): AalenJohansenCurve {
  const { entry, exit, status, subject, nSubjects, nStates: S } = input;
  const n = exit.length;
  const withSe = input.se ?? true;
  const byEntry = orderBy(entry);
  const byExit = orderBy(exit);

  // Distinct exit times.
  const times: number[] = [];
  for (let q = 0; q < n; q++) {
    const t = exit[byExit[q]!]!;
    if (times.length === 0 || times[times.length - 1] !== t) times.push(t);
  }
  const nt = times.length;

  // p0: current states of the rows at risk at the first transition time (all censored: the last time).
  let t0 = Infinity;
  let tMax = -Infinity;
  for (let i = 0; i < n; i++) {
    if (status[i]! !== 0 && exit[i]! < t0) t0 = exit[i]!;
    if (exit[i]! > tMax) tMax = exit[i]!;
  }
  if (t0 === Infinity) t0 = tMax;
  const p = new Float64Array(S);
  let atZero = 0;
  for (let i = 0; i < n; i++) {
    if (entry[i]! < t0 && exit[i]! >= t0) {
      p[input.current[i]!]! += 1;
      atZero++;
    }
  }
  for (let j = 0; j < S; j++) p[j] = atZero > 0 ? p[j]! / atZero : 0;
  const p0 = Float64Array.from(p);

  const cstate = Int32Array.from(input.initialState); // state of each patient, updated at exits
  const dstate = Int32Array.from(input.initialState); // state just after the current time
  const atRisk = new Uint8Array(nSubjects);
  const ns = new Int32Array(S);
  const H = new Float64Array(S * S); // transition counts, then dA (off-diagonal) at one time
  const chaz = new Float64Array(S * S);
  const U = withSe ? new Float64Array(nSubjects * S) : new Float64Array(0);
  const tmp = new Float64Array(S);
  const var2 = new Float64Array(S); // Σ_i U_ij² after the last time with transitions
  // Patients whose last row has ended are not at risk again: from then on their U only
  // follows U <- U (I + dA), so their contribution to Σ_i U_iᵀ U_i is kept as one S × S
  // matrix M <- (I + dA)ᵀ M (I + dA) instead of patient by patient. Patients not yet
  // entered have U = 0. Only patients in follow-up ("active") are updated one by one.
  const M = new Float64Array(withSe ? S * S : 0);
  const movedList = new Int32Array(S);
  const scale = new Float64Array(S);
  const MG = new Float64Array(withSe ? S * S : 0);
  const rowsLeft = new Int32Array(nSubjects);
  for (let i = 0; i < n; i++) rowsLeft[subject[i]!]!++;
  const active = new Int32Array(nSubjects);
  const activeAt = new Int32Array(nSubjects).fill(-1);
  let nActive = 0;
  const moved = new Uint8Array(S); // states with transitions out at this time

  const time = Float64Array.from(times);
  const pstate = new Float64Array(nt * S);
  const stdErr = withSe ? new Float64Array(nt * S) : new Float64Array(0);
  const nRisk = new Int32Array(nt * S);
  const nEvent = new Int32Array(nt * S);
  const nCensor = new Int32Array(nt);
  const cumhaz = new Float64Array(nt * S * S);

  let e = 0; // next row by entry
  let x = 0; // next row by exit
  for (let it = 0; it < nt; it++) {
    const t = time[it]!;
    // Rows entering before t join the risk set in their patient's current state.
    for (; e < n; e++) {
      const i = byEntry[e]!;
      if (!(entry[i]! < t)) break;
      const s = subject[i]!;
      ns[cstate[s]!]!++;
      atRisk[s] = 1;
      if (activeAt[s]! < 0) {
        activeAt[s] = nActive;
        active[nActive++] = s;
      }
    }
    // Transitions and censored rows at t.
    H.fill(0);
    moved.fill(0);
    let anyMove = false;
    for (let q = x; q < n; q++) {
      const i = byExit[q]!;
      if (exit[i]! !== t) break;
      const s = subject[i]!;
      if (status[i]! > 0) {
        const to = status[i]! - 1;
        const from = cstate[s]!;
        if (to !== from) {
          dstate[s] = to;
          nEvent[it * S + to]!++;
          H[from * S + to]! += 1;
          moved[from] = 1;
          anyMove = true;
        }
      } else nCensor[it]!++;
    }
    if (anyMove) {
      // dA: off-diagonal d_jk / Y_j; diagonal -Σ_k d_jk / Y_j.
      for (let a = 0; a < S; a++) {
        if (!moved[a]) continue;
        const y = ns[a]!;
        let out = 0;
        for (let b = 0; b < S; b++) {
          if (b === a) continue;
          H[a * S + b] = H[a * S + b]! / y;
          out += H[a * S + b]!;
        }
        H[a * S + a] = -out;
      }
      if (withSe) {
        // One pass over patients: U <- U (I + dA) (only the rows of dA of states with
        // transitions are non-zero; the products use U before the update, kept in tmp),
        // then the derivative of dA with respect to the weights of patients at risk,
        // and the sums of squares of the new U.
        // M <- (I + dA)ᵀ M (I + dA), dA non-zero only in the rows of states with transitions.
        MG.set(M);
        for (let r = 0; r < S; r++) {
          for (let a = 0; a < S; a++) {
            if (!moved[a]) continue;
            const m = M[r * S + a]!;
            if (m !== 0) for (let b = 0; b < S; b++) MG[r * S + b]! += m * H[a * S + b]!;
          }
        }
        M.set(MG);
        for (let a = 0; a < S; a++) {
          if (!moved[a]) continue;
          for (let c = 0; c < S; c++) {
            const h = H[a * S + c]!;
            if (h !== 0) for (let b = 0; b < S; b++) M[c * S + b]! += h * MG[a * S + b]!;
          }
        }
        for (let j = 0; j < S; j++) var2[j] = M[j * S + j]!;
        // States with transitions at t, and p_a / Y_a for them (the weight of the derivative).
        let nMoved = 0;
        for (let a = 0; a < S; a++) {
          if (!moved[a]) continue;
          movedList[nMoved++] = a;
          scale[a] = p[a]! / ns[a]!;
        }
        for (let q = 0; q < nActive; q++) {
          const s = active[q]!;
          const base = s * S;
          for (let k = 0; k < nMoved; k++) tmp[k] = U[base + movedList[k]!]!;
          for (let k = 0; k < nMoved; k++) {
            const u = tmp[k]!;
            if (u === 0) continue;
            const row = movedList[k]! * S;
            for (let b = 0; b < S; b++) U[base + b]! += u * H[row + b]!;
          }
          if (atRisk[s]) {
            const a = cstate[s]!;
            if (moved[a]) {
              // a state without transitions at t has a zero dA row, and so zero derivative
              const f = scale[a]!;
              for (let b = 0; b < S; b++) U[base + b]! -= f * H[a * S + b]!;
              U[base + dstate[s]!]! += f;
              U[base + a]! -= f; // H = I + dA: the identity part of the row of state a
            }
          }
          for (let j = 0; j < S; j++) {
            const u = U[base + j]!;
            var2[j]! += u * u;
          }
        }
      }
      // p <- p (I + dA); cumulative hazard += dA.
      for (let b = 0; b < S; b++) {
        let v = p[b]!;
        for (let a = 0; a < S; a++) if (moved[a]) v += p[a]! * H[a * S + b]!;
        tmp[b] = v;
      }
      p.set(tmp);
      for (let a = 0; a < S; a++) if (moved[a]) for (let b = 0; b < S; b++) chaz[a * S + b]! += H[a * S + b]!;
    }
    for (let j = 0; j < S; j++) {
      pstate[it * S + j] = p[j]!;
      nRisk[it * S + j] = ns[j]!;
    }
    cumhaz.set(chaz, it * S * S);
    // U changes only at times with transitions: var2 holds the sums of squares since the last one.
    if (withSe) for (let j = 0; j < S; j++) stdErr[it * S + j] = Math.sqrt(var2[j]!);
    // Rows ending at t leave the risk set; their patients move to the state entered.
    for (; x < n; x++) {
      const i = byExit[x]!;
      if (exit[i]! !== t) break;
      const s = subject[i]!;
      ns[cstate[s]!]!--;
      if (status[i]! > 0) cstate[s] = status[i]! - 1;
      dstate[s] = cstate[s]!;
      atRisk[s] = 0;
      if (withSe && --rowsLeft[s]! === 0) {
        // the patient's follow-up ended: fold U_s into M and drop it from the active list
        const base = s * S;
        for (let a = 0; a < S; a++) {
          const u = U[base + a]!;
          if (u !== 0) for (let b = 0; b < S; b++) M[a * S + b]! += u * U[base + b]!;
        }
        const q = activeAt[s]!;
        const last = active[--nActive]!;
        active[q] = last;
        activeAt[last] = q;
        activeAt[s] = -2;
      }
    }
  }
  return { time, p0, pstate, stdErr, nRisk, nEvent, nCensor, cumhaz, nStates: S };
}
