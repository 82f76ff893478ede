/**
 * Shared machinery of the designs that assign treatment at a time zero (the
 * new-user active-comparator design and sequential trials): a logistic
 * propensity model (R's `glm(arm ~ ..., binomial)`, with prior weights for the
 * bootstrap), stabilised inverse-probability-of-treatment weights
 * (Robins, Hernán & Brumback, Epidemiology 2000;11:550–560; stabilised within
 * strata such as the trial), optional truncation at quantiles (Cole & Hernán
 * 2008), and the effects on one row per entry: weighted Aalen-Johansen risks
 * and the weighted Cox model with robust variance clustered by patient, with
 * the same percentile bootstrap as clone-censor-weight.
 */
import { MidiaError, UsageError } from '../../util/errors.js';
import { quantileType7 } from '../stats/quantile.js';
import { balanceTable } from './balance.js';
import { finite, maybe, NONE, replicateSd, type CloneBalance, type MaybeEstimate } from './clone-censor-weight-analysis.js';
import { summarise, type CloneRows, type WeightSummary } from './clone-censor-weight.js';
import { logisticIrls } from './propensity-fit.js';
import { bootstrapReplicates, percentileInterval } from './tte-bootstrap.js';
import { riskContrasts, weightedHazardRatio, type EffectEstimate, type RiskContrasts } from './tte-effects.js';

/** The result shape of every design (clone-censor-weight has its own, richer one). */
export interface DesignAnalysis {
  patients: number;
  events: number;
  estimates: MaybeEstimate[];
  naive: MaybeEstimate;
  interval: 'robust' | 'percentile-bootstrap';
  bootstrap: { replicates: number; used: number; failed: number; seed: number } | null;
  risks: RiskContrasts | null;
  /** Entries in the treatment arm. */
  started: number;
  weights: { treatment: WeightSummary; control: WeightSummary; truncated: number } | null;
  positivity: { treatmentBelow001: number; controlBelow001: number; minProbability: number; maxProbability: number } | null;
  balance: CloneBalance[];
  propensity: { terms: string[]; coefficients: number[]; se: number[]; rows: number; converged: boolean } | null;
  warnings: string[];
}

/** One entry (a patient, or a patient in one trial) with its covariates. */
export interface PointEntries {
  /** Patient (cluster) of each entry. */
  patient: Int32Array;
  arm: Uint8Array;
  /** Follow-up from the entry's time zero (days, > 0) and status (0, 1, 2), truncated at the horizon. */
  time: Float64Array;
  status: Uint8Array;
  /** Stratum of the entry for the stabilisation and the Cox model (the trial), or null. */
  stratum: Int32Array | null;
  /** Design columns of the propensity model (without intercept). */
  covariates: { name: string; values: Float64Array }[];
}

/** Weights and the propensity fit of one set of entries. */
export interface PointWeights {
  weights: Float64Array;
  ps: Float64Array;
  truncated: number;
  fit: { terms: string[]; coefficients: number[]; se: number[]; rows: number; converged: boolean };
  warnings: string[];
}

/**
 * Stabilised IP weights of entries from a logistic propensity model.
 * @param entries the entries; @param prior prior weight per entry (bootstrap), or null.
 * @param truncate quantiles to truncate at, or null.
 * @throws {ModelError} from the logistic fit; {@link UsageError} for a bad truncation.
 */
