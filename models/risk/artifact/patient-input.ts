/**
 * The one check of a prediction input: patients (one object or a batch) and
 * horizons for a model artifact. {@link predictRisk} (the library and the
 * CLI) and the prediction service (server/predict-request.ts) both validate
 * with {@link checkPredictInput}, once; the prediction itself
 * ({@link predictChecked}) takes only a checked input. The JSON Schemas that
 * the service publishes (its input schema and the OpenAPI document) are
 * written from the same rules ({@link patientJsonSchema},
 * {@link horizonsJsonSchema}), so what is documented is what is checked.
 *
 * Rules (docs/service.md, "Prediction input"):
 * - every covariate is required (a key that is absent or `undefined`:
 *   `required field is missing`);
 * - a numeric covariate is a finite number (`null`, strings, NaN and
 *   ±Infinity are refused), and inside its plausible range when the rules have
 *   one; a value outside the training range is accepted with a warning;
 * - a categorical covariate is one of the artifact's levels (strings);
 * - a field that is not a covariate is ignored with a warning (policy
 *   `unknownFields: 'warn'`, the default of the library) or refused (policy
 *   `'refuse'`, the service's contract);
 * - horizons, when given, are a non-empty array of finite numbers in
 *   [0, last grid time] (at most `maxHorizons`); a horizon of 0 (risk 0 by
 *   definition) is accepted by the library and refused by the service
 *   (policy `zeroHorizon`); absent: the artifact's own.
 * Every problem is reported at once with its path into the input.
 */
import { echoValue, truncateText } from '../../../util/quote.js';
import type { ArtifactCovariate, ModelArtifact } from './types.js';

/** Path of a value inside a prediction input: keys and array indices (`['patients', 2, 'age']`). */
export type InputPath = readonly (string | number)[];

/** One problem with a prediction input. */
export interface InputIssue {
  readonly path: InputPath;
  readonly message: string;
}

/** A plausible range of a numeric input and where it came from (the service's: server/plausible-range.ts). */
export interface PlausibleRange {
  min: number;
  max: number;
  /** `inputSchema`: both bounds stated in the artifact; `training range`: the default; `mixed`: one stated, one default or open. */
  source: 'inputSchema' | 'training range' | 'mixed';
}

/** How strict a check is, beyond the rules every input follows. */
export interface PredictInputPolicy {
  /** A field that is not a covariate: `warn` (default; ignored with a warning) or `refuse` (an issue). */
  unknownFields?: 'warn' | 'refuse';
  /** Hard bounds of numeric covariates (default none): a value outside is refused. */
  plausible?: ReadonlyMap<string, PlausibleRange>;
  /** Most horizons per input (default unlimited). */
  maxHorizons?: number;
  /** Whether a horizon of 0 (where the risk is 0) is accepted: `accept` (default) or `refuse` (horizons then lie in (0, gridMax]). */
  zeroHorizon?: 'accept' | 'refuse';
}

/** The rules of one artifact under one policy, prepared once (the service keeps them per served model). */
export interface PredictInputRules {
  readonly artifact: ModelArtifact;
  readonly covariates: readonly ArtifactCovariate[];
  readonly known: ReadonlySet<string>;
  readonly unknownFields: 'warn' | 'refuse';
  readonly plausible: ReadonlyMap<string, PlausibleRange>;
  readonly maxHorizons: number;
  readonly zeroHorizon: 'accept' | 'refuse';
  /** Last time of the artifact's grid: horizons lie in [0, gridMax] (or (0, gridMax]). */
  readonly gridMax: number;
}

/**
 * Prepares the rules of an artifact.
 * @param artifact a validated artifact; not modified.
 * @param policy unknown fields, plausible ranges, most horizons, horizon 0 (defaults: warn, none, unlimited, accept).
 * @example const rules = predictInputRules(gbsg, { unknownFields: 'refuse' })
 */
export function predictInputRules(artifact: ModelArtifact, policy: PredictInputPolicy = {}): PredictInputRules {
  const grid = artifact.baselineHazard.grid;
  return {
    artifact,
    covariates: artifact.covariates,
    known: new Set(artifact.covariates.map((c) => c.name)),
    unknownFields: policy.unknownFields ?? 'warn',
    plausible: policy.plausible ?? new Map(),
    maxHorizons: policy.maxHorizons ?? Infinity,
    zeroHorizon: policy.zeroHorizon ?? 'accept',
    gridMax: grid[grid.length - 1] ?? 0,
  };
}

/** One patient's covariate values, in the artifact's covariate order. */
export type PatientValues = readonly (number | string)[];

declare const checked: unique symbol;

/** A prediction input that passed {@link checkPredictInput} for `artifact` (only that function makes one). */
export interface CheckedPredictInput {
  readonly artifact: ModelArtifact;
  /** True when the input was a batch (warnings then name the patient). */
  readonly batch: boolean;
  readonly patients: readonly PatientValues[];
  /** The horizons to predict at: the input's, or the artifact's. */
  readonly horizons: readonly number[];
  /** Per patient: values outside the training range, fields ignored. */
  readonly warnings: readonly (readonly string[])[];
  readonly [checked]: true;
}

