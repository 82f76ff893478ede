/**
 * The numeric pipeline of `msCompare` (models/causal): a propensity score
 * (logistic regression, optionally ridge- or elastic-net-penalized) of the
 * treatment on the baseline covariates; inverse-probability weights
 * (stabilised ATE weights, truncated; ATT; or overlap weights) or 1:1
 * nearest-neighbour matching with a caliper; the balance table (SMD before and
 * after); the weighted effect with robust variance (Cox hazard ratio for time
 * to first relapse or CDW, or a negative-binomial / Poisson relapse rate
 * ratio); effects within subgroups or clusters with the interaction test.
 *
 * Each arm must reach the disclosure threshold before anything is fitted,
 * and subgroup effects are fitted only on levels where both arms reach it
 * (AccessDeniedError / a warning otherwise): the threshold is a design input
 * here, the counts are disclosed in compare-disclosure.ts.
 *
 * References: Rosenbaum & Rubin 1983 (propensity score); Austin, Stat Med
 * 2011;30:1292 (caliper 0.2 SD of the logit); Cole & Hernán, Am J Epidemiol
 * 2008;168:656 (stabilised, truncated weights at the 1st/99th percentiles);
 * Li, Morgan & Zaslavsky, JASA 2018;113:390 (overlap weights); Austin, Stat
 * Med 2009;28:3083 (SMD < 0.1); Austin, Stat Med 2016;35:5642 (weighted Cox
 * with robust variance); Austin, Stat Med 2014;33:1242 (clustering on matched pairs).
 */
import { balanceTable, type BalanceTableRow } from '../../models/causal/balance.js';
import { ipWeights, type Estimand } from '../../models/causal/ip-weights.js';
import { propensityScore, type PropensityScoreResult } from '../../models/causal/propensity-score.js';
import { matchNearest, type MatchResult } from '../../models/causal/ps-matching.js';
import { subgroupEffects, weightedEffect, type EffectModel, type TreatmentEffect } from '../../models/causal/weighted-effects.js';
import type { Column } from '../../models/design/types.js';
import { AccessDeniedError, UsageError } from '../../util/errors.js';
import { entries, outcomes, type Entry } from './compare-cohort.js';
import type { CompareCovariate, CompareSettings } from './compare-settings.js';
import { smallCount } from './disclosure.js';
import type { MsPatient } from './ms-cohort.js';

/** The adjustment as fitted: IP weights or matching. */
export type FittedAdjustment =
  | { kind: 'iptw'; estimand: Estimand; nTruncated: number; effectiveSampleSize: { treated: number; control: number } }
  | { kind: 'match'; match: MatchResult };

/** The subgroup analysis as fitted. */
export interface FittedSubgroups {
  levels: string[];
  /** Per level: [treated, control]. */
  counts: number[][];
  /** Patients without a level: [treated, control]. */
  missing: number[];
  /** Levels where both arms reach the threshold (effects and the interaction test only on these). */
  eligible: Set<string>;
  effects: Map<string, TreatmentEffect | null>;
  interaction: { statistic: number; df: number; p: number; levels: string[]; test: string } | null;
}

/** A fitted comparison before disclosure. */
export interface ComparisonFit {
  covariates: CompareCovariate[];
  ps: PropensityScoreResult;
  /** The analysed new users (complete covariates), in PS row order. */
  list: Entry[];
  /** New users left out for a missing covariate. */
  dropped: number;
  treat: Float64Array;
  covUsed: Record<string, Float64Array>;
  adjustment: FittedAdjustment;
  balanceRows: BalanceTableRow[];
  model: EffectModel;
  formula: string;
  measure: 'hazard ratio' | 'rate ratio';
  matched: boolean;
  effect: TreatmentEffect;
  /** Events (relapses for ARR) per arm: [treated, control]. */
  events: number[];
  /** Follow-up years per arm: [treated, control]. */
  years: number[];
  subgroups: FittedSubgroups | null;
  warnings: string[];
}

function subset(table: Record<string, Column>, rows: readonly number[]): Record<string, Column> {
  const out: Record<string, Column> = {};
  for (const [k, c] of Object.entries(table)) out[k] = c instanceof Float64Array ? Float64Array.from(rows, (i) => c[i] as number) : rows.map((i) => c[i] ?? null);
  return out;
}

