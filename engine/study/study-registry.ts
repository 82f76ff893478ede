/**
 * The study registry: every analysis of the store runs for a declared study
 * (issue "Patients in control", item 4). A study names its research question,
 * the person responsible, the consent purpose it relies on (the access gate
 * admits only patients whose consent for that purpose is in force), its ethics
 * approval, and its disclosure settings. Studies are registered once and never
 * changed; results are published as appended rows.
 *
 * Each study has an access level (docs/access-levels.md): `aggregate` (the
 * default for new studies: only disclosure-controlled aggregates leave the
 * engine) or `row-level` (pseudonymized rows may be exported; every export is
 * recorded in the ledger with its row count). Studies registered before access
 * levels existed were migrated as `row-level` (`accessMigrated`).
 *
 * Tables: `governance.studies`, `governance.publications` (store migrations 3 and 4).
 */
import { z } from 'zod';
import { AccessDeniedError, StoreError, UsageError } from '../../util/errors.js';
import { parsePurpose } from '../consent/purposes.js';
import { ident, literal } from '../sql.js';
import type { CohortStore } from '../store.js';
import { exclusive } from '../store-internal.js';
import { GOVERNANCE_SCHEMA } from '../store-migrations.js';
import { withTransaction } from '../store-sql.js';

/**
 * Default minimum cell count of a study's exported aggregates: 5, the value
 * OHDSI CohortMethod uses and the upper end of DataSHIELD's usual 3-5
 * (docs/access-levels.md, "Minimum cell counts").
 */
export const DEFAULT_MIN_CELL_COUNT = 5;

/** Access levels of a study, from the most to the least restrictive (docs/access-levels.md). */
export const STUDY_ACCESS_LEVELS = ['aggregate', 'row-level'] as const;

/**
 * What may leave the engine for a study:
 * - `aggregate`: only disclosure-controlled aggregates (counts, sums and means
 *   of groups of at least the minimum cell count, survival curves on a grid,
 *   model estimates); row-level exports (`midia table`, `midia timeline`,
 *   row-level SQL, per-patient outputs) are refused;
 * - `row-level`: approved for pseudonymized row-level research data; every
 *   export is recorded in the data-use ledger with its row count.
 */
export type StudyAccess = (typeof STUDY_ACCESS_LEVELS)[number];

/** Access level of a newly registered study when none is given: `aggregate`. */
export const DEFAULT_STUDY_ACCESS: StudyAccess = 'aggregate';

/**
 * The `--access` flag of `midia study register` that the synthetic study of
 * `midia generate` (and any study approved for pseudonymized rows) needs:
 * `--access row-level`. Register options for library callers:
 * `registerStudy(store, { ...input, access: ROW_LEVEL_ACCESS })`.
 */
export const ROW_LEVEL_ACCESS: StudyAccess = 'row-level';

/** What a study declares at registration. */
export interface StudyInput {
  /** Short unique id, e.g. `BC-RFS-2025` (letters, digits, `.`, `_`, `-`; up to 64 characters). */
  id: string;
  title: string;
  /** The research question, in words a patient can read. */
  question: string;
  /** Person responsible for the study. */
  responsible: string;
  /**
   * Consent purpose the study relies on: `research-general` (MII Broad Consent)
   * or `study:<id>` (see engine/consent/purposes.ts); the access gate admits only
   * patients whose consent for it is in force when a session opens.
   */
  purpose: string;
  /** Ethics approval reference (committee and number). */
  approval: string;
  /** Minimum count in any exported cell; default {@link DEFAULT_MIN_CELL_COUNT}. */
  minCellCount?: number;
  /** May exports show individual event times (KM steps, baseline hazards)? Default `false`. */
  allowIndividualTimes?: boolean;
  /**
   * For a study-specific purpose (`study:<id>`): may the study rely on the
   * general research consent (MII Broad Consent, `research-general`) of patients
   * who made no study-specific decision? Default `false` (explicit study consent only).
   */
  acceptsBroadConsent?: boolean;
  /** What may leave the engine: `aggregate` (default, {@link DEFAULT_STUDY_ACCESS}) or `row-level`. */
  access?: StudyAccess;
}

/** A registered study. */
export interface Study {
  id: string;
  title: string;
  question: string;
  responsible: string;
  purpose: string;
  approval: string;
  minCellCount: number;
  allowIndividualTimes: boolean;
  acceptsBroadConsent: boolean;
  /** What may leave the engine for this study (see {@link StudyAccess}). */
  access: StudyAccess;
  /** True for a study registered before access levels existed and migrated as `row-level`. */
  accessMigrated: boolean;
  /** ISO 8601 UTC time of registration. */
  registeredAt: string;
}

