/**
 * Disclosure control of an MS therapy comparison (docs/access-levels.md):
 * aggregated output only; arm sizes, missing-covariate, truncation, matching,
 * positivity and event counts below the threshold suppressed (with
 * complementary suppression where a total is shown); arm means of a binary
 * covariate withheld when a category is small in an arm; subgroup counts as a
 * levels x arms table with the arm totals public (suppressTable); subgroup
 * effects only where both arms reach the threshold (decided in compare-fit.ts).
 */
import { suppressSmallCounts1D } from '../../engine/disclosure/suppress-small-counts.js';
import type { BalanceTableRow } from '../../models/causal/balance.js';
import type { TreatmentEffect } from '../../models/causal/weighted-effects.js';
import { quantileSortedType7 } from '../../models/stats/quantile.js';
import type { ComparisonFit } from './compare-fit.js';
import type { CompareSettings } from './compare-settings.js';
import { smallCount, suppressTable } from './disclosure.js';

/** An effect after disclosure control. */
export interface DisclosedEffect {
  measure: 'hazard ratio' | 'rate ratio';
  ratio: number;
  lower: number;
  upper: number;
  p: number;
  /** Log ratio and its robust standard error. */
  estimate: number;
  se: number;
}

/** One covariate's balance after disclosure control. */
export interface DisclosedBalanceRow {
  covariate: string;
  binary: boolean;
  smdBefore: number;
  smdAfter: number;
  meanTreatedBefore: number | null;
  meanControlBefore: number | null;
  meanTreatedAfter: number;
  meanControlAfter: number;
  varianceRatioBefore: number | null;
  varianceRatioAfter: number | null;
}

/** Propensity-score percentiles and the scores outside the bounds, per arm. */
export interface ArmPositivity {
  q05: number;
  median: number;
  q95: number;
  outside: number | null;
}

/** The report of a comparison: the JSON document of `midia ms compare --json`. */
export interface CompareReport {
  design: string;
  comparison: { by: CompareSettings['by']; treatment: string; control: string };
  outcome: CompareSettings['outcome'];
  patients: { treated: number | null; control: number | null; missingCovariates: number | null };
  propensity: {
    formula: string;
    ridge: number;
    elasticNet: CompareSettings['enet'];
    converged: boolean;
    positivity: { treated: ArmPositivity; control: ArmPositivity; bounds: number[] };
    coefficients: { term: string; estimate: number; se: number; p: number }[];
  };
  adjustment: Record<string, unknown>;
  balance: DisclosedBalanceRow[];
  maxAbsSmd: { before: number; after: number };
  effect: DisclosedEffect & { model: string; formula: string; variance: string; events: { treated: number | null; control: number | null }; years?: { treated: number; control: number } };
  subgroups: {
    variable: string;
    levels: { level: string; treated: number | null; control: number | null; effect: DisclosedEffect | null }[];
    interaction: { statistic: number; df: number; p: number; levels: string[]; test: string } | null;
  } | null;
  figure: string | null;
  threshold: number;
  warnings: string[];
}

function disclosedEffect(e: TreatmentEffect | null, measure: DisclosedEffect['measure']): DisclosedEffect | null {
  return e ? { measure, ratio: e.ratio, lower: e.lower, upper: e.upper, p: e.p, estimate: e.estimate, se: e.se } : null;
}

/** Balance rows with arm means of binary covariates withheld when a category count in an arm is small. */
function disclosedBalance(rows: readonly BalanceTableRow[], cov: Record<string, Float64Array>, treat: Float64Array, threshold: number): DisclosedBalanceRow[] {
  return rows.map((r) => {
    let hide = false;
    const x = cov[r.covariate];
    if (r.binary && x) {
      for (const arm of [0, 1]) {
        let ones = 0;
        let all = 0;
        for (let i = 0; i < x.length; i++)
          if (treat[i] === arm) {
            all++;
            ones += x[i] as number;
          }
        if ((ones > 0 && ones < threshold) || (all - ones > 0 && all - ones < threshold)) hide = true;
      }
    }
    const m = (v: number): number | null => (hide || !Number.isFinite(v) ? null : v);
    return {
      covariate: r.covariate,
      binary: r.binary,
      smdBefore: r.smdBefore,
      smdAfter: r.smdAfter,
      meanTreatedBefore: m(r.meanTreatedBefore),
      meanControlBefore: m(r.meanControlBefore),
      meanTreatedAfter: r.meanTreatedAfter,
      meanControlAfter: r.meanControlAfter,
      varianceRatioBefore: Number.isFinite(r.varianceRatioBefore) ? r.varianceRatioBefore : null,
      varianceRatioAfter: Number.isFinite(r.varianceRatioAfter) ? r.varianceRatioAfter : null,
    };
  });
}

/**
 * Positivity (overlap) of the propensity score: per arm the 5th, 50th and 95th
 * percentiles (type 7) and the patients with a score outside [0.05, 0.95]
 * (a common trimming bound, Crump et al., Biometrika 2009;96:187, use 0.1),
 * counted with small counts suppressed.
 */
