/**
 * Loading and saving model artifacts: JSON text or a parsed object in, a
 * validated {@link ModelArtifact} out. Checks, in order: JSON syntax, the
 * format version (this engine reads versions 1 and 2; a forest predictor
 * needs 2), the zod schema of the format, then consistency (coefficients per
 * design column, the forest's structure (see {@link gridForestIssues}): split
 * columns, children, leaves, grid indices), grid increasing
 * from 0, hazard non-decreasing, horizons on the grid, covariates named by
 * the columns exist, levels of indicator columns allowed, `inputSchema`
 * describing exactly the covariates, `card.version` = `version`).
 * Every failure is a {@link DataValidationError} whose issues name the field
 * path (e.g. `baselineHazard.grid[3]`), file `<artifact>` (or the given name).
 */
import { DataValidationError } from '../../../util/errors.js';
import type { RecordIssue } from '../../../util/errors.js';
import { gridForestIssues } from '../forest/grid-forest.js';
import { FOREST_ARTIFACT_FORMAT_VERSION, SUPPORTED_FORMAT_VERSIONS, modelArtifactSchema } from './types.js';
import type { ModelArtifact } from './types.js';

/** Options of {@link loadModelArtifact}. */
export interface LoadArtifactOptions {
  /** Name used as `file` in error issues. Default `'<artifact>'`. */
  source?: string;
}

/** Formats a zod/JS path as `a.b[3].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/**
 * The stored `inputSchema` must describe the covariates: an object schema
 * with one property per covariate (type `number` for numeric, `enum` = the
 * levels for categorical), all required, no others. Checked structurally, not
 * by equality with a fresh `z.toJSONSchema` output, so artifacts stay loadable
 * when a zod upgrade changes incidental details of the generated schema.
 */
function inputSchemaIssues(a: ModelArtifact, file: string): RecordIssue[] {
  const issues: RecordIssue[] = [];
  const bad = (field: string, message: string): void => {
    issues.push({ file, row: 0, field, message: `${message} (regenerate it with inputJsonSchema(covariates))` });
  };
  const s = a.inputSchema as { type?: unknown; properties?: unknown; required?: unknown };
  if (s.type !== 'object' || s.properties === null || typeof s.properties !== 'object') {
    bad('inputSchema', 'inputSchema must be a JSON Schema of type object with properties');
    return issues;
  }
  const props = s.properties as Record<string, { type?: unknown; enum?: unknown } | undefined>;
  const required = Array.isArray(s.required) ? (s.required as unknown[]) : [];
  for (const c of a.covariates) {
    const p = props[c.name];
    const field = `inputSchema.properties.${c.name}`;
    if (!p || typeof p !== 'object') bad(field, `covariate '${c.name}' is missing from inputSchema`);
    else if (c.type === 'numeric' && p.type !== 'number') bad(field, `numeric covariate '${c.name}' must have type "number"`);
    else if (c.type === 'categorical' && JSON.stringify(p.enum) !== JSON.stringify(c.levels)) bad(field, `enum of '${c.name}' must equal its levels`);
    if (!required.includes(c.name)) bad('inputSchema.required', `covariate '${c.name}' must be required`);
  }
  for (const k of Object.keys(props)) if (!a.covariates.some((c) => c.name === k)) bad(`inputSchema.properties.${k}`, `'${k}' is not a covariate of the model`);
  return issues;
}