export function pointWeights(entries: PointEntries, prior: Float64Array | null, truncate: readonly [number, number] | null): PointWeights {
  const n = entries.arm.length;
  const x = [new Float64Array(n).fill(1), ...entries.covariates.map((c) => c.values)];
  const terms = ['(Intercept)', ...entries.covariates.map((c) => c.name)];
  const y = Float64Array.from(entries.arm);
  const w = prior ?? new Float64Array(n).fill(1);
  const fit = logisticIrls({ x, y, weights: w, interceptIndex: 0 });
  const p = terms.length;
  // stabilisation: the weighted share of the treated within the stratum
  const num = new Map<number, { a: number; t: number }>();
  for (let i = 0; i < n; i++) {
    const s = entries.stratum ? entries.stratum[i]! : 0;
    const e = num.get(s) ?? { a: 0, t: 0 };
    e.a += w[i]! * y[i]!;
    e.t += w[i]!;
    num.set(s, e);
  }
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = num.get(entries.stratum ? entries.stratum[i]! : 0)!;
    const share = s.a / s.t;
    const ps = fit.fitted[i]!;
    weights[i] = y[i] === 1 ? share / ps : (1 - share) / (1 - ps);
  }
  let truncated = 0;
  if (truncate) {
    const [lo, hi] = truncate;
    if (!(lo >= 0 && hi <= 1 && lo < hi)) throw new UsageError(`truncate quantiles must satisfy 0 <= lower < upper <= 1, got [${lo}, ${hi}]`);
    const used = Array.from(weights).filter((_, i) => w[i]! > 0);
    const qlo = quantileType7(used, lo);
    const qhi = quantileType7(used, hi);
    for (let i = 0; i < n; i++) {
      if (weights[i]! < qlo) { weights[i] = qlo; truncated++; }
      else if (weights[i]! > qhi) { weights[i] = qhi; truncated++; }
    }
  }
  return {
    weights,
    ps: fit.fitted,
    truncated,
    fit: { terms, coefficients: Array.from(fit.coefficients), se: terms.map((_, j) => (fit.aliased[j] ? NaN : Math.sqrt(fit.covariance[j * p + j]!))), rows: n, converged: fit.converged },
    warnings: fit.warnings.map((m) => `propensity model: ${m}`),
  };
}

/** Rows (start 0, stop = follow-up) of weighted entries, times the prior weights. */
export function entryRows(entries: PointEntries, weights: Float64Array, prior: Float64Array | null): CloneRows {
  return {
    patient: entries.patient,
    arm: entries.arm,
    start: new Float64Array(entries.arm.length),
    stop: entries.time,
    status: entries.status,
    weight: prior ? Float64Array.from(weights, (v, i) => v * prior[i]!) : weights,
  };
}

/** Options of {@link pointTreatmentAnalysis}. */
export interface PointTreatmentOptions {
  horizonDays: number;
  confLevel?: number;
  truncate?: readonly [number, number] | null;
  bootstrap?: { replicates: number; seed?: number; onProgress?: (done: number, total: number) => void } | null;
}

/**
 * Weights, effects, bootstrap and diagnostics of point-treatment entries.
 * @param entries the entries; @param patients number of patients (clusters; the bootstrap resamples patients).
 * @param naive the naive estimate of the design; @param options horizon, confLevel, truncate, bootstrap.
 */
