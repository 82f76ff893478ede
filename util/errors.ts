/**
 * Typed errors shared by every layer. Each carries a stable `code` that callers
 * (and the CLI's exit codes) can switch on; data errors also name the file, row
 * and field at fault. Catch by class (`instanceof DataValidationError`), never
 * by parsing messages.
 */

/** Base class of every error the engine throws on purpose. */
export class MidiaError extends Error {
  /** Stable machine-readable code, e.g. `E_FORMULA`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One rejected record: where it is and what is wrong with it. */
export interface RecordIssue {
  /** Source file (or `<memory>` for in-process data). */
  file: string;
  /** 1-based data row (header excluded) or resource index for JSON sources. */
  row: number;
  /** Column or JSON path of the offending field; `null` when the whole record is bad. */
  field: string | null;
  /** What is wrong, naming the bad value. */
  message: string;
  /** The offending value as read, when there is one. */
  value?: unknown;
}

/** Bad input data: one or more records failed validation. Nothing was written. */
export class DataValidationError extends MidiaError {
  readonly issues: RecordIssue[];
  constructor(issues: RecordIssue[], options?: { cause?: unknown }) {
    const first = issues[0];
    const head = first
      ? `${first.file}, row ${first.row}${first.field ? `, field '${first.field}'` : ''}: ${first.message}`
      : 'invalid data';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super('E_DATA', head + more, options);
    this.issues = issues;
  }
}

/** A model formula that cannot be parsed or does not fit the data. */
export class FormulaError extends MidiaError {
  /** The formula text. */
  readonly formula: string;
  /** The offending token, when one can be named. */
  readonly token: string | null;
  /** 0-based character position of the token in the formula, or -1. */
  readonly position: number;
  constructor(formula: string, message: string, token: string | null = null, position = -1) {
    const shownToken = token !== null && token.length > 60 ? `${token.slice(0, 60)}...` : token;
    const where = shownToken !== null ? ` at '${shownToken}' (position ${position})` : '';
    // A long formula is quoted around the position only (the full text stays in `formula`).
    const at = Math.max(0, position);
    const shown = formula.length <= 240 ? formula : `${at > 100 ? '...' : ''}${formula.slice(Math.max(0, at - 100), at + 100)}${at + 100 < formula.length ? '...' : ''}`;
    super('E_FORMULA', `${message}${where} in formula: ${shown}`);
    this.formula = formula;
    this.token = token;
    this.position = position;
  }
}

/** A column named by the caller does not exist. */
export class UnknownColumnError extends MidiaError {
  readonly column: string;
  constructor(column: string, available: readonly string[] = []) {
    const hint = available.length ? ` (available: ${available.join(', ')})` : '';
    super('E_COLUMN', `Unrecognized column: ${column}${hint}`);
    this.column = column;
  }
}

/** Invalid arguments or options passed to a function or command. */
export class UsageError extends MidiaError {
  constructor(message: string) {
    super('E_USAGE', message);
  }
}

/** The store or a database operation failed (schema version, I/O, SQL). */
export class StoreError extends MidiaError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_STORE', message, options);
  }
}

/** A read was refused by the access gate (consent, missing study declaration). */
export class AccessDeniedError extends MidiaError {
  constructor(message: string) {
    super('E_ACCESS', message);
  }
}

/** A numeric method failed in a way that leaves no usable result. */
export class ModelError extends MidiaError {
  constructor(message: string) {
    super('E_MODEL', message);
  }
}
