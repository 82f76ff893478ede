/**
 * Errors of the privacy module.
 */
import { DataValidationError } from '../../util/errors.js';
import type { IdentifierColumn } from './identifiers.js';

/**
 * A source holds direct identifiers (or a source identifier column) and was
 * given to a plain import: refused before anything is read into the store.
 * Import it with `pseudonymize: { idColumn, ... }` (CLI: `midia pseudonymize`).
 * Code `E_DATA`; `columns` lists the flagged columns and their kinds.
 */
export class IdentifyingDataError extends DataValidationError {
  readonly columns: IdentifierColumn[];
  constructor(file: string, columns: IdentifierColumn[]) {
    super(
      columns.map((c) => ({
        file,
        row: 0,
        field: c.column,
        message: `column '${c.column}' looks like a direct identifier (${c.kind}); identifying data are imported only with pseudonymize: { idColumn } (midia pseudonymize), which replaces the id by a pseudonym and drops or generalises identifiers`,
      })),
    );
    this.message = `${file}: refused, identifying columns ${columns.map((c) => `'${c.column}' (${c.kind})`).join(', ')}; import with pseudonymize: { idColumn, key | keyFile | mappingFile } (CLI: midia pseudonymize)`;
    this.columns = columns;
  }
}
