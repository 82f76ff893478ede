/**
 * The options of the MS analyses as zod schemas: one place where a library
 * caller's options are validated, with the defaults of cluster-settings.ts,
 * compare-settings.ts, pathways.ts and models/ms/cdw-options.ts. Unknown
 * options are refused (a typo is not silently ignored). Loaded on demand by
 * the validating entry points (`msOutcomes(source, options)`, ...); the CLI
 * validates its flags itself and calls the `run*` entry points.
 */
import { z } from 'zod';
import { CDW_EVENT_CHOICES } from '../../models/ms/cdw-options.js';
import { normalizeDrugName } from '../../models/ms/pathways/drug-classes.js';
import { RESPONSE_FEATURE_NAMES } from '../../models/ms/response-features.js';
import { CLUSTER_DEFAULTS, CLUSTER_METHODS, choosesKBySilhouette, type MsClusterOptions } from './cluster-settings.js';
import { COMPARE_COVARIATES, COMPARE_DEFAULTS, COMPARE_SUBGROUPS, type MsCompareOptions } from './compare-settings.js';
import { PATHWAYS_DEFAULTS } from './pathways-settings.js';

const wholeAtLeast = (lo: number) => z.number().int().min(lo);

/** The CDW options (models/ms/cdw-options.ts): msprog's defaults except the band edge 5.5. */
const cdwFields = {
  /** fixed (default, msprog) or roving (reference moves to each confirmation). */
  baseline: z.enum(['fixed', 'roving']).default('fixed'),
  /** Which confirmed events are kept (default first: the first CDW and the first CDI). */
  events: z.enum(CDW_EVENT_CHOICES).default('first'),
  /** Relapse-free windows of PIRA: muller2023 (default, msprog) or kappos2020. */
  pira: z.enum(['muller2023', 'kappos2020']).default('muller2023'),
  /** Days from onset to confirmation (default 84). */
  confirmDays: wholeAtLeast(1).optional(),
  /** Upper EDSS of the +1.0 band: 5.5 (default, registry convention) or 5 (msprog). */
  deltaEdge: z.union([z.literal(5), z.literal(5.5)]).optional(),
};

/** Options of `msCdw`. */
export const MsCdwOptionsSchema = z.strictObject(cdwFields);
export type MsCdwOptionsInput = z.input<typeof MsCdwOptionsSchema>;

/** Options of `msOutcomes`: the CDW options and the relapse rule. */
export const MsOutcomesOptionsSchema = z.strictObject({
  ...cdwFields,
  /** Count a relapse on the index date (the onset relapse) as a follow-up relapse (default false; models/ms/follow-up-relapse.ts). */
  includeOnsetRelapse: z.boolean().default(false),
});
export type MsOutcomesOptionsInput = z.input<typeof MsOutcomesOptionsSchema>;

/** Options of `msPathways`. */
export const MsPathwaysOptionsSchema = z.strictObject({
  /** The same drug restarted within this many days continues the episode (default 90). */
  gapDays: z.number().finite().min(0).default(PATHWAYS_DEFAULTS.gapDays),
  /** A new drug within this many days of a stop is a switch (default 90). */
  switchGapDays: z.number().finite().min(0).default(PATHWAYS_DEFAULTS.switchGapDays),
  /** Sankey nodes: drug (default), efficacy or dgnClass. */
  by: z.enum(['drug', 'efficacy', 'dgnClass']).default(PATHWAYS_DEFAULTS.by),
  /** harding2019 (default) or he2020. */
  strategy: z.enum(['harding2019', 'he2020']).default(PATHWAYS_DEFAULTS.strategy),
});
export type MsPathwaysOptionsInput = z.input<typeof MsPathwaysOptionsSchema>;

const SEQUENCE_OPTIONS = ['states', 'stepMonths', 'windowYears', 'costs', 'indel', 'linkage'] as const;

