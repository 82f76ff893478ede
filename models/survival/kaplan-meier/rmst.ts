/**
 * Restricted mean survival time front end: formula + columns -> per-group RMST
 * with standard errors and confidence intervals, and for two groups their
 * difference and ratio (as survRM2::rmst2, Uno et al. 2014, J Clin Oncol 32:2380).
 */

import { UsageError } from '../../../util/errors.js';
import type { ColumnTable, FactorOptions } from '../../design/types.js';
import { qnorm, pnorm } from '../../stats/distributions.js';
import { kaplanMeier } from './kaplan-meier.js';
import { rmstFromCurve } from './rmst-fit.js';

/** Options of {@link rmst}. */
export interface RmstOptions {
  /**
   * Truncation time. Default: the smallest, over groups, of each group's
   * largest observed time (survRM2's default, so every curve is defined up
   * to tau). R's print.survfit(rmean = 'common') instead uses the largest; pass tau to match it.
   */
  tau?: number;
  /** Confidence level of the intervals, default 0.95. */
  confLevel?: number;
  /** Level order of the group variables by column: the first group is the reference of the contrasts. Default: sorted. */
  factors?: Readonly<Record<string, FactorOptions>>;
  /** Column of case weights (as kaplanMeier). */
  weights?: string;
}

/** RMST of one group. */
export interface RmstGroup {
  label: string;
  n: number;
  rmst: number;
  stdErr: number;
  lower: number;
  upper: number;
}

/** Two-group contrast (second group vs first, survRM2's arm 1 vs arm 0). */
export interface RmstContrast {
  /** Label of the group taken as reference (the first). */
  reference: string;
  /** Label of the compared group (the second). */
  compared: string;
  /** RMST(second) - RMST(first). */
  difference: number;
  /** sqrt(se1^2 + se2^2) (independent groups). */
  differenceStdErr: number;
  differenceLower: number;
  differenceUpper: number;
  /** Two-sided p-value of the Wald test of difference = 0. */
  differenceP: number;
  /** RMST(second) / RMST(first). */
  ratio: number;
  /** Standard error of log(ratio): sqrt(se1^2/rmst1^2 + se2^2/rmst2^2) (delta method). */
  logRatioStdErr: number;
  ratioLower: number;
  ratioUpper: number;
  ratioP: number;
}

/** Result of {@link rmst}. */
export interface RmstResult {
  tau: number;
  confLevel: number;
  groups: RmstGroup[];
  /** Present when there are exactly two groups. */
  contrast: RmstContrast | null;
  /** Rows used, their events (weighted when weights are given) and rows dropped for missing values. */
  n: number;
  events: number;
  nDropped: number;
  warnings: string[];
}

/**
 * Restricted mean survival time per group up to tau, and the two-group
 * difference and ratio (Wald intervals and p-values).
 * @param formula `Surv(time, status) ~ group` (or `~ 1`)
 * @param data columns by name
 * @param options tau (min over groups of the largest time), confLevel (0.95), weights
 * @throws UsageError for a bad tau or confLevel
 * @example rmst('Surv(time, status) ~ sex', lung, { tau: 365 }).contrast?.difference
 */
export function rmst(formula: string, data: ColumnTable, options: RmstOptions = {}): RmstResult {
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw new UsageError(`confLevel must be in (0, 1), got ${confLevel}`);
  const fit = kaplanMeier(formula, data, {
    confType: 'none',
    ...(options.weights !== undefined ? { weights: options.weights } : {}),
    ...(options.factors ? { factors: options.factors } : {}),
  });
  const warnings = [...fit.warnings];
  let tau = options.tau;
  if (tau === undefined) {
    tau = Infinity;
    for (const c of fit.curves) if (c.time.length) tau = Math.min(tau, c.time[c.time.length - 1]!);
  } else {
    for (const c of fit.curves) {
      const last = c.time.length ? c.time[c.time.length - 1]! : -Infinity;
      if (tau > last) warnings.push(`tau = ${tau} is beyond the last time (${last}) of ${c.label}: its curve is extended flat`);
    }
  }
  const z = qnorm(1 - (1 - confLevel) / 2);
  const groups = fit.curves.map((c) => {
    const e = rmstFromCurve(c, tau!);
    return { label: c.label, n: c.n, rmst: e.rmst, stdErr: e.stdErr, lower: e.rmst - z * e.stdErr, upper: e.rmst + z * e.stdErr };
  });
  let contrast: RmstContrast | null = null;
  if (groups.length === 2) {
    const [a, b] = groups as [RmstGroup, RmstGroup];
    const diff = b.rmst - a.rmst;
    const se = Math.sqrt(a.stdErr ** 2 + b.stdErr ** 2);
    const ratio = b.rmst / a.rmst;
    const seLog = Math.sqrt((a.stdErr / a.rmst) ** 2 + (b.stdErr / b.rmst) ** 2);
    contrast = {
      reference: a.label,
      compared: b.label,
      difference: diff,
      differenceStdErr: se,
      differenceLower: diff - z * se,
      differenceUpper: diff + z * se,
      differenceP: 2 * pnorm(-Math.abs(diff / se)),
      ratio,
      logRatioStdErr: seLog,
      ratioLower: Math.exp(Math.log(ratio) - z * seLog),
      ratioUpper: Math.exp(Math.log(ratio) + z * seLog),
      ratioP: 2 * pnorm(-Math.abs(Math.log(ratio) / seLog)),
    };
  }
  let events = 0;
  for (const c of fit.curves) for (let i = 0; i < c.nEvent.length; i++) events += c.nEvent[i]!;
  return { tau, confLevel, groups, contrast, n: fit.n, events, nDropped: fit.nDropped, warnings };
}
