/** The service's default limits: defined in util/service-limits.ts (shared with `midia serve --help`). */
export { DEFAULT_BODY_LIMIT, DEFAULT_TIMEOUTS, DEFAULT_MAX_BATCH, MAX_HORIZONS } from '../util/service-limits.js';
