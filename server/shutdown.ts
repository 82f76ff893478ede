/**
 * Graceful shutdown of the service on SIGTERM or SIGINT, in three steps that
 * together stay inside the grace period (docs/service.md, "Shutdown"):
 *
 * 1. drain (`drainMs`, default 1 s): the listener stays open and every new
 *    request, on a new or a kept-alive connection, is answered 503
 *    `shutting_down` with `Connection: close`, so clients and load balancers
 *    get an answer instead of a reset connection; requests already in the
 *    handlers finish;
 * 2. close: fastify `close()` stops the listener (new connections are then
 *    refused) and Node closes idle connections; requests in flight get
 *    `finishMs` (default 2 s) to complete;
 * 3. then every connection still open (slow clients trickling a body, readers
 *    that do not read) is closed, `close()` resolves, and the process exits 0.
 *
 * `timeoutMs` (default 10 s, within Kubernetes' default 30 s grace period) is
 * the backstop: if closing has not finished by then the process exits 1. A
 * second signal exits 1 at once.
 */
import type { FastifyInstance } from 'fastify';
import { UsageError } from '../util/errors.js';
import { startDraining } from './drain-state.js';

/** Options of {@link installGracefulShutdown}. */
export interface ShutdownOptions {
  /** Signals to handle. Default `['SIGTERM', 'SIGINT']`. */
  signals?: readonly NodeJS.Signals[];
  /** Milliseconds of answering 503 before the listener closes. Default 1000. */
  drainMs?: number;
  /** Milliseconds requests in flight get after the listener closed, before their connections are closed. Default 2000. */
  finishMs?: number;
  /** Most milliseconds until the exit in any case (exit code 1 if reached). Default 10000; must exceed drainMs + finishMs. */
  timeoutMs?: number;
  /** Called when closed (code 0) or forced (code 1). Default `process.exit`. */
  exit?: (code: number) => void;
}

/**
 * Installs the signal handlers; returns the shutdown function (also callable
 * directly) and a function that removes the handlers.
 * @throws UsageError when a duration is negative or drainMs + finishMs >= timeoutMs
 * @example installGracefulShutdown(app) // in `midia serve`
 */
export function installGracefulShutdown(app: FastifyInstance, options: ShutdownOptions = {}): { shutdown: (reason: string) => Promise<void>; uninstall: () => void } {
  const { signals = ['SIGTERM', 'SIGINT'], drainMs = 1000, finishMs = 2000, timeoutMs = 10_000, exit = (code: number) => process.exit(code) } = options;
  for (const [name, v] of [['drainMs', drainMs], ['finishMs', finishMs], ['timeoutMs', timeoutMs]] as const) {
    if (!(Number.isFinite(v) && v >= 0)) throw new UsageError(`installGracefulShutdown: ${name} must be a non-negative number of milliseconds, got ${v}`);
  }
  if (!(drainMs + finishMs < timeoutMs)) throw new UsageError(`installGracefulShutdown: drainMs + finishMs (${drainMs + finishMs}) must be less than timeoutMs (${timeoutMs})`);
  let closing: Promise<void> | null = null;
  const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());
  const shutdown = (reason: string): Promise<void> => {
    if (closing) {
      app.log.warn({ reason }, 'second shutdown request: exiting now');
      exit(1);
      return closing;
    }
    app.log.info({ reason, drainMs, finishMs }, 'shutting down: finishing in-flight requests');
    startDraining(app);
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      app.log.error({ timeoutMs }, 'shutdown timed out: exiting');
      exit(1);
    }, timeoutMs);
    timer.unref();
    const finish = (code: number): void => {
      clearTimeout(timer);
      if (done) return;
      done = true;
      exit(code);
    };
    closing = (async () => {
      if (drainMs > 0) await wait(drainMs);
      const closed = app.close();
      void wait(finishMs).then(() => app.server.closeAllConnections());
      try {
        await closed;
        app.log.info('closed');
        finish(0);
      } catch (err) {
        app.log.error({ err }, 'error while closing');
        finish(1);
      }
    })();
    return closing;
  };
  const handlers = signals.map((s) => {
    const h = (): void => void shutdown(s);
    process.on(s, h);
    return [s, h] as const;
  });
  return { shutdown, uninstall: () => handlers.forEach(([s, h]) => process.off(s, h)) };
}
