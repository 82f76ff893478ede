/**
 * Log-rank / Fleming-Harrington test front end: formula + columns ->
 * {@link LogRankTest}, as R's `survdiff(Surv(time, status) ~ group + strata(s), data, rho)`,
 * and pairwise comparisons with multiplicity adjustment (R has no
 * pairwise_survdiff in survival: we run survdiff on each pair's rows, keeping
 * the strata, and adjust as `p.adjust`).
 */

import { FormulaError, UsageError } from '../../../util/errors.js';
import type { ColumnTable, FactorOptions } from '../../design/types.js';
import { survivalGroupFrame } from './kaplan-meier.js';
import { logRankCore, logRankOptions, type LogRankCoreResult, type LogRankOptions } from './log-rank-fit.js';
import { pAdjust, type PAdjustMethod } from '../survival-utils.js';

/** One group's line of the test table (R's print.survdiff). */
export interface LogRankGroup {
  label: string;
  n: number;
  observed: number;
  expected: number;
  /** (O - E)^2 / E */
  oeOverE: number;
  /** (O - E)^2 / V (V the group's diagonal variance) */
  oeOverV: number;
}

/** JSON form of a {@link LogRankTest} (CLI contract: chisq, df, p first). */
export interface LogRankJSON {
  chisq: number;
  df: number;
  /** null when df = 0 (no test). */
  p: number | null;
  rho: number;
  gamma: number;
  groups: LogRankGroup[];
  variance: number[][];
  strata: string[];
}

/** Result of {@link logRank}. */
export class LogRankTest {
  readonly formula: string;
  readonly chisq: number;
  readonly df: number;
  /** Upper-tail chi-square p-value; NaN when df = 0 (R would print p = 0 there, which is not a test). */
  readonly p: number;
  readonly rho: number;
  readonly gamma: number;
  readonly groups: readonly LogRankGroup[];
  /** Variance matrix of O - E (R's `fit$var`). */
  readonly variance: readonly (readonly number[])[];
  /** Strata labels when the formula has strata(...), else empty. */
  readonly strata: readonly string[];
  readonly nDropped: number;
  readonly warnings: readonly string[];

  constructor(init: {
    formula: string; core: LogRankCoreResult; labels: string[]; rho: number; gamma: number; strata: string[];
    nDropped: number; warnings: string[];
  }) {
    const c = init.core;
    this.formula = init.formula;
    this.chisq = c.chisq;
    this.df = c.df;
    this.p = c.p;
    this.rho = init.rho;
    this.gamma = init.gamma;
    this.groups = init.labels.map((label, g) => {
      const oe = c.observed[g]! - c.expected[g]!;
      return {
        label,
        n: c.n[g]!,
        observed: c.observed[g]!,
        expected: c.expected[g]!,
        oeOverE: (oe * oe) / c.expected[g]!,
        oeOverV: (oe * oe) / c.variance[g]![g]!,
      };
    });
    this.variance = c.variance.map((r) => Array.from(r));
    this.strata = init.strata;
    this.nDropped = init.nDropped;
    this.warnings = init.warnings;
  }

  toJSON(): LogRankJSON {
    return {
      chisq: this.chisq,
      df: this.df,
      p: Number.isNaN(this.p) ? null : this.p,
      rho: this.rho,
      gamma: this.gamma,
      groups: this.groups.map((g) => ({ ...g })),
      variance: this.variance.map((r) => [...r]),
      strata: [...this.strata],
    };
  }

  /** Text like R's print.survdiff. */
  print(): string {
    const f = (x: number): string => `${Number(x.toPrecision(4))}`;
    const head = ['', 'N', 'Observed', 'Expected', '(O-E)^2/E', '(O-E)^2/V'];
    const rows = this.groups.map((g) => [g.label, `${g.n}`, f(g.observed), f(g.expected), f(g.oeOverE), f(g.oeOverV)]);
    const all = [head, ...rows];
    const widths = head.map((_, j) => Math.max(...all.map((r) => r[j]!.length)));
    const line = (r: string[]): string => r.map((s, j) => (j === 0 ? s.padEnd(widths[j]!) : s.padStart(widths[j]!))).join(' ');
    const p = Number.isNaN(this.p) ? 'NA' : this.p < 1e-16 ? '<2e-16' : `${Number(this.p.toPrecision(2))}`;
    return [
      `Call: survdiff(formula = ${this.formula}${this.rho ? `, rho = ${this.rho}` : ''})`,
      '',
      ...all.map(line),
      '',
      ` Chisq= ${Number(this.chisq.toPrecision(3))}  on ${this.df} degrees of freedom, p= ${p}`,
    ].join('\n');
  }
}

