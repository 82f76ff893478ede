/**
 * The service's error body and the mapping from failures to HTTP status codes.
 * Every error response is `{ error: { code, message, issues? } }` with
 * `issues[].path` a JSON Pointer (RFC 6901) into the request body, so a portal
 * can highlight the offending field.
 */

/** One problem with the request, located by a JSON Pointer into the body (`/patients/2/age`). */
export interface RequestIssue {
  /** JSON Pointer (RFC 6901) of the field; `''` is the whole body. */
  path: string;
  message: string;
}

/** Body of every error response. */
export interface ErrorBody {
  error: {
    /** Stable machine-readable code: `invalid_input`, `malformed_json`, `payload_too_large`, `unknown_model`, `not_found`, `unsupported_media_type`, `internal`. */
    code: string;
    message: string;
    issues?: RequestIssue[];
  };
}

/** An error that becomes an HTTP response with the given status and body. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly issues: RequestIssue[] | undefined;
  constructor(statusCode: number, code: string, message: string, issues?: RequestIssue[]) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.issues = issues;
  }

  /** The response body. */
  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
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
