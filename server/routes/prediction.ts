/**
 * The prediction routes:
 *
 * - `GET  /v1/health`                 liveness and the number of models
 * - `GET  /v1/models`                 id, kind, version, card summary of each model
 * - `GET  /v1/models/{id}`            model card, input JSON Schema, covariates, training summary, validation
 * - `POST /v1/models/{id}/predict`    one patient object or `{ "patients": [...] }`, optional `horizons`
 *
 * A prediction request is checked once (../predict-request.ts, the check
 * `predictRisk` uses) and predicted with `predictChecked` (models/risk, public
 * entry point): no second validation.
 */
import { predictChecked, type ModelArtifact } from '../../models/risk/index.js';
import { HttpError, truncateText } from '../errors.js';
import type { ServedModel } from '../model-store.js';
import { parsePredictRequest, patientSchemaName, predictRequestSchemas, requestSchemaName } from '../predict-request.js';
import type { BoundRoute, RouteSpec } from '../route.js';
import { errorResponse, jsonBody, ref } from '../schemas.js';

const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'Model id (see GET /v1/models)' } } };

/** The prediction routes' specs (method, URL, schema). */
export const PREDICTION_ROUTES = {
  health: {
    method: 'GET',
    url: '/v1/health',
    schema: {
      operationId: 'health',
      summary: 'Liveness and readiness',
      response: { '200': { description: 'Service is up', content: jsonBody(ref('Health')) }, '503': errorResponse('Shutting down: take this instance out of rotation') },
    },
  },
  listModels: {
    method: 'GET',
    url: '/v1/models',
    schema: { operationId: 'listModels', summary: 'Served models', response: { '200': { description: 'Model summaries', content: jsonBody(ref('ModelList')) } } },
  },
  getModel: {
    method: 'GET',
    url: '/v1/models/:id',
    schema: {
      operationId: 'getModel',
      summary: 'Model card, input schema, training summary and validation',
      params: idParam,
      response: { '200': { description: 'The model', content: jsonBody(ref('ModelDetail')) }, '404': errorResponse('Unknown model') },
    },
  },
  predict: {
    method: 'POST',
    url: '/v1/models/:id/predict',
    checkedBody: 'parsePredictRequest (server/predict-request.ts) with the model\'s input rules (models/risk/artifact/patient-input.ts)',
    schema: {
      operationId: 'predict',
      summary: 'Risk at horizons for one patient or a batch',
      description:
        "Body: one patient object (covariates as in the model's input schema, plus optional 'horizons'), or { patients: [...], horizons? }. " +
        'Every covariate is required; unknown fields are refused; numeric values must be finite and inside the plausible range (minimum/maximum of the patient schema); ' +
        'values inside it but outside the training range are predicted with a warning. The body is checked once, against the schema of the model named in the path ' +
        "(PredictRequest_{id}, written from the same rules as the check); PredictRequest lists every served model's.",
      params: idParam,
      querystring: {
        type: 'object',
        properties: { survival: { type: 'string', enum: ['true', 'false'], default: 'true', description: "'false' leaves out the survival curves (faster, smaller)" } },
      },
      response: {
        '200': { description: 'Risks, survival curves, scores and warnings', content: jsonBody(ref('Prediction')) },
        '400': errorResponse('Invalid input (issues name the fields) or malformed JSON'),
        '404': errorResponse('Unknown model'),
        '413': errorResponse('Body larger than the limit'),
        '415': errorResponse('Body is not application/json'),
        '503': errorResponse('The service is shutting down (the connection is closed after this answer): retry on another instance'),
      },
    },
  },
} satisfies Record<string, RouteSpec>;

function modelSummary(a: ModelArtifact): Record<string, unknown> {
  return {
    id: a.id,
    kind: a.kind,
    version: a.version,
    title: a.card.title,
    intendedUse: a.card.intendedUse,
    population: a.card.population,
    horizon: a.card.horizon,
    timeUnit: a.timeUnit,
    horizons: a.horizons,
    links: { self: `/v1/models/${a.id}`, predict: `/v1/models/${a.id}/predict` },
  };
}

function modelDetail(m: ServedModel): Record<string, unknown> {
  const a = m.artifact;
  return {
    id: a.id,
    kind: a.kind,
    version: a.version,
    formatVersion: a.formatVersion,
    createdAt: a.createdAt,
    engineVersion: a.engineVersion,
    formula: a.formula,
    timeUnit: a.timeUnit,
    horizons: a.horizons,
    card: a.card,
    inputSchema: m.inputSchema,
    covariates: a.covariates,
    trainingSummary: a.trainingSummary,
    validation: a.validation,
  };
}

/** What the prediction routes need at run time. */
export interface PredictionContext {
  served: ReadonlyMap<string, ServedModel>;
  maxBatch: number;
}

/**
 * The prediction routes bound to the served models; the predict route's
 * documented body lists each model's request schema (shared schemas added by
 * the caller from {@link predictionSchemas}).
 */
export function predictionRoutes({ served, maxBatch }: PredictionContext): BoundRoute[] {
  const lookup = (id: string): ServedModel => {
    const m = served.get(id);
    if (!m) throw new HttpError(404, 'unknown_model', `Unknown model '${truncateText(id, 60)}' (known: ${[...served.keys()].join(', ')})`);
    return m;
  };
  const { health, listModels, getModel, predict } = PREDICTION_ROUTES;
  return [
    { ...health, handler: async () => ({ status: 'ok', models: served.size }) },
    { ...listModels, handler: async () => ({ models: [...served.values()].map((m) => modelSummary(m.artifact)) }) },
    { ...getModel, handler: async (request) => modelDetail(lookup((request.params as { id: string }).id)) },
    {
      ...predict,
      documentedBody: { $ref: 'PredictRequest#' },
      handler: async (request) => {
        const model = lookup((request.params as { id: string }).id);
        const { input } = parsePredictRequest(model, request.body, maxBatch);
        return predictChecked(model.artifact, input, { survivalCurve: (request.query as { survival?: string }).survival !== 'false' });
      },
    },
  ];
}

/**
 * Shared schemas of the served models: per model its patient and request
 * schemas, and `PredictRequest`, any served model's request.
 */
export function predictionSchemas(served: ReadonlyMap<string, ServedModel>, maxBatch: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const names: string[] = [];
  for (const m of served.values()) {
    const { patient, request } = predictRequestSchemas(m, maxBatch);
    out.push({ $id: patientSchemaName(m.artifact.id), ...patient }, { $id: requestSchemaName(m.artifact.id), ...request });
    names.push(requestSchemaName(m.artifact.id));
  }
  out.push({ $id: 'PredictRequest', description: 'A prediction request for one of the served models (the model named in the path decides which)', anyOf: names.length ? names.map((n) => ref(n)) : [{ type: 'object' }] });
  return out;
}