function prepare(formula: string, data: ColumnTable, factors?: Readonly<Record<string, FactorOptions>>): {
  time: Float64Array; status: Float64Array; group: Int32Array; labels: string[];
  strata: Int32Array | null; strataLabels: string[]; nDropped: number; warnings: string[];
} {
  const g = survivalGroupFrame(formula, data, undefined, factors);
  const fr = g.frame;
  if (fr.start) throw new FormulaError(formula, 'The log-rank test needs right-censored data Surv(time, status) (as R survdiff)');
  if (!g.group) throw new FormulaError(formula, 'No groups to test: the formula needs a right-hand side variable');
  return {
    time: fr.time!, status: fr.status!, group: g.group, labels: g.groupLabels,
    strata: g.strata, strataLabels: g.strataLabels, nDropped: fr.nDropped, warnings: [...fr.warnings],
  };
}

/**
 * Log-rank test and the G(rho, gamma) family (R: `survdiff(formula, data, rho)`).
 * @param formula `Surv(time, status) ~ group` (several variables are crossed), with optional `strata(s)` for a stratified test
 * @param data columns by name
 * @param options rho (default 0: log-rank; 1: Peto-Peto), gamma (default 0; extension, weight (1 - S(t-))^gamma)
 * @throws FormulaError without groups or for counting-process data; UsageError for bad options; ModelError for a singular variance
 * @example logRank('Surv(time, status) ~ sex', lung).p // => 0.001311
 */
export function logRank(formula: string, data: ColumnTable, options: LogRankOptions & { factors?: Readonly<Record<string, FactorOptions>> } = {}): LogRankTest {
  const opts = logRankOptions(options);
  const d = prepare(formula, data, options.factors);
  const core = logRankCore(
    { time: d.time, status: d.status, group: d.group, nGroups: d.labels.length, strata: d.strata, nStrata: d.strata ? d.strataLabels.length : 1 },
    opts,
  );
  return new LogRankTest({ formula, core, labels: d.labels, ...opts, strata: d.strataLabels, nDropped: d.nDropped, warnings: d.warnings });
}

/** Options of {@link pairwiseLogRank}. */
export interface PairwiseLogRankOptions extends LogRankOptions {
  /** p-value adjustment, as R's p.adjust; default 'holm' (R's p.adjust default). */
  adjust?: PAdjustMethod;
  /** Level order of the group variables by column (the order of the pairs). Default: sorted. */
  factors?: Readonly<Record<string, FactorOptions>>;
}

/** One pair's test. */
export interface PairwiseLogRankRow {
  group1: string;
  group2: string;
  chisq: number;
  df: number;
  p: number;
  pAdjusted: number;
}

/**
 * All pairwise G(rho, gamma) tests between the groups of a formula, each on
 * the rows of its two groups (strata kept), with adjusted p-values.
 * @param formula as {@link logRank}
 * @param options rho (0), gamma (0), adjust ('holm')
 * @returns the pairs, and the rows used (`n`), their events and the rows dropped for missing values (`nDropped`)
 * @example pairwiseLogRank('Surv(time, status) ~ celltype', veteran, { adjust: 'BH' }).pairs.length // => 6
 */
export function pairwiseLogRank(
  formula: string,
  data: ColumnTable,
  options: PairwiseLogRankOptions = {},
): { adjust: PAdjustMethod; rho: number; gamma: number; pairs: PairwiseLogRankRow[]; n: number; events: number; nDropped: number } {
  const opts = logRankOptions(options);
  const adjust = options.adjust ?? 'holm';
  if (!['holm', 'bonferroni', 'BH', 'none'].includes(adjust)) throw new UsageError(`Unrecognized adjust: ${String(adjust)}`);
  const d = prepare(formula, data, options.factors);
  const G = d.labels.length;
  const pairs: PairwiseLogRankRow[] = [];
  for (let a = 0; a < G; a++) {
    for (let b = a + 1; b < G; b++) {
      let cnt = 0;
      for (let i = 0; i < d.group.length; i++) if (d.group[i] === a || d.group[i] === b) cnt++;
      const rows = new Int32Array(cnt);
      cnt = 0;
      for (let i = 0; i < d.group.length; i++) if (d.group[i] === a || d.group[i] === b) rows[cnt++] = i;
      const core = logRankCore(
        { time: d.time, status: d.status, group: d.group, nGroups: G, strata: d.strata, nStrata: d.strata ? d.strataLabels.length : 1, rows },
        opts,
      );
      pairs.push({ group1: d.labels[a]!, group2: d.labels[b]!, chisq: core.chisq, df: core.df, p: core.p, pAdjusted: NaN });
    }
  }
  const adj = pAdjust(pairs.map((p) => p.p), adjust);
  pairs.forEach((p, i) => (p.pAdjusted = adj[i]!));
  let events = 0;
  for (let i = 0; i < d.status.length; i++) if (d.status[i]! > 0) events++;
  return { adjust, ...opts, pairs, n: d.time.length, events, nDropped: d.nDropped };
}
