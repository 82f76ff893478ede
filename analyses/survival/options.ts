/**
 * The options of every survival analysis as zod schemas: one place where they
 * are validated, with the defaults written here and in each field's comment.
 *
 * This module is loaded on demand (by the validating entry points such as
 * `cox(source, options)`), never at start-up: a `midia cox --data FILE` run
 * loads no zod. The CLI validates its flags itself (cli/args.ts) and calls the
 * entry points that take options in their parsed form (`runCox`); the HTTP
 * service and notebooks call the validating ones.
 */
import { z } from 'zod';
import { dataSelectionSchema, factorsSchema } from './schemas.js';

const formula = z.string().min(1);
const confLevel = z.number().gt(0).lt(1);
const positiveInt = z.number().int().min(1);

/** Fields every survival analysis shares: the formula, level orders, and what a study source reads. */
const common = {
  /** R's formula, e.g. `Surv(time, status) ~ group`. */
  formula,
  /** Level order of categorical variables by name (`{ sex: { reference: 'female' } }`); each must be a variable of the formula. */
  factors: factorsSchema.optional(),
  /** What to read from a study (ignored for a plain table): `{ table }` or `{ analysisTable, counting? }`. */
  data: dataSelectionSchema.optional(),
};

/** Options of `km`. */
export const KmOptions = z.object({
  ...common,
  /** Pointwise interval of S(t): `log` (R's default), `log-log`, `plain`, `none`. */
  confType: z.enum(['log', 'log-log', 'plain', 'none']).default('log'),
  /** Confidence level (default 0.95). */
  confLevel: confLevel.default(0.95),
  /** Column of case weights (default none). */
  weights: z.string().min(1).optional(),
  /** Survival at these times instead of every event time (default: every event time). */
  times: z.array(z.number().finite()).min(1).optional(),
});
export type KmOptionsInput = z.input<typeof KmOptions>;
export type KmOptionsParsed = z.output<typeof KmOptions>;

/** Options of `logrank`. */
export const LogrankOptions = z.object({
  ...common,
  /** Weight S(t-)^rho (default 0: log-rank; 1: Peto-Peto), as survdiff. */
  rho: z.number().finite().min(0).default(0),
  /** Every pair of groups instead of the k-sample test (default false). */
  pairwise: z.boolean().default(false),
  /** p-value adjustment of the pairwise tests (default holm, as p.adjust). */
  adjust: z.enum(['holm', 'bonferroni', 'BH', 'none']).default('holm'),
});
export type LogrankOptionsInput = z.input<typeof LogrankOptions>;
export type LogrankOptionsParsed = z.output<typeof LogrankOptions>;

/** Options of `rmst`. */
export const RmstOptions = z.object({
  ...common,
  /** Truncation time (default: the smallest of the groups' largest observed times, survRM2's rule). */
  tau: z.number().finite().gt(0).optional(),
  /** Confidence level (default 0.95). */
  confLevel: confLevel.default(0.95),
});
export type RmstOptionsInput = z.input<typeof RmstOptions>;
export type RmstOptionsParsed = z.output<typeof RmstOptions>;

/** Options of `cox`. */
export const CoxOptions = z.object({
  ...common,
  /** Tie handling (default efron, as R). */
  ties: z.enum(['efron', 'breslow']).default('efron'),
  /** Column of case weights (default none). */
  weights: z.string().min(1).optional(),
  /** Sandwich variance without cluster() (default false). */
  robust: z.boolean().default(false),
  /** Confidence level of the hazard-ratio intervals (default 0.95). */
  confLevel: confLevel.default(0.95),
  /** Newton-Raphson iteration cap (default 20, as coxph.control). */
  maxIter: positiveInt.optional(),
  /** Time transform of tt() terms: `log` (x * log(t)), `identity` (x * t); default R's rank transform within each risk set. */
  tt: z.enum(['log', 'identity']).optional(),
});
export type CoxOptionsInput = z.input<typeof CoxOptions>;
export type CoxOptionsParsed = z.output<typeof CoxOptions>;

/** Options of `zph`. */
export const ZphOptions = z.object({
  ...common,
  /** Tie handling of the Cox fit (default efron). */
  ties: z.enum(['efron', 'breslow']).default('efron'),
  /** Time transform of the test (default km, as cox.zph). */
  transform: z.enum(['km', 'rank', 'identity', 'log']).default('km'),
});
export type ZphOptionsInput = z.input<typeof ZphOptions>;
export type ZphOptionsParsed = z.output<typeof ZphOptions>;

/** Options of `cif`. */
export const CifOptions = z.object({
  ...common,
  /** Estimates at these times, as cmprsk::timepoints (default none). */
  times: z.array(z.number().finite()).min(1).optional(),
  /** Censoring code (default 0, as cmprsk). */
  cencode: z.number().finite().optional(),
  /** Gray's test weight exponent (default 0). */
  rho: z.number().finite().optional(),
  /** Column stratifying Gray's test (default none). */
  strata: z.string().min(1).optional(),
});
export type CifOptionsInput = z.input<typeof CifOptions>;
export type CifOptionsParsed = z.output<typeof CifOptions>;

