/**
 * The models a service instance serves: artifacts read once at start-up from
 * a directory (every `*.json` file, validated by `loadModelArtifact`), each
 * with its prediction input rules under the service's policy (the one check of
 * models/risk/artifact/patient-input.ts: unknown fields refused, numeric
 * inputs held to their plausible ranges, ./plausible-range.ts, at most
 * {@link MAX_HORIZONS} horizons, horizons in (0, last grid time]) and the
 * input schema written from those rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelArtifact, patientJsonSchema, predictInputRules, type ModelArtifact, type PlausibleRange, type PredictInputRules } from '../models/risk/index.js';
import { DataValidationError, UsageError } from '../util/errors.js';
import { MAX_HORIZONS } from '../util/service-limits.js';
import { plausibleRanges } from './plausible-range.js';

/** One served model: the validated artifact and what requests need, computed once. */
export interface ServedModel {
  artifact: ModelArtifact;
  /** The input rules every prediction request for this model is checked with (once). */
  rules: PredictInputRules;
  /** Plausible range of each numeric input that has one. */
  plausible: ReadonlyMap<string, PlausibleRange>;
  /** The input schema as served (`/v1/models/{id}`, OpenAPI): written from `rules`, with the plausible ranges as `minimum`/`maximum`. */
  inputSchema: Record<string, unknown>;
  /** Largest time of the baseline-hazard grid: horizons must be in (0, gridMax]. */
  gridMax: number;
}

/** The JSON Schema dialect of the served input schemas (and of OpenAPI 3.1). */
const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** Wraps validated artifacts for serving; refuses duplicate ids. */
export function servedModels(artifacts: readonly ModelArtifact[]): Map<string, ServedModel> {
  const out = new Map<string, ServedModel>();
  for (const artifact of artifacts) {
    if (out.has(artifact.id)) throw new UsageError(`Two model artifacts have the id '${artifact.id}'`);
    const plausible = plausibleRanges(artifact);
    const rules = predictInputRules(artifact, { unknownFields: 'refuse', plausible, maxHorizons: MAX_HORIZONS, zeroHorizon: 'refuse' });
    out.set(artifact.id, { artifact, rules, plausible, inputSchema: { $schema: DIALECT, ...patientJsonSchema(rules) }, gridMax: rules.gridMax });
  }
  return out;
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
