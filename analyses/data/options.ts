/**
 * The options of the data analyses (describe, table, timeline, query) as zod
 * schemas: one place where they are validated, defaults written here and in
 * each field's comment. Loaded on demand by the validating entry points
 * (`table(source, options)`, ...); the CLI validates its flags itself and calls
 * the `run*` entry points with options in their parsed form (no zod load).
 */
import { z } from 'zod';
import type { PatientTableSpec, TimeDependentParts } from './table-spec.js';

/** Options of `describe`: none yet (the description covers every table and column). */
export const DescribeOptions = z.object({}).strict();
export type DescribeOptionsInput = z.input<typeof DescribeOptions>;
export type DescribeOptionsParsed = z.output<typeof DescribeOptions>;

const covariate = z.object({
  code: z.string().min(1),
  name: z.string().min(1).optional(),
  daysBefore: z.number().finite().optional(),
  daysAfter: z.number().finite().optional(),
  pick: z.enum(['closest', 'first', 'last', 'min', 'max', 'mean']).optional(),
  text: z.boolean().optional(),
});
const endpoint = z.object({
  events: z.array(z.string().min(1)).min(1),
  competing: z.array(z.string().min(1)).optional(),
  includeIndexDate: z.boolean().optional(),
  timeColumn: z.string().min(1).optional(),
  statusColumn: z.string().min(1).optional(),
});
const specShape = z.object({
  diagnosis: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
  endpoint: endpoint.optional(),
  covariates: z.array(covariate).optional(),
  timeUnit: z.enum(['days', 'months', 'years']).optional(),
});
const timeDependentShape = z.object({
  tdc: z.array(z.object({ code: z.string().min(1), name: z.string().min(1).optional(), lookbackDays: z.number().finite().min(0).optional(), text: z.boolean().optional() })).optional(),
  counts: z.array(z.object({ events: z.array(z.string().min(1)).min(1), name: z.string().optional(), includeBeforeIndex: z.boolean().optional() })).optional(),
  therapies: z.array(z.object({ match: z.string().min(1), by: z.enum(['any', 'substance', 'class', 'atc', 'intent']).optional(), name: z.string().optional(), ever: z.boolean().optional() })).optional(),
  recurrent: z.array(z.object({ events: z.array(z.string().min(1)).min(1), name: z.string().optional(), cumulative: z.boolean().optional() })).optional(),
});

/** Options of `table` (the analysis table of engine/analysis-table.ts and engine/time-dependent-table.ts). */
export const TableOptions = z
  .object({
    /** The one-row-per-patient spec: diagnosis, endpoint (events, competing), covariates (baseline windows), timeUnit (default days). Names are validated again by the SQL builders. */
    spec: z.custom<PatientTableSpec>((v) => specShape.safeParse(v).success, 'expected an analysis-table spec: { diagnosis?, endpoint?: { events, competing? }, covariates?: [{ code, ... }], timeUnit? }'),
    /** Counting-process rows split at therapy changes (default false; needs an endpoint). */
    counting: z.boolean().default(false),
    /** Time-dependent covariates as R's tmerge (default none; needs `counting`): tdc, counts, therapies, recurrent. */
    timeDependent: z.custom<TimeDependentParts>((v) => timeDependentShape.safeParse(v).success, 'expected time-dependent covariates: { tdc?, counts?, therapies?, recurrent? }').optional(),
  })
  .strict();
export type TableOptionsInput = z.input<typeof TableOptions>;
export type TableOptionsParsed = z.output<typeof TableOptions>;

/** Options of `timeline`. */
export const TimelineOptions = z.object({ /** The patient's pseudonym. */ pseudonym: z.string().min(1) }).strict();
export type TimelineOptionsInput = z.input<typeof TimelineOptions>;
export type TimelineOptionsParsed = z.output<typeof TimelineOptions>;

/** Options of `query`. */
export const QueryOptions = z.object({ /** One SQL statement over the session's tables. */ sql: z.string().trim().min(1) }).strict();
export type QueryOptionsInput = z.input<typeof QueryOptions>;
export type QueryOptionsParsed = z.output<typeof QueryOptions>;
