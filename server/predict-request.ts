/**
 * A prediction request body, checked once, apart from the HTTP layer.
 *
 * Accepted bodies:
 * - one patient: `{ "age": 52, "grade": "2", ..., "horizons"?: [1095, 1825] }`
 *   (the key `horizons` is reserved and never a covariate);
 * - a batch: `{ "patients": [ {...}, ... ], "horizons"?: [...] }`.
 *
 * This module checks the envelope (an object; a batch has only `patients`
 * and `horizons`, at least one and at most `maxBatch` patients); the patients
 * and horizons are checked by the one check of models/risk/artifact/patient-input.ts
 * under the served model's rules (./model-store.ts), the same check
 * `predictRisk` uses. The request's JSON Schema in the OpenAPI document is
 * written from the same rules ({@link predictRequestSchemas}).
 *
 * Every problem is reported with a JSON Pointer into the body, all at once:
 * missing fields, wrong types, numbers that are not finite or outside the
 * plausible range, levels not allowed, unknown fields, horizons outside the
 * model's grid, empty or oversized batches. Echoed request values are cut to
 * 40 characters (the error body lists at most 100 issues: ./errors.ts).
 */
import { checkPredictInput, horizonsJsonSchema, patientJsonSchema, type CheckedPredictInput } from '../models/risk/index.js';
import { HttpError, jsonPointer, truncateText, type RequestIssue } from './errors.js';
import { DEFAULT_MAX_BATCH } from '../util/service-limits.js';
import type { ServedModel } from './model-store.js';

export { DEFAULT_MAX_BATCH, MAX_HORIZONS } from '../util/service-limits.js';

/** A checked request: what `predictChecked` takes. */
export interface PredictRequest {
  /** The patients and horizons, checked for the model (the response keeps the batch shape: `input.batch`). */
  input: CheckedPredictInput;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const describeType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Checks a parsed JSON body for `model`.
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
  const { horizons, ...rest } = body;
  const batch = Object.prototype.hasOwnProperty.call(body, 'patients');
  const envelope: RequestIssue[] = [];
  let patients: unknown = rest;
  if (batch) {
    const { patients: list, ...other } = rest;
    for (const k of Object.keys(other)) envelope.push({ path: jsonPointer([k]), message: `unknown field '${truncateText(k, 40)}' (a batch has only 'patients' and 'horizons')` });
    if (Array.isArray(list) && list.length === 0) envelope.push({ path: '/patients', message: 'the batch is empty' });
    else if (Array.isArray(list) && list.length > maxBatch) envelope.push({ path: '/patients', message: `at most ${maxBatch} patients per request, got ${list.length}` });
    // an empty or oversized batch is not looked into
    patients = envelope.some((i) => i.path === '/patients') ? [] : list;
  }
  const checked = checkPredictInput(model.rules, { patients, batch, horizons }, { patients: batch ? ['patients'] : [], horizons: ['horizons'] });
  const found = checked.ok ? [] : checked.issues.map((i) => ({ path: jsonPointer(i.path), message: i.message }));
  // horizons first, then the envelope, then the patients
  const h = found.filter((i) => i.path === '/horizons' || i.path.startsWith('/horizons/'));
  const issues = [...h, ...envelope, ...found.filter((i) => !h.includes(i))];
  if (issues.length || !checked.ok) {
    const first = issues[0] as RequestIssue;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw new HttpError(400, 'invalid_input', `Invalid input at ${first.path || '(body)'}: ${first.message}${more}`, issues);
  }
  return { input: checked.input };
}

/** Component name of a model's patient schema. */
export function patientSchemaName(id: string): string {
  return `Patient_${id.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

/** Component name of a model's prediction request (one patient or a batch). */
export function requestSchemaName(id: string): string {
  return `PredictRequest_${id.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

/**
 * The JSON Schemas (2020-12) of a model's prediction request, written from the
 * rules {@link parsePredictRequest} checks with: the patient (component
 * {@link patientSchemaName}) and the request (component
 * {@link requestSchemaName}: a batch when the body has `patients`, else one
 * patient with optional `horizons`). References to the patient schema are
 * fastify shared-schema references (`Patient_x#`).
 * @example predictRequestSchemas(served.get('gbsg-cox'), 1000).request
 */
export function predictRequestSchemas(model: ServedModel, maxBatch = DEFAULT_MAX_BATCH): { patient: Record<string, unknown>; request: Record<string, unknown> } {
  const { artifact, rules } = model;
  const patient = patientJsonSchema(rules);
  const horizons = horizonsJsonSchema(rules);
  const properties = (patient.properties ?? {}) as Record<string, unknown>;
  const single = { ...patient, properties: { ...properties, horizons }, description: `One patient for model '${artifact.id}' with optional horizons.` };
  const batchSchema = {
    type: 'object',
    required: ['patients'],
    additionalProperties: false,
    properties: { patients: { type: 'array', minItems: 1, maxItems: maxBatch, items: { $ref: `${patientSchemaName(artifact.id)}#` } }, horizons },
    description: `Up to ${maxBatch} patients for model '${artifact.id}' with optional horizons.`,
  };
  return {
    patient: { ...patient, description: `One patient for model '${artifact.id}' (${artifact.card.title}); times in ${artifact.timeUnit}.` },
    request: {
      description: `A prediction request for model '${artifact.id}': a batch when the body has 'patients', else one patient.`,
      if: { type: 'object', required: ['patients'] },
      then: batchSchema,
      else: single,
    },
  };
}
