/**
 * `midia serve`: the HTTP prediction service (server/) on a port, with JSON
 * logs to stderr and graceful shutdown on SIGTERM/SIGINT. The server (fastify,
 * the model loader) is imported when the service starts, not for `--help`.
 */
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { DEFAULT_BODY_LIMIT, DEFAULT_MAX_BATCH, DEFAULT_TIMEOUTS } from '../../util/service-limits.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, CommandIO } from '../command.js';
import { writeLine } from '../output.js';

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/**
 * Parses a size such as `1mb`, `512kb`, `4096` (bytes; units are binary: 1kb = 1024 bytes).
 * @throws UsageError for anything else
 * @example parseByteSize('1mb') // => 1048576
 */
export function parseByteSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb)?\s*$/i.exec(text);
  if (!m) throw new UsageError(`--body-limit must be a size like 1mb, 512kb or 4096, got '${text}'`);
  const bytes = Math.floor(Number(m[1]) * (UNITS[(m[2] ?? 'b').toLowerCase()] as number));
  if (!(bytes >= 1)) throw new UsageError(`--body-limit must be at least 1 byte, got '${text}'`);
  return bytes;
}

/** Settings of {@link startServe}. */
export interface ServeSettings {
  modelsDir: string;
  port: number;
  host: string;
  bodyLimit: number;
  maxBatch: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Signals that stop the service (default SIGTERM, SIGINT). */
  signals?: readonly NodeJS.Signals[];
  /** Most milliseconds from the signal to the exit (default 10000). */
  shutdownTimeoutMs?: number;
  /** Milliseconds of answering 503 after the signal before the listener closes (default 1000). */
  drainMs?: number;
  /** Milliseconds requests in flight get after the listener closed (default 2000). */
  finishMs?: number;
  /** Most milliseconds for a whole request to arrive (default 30000). */
  requestTimeoutMs?: number;
  /** Most milliseconds for the request headers to arrive (default 10000). */
  headersTimeoutMs?: number;
  /** Interval of the timeout checks in milliseconds (default 1000). */
  timeoutCheckMs?: number;
}

/** Parses a duration in seconds (`--request-timeout 30`, `0.5`) into milliseconds. */
function secondsFlag(args: Parameters<typeof numberFlag>[0], name: string, fallbackMs: number, min: number): number {
  const v = numberFlag(args, name);
  if (v === undefined) return fallbackMs;
  if (!(v >= min)) throw new UsageError(`--${name} must be at least ${min} seconds, got ${v}`);
  return Math.round(v * 1000);
}

/**
 * Starts the service and resolves once it listens; `closed` resolves with the
 * exit code after a signal (0: in-flight requests finished, 1: forced).
 */