/** Where the patients and the horizons sit in the input, for the issue paths. */
export interface PredictInputPaths {
  /** Path of the patient object (single) or of the patients array (batch). Default `[]`. */
  readonly patients?: InputPath;
  /** Path of the horizons array. Default `['horizons']`. */
  readonly horizons?: InputPath;
}

/** The outcome of {@link checkPredictInput}. */
export type PredictInputCheck = { readonly ok: true; readonly input: CheckedPredictInput } | { readonly ok: false; readonly issues: InputIssue[] };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** JSON type of a value, for messages. */
export function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** A number that is not finite, for messages (JSON numbers beyond the double range arrive as Infinity). */
function notFinite(v: number): string {
  return Number.isNaN(v) ? 'NaN' : 'a number that is not finite (JSON numbers beyond ±1.8e308, such as 1e400, read as Infinity)';
}

const formatBound = (v: number): string => (Number.isFinite(v) ? String(v) : v > 0 ? '∞' : '-∞');
const fmt = (v: number): string => String(Math.round(v * 1000) / 1000);

/**
 * Checks one patient object.
 * @returns the issues, and the values and warnings when there are none.
 */
export function checkPatient(rules: PredictInputRules, value: unknown, path: InputPath): { issues: InputIssue[]; values: PatientValues | null; warnings: string[] } {
  if (!isObject(value)) return { issues: [{ path, message: `a patient must be a JSON object, got ${describeType(value)}` }], values: null, warnings: [] };
  const issues: InputIssue[] = [];
  const warnings: string[] = [];
  const values: (number | string)[] = new Array(rules.covariates.length);
  rules.covariates.forEach((cov, k) => {
    const at = [...path, cov.name];
    const v = Object.prototype.hasOwnProperty.call(value, cov.name) ? value[cov.name] : undefined;
    if (v === undefined) {
      issues.push({ path: at, message: 'required field is missing' });
    } else if (cov.type === 'numeric') {
      if (typeof v !== 'number') issues.push({ path: at, message: `expected number, got ${describeType(v)}` });
      else if (!Number.isFinite(v)) issues.push({ path: at, message: `expected a finite number, got ${notFinite(v)}` });
      else {
        const r = rules.plausible.get(cov.name);
        if (r && !(v >= r.min && v <= r.max)) {
          issues.push({
            path: at,
            message:
              `implausible value ${echoValue(v)}: ${cov.name} must be in [${formatBound(r.min)}, ${formatBound(r.max)}] ` +
              `(the model's plausible range${r.source === 'inputSchema' ? '' : ', widened from the training range'}${cov.range ? `; trained on ${cov.range[0]}-${cov.range[1]}` : ''})`,
          });
        } else {
          values[k] = v;
          if (cov.range && (v < cov.range[0] || v > cov.range[1])) warnings.push(`${cov.name} ${fmt(v)} outside the training range ${fmt(cov.range[0])}-${fmt(cov.range[1])}`);
        }
      }
    } else {
      const levels = cov.levels ?? [];
      if (typeof v !== 'string' || !levels.includes(v)) issues.push({ path: at, message: `must be one of ${levels.map((l) => JSON.stringify(l)).join(', ')}, got ${echoValue(v)}` });
      else values[k] = v;
    }
  });
  for (const key of Object.keys(value)) {
    if (rules.known.has(key)) continue;
    if (rules.unknownFields === 'refuse') issues.push({ path: [...path, key], message: `unknown field '${truncateText(key, 40)}'` });
    else warnings.push(`field '${truncateText(key, 40)}' ignored (not a model input)`);
  }
  return issues.length ? { issues, values: null, warnings } : { issues, values, warnings };
}

/**
 * Checks the horizons of an input (`undefined`: the artifact's own).
 * @returns the issues, and the horizons when there are none.
 */
export function checkHorizons(rules: PredictInputRules, value: unknown, path: InputPath = ['horizons']): { issues: InputIssue[]; horizons: readonly number[] | null } {
  if (value === undefined) return { issues: [], horizons: rules.artifact.horizons };
  if (!Array.isArray(value)) return { issues: [{ path, message: `expected an array of numbers, got ${describeType(value)}` }], horizons: null };
  const issues: InputIssue[] = [];
  if (value.length === 0) issues.push({ path, message: 'give at least one horizon, or leave horizons out for the model defaults' });
  if (value.length > rules.maxHorizons) issues.push({ path, message: `at most ${rules.maxHorizons} horizons per request, got ${value.length}` });
  value.forEach((h: unknown, k) => {
    if (typeof h !== 'number') issues.push({ path: [...path, k], message: `expected a finite number, got ${describeType(h)}` });
    else if (!Number.isFinite(h)) issues.push({ path: [...path, k], message: `expected a finite number, got ${notFinite(h)}` });
    else if (!((rules.zeroHorizon === 'accept' ? h >= 0 : h > 0) && h <= rules.gridMax))
      issues.push({ path: [...path, k], message: `horizon out of range: must be in ${rules.zeroHorizon === 'accept' ? '[' : '('}0, ${rules.gridMax}] (the model's time grid), got ${h}` });
  });
  return { issues, horizons: issues.length ? null : [...(value as number[])] };
}

