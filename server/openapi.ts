/**
 * The OpenAPI 3.1 document of the prediction service, written by hand from the
 * same definitions the routes use, with each served model's patient schema
 * (its artifact `inputSchema`, JSON Schema 2020-12, which OpenAPI 3.1 uses
 * as is) under `components.schemas`.
 * Reference: OpenAPI Specification 3.1.0, https://spec.openapis.org/oas/v3.1.0
 */
import type { ModelArtifact } from '../models/risk/artifact/types.js';
import { MAX_ERROR_ISSUES, MAX_MESSAGE_CHARS } from './errors.js';
import { MAX_HORIZONS } from './predict-request.js';

/** Route and method pairs the service serves (the OpenAPI test checks each is documented). */
export const ROUTES: readonly { method: 'get' | 'post'; path: string }[] = [
  { method: 'get', path: '/v1/health' },
  { method: 'get', path: '/v1/models' },
  { method: 'get', path: '/v1/models/{id}' },
  { method: 'post', path: '/v1/models/{id}/predict' },
  { method: 'get', path: '/v1/openapi.json' },
];

const ref = (name: string): { $ref: string } => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown): Record<string, unknown> => ({ 'application/json': { schema } });
const errorResponse = (description: string): Record<string, unknown> => ({ description, content: json(ref('Error')) });

