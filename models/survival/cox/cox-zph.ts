/**
 * Test of the proportional-hazards assumption of a Cox model, as R survival
 * 3.5-3's `cox.zph`: a score test, at the fitted β, of adding the
 * time-varying terms `x · g(t)` to the model (g the centred time transform),
 * using the full 2p × 2p information matrix of (β, γ) and the Efron or
 * Breslow treatment of ties. One test per model term (a factor is one row
 * with as many degrees of freedom as columns), or per column, and a global
 * test. Also returns the scaled Schoenfeld residuals and the transformed
 * event times for the diagnostic plot.
 *
 * For term columns J: `chisq = uᵀ I_KK⁻¹ u`, with `K = (1..p, p+J)`,
 * `u = (0, U_γ[J])`, `U_γ = Σ_events w_i g(t_i)(x_i - x̄(t_i))` and
 * I the information of (β, γ) at γ = 0. Degrees of freedom `|J|`.
 *
 * References: Therneau TM, Grambsch PM (2000), *Modeling Survival Data*, §6.2;
 * R survival 3.5-3 `cox.zph.R`, `src/zph1.c`, `src/zph2.c`.
 */
import { UsageError } from '../../../util/errors.js';
import { invertSymmetric, solveSymmetric } from '../../linalg/index.js';
import { pchisq } from '../../stats/distributions.js';
import type { CoxPostInput } from './cox-post-types.js';
import { prepareCoxPost } from './cox-residuals-input.js';
import { coxEventTable, upperBound } from './cox-residuals-riskset.js';
import { schoenfeldCore } from './cox-residuals.js';
import { zphTransformTimes, type CoxZphTransform } from './cox-zph-transform.js';

export type { CoxZphTransform } from './cox-zph-transform.js';

/** Options of {@link coxZph}. */
export interface CoxZphOptions {
  /** Time transform; default `'km'` (R's default). */
  transform?: CoxZphTransform;
  /** One test per model term (default true, as R 3.x); false: one per column. */
  terms?: boolean;
  /** Add the global test (default true). */
  global?: boolean;
}

/** One row of the test table. */
export interface CoxZphTest {
  term: string;
  chisq: number;
  df: number;
  /** Upper-tail chi-square probability. */
  p: number;
}

/** The result of {@link coxZph}. */
export interface CoxZphResult {
  transform: CoxZphTransform;
  /** One test per term (or column). */
  tests: CoxZphTest[];
  /** The global test, or null when `global: false`. */
  global: CoxZphTest | null;
  /** Transformed event times g(t) (not centred), one per event, R's row order. */
  x: Float64Array;
  /** Event times, same order. */
  time: Float64Array;
  /** Stratum of each event, or null without strata. */
  strata: Int32Array | null;
  /** Scaled Schoenfeld residuals, one column per term (or column); NaN where a covariate is constant in the stratum. */
  y: Float64Array[];
  /** Names of the `y` columns. */
  yNames: string[];
  /** R's `var`: inverse of the per-event average information, row-major, size `yNames.length`². */
  var: Float64Array;
  warnings: string[];
  /** The CLI contract: `{"terms":[{"term","chisq","df","p"}],"global":{...}}`. */
  toJSON(): { terms: CoxZphTest[]; global: CoxZphTest | null };
}

function quadForm(imat: Float64Array, dim: number, kk: number[], u: Float64Array): number {
  const q = kk.length;
  const sub = new Float64Array(q * q);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) sub[i * q + j] = imat[kk[i]! * dim + kk[j]!]!;
  const uu = Float64Array.from(kk, (k) => u[k]!);
  const x = solveSymmetric(sub, uu).x;
  let s = 0;
  for (let i = 0; i < q; i++) s += x[i]! * uu[i]!;
  return s;
}

/**
 * cox.zph: proportional-hazards test and scaled Schoenfeld residuals.
 *
 * @param input the fitted model; not modified.
 * @param options transform (default `'km'`), terms (default true), global (default true).
 * @returns the tests, the global test and the plot data.
 * @throws UsageError on malformed input or when the model has no events.
 * @example JSON.stringify(coxZph(fit)) // {"terms":[{"term":"age","chisq":0.19,"df":1,"p":0.66}, ...],"global":{...}}
 */