/**
 * Checks a prediction input: horizons first, then each patient. All issues
 * are returned at once.
 * @param input `patients`: one patient object (`batch: false`) or an array of them (`batch: true`); `horizons`: an array or undefined.
 * @param at where patients and horizons sit in the caller's input (for the paths).
 * @example const c = checkPredictInput(predictInputRules(gbsg), { patients: { age: 50, ... }, batch: false, horizons: undefined }); if (c.ok) predictChecked(gbsg, c.input)
 */
export function checkPredictInput(rules: PredictInputRules, input: { patients: unknown; batch: boolean; horizons: unknown }, at: PredictInputPaths = {}): PredictInputCheck {
  const base = at.patients ?? [];
  const h = checkHorizons(rules, input.horizons, at.horizons ?? ['horizons']);
  const issues = [...h.issues];
  const patients: PatientValues[] = [];
  const warnings: string[][] = [];
  const add = (value: unknown, path: InputPath): void => {
    const r = checkPatient(rules, value, path);
    if (r.issues.length) {
      for (const i of r.issues) issues.push(i);
      return;
    }
    patients.push(r.values as PatientValues);
    warnings.push(r.warnings);
  };
  if (!input.batch) add(input.patients, base);
  else if (!Array.isArray(input.patients)) issues.push({ path: base, message: `expected an array of patients, got ${describeType(input.patients)}` });
  else input.patients.forEach((p: unknown, k) => add(p, [...base, k]));
  if (issues.length) return { ok: false, issues };
  const checkedInput = { artifact: rules.artifact, batch: input.batch, patients, horizons: h.horizons as readonly number[], warnings } as unknown as CheckedPredictInput;
  return { ok: true, input: checkedInput };
}

/**
 * An issue path as the library's field names: `age`, `[2].age`, `horizons[0]`.
 * @example inputField([2, 'age']) // => '[2].age'
 */
export function inputField(path: InputPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

/** Keywords of an artifact's input-schema property that describe and do not constrain (kept in the published schema). */
const ANNOTATIONS = new Set(['title', 'description', 'examples', 'deprecated', '$comment']);

/**
 * JSON Schema (2020-12) of one patient under the rules: what {@link checkPatient}
 * accepts. Descriptions and `x-` annotations of the artifact's input schema
 * are kept; the constraints (type, levels, plausible range as
 * `minimum`/`maximum` with `x-plausible-range-source`, `required`,
 * `additionalProperties: false` when unknown fields are refused) are written
 * from the rules.
 * @example patientJsonSchema(predictInputRules(gbsg, { unknownFields: 'refuse' })).properties.age
 */
export function patientJsonSchema(rules: PredictInputRules): Record<string, unknown> {
  const stated = ((rules.artifact.inputSchema as { properties?: unknown }).properties ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const properties: Record<string, Record<string, unknown>> = {};
  for (const c of rules.covariates) {
    const notes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(stated[c.name] ?? {})) if (ANNOTATIONS.has(k) || k.startsWith('x-')) notes[k] = v;
    if (c.description !== undefined && notes.description === undefined) notes.description = c.description;
    if (c.type === 'numeric') {
      const r = rules.plausible.get(c.name);
      properties[c.name] = {
        type: 'number',
        ...notes,
        ...(r && Number.isFinite(r.min) ? { minimum: r.min } : {}),
        ...(r && Number.isFinite(r.max) ? { maximum: r.max } : {}),
        ...(r ? { 'x-plausible-range-source': r.source } : {}),
      };
    } else {
      properties[c.name] = { type: 'string', ...notes, enum: [...(c.levels ?? [])] };
    }
  }
  return {
    type: 'object',
    properties,
    required: rules.covariates.map((c) => c.name),
    ...(rules.unknownFields === 'refuse' ? { additionalProperties: false } : {}),
  };
}

/**
 * JSON Schema (2020-12) of the horizons under the rules: what {@link checkHorizons} accepts.
 * @example horizonsJsonSchema(rules) // => { type: 'array', items: { type: 'number', exclusiveMinimum: 0, maximum: 5 }, minItems: 1, ... }
 */
export function horizonsJsonSchema(rules: PredictInputRules): Record<string, unknown> {
  return {
    type: 'array',
    items: { type: 'number', ...(rules.zeroHorizon === 'accept' ? { minimum: 0 } : { exclusiveMinimum: 0 }), maximum: rules.gridMax },
    minItems: 1,
    ...(Number.isFinite(rules.maxHorizons) ? { maxItems: rules.maxHorizons } : {}),
    description: `Times (in the model's time unit, ${rules.artifact.timeUnit}) at which risk is returned, each in ${rules.zeroHorizon === 'accept' ? '[' : '('}0, ${rules.gridMax}], the model's time grid; default the model's horizons.`,
  };
}
