/**
 * The access gate: the single read path to patient data.
 *
 * Every read that the engine offers (SQL, analysis tables, model inputs,
 * timelines, descriptions) runs inside an {@link AnalysisSession}. A session
 * is a separate in-memory DuckDB instance that holds copies of exactly the
 * rows of the patients in scope: for a declared study, those whose consent for
 * the study's purpose is in force at session start; otherwise those an explicit
 * {@link AccessPolicy} admits (a policy admitting everyone needs a stated reason).
 * Each analysis run in a session is recorded in the data-use ledger with
 * {@link AnalysisSession.record}. After the copy, the
 * session database is sealed: external access (files, ATTACH) is switched off
 * and its configuration locked, so SQL run in a session cannot reach the raw
 * store or any file. The store object itself offers no read of patient rows.
 *
 * Layering: this module imports the store's raw connection through
 * engine/store-internal.ts, which the package's exports map does not expose.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from './duckdb.js';
import type { Table } from 'apache-arrow';
import type { ColumnTable } from '../models/design/types.js';
import { AccessDeniedError, StoreError, UsageError } from '../util/errors.js';
import type { ProgressCallback } from '../util/progress.js';
import { readResult, toArrowTable, toColumnTable, toRows, type ResultColumns } from './convert.js';
import { RAW_SCHEMA, REPORTS_SCHEMA, STORE_TABLES, type StoreTableName } from './schema.js';
import { REPORT_SCORES_TABLE, reportScoresTableSql } from './reports/report-scores.js';
import { ident, literal } from './sql.js';
import type { CohortStore } from './store.js';
import { duckdbSpillDir, privateTempDir } from './temp-dir.js';
import { exclusive } from './store-internal.js';
import { consentPolicy } from './consent/policy.js';
import { planRelease, type PlannedRelease } from './disclosure/release-register.js';
import type { CandidateCell } from './disclosure/release-audit.js';
import { appendLedgerEntry, type LedgerEntry, type LedgerEntryInput } from './ledger/ledger.js';
import { DEFAULT_MIN_CELL_COUNT, requireStudy, type Study, type StudyAccess } from './study/study-registry.js';
import type { AccessPolicy } from './access-policy.js';

export type { AccessPolicy } from './access-policy.js';

/**
 * Admits every patient. Sessions with this policy (or any policy whose scope is
 * `null`) must state an `unrestrictedReason` (e.g. `'synthetic data'`); analyses
 * of real cohorts declare a study instead.
 */
export const allPatients: AccessPolicy = {
  name: 'all-patients',
  scopeSql: async () => null,
};

/**
 * Disclosure settings a session's outputs follow (engine/disclosure/): the
 * declared study's, or the defaults (threshold 5, no individual times,
 * row-level access) for sessions without a study.
 */
export interface SessionDisclosure {
  /** Minimum count in any exported cell (study's `minCellCount`, default 5). */
  threshold: number;
  /** May exports show individual event times? (study's `allowIndividualTimes`, default false). */
  allowIndividualTimes: boolean;
  /**
   * What may leave the engine (the study's access level, docs/access-levels.md):
   * `aggregate` (only disclosure-controlled aggregates) or `row-level`
   * (pseudonymized rows, each export recorded). Sessions with an explicit
   * policy and no study (synthetic or public data, trusted code) are `row-level`.
   */
  access: StudyAccess;
}

interface SessionOptionsBase {
  onProgress?: ProgressCallback;
  /**
   * Close the store as soon as the admitted rows are copied, before the session
   * loads them, so that a file store is held as briefly as possible
   * (docs/process-model.md); `record` then reopens it for the ledger write. Default false.
   */
  closeStoreAfterCopy?: boolean;
}

/**
 * The usual way in: a registered study. The session admits exactly the
 * patients whose consent for the study's purpose is in force when it opens
 * (`consentPolicy(study.purpose)`), follows the study's disclosure settings,
 * and records its analyses in the data-use ledger under the study.
 */
export interface StudySessionOptions extends SessionOptionsBase {
  /** Registered study id (engine/study). Unknown ids are refused. */
  study: string;
  policy?: undefined;
  unrestrictedReason?: undefined;
}

/**
 * An explicit policy without a study: for synthetic or public data, tests and
 * tools. A policy that admits every patient (scope `null`, e.g. {@link allPatients})
 * also needs an `unrestrictedReason`, which the ledger records with each analysis.
 */
export interface PolicySessionOptions extends SessionOptionsBase {
  study?: undefined;
  policy: AccessPolicy;
  /** Declared purpose (recorded). */
  purpose?: string;
  /** Why no study and no consent filter apply (required when the policy admits everyone). */
  unrestrictedReason?: string;
}

/** Options of {@link openSession}: a study, or an explicit policy. There is no default. */
export type SessionOptions = StudySessionOptions | PolicySessionOptions;

