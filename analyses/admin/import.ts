/**
 * Importing records as the surfaces reach it (`midia import`): data files,
 * FHIR resources and cohort folders into a cohort database, in one
 * transaction (every file or none), with a folder's governance files
 * (study.json, consents.ndjson; ./study-folder.ts) and its patient-reported
 * outcomes (reports.ndjson). The checks themselves are the engine's
 * (engine/import/, engine/store-file.ts; docs/import.md).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { importFiles, type ImportJob } from '../../engine/import/import-batch.js';
import { loadColumnMapping } from '../../engine/import/mapping.js';
import { CANONICAL_TABLES, type CanonicalTableName } from '../../engine/schema.js';
import { checkStorePath } from '../../engine/store-file.js';
import type { ImportOptions, ImportReport, RecordImportOptions } from '../../engine/store.js';
import type { PseudonymizeOptions } from '../../engine/privacy/types.js';
import { UsageError } from '../../util/errors.js';
import type { ProgressCallback } from '../../util/progress.js';
import { withStore } from './store.js';
import { prepareFolderGovernance, type FolderGovernanceReport } from './study-folder.js';

export { CANONICAL_TABLES, type CanonicalTableName } from '../../engine/schema.js';
export type { ImportReport } from '../../engine/store.js';
export { governanceLines, type FolderGovernanceReport, type StudyFileReport } from './study-folder.js';

/** Extensions of the data files a cohort folder may hold. */
const DATA_EXT = new Set(['.csv', '.tsv', '.parquet', '.arrow', '.ipc', '.feather', '.ndjson', '.jsonl']);

/** The FHIR QuestionnaireResponses of a cohort folder (as `midia generate` writes them). */
const FOLDER_REPORTS = 'reports.ndjson';

/** Files of a cohort folder, canonical tables in dependency order (patients first). */
function folderFiles(dir: string): { file: string; table: CanonicalTableName }[] {
  const out: { file: string; table: CanonicalTableName }[] = [];
  const names = readdirSync(dir);
  for (const table of CANONICAL_TABLES) {
    const hit = names.find((n) => basename(n, extname(n)) === table && DATA_EXT.has(extname(n).toLowerCase()));
    if (hit) out.push({ file: join(dir, hit), table });
  }
  if (!out.length) throw new UsageError(`No canonical files (patients.csv, events.csv, ...) in ${dir}`);
  return out;
}

/** What to import (the flags of `midia import`). */
export interface ImportRequest {
  /** Data files, FHIR files and cohort folders. */
  sources: readonly string[];
  /** Target table of a single data file (default: the file's base name when it is a table name). */
  table?: CanonicalTableName;
  /** csv | parquet | arrow | ndjson | fhir (default: from the extension). */
  format?: string;
  /** JSON column mapping file. */
  mappingFile?: string;
  /** Provenance recorded on every row. */
  source?: string;
  /** CSV delimiter. */
  delimiter?: string;
  /** The sources are identifying: pseudonymize them (./pseudonymize.ts). */
  pseudonymize?: PseudonymizeOptions;
  /** Another accepted pseudonym form (kept in the database once the import succeeds). */
  pseudonymPattern?: string;
  onProgress?: ProgressCallback;
}

/** What an import did: one report per file, and per folder what its governance files did. */
export interface ImportResult {
  reports: ImportReport[];
  governance: FolderGovernanceReport[];
}

/** One file of an import, before its column mapping is read. */
export interface PlannedJob {
  file: string;
  /** null for FHIR resources (their tables come from the resource types). */
  table: CanonicalTableName | null;
  options: ImportOptions | RecordImportOptions;
}

/**
 * Imports the sources into the database `db` (created when missing): one
 * transaction for every file of the call; a folder's study is registered and
 * its consents checked before any table is written, and its consents imported
 * after the tables.
 * @throws UsageError for a missing source, an unknown table, a database path that is not a cohort database; DataValidationError naming each rejected record (nothing is written then).
 * @example await importSources('cohort.duckdb', { sources: ['/tmp/cohort'] })
 */
export async function importSources(db: string, request: ImportRequest): Promise<ImportResult> {
  const { format, table, pseudonymize } = request;
  if (pseudonymize && format === 'fhir') throw new UsageError('--pseudonymize-id applies to tabular files, not FHIR');
  const found: { file: string; table: CanonicalTableName | null }[] = [];
  for (const s of request.sources) {
    if (!existsSync(s)) throw new UsageError(`No such file or folder: ${s}`);
    if (statSync(s).isDirectory()) {
      found.push(...folderFiles(s));
      const reports = join(s, FOLDER_REPORTS);
      if (existsSync(reports)) {
        if (pseudonymize) throw new UsageError(`${reports}: --pseudonymize-id applies to tabular files, not to FHIR QuestionnaireResponses; import the folder's reports.ndjson separately with --format fhir once its subjects carry pseudonyms`);
        found.push({ file: reports, table: null });
      }
    } else if (format === 'fhir') found.push({ file: s, table: null });
    else {
      const t = (table ?? basename(s, extname(s))) as CanonicalTableName;
      if (!(CANONICAL_TABLES as readonly string[]).includes(t)) throw new UsageError(`Cannot tell the table of ${s}: give --table (${CANONICAL_TABLES.join(', ')})`);
      found.push({ file: s, table: t });
    }
  }
  const jobs = found.map(({ file, table: t }): PlannedJob => {
    if (t === null) return { file, table: null, options: { ...(request.source ? { source: request.source } : {}), ...(request.pseudonymPattern !== undefined ? { pseudonymPattern: request.pseudonymPattern } : {}) } };
    const options: ImportOptions = { table: t };
    if (request.onProgress) options.onProgress = request.onProgress;
    if (format && format !== 'fhir') options.format = format as NonNullable<ImportOptions['format']>;
    if (request.source) options.source = request.source;
    if (request.delimiter) options.delimiter = request.delimiter;
    if (pseudonymize) options.pseudonymize = pseudonymize;
    if (request.pseudonymPattern !== undefined) options.pseudonymPattern = request.pseudonymPattern;
    return { file, table: t, options };
  });
  const folders = request.sources.filter((s) => statSync(s).isDirectory());
  return importPlanned(db, jobs, request.mappingFile, folders);
}

/**
 * Imports planned jobs into `db` in one transaction (the column mapping read
 * for each table), with the governance files of `folders`.
 * @throws UsageError for a database path that is not a cohort database; DataValidationError naming each rejected record.
 */
export async function importPlanned(db: string, jobs: readonly PlannedJob[], mappingFile: string | undefined, folders: readonly string[]): Promise<ImportResult> {
  checkStorePath(db, jobs.map((j) => j.file));
  const batch: ImportJob[] = [];
  for (const job of jobs) {
    if (job.table === null) {
      batch.push({ kind: 'fhir', file: job.file, options: job.options as RecordImportOptions });
      continue;
    }
    const options = { ...(job.options as ImportOptions) };
    if (mappingFile) options.mapping = await loadColumnMapping(mappingFile, job.table);
    batch.push({ kind: 'file', file: job.file, options });
  }
  return withStore(
    db,
    async (store) => {
      const pending = await prepareFolderGovernance(store, folders); // study.json registered, consents.ndjson checked
      const reports = await importFiles(store, batch); // every file of the call in one transaction
      const governance = await pending.importConsents();
      return { reports, governance };
    },
    { create: true },
  );
}
