/**
 * Settings of the MS therapy comparison (`msCompare`, `midia ms compare`):
 * covariates, subgroups, defaults with their sources, and the settings type
 * the pipeline takes. Validation: analyses/ms/options.ts (zod, for library
 * callers) and the CLI's flags (cli/commands/ms-compare.ts).
 */

/** Drug names as the comparison matches them (trimmed, lower case), for surfaces that echo `--treatment`/`--control`. */
export { normalizeDrugName } from '../../models/ms/pathways/drug-classes.js';

/** Baseline covariates available to the propensity score (names as in `covariates`). */
export const COMPARE_COVARIATES = ['age', 'female', 'duration', 'edss', 'relapses1y', 'relapses2y', 'priorTherapy'] as const;
export type CompareCovariate = (typeof COMPARE_COVARIATES)[number];

/** Subgroup variables of `subgroup`. */
export const COMPARE_SUBGROUPS = ['sex', 'priorTherapy', 'site', 'edssBand'] as const;
export type CompareSubgroup = (typeof COMPARE_SUBGROUPS)[number];

/**
 * Defaults of `msCompare`, each with its source: by drug; outcome relapse
 * (time to first relapse, docs/ms-outcomes.md); method iptw; weights
 * stabilized (ATE, Cole & Hernán 2008); truncate 0.01 for stabilized weights
 * (1st/99th percentiles, Cole & Hernán 2008), none for ATT and overlap weights
 * (bounded, Li 2018); caliper 0.2 SD of the logit PS (Austin 2011); covariates
 * age, female, duration, edss, relapses2y, priorTherapy; ridge 0 (plain
 * logistic regression); arrModel nb (negative binomial: overdispersed relapse
 * counts).
 */
export const COMPARE_DEFAULTS = Object.freeze({
  by: 'drug' as const,
  outcome: 'relapse' as const,
  method: 'iptw' as const,
  weights: 'stabilized' as const,
  truncate: 0.01,
  caliper: 0.2,
  covariates: Object.freeze(['age', 'female', 'duration', 'edss', 'relapses2y', 'priorTherapy']) as readonly CompareCovariate[],
  ridge: 0,
  arrModel: 'nb' as const,
});

/** Options of one comparison in their validated form (every default explicit). */
export interface CompareSettings {
  /** Arms by drug name or by DGN 2021 efficacy class (`moderate`, `high`). */
  by: 'drug' | 'class';
  treatment: string;
  control: string;
  outcome: 'relapse' | 'cdw' | 'arr';
  method: 'iptw' | 'match';
  weights: 'stabilized' | 'att' | 'overlap';
  /** Weights below the q / above the 1-q quantile set to it (0 = none). */
  truncate: number;
  /** Matching caliper in SDs of the logit PS, or null for none. */
  caliper: number | null;
  covariates: CompareCovariate[];
  /** Effects within the levels of a baseline variable, or null. */
  subgroup: CompareSubgroup | null;
  /** Effects within the clusters of a `ms cluster --assignments` file (pseudonym,cluster), or null. */
  byCluster: string | null;
  /** Where the caller writes the love plot (reported as `figure`), or null. */
  figure: string | null;
  ridge: number;
  enet: { lambda: number; alpha: number } | null;
  arrModel: 'nb' | 'poisson';
}

/** Options of `runMsCompare`: the comparison settings and the disclosure threshold. */
export interface MsCompareOptions extends CompareSettings {
  /** Disclosure threshold; may only raise the study's minimum cell count (default: the study's). */
  minCell?: number;
}
