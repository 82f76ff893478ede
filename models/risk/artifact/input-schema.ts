/**
 * The patient input schema of an artifact: a zod object built from the
 * artifact's covariates, and its JSON Schema export (zod 4 `z.toJSONSchema`,
 * draft 2020-12) that portals and the OpenAPI document use.
 *
 * Numeric covariates are JSON numbers (finite), categorical ones strings from
 * `levels`. The training range is metadata (`x-training-range`), not a
 * constraint: values outside it are predicted with a warning.
 */
import { z } from 'zod';
import type { ArtifactCovariate } from './types.js';

/**
 * The zod schema of one patient for the given covariates.
 *
 * @param covariates the artifact's covariates; not modified.
 * @returns a zod object schema (unknown fields are stripped).
 * @example patientSchema([{ name: 'age', type: 'numeric' }]).parse({ age: 50 })
 */
export function patientSchema(covariates: readonly ArtifactCovariate[]): z.ZodObject<Record<string, z.ZodType>> {
  const shape: Record<string, z.ZodType> = {};
  for (const c of covariates) {
    const meta: Record<string, unknown> = {};
    if (c.description !== undefined) meta.description = c.description;
    if (c.type === 'numeric') {
      if (c.range) meta['x-training-range'] = [c.range[0], c.range[1]];
      shape[c.name] = z.number().meta(meta);
    } else {
      const levels = c.levels ?? [];
      shape[c.name] = z.enum(levels as [string, ...string[]]).meta(meta);
    }
  }
  return z.object(shape);
}

/**
 * JSON Schema of one patient (what `inputSchema` of an artifact holds).
 *
 * @param covariates the artifact's covariates.
 * @returns a JSON Schema object (draft 2020-12).
 * @example inputJsonSchema([{ name: 'age', type: 'numeric', range: [21, 80] }]).properties.age
 */
export function inputJsonSchema(covariates: readonly ArtifactCovariate[]): Record<string, unknown> {
  return z.toJSONSchema(patientSchema(covariates)) as Record<string, unknown>;
}
