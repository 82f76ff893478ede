/**
 * The typed error of a rejected patient-reported outcome: a DataValidationError
 * whose issues also carry a JSON Pointer (RFC 6901) into the submitted document,
 * e.g. `/answers/MO`, so that an HTTP route can answer 400 with pointers.
 */
import { DataValidationError, type RecordIssue } from '../../util/errors.js';

/** One problem of a report: where it is (file, record, field, pointer) and what is wrong. */
export interface ReportIssue extends RecordIssue {
  /** JSON Pointer of the offending value in the submitted document (`''` for the document itself). */
  pointer: string;
}

/** A report rejected by validation; nothing was stored. */
export class ReportValidationError extends DataValidationError {
  declare readonly issues: ReportIssue[];
  constructor(issues: ReportIssue[], options?: { cause?: unknown }) {
    super(issues, options);
  }
}

/**
 * Escapes one reference token of a JSON Pointer (RFC 6901: `~` -> `~0`, `/` -> `~1`).
 * @example pointerToken('a/b') // => 'a~1b'
 */
export function pointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * A JSON Pointer from reference tokens.
 * @example jsonPointer('answers', 'MO') // => '/answers/MO'
 */
export function jsonPointer(...tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${pointerToken(String(t))}`).join('');
}
