/**
 * Ordered schema migrations of the cohort store. Version 1 creates the initial
 * schema; a later schema change is one more entry at the end of
 * {@link MIGRATIONS} (with {@link SCHEMA_VERSION} in schema.ts bumped to match).
 * Each migration runs in its own transaction together with the row that records
 * it in `meta.schema_version`.
 */
import { CANONICAL_TABLES, RAW_SCHEMA, REPORTS_SCHEMA, tableDdl } from './schema.js';
import { StoreError } from '../util/errors.js';
import { quoteIdent } from './store-sql.js';

/** One schema migration: the SQL statements that bring the store from `version - 1` to `version`. */
export interface Migration {
  /** Version the store has after this migration (1, 2, ...). */
  version: number;
  /** One line: what changes. */
  description: string;
  /** Statements to run, in order. */
  statements: readonly string[];
}

/** Schema that holds store metadata (version history, import log). */
export const META_SCHEMA = 'meta';

/** Version 1: raw canonical tables, version history and the import log. */
const initialSchema: Migration = {
  version: 1,
  description: 'initial schema: cohort.{patients,events,observations,treatments,visits}, meta.schema_version, meta.imports',
  statements: [
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(RAW_SCHEMA)}`,
    ...CANONICAL_TABLES.map((t) => tableDdl(t, RAW_SCHEMA)),
    `CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA}`,
    `CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)`,
    `CREATE SEQUENCE IF NOT EXISTS ${META_SCHEMA}.imports_id START 1`,
    `CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.imports (
  id INTEGER PRIMARY KEY DEFAULT nextval('${META_SCHEMA}.imports_id'),
  started_at TIMESTAMP NOT NULL,
  file VARCHAR NOT NULL,
  format VARCHAR NOT NULL,
  "table" VARCHAR NOT NULL,
  loaded BIGINT NOT NULL,
  rejected BIGINT NOT NULL,
  duplicates BIGINT NOT NULL,
  source VARCHAR
)`,
  ],
};

/** Schema of the consent registry (engine/consent/). */
export const CONSENT_SCHEMA = 'consent';

/**
 * Version 2: the consent registry, an append-only event log
 * (engine/consent/registry.ts writes it with INSERT only; no UPDATE or DELETE
 * is offered by any API). The state of a consent at time t is the latest event
 * (by effective_at, then seq) with effective_at <= t; see engine/consent/state.ts.
 */
const consentRegistry: Migration = {
  version: 2,
  description: 'consent registry: consent.consent_events (append-only grant/revoke history per pseudonym and purpose)',
  statements: [
    `CREATE SCHEMA IF NOT EXISTS ${CONSENT_SCHEMA}`,
    `CREATE SEQUENCE IF NOT EXISTS ${CONSENT_SCHEMA}.consent_events_seq START 1`,
    `CREATE TABLE IF NOT EXISTS ${CONSENT_SCHEMA}.consent_events (
  seq BIGINT PRIMARY KEY DEFAULT nextval('${CONSENT_SCHEMA}.consent_events_seq'),
  pseudonym VARCHAR NOT NULL,
  purpose VARCHAR NOT NULL,
  provider VARCHAR,
  action VARCHAR NOT NULL CHECK (action IN ('grant', 'revoke')),
  effective_at TIMESTAMP NOT NULL,
  recorded_at TIMESTAMP NOT NULL,
  source VARCHAR NOT NULL,
  reference VARCHAR,
  note VARCHAR
)`,
    `CREATE INDEX IF NOT EXISTS consent_events_pseudonym ON ${CONSENT_SCHEMA}.consent_events (pseudonym)`,
  ],
};

/** Schema of the study registry and the data-use ledger (engine/study, engine/ledger). */
export const GOVERNANCE_SCHEMA = 'governance';

/**
 * Version 3: study registry, published results and the hash-chained data-use
 * ledger with its patient side table. The ledger has no key constraints on
 * purpose: integrity comes from the hash chain (engine/ledger/verify-ledger.ts),
 * and DuckDB indexes would refuse some of the edits that verification must detect.
 * Times are ISO 8601 UTC text so that the hashed form and the stored form are identical.
 */
const governanceSchema: Migration = {
  version: 3,
  description: 'governance.{studies,publications,ledger,ledger_patients}: study registry and hash-chained data-use ledger',
  statements: [
    `CREATE SCHEMA IF NOT EXISTS ${GOVERNANCE_SCHEMA}`,
    `CREATE TABLE IF NOT EXISTS ${GOVERNANCE_SCHEMA}.studies (
  id VARCHAR PRIMARY KEY,
  title VARCHAR NOT NULL,
  question VARCHAR NOT NULL,
  responsible VARCHAR NOT NULL,
  purpose VARCHAR NOT NULL,
  approval VARCHAR NOT NULL,
  min_cell_count INTEGER NOT NULL,
  allow_individual_times BOOLEAN NOT NULL,
  accepts_broad_consent BOOLEAN NOT NULL,
  registered_at VARCHAR NOT NULL
)`,
    `CREATE TABLE IF NOT EXISTS ${GOVERNANCE_SCHEMA}.publications (
  study_id VARCHAR NOT NULL,
  title VARCHAR NOT NULL,
  summary VARCHAR NOT NULL,
  url VARCHAR,
  published_at VARCHAR NOT NULL,
  recorded_at VARCHAR NOT NULL
)`,
    `CREATE TABLE IF NOT EXISTS ${GOVERNANCE_SCHEMA}.ledger (
  seq BIGINT NOT NULL,
  study_id VARCHAR,
  study VARCHAR NOT NULL,
  run_at VARCHAR NOT NULL,
  engine_version VARCHAR NOT NULL,
  analysis VARCHAR NOT NULL,
  parameters VARCHAR NOT NULL,
  result_summary VARCHAR NOT NULL,
  n_patients BIGINT NOT NULL,
  prev_hash VARCHAR NOT NULL,
  hash VARCHAR NOT NULL
)`,
    `CREATE TABLE IF NOT EXISTS ${GOVERNANCE_SCHEMA}.ledger_patients (seq BIGINT NOT NULL, pseudonym VARCHAR NOT NULL)`,
  ],
};

/**
 * Version 4: study access levels and the release register of disclosure control.
 * - `governance.studies.access`: `aggregate` (only disclosure-controlled
 *   aggregates leave) or `row-level` (pseudonymized rows may be exported,
 *   each export recorded). Studies registered before access levels existed
 *   keep what they could do then: `row-level`, with `access_migrated = true`
 *   so that `midia study show` says so (docs/access-levels.md).
 * - `governance.released_cells`: the patient groups (cells) whose aggregates a
 *   study has released, one row per cell with its pseudonyms, so that later
 *   releases are suppressed consistently with earlier ones
 *   (engine/disclosure/release-audit.ts).
 */
const accessLevels: Migration = {
  version: 4,
  description: 'governance.studies.{access,access_migrated} (existing studies: row-level, migrated) and governance.released_cells (cells released per study)',
  statements: [
    `ALTER TABLE ${GOVERNANCE_SCHEMA}.studies ADD COLUMN access VARCHAR DEFAULT 'row-level'`,
    `ALTER TABLE ${GOVERNANCE_SCHEMA}.studies ADD COLUMN access_migrated BOOLEAN DEFAULT true`,
    `UPDATE ${GOVERNANCE_SCHEMA}.studies SET access = 'row-level', access_migrated = true`,
    `CREATE TABLE IF NOT EXISTS ${GOVERNANCE_SCHEMA}.released_cells (
  study_id VARCHAR NOT NULL,
  release_id VARCHAR NOT NULL,
  analysis VARCHAR NOT NULL,
  cell VARCHAR NOT NULL,
  n INTEGER NOT NULL,
  pseudonyms VARCHAR[] NOT NULL,
  released_at VARCHAR NOT NULL
)`,
  ],
};

/**
 * Version 5: signed logs (engine/ledger/signed-log.ts, docs/ledger.md).
 * - `governance.log_signatures(log, seq, key_id, signature)`: the Ed25519
 *   signature of each entry of a signed log, written with the entry.
 * - `governance.signed_logs`: one row per signed log with `legacy_entries`
 *   (entries written before signing existed: verified by the hash chain, and
 *   covered by the first seal or checkpoint after them) and the seal, the
 *   signed statement of the log's current length and head, replaced with every append.
 * The data-use ledger is the log `ledger`; its legacy entries are the ones
 * already in the store when this migration runs (none in a new store).
 */
const signedLogs: Migration = {
  version: 5,
  description: 'governance.{log_signatures,signed_logs}: Ed25519 signatures and signed seals of the data-use ledger (existing entries: legacy, unsigned)',
  statements: [
    `CREATE TABLE IF NOT EXISTS ${GOVERNANCE_SCHEMA}.log_signatures (log VARCHAR NOT NULL, seq BIGINT NOT NULL, key_id VARCHAR NOT NULL, signature VARCHAR NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ${GOVERNANCE_SCHEMA}.signed_logs (
  log VARCHAR NOT NULL,
  legacy_entries BIGINT NOT NULL,
  seal_count BIGINT,
  seal_head VARCHAR,
  seal_at VARCHAR,
  seal_key_id VARCHAR,
  seal_signature VARCHAR
)`,
    `INSERT INTO ${GOVERNANCE_SCHEMA}.signed_logs (log, legacy_entries) SELECT 'ledger', count(*) FROM ${GOVERNANCE_SCHEMA}.ledger`,
  ],
};

/**
 * Version 6: patient-reported outcomes (docs/pro.md): `pro.reports`, one row
 * per patient, instrument and day (primary key) with the raw answers and the
 * engine's scores as JSON text and the provenance (patient or proxy). A schema
 * of its own: the tabular import pipeline writes `cohort` only, and reports are
 * written only through the scoring path (engine/reports/).
 */
const reportedOutcomes: Migration = {
  version: 6,
  description: 'pro.reports: patient-reported outcomes (raw answers and scores per patient, instrument and day)',
  statements: [`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(REPORTS_SCHEMA)}`, tableDdl('reports', REPORTS_SCHEMA)],
};

/** Every migration, in order. Append new versions here. */
export const MIGRATIONS: readonly Migration[] = [initialSchema, consentRegistry, governanceSchema, accessLevels, signedLogs, reportedOutcomes];

/**
 * Checks that migrations are numbered 1, 2, 3, ... without gaps.
 * @throws StoreError naming the first out-of-order version.
 */
export function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new StoreError(`migration list out of order: entry ${i} has version ${m.version}, expected ${i + 1}`);
  });
}

/** Latest schema version a migration list produces (0 for an empty list). */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.length ? migrations[migrations.length - 1]!.version : 0;
}

/**
 * Migrations still to run on a store at version `current`, in order.
 *
 * @param current version recorded in the store (0 for an empty database)
 * @throws StoreError when the store is newer than the code (`current` above the latest version).
 * @example pendingMigrations(1, MIGRATIONS) // => []
 */
export function pendingMigrations(current: number, migrations: readonly Migration[] = MIGRATIONS): Migration[] {
  checkMigrations(migrations);
  const latest = latestVersion(migrations);
  if (current > latest) {
    throw new StoreError(`store schema version ${current} is newer than this code supports (${latest}); upgrade midia-hub to open it`);
  }
  return migrations.filter((m) => m.version > current);
}
