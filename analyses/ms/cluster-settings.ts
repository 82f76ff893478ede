/**
 * Settings of the therapy-response clustering (`msCluster`, `midia ms
 * cluster`): the methods, their defaults with sources, and the settings type
 * the fitting functions take. Validation: analyses/ms/options.ts (zod, for
 * library callers) and the CLI's flags (cli/commands/ms-cluster.ts).
 */
import type { Linkage } from '../../models/cluster/hierarchical.js';
import type { ResponseFeatureName } from '../../models/ms/response-features.js';
import type { SequenceStateKind } from '../../models/ms/therapy-sequence.js';

/** The response features a cluster analysis may use, and the default set (for flag parsing and help). */
export { DEFAULT_CLUSTER_FEATURES, RESPONSE_FEATURE_NAMES } from '../../models/ms/response-features.js';
export type { ResponseFeatureName } from '../../models/ms/response-features.js';

/** Clustering methods of `msCluster`. */
export const CLUSTER_METHODS = ['gmm', 'kmeans', 'grid-pam', 'dtw-pam', 'lcgm', 'sequence'] as const;
export type ClusterMethod = (typeof CLUSTER_METHODS)[number];

/** Substitution costs of `method: 'sequence'`: `constant` (2) or `trate` (2 - p(j|i) - p(i|j), TraMineR seqcost TRATE). */
export type SequenceCosts = 'constant' | 'trate';

/**
 * Defaults of `msCluster`: method gmm (GMM with BIC choice as mclust), k-max 6
 * (mclust tries 1..9; fewer here because clusters below the disclosure
 * threshold are suppressed anyway), seed 1, 50 bootstrap resamples (as
 * models/cluster bootstrapStability; Hennig 2007, CSDA 52:258, uses 100),
 * grid 0..10 years yearly for grid-pam (as bench/cluster.ts); lcgm linear
 * (no spline knots). For `sequence`: states by efficacy class, quarterly
 * (3-month) slots over a 5-year window (models/ms/therapy-sequence.ts),
 * constant substitution cost 2 and indel cost 1 (TraMineR seqdist OM with
 * sm = "CONSTANT", indel = 1; Gabadinho et al. 2011, J Stat Softw 40(4);
 * with `costs: 'trate'` the indel default is max(sm)/2, seqdist's indel =
 * "auto"), Ward linkage (Ward on OM distances is the usual choice in sequence
 * analysis: Studer & Ritschard 2016, J R Stat Soc A 179:481-511; here hclust
 * "ward.D2" = agnes "ward" on the distances).
 */
export const CLUSTER_DEFAULTS = Object.freeze({
  method: 'gmm' as ClusterMethod,
  kMax: 6,
  seed: 1,
  bootstrap: 50,
  gridYears: 10,
  states: 'class' as SequenceStateKind,
  stepMonths: 3,
  windowYears: 5,
  costs: 'constant' as SequenceCosts,
  substitution: 2,
  indel: 1,
  linkage: 'ward' as Linkage,
});

/** Options of one clustering run in their validated form (every default explicit). */
export interface ClusterSettings {
  method: ClusterMethod;
  /** A fixed k, or null to choose k (BIC or silhouette) up to `kMax`. */
  k: number | null;
  kMax: number;
  seed: number;
  bootstrap: number;
  /** gmm, kmeans: the response features clustered. */
  features: ResponseFeatureName[];
  /** grid-pam: the yearly grid runs 0..gridYears. */
  gridYears: number;
  /** lcgm: number of natural-spline knots (boundary knots included), or null for linear trajectories. */
  splineKnots: number | null;
  /** sequence: state alphabet. */
  states: SequenceStateKind;
  /** sequence: slot length in months. */
  stepMonths: number;
  /** sequence: window in years from the index date. */
  windowYears: number;
  /** sequence: substitution costs. */
  costs: SequenceCosts;
  /** sequence: indel cost, or null for the default of the costs (1 constant, max(sm)/2 trate). */
  indel: number | null;
  /** sequence: hierarchical linkage. */
  linkage: Linkage;
}

/** Options of `runMsCluster`: the clustering settings, the disclosure threshold and the row-level assignments. */
export interface MsClusterOptions extends ClusterSettings {
  /** Disclosure threshold; may only raise the study's minimum cell count (default: the study's). */
  minCell?: number;
  /** Where the row-level assignments go (a file name, recorded in the ledger); when given, the result carries them. Row-level studies only. */
  assignments?: string;
}

/** True for the methods whose k is chosen by the average silhouette width (k >= 2). */
export function choosesKBySilhouette(method: ClusterMethod): boolean {
  return method === 'kmeans' || method === 'grid-pam' || method === 'dtw-pam' || method === 'sequence';
}

/** The integers a..b. */
export function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}
