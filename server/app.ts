/**
 * The prediction service for portal backends (fastify 5):
 *
 * - `GET  /v1/health`                 liveness and the number of models
 * - `GET  /v1/models`                 id, kind, version, card summary of each model
 * - `GET  /v1/models/{id}`            model card, input JSON Schema, covariates, training summary, validation
 * - `POST /v1/models/{id}/predict`    one patient object or `{ "patients": [...] }`, optional `horizons`
 * - `GET  /v1/openapi.json`           the OpenAPI 3.1 document of all of the above
 *
 * Routes are declared in server/routes/ (./route.ts: method, URL, one schema
 * that validates and documents); the OpenAPI document is generated from them
 * (./openapi.ts, @fastify/swagger), parameters are validated with ajv in the
 * document's dialect (./validation.ts), and a prediction request is checked
 * once (./predict-request.ts). Responses are serialized with JSON.stringify
 * (the response schemas document; the tests validate real responses with them).
 *
 * Errors are `{ error: { code, message, issues? } }` (see ./errors.ts, bounded
 * in size): 400 with JSON Pointers to the fields for invalid input (numbers
 * must be finite and inside the plausible range, ./plausible-range.ts) and
 * malformed JSON, 404 for an unknown model or route, 408 for a request that
 * does not arrive in time, 413 for bodies over the limit, 415 for a body that
 * is not JSON, 503 while shutting down. Logs are fastify's pino JSON lines
 * (request id, method, url, status, response time); patient covariates are
 * never logged.
 *
 * Slow clients (docs/service.md, "Limits"): the whole request, body included,
 * must arrive within `requestTimeoutMs` and its headers within
 * `headersTimeoutMs` (Node checks both every `timeoutCheckMs`), else 408 and
 * the connection is closed; idle keep-alive connections close after
 * `keepAliveTimeoutMs`. A connection that trickles a byte at a time therefore
 * cannot hold a socket for longer than the request timeout.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import type { ModelArtifact } from '../models/risk/index.js';
import { UsageError } from '../util/errors.js';
import type { Socket } from 'node:net';
import { isDraining } from './drain-state.js';
import { HttpError, toHttpError, truncateText } from './errors.js';
import { DEFAULT_BODY_LIMIT, DEFAULT_MAX_BATCH, DEFAULT_TIMEOUTS } from '../util/service-limits.js';
import { loadModelsDir, servedModels, type ServedModel } from './model-store.js';
import { openApiRoute, registerOpenApi } from './openapi.js';
import { registerRoutes } from './route.js';
import { predictionRoutes, predictionSchemas } from './routes/prediction.js';
import { SHARED_SCHEMAS } from './schemas.js';
import { validatorCompiler } from './validation.js';

export { DEFAULT_BODY_LIMIT, DEFAULT_TIMEOUTS } from '../util/service-limits.js';

/** Options of {@link createServer}. Give exactly one of `modelsDir` and `models`. */
export interface ServerOptions {
  /** Directory of model artifacts (`*.json`), read and validated once. */
  modelsDir?: string;
  /** Validated artifacts (e.g. from loadModelArtifact), for tests and embedding. */
  models?: readonly ModelArtifact[];
  /**
   * fastify/pino logger: `false` (default: silent, as in tests), `true`
   * (info level to stdout), or pino options such as `{ level: 'info', stream: process.stderr }`.
   */
  logger?: FastifyServerOptions['logger'];
  /** Largest accepted request body in bytes (default {@link DEFAULT_BODY_LIMIT}); larger bodies get 413. */
  bodyLimit?: number;
  /** Most patients per batch request (default {@link DEFAULT_MAX_BATCH}). */
  maxBatch?: number;
  /** Most milliseconds for a whole request, body included, to arrive (default 30000); slower requests get 408 and the connection closes. */
  requestTimeoutMs?: number;
  /** Most milliseconds for the request headers to arrive (default 10000, at most `requestTimeoutMs`). */
  headersTimeoutMs?: number;
  /** Idle keep-alive connections close after this many milliseconds (default 5000). */
  keepAliveTimeoutMs?: number;
  /** Interval in milliseconds of Node's checks of the two timeouts above (default 1000). */
  timeoutCheckMs?: number;
}

const positiveMs = (name: string, v: number): number => {
  if (!(Number.isFinite(v) && v > 0)) throw new UsageError(`createServer: ${name} must be a positive number of milliseconds, got ${v}`);
  return v;
};

