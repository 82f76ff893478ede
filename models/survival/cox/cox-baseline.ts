/**
 * Baseline cumulative hazard of a Cox model, per stratum, as R survival
 * 3.5-3's `survfit.coxph` / `agsurv` / `basehaz`: evaluated at every distinct
 * (stop) time of the stratum, with the Breslow increment `W / Σ w r` for
 * Breslow ties (`ctype = 1`) and the Efron increment `Σ_k (W/d) / (Σ w r - (k/d) Σ_events w r)`
 * for Efron ties (`ctype = 2`, R's rule: the curve follows the ties of the fit).
 * Risks are `exp((x - means)·β + offset - mean(offset))`, i.e. the hazard of
 * a subject at the covariate means (R's "centred" baseline).
 *
 * Alongside the hazard, the pieces of the variance of a predicted curve are
 * accumulated: `Σ varHazard(t)` (R's `varhaz`) and `Σ x̄(t) dΛ(t)` (R's `xbar`).
 *
 * References: Therneau TM, Grambsch PM (2000), *Modeling Survival Data*, §10.2;
 * R survival 3.5-3 `survfit.coxph.R`, `agsurv.R`, `basehaz.R`, `src/agsurv5.c`.
 */
import type { CoxPostInput } from './cox-post-types.js';
import { prepareCoxPost, type PreparedCox } from './cox-residuals-input.js';
import { coxEventTable, rowsByStratum, upperBound } from './cox-residuals-riskset.js';

/** The baseline curve of one stratum at its distinct times. */
export interface CoxBaselineStratum {
  stratum: number;
  time: Float64Array;
  /** Weighted number at risk. */
  nRisk: Float64Array;
  /** Weighted number of events. */
  nEvent: Float64Array;
  /** Weighted number censored. */
  nCensor: Float64Array;
  /** Cumulative baseline hazard (centred at the means). */
  cumHaz: Float64Array;
  /** Cumulative variance term Σ varHazard (R's `cumsum(varhaz)`). */
  cumVar: Float64Array;
  /** Σ x̄ dΛ per covariate (centred covariates). */
  cumXHaz: Float64Array[];
}

/** Weighted mean of the offset (R's `offset.mean`), 0 without offset. */
export function offsetMean(prep: PreparedCox): number {
  if (!prep.hasOffset) return 0;
  let sw = 0;
  let so = 0;
  for (let i = 0; i < prep.n; i++) {
    sw += prep.weights[i]!;
    so += prep.weights[i]! * prep.offset[i]!;
  }
  return so / sw;
}

/**
 * Baseline curves of every stratum (the numeric core of survfit.coxph).
 *
 * @param prep the prepared fit.
 * @returns one curve per stratum code `0 .. nStrata-1` (empty strata give empty curves).
 * @example coxBaselineStrata(prepareCoxPost(fit))[0].cumHaz
 */
export function coxBaselineStrata(prep: PreparedCox): CoxBaselineStratum[] {
  const { p, time, status, start, weights } = prep;
  const om = offsetMean(prep);
  const risk = prep.eta.map((e) => Math.exp(e - om));
  const tab = coxEventTable(prep, risk, false);
  const groups = rowsByStratum(prep.strata, prep.nStrata);
  return groups.map((rows, s) => {
    const ut = Float64Array.from(new Set(Array.from(rows, (i) => time[i]!))).sort();
    const m = ut.length;
    const nEvent = new Float64Array(m);
    const nCensor = new Float64Array(m);
    const exitW = new Float64Array(m);
    for (const i of rows) {
      const k = upperBound(ut, 0, m, time[i]!) - 1;
      exitW[k]! += weights[i]!;
      if (status[i] === 1) nEvent[k]! += weights[i]!;
      else nCensor[k]! += weights[i]!;
    }
    const nRisk = new Float64Array(m);
    let cum = 0;
    for (let k = m - 1; k >= 0; k--) {
      cum += exitW[k]!;
      nRisk[k] = cum;
    }
    if (start) {
      // remove rows that enter at or after t: start >= t
      const byStart = Array.from(rows).sort((a, b) => start[b]! - start[a]!);
      let j = 0;
      let removed = 0;
      for (let k = m - 1; k >= 0; k--) {
        while (j < byStart.length && start[byStart[j]!]! >= ut[k]!) removed += weights[byStart[j++]!]!;
        nRisk[k]! -= removed;
      }
    }
    const cumHaz = new Float64Array(m);
    const cumVar = new Float64Array(m);
    const cumXHaz = Array.from({ length: p }, () => new Float64Array(m));
    const e0 = tab.stratumStart[s]!;
    const e1 = tab.stratumStart[s + 1]!;
    let e = e0;
    let h = 0;
    let v = 0;
    const xh = new Float64Array(p);
    for (let k = 0; k < m; k++) {
      if (e < e1 && tab.time[e] === ut[k]) {
        h += tab.hazard[e]!;
        v += tab.varHazard[e]!;
        for (let c = 0; c < p; c++) xh[c]! += tab.xHazard[c]![e]!;
        e++;
      }
      cumHaz[k] = h;
      cumVar[k] = v;
      for (let c = 0; c < p; c++) cumXHaz[c]![k] = xh[c]!;
    }
    return { stratum: s, time: ut, nRisk, nEvent, nCensor, cumHaz, cumVar, cumXHaz };
  });
}

/** Options of {@link coxBaselineHazard}. */
export interface CoxBaselineOptions {
  /**
   * Hazard at the covariate means (true, default, R's `basehaz(centered = TRUE)`)
   * or at covariates 0 (false: multiplied by `exp(-Σ means·β)`).
   */
  centered?: boolean;
}

/** Baseline cumulative hazard in R's `basehaz` layout. */
export interface CoxBaselineHazard {
  time: Float64Array;
  /** Cumulative hazard (R's column `hazard`). */
  cumhaz: Float64Array;
  /** Stratum code of each row, or null without strata. */
  strata: Int32Array | null;
}

/**
 * Baseline cumulative hazard (R: `basehaz(fit, centered)`), strata stacked in code order.
 *
 * @param input the fitted model; not modified.
 * @param options `centered` (default true).
 * @returns time, cumulative hazard and stratum per row.
 * @throws UsageError on malformed input.
 * @example coxBaselineHazard(fit).cumhaz
 */
export function coxBaselineHazard(input: CoxPostInput, options: CoxBaselineOptions = {}): CoxBaselineHazard {
  const centered = options.centered ?? true;
  const prep = prepareCoxPost(input);
  const curves = coxBaselineStrata(prep);
  let scale = 1;
  if (!centered) {
    let s = 0;
    for (let k = 0; k < prep.p; k++) s += prep.means[k]! * prep.coef[k]!;
    scale = Math.exp(-s);
  }
  const total = curves.reduce((a, c) => a + c.time.length, 0);
  const time = new Float64Array(total);
  const cumhaz = new Float64Array(total);
  const strata = prep.hasStrata ? new Int32Array(total) : null;
  let o = 0;
  for (const c of curves) {
    for (let k = 0; k < c.time.length; k++, o++) {
      time[o] = c.time[k]!;
      cumhaz[o] = c.cumHaz[k]! * scale;
      if (strata) strata[o] = c.stratum;
    }
  }
  return { time, cumhaz, strata };
}