export async function startServe(settings: ServeSettings, io: CommandIO): Promise<{ app: FastifyInstance; url: string; closed: Promise<number> }> {
  const { createServer, installGracefulShutdown } = await import('../../server/index.js');
  const app = await createServer({
    modelsDir: settings.modelsDir,
    bodyLimit: settings.bodyLimit,
    maxBatch: settings.maxBatch,
    logger: { level: settings.logLevel, stream: io.stderr },
    ...(settings.requestTimeoutMs !== undefined ? { requestTimeoutMs: settings.requestTimeoutMs } : {}),
    ...(settings.headersTimeoutMs !== undefined ? { headersTimeoutMs: settings.headersTimeoutMs } : {}),
    ...(settings.timeoutCheckMs !== undefined ? { timeoutCheckMs: settings.timeoutCheckMs } : {}),
  });
  let resolveClosed: (code: number) => void = () => undefined;
  const closed = new Promise<number>((r) => (resolveClosed = r));
  const { uninstall } = installGracefulShutdown(app, {
    signals: settings.signals ?? ['SIGTERM', 'SIGINT'],
    timeoutMs: settings.shutdownTimeoutMs ?? 10_000,
    drainMs: settings.drainMs ?? 1000,
    finishMs: settings.finishMs ?? 2000,
    exit: (code) => {
      uninstall();
      resolveClosed(code);
    },
  });
  try {
    await app.listen({ port: settings.port, host: settings.host });
  } catch (e) {
    uninstall();
    await app.close();
    throw new UsageError(`Cannot listen on ${settings.host}:${settings.port}: ${(e as Error).message}`);
  }
  const { port } = app.server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return { app, url: `http://${host}:${port}`, closed };
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'HTTP prediction service for portals: model cards, input schemas, risk predictions, OpenAPI',
  help: `Usage: midia serve --models DIR [--port 8080] [--host 127.0.0.1] [--body-limit 1mb] [--request-timeout 30]

Serves the model artifacts (*.json, validated at start-up) in DIR over HTTP:
  GET  /v1/health                 liveness
  GET  /v1/models                 id, kind, version and card summary of each model
  GET  /v1/models/{id}            model card, input JSON Schema, training summary, validation
  POST /v1/models/{id}/predict    one patient object, or {"patients": [...]}, optional "horizons"
                                  (?survival=false leaves out the survival curves)
  GET  /v1/openapi.json           OpenAPI 3.1 document
Invalid input is answered 400 with JSON Pointers to the fields (numbers must
be finite and inside each input's plausible range: the minimum/maximum of the
served input schema), malformed JSON 400, unknown models 404, requests that do
not arrive within --request-timeout 408 (the connection is closed), bodies over
--body-limit 413. Error bodies are bounded (at most 100 issues, messages cut at
300 characters). Logs are JSON lines (pino) on stderr.

Shutdown: on SIGTERM or SIGINT the service answers every new request 503
(code shutting_down, Connection: close) for --drain seconds, then closes the
listener, gives requests in flight 2 s, closes the connections still open
(slow clients included) and exits 0; at most --shutdown-timeout seconds after
the signal it exits 1 in any case. A second signal exits at once.

Flags:
  --models DIR       directory of model artifacts (required)
  --port N           TCP port (default 8080; 0 = any free port)
  --host H           address to bind (default 127.0.0.1, loopback only: put a
                     TLS-terminating proxy in front for anything else)
  --body-limit S     largest request body, e.g. 1mb, 512kb, 4096 (default 1mb)
  --max-batch N      most patients per request (default ${DEFAULT_MAX_BATCH})
  --log-level L      fatal|error|warn|info|debug|trace|silent (default info)
  --request-timeout S  seconds for a whole request, body included, to arrive
                     (default ${DEFAULT_TIMEOUTS.requestTimeoutMs / 1000}; headers within ${DEFAULT_TIMEOUTS.headersTimeoutMs / 1000} s or this, if shorter)
  --drain S          seconds of 503 answers after a shutdown signal (default 1)
  --shutdown-timeout S  most seconds from the signal to the exit (default 10;
                     more than --drain + 2)

Example:
  midia serve --models models/artifacts --port 8080
  curl -s localhost:8080/v1/models/gbsg-cox/predict -H 'content-type: application/json' \\
    -d '{"age": 52, "meno": 1, "size": 25, "grade": 2, "nodes": 3, "pgr": 40, "er": 60, "hormon": 0}'
`,
  async run(args, io) {
    checkFlags(args, ['models', 'port', 'host', 'body-limit', 'max-batch', 'log-level', 'request-timeout', 'drain', 'shutdown-timeout']);
    const port = numberFlag(args, 'port', 8080) as number;
    if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new UsageError(`--port must be an integer in 0..65535, got ${port}`);
    const maxBatch = numberFlag(args, 'max-batch', DEFAULT_MAX_BATCH) as number;
    if (!(Number.isInteger(maxBatch) && maxBatch >= 1)) throw new UsageError(`--max-batch must be a positive integer, got ${maxBatch}`);
    const settings: ServeSettings = {
      modelsDir: requiredFlag(args, 'models'),
      port,
      host: stringFlag(args, 'host', '127.0.0.1'),
      bodyLimit: parseByteSize(stringFlag(args, 'body-limit', String(DEFAULT_BODY_LIMIT))),
      maxBatch,
      logLevel: choiceFlag(args, 'log-level', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
      requestTimeoutMs: secondsFlag(args, 'request-timeout', DEFAULT_TIMEOUTS.requestTimeoutMs, 0.001),
      drainMs: secondsFlag(args, 'drain', 1000, 0),
      shutdownTimeoutMs: secondsFlag(args, 'shutdown-timeout', 10_000, 0.001),
    };
    if (!((settings.drainMs as number) + 2000 < (settings.shutdownTimeoutMs as number)))
      throw new UsageError(`--shutdown-timeout must be more than --drain + 2 seconds (the time requests in flight get), got ${(settings.shutdownTimeoutMs as number) / 1000}`);
    const { url, closed } = await startServe(settings, io);
    writeLine(io.stdout, `midia serve: listening on ${url} (models from ${settings.modelsDir}; stop with Ctrl-C or SIGTERM)`);
    return closed;
  },
};