/** Consistency checks beyond the zod schema; returns issues (empty when consistent). */
export function artifactConsistencyIssues(a: ModelArtifact, file = '<artifact>'): RecordIssue[] {
  const issues: RecordIssue[] = [];
  const bad = (field: string, message: string, value?: unknown): void => {
    issues.push({ file, row: 0, field, message, ...(value !== undefined ? { value } : {}) });
  };
  const covs = new Map(a.covariates.map((c) => [c.name, c]));
  if (covs.size !== a.covariates.length) bad('covariates', 'covariate names must be unique');
  a.covariates.forEach((c, i) => {
    if (c.type === 'categorical' && !c.levels) bad(`covariates[${i}].levels`, `categorical covariate '${c.name}' needs levels`);
    if (c.type === 'numeric' && c.levels) bad(`covariates[${i}].levels`, `numeric covariate '${c.name}' cannot have levels`);
    if (c.range && !(c.range[0] <= c.range[1])) bad(`covariates[${i}].range`, 'range must be [min, max] with min <= max', c.range);
  });
  a.preprocessing.columns.forEach((col, j) => {
    const c = covs.get(col.covariate);
    if (!c) bad(`preprocessing.columns[${j}].covariate`, `unknown covariate '${col.covariate}'`, col.covariate);
    else if (c.type === 'categorical' && (col.level === undefined || !c.levels?.includes(col.level)))
      bad(`preprocessing.columns[${j}].level`, `indicator column of '${c.name}' needs one of its levels`, col.level);
    else if (c.type === 'numeric' && col.level !== undefined) bad(`preprocessing.columns[${j}].level`, `numeric covariate '${c.name}' has no levels`);
  });
  const p = a.preprocessing.columns.length;
  const pred = a.predictor;
  if (pred.type === 'linear') {
    if (pred.coefficients.length !== p)
      bad('predictor.coefficients', `expected ${p} coefficients (one per design column), got ${pred.coefficients.length}`);
    if (a.kind === 'deepsurv') bad('predictor.type', "kind 'deepsurv' needs an 'mlp' predictor");
    if (a.kind === 'rsf') bad('predictor.type', "kind 'rsf' needs a 'forest' predictor (buildModelArtifact writes one for a trained forest)");
  } else if (pred.type === 'mlp') {
    if (a.kind !== 'deepsurv') bad('predictor.type', `kind '${a.kind}' needs a '${a.kind === 'rsf' ? 'forest' : 'linear'}' predictor`);
    let inDim = p;
    pred.layers.forEach((l, k) => {
      if (l.bias.length !== l.weights.length) bad(`predictor.layers[${k}].bias`, `expected ${l.weights.length} biases, got ${l.bias.length}`);
      l.weights.forEach((row, o) => {
        if (row.length !== inDim) bad(`predictor.layers[${k}].weights[${o}]`, `expected ${inDim} weights, got ${row.length}`);
      });
      inDim = l.weights.length;
    });
    if (inDim !== 1) bad('predictor.layers', `the last layer must have 1 output, got ${inDim}`);
  } else {
    if (a.kind !== 'rsf') bad('predictor.type', `kind '${a.kind}' cannot have a 'forest' predictor (kind 'rsf' only)`);
    if (a.formatVersion !== FOREST_ARTIFACT_FORMAT_VERSION)
      bad('formatVersion', `a 'forest' predictor needs formatVersion ${FOREST_ARTIFACT_FORMAT_VERSION}, got ${a.formatVersion}`, a.formatVersion);
    if (pred.settings.nTrees !== pred.treeRoot.length)
      bad('predictor.settings.nTrees', `settings.nTrees is ${pred.settings.nTrees} but the forest has ${pred.treeRoot.length} trees`, pred.settings.nTrees);
    if (pred.importance && pred.importance.length !== p)
      bad('predictor.importance', `expected ${p} values (one per design column), got ${pred.importance.length}`);
    const forest = { ...pred, nFeatures: p, nGrid: a.baselineHazard.grid.length };
    for (const i of gridForestIssues(forest, 'predictor.')) bad(i.field, i.message, i.value);
  }
  const { grid, cumulativeHazard: h } = a.baselineHazard;
  if (h.length !== grid.length) bad('baselineHazard.cumulativeHazard', `expected ${grid.length} values (one per grid point), got ${h.length}`);
  if (grid[0] !== 0) bad('baselineHazard.grid[0]', 'the grid must start at 0', grid[0]);
  for (let k = 1; k < grid.length; k++) if (!(grid[k]! > grid[k - 1]!)) { bad(`baselineHazard.grid[${k}]`, 'the grid must be strictly increasing', grid[k]); break; }
  if (h[0] !== undefined && h[0] !== 0) bad('baselineHazard.cumulativeHazard[0]', 'H0(0) must be 0', h[0]);
  for (let k = 1; k < h.length; k++) if (!(h[k]! >= h[k - 1]!)) { bad(`baselineHazard.cumulativeHazard[${k}]`, 'the cumulative hazard must be non-decreasing', h[k]); break; }
  const gmax = grid[grid.length - 1]!;
  a.horizons.forEach((t, i) => {
    if (!(t > 0 && t <= gmax)) bad(`horizons[${i}]`, `horizon must be in (0, ${gmax}] (the grid)`, t);
  });
  if (a.card.version !== a.version) bad('card.version', `card version '${a.card.version}' differs from the artifact version '${a.version}'`);
  if (issues.length === 0) issues.push(...inputSchemaIssues(a, file));
  return issues;
}

/**
 * Parses and validates a model artifact.
 *
 * @param json JSON text, or an already parsed object; not modified.
 * @param options `source` (name in errors, default `'<artifact>'`).
 * @returns the validated artifact (a deep copy).
 * @throws DataValidationError naming the field path for bad JSON, an unsupported `formatVersion`, schema or consistency failures.
 * @example loadModelArtifact(readFileSync('models/artifacts/gbsg-cox.json', 'utf8')).card.intendedUse
 */
export function loadModelArtifact(json: unknown, options: LoadArtifactOptions = {}): ModelArtifact {
  const file = options.source ?? '<artifact>';
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      throw new DataValidationError([{ file, row: 0, field: null, message: `not valid JSON: ${(e as Error).message}` }]);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new DataValidationError([{ file, row: 0, field: null, message: 'a model artifact must be a JSON object' }]);
  const version = (value as Record<string, unknown>).formatVersion;
  if (typeof version !== 'number' || !SUPPORTED_FORMAT_VERSIONS.includes(version))
    throw new DataValidationError([
      { file, row: 0, field: 'formatVersion', message: `unsupported formatVersion ${JSON.stringify(version)} (this engine reads ${SUPPORTED_FORMAT_VERSIONS.join(' and ')})`, value: version },
    ]);
  const parsed = modelArtifactSchema.safeParse(value);
  if (!parsed.success) {
    throw new DataValidationError(
      parsed.error.issues.map((i) => ({ file, row: 0, field: formatPath(i.path) || null, message: i.message })),
    );
  }
  const artifact = structuredClone(parsed.data);
  const issues = artifactConsistencyIssues(artifact, file);
  if (issues.length) throw new DataValidationError(issues);
  return artifact;
}

/**
 * Serializes an artifact to JSON text (2-space indent, trailing newline) after
 * validating it as {@link loadModelArtifact} does. Numbers are written with
 * JavaScript's shortest round-trip form, so save → load is exact.
 *
 * @param artifact the artifact; not modified.
 * @returns JSON text.
 * @throws DataValidationError when the artifact is invalid.
 * @example writeFileSync('m.json', saveModelArtifact(artifact))
 */
export function saveModelArtifact(artifact: ModelArtifact): string {
  loadModelArtifact(artifact);
  return `${JSON.stringify(artifact, null, 2)}\n`;
}
