/**
 * Default limits of the HTTP service (server/), in util/ so that both the
 * service and `midia serve --help` can state them: the CLI may not import
 * server internals (the layering rule, docs/layering.md) and its help must
 * not load fastify. See docs/service.md, "Limits".
 */

/** Default request body limit: 1 MiB (fastify's own default, stated explicitly). */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Default time limits of a connection, in milliseconds (see ServerOptions in server/app.ts). */
export const DEFAULT_TIMEOUTS = {
  /** Whole request (headers and body) must arrive within 30 s. */
  requestTimeoutMs: 30_000,
  /** Headers must arrive within 10 s. */
  headersTimeoutMs: 10_000,
  /** Idle keep-alive connections close after 5 s (Node's default; fastify's own is 72 s). */
  keepAliveTimeoutMs: 5_000,
  /** How often Node checks the request and headers timeouts: 1 s (Node's default, 30 s, would let a slow client stay up to 30 s longer). */
  timeoutCheckMs: 1_000,
} as const;

/**
 * Most patients in one batch request. Default 1000: about 50 kB of covariates
 * for gbsg-like models, well inside the default 1 MB body limit.
 */
export const DEFAULT_MAX_BATCH = 1000;

/** Most horizons per request (20). */
export const MAX_HORIZONS = 20;
