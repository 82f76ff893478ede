/**
 * Validation of a prediction request body, apart from the HTTP layer.
 *
 * Accepted bodies:
 * - one patient: `{ "age": 52, "grade": "2", ..., "horizons"?: [1095, 1825] }`
 *   (the key `horizons` is reserved and never a covariate);
 * - a batch: `{ "patients": [ {...}, ... ], "horizons"?: [...] }`.
 *
 * Every problem is reported with a JSON Pointer into the body, all at once:
 * missing fields, wrong types, numbers that are not finite or outside the
 * plausible range, levels not allowed, unknown fields, horizons outside the
 * model's grid, empty or oversized batches. Echoed request values are cut to
 * 40 characters (the error body lists at most 100 issues: ./errors.ts).
 */
import { echoValue, HttpError, jsonPointer, truncateText, type RequestIssue } from './errors.js';
import type { ServedModel } from './model-store.js';

/**
 * Most patients in one batch request. Default 1000: about 50 kB of covariates
 * for gbsg-like models, well inside the default 1 MB body limit.
 */
export const DEFAULT_MAX_BATCH = 1000;
/** Most horizons per request (20). */
export const MAX_HORIZONS = 20;

/** A validated request. */
export interface PredictRequest {
  /** Validated patients (unknown fields refused, so these are exactly the covariates). */
  patients: Record<string, unknown>[];
  /** Requested horizons, or null for the model's default ones. */
  horizons: number[] | null;
  /** True when the body was a batch (`patients` array): the response keeps the batch shape. */
  batch: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Type of a JSON value for messages; JSON numbers too large for a double (1e400) arrive as Infinity. */
function describeValue(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return 'a number that is not finite (JSON numbers beyond ±1.8e308, such as 1e400, read as Infinity)';
  return describeType(v);
}

const formatBound = (v: number): string => (Number.isFinite(v) ? String(v) : v > 0 ? '∞' : '-∞');

function patientIssues(model: ServedModel, value: unknown, base: PropertyKey[]): { issues: RequestIssue[]; data: Record<string, unknown> | null } {
  if (!isObject(value)) return { issues: [{ path: jsonPointer(base), message: `a patient must be a JSON object, got ${describeType(value)}` }], data: null };
  const parsed = model.patient.safeParse(value);
  if (parsed.success) return { issues: [], data: parsed.data as Record<string, unknown> };
  const issues: RequestIssue[] = [];
  for (const i of parsed.error.issues) {
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) issues.push({ path: jsonPointer([...base, ...i.path, k]), message: `unknown field '${truncateText(k, 40)}'` });
      continue;
    }
    const key = i.path[0];
    const own = i.path.length === 1 && typeof key === 'string';
    const missing = own && !Object.prototype.hasOwnProperty.call(value, key);
    const got: unknown = own ? value[key] : undefined;
    let message = i.message;
    if (missing) message = 'required field is missing';
    else if (own && typeof got === 'number' && !Number.isFinite(got)) message = `expected a finite number, got ${describeValue(got)}`;
    else if (i.code === 'invalid_type' && own) message = `expected ${i.expected}, got ${describeType(got)}`;
    else if (i.code === 'invalid_value' && 'values' in i) message = `must be one of ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${echoValue(got)}`;
    else if ((i.code === 'too_big' || i.code === 'too_small') && own) {
      const r = model.plausible.get(key);
      const training = model.artifact.covariates.find((c) => c.name === key)?.range;
      if (r)
        message =
          `implausible value ${echoValue(got)}: ${key} must be in [${formatBound(r.min)}, ${formatBound(r.max)}] ` +
          `(the model's plausible range${r.source === 'inputSchema' ? '' : ', widened from the training range'}${training ? `; trained on ${training[0]}-${training[1]}` : ''})`;
    }
    issues.push({ path: jsonPointer([...base, ...i.path]), message });
  }
  return { issues, data: null };
}

function horizonIssues(value: unknown, gridMax: number): { issues: RequestIssue[]; horizons: number[] | null } {
  if (value === undefined) return { issues: [], horizons: null };
  if (!Array.isArray(value)) return { issues: [{ path: '/horizons', message: `expected an array of numbers, got ${describeType(value)}` }], horizons: null };
  const issues: RequestIssue[] = [];
  if (value.length === 0) issues.push({ path: '/horizons', message: 'give at least one horizon, or leave horizons out for the model defaults' });
  if (value.length > MAX_HORIZONS) issues.push({ path: '/horizons', message: `at most ${MAX_HORIZONS} horizons per request, got ${value.length}` });
  value.forEach((h, k) => {
    if (typeof h !== 'number' || !Number.isFinite(h)) issues.push({ path: `/horizons/${k}`, message: `expected a finite number, got ${describeValue(h)}` });
    else if (!(h > 0 && h <= gridMax)) issues.push({ path: `/horizons/${k}`, message: `horizon out of range: must be in (0, ${gridMax}] (the model's time grid), got ${h}` });
  });
  return { issues, horizons: issues.length ? null : (value as number[]) };
}

/**
 * Validates a parsed JSON body for `model`.
 * @param maxBatch most patients in a batch (default {@link DEFAULT_MAX_BATCH})
 * @throws HttpError 400 `invalid_input` listing every issue with its JSON Pointer
 * @example parsePredictRequest(model, { patients: [{ age: 50, ... }], horizons: [1825] })
 */
export function parsePredictRequest(model: ServedModel, body: unknown, maxBatch = DEFAULT_MAX_BATCH): PredictRequest {
  if (!isObject(body)) {
    throw new HttpError(400, 'invalid_input', 'The body must be a JSON object: one patient, or { "patients": [...] }', [
      { path: '', message: `expected an object, got ${describeType(body)}` },
    ]);
  }
  const { horizons: rawHorizons, ...rest } = body;
  const h = horizonIssues(rawHorizons, model.gridMax);
  const issues = [...h.issues];
  const patients: Record<string, unknown>[] = [];
  const batch = Object.prototype.hasOwnProperty.call(body, 'patients');
  if (batch) {
    const { patients: list, ...other } = rest;
    for (const k of Object.keys(other)) issues.push({ path: jsonPointer([k]), message: `unknown field '${truncateText(k, 40)}' (a batch has only 'patients' and 'horizons')` });
    if (!Array.isArray(list)) issues.push({ path: '/patients', message: `expected an array of patients, got ${describeType(list)}` });
    else if (list.length === 0) issues.push({ path: '/patients', message: 'the batch is empty' });
    else if (list.length > maxBatch) issues.push({ path: '/patients', message: `at most ${maxBatch} patients per request, got ${list.length}` });
    else {
      list.forEach((p, k) => {
        const r = patientIssues(model, p, ['patients', k]);
        issues.push(...r.issues);
        if (r.data) patients.push(r.data);
      });
    }
  } else {
    const r = patientIssues(model, rest, []);
    issues.push(...r.issues);
    if (r.data) patients.push(r.data);
  }
  if (issues.length) {
    const first = issues[0] as RequestIssue;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw new HttpError(400, 'invalid_input', `Invalid input at ${first.path || '(body)'}: ${first.message}${more}`, issues);
  }
  return { patients, horizons: h.horizons, batch };
}
