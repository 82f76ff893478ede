/** Shared plumbing of CLI commands: opening stores and sessions, and loading analysis data. */
import type { AnalysisSession } from '../engine/access.js';
import { openSession } from '../engine/access.js';
import { toColumnTable } from '../engine/convert.js';
import { readDataFile } from '../engine/read-file.js';
import { CANONICAL_TABLES } from '../engine/schema.js';
import { CohortStore } from '../engine/store.js';
import type { ColumnTable } from '../models/design/types.js';
import { UsageError } from '../util/errors.js';
import { stringFlag } from './args.js';
import type { CommandIO, ParsedArgs } from './command.js';
import { progressBar } from './output.js';

/** Opens the store named by `--db` (required). */
export async function openStoreFlag(args: ParsedArgs, options: { create?: boolean } = {}): Promise<CohortStore> {
  const db = stringFlag(args, 'db');
  if (!db) throw new UsageError('--db FILE is required (the cohort database file)');
  if (!options.create) {
    const { existsSync } = await import('node:fs');
    if (!existsSync(db)) throw new UsageError(`No such database: ${db} (create one with 'midia import --db ${db} ...')`);
  }
  return CohortStore.open(db);
}

/** Opens a session on the store, with the declared study and purpose flags. */
export async function sessionFor(store: CohortStore, args: ParsedArgs, io: CommandIO): Promise<AnalysisSession> {
  const opts: Parameters<typeof openSession>[1] = { onProgress: progressBar(io.stderr, io.showProgress) };
  const study = stringFlag(args, 'study');
  const purpose = stringFlag(args, 'purpose');
  if (study !== undefined) opts.study = study;
  if (purpose !== undefined) opts.purpose = purpose;
  return openSession(store, opts);
}

/** Help text lines for the data-source flags shared by analysis commands. */
export const DATA_FLAGS_HELP = `Data (one of):
  --data FILE          CSV/TSV, Parquet or Arrow IPC file (format from the extension)
  --db FILE --table T  a table of a cohort database (patients, events, ...) or a
                       saved analysis table, read through the access gate
  --study ID           declared study (with --db)`;

/**
 * Loads the analysis data named by `--data FILE` or `--db FILE --table NAME`.
 * Database reads go through an analysis session (the access gate).
 */
export async function loadAnalysisData(args: ParsedArgs, io: CommandIO): Promise<{ data: ColumnTable; source: string }> {
  const file = stringFlag(args, 'data');
  const db = stringFlag(args, 'db');
  if (file && db) throw new UsageError('Give either --data or --db, not both');
  if (file) return { data: toColumnTable(await readDataFile(file)), source: file };
  if (db) {
    const table = stringFlag(args, 'table');
    if (!table) throw new UsageError('--db needs --table NAME');
    if (!(CANONICAL_TABLES as readonly string[]).includes(table)) throw new UsageError(`Unknown table: ${table} (one of ${CANONICAL_TABLES.join(', ')})`);
    const store = await openStoreFlag(args);
    try {
      const session = await sessionFor(store, args, io);
      try {
        return { data: await session.queryColumns(`SELECT * FROM "${table}"`), source: `${db}:${table}` };
      } finally {
        session.close();
      }
    } finally {
      await store.close();
    }
  }
  throw new UsageError('No data: give --data FILE or --db FILE --table NAME');
}
