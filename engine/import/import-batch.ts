/**
 * Several sources in one transaction: a call that imports several files (the
 * CLI's `midia import --db F a.csv b.csv`, a cohort folder) writes all of them
 * or none. Patients files go first, then FHIR files, then the other tables, so
 * records can refer to patients of any file of the batch; reports come back in
 * the order of the jobs.
 *
 * Every file first runs the optimistic single pass (engine/import/pipeline.ts).
 * If any of them cannot finish that way, the whole transaction is rolled back
 * and every file runs again with the exact pipeline, which names each rejected
 * record. A rejected batch of several files says so in its message: nothing was
 * imported from any of them.
 *
 * DuckDB spills to the process's private temporary directory (engine/temp-dir.ts)
 * while it imports, never to `.tmp` in the working directory.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { MidiaError, StoreError } from '../../util/errors.js';
import type { StoreHandle } from '../store-handle.js';
import { exclusive } from '../store-internal.js';
import { quoteLiteral, withTransaction } from '../store-sql.js';
import { duckdbSpillDir } from '../temp-dir.js';
import { importFhirInTransaction } from './import-fhir.js';
import { importFileInTransaction } from './import-file.js';
import { OptimisticImportUnavailable } from './pipeline.js';
import type { ImportOptions, ImportReport, ImportStrategy, RecordImportOptions } from './types.js';

/** One source of a batch: a tabular file for one table, or a FHIR file. */
export type ImportJob = { kind: 'file'; file: string; options: ImportOptions } | { kind: 'fhir'; file: string; options?: RecordImportOptions };

const spilling = new WeakSet<DuckDBConnection>();

/** Points DuckDB's spill files at the private temporary directory (once per connection; best effort). */
async function privateSpill(connection: DuckDBConnection): Promise<void> {
  if (spilling.has(connection)) return;
  try {
    await connection.run(`SET temp_directory = ${quoteLiteral(duckdbSpillDir())}`);
  } catch {
    // DuckDB refuses to move a temporary directory it has used already; keep the current one.
  }
  spilling.add(connection);
}

function rank(job: ImportJob): number {
  if (job.kind === 'fhir') return 1;
  return job.options.table === 'patients' ? 0 : 2;
}

/** Adds to a batch's error what happened to the other files: nothing of any of them was written. */
function batchError(error: unknown, jobs: readonly ImportJob[]): unknown {
  if (jobs.length < 2 || !(error instanceof MidiaError)) return error;
  const names = jobs.map((j) => j.file).join(', ');
  error.message = `${error.message} -- the ${jobs.length} files of this import ran as one transaction, rolled back: nothing was imported from any of them (${names})`;
  return error;
}

/**
 * Imports several sources in one transaction, all or nothing (see the module documentation).
 *
 * @returns one report per job, in the jobs' order
 * @throws the first rejection (DataValidationError naming file, row and field; StoreError; UsageError), with the batch named when it has several files; nothing is written.
 * @example await importBatch(conn, [{ kind: 'file', file: 'patients.csv', options: { table: 'patients' } }, { kind: 'file', file: 'events.csv', options: { table: 'events' } }])
 */
export async function importBatch(connection: DuckDBConnection, jobs: readonly ImportJob[]): Promise<ImportReport[]> {
  if (!jobs.length) return [];
  await privateSpill(connection);
  const order = jobs.map((job, i) => ({ job, i })).sort((a, b) => rank(a.job) - rank(b.job) || a.i - b.i);
  const attempt = (strategy: ImportStrategy): Promise<ImportReport[]> =>
    withTransaction(connection, async () => {
      const reports: ImportReport[] = new Array(jobs.length);
      for (const { job, i } of order) {
        reports[i] = job.kind === 'fhir' ? await importFhirInTransaction(connection, job.file, job.options ?? {}) : await importFileInTransaction(connection, job.file, job.options, strategy);
      }
      return reports;
    });
  try {
    return await attempt('optimistic');
  } catch (error) {
    if (!(error instanceof OptimisticImportUnavailable)) throw batchError(error, jobs);
  }
  try {
    return await attempt('exact');
  } catch (error) {
    throw batchError(error, jobs);
  }
}

/**
 * Imports several sources into a store in one transaction (see {@link importBatch}),
 * after the store's earlier operations.
 *
 * @throws StoreError for a store opened read-only; otherwise as {@link importBatch}.
 * @example await importFiles(store, [{ kind: 'file', file: 'patients.csv', options: { table: 'patients' } }])
 */
export async function importFiles(store: StoreHandle, jobs: readonly ImportJob[]): Promise<ImportReport[]> {
  if (store.readOnly) throw new StoreError(`store ${store.path} is opened read-only`);
  return exclusive(store, (c) => importBatch(c, jobs));
}

/**
 * Validates and imports a file in one transaction (see {@link CohortStore.importFile}):
 * a batch of one (see {@link importBatch}). It first tries the optimistic
 * single pass; when that cannot finish (a rejected record, duplicates it cannot
 * place in file order, ...) the transaction is rolled back and the file is
 * imported again with the exact pipeline, which rejects it naming file, row and
 * field, or imports it. Progress steps (`read`, `insert`, `validate`) then
 * repeat for the second attempt.
 *
 * @throws DataValidationError (an ImportValidationError) listing rejected records, or naming the file when it cannot be parsed;
 *   StoreError when it cannot be read; UsageError for bad options.
 */
export async function importFile(connection: DuckDBConnection, file: string, options: ImportOptions): Promise<ImportReport> {
  return (await importBatch(connection, [{ kind: 'file', file, options }]))[0]!;
}

/**
 * Validates and imports a FHIR file in one transaction (see {@link CohortStore.importFhir}):
 * a batch of one (see {@link importBatch}).
 * Issues name the resource's 1-based position in the file as `row` and the
 * JSON path of the field, e.g. `entry[12].resource.effectiveDateTime`.
 * `Patient.id` is the pseudonym: it must have an accepted form (engine/privacy/pseudonym-format.ts).
 *
 * @throws StoreError when the file cannot be read; DataValidationError (an ImportValidationError) listing rejected resources.
 */
export async function importFhir(connection: DuckDBConnection, file: string, options: RecordImportOptions = {}): Promise<ImportReport> {
  return (await importBatch(connection, [{ kind: 'fhir', file, options }]))[0]!;
}