function positivity(ps: Float64Array, treat: Float64Array, threshold: number): CompareReport['propensity']['positivity'] {
  const arm = (a: number) => {
    const x = Float64Array.from(Array.from(ps).filter((_, i) => treat[i] === a)).sort();
    const outside = x.filter((v) => v < 0.05 || v > 0.95).length;
    return { q05: quantileSortedType7(x, 0.05), median: quantileSortedType7(x, 0.5), q95: quantileSortedType7(x, 0.95), outside };
  };
  const t = arm(1);
  const c = arm(0);
  const [o1, o0] = suppressSmallCounts1D([t.outside, c.outside], { threshold }).counts;
  return { treated: { ...t, outside: o1 ?? null }, control: { ...c, outside: o0 ?? null }, bounds: [0.05, 0.95] };
}

/** The adjustment as reported: weights and their truncation, or the matched pairs. */
function disclosedAdjustment(f: ComparisonFit, s: CompareSettings, threshold: number): Record<string, unknown> {
  const a = f.adjustment;
  if (a.kind === 'iptw') {
    return { kind: 'iptw', weights: s.weights, estimand: a.estimand, truncate: s.truncate > 0 ? [s.truncate, 1 - s.truncate] : null, truncatedWeights: smallCount(a.nTruncated, threshold), effectiveSampleSize: a.effectiveSampleSize };
  }
  const m = a.match;
  const [mt, ut] = suppressSmallCounts1D([m.nMatchedTreated, m.nUnmatchedTreated], { threshold }).counts;
  return { kind: 'match', estimand: 'ATT', ratio: 1, caliper: s.caliper, caliperWidth: Number.isFinite(m.caliperWidth) ? m.caliperWidth : null, matchedTreated: mt ?? null, unmatchedTreated: ut ?? null, matchedControls: smallCount(m.nMatchedControls, threshold) };
}

/**
 * The disclosed report of a fitted comparison (see the module comment).
 * @param warnings the warnings to report (already free of patient-level detail).
 */
export function discloseComparison(f: ComparisonFit, s: CompareSettings, threshold: number, warnings: readonly string[]): CompareReport {
  const { treat, measure } = f;
  let subgroups: CompareReport['subgroups'] = null;
  const sg = f.subgroups;
  if (sg) {
    const missing = (sg.missing[0] ?? 0) + (sg.missing[1] ?? 0);
    // levels x arms with the arm totals public: complementary suppression across levels (and the missing row)
    const shown = suppressTable(missing > 0 ? [...sg.counts, sg.missing] : sg.counts, threshold);
    subgroups = {
      variable: s.subgroup ?? 'cluster',
      levels: sg.levels.map((level, r) => ({ level, treated: shown[r]?.[0] ?? null, control: shown[r]?.[1] ?? null, effect: sg.eligible.has(level) ? disclosedEffect(sg.effects.get(level) ?? null, measure) : null })),
      interaction: sg.interaction,
    };
  }
  const n1 = treat.reduce((a, v) => a + v, 0);
  const [shownTreated, shownControl] = suppressSmallCounts1D([n1, treat.length - n1], { threshold }).counts;
  const maxAbs = (k: 'smdBefore' | 'smdAfter'): number => Math.max(...f.balanceRows.map((r) => Math.abs(r[k])).filter(Number.isFinite));
  const effect = disclosedEffect(f.effect, measure) as DisclosedEffect;
  return {
    design: 'new users: each patient enters at the start of the first episode of the treatment or the control; follow-up to the episode stop or the end of follow-up (as-treated)',
    comparison: { by: s.by, treatment: s.treatment, control: s.control },
    outcome: s.outcome,
    patients: { treated: shownTreated ?? null, control: shownControl ?? null, missingCovariates: smallCount(f.dropped, threshold) },
    propensity: {
      formula: `treat ~ ${f.covariates.join(' + ')}`,
      ridge: s.ridge,
      elasticNet: s.enet,
      converged: f.ps.converged,
      positivity: positivity(f.ps.ps, treat, threshold),
      coefficients: f.ps.coefficients.map((c) => ({ term: c.term, estimate: c.estimate, se: c.se, p: c.p })),
    },
    adjustment: disclosedAdjustment(f, s, threshold),
    balance: disclosedBalance(f.balanceRows, f.covUsed, treat, threshold),
    maxAbsSmd: { before: maxAbs('smdBefore'), after: maxAbs('smdAfter') },
    effect: {
      model: f.model,
      formula: f.formula,
      variance: f.matched ? 'robust (sandwich), clustered on matched pairs' : 'robust (sandwich)',
      ...effect,
      events: { treated: smallCount(f.events[0] ?? 0, threshold), control: smallCount(f.events[1] ?? 0, threshold) },
      ...(s.outcome === 'arr' ? { years: { treated: f.years[0] ?? 0, control: f.years[1] ?? 0 } } : {}),
    },
    subgroups,
    figure: s.figure,
    threshold,
    warnings: [...warnings],
  };
}