export function coxZph(input: CoxPostInput, options: CoxZphOptions = {}): CoxZphResult {
  const transform = options.transform ?? 'km';
  const byTerm = options.terms ?? true;
  const wantGlobal = options.global ?? true;
  if (input.special === 'tt') throw new UsageError('cox.zph is not defined for models with tt() terms (as R)');
  if (input.special === 'pspline') throw new UsageError('cox.zph is not implemented for models with pspline() terms (R tests them with fractional df)');
  const prep = prepareCoxPost(input);
  const { n, p, status, time, strata, weights } = prep;
  const warnings: string[] = [];
  if (p === 0) throw new UsageError('cox.zph needs at least one estimated coefficient');

  // Groups of columns to test: terms or single columns.
  const groups: number[][] = [];
  const groupNames: string[] = [];
  if (byTerm) {
    for (let t = 0; t < prep.termLabels.length; t++) {
      groups.push(prep.assign.flatMap((a, k) => (a === t ? [k] : [])));
      groupNames.push(prep.termLabels[t]!);
    }
  } else {
    for (let k = 0; k < p; k++) {
      groups.push([k]);
      groupNames.push(prep.columnNames[k]!);
    }
  }

  // Centred transformed times.
  const ttimes = zphTransformTimes(time, status, prep.start, transform);
  let sumT = 0;
  let nEvent = 0;
  for (let i = 0; i < n; i++) {
    if (status[i] === 1) {
      sumT += ttimes[i]!;
      nEvent++;
    }
  }
  if (nEvent === 0) throw new UsageError('cox.zph: the model has no events');
  const meanT = sumT / nEvent;

  const risk = prep.eta.map(Math.exp);
  const tab = coxEventTable(prep, risk, true);
  const info = tab.info!;
  // g per event time (all rows at one time share it).
  const gAt = new Float64Array(tab.m);
  for (let i = 0; i < n; i++) {
    if (status[i] !== 1) continue;
    const s = strata[i]!;
    const e = upperBound(tab.time, tab.stratumStart[s]!, tab.stratumStart[s + 1]!, time[i]!) - 1;
    gAt[e] = ttimes[i]! - meanT;
  }

  // Event rows in cox.zph's order: right-censored (stratum, time, input order);
  // counting process (stratum, stop, reverse input order).
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (status[i] === 1) rows.push(i);
  const counting = prep.start !== null;
  rows.sort((i, j) => strata[i]! - strata[j]! || time[i]! - time[j]! || (counting ? j - i : i - j));
  const eventRows = Int32Array.from(rows);
  const schoen = schoenfeldCore(prep, tab, eventRows);

  // Score for gamma and the 2p x 2p information.
  const dim = 2 * p;
  const u = new Float64Array(dim);
  for (let r = 0; r < eventRows.length; r++) {
    const i = eventRows[r]!;
    const g = ttimes[i]! - meanT;
    for (let k = 0; k < p; k++) u[p + k]! += weights[i]! * g * schoen[k]![r]!;
  }
  const imat = new Float64Array(dim * dim);
  for (let e = 0; e < tab.m; e++) {
    const g = gAt[e]!;
    const base = e * p * p;
    for (let k = 0; k < p; k++) {
      for (let l = 0; l < p; l++) {
        const v = info[base + k * p + l]!;
        imat[k * dim + l]! += v;
        imat[k * dim + p + l]! += g * v;
        imat[(p + k) * dim + l]! += g * v;
        imat[(p + k) * dim + p + l]! += g * g * v;
      }
    }
  }

  const all = Array.from({ length: p }, (_, k) => k);
  const tests: CoxZphTest[] = groups.map((cols, t) => {
    const kk = [...all, ...cols.map((c) => c + p)];
    const chisq = quadForm(imat, dim, kk, u);
    return { term: groupNames[t]!, chisq, df: cols.length, p: pchisq(chisq, cols.length, false) };
  });
  let global: CoxZphTest | null = null;
  if (wantGlobal) {
    const chisq = quadForm(imat, dim, [...all, ...all.map((c) => c + p)], u);
    global = { term: 'GLOBAL', chisq, df: p, p: pchisq(chisq, p, false) };
  }

  // Scaled Schoenfeld residuals (R's cox.zph `y`).
  const nStrata = prep.nStrata;
  const eventsIn = new Float64Array(nStrata);
  for (const i of eventRows) eventsIn[strata[i]!]!++;
  // used[s][k]: events of stratum s when column k varies within it, else 0.
  const used = Array.from({ length: nStrata }, () => new Float64Array(p));
  const firstVal: (number | undefined)[][] = Array.from({ length: nStrata }, () => new Array<number | undefined>(p));
  const varies = Array.from({ length: nStrata }, () => new Uint8Array(p));
  for (let i = 0; i < n; i++) {
    const s = strata[i]!;
    for (let k = 0; k < p; k++) {
      const v = prep.xRaw[k]![i]!;
      const f = firstVal[s]![k];
      if (f === undefined) firstVal[s]![k] = v;
      else if (f !== v) varies[s]![k] = 1;
    }
  }
  for (let s = 0; s < nStrata; s++) for (let k = 0; k < p; k++) used[s]![k] = varies[s]![k] ? eventsIn[s]! : 0;
  for (const cols of groups) {
    if (cols.length < 2) continue;
    for (let s = 0; s < nStrata; s++) {
      if (cols.some((c) => used[s]![c] === 0)) {
        const mx = Math.max(...cols.map((c) => used[s]![c]!));
        for (const c of cols) used[s]![c] = mx;
      }
    }
  }
  const vmean = new Float64Array(p * p);
  for (let k = 0; k < p; k++) {
    for (let l = 0; l < p; l++) {
      let w = 0;
      for (let s = 0; s < nStrata; s++) w += Math.min(used[s]![k]!, used[s]![l]!);
      vmean[k * p + l] = imat[k * dim + l]! / (w === 0 ? 1 : w);
    }
  }
  // Combine multi-column terms through the coefficients (R: sresid %*% temp).
  const combine = byTerm && groups.some((c) => c.length > 1);
  const q = combine ? groups.length : p;
  let sres: Float64Array[] = schoen;
  let vm = vmean;
  let usedQ = used;
  if (combine) {
    const temp = new Float64Array(p * q); // p x q
    groups.forEach((cols, t) => {
      for (const c of cols) temp[c * q + t] = cols.length === 1 ? 1 : prep.coef[c]!;
    });
    sres = Array.from({ length: q }, (_, t) => {
      const o = new Float64Array(eventRows.length);
      for (let c = 0; c < p; c++) {
        const w = temp[c * q + t]!;
        if (w === 0) continue;
        for (let r = 0; r < o.length; r++) o[r]! += schoen[c]![r]! * w;
      }
      return o;
    });
    vm = new Float64Array(q * q);
    for (let a = 0; a < q; a++) {
      for (let b = 0; b < q; b++) {
        let s = 0;
        for (let k = 0; k < p; k++) {
          const tk = temp[k * q + a]!;
          if (tk === 0) continue;
          for (let l = 0; l < p; l++) s += tk * vmean[k * p + l]! * temp[l * q + b]!;
        }
        vm[a * q + b] = s;
      }
    }
    usedQ = used.map((u1) => Float64Array.from(groups, (cols) => u1[cols[0]!]!));
  }
  const y = Array.from({ length: q }, () => new Float64Array(eventRows.length).fill(NaN));
  for (let s = 0; s < nStrata; s++) {
    const ks: number[] = [];
    for (let k = 0; k < q; k++) if (usedQ[s]![k]! > 0) ks.push(k);
    if (ks.length === 0) continue;
    const sub = new Float64Array(ks.length * ks.length);
    ks.forEach((a, i) => ks.forEach((b, j) => { sub[i * ks.length + j] = vm[a * q + b]!; }));
    const inv = invertSymmetric(sub, ks.length).inverse;
    for (let r = 0; r < eventRows.length; r++) {
      if (strata[eventRows[r]!] !== s) continue;
      ks.forEach((a, i) => {
        let v = 0;
        ks.forEach((b, j) => { v += inv[i * ks.length + j]! * sres[b]![r]!; });
        y[a]![r] = v;
      });
    }
  }
  const yNames = groupNames;
  for (let k = 0; k < q; k++) {
    const add = combine ? (groups[k]!.length === 1 ? prep.coef[groups[k]![0]!]! : 1) : prep.coef[k]!;
    const col = y[k]!;
    for (let r = 0; r < col.length; r++) col[r]! += add;
  }
  const varOut = invertSymmetric(vm, q).inverse;
  if (prep.keep.length < input.coef.length) {
    warnings.push(`${input.coef.length - prep.keep.length} column(s) with NaN coefficient excluded`);
  }

  return {
    transform, tests, global,
    x: Float64Array.from(eventRows, (i) => ttimes[i]!),
    time: Float64Array.from(eventRows, (i) => time[i]!),
    strata: prep.hasStrata ? Int32Array.from(eventRows, (i) => strata[i]!) : null,
    y, yNames, var: varOut, warnings,
    toJSON() {
      return { terms: tests, global };
    },
  };
}
