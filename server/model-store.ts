/**
 * The models a service instance serves: artifacts read once at start-up from
 * a directory (every `*.json` file, validated by {@link loadModelArtifact}),
 * each with its compiled patient schema: the artifact's covariates, unknown
 * fields refused, and numeric inputs held to their plausible ranges
 * (./plausible-range.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { patientSchema } from '../models/risk/artifact/input-schema.js';
import { loadModelArtifact } from '../models/risk/artifact/load.js';
import type { ModelArtifact } from '../models/risk/artifact/types.js';
import { DataValidationError, UsageError } from '../util/errors.js';
import { plausibleRanges, type PlausibleRange } from './plausible-range.js';

/** One served model: the validated artifact and what requests need, computed once. */
export interface ServedModel {
  artifact: ModelArtifact;
  /** Strict zod schema of one patient (unknown fields are refused, numeric inputs must lie in their plausible ranges). */
  patient: z.ZodType;
  /** Plausible range of each numeric input that has one. */
  plausible: ReadonlyMap<string, PlausibleRange>;
  /** The input schema as served (`/v1/models/{id}`, OpenAPI): the artifact's, with the plausible ranges as `minimum`/`maximum`. */
  inputSchema: Record<string, unknown>;
  /** Largest time of the baseline-hazard grid: horizons must be in (0, gridMax]. */
  gridMax: number;
}

/** Wraps validated artifacts for serving; refuses duplicate ids. */
export function servedModels(artifacts: readonly ModelArtifact[]): Map<string, ServedModel> {
  const out = new Map<string, ServedModel>();
  for (const artifact of artifacts) {
    if (out.has(artifact.id)) throw new UsageError(`Two model artifacts have the id '${artifact.id}'`);
    const grid = artifact.baselineHazard.grid;
    const plausible = plausibleRanges(artifact);
    const base = patientSchema(artifact.covariates);
    const shape: Record<string, z.ZodType> = { ...base.shape };
    for (const [name, r] of plausible) {
      const field = shape[name] as z.ZodNumber;
      shape[name] = field.min(r.min).max(r.max);
    }
    out.set(artifact.id, {
      artifact,
      patient: base.extend(shape).strict(),
      plausible,
      inputSchema: servedInputSchema(artifact.inputSchema, plausible),
      gridMax: grid[grid.length - 1] as number,
    });
  }
  return out;
}

/** The artifact's input schema with the enforced plausible ranges written in as `minimum`/`maximum`. */
function servedInputSchema(schema: Record<string, unknown>, plausible: ReadonlyMap<string, PlausibleRange>): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const properties: Record<string, Record<string, unknown>> = {};
  for (const [name, p] of Object.entries(props)) {
    const r = plausible.get(name);
    properties[name] = r
      ? { ...p, ...(Number.isFinite(r.min) ? { minimum: r.min } : {}), ...(Number.isFinite(r.max) ? { maximum: r.max } : {}), 'x-plausible-range-source': r.source }
      : p;
  }
  return { ...schema, properties };
}

/**
 * Reads and validates every `*.json` artifact in `dir` (not recursive), sorted by file name.
 * @throws UsageError when the directory cannot be read or holds no artifact; DataValidationError naming the file for an invalid artifact
 * @example loadModelsDir('models/artifacts').get('gbsg-cox')
 */
export function loadModelsDir(dir: string): Map<string, ServedModel> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    throw new UsageError(`Cannot read the models directory '${dir}': ${(e as Error).message}`);
  }
  if (names.length === 0) throw new UsageError(`No model artifacts (*.json) in '${dir}'`);
  const artifacts = names.map((name) => {
    const file = join(dir, name);
    try {
      return loadModelArtifact(readFileSync(file, 'utf8'), { source: file });
    } catch (e) {
      if (e instanceof DataValidationError) throw e;
      throw new UsageError(`Cannot read model artifact '${file}': ${(e as Error).message}`);
    }
  });
  return servedModels(artifacts);
}
