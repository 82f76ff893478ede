/**
 * Shared JSON Schemas (2020-12) of the service's responses, registered with
 * `app.addSchema` under their `$id`: routes refer to them as `Name#`, and the
 * OpenAPI document lists them under `components.schemas` with the same names.
 * The tests validate real responses against them (test/server/openapi.test.ts).
 */
import { ERROR_CODES, MAX_ERROR_ISSUES, MAX_MESSAGE_CHARS } from './errors.js';

/** A reference to a shared schema, as routes write it. */
export const ref = (name: string): { $ref: string } => ({ $ref: `${name}#` });

/** A JSON response body of the given shared schema. */
export const jsonBody = (schema: Record<string, unknown>): { 'application/json': { schema: Record<string, unknown> } } => ({ 'application/json': { schema } });

/** A documented error response (body: the shared `Error` schema). */
export const errorResponse = (description: string): { description: string; content: ReturnType<typeof jsonBody> } => ({ description, content: jsonBody(ref('Error')) });

/** The shared schemas of the prediction service. */
export const SHARED_SCHEMAS: readonly Record<string, unknown>[] = [
  { $id: 'Health', type: 'object', required: ['status', 'models'], properties: { status: { const: 'ok' }, models: { type: 'integer' } } },
  {
    $id: 'ModelSummary',
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
  { $id: 'ModelList', type: 'object', required: ['models'], properties: { models: { type: 'array', items: ref('ModelSummary') } } },
  {
    $id: 'ModelDetail',
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
      inputSchema: { type: 'object', description: 'JSON Schema (2020-12) of one patient: the rules every prediction request is checked with' },
      covariates: { type: 'array', items: { type: 'object' } },
      trainingSummary: { type: 'object', description: 'Aggregates of the training cohort under disclosure control' },
      validation: { type: ['object', 'null'] },
    },
  },
  {
    $id: 'Prediction',
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
            score: {
              type: 'number',
              description:
                'Model score, larger = higher risk (cox/coxnet: centred linear predictor; deepsurv: network output; rsf: ensemble cumulative hazard summed over the grid points, the gridded mortality)',
            },
            warnings: { type: 'array', items: { type: 'string' } },
          },
        },
      },
      warnings: { type: 'array', items: { type: 'string' } },
    },
  },
  {
    $id: 'Error',
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', enum: [...ERROR_CODES] },
          message: { type: 'string', maxLength: MAX_MESSAGE_CHARS + 40 },
          issues: {
            type: 'array',
            maxItems: MAX_ERROR_ISSUES,
            items: {
              type: 'object',
              required: ['path', 'message'],
              properties: { path: { type: 'string', description: 'JSON Pointer (RFC 6901) into the body, or naming the parameter' }, message: { type: 'string' } },
            },
          },
          issuesOmitted: { type: 'integer', minimum: 1, description: `Issues found beyond the first ${MAX_ERROR_ISSUES} (which are listed)` },
        },
      },
    },
  },
];
