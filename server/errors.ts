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

/** One problem with the request, located by a JSON Pointer into the body (`/patients/2/age`). */
export interface RequestIssue {
  /** JSON Pointer (RFC 6901) of the field; `''` is the whole body. */
  path: string;
  message: string;
}

/** Body of every error response. */
export interface ErrorBody {
  error: {
    /** Stable machine-readable code: `invalid_input`, `malformed_json`, `payload_too_large`, `unknown_model`, `not_found`, `unsupported_media_type`, `bad_request`, `uri_too_long`, `request_timeout`, `header_too_large`, `shutting_down`, `internal`. */
    code: string;
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

/**
 * Cuts a text longer than `max` characters to its first `max - 1`, then says how
 * many characters were left out.
 * @example truncateText('abcdef', 4) // => 'abc… (3 more characters)'
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = Math.max(0, max - 1);
  return `${text.slice(0, keep)}… (${text.length - keep} more characters)`;
}

/**
 * Shows a request value inside a message: JSON, cut to `max` characters
 * (default 40), so echoed input never makes an error body large.
 * @example echoValue('x'.repeat(1000)) // => '"xxxxxxx…" (1002 characters)'
 */
export function echoValue(value: unknown, max = 40): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
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