/** A result a study published (paper, report, portal page). */
export interface Publication {
  studyId: string;
  title: string;
  summary: string;
  url: string | null;
  /** When it was published (ISO 8601 date or time, as given). */
  publishedAt: string;
  /** When it was recorded here (ISO 8601 UTC). */
  recordedAt: string;
}

/** What {@link publishResult} takes. */
export interface PublicationInput {
  title: string;
  summary: string;
  url?: string;
  /** ISO 8601 date (`2025-03-01`) or date-time. */
  publishedAt: string;
}

const nonEmpty = (what: string) => z.string({ error: `${what} must be a string` }).trim().min(1, { error: `${what} must not be empty` });

const studySchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'id must be 1-64 letters, digits, ".", "_" or "-"' }),
  title: nonEmpty('title'),
  question: nonEmpty('question'),
  responsible: nonEmpty('responsible'),
  purpose: nonEmpty('purpose'),
  approval: nonEmpty('approval'),
  minCellCount: z.number().int({ error: 'minCellCount must be an integer' }).min(1, { error: 'minCellCount must be at least 1' }).optional(),
  allowIndividualTimes: z.boolean().optional(),
  acceptsBroadConsent: z.boolean().optional(),
  access: z.enum(STUDY_ACCESS_LEVELS, { error: `access must be one of ${STUDY_ACCESS_LEVELS.join(', ')}` }).optional(),
});

const isoDate = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const publicationSchema = z.object({
  title: nonEmpty('title'),
  summary: nonEmpty('summary'),
  url: z.string().url({ error: 'url must be a URL' }).optional(),
  publishedAt: z.string().regex(isoDate, { error: 'publishedAt must be an ISO 8601 date, e.g. 2025-03-01' }).refine((s) => !Number.isNaN(Date.parse(s)), { error: 'publishedAt is not a valid date' }),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new UsageError(`Invalid ${what}: ${path}${issue?.message ?? 'invalid'}`);
  }
  return r.data;
}

const T_STUDIES = `${GOVERNANCE_SCHEMA}.studies`;
const T_PUBLICATIONS = `${GOVERNANCE_SCHEMA}.publications`;

type Row = Record<string, unknown>;

function rowsOf(names: string[], rows: unknown[][]): Row[] {
  return rows.map((r) => Object.fromEntries(names.map((n, j) => [n, r[j]])));
}

function studyFromRow(r: Row): Study {
  return {
    id: String(r.id),
    title: String(r.title),
    question: String(r.question),
    responsible: String(r.responsible),
    purpose: String(r.purpose),
    approval: String(r.approval),
    minCellCount: Number(r.min_cell_count),
    allowIndividualTimes: Boolean(r.allow_individual_times),
    acceptsBroadConsent: Boolean(r.accepts_broad_consent),
    access: r.access === 'aggregate' ? 'aggregate' : 'row-level',
    accessMigrated: r.access_migrated === true,
    registeredAt: String(r.registered_at),
  };
}

function publicationFromRow(r: Row): Publication {
  return {
    studyId: String(r.study_id),
    title: String(r.title),
    summary: String(r.summary),
    url: r.url === null || r.url === undefined ? null : String(r.url),
    publishedAt: String(r.published_at),
    recordedAt: String(r.recorded_at),
  };
}

function writable(store: CohortStore): void {
  if (store.readOnly) throw new StoreError(`store ${store.path} is opened read-only; the study registry needs write access`);
}

async function selectRows(store: CohortStore, sql: string): Promise<Row[]> {
  return exclusive(store, async (c) => {
    const reader = await c.runAndReadAll(sql);
    return rowsOf(reader.columnNames(), reader.getRowsJS() as unknown[][]);
  });
}

/**
 * Registers a study. Studies are never changed afterwards (register a new id instead).
 *
 * @param input id, title, question, responsible, purpose, approval; `minCellCount` (default 5), `allowIndividualTimes` (default false), `access` (default `aggregate`)
 * @param now registration time (default: the current time)
 * @throws UsageError for a missing or malformed field, or an id already registered.
 * @example await registerStudy(store, { id: 'BC-1', title: 'RFS', question: 'Does Ki-67 predict recurrence?', responsible: 'Dr. A', purpose: 'research', approval: 'EC 2025-001' })
 */
