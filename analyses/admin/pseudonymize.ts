/**
 * Pseudonymization as the surfaces reach it (`midia pseudonymize`, `midia
 * import --pseudonymize-id`): the options of a pseudonymizing import (the key
 * from a key file or the environment, or a trust centre's mapping), the
 * pseudonyms of source ids, and the import of identifying files
 * (engine/privacy/, docs/import.md).
 */
import { loadPseudonymKey } from '../../engine/privacy/key.js';
import { DEFAULT_PSEUDONYM_DOMAIN, pseudonymFor } from '../../engine/privacy/pseudonym.js';
import type { PseudonymizeOptions } from '../../engine/privacy/types.js';
import type { CanonicalTableName } from '../../engine/schema.js';
import type { ImportOptions, ImportReport } from '../../engine/store.js';
import type { ProgressCallback } from '../../util/progress.js';
import { UsageError } from '../../util/errors.js';
import { importPlanned } from './import.js';

export { PSEUDONYM_KEY_ENV } from '../../engine/privacy/key.js';
export { DEFAULT_PSEUDONYM_DOMAIN } from '../../engine/privacy/pseudonym.js';
export type { PseudonymizeOptions } from '../../engine/privacy/types.js';

/** How the pseudonyms of an import are made, as a surface names it. */
export interface PseudonymizeRequest {
  /** Source column with the patient identifier. */
  idColumn: string;
  /** File with the secret key (hex or base64, >= 32 bytes); default the environment's MIDIA_PSEUDONYM_KEY. */
  keyFile?: string;
  /** Pseudonym domain (default `default`). */
  domain?: string;
  /** Trust-centre mapping CSV (source_id,pseudonym): no key. */
  trustCentre?: string;
  /** strptime format of the birth-date column. */
  birthDateFormat?: string;
  /** Environment read for the key. */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The options of a pseudonymizing import: keyed (the key loaded now) or by a trust centre's mapping.
 * @throws UsageError without a key and without a trust centre, or for a trust centre combined with key options.
 */
export function pseudonymizeOptions(request: PseudonymizeRequest): PseudonymizeOptions {
  const o: PseudonymizeOptions = { idColumn: request.idColumn, env: request.env };
  if (request.trustCentre !== undefined) {
    if (request.keyFile !== undefined || request.domain !== undefined) throw new UsageError('--trust-centre takes the pseudonyms from the mapping file: do not combine it with --key-file or --domain');
    o.mappingFile = request.trustCentre;
  } else {
    o.key = loadPseudonymKey({ ...(request.keyFile !== undefined ? { keyFile: request.keyFile } : {}), env: request.env });
    if (request.domain !== undefined) o.domain = request.domain;
  }
  if (request.birthDateFormat !== undefined) o.birthDateFormat = request.birthDateFormat;
  return o;
}

/**
 * The keyed pseudonym of each source id (HMAC-SHA-256 under the key of `keyFile` or the environment).
 * @throws UsageError without a usable key.
 * @example pseudonymsOf(['4711'], { domain: 'ms-registry', env: process.env }) // => [{ id: '4711', pseudonym: 'psn-...', domain: 'ms-registry' }]
 */
export function pseudonymsOf(ids: readonly string[], options: { keyFile?: string; domain?: string; env: Readonly<Record<string, string | undefined>> }): { id: string; pseudonym: string; domain: string }[] {
  const key = loadPseudonymKey({ ...(options.keyFile !== undefined ? { keyFile: options.keyFile } : {}), env: options.env });
  const domain = options.domain ?? DEFAULT_PSEUDONYM_DOMAIN;
  return ids.map((id) => ({ id, pseudonym: pseudonymFor(key, id, { domain }), domain }));
}

/** A pseudonymizing import of files into one table. */
export interface PseudonymizedImportRequest {
  files: readonly string[];
  table: CanonicalTableName;
  pseudonymize: PseudonymizeOptions;
  mappingFile?: string;
  dateFormat?: string;
  source?: string;
  delimiter?: string;
  pseudonymPattern?: string;
  onProgress?: ProgressCallback;
}

/**
 * Imports identifying files pseudonymized, all in one transaction, into the database `db` (created when missing).
 * @throws UsageError for a database path that is not a cohort database; DataValidationError naming each rejected record (nothing is written then).
 */
export async function importPseudonymized(db: string, request: PseudonymizedImportRequest): Promise<ImportReport[]> {
  const jobs = request.files.map((file) => {
    const options: ImportOptions = { table: request.table, pseudonymize: request.pseudonymize };
    if (request.onProgress) options.onProgress = request.onProgress;
    if (request.dateFormat) options.dateFormat = request.dateFormat;
    if (request.source) options.source = request.source;
    if (request.delimiter) options.delimiter = request.delimiter;
    if (request.pseudonymPattern !== undefined) options.pseudonymPattern = request.pseudonymPattern;
    return { file, table: request.table, options };
  });
  return (await importPlanned(db, jobs, request.mappingFile, [])).reports;
}
