/**
 * The service's error body and the mapping from failures to HTTP status codes.
 * Every error response is `{ error: { code, message, issues? } }` with
 * `issues[].path` a JSON Pointer (RFC 6901) into the request body, so a portal
 * can highlight the offending field.
 *
 * Error bodies are bounded whatever the request (docs/service.md, "Limits"):
 * at most {@link MAX_ERROR_ISSUES} issues (then `issuesOmitted` says how many
 * more there were), messages cut at {@link MAX_MESSAGE_CHARS} and paths at
 * {@link MAX_PATH_CHARS} characters, so a large bad request cannot make the
 * service answer with a larger body (about 40 kB at most).
 */
import { echoValue, truncateText } from '../util/quote.js';

export { echoValue, truncateText };

/**
 * Every error code the service answers with: the OpenAPI document's `Error`
 * schema enumerates this list, and {@link HttpError} accepts no other code.
 */
export const ERROR_CODES = [
  'invalid_input',
  'malformed_json',
  'payload_too_large',
  'unknown_model',
  'not_found',
  'unsupported_media_type',
  'bad_request',
  'uri_too_long',
  'request_timeout',
  'header_too_large',
  'shutting_down',
  'internal',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with the request, located by a JSON Pointer into the body (`/patients/2/age`). */
export interface RequestIssue {
  /** JSON Pointer (RFC 6901) of the field; `''` is the whole body. */
  path: string;
  message: string;
}

/** Body of every error response. */
export interface ErrorBody {
  error: {
    /** Stable machine-readable code, one of {@link ERROR_CODES}. */
    code: ErrorCode;
    message: string;
    issues?: RequestIssue[];
    /** Number of issues left out of `issues` (only when more than {@link MAX_ERROR_ISSUES} were found). */
    issuesOmitted?: number;
  };
}

/** Most issues listed in one error body (100). */
export const MAX_ERROR_ISSUES = 100;
/** Longest `message` (of the error and of each issue), in characters (300). */
export const MAX_MESSAGE_CHARS = 300;
/** Longest issue `path`, in characters (200). */
export const MAX_PATH_CHARS = 200;

/** An error that becomes an HTTP response with the given status and body. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: ErrorCode;
  readonly issues: RequestIssue[] | undefined;
  constructor(statusCode: number, code: ErrorCode, message: string, issues?: RequestIssue[]) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.issues = issues;
  }

  /** The response body, bounded in size (see the limits above). */
  body(): ErrorBody {
    const message = truncateText(this.message, MAX_MESSAGE_CHARS);
    if (!this.issues) return { error: { code: this.code, message } };
    const issues = this.issues.slice(0, MAX_ERROR_ISSUES).map((i) => ({ path: truncateText(i.path, MAX_PATH_CHARS), message: truncateText(i.message, MAX_MESSAGE_CHARS) }));
    const omitted = this.issues.length - issues.length;
    return { error: { code: this.code, message, issues, ...(omitted > 0 ? { issuesOmitted: omitted } : {}) } };
  }
}

/** JSON Pointer (RFC 6901) of a path: `['patients', 2, 'age']` → `/patients/2/age`. */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Maps an error thrown while handling a request to an {@link HttpError}:
 * fastify's body errors keep their meaning (malformed JSON 400, too large 413,
 * wrong content type 415), anything unknown is a 500 without internals.
 */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : 'error';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new HttpError(413, 'payload_too_large', 'Request body is larger than the configured limit');
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (err instanceof SyntaxError && e.statusCode === 400))
    return new HttpError(400, 'malformed_json', `Malformed JSON body: ${message}`, [{ path: '', message }]);
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new HttpError(415, 'unsupported_media_type', 'Send the body as application/json');
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return new HttpError(e.statusCode, 'bad_request', message);
  return new HttpError(500, 'internal', 'Internal error');
}
