/**
 * Seeded simulation of a confounded therapy comparison with a known effect,
 * for recovery checks of the IPTW pipeline (bench/iptw-replicates.ts and the
 * unit tests). Confounding by indication: patients with higher baseline
 * EDSS, more prior relapses and younger age are more likely to receive the
 * high-efficacy therapy (treatment = 1), and the same covariates raise the
 * relapse rate. Relapse counts are Poisson over a follow-up drawn
 * independently of everything else, with a constant multiplicative therapy
 * effect, so the marginal rate ratio equals the conditional one
 * (`trueRateRatio`, log link is collapsible) and IPTW targets it exactly.
 */
import { normal, poisson, seededRandom } from '../../util/random.js';
import { ipWeights } from './ip-weights.js';
import { propensityScore } from './propensity-score.js';
import { weightedEffect, type TreatmentEffect } from './weighted-effects.js';

/** Options of {@link simulateConfoundedComparison}. */
export interface ConfoundedSimulationOptions {
  /** Patients (default 800). */
  n?: number;
  /** True rate ratio of treatment 1 vs 0 (default 0.6). */
  trueRateRatio?: number;
  /** Seed (default 1). */
  seed?: number;
}

/** A simulated cohort as a column table plus the truth. */
export interface ConfoundedSimulation {
  data: {
    treatment: Float64Array; age: Float64Array; edss: Float64Array; priorRelapses: Float64Array; female: Float64Array;
    relapses: Float64Array; logYears: Float64Array;
  };
  trueRateRatio: number;
}

/**
 * Simulate one cohort.
 * @param options n (800), trueRateRatio (0.6), seed (1).
 * @example simulateConfoundedComparison({ seed: 3 }).data.treatment
 */
export function simulateConfoundedComparison(options: ConfoundedSimulationOptions = {}): ConfoundedSimulation {
  const n = options.n ?? 800;
  const rr = options.trueRateRatio ?? 0.6;
  const rand = seededRandom(options.seed ?? 1);
  const col = (): Float64Array => new Float64Array(n);
  const d = { treatment: col(), age: col(), edss: col(), priorRelapses: col(), female: col(), relapses: col(), logYears: col() };
  for (let i = 0; i < n; i++) {
    const age = normal(rand, 38, 10);
    const edss = Math.min(7, Math.max(0, Math.round(2 * normal(rand, 2.5, 1.3)) / 2));
    const prior = poisson(rand, 1);
    const female = rand() < 0.7 ? 1 : 0;
    const lp = -1 + 0.5 * (edss - 2.5) + 0.6 * (prior - 1) - 0.03 * (age - 38) + 0.2 * female;
    const t = rand() < 1 / (1 + Math.exp(-lp)) ? 1 : 0;
    const years = 1 + 4 * rand();
    const rate = 0.35 * Math.exp(0.15 * (edss - 2.5) + 0.35 * (prior - 1) - 0.02 * (age - 38)) * (t === 1 ? rr : 1);
    d.age[i] = age; d.edss[i] = edss; d.priorRelapses[i] = prior; d.female[i] = female; d.treatment[i] = t;
    d.relapses[i] = poisson(rand, rate * years);
    d.logYears[i] = Math.log(years);
  }
  return { data: d, trueRateRatio: rr };
}

/** Outcome of one replicate of {@link iptwReplicate}. */
export interface IptwReplicate {
  seed: number;
  /** IPTW (ATE, Poisson, robust) effect. */
  iptw: TreatmentEffect;
  /** Unadjusted Poisson effect (shows the confounding bias). */
  crude: TreatmentEffect;
  /** True rate ratio inside the IPTW 95% CI. */
  covered: boolean;
}

/**
 * One replicate: simulate, fit the PS (all confounders), ATE weights, weighted Poisson with sandwich.
 * @example iptwReplicate(1).covered
 */
export function iptwReplicate(seed: number, options: Omit<ConfoundedSimulationOptions, 'seed'> = {}): IptwReplicate {
  const sim = simulateConfoundedComparison({ ...options, seed });
  const ps = propensityScore('treatment ~ age + edss + priorRelapses + female', sim.data);
  const w = ipWeights(ps.treatment, ps.ps).weights;
  const formula = 'relapses ~ treatment + offset(logYears)';
  const iptw = weightedEffect(formula, sim.data, w, { treatment: 'treatment', model: 'poisson' }).effect;
  const crude = weightedEffect(formula, sim.data, new Float64Array(w.length).fill(1), { treatment: 'treatment', model: 'poisson' }).effect;
  return { seed, iptw, crude, covered: iptw.lower <= sim.trueRateRatio && sim.trueRateRatio <= iptw.upper };
}
