/**
 * The HTTP prediction service for portal backends: {@link createServer}
 * returns a fastify instance serving model artifacts (see ./app.ts for the
 * routes, ./routes/ for their declarations), {@link installGracefulShutdown}
 * handles SIGTERM/SIGINT. The OpenAPI document is generated from the routes
 * (`GET /v1/openapi.json`, or `app.swagger()` once the instance is ready).
 *
 * Entry point `midia-hub/server` (README, "Library API"); not re-exported by
 * the root `midia-hub` (docs/public-api.md).
 */
export { createServer, DEFAULT_BODY_LIMIT } from './app.js';
export type { ServerOptions } from './app.js';
export { ERROR_CODES, HttpError, jsonPointer, toHttpError } from './errors.js';
export type { ErrorBody, ErrorCode, RequestIssue } from './errors.js';
export { loadModelsDir, servedModels } from './model-store.js';
export type { ServedModel } from './model-store.js';
export { ROUTES, patientSchemaName, requestSchemaName } from './openapi.js';
export { parsePredictRequest, predictRequestSchemas, DEFAULT_MAX_BATCH, MAX_HORIZONS } from './predict-request.js';
export type { PredictRequest } from './predict-request.js';
export { plausibleRanges, defaultPlausibleRange } from './plausible-range.js';
export type { PlausibleRange } from './plausible-range.js';
export type { BoundRoute, RouteSpec, RouteSchema, RouteResponse } from './route.js';
export { installGracefulShutdown } from './shutdown.js';
export type { ShutdownOptions } from './shutdown.js';
