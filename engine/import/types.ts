/**
 * Options, reports and errors of the loaders.
 */
import type { CanonicalTableName, StoreTableName } from '../schema.js';
import type { ProgressCallback } from '../../util/progress.js';
import { DataValidationError, type RecordIssue } from '../../util/errors.js';
import type { ColumnMapping } from './mapping.js';
import type { PseudonymizationSummary, PseudonymizeOptions } from '../privacy/types.js';
import type { RedactionCounts } from '../privacy/free-text.js';

/** File formats the loaders read. */
export const IMPORT_FORMATS = ['csv', 'parquet', 'arrow', 'ndjson'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Options of {@link CohortStore.importFile}. */
export interface ImportOptions {
  /** Canonical table the file fills. Required. */
  table: CanonicalTableName;
  /**
   * File format. Default: from the extension (`.csv`/`.tsv` csv, `.parquet`,
   * `.arrow`/`.ipc`/`.feather` arrow, `.ndjson`/`.jsonl` ndjson; see {@link detectFormat}).
   */
  format?: ImportFormat;
  /** Column mapping from source columns to canonical columns. Default: none (same-named columns). */
  mapping?: ColumnMapping;
  /** Provenance written to the `source` column where a record has none, and to the import log. Default: none. */
  source?: string;
  /** CSV field delimiter. Default: tab for `.tsv`, otherwise auto-detected by DuckDB's sniffer. */
  delimiter?: string;
  /** strptime format of every DATE column without its own `dateFormat` in the mapping. Default: ISO `YYYY-MM-DD` only. */
  dateFormat?: string;
  /** Progress callback (steps `read`, `validate`, `insert`). Default: none. */
  onProgress?: ProgressCallback;
  /**
   * Pseudonymize identifying data before import (engine/privacy/pseudonymize-import.ts):
   * `idColumn` becomes the pseudonym (keyed HMAC-SHA-256, or a trust centre's `mappingFile`),
   * direct identifiers are dropped or generalised. Default: none, and then a source with
   * identifier-like columns is refused (IdentifyingDataError).
   */
  pseudonymize?: PseudonymizeOptions;
  /**
   * Another accepted pseudonym form (a trust centre's), as a regular expression the whole
   * pseudonym must match, e.g. `TC-[0-9A-F]{5}` (CLI `--pseudonym-pattern`). Kept in the
   * store's metadata when the import succeeds; later imports use it. Default: the stored
   * pattern, if any (engine/privacy/pseudonym-format.ts).
   */
  pseudonymPattern?: string;
  /** The day the plausibility rules count from (`YYYY-MM-DD` or a Date). Default: today (UTC). */
  today?: string | Date;
}

/** Options of {@link CohortStore.importRecords} and {@link CohortStore.importFhir}. */
export interface RecordImportOptions {
  /** Provenance written to the `source` column where a record has none. Default: none. */
  source?: string;
  /** Progress callback. Default: none. */
  onProgress?: ProgressCallback;
  /** FHIR only: another accepted pseudonym form for `Patient.id` (see {@link ImportOptions.pseudonymPattern}). */
  pseudonymPattern?: string;
  /** The day the plausibility rules count from (`YYYY-MM-DD` or a Date). Default: today (UTC). */
  today?: string | Date;
}

/** Rows written and skipped for one table. */
export interface TableImportCount {
  loaded: number;
  duplicates: number;
}

/** What an import did. Only successful imports return a report (a rejected import throws). */
export interface ImportReport {
  /** Source file (`<memory>` for in-process records). */
  file: string;
  /** Tables the import wrote to (`reports` for FHIR QuestionnaireResponses). */
  tables: StoreTableName[];
  /** Format read (`records` for in-process data, `fhir` for FHIR). */
  format: ImportFormat | 'records' | 'fhir';
  /** Records written, all tables. */
  loaded: number;
  /** Records rejected: always 0 in a returned report (any rejection aborts the import). */
  rejected: number;
  /** Records skipped because their key already existed (in the store or earlier in the file). */
  duplicates: number;
  /** Counts per table written (for `reports`, `duplicates` counts reports skipped because one of the same patient, instrument and day was stored or came earlier; amended QuestionnaireResponses replace and count as loaded). */
  perTable: Partial<Record<StoreTableName, TableImportCount>>;
  /** Resources skipped by type (FHIR only: unknown or unmapped resource types). */
  skipped: Record<string, number>;
  /** Issues that did not reject anything (currently always empty). */
  issues: RecordIssue[];
  /** Id of the row in `meta.imports` (the first one for multi-table imports). */
  importId: number;
  /** What pseudonymization did (only for imports with `pseudonymize`). */
  pseudonymization?: PseudonymizationSummary;
  /** Source columns that map to no canonical column: dropped, never stored (files only; else empty). */
  unmappedColumns: string[];
  /** Identifiers redacted from free-text columns, counted per kind (engine/privacy/free-text.ts); `{}` when none. */
  redactions: RedactionCounts;
  /** The store's configured pseudonym pattern after the import (`--pseudonym-pattern`), or null. */
  pseudonymPattern: string | null;
}

/** A rejected record, with its table and canonical column. */
export interface ImportIssue extends RecordIssue {
  /** Table of the record (a canonical table, or `reports` for a QuestionnaireResponse). */
  table?: StoreTableName;
  /** Canonical column at fault (`field` names the source column or JSON path too). */
  column?: string | null;
  /** Source column mapped to `column`, when it differs. */
  sourceColumn?: string | null;
}

/** Maximum number of issues listed on an {@link ImportValidationError} (all are counted). */
export const MAX_LISTED_ISSUES = 1000;

/**
 * An import rejected because records failed validation. Nothing was written.
 * `issues` lists up to {@link MAX_LISTED_ISSUES} of them; `rejected` counts all.
 */
export class ImportValidationError extends DataValidationError {
  /** Number of rejected records (may exceed `issues.length`). */
  readonly rejected: number;
  constructor(issues: ImportIssue[], rejected: number, options?: { cause?: unknown }) {
    super(issues, options);
    this.rejected = rejected;
    if (rejected > 0) this.message = `${rejected} record(s) rejected, nothing imported. ${this.message}`;
  }
}

/**
 * How an import (engine/import/import-file.ts) runs the SQL pipeline: `optimistic` inserts in one pass
 * and gives way (the transaction is rolled back) to `exact`, which validates
 * first and names every rejected record. See engine/import/pipeline.ts.
 */
export type ImportStrategy = 'optimistic' | 'exact';

/** Internal options of the pseudonymizing pre-stage's inner import. */
export interface InnerImportOptions extends ImportOptions {
  /** Pseudonym forms the import produces itself (a keyed pseudonymization with another prefix or length). */
  extraPseudonymForms?: readonly string[];
}