/** Component name of a model's patient schema. */
export function patientSchemaName(id: string): string {
  return `Patient_${id.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

/** Component name of a model's single-patient request (the patient plus optional `horizons`). */
export function singleRequestName(id: string): string {
  return `PredictOne_${id.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

/**
 * Builds the document.
 * @param models the served artifacts (their ids enumerate the `id` path parameter)
 * @param limits body limit in bytes and batch size, stated in the descriptions
 * @param inputSchemas the patient schema served per model id (the artifact's with the enforced plausible ranges, see ./model-store.ts); default each artifact's `inputSchema`
 * @example openApiDocument([gbsg], { bodyLimit: 1048576, maxBatch: 1000 }).paths['/v1/models/{id}/predict']
 */
export function openApiDocument(
  models: readonly ModelArtifact[],
  limits: { bodyLimit: number; maxBatch: number },
  inputSchemas: ReadonlyMap<string, Record<string, unknown>> = new Map(),
): Record<string, unknown> {
  const horizons = {
    type: 'array',
    items: { type: 'number', exclusiveMinimum: 0 },
    minItems: 1,
    maxItems: MAX_HORIZONS,
    description: "Times (in the model's timeUnit) at which risk is returned, each in (0, last grid time]; default the model's horizons.",
  };
  const patientSchemas: Record<string, unknown> = {};
  for (const m of models) {
    const { $schema: _drop, ...schema } = inputSchemas.get(m.id) ?? m.inputSchema;
    void _drop;
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    patientSchemas[patientSchemaName(m.id)] = { ...schema, additionalProperties: false, description: `One patient for model '${m.id}' (${m.card.title}); times in ${m.timeUnit}.` };
    patientSchemas[singleRequestName(m.id)] = {
      ...schema,
      properties: { ...properties, horizons },
      additionalProperties: false,
      description: `One patient for model '${m.id}' with optional horizons.`,
    };
  }
  const anyPatient = models.length ? { oneOf: models.map((m) => ref(patientSchemaName(m.id))) } : { type: 'object' };
  const anySingle = models.length ? { oneOf: models.map((m) => ref(singleRequestName(m.id))) } : { type: 'object' };
  const idParam = {
    name: 'id',
    in: 'path',
    required: true,
    description: 'Model id (see GET /v1/models)',
    schema: { type: 'string', ...(models.length ? { enum: models.map((m) => m.id) } : {}) },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'MIDIA Hub risk prediction service',
      version: '1',
      description:
        'Risk of relapse at horizons and survival curves from validated model artifacts. For research and decision support within ' +
        "each model card's intended use; not a medical device. Errors are { error: { code, message, issues[{ path (JSON Pointer), message }] } }. " +
        `Bodies over ${limits.bodyLimit} bytes get 413; batches hold at most ${limits.maxBatch} patients.`,
    },
    paths: {
      '/v1/health': {
        get: {
          operationId: 'health',
          summary: 'Liveness and readiness',
          responses: { '200': { description: 'Service is up', content: json(ref('Health')) }, '503': errorResponse('Shutting down: take this instance out of rotation') },
        },
      },
      '/v1/models': {
        get: { operationId: 'listModels', summary: 'Served models', responses: { '200': { description: 'Model summaries', content: json(ref('ModelList')) } } },
      },
      '/v1/models/{id}': {
        get: {
          operationId: 'getModel',
          summary: 'Model card, input schema, training summary and validation',
          parameters: [idParam],
          responses: { '200': { description: 'The model', content: json(ref('ModelDetail')) }, '404': errorResponse('Unknown model') },
        },
      },
      '/v1/models/{id}/predict': {
        post: {
          operationId: 'predict',
          summary: 'Risk at horizons for one patient or a batch',
          description:
            "Body: one patient object (covariates as in the model's input schema, plus optional 'horizons'), or { patients: [...], horizons? }. " +
            'Every covariate is required; unknown fields are refused; numeric values must be finite and inside the plausible range (minimum/maximum of the patient schema); ' +
            'values inside it but outside the training range are predicted with a warning.',
          parameters: [
            idParam,
            { name: 'survival', in: 'query', required: false, description: "'false' leaves out the survival curves (faster, smaller)", schema: { type: 'string', enum: ['true', 'false'], default: 'true' } },
          ],
          requestBody: { required: true, content: json(ref('PredictRequest')) },
          responses: {
            '200': { description: 'Risks, survival curves, scores and warnings', content: json(ref('Prediction')) },
            '400': errorResponse('Invalid input (issues name the fields) or malformed JSON'),
            '404': errorResponse('Unknown model'),
            '413': errorResponse('Body larger than the limit'),
            '415': errorResponse('Body is not application/json'),
            '503': errorResponse('The service is shutting down (the connection is closed after this answer): retry on another instance'),
          },
        },
      },
      '/v1/openapi.json': {
        get: { operationId: 'openapi', summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1 document', content: json({ type: 'object' }) } } },
      },
    },
    components: {
      schemas: {
        ...patientSchemas,
        Health: { type: 'object', required: ['status', 'models'], properties: { status: { const: 'ok' }, models: { type: 'integer' } } },
        ModelSummary: {
          type: 'object',
          required: ['id', 'kind', 'version', 'title', 'intendedUse', 'population', 'horizon', 'timeUnit', 'horizons'],
          properties: {
            id: { type: 'string' },
            kind: { type: 'string', enum: ['cox', 'coxnet', 'rsf', 'deepsurv'] },
            version: { type: 'string' },
            title: { type: 'string' },
            intendedUse: { type: 'string' },
            population: { type: 'string' },
            horizon: { type: 'string' },
            timeUnit: { type: 'string', enum: ['days', 'months', 'years'] },
            horizons: { type: 'array', items: { type: 'number' } },
            links: { type: 'object', properties: { self: { type: 'string' }, predict: { type: 'string' } } },
          },
        },
        ModelList: { type: 'object', required: ['models'], properties: { models: { type: 'array', items: ref('ModelSummary') } } },
        ModelDetail: {
          type: 'object',
          required: ['id', 'kind', 'version', 'card', 'inputSchema', 'covariates', 'trainingSummary', 'timeUnit', 'horizons'],
          properties: {
            id: { type: 'string' },
            kind: { type: 'string' },
            version: { type: 'string' },
            formatVersion: { type: 'integer' },
            createdAt: { type: 'string' },
            engineVersion: { type: 'string' },
            formula: { type: ['string', 'null'] },
            timeUnit: { type: 'string' },
            horizons: { type: 'array', items: { type: 'number' } },
            card: { type: 'object', description: 'Model card: title, intendedUse, population, horizon, outcome, limitations, authors, version, references' },
            inputSchema: { type: 'object', description: 'JSON Schema (2020-12) of one patient' },
            covariates: { type: 'array', items: { type: 'object' } },
            trainingSummary: { type: 'object', description: 'Aggregates of the training cohort under disclosure control' },
            validation: { type: ['object', 'null'] },
          },
        },
        PredictRequest: {
          oneOf: [
            {
              type: 'object',
              required: ['patients'],
              additionalProperties: false,
              properties: { patients: { type: 'array', minItems: 1, maxItems: limits.maxBatch, items: anyPatient }, horizons },
            },
            anySingle,
          ],
        },
        Prediction: {
          type: 'object',
          required: ['modelId', 'modelVersion', 'kind', 'timeUnit', 'horizons', 'grid', 'predictions', 'warnings'],
          properties: {
            modelId: { type: 'string' },
            modelVersion: { type: 'string' },
            kind: { type: 'string' },
            timeUnit: { type: 'string' },
            horizons: { type: 'array', items: { type: 'number' } },
            grid: { type: 'array', items: { type: 'number' }, description: 'Times of the survival curves' },
            predictions: {
              type: 'array',
              description: 'One per patient, in input order',
              items: {
                type: 'object',
                required: ['risk', 'survival', 'score', 'warnings'],
                properties: {
                  risk: { type: 'array', items: { type: 'number' }, description: '1 - S(h) per horizon' },
                  survival: { type: 'array', items: { type: 'number' }, description: 'S(t) on the grid (empty with ?survival=false)' },
                  score: { type: 'number', description: 'Model score, larger = higher risk (cox/coxnet: centred linear predictor; deepsurv: network output; rsf: ensemble cumulative hazard summed over the grid points, the gridded mortality)' },
                  warnings: { type: 'array', items: { type: 'string' } },
                },
              },
            },
            warnings: { type: 'array', items: { type: 'string' } },
          },
        },
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: {
                  type: 'string',
                  enum: ['invalid_input', 'malformed_json', 'payload_too_large', 'unknown_model', 'not_found', 'unsupported_media_type', 'bad_request', 'uri_too_long', 'request_timeout', 'header_too_large', 'shutting_down', 'internal'],
                },
                message: { type: 'string', maxLength: MAX_MESSAGE_CHARS + 40 },
                issues: {
                  type: 'array',
                  maxItems: MAX_ERROR_ISSUES,
                  items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string', description: 'JSON Pointer (RFC 6901) into the body' }, message: { type: 'string' } } },
                },
                issuesOmitted: { type: 'integer', minimum: 1, description: `Issues found beyond the first ${MAX_ERROR_ISSUES} (which are listed)` },
              },
            },
          },
        },
      },
    },
  };
}
