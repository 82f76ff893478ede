/**
 * Shared flag plumbing of CLI commands: the `--db` flag, opening the store it
 * names, what the ledger records about a run (its flags), and the help text of
 * the data-source flags. Study sessions are opened in cli/source-flags.ts
 * (through analyses/core); reading, disclosure and the ledger entry are the
 * analyses' (analyses/core/run-analysis.ts).
 *
 * Every read of a cohort database needs `--study ID` (a registered study): the
 * session then admits only the patients whose consent for the study's purpose
 * is in force, each run is recorded in the ledger, and outputs follow the
 * study's disclosure settings. Plain files (`--data`) need no study.
 */
import type { CohortStore } from '../analyses/admin/store.js';
import { UsageError } from '../util/errors.js';
import { stringFlag } from './args.js';
import type { ParsedArgs } from './command.js';

/**
 * The cohort database named by `--db` (required).
 * @throws UsageError without --db.
 */
export function dbFlag(args: ParsedArgs): string {
  const db = stringFlag(args, 'db');
  if (!db) throw new UsageError('--db FILE is required (the cohort database file)');
  return db;
}

/** Opens the store named by `--db` (required; created with `create`). */
export async function openStoreFlag(args: ParsedArgs, options: { create?: boolean } = {}): Promise<CohortStore> {
  const db = dbFlag(args);
  const { openStore } = await import('../analyses/admin/store.js');
  return openStore(db, options);
}

/** The message of a refused read without --study. */
export const STUDY_REQUIRED =
  "--study ID is required to read a cohort database: every analysis runs for a registered study (see 'midia study register'), sees only the patients whose consent for the study's purpose is in force, and is recorded in the data-use ledger";

/** Parameters of a run as the ledger records them: the flags (without --db and --study) and positional arguments. */
export function runParameters(args: ParsedArgs): { flags: Record<string, string | true>; positional: string[] } {
  const flags: Record<string, string | true> = {};
  for (const [k, v] of Object.entries(args.flags)) if (k !== 'db' && k !== 'study' && k !== 'quiet') flags[k] = v;
  return { flags, positional: [...args.positional] };
}

/** Flags that build an analysis table from a cohort database on the fly (as 'midia table'). */
export const ANALYSIS_TABLE_FLAGS = ['diagnosis', 'endpoint', 'competing', 'covariates', 'unit', 'counting'] as const;

/** Help text lines for the data-source flags shared by analysis commands. */
export const DATA_FLAGS_HELP = `Data (one of):
  --data FILE          CSV/TSV, Parquet or Arrow IPC file (format from the extension)
  --db FILE --study ID a cohort database, read through the access gate for a
                       registered study (required): only consenting patients,
                       the run is recorded in the data-use ledger, and the
                       output follows the study's disclosure control; with
    --table T          one of its tables (patients, events, ...), or
    --endpoint E[,E]   the analysis table of 'midia table' built on the fly:
                       time, status (1 endpoint, 2 --competing, 0 censored), age,
                       sex, site, ... and --covariates C[,C] at baseline;
                       also --diagnosis D, --unit days|months|years, --counting`;