export function pointTreatmentAnalysis(entries: PointEntries, patients: number, events: number, naive: MaybeEstimate, options: PointTreatmentOptions, warningsIn: string[]): DesignAnalysis {
  const confLevel = options.confLevel ?? 0.95;
  const warnings = [...warningsIn];
  const interval = (options.bootstrap ? 'percentile-bootstrap' : 'robust') as DesignAnalysis['interval'];
  const n1 = entries.arm.reduce((a, v) => a + v, 0);
  const n0 = entries.arm.length - n1;
  const empty: DesignAnalysis = { patients, events, estimates: [NONE('risk-difference'), NONE('risk-ratio'), NONE('hazard-ratio')], naive, interval, bootstrap: null, risks: null, started: n1, weights: null, positivity: null, balance: [], propensity: null, warnings };
  if (n1 === 0 || n0 === 0) {
    warnings.push(`nobody ${n1 === 0 ? 'started the treatment' : 'was in the control arm'}: the ${n1 === 0 ? 'treatment' : 'control'} strategy has no followers`);
    return { ...empty, warnings: [...new Set(warnings)] };
  }
  let pw: PointWeights;
  try {
    pw = pointWeights(entries, null, options.truncate ?? null);
  } catch (e) {
    if (!(e instanceof MidiaError)) throw e;
    warnings.push(`propensity model: ${e.message}`);
    return { ...empty, warnings: [...new Set(warnings)] };
  }
  warnings.push(...pw.warnings);
  const rows = entryRows(entries, pw.weights, null);
  const risks = riskContrasts(rows, patients, options.horizonDays, confLevel);
  let hr: (EffectEstimate & { warnings: string[] }) | null = null;
  try {
    hr = weightedHazardRatio(rows, confLevel, entries.stratum);
    warnings.push(...hr.warnings.map((m) => `weighted Cox model: ${m}`));
  } catch (e) {
    if (!(e instanceof MidiaError)) throw e;
    warnings.push(e.message);
  }
  let estimates: MaybeEstimate[] = [maybe(risks.difference), maybe(risks.ratio), hr ? maybe(hr) : NONE('hazard-ratio')];
  let bootstrap: DesignAnalysis['bootstrap'] = null;
  if (options.bootstrap) {
    // resample patients: an entry's multiplicity is its patient's
    const bs = bootstrapReplicates(
      patients,
      (m) => {
        const prior = Float64Array.from(entries.patient, (i) => m[i]!);
        const rw = pointWeights(entries, prior, options.truncate ?? null);
        const rr = entryRows(entries, rw.weights, prior);
        const rc = riskContrasts(rr, patients, options.horizonDays, confLevel);
        let h = NaN;
        if (hr) {
          try {
            h = weightedHazardRatio(rr, confLevel, entries.stratum).estimate;
          } catch (e) {
            if (!(e instanceof MidiaError)) throw e;
          }
        }
        return { rd: rc.difference.estimate, rr: rc.ratio.estimate, hr: h };
      },
      options.bootstrap,
    );
    const ci = (k: string, est: MaybeEstimate, log: boolean): MaybeEstimate => {
      const v = bs.estimates[k];
      if (!v || est.estimate === null) return est;
      const p = percentileInterval(v, confLevel);
      return { ...est, lower: finite(p.lower), upper: finite(p.upper), se: finite(replicateSd(v, log)) };
    };
    estimates = [ci('rd', estimates[0]!, false), ci('rr', estimates[1]!, true), ci('hr', estimates[2]!, true)];
    bootstrap = { replicates: options.bootstrap.replicates, used: bs.estimates.rd ? Array.from(bs.estimates.rd).filter(Number.isFinite).length : 0, failed: bs.failed, seed: bs.seed };
    if (bs.failed > 0) warnings.push(`${bs.failed} of ${options.bootstrap.replicates} bootstrap replicates could not be analysed (${bs.failures.join('; ')}); the intervals use the others`);
  }
  const summary = (arm: 0 | 1): WeightSummary => summarise(arm === 1 ? 'treatment' : 'control', Array.from(pw.weights, (v, i) => ({ v, c: entries.arm[i] === arm ? 1 : 0 })).filter((p) => p.c > 0));
  const weights = { treatment: summary(1), control: summary(0), truncated: pw.truncated };
  for (const s of [weights.treatment, weights.control]) if (s.max > 100) warnings.push(`extreme weights in the ${s.arm} arm (max ${s.max.toPrecision(4)}): check positivity, or truncate the weights`);
  const below = [0, 0];
  let minP = Infinity;
  let maxP = -Infinity;
  for (let i = 0; i < pw.ps.length; i++) {
    const p = pw.ps[i]!;
    minP = Math.min(minP, p);
    maxP = Math.max(maxP, p);
    if (entries.arm[i] === 1 && p < 0.01) below[0]!++;
    if (entries.arm[i] === 0 && 1 - p < 0.01) below[1]!++;
  }
  if (below[0]! + below[1]! > 0) warnings.push('positivity: some patients followed a strategy they had a probability below 0.01 of following');
  const balance: CloneBalance[] = entries.covariates.length
    ? [{ time: 0, atRisk: { treatment: n1, control: n0 }, rows: balanceTable(entries.covariates, entries.arm, pw.weights) }]
    : [];
  for (const b of balance) {
    const worst = b.rows.reduce((a, r) => (Number.isFinite(r.smdAfter) ? Math.max(a, Math.abs(r.smdAfter)) : a), 0);
    if (worst > 0.1) warnings.push(`weighted entries at time zero: |SMD| up to ${worst.toFixed(2)} (> 0.1, Austin 2009): balance is not achieved`);
  }
  return {
    patients,
    events,
    estimates,
    naive,
    interval,
    bootstrap,
    risks,
    started: n1,
    weights,
    positivity: { treatmentBelow001: below[0]!, controlBelow001: below[1]!, minProbability: minP, maxProbability: maxP },
    balance,
    propensity: pw.fit,
    warnings: [...new Set(warnings)],
  };
}