/** Disclosure defaults of sessions without a study (explicit policies: synthetic or public data). */
export const DEFAULT_SESSION_DISCLOSURE: SessionDisclosure = Object.freeze({ threshold: DEFAULT_MIN_CELL_COUNT, allowIndividualTimes: false, access: 'row-level' });

/** A release planned by {@link AnalysisSession.planRelease}: the audit, and `commit()` to record it. */
export interface SessionRelease extends Omit<PlannedRelease, 'commit'> {
  /** Records the released cells in the study's release register. */
  commit(): Promise<void>;
}

/** Options of {@link AnalysisSession.record}. */
export interface RecordOptions {
  /** The patients the analysis actually used (a subset of the session's); default: every patient in scope. */
  pseudonyms?: readonly string[];
  /** Time of the run (default: now). */
  now?: Date;
}

/** A table of an analysis session: a copy of a store table, or `report_scores` derived from the copy of `reports`. */
export type SessionTableName = StoreTableName | typeof REPORT_SCORES_TABLE;

/**
 * Names of the tables a session exposes (unqualified, in the session's main
 * schema): copies of the store's tables (the five canonical tables and the
 * patient-reported outcomes `reports`) and `report_scores`, the reports'
 * scores shaped like observations (engine/reports/report-scores.ts).
 */
export const SESSION_TABLES: readonly SessionTableName[] = [...STORE_TABLES, REPORT_SCORES_TABLE];

/**
 * A sealed, scoped read view of the cohort. Create with {@link openSession};
 * close when done (releases its in-memory database).
 */
export class AnalysisSession {
  /** Declared study id, or null for a policy session. */
  readonly study: string | null;
  /** The registered study record (null for a policy session). */
  readonly studyRecord: Study | null;
  readonly purpose: string | null;
  readonly policyName: string;
  /** Why a policy session runs without study (null for study sessions). */
  readonly unrestrictedReason: string | null;
  /** Disclosure settings for this session's outputs. */
  readonly disclosure: SessionDisclosure;
  /** Pseudonyms of the patients in scope, sorted (what the data-use ledger records). */
  readonly pseudonyms: readonly string[];
  readonly startedAt: Date;
  #instance: DuckDBInstance | null;
  #connection: DuckDBConnection | null;
  readonly #store: CohortStore;

  /** @internal use {@link openSession}. */
  constructor(init: {
    store: CohortStore;
    instance: DuckDBInstance;
    connection: DuckDBConnection;
    pseudonyms: string[];
    study: Study | null;
    purpose: string | null;
    policyName: string;
    unrestrictedReason: string | null;
  }) {
    this.#store = init.store;
    this.#instance = init.instance;
    this.#connection = init.connection;
    this.pseudonyms = Object.freeze(init.pseudonyms);
    this.studyRecord = init.study ? Object.freeze({ ...init.study }) : null;
    this.study = init.study?.id ?? null;
    this.purpose = init.purpose;
    this.policyName = init.policyName;
    this.unrestrictedReason = init.unrestrictedReason;
    this.disclosure = init.study
      ? Object.freeze({ threshold: init.study.minCellCount, allowIndividualTimes: init.study.allowIndividualTimes, access: init.study.access })
      : DEFAULT_SESSION_DISCLOSURE;
    this.startedAt = new Date();
  }

