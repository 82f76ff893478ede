/**
 * Options of `compareTherapies` (the `midia compare` analysis): one
 * zod-validated object, every default written here and in
 * docs/target-trial.md. Input validation only; no data is read here.
 */
import { z } from 'zod';
import { DIAGNOSIS_VALUES } from '../../engine/schema.js';
import { UsageError } from '../../util/errors.js';

/** The designs of an emulated trial. */
export const COMPARE_DESIGNS = ['clone-censor-weight', 'new-user', 'sequential'] as const;
export type CompareDesign = (typeof COMPARE_DESIGNS)[number];

/** Analysis-table columns usable as covariates (others are observation codes). */
export const TABLE_COVARIATES = ['age', 'sex', 'site', 'diagnosis_icd10'] as const;

/**
 * Defaults, each with its reason: monthly intervals (the usual grid of
 * pooled logistic censoring models); `factor(interval)` time terms (no shape
 * assumed for the starting hazard over the grace period); covariates `age`
 * only when none are named (say which confounders matter: the default adjusts
 * for age alone, and a warning says so); initiation strategies (the contract of
 * `midia compare`); no truncation (truncation trades bias for variance: ask for
 * it); 30-day gaps joining therapy records into one episode (sustained
 * strategies); 12 monthly sequential trials; baseline window 365 days before to
 * 30 days after time zero (engine/analysis-table.ts); 95 % intervals.
 */
export const COMPARE_DEFAULTS = Object.freeze({
  design: 'clone-censor-weight' as CompareDesign,
  strategy: 'initiation' as 'initiation' | 'sustained',
  intervalDays: 30.4375,
  intervalTerm: 'factor' as 'factor' | 'linear' | 'quadratic',
  covariates: ['age'] as readonly string[],
  truncate: null as readonly [number, number] | null,
  allowedGapDays: 30,
  trials: 12,
  baselineDaysBefore: 365,
  baselineDaysAfter: 30,
  confLevel: 0.95,
  seed: 1,
});

const name = z.string().trim().min(1).max(100);
const eligibility = z.object({ covariate: name, op: z.enum(['>=', '<=', '>', '<', '=', '!=']), value: z.union([z.number(), z.string()]) }).strict();

const schema = z
  .object({
    diagnosis: z.enum(DIAGNOSIS_VALUES),
    treatment: name,
    /** 'none' for the clone-censor-weight and sequential designs; a substance for the new-user active comparator. */
    control: name.default('none'),
    design: z.enum(COMPARE_DESIGNS).default(COMPARE_DEFAULTS.design),
    graceDays: z.number().int().min(0).max(36_500).optional(),
    outcome: z.array(name).min(1).max(50),
    horizonDays: z.number().int().min(1).max(36_500),
    /** Analysis-table columns or observation codes (`CODE:text` for a code's categorical text values). */
    covariates: z.array(name).max(100).optional(),
    /** Observation codes whose values are carried forward over follow-up into the censoring models. */
    timeUpdated: z.array(name).max(20).default([]),
    eligibility: z.array(eligibility).max(20).default([]),
    negativeControls: z.array(name).max(200).default([]),
    bootstrap: z.number().int().min(1).max(100_000).optional(),
    seed: z.number().int().refine(Number.isSafeInteger, { error: 'seed must be a safe integer' }).default(COMPARE_DEFAULTS.seed),
    strategy: z.enum(['initiation', 'sustained']).default(COMPARE_DEFAULTS.strategy),
    allowedGapDays: z.number().int().min(0).max(3650).default(COMPARE_DEFAULTS.allowedGapDays),
    intervalDays: z.number().positive().max(3650).default(COMPARE_DEFAULTS.intervalDays),
    intervalTerm: z.enum(['factor', 'linear', 'quadratic']).default(COMPARE_DEFAULTS.intervalTerm),
    truncate: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).nullable().default(null),
    maxWeight: z.number().min(1).nullable().default(null),
    trials: z.number().int().min(1).max(600).default(COMPARE_DEFAULTS.trials),
    baselineDaysBefore: z.number().int().min(0).max(36_500).default(COMPARE_DEFAULTS.baselineDaysBefore),
    baselineDaysAfter: z.number().int().min(0).max(36_500).default(COMPARE_DEFAULTS.baselineDaysAfter),
    confLevel: z.number().gt(0).lt(1).default(COMPARE_DEFAULTS.confLevel),
    /** Disclosure threshold; may only raise the study's minimum cell count. */
    minCell: z.number().int().min(1).optional(),
  })
  .strict();

/** Options as callers write them (defaults optional). */
export type CompareOptions = z.input<typeof schema>;
/** Options with every default filled in. */
export type ResolvedCompareOptions = z.output<typeof schema> & { covariates: string[] };
export type EligibilityCriterion = z.output<typeof eligibility>;

/**
 * Validates the options and fills in the defaults.
 * @throws {UsageError} naming the first bad field, or a design whose required options are missing.
 * @example resolveCompareOptions({ diagnosis: 'breast_cancer', treatment: 'zoledronic_acid', graceDays: 180, outcome: ['fracture'], horizonDays: 1826 })
 */
export function resolveCompareOptions(options: CompareOptions): ResolvedCompareOptions {
  const r = schema.safeParse(options);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new UsageError(`Invalid compare options: ${path}${issue?.message ?? 'invalid'}`);
  }
  const o = { ...r.data, covariates: [...(r.data.covariates ?? COMPARE_DEFAULTS.covariates)] };
  if (o.design === 'clone-censor-weight') {
    if (o.control.toLowerCase() !== 'none') throw new UsageError(`the clone-censor-weight design compares starting ${o.treatment} with not starting it: --control must be none, got '${o.control}' (use --design new-user for an active comparator)`);
    if (o.graceDays === undefined || o.graceDays < 1) throw new UsageError('the clone-censor-weight design needs a grace period of at least 1 day (--grace-days G)');
    if (o.horizonDays <= o.graceDays) throw new UsageError(`the horizon (${o.horizonDays} days) must be later than the end of the grace period (${o.graceDays} days)`);
  } else if (o.design === 'new-user') {
    if (o.control.toLowerCase() === 'none') throw new UsageError('the new-user design compares two therapies: give the active comparator with --control SUBSTANCE');
    if (o.control.toLowerCase() === o.treatment.toLowerCase()) throw new UsageError(`--treatment and --control must differ, both are '${o.treatment}'`);
  } else if (o.control.toLowerCase() !== 'none') throw new UsageError(`the sequential design compares starting ${o.treatment} with not starting it: --control must be none`);
  if (o.strategy === 'sustained' && o.design !== 'clone-censor-weight') throw new UsageError('sustained strategies are available with the clone-censor-weight design');
  if (o.truncate && !(o.truncate[0] < o.truncate[1])) throw new UsageError(`truncate: the lower quantile must be below the upper, got [${o.truncate.join(', ')}]`);
  const lower = (xs: readonly string[]) => xs.map((x) => x.toLowerCase());
  const dup = (xs: readonly string[]) => xs.find((x, i) => lower(xs).indexOf(x.toLowerCase()) !== i);
  for (const [label, xs] of [['outcome', o.outcome], ['covariates', o.covariates], ['negativeControls', o.negativeControls]] as const) {
    const d = dup(xs);
    if (d !== undefined) throw new UsageError(`${label}: '${d}' is named twice`);
  }
  const clash = o.negativeControls.find((x) => lower(o.outcome).includes(x.toLowerCase()));
  if (clash !== undefined) throw new UsageError(`'${clash}' is both an outcome and a negative control`);
  return o;
}
