/**
 * The HTTP prediction service for portal backends: {@link createServer}
 * returns a fastify instance serving model artifacts (see ./app.ts for the
 * routes), {@link installGracefulShutdown} handles SIGTERM/SIGINT.
 */
export { createServer, DEFAULT_BODY_LIMIT } from './app.js';
export type { ServerOptions } from './app.js';
export { HttpError, jsonPointer, toHttpError } from './errors.js';
export type { ErrorBody, RequestIssue } from './errors.js';
export { loadModelsDir, servedModels } from './model-store.js';
export type { ServedModel } from './model-store.js';
export { openApiDocument, ROUTES, patientSchemaName } from './openapi.js';
export { parsePredictRequest, DEFAULT_MAX_BATCH, MAX_HORIZONS } from './predict-request.js';
export type { PredictRequest } from './predict-request.js';
export { installGracefulShutdown } from './shutdown.js';
export type { ShutdownOptions } from './shutdown.js';