/** Options of `msCluster` (defaults: cluster-settings.ts CLUSTER_DEFAULTS). */
export const MsClusterOptionsSchema = z
  .strictObject({
    /** gmm (default), kmeans, grid-pam, dtw-pam, lcgm or sequence. */
    method: z.enum(CLUSTER_METHODS).default(CLUSTER_DEFAULTS.method),
    /** A fixed k (>= 2 for the silhouette methods); default: chosen up to kMax. */
    k: wholeAtLeast(1).optional(),
    /** The largest k tried (default 6). */
    kMax: wholeAtLeast(2).optional(),
    /** Seed of every random step (default 1). */
    seed: wholeAtLeast(0).default(CLUSTER_DEFAULTS.seed),
    /** Bootstrap resamples for stability (default 50; 0 skips). */
    bootstrap: wholeAtLeast(0).default(CLUSTER_DEFAULTS.bootstrap),
    /** gmm, kmeans: response features (default arrOnTherapy, edssSlope, mriActivity). */
    features: z.array(z.enum(RESPONSE_FEATURE_NAMES)).min(1).optional(),
    /** grid-pam (and the cluster mean courses): yearly grid 0..gridYears (default 10). */
    gridYears: z.number().finite().min(1).optional(),
    /** lcgm: natural cubic spline trajectories with this many knots (>= 3; default linear). */
    splineKnots: wholeAtLeast(3).optional(),
    /** sequence: states by efficacy class (default) or drug. */
    states: z.enum(['class', 'drug']).optional(),
    /** sequence: slot length in months (default 3). */
    stepMonths: wholeAtLeast(1).optional(),
    /** sequence: window in years from the index date (default 5; at least 2 slots). */
    windowYears: z.number().finite().gt(0).optional(),
    /** sequence: constant (default) or trate substitution costs. */
    costs: z.enum(['constant', 'trate']).optional(),
    /** sequence: indel cost (> 0; default 1 for constant, max substitution / 2 for trate). */
    indel: z.number().finite().gt(0).optional(),
    /** sequence: ward (default) or average linkage. */
    linkage: z.enum(['ward', 'average']).optional(),
    /** Disclosure threshold; may only raise the study's minimum cell count. */
    minCell: wholeAtLeast(1).optional(),
    /** Where the row-level assignments go (recorded in the ledger); row-level studies only. */
    assignments: z.string().min(1).optional(),
  })
  .superRefine((o, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (o.k !== undefined && o.kMax !== undefined) issue('k', 'give either k or kMax, not both');
    if (o.k !== undefined && o.k < 2 && choosesKBySilhouette(o.method)) issue('k', `must be >= 2 for method ${o.method}`);
    if (o.features !== undefined && o.method !== 'gmm' && o.method !== 'kmeans') issue('features', `applies to method gmm or kmeans, not ${o.method}`);
    if (o.features !== undefined && new Set(o.features).size !== o.features.length) issue('features', 'must name distinct features');
    if (o.splineKnots !== undefined && o.method !== 'lcgm') issue('splineKnots', `applies to method lcgm, not ${o.method}`);
    if (o.method !== 'sequence') for (const f of SEQUENCE_OPTIONS) if (o[f] !== undefined) issue(f, `applies to method sequence, not ${o.method}`);
    if (o.method === 'sequence' && o.gridYears !== undefined) issue('gridYears', 'applies to grid-pam, not sequence (use windowYears)');
    const step = o.stepMonths ?? CLUSTER_DEFAULTS.stepMonths;
    if (((o.windowYears ?? CLUSTER_DEFAULTS.windowYears) * 12) / step < 2) issue('windowYears', `must hold at least 2 slots of stepMonths ${step}`);
  })
  .transform(
    (o): MsClusterOptions => ({
      method: o.method,
      k: o.k ?? null,
      kMax: o.kMax ?? CLUSTER_DEFAULTS.kMax,
      seed: o.seed,
      bootstrap: o.bootstrap,
      features: o.features ?? ['arrOnTherapy', 'edssSlope', 'mriActivity'],
      gridYears: o.gridYears ?? CLUSTER_DEFAULTS.gridYears,
      splineKnots: o.splineKnots ?? null,
      states: o.states ?? CLUSTER_DEFAULTS.states,
      stepMonths: o.stepMonths ?? CLUSTER_DEFAULTS.stepMonths,
      windowYears: o.windowYears ?? CLUSTER_DEFAULTS.windowYears,
      costs: o.costs ?? CLUSTER_DEFAULTS.costs,
      indel: o.indel ?? null,
      linkage: o.linkage ?? CLUSTER_DEFAULTS.linkage,
      ...(o.minCell !== undefined ? { minCell: o.minCell } : {}),
      ...(o.assignments !== undefined ? { assignments: o.assignments } : {}),
    }),
  );
export type MsClusterOptionsInput = z.input<typeof MsClusterOptionsSchema>;