/** The subgroup column of the analysed new users (null: no subgroup analysis). */
function subgroupColumn(list: readonly Entry[], s: CompareSettings, clusters: ReadonlyMap<string, string> | null): (string | null)[] | null {
  if (s.subgroup === 'sex') return list.map((e) => e.patient.sex);
  if (s.subgroup === 'priorTherapy') return list.map((e) => (e.baseline.priorTherapy === 1 ? 'yes' : 'no'));
  if (s.subgroup === 'site') return list.map((e) => e.patient.site);
  if (s.subgroup === 'edssBand') return list.map((e) => (Number.isFinite(e.baseline.edss) ? (e.baseline.edss < 3 ? '0-2.5' : e.baseline.edss < 6 ? '3-5.5' : '6+') : null));
  return clusters ? list.map((e) => clusters.get(e.patient.id) ?? null) : null;
}

/**
 * Fits the comparison (see the module comment).
 * @param warnings warnings so far (the cohort's); extended in order.
 * @param threshold the disclosure threshold: each arm must reach it.
 * @param clusters cluster of each pseudonym for `byCluster` (null otherwise).
 * @throws {AccessDeniedError} when an arm (or the matched treated) is below the threshold; {@link UsageError} when no covariate varies.
 */
export function fitComparison(patients: readonly MsPatient[], s: CompareSettings, threshold: number, clusters: ReadonlyMap<string, string> | null, warnings: string[]): ComparisonFit {
  const { entries: all, noFollowUp } = entries(patients, s);
  if (noFollowUp > 0) warnings.push(`${smallCount(noFollowUp, threshold) ?? `fewer than ${threshold}`} new user(s) without follow-up after the start left out`);
  // covariate table (complete cases are chosen by the propensity model)
  const cov: Record<string, Float64Array> = {};
  const covariates: CompareCovariate[] = [];
  for (const c of s.covariates) {
    const x = Float64Array.from(all, (e) => e.baseline[c]);
    const seen = new Set(Array.from(x).filter(Number.isFinite));
    if (seen.size <= 1) {
      warnings.push(`covariate ${c} is constant among the new users and was left out of the propensity score`);
      continue;
    }
    cov[c] = x;
    covariates.push(c);
  }
  if (covariates.length === 0) throw new UsageError('no --covariates vary among the new users: nothing to build a propensity score from');
  const treatAll = Float64Array.from(all, (e) => e.arm);
  const n1all = all.filter((e) => e.arm === 1).length;
  const n0all = all.length - n1all;
  if (n1all < threshold || n0all < threshold) {
    throw new AccessDeniedError(`too few new users to compare: ${s.treatment} ${smallCount(n1all, threshold) ?? `fewer than ${threshold}`}, ${s.control} ${smallCount(n0all, threshold) ?? `fewer than ${threshold}`} (each arm needs at least the disclosure threshold ${threshold})`);
  }
  const ps = propensityScore(`treat ~ ${covariates.join(' + ')}`, { treat: treatAll, ...cov }, s.enet ? { elasticNet: s.enet } : { ridge: s.ridge });
  warnings.push(...ps.warnings);
  const used = Array.from(ps.rowIndex);
  const list = used.map((i) => all[i] as Entry);
  const dropped = all.length - list.length;
  const treat = ps.treatment;
  const n1ps = treat.reduce((a, v) => a + v, 0);
  if (n1ps < threshold || treat.length - n1ps < threshold) throw new AccessDeniedError(`too few new users with complete covariates: each arm needs at least the disclosure threshold ${threshold}`);
  const covUsed: Record<string, Float64Array> = {};
  for (const c of covariates) {
    const x = cov[c] as Float64Array;
    covUsed[c] = Float64Array.from(used, (i) => x[i] as number);
  }
  let weights: Float64Array;
  let matchedSet: Float64Array | null = null;
  let adjustment: FittedAdjustment;
  if (s.method === 'iptw') {
    const w = ipWeights(treat, ps.ps, { estimand: s.weights === 'overlap' ? 'ATO' : s.weights === 'att' ? 'ATT' : 'ATE', stabilize: s.weights === 'stabilized', truncate: s.truncate > 0 ? [s.truncate, 1 - s.truncate] : null });
    warnings.push(...w.warnings);
    weights = w.weights;
    adjustment = { kind: 'iptw', estimand: w.estimand, nTruncated: w.nTruncated, effectiveSampleSize: w.effectiveSampleSize };
  } else {
    const m = matchNearest(treat, ps.logitPs, { caliper: s.caliper });
    warnings.push(...m.warnings);
    weights = m.weights;
    matchedSet = Float64Array.from(m.matchedSet);
    adjustment = { kind: 'match', match: m };
    if (m.nMatchedTreated < threshold) throw new AccessDeniedError(`too few matched pairs (fewer than the disclosure threshold ${threshold}); try a wider --caliper`);
  }
  const balanceRows = balanceTable(covariates.map((c) => ({ name: c, values: covUsed[c] as Float64Array })), treat, weights);
  // outcome model on rows with positive weight
  const o = outcomes(list, s);
  const keep = used.map((_, i) => i).filter((i) => (weights[i] as number) > 0);
  const subgroupCol = subgroupColumn(list, s, clusters);
  const table: Record<string, Column> = { time: o.time, status: o.status, relapses: o.relapses, logYears: o.logYears, treat, ...(subgroupCol ? { subgroup: subgroupCol } : {}), ...(matchedSet ? { pair: matchedSet } : {}) };
  const data = subset(table, keep);
  const w = Float64Array.from(keep, (i) => weights[i] as number);
  const model: EffectModel = s.outcome === 'arr' ? (s.arrModel === 'nb' ? 'negative.binomial' : 'poisson') : 'cox';
  // matched samples: robust variance clustered on the matched pair (Austin, Stat Med 2014;33:1242)
  const formula = (model === 'cox' ? 'Surv(time, status) ~ treat' : 'relapses ~ treat + offset(logYears)') + (matchedSet ? ' + cluster(pair)' : '');
  const measure = model === 'cox' ? 'hazard ratio' : 'rate ratio';
  const fit = weightedEffect(formula, data, w, { treatment: 'treat', model });
  warnings.push(...fit.warnings);
  const tr = data.treat as Float64Array;
  const st = data.status as Float64Array;
  const rl = data.relapses as Float64Array;
  const ly = data.logYears as Float64Array;
  const sumBy = (x: Float64Array, arm: number): number => x.reduce((a, v, i) => a + (tr[i] === arm ? v : 0), 0);
  const events = s.outcome === 'arr' ? [sumBy(rl, 1), sumBy(rl, 0)] : [sumBy(st, 1), sumBy(st, 0)];
  const years = [1, 0].map((arm) => ly.reduce((a, v, i) => a + (tr[i] === arm ? Math.exp(v) : 0), 0));
  let subgroups: FittedSubgroups | null = null;
  if (subgroupCol) {
    const sgCol = data.subgroup as (string | null)[];
    const levels = [...new Set(sgCol.filter((v): v is string => v !== null))].sort();
    const armCounts = (pred: (v: string | null) => boolean): number[] => {
      let a = 0;
      let b = 0;
      sgCol.forEach((v, i) => {
        if (pred(v)) (tr[i] === 1 ? a++ : b++);
      });
      return [a, b];
    };
    const counts = levels.map((l) => armCounts((v) => v === l));
    const missing = armCounts((v) => v === null);
    // effects and the interaction test only on levels where both arms reach the threshold
    const eligible = new Set(levels.filter((_, r) => (counts[r]?.[0] ?? 0) >= threshold && (counts[r]?.[1] ?? 0) >= threshold));
    let effects = new Map<string, TreatmentEffect | null>();
    let interaction: FittedSubgroups['interaction'] = null;
    if (eligible.size >= 2) {
      const sg = subgroupEffects(formula, { ...data, subgroup: sgCol.map((v) => (v !== null && eligible.has(v) ? v : null)) }, w, 'subgroup', { treatment: 'treat', model });
      warnings.push(...sg.warnings);
      effects = new Map(sg.subgroups.map((g) => [g.level, g.effect]));
      interaction = { statistic: sg.interaction.statistic, df: sg.interaction.df, p: sg.interaction.p, levels: [...eligible], test: 'Wald test of the treatment x subgroup terms (robust variance)' };
    } else warnings.push(`fewer than 2 subgroup levels with at least ${threshold} patients in each arm: no subgroup effects or interaction test`);
    if (eligible.size < levels.length && eligible.size >= 2) warnings.push(`subgroup levels with fewer than ${threshold} patients in an arm are left out of the subgroup effects and the interaction test`);
    subgroups = { levels, counts, missing, eligible, effects, interaction };
  }
  return { covariates, ps, list, dropped, treat, covUsed, adjustment, balanceRows, model, formula, measure, matched: matchedSet !== null, effect: fit.effect, events, years, subgroups, warnings };
}