/** Node's 'clientError' (timeouts, oversized or broken headers) answered in the service's error format, then the socket closed. */
function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const e =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? new HttpError(408, 'request_timeout', 'The request did not arrive in time: connection closed')
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? new HttpError(431, 'header_too_large', 'Request headers are larger than allowed')
        : new HttpError(400, 'bad_request', 'Malformed HTTP request');
  const body = JSON.stringify(e.body());
  const reason = e.statusCode === 408 ? 'Request Timeout' : e.statusCode === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${e.statusCode} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}

/**
 * Builds the service (not listening yet: call `app.listen({ port, host })`, or
 * `app.inject(...)` in tests). Model artifacts are read and validated here, so
 * a bad artifact stops start-up instead of failing requests.
 *
 * @throws UsageError without exactly one of modelsDir/models, for an unreadable or empty models directory or duplicate ids; DataValidationError for an invalid artifact
 * @example const app = await createServer({ modelsDir: 'models/artifacts' }); await app.listen({ port: 8080, host: '127.0.0.1' });
 */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const { modelsDir, models, logger = false, bodyLimit = DEFAULT_BODY_LIMIT, maxBatch = DEFAULT_MAX_BATCH } = options;
  if ((modelsDir === undefined) === (models === undefined)) throw new UsageError('createServer: give exactly one of modelsDir and models');
  const requestTimeout = positiveMs('requestTimeoutMs', options.requestTimeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs);
  const headersTimeout = Math.min(positiveMs('headersTimeoutMs', options.headersTimeoutMs ?? DEFAULT_TIMEOUTS.headersTimeoutMs), requestTimeout);
  const keepAliveTimeout = positiveMs('keepAliveTimeoutMs', options.keepAliveTimeoutMs ?? DEFAULT_TIMEOUTS.keepAliveTimeoutMs);
  const timeoutCheck = positiveMs('timeoutCheckMs', options.timeoutCheckMs ?? DEFAULT_TIMEOUTS.timeoutCheckMs);
  const served: Map<string, ServedModel> = modelsDir !== undefined ? loadModelsDir(modelsDir) : servedModels(models ?? []);
  const app = Fastify({
    logger,
    bodyLimit,
    requestTimeout,
    keepAliveTimeout,
    http: { headersTimeout, connectionsCheckingInterval: timeoutCheck },
    clientErrorHandler,
    // fastify's own answers to a bad URL or an over-long path parameter echo the whole path: answer in the service's format.
    frameworkErrors: (err, _request, reply) => {
      const e =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new HttpError(414, 'uri_too_long', 'A path parameter is longer than 100 characters')
          : new HttpError(400, 'bad_request', 'Malformed URL');
      void (reply as FastifyReply).code(e.statusCode).type('application/json').send(e.body());
    },
    // Shutdown is ./shutdown.ts's: it drains (503 from the hook below) before closing, and closes slow connections itself.
    return503OnClosing: false,
    forceCloseConnections: false,
  });

  // While draining, every new request is answered 503 and its connection closed (not reset).
  app.addHook('onRequest', async (_request, reply) => {
    if (!isDraining(app)) return;
    await reply
      .code(503)
      .header('connection', 'close')
      .header('retry-after', '1')
      .type('application/json')
      .send(new HttpError(503, 'shutting_down', 'The service is shutting down: retry on another instance').body());
  });

  // JSON only: without fastify's text/plain parser a non-JSON body is 415, not a string.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((err, request, reply) => {
    const e = toHttpError(err);
    if (e.statusCode >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: e.code, statusCode: e.statusCode }, e.message);
    void reply.code(e.statusCode).type('application/json').send(e.body());
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(new HttpError(404, 'not_found', `No route ${request.method} ${truncateText(request.url.split('?')[0] ?? '', 100)}`).body());
  });

  app.setValidatorCompiler(validatorCompiler(() => Object.values(app.getSchemas())));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  for (const schema of [...SHARED_SCHEMAS, ...predictionSchemas(served, maxBatch)]) app.addSchema(schema);
  const routes = predictionRoutes({ served, maxBatch });
  await registerOpenApi(app, { routes, modelIds: [...served.keys()], bodyLimit, maxBatch });
  registerRoutes(app, [...routes, openApiRoute(app)]);
  return app;
}
