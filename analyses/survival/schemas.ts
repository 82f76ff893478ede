/** Option schemas shared by the survival analyses (zod): the data selection of a study and factor level orders. */
import { z } from 'zod';
import type { DataSelection } from '../core/load.js';
import type { FactorOptions } from '../../models/design/types.js';

/** Level order of one categorical variable: a reference level first, or the whole order. */
export const factorOptionsSchema = z.object({ reference: z.string().optional(), levels: z.array(z.string()).optional() });

const factorsShape = z.record(z.string(), factorOptionsSchema);

/** Level orders by variable name (models/design FactorOptions). */
export const factorsSchema = z.custom<Readonly<Record<string, FactorOptions>>>((v) => factorsShape.safeParse(v).success, 'expected level orders by variable: { name: { reference?: string, levels?: string[] } }');

const covariateSchema = z.object({
  code: z.string().min(1),
  name: z.string().optional(),
  daysBefore: z.number().optional(),
  daysAfter: z.number().optional(),
  pick: z.enum(['closest', 'first', 'last', 'min', 'max', 'mean']).optional(),
  text: z.boolean().optional(),
});

const endpointSchema = z.object({
  events: z.array(z.string()).min(1),
  competing: z.array(z.string()).optional(),
  includeIndexDate: z.boolean().optional(),
  timeColumn: z.string().optional(),
  statusColumn: z.string().optional(),
});

const patientTableSchema = z.object({
  diagnosis: z.union([z.string(), z.array(z.string())]).optional(),
  endpoint: endpointSchema.optional(),
  covariates: z.array(covariateSchema).optional(),
  timeUnit: z.enum(['days', 'months', 'years']).optional(),
});

const selectionShape = z.union([
  z.object({ table: z.string().min(1) }),
  z.object({ analysisTable: patientTableSchema, counting: z.literal(false).optional() }),
  z.object({ analysisTable: patientTableSchema.extend({ endpoint: endpointSchema }), counting: z.literal(true) }),
]);

/** What a study source reads (engine/analysis-table.ts; see analyses/core/load.ts). Names are validated again by the SQL builders. */
export const dataSelectionSchema = z.custom<DataSelection>((v) => selectionShape.safeParse(v).success, 'expected a data selection: { table } or { analysisTable, counting? }');