export async function registerStudy(store: CohortStore, input: StudyInput, now: Date = new Date()): Promise<Study> {
  const v = parse(studySchema, input, 'study');
  const purpose = parsePurpose(v.purpose);
  if (purpose.kind === 'treatment-sharing') throw new UsageError(`Invalid study: purpose '${v.purpose}' is consent to share data with treating providers, not to research (use research-general or study:${v.id})`);
  if (v.acceptsBroadConsent && purpose.kind !== 'study') throw new UsageError(`Invalid study: acceptsBroadConsent applies to a study purpose (study:<id>), not '${v.purpose}'`);
  writable(store);
  const study: Study = {
    id: v.id,
    title: v.title,
    question: v.question,
    responsible: v.responsible,
    purpose: v.purpose,
    approval: v.approval,
    minCellCount: v.minCellCount ?? DEFAULT_MIN_CELL_COUNT,
    allowIndividualTimes: v.allowIndividualTimes ?? false,
    acceptsBroadConsent: v.acceptsBroadConsent ?? false,
    access: v.access ?? DEFAULT_STUDY_ACCESS,
    accessMigrated: false,
    registeredAt: now.toISOString(),
  };
  await exclusive(store, async (c) => {
    const exists = (await c.runAndReadAll(`SELECT count(*) FROM ${T_STUDIES} WHERE id = ${literal(study.id)}`)).getRowsJS()[0]?.[0];
    if (Number(exists) > 0) throw new UsageError(`Study ${study.id} is already registered`);
    await c.run(
      `INSERT INTO ${T_STUDIES} (id, title, question, responsible, purpose, approval, min_cell_count, allow_individual_times, accepts_broad_consent, access, access_migrated, registered_at) VALUES (${[
        study.id,
        study.title,
        study.question,
        study.responsible,
        study.purpose,
        study.approval,
      ]
        .map(literal)
        .join(', ')}, ${study.minCellCount}, ${study.allowIndividualTimes}, ${study.acceptsBroadConsent}, ${literal(study.access)}, false, ${literal(study.registeredAt)})`,
    );
  });
  return study;
}

/** Every registered study, by id. */
export async function listStudies(store: CohortStore): Promise<Study[]> {
  return (await selectRows(store, `SELECT * FROM ${T_STUDIES} ORDER BY id`)).map(studyFromRow);
}

/**
 * One study by id, or `null` when none is registered under it.
 * @example const s = await getStudy(store, 'BC-1')
 */
export async function getStudy(store: CohortStore, id: string): Promise<Study | null> {
  const rows = await selectRows(store, `SELECT * FROM ${T_STUDIES} WHERE id = ${literal(id)}`);
  return rows[0] ? studyFromRow(rows[0]) : null;
}

/**
 * One study by id.
 * @throws AccessDeniedError when no study is registered under `id` (an undeclared study may not read data).
 */
export async function requireStudy(store: CohortStore, id: string): Promise<Study> {
  const s = await getStudy(store, id);
  if (!s) throw new AccessDeniedError(`Unknown study '${id}': register it first (midia study register --id ${id} ...)`);
  return s;
}

/**
 * Records a result the study published. Appended; earlier publications stay.
 *
 * @param input title, summary, optional url, publishedAt (ISO 8601 date)
 * @throws AccessDeniedError for an unknown study; UsageError for a malformed field.
 * @example await publishResult(store, 'BC-1', { title: 'Ki-67 and recurrence', summary: 'HR 1.4 per 10 points', publishedAt: '2025-06-01' })
 */
export async function publishResult(store: CohortStore, studyId: string, input: PublicationInput, now: Date = new Date()): Promise<Publication> {
  const v = parse(publicationSchema, input, 'publication');
  writable(store);
  await requireStudy(store, studyId);
  const p: Publication = { studyId, title: v.title, summary: v.summary, url: v.url ?? null, publishedAt: v.publishedAt, recordedAt: now.toISOString() };
  await exclusive(store, (c) =>
    withTransaction(c, async () => {
      await c.run(
        `INSERT INTO ${T_PUBLICATIONS} (study_id, title, summary, url, published_at, recorded_at) VALUES (${literal(p.studyId)}, ${literal(p.title)}, ${literal(p.summary)}, ${p.url === null ? 'NULL' : literal(p.url)}, ${literal(p.publishedAt)}, ${literal(p.recordedAt)})`,
      );
    }),
  );
  return p;
}

/** Published results, of one study or of all, in publication order. */
export async function listPublications(store: CohortStore, studyId?: string): Promise<Publication[]> {
  const where = studyId === undefined ? '' : ` WHERE study_id = ${literal(studyId)}`;
  return (await selectRows(store, `SELECT * FROM ${T_PUBLICATIONS}${where} ORDER BY published_at, recorded_at, ${ident('title')}`)).map(publicationFromRow);
}