/** Options of `msCompare` (defaults: compare-settings.ts COMPARE_DEFAULTS). */
export const MsCompareOptionsSchema = z
  .strictObject({
    /** Arms by drug name (default) or by efficacy class (moderate, high). */
    by: z.enum(['drug', 'class']).default(COMPARE_DEFAULTS.by),
    treatment: z.string().min(1),
    control: z.string().min(1),
    /** relapse (default): time to first relapse; cdw: time to first CDW; arr: relapse rate ratio. */
    outcome: z.enum(['relapse', 'cdw', 'arr']).default(COMPARE_DEFAULTS.outcome),
    /** iptw (default) or match (1:1 nearest neighbour on the logit PS, ATT). */
    method: z.enum(['iptw', 'match']).default(COMPARE_DEFAULTS.method),
    /** iptw: stabilized (default), att or overlap weights. */
    weights: z.enum(['stabilized', 'att', 'overlap']).optional(),
    /** iptw: truncation quantile in [0, 0.5) (default 0.01 for stabilized weights, else 0). */
    truncate: z.number().min(0).lt(0.5).optional(),
    /** match: caliper in SDs of the logit PS (> 0), or null for none (default 0.2). */
    caliper: z.number().gt(0).nullable().optional(),
    /** Propensity-score covariates (default age, female, duration, edss, relapses2y, priorTherapy). */
    covariates: z.array(z.enum(COMPARE_COVARIATES)).min(1).optional(),
    /** Effects within the levels of a baseline variable. */
    subgroup: z.enum(COMPARE_SUBGROUPS).nullable().optional(),
    /** Effects within the clusters of a pseudonym,cluster file (msCluster's assignments). */
    byCluster: z.string().min(1).nullable().optional(),
    /** Where the caller writes the love plot (reported as `figure`). */
    figure: z.string().min(1).nullable().optional(),
    /** Ridge penalty of the PS model (default 0: plain logistic regression). */
    ridge: z.number().finite().min(0).default(COMPARE_DEFAULTS.ridge),
    /** Elastic-net PS model instead (glmnet scale; alpha 1 = lasso). */
    enet: z.strictObject({ lambda: z.number().finite().min(0), alpha: z.number().min(0).max(1).default(1) }).nullable().optional(),
    /** arr: nb (default, negative binomial) or poisson. */
    arrModel: z.enum(['nb', 'poisson']).default(COMPARE_DEFAULTS.arrModel),
    /** Disclosure threshold; may only raise the study's minimum cell count. */
    minCell: wholeAtLeast(1).optional(),
  })
  .superRefine((o, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (o.by === 'class') for (const f of ['treatment', 'control'] as const) if (o[f] !== 'moderate' && o[f] !== 'high') issue(f, `with by 'class' must be moderate or high (DGN 2021 efficacy class), got '${o[f]}'`);
    if (normalizeDrugName(o.treatment) === normalizeDrugName(o.control)) issue('control', `treatment and control must differ, both are '${o.treatment}'`);
    if (o.method === 'match' && o.weights !== undefined) issue('weights', 'applies to method iptw, not match');
    if (o.method === 'iptw' && o.caliper !== undefined) issue('caliper', 'applies to method match, not iptw');
    if (o.covariates !== undefined && new Set(o.covariates).size !== o.covariates.length) issue('covariates', 'must name distinct covariates');
    if (o.subgroup != null && o.byCluster != null) issue('subgroup', 'give either subgroup or byCluster, not both');
    if (o.enet != null && o.ridge > 0) issue('enet', 'give either ridge or enet, not both');
  })
  .transform((o): MsCompareOptions => {
    const weights = o.weights ?? COMPARE_DEFAULTS.weights;
    return {
      by: o.by,
      treatment: o.treatment,
      control: o.control,
      outcome: o.outcome,
      method: o.method,
      weights,
      truncate: o.truncate ?? (weights === 'stabilized' ? COMPARE_DEFAULTS.truncate : 0),
      caliper: o.caliper === undefined ? COMPARE_DEFAULTS.caliper : o.caliper,
      covariates: o.covariates ?? [...COMPARE_DEFAULTS.covariates],
      subgroup: o.subgroup ?? null,
      byCluster: o.byCluster ?? null,
      figure: o.figure ?? null,
      ridge: o.ridge,
      enet: o.enet ?? null,
      arrModel: o.arrModel,
      ...(o.minCell !== undefined ? { minCell: o.minCell } : {}),
    };
  });
export type MsCompareOptionsInput = z.input<typeof MsCompareOptionsSchema>;