/** Options of `finegray`. */
export const FinegrayOptions = z.object({
  ...common,
  /** Cause of interest (default 1). */
  cause: z.number().finite().default(1),
  /** Censoring code (default 0, as crr). */
  cencode: z.number().finite().optional(),
  /** Newton iteration cap (default 10, as crr). */
  maxIter: positiveInt.optional(),
});
export type FinegrayOptionsInput = z.input<typeof FinegrayOptions>;
export type FinegrayOptionsParsed = z.output<typeof FinegrayOptions>;

/** Options of `aft`. */
export const AftOptions = z.object({
  ...common,
  /** Error distribution (default weibull, as survreg). */
  dist: z.enum(['weibull', 'exponential', 'lognormal', 'loglogistic']).default('weibull'),
  /** Iteration cap (default 30, as survreg.control). */
  maxIter: positiveInt.optional(),
});
export type AftOptionsInput = z.input<typeof AftOptions>;
export type AftOptionsParsed = z.output<typeof AftOptions>;

/** Options of `lmm`. */
export const LmmOptions = z.object({
  ...common,
  /** `y ~ fixed terms + (terms | group)`; `factors` name variables of the fixed part. */
  formula,
  /** REML (default true, as lmer) or maximum likelihood (false). */
  reml: z.boolean().default(true),
});
export type LmmOptionsInput = z.input<typeof LmmOptions>;
export type LmmOptionsParsed = z.output<typeof LmmOptions>;

/** Options of `coxnet`: the coefficients at `lambda`, or at the cross-validated choice with `nfolds`. */
export const CoxnetOptions = z
  .object({
    ...common,
    /** Elastic-net mixing in [0, 1]: 1 lasso (default, as glmnet), 0 ridge. */
    alpha: z.number().min(0).max(1).default(1),
    /** Report the coefficients at this lambda (>= 0). */
    lambda: z.number().finite().min(0).optional(),
    /** The penalized fit at lambda (default true, glmnet `exact = TRUE`); false interpolates on the path. */
    exact: z.boolean().default(true),
    /** Cross-validate with this many folds (>= 3); without `lambda`, report at the CV choice. */
    nfolds: z.number().int().min(3).optional(),
    /** Seed of the fold assignment (default 1). */
    seed: z.number().int().default(1),
    /** The CV choice (default lambda.1se, as coef.cv.glmnet). */
    rule: z.enum(['lambda.1se', 'lambda.min']).default('lambda.1se'),
    /** Path length (default 100, as glmnet). */
    nlambda: positiveInt.optional(),
  })
  .refine((o) => o.lambda !== undefined || o.nfolds !== undefined, { message: 'give lambda, or nfolds for the cross-validated choice', path: ['lambda'] });
export type CoxnetOptionsInput = z.input<typeof CoxnetOptions>;
export type CoxnetOptionsParsed = z.output<typeof CoxnetOptions>;

/** Options of `figure`. */
export const FigureOptions = z.object({
  /** km, cox-forest, zph, cif, coxnet-cv, coxnet-path, rsf-importance. */
  kind: z.enum(['km', 'cox-forest', 'zph', 'cif', 'coxnet-cv', 'coxnet-path', 'rsf-importance']),
  formula,
  /** Figure title (default: each figure's own). */
  title: z.string().optional(),
  /** x-axis time unit of km, cif and zph (default: the axis says 'Time'). */
  timeUnit: z.string().optional(),
  /** zph: the model column to plot (default the first). */
  term: z.string().optional(),
  /** coxnet-*: elastic-net mixing (default 1). */
  alpha: z.number().min(0).max(1).optional(),
  /** coxnet-cv (default 10), coxnet-path (default none: no CV): folds. */
  nfolds: z.number().int().min(3).optional(),
  /** Seed of the CV folds and of the forest (default 1). */
  seed: z.number().int().optional(),
  /** coxnet-*: path length (default 100). */
  nlambda: positiveInt.optional(),
  /** coxnet-path: mark this lambda. */
  lambda: z.number().gt(0).optional(),
  /** coxnet-path with nfolds: the CV lambda to mark (default lambda.1se). */
  rule: z.enum(['lambda.min', 'lambda.1se']).optional(),
  /** coxnet-path: x axis (default log-lambda). */
  xvar: z.enum(['log-lambda', 'l1-norm']).optional(),
  /** rsf-importance: forest options (defaults of randomSurvivalForest). */
  forest: z
    .object({ nTrees: positiveInt.optional(), mtry: positiveInt.optional(), minNodeSize: positiveInt.optional(), nSplit: z.number().int().min(0).optional(), maxDepth: z.number().int().min(0).optional() })
    .optional(),
  /** rsf-importance: show the N most important variables (default all). */
  top: positiveInt.optional(),
  data: dataSelectionSchema.optional(),
});
export type FigureOptionsInput = z.input<typeof FigureOptions>;
