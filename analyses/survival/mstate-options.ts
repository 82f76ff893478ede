/**
 * Options of the `mstate` analysis (analyses/survival/mstate.ts) as a zod
 * schema, defaults written here and in each field's comment; and the two
 * small text forms a surface may pass instead of structured values (shared
 * coefficients `"1:2+3:2~x;..."`, a covariate profile `"x=0.5,group=b"`).
 * Loaded on demand: the CLI passes its flags already parsed (`runMstate`).
 */
import { z } from 'zod';
import { dataSelectionSchema, factorsSchema } from './schemas.js';

const commonGroup = z.object({ transitions: z.array(z.string().min(1)).min(2), terms: z.array(z.string().min(1)).min(1) });

/** Options of `mstate`. */
export const MstateOptions = z.object({
  /** `Surv(start, stop, state) ~ group` (or `~ 1`), or `Surv(time, state) ~ group` for competing risks. */
  formula: z.string().min(1),
  /** `aj` (default): Aalen-Johansen state occupation; `cox`: one Cox model per transition. */
  model: z.enum(['aj', 'cox']).default('aj'),
  /** Patient id column (required for start, stop data). */
  id: z.string().min(1).optional(),
  /** Column of the state occupied during each row (default: every patient starts in `(s0)`). */
  istate: z.string().min(1).optional(),
  /** State labels meaning no transition besides empty (default `censor`). */
  censor: z.array(z.string()).optional(),
  /** States nobody may leave (default `death`, `dead`; `[]` for none). */
  absorbing: z.array(z.string()).optional(),
  /** (cox) shared coefficients: `[{ transitions: ['1:2', '3:2'], terms: ['x'] }]` or the text `"1:2+3:2~x;..."`. */
  common: z.union([z.string().min(1), z.array(commonGroup).min(1)]).optional(),
  /** (cox) a covariate profile for the predicted state occupation: `{ x: 0.5, group: 'b' }` or `"x=0.5,group=b"`. */
  newdata: z.union([z.string().min(1), z.record(z.string(), z.union([z.string(), z.number()]))]).optional(),
  /** (cox) prediction by matrix exponential (2, default, R's) or product integral (1). */
  stype: z.union([z.literal(1), z.literal(2)]).default(2),
  /** Times of the printed occupation table (default: four rounded times over the follow-up). */
  times: z.array(z.number().finite()).min(1).optional(),
  /** Level orders of categorical variables of the formula. */
  factors: factorsSchema.optional(),
  /** What to read from a study (ignored for a plain table). */
  data: dataSelectionSchema.optional(),
  /** Build the stacked state occupation figure (default: no figure): title, time unit, stacking order from the bottom. */
  figure: z.object({ title: z.string().optional(), timeUnit: z.string().optional(), order: z.array(z.string()).optional() }).optional(),
});
export type MstateOptionsInput = z.input<typeof MstateOptions>;
export type MstateOptionsParsed = z.output<typeof MstateOptions>;
