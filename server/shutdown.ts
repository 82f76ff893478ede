/**
 * Graceful shutdown of the service: on SIGTERM or SIGINT stop accepting
 * connections, let in-flight requests finish (fastify `close()`: idle
 * keep-alive connections are closed, busy ones after their response), then
 * exit. A second signal, or `timeoutMs` passing, forces the exit.
 */
import type { FastifyInstance } from 'fastify';

/** Options of {@link installGracefulShutdown}. */
export interface ShutdownOptions {
  /** Signals to handle. Default `['SIGTERM', 'SIGINT']`. */
  signals?: readonly NodeJS.Signals[];
  /** Most milliseconds to wait for in-flight requests. Default 10000 (10 s, within Kubernetes' default 30 s grace period). */
  timeoutMs?: number;
  /** Called when closed (code 0) or forced (code 1). Default `process.exit`. */
  exit?: (code: number) => void;
}

/**
 * Installs the signal handlers; returns the shutdown function (also callable
 * directly) and a function that removes the handlers.
 * @example installGracefulShutdown(app) // in `midia serve`
 */
export function installGracefulShutdown(app: FastifyInstance, options: ShutdownOptions = {}): { shutdown: (reason: string) => Promise<void>; uninstall: () => void } {
  const { signals = ['SIGTERM', 'SIGINT'], timeoutMs = 10_000, exit = (code: number) => process.exit(code) } = options;
  let closing: Promise<void> | null = null;
  const shutdown = (reason: string): Promise<void> => {
    if (closing) {
      app.log.warn({ reason }, 'second shutdown request: exiting now');
      exit(1);
      return closing;
    }
    app.log.info({ reason }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.log.error({ timeoutMs }, 'shutdown timed out: exiting');
      exit(1);
    }, timeoutMs);
    timer.unref();
    closing = app.close().then(
      () => {
        clearTimeout(timer);
        app.log.info('closed');
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        app.log.error({ err }, 'error while closing');
        exit(1);
      },
    );
    return closing;
  };
  const handlers = signals.map((s) => {
    const h = (): void => void shutdown(s);
    process.on(s, h);
    return [s, h] as const;
  });
  return { shutdown, uninstall: () => handlers.forEach(([s, h]) => process.off(s, h)) };
}