  /**
   * Appends one entry to the data-use ledger for an analysis run in this
   * session: the study (or the unrestricted reason), the analysis name, its
   * parameters, the pseudonyms used and a summary of the result. Call it once
   * per analysis, before its result leaves the engine; works after
   * {@link close}. When the store of a database file was closed after the
   * session opened (the CLI releases the file once the copy is made), it is
   * reopened for this write only (waiting for the file like `CohortStore.open`).
   *
   * @param analysis command or function name, e.g. `km` or `coxph`
   * @param parameters formula, flags, options (JSON-serialisable)
   * @param resultSummary n, events, key estimates (JSON-serialisable)
   * @param options `pseudonyms` (default: every patient in scope), `now`
   * @throws UsageError when `pseudonyms` names a patient outside the session; StoreError when the store is read-only, a closed in-memory store, or stays locked.
   * @example await session.record('km', { formula }, { n: 120, events: 31 })
   */
  async record(analysis: string, parameters: unknown, resultSummary: unknown, options: RecordOptions = {}): Promise<LedgerEntry> {
    const input = this.ledgerEntryInput(analysis, parameters, resultSummary, options);
    const appendOptions = options.now ? { now: options.now } : {};
    if (!this.#store.closed || this.#store.path === ':memory:') return appendLedgerEntry(this.#store, input, appendOptions);
    // The store file was released after the copy (docs/process-model.md): hold it again only for this write.
    const again = await this.#store.reopen();
    try {
      return await appendLedgerEntry(again, input, appendOptions);
    } finally {
      again.close();
    }
  }

  /**
   * Plans a release of `candidates` (cells: labels with the patients behind
   * them) against every cell this session's study released before
   * (engine/disclosure/release-register.ts): which may be shown so that no
   * group smaller than the study's minimum cell count follows by difference.
   * The returned `commit()` records the released cells; call it after
   * {@link record}, before the output leaves. Like {@link record}, it reopens a
   * released database file for each write.
   * @throws UsageError for a session without a study (nothing to audit against).
   */
  async planRelease(analysis: string, candidates: readonly CandidateCell[]): Promise<SessionRelease> {
    const study = this.studyRecord;
    if (!study) throw new UsageError('planRelease: a session without a study has no release register');
    const threshold = this.disclosure.threshold;
    const plan = await this.#withStore((s) => planRelease(s, study.id, analysis, candidates, { threshold }));
    return { ...plan, commit: async () => void (await this.#withStore((s) => plan.commit(s))) };
  }

  /** Runs `fn` on the store, reopening a released database file for the call only. */
  async #withStore<T>(fn: (store: CohortStore) => Promise<T>): Promise<T> {
    if (!this.#store.closed || this.#store.path === ':memory:') return fn(this.#store);
    const again = await this.#store.reopen();
    try {
      return await fn(again);
    } finally {
      again.close();
    }
  }

  /**
   * The ledger entry {@link record} would append (for callers that append it
   * themselves with `appendLedgerEntry`, e.g. after reopening the store).
   * @throws UsageError when `pseudonyms` names a patient outside the session.
   */
  ledgerEntryInput(analysis: string, parameters: unknown, resultSummary: unknown, options: RecordOptions = {}): LedgerEntryInput {
    let used: readonly string[] = this.pseudonyms;
    if (options.pseudonyms) {
      const inScope = new Set(this.pseudonyms);
      const outside = options.pseudonyms.find((p) => !inScope.has(p));
      if (outside !== undefined) throw new UsageError(`record: pseudonym ${outside} is not in this session's scope`);
      used = options.pseudonyms;
    }
    const s = this.studyRecord;
    const snapshot = s
      ? { id: s.id, title: s.title, question: s.question, purpose: s.purpose, responsible: s.responsible, approval: s.approval, policy: this.policyName }
      : { policy: this.policyName, purpose: this.purpose, reason: this.unrestrictedReason };
    return { studyId: this.study, study: snapshot, analysis, parameters, pseudonyms: used, resultSummary };
  }

  #conn(): DuckDBConnection {
    if (!this.#connection) throw new StoreError('The analysis session is closed');
    return this.#connection;
  }

  /** Runs SQL against the session's tables (patients, events, observations, treatments, visits, reports, report_scores). */
  async query(sql: string, params?: readonly (string | number | boolean | null)[]): Promise<ResultColumns> {
    try {
      const result = await this.#conn().run(sql, params ? [...params] : undefined);
      return await readResult(result);
    } catch (err) {
      if (err instanceof StoreError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      if (/external access|disabled by configuration|lock_configuration|ATTACH/i.test(message)) {
        throw new AccessDeniedError(`Query refused: analyses see only the session's tables (${SESSION_TABLES.join(', ')}): ${message}`);
      }
      throw new StoreError(`Query failed: ${message}`, { cause: err });
    }
  }

  /** A query result as an apache-arrow Table. */
  async queryArrow(sql: string, params?: readonly (string | number | boolean | null)[]): Promise<Table> {
    return toArrowTable(await this.query(sql, params));
  }

  /** A query result as model-ready columns (Float64Array with NaN, string arrays with null; dates as day numbers). */
  async queryColumns(sql: string, params?: readonly (string | number | boolean | null)[]): Promise<ColumnTable> {
    return toColumnTable(await this.query(sql, params));
  }

  /** A query result as row objects (dates as ISO strings). */
  async queryRows(sql: string, params?: readonly (string | number | boolean | null)[]): Promise<Record<string, string | number | boolean | null>[]> {
    return toRows(await this.query(sql, params));
  }

  /** Releases the session database. Safe to call twice. */
  close(): void {
    this.#connection?.closeSync();
    this.#instance?.closeSync();
    this.#connection = null;
    this.#instance = null;
  }
}

/** What a session's options resolve to before the snapshot. */
interface ResolvedAccess {
  policy: AccessPolicy;
  study: Study | null;
  purpose: string | null;
  reason: string | null;
  scope: string | null;
}

async function resolveAccess(store: CohortStore, options: SessionOptions | undefined): Promise<ResolvedAccess> {
  // Read loosely: JavaScript callers (and `openSession(store)`) reach here without the types' help.
  const o = (options ?? {}) as { study?: unknown; policy?: unknown; purpose?: string; unrestrictedReason?: unknown };
  if (o.study !== undefined && o.policy !== undefined) {
    throw new UsageError('openSession: give either a study or a policy, not both (a study brings its own consent policy)');
  }
  if (typeof o.study === 'string') {
    const study = await requireStudy(store, o.study);
    const policy = consentPolicy(study.purpose, { acceptsBroadConsent: study.acceptsBroadConsent });
    return { policy, study, purpose: study.purpose, reason: null, scope: await policy.scopeSql(store) };
  }
  if (o.study !== undefined) throw new UsageError('openSession: study must be a study id (string)');
  if (o.policy === undefined) {
    throw new AccessDeniedError(
      'No study declared: every read of the cohort runs for a registered study (openSession(store, { study: ID }); on the command line --study ID). ' +
        "For synthetic or public data, pass an explicit policy: openSession(store, { policy: allPatients, unrestrictedReason: 'synthetic data' }).",
    );
  }
  const policy = o.policy as AccessPolicy;
  const scope = await policy.scopeSql(store);
  const reason = typeof o.unrestrictedReason === 'string' && o.unrestrictedReason.trim() !== '' ? o.unrestrictedReason.trim() : null;
  if (scope === null && reason === null) {
    throw new AccessDeniedError(`Policy '${policy.name}' admits every patient: declare a study (openSession(store, { study: ID })) or state an unrestrictedReason`);
  }
  return { policy, study: null, purpose: o.purpose ?? null, reason, scope };
}

/**
 * Opens a sealed analysis session on a store: copies the rows of the admitted
 * patients into a private in-memory database, then disables external access.
 *
 * There is no default scope. Either declare a registered study
 * (`{ study: 'BC-1' }`: the patients whose consent for the study's purpose is
 * in force now, the study's disclosure settings, ledger entries under the
 * study), or pass an explicit policy (`{ policy }`); a policy admitting every
 * patient also needs `unrestrictedReason` (e.g. `'synthetic data'`).
 *
 * @throws AccessDeniedError without a study or policy, for an unknown study, or for an unrestricted policy without reason; UsageError for a study and a policy together.
 * @example const s = await openSession(store, { study: 'BC-1' }); const r = await s.queryRows('SELECT count(*) AS n FROM patients'); await s.record('count', {}, r[0]); s.close();
 */
export async function openSession(store: CohortStore, options: SessionOptions): Promise<AnalysisSession> {
  const access = await resolveAccess(store, options);
  const scope = access.scope;
  const scopeFilter = scope === null ? '' : ` WHERE pseudonym IN (SELECT pseudonym FROM (${scope}))`;

  // The Parquet copies and DuckDB's spill files stay in the private temporary directory (engine/temp-dir.ts).
  const dir = mkdtempSync(join(privateTempDir(), 'session-'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`SET temp_directory = ${literal(duckdbSpillDir())}`);
    const total = STORE_TABLES.length * 2;
    let done = 0;
    // One consistent snapshot of the store: the copies run in the store's
    // operation queue, so no import can interleave between the tables.
    await exclusive(store, async (raw) => {
      for (const table of STORE_TABLES) {
        const schema = table === 'reports' ? REPORTS_SCHEMA : RAW_SCHEMA;
        await raw.run(`COPY (SELECT * FROM ${ident(schema)}.${ident(table)}${scopeFilter}) TO ${literal(join(dir, `${table}.parquet`))} (FORMAT parquet)`);
        options.onProgress?.({ step: 'open session', done: ++done, total });
      }
    });
    if (options.closeStoreAfterCopy === true) store.close();
    for (const table of STORE_TABLES) {
      await connection.run(`CREATE TABLE ${ident(table)} AS SELECT * FROM read_parquet(${literal(join(dir, `${table}.parquet`))})`);
      options.onProgress?.({ step: 'open session', done: ++done, total });
    }
    await connection.run(reportScoresTableSql('reports'));
    const ids = await readResult(await connection.run('SELECT pseudonym FROM patients ORDER BY pseudonym'));
    const pseudonyms = (ids.columns[0] as (string | null)[]).filter((p): p is string => p !== null);
    // Seal: no file access, no ATTACH, and the settings can no longer be changed.
    await connection.run("SET enable_external_access = false");
    await connection.run('SET lock_configuration = true');
    return new AnalysisSession({
      store,
      instance,
      connection,
      pseudonyms,
      study: access.study,
      purpose: access.purpose,
      policyName: access.policy.name,
      unrestrictedReason: access.reason,
    });
  } catch (err) {
    connection.closeSync();
    instance.closeSync();
    throw err instanceof AccessDeniedError || err instanceof StoreError ? err : new StoreError(`Could not open analysis session: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
