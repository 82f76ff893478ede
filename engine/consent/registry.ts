/**
 * The consent registry: an append-only log of grants and revocations per
 * pseudonym and purpose in the store table `consent.consent_events`.
 *
 * Append-only: this module only INSERTs; no API of the engine updates or
 * deletes a consent event. A correction is a new event (e.g. a revocation
 * effective at the time the wrong grant took effect), so the state at any
 * past time, and what the registry said at any past time (`knownAt`), can be
 * answered. (DuckDB has no triggers, so a user with direct file access could
 * still rewrite the table; the tamper-evident record of analyses is the
 * data-use ledger.)
 *
 * Single changes ({@link changeConsent}, {@link grantConsent}, {@link revokeConsent})
 * are checked before they are recorded, in the same transaction as the write:
 * the pseudonym must belong to a patient of the store (unless `allowUnknown`,
 * and then it must still be of an accepted form, engine/privacy/pseudonym-format.ts),
 * and a revocation may not take effect before the grant it should override
 * (the grant in force when it is recorded), since that grant would stay in
 * force. Without an explicit time a change takes effect when it is recorded.
 *
 * Writes and reads run in the store's operation queue (engine/store-internal.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError, UsageError } from '../../util/errors.js';
import { RAW_SCHEMA } from '../schema.js';
import { ident, literal } from '../sql.js';
import type { CohortStore } from '../store.js';
import { exclusive } from '../store-internal.js';
import { withTransaction } from '../store-sql.js';
import { CONSENT_SCHEMA } from '../store-migrations.js';
import { parsePurpose } from './purposes.js';
import { timestampLiteral } from './sql-time.js';
import { describeAcceptedPseudonyms, isAcceptedPseudonym, readPseudonymPattern } from '../privacy/pseudonym-format.js';
import { ConsentConflictError, UnacceptedPseudonymError, UnknownPseudonymError } from './errors.js';
import { consentStatesAt, decidingEvent, providerFor } from './state.js';
import { CONSENT_SOURCES, type ConsentAction, type ConsentChange, type ConsentEvent, type ConsentSource, type ConsentState } from './types.js';

/** Qualified name of the consent event table. */
export const CONSENT_EVENTS_TABLE = `${CONSENT_SCHEMA}.consent_events`;

/** A validated event to append. */
export interface NewConsentEvent {
  pseudonym: string;
  purpose: string;
  provider: string | null;
  action: ConsentAction;
  effectiveAt: Date;
  source: ConsentSource;
  reference: string | null;
  note: string | null;
}

/**
 * Validates a requested change (pure).
 * @throws UsageError naming the bad value (empty pseudonym, unknown purpose, missing provider, unknown source, invalid time).
 */
export function validateChange(change: ConsentChange, action: ConsentAction, now: Date = new Date()): NewConsentEvent {
  if (typeof change.pseudonym !== 'string' || change.pseudonym.trim() === '') throw new UsageError('consent change needs a pseudonym');
  const pseudonym = change.pseudonym.trim();
  const purpose = parsePurpose(change.purpose).purpose;
  const provider = providerFor(purpose, change.provider);
  const source = change.source ?? 'portal';
  if (!(CONSENT_SOURCES as readonly string[]).includes(source)) throw new UsageError(`unknown consent source '${source}' (one of ${CONSENT_SOURCES.join(', ')})`);
  const effectiveAt = change.effectiveAt ?? now;
  timestampLiteral(effectiveAt, 'effective time');
  return { pseudonym, purpose, provider, action, effectiveAt, source, reference: change.reference ?? null, note: change.note ?? null };
}

function nullable(value: string | null): string {
  return value === null ? 'NULL' : literal(value);
}

const SELECT_EVENTS = `SELECT seq, pseudonym, purpose, provider, action, epoch_ms(effective_at) AS effective_ms, epoch_ms(recorded_at) AS recorded_ms, source, reference, note FROM ${CONSENT_EVENTS_TABLE}`;

function toEvent(row: readonly unknown[]): ConsentEvent {
  return {
    seq: Number(row[0]),
    pseudonym: String(row[1]),
    purpose: String(row[2]),
    provider: row[3] === null ? null : String(row[3]),
    action: row[4] as ConsentAction,
    effectiveAt: new Date(Number(row[5])),
    recordedAt: new Date(Number(row[6])),
    source: row[7] as ConsentSource,
    reference: row[8] === null ? null : String(row[8]),
    note: row[9] === null ? null : String(row[9]),
  };
}

/** Appends validated events on a connection (caller holds the queue and the transaction). Returns them with their seq. */
async function insertEvents(connection: DuckDBConnection, events: readonly NewConsentEvent[], recordedAt: Date): Promise<ConsentEvent[]> {
  const out: ConsentEvent[] = [];
  const recorded = timestampLiteral(recordedAt, 'recording time');
  for (const e of events) {
    const rows = (
      await connection.runAndReadAll(
        `INSERT INTO ${CONSENT_EVENTS_TABLE} (pseudonym, purpose, provider, action, effective_at, recorded_at, source, reference, note) VALUES (${literal(e.pseudonym)}, ${literal(e.purpose)}, ${nullable(e.provider)}, ${literal(e.action)}, ${timestampLiteral(e.effectiveAt)}, ${recorded}, ${literal(e.source)}, ${nullable(e.reference)}, ${nullable(e.note)}) RETURNING seq, pseudonym, purpose, provider, action, epoch_ms(effective_at), epoch_ms(recorded_at), source, reference, note`,
      )
    ).getRowsJS();
    out.push(toEvent(rows[0]!));
  }
  return out;
}

/**
 * Appends consent events in one transaction (all or nothing), in the given order,
 * without the checks of {@link changeConsent} (unknown pseudonyms, back-dated
 * revocations): for bulk loads whose events were validated elsewhere.
 *
 * @throws StoreError when the store is read-only or closed.
 */
export async function appendConsentEvents(store: CohortStore, events: readonly NewConsentEvent[]): Promise<ConsentEvent[]> {
  if (store.readOnly) throw new StoreError(`store ${store.path} is opened read-only: consent cannot be recorded`);
  const recordedAt = new Date();
  return exclusive(store, (c) => withTransaction(c, () => insertEvents(c, events, recordedAt)));
}

/** Options of {@link changeConsent}, {@link grantConsent} and {@link revokeConsent}. */
export interface ConsentChangeOptions {
  /** Record the change even when the store holds no patient with the pseudonym (the patient is imported later). Default false. */
  allowUnknown?: boolean;
}

/** What {@link changeConsent} recorded, and the state that holds now. */
export interface ConsentChangeResult {
  event: ConsentEvent;
  /** True when the store holds a patient with the pseudonym. */
  knownPatient: boolean;
  /** The state of this consent (purpose, provider) at the recording time, after the change; null when no event is in force yet (e.g. a change dated in the future). */
  now: ConsentState | null;
}

/** True when the store's patients table holds the pseudonym. */
async function patientExists(connection: DuckDBConnection, pseudonym: string): Promise<boolean> {
  const rows = (await connection.runAndReadAll(`SELECT count(*) FROM ${ident(RAW_SCHEMA)}.patients WHERE pseudonym = ${literal(pseudonym)}`)).getRowsJS();
  return Number(rows[0]?.[0] ?? 0) > 0;
}

/**
 * Refuses a revocation that takes effect before the grant it should override:
 * the grant in force at the recording time (the deciding event of the same
 * purpose and provider) with a later effective time would stay in force.
 * @throws ConsentConflictError naming both times.
 */
export function checkRevocation(history: readonly ConsentEvent[], change: NewConsentEvent, recordedAt: Date): void {
  if (change.action !== 'revoke') return;
  const inForce = decidingEvent(history, change.purpose, change.provider, recordedAt);
  if (inForce === null || inForce.action !== 'grant' || inForce.effectiveAt.getTime() <= change.effectiveAt.getTime()) return;
  const what = `${change.purpose}${change.provider ? ` (${change.provider})` : ''}`;
  throw new ConsentConflictError(
    `revocation refused: it would take effect at ${change.effectiveAt.toISOString()}, before the grant it should override ` +
      `(event ${inForce.seq}: ${what} granted effective ${inForce.effectiveAt.toISOString()}), so that grant would stay in force and nothing would change now. ` +
      `Omit --at to revoke from now, or give a time at or after ${inForce.effectiveAt.toISOString()}`,
  );
}

/**
 * Records one checked grant or revocation (see the module documentation):
 * the pseudonym must be a patient of the store unless `allowUnknown`; a
 * revocation may not predate the grant in force; without `effectiveAt` the
 * change takes effect when it is recorded. Check and append run in one
 * transaction in the store's queue, so no other change interleaves.
 *
 * @throws UsageError for invalid input; UnknownPseudonymError; UnacceptedPseudonymError (allowUnknown with a pseudonym of no accepted form); ConsentConflictError; StoreError for a read-only store.
 * @example const { event, now } = await changeConsent(store, { pseudonym: 'P1', purpose: 'research-general' }, 'revoke')
 */
export async function changeConsent(store: CohortStore, change: ConsentChange, action: ConsentAction, options: ConsentChangeOptions = {}): Promise<ConsentChangeResult> {
  if (store.readOnly) throw new StoreError(`store ${store.path} is opened read-only: consent cannot be recorded`);
  validateChange(change, action);
  return exclusive(store, (c) =>
    withTransaction(c, async () => {
      const recordedAt = new Date();
      const event = validateChange(change, action, recordedAt);
      const knownPatient = await patientExists(c, event.pseudonym);
      if (!knownPatient && options.allowUnknown !== true) throw new UnknownPseudonymError(event.pseudonym, store.path);
      if (!knownPatient) {
        const pattern = await readPseudonymPattern(c);
        if (!isAcceptedPseudonym(pattern, event.pseudonym)) throw new UnacceptedPseudonymError(event.pseudonym, describeAcceptedPseudonyms(pattern));
      }
      const history = (await c.runAndReadAll(`${SELECT_EVENTS} WHERE pseudonym = ${literal(event.pseudonym)} ORDER BY effective_at, seq`)).getRowsJS().map(toEvent);
      checkRevocation(history, event, recordedAt);
      const [recorded] = await insertEvents(c, [event], recordedAt);
      const after = [...history, recorded!];
      const deciding = decidingEvent(after, event.purpose, event.provider, recordedAt);
      const now: ConsentState | null = deciding ? { purpose: event.purpose, provider: event.provider, granted: deciding.action === 'grant', event: deciding } : null;
      return { event: recorded!, knownPatient, now };
    }),
  );
}

/**
 * Records a grant of consent (appends an event; never overwrites), checked as {@link changeConsent}.
 *
 * @param change pseudonym, purpose (`treatment-sharing` with `provider`, `research-general`, `study:<id>`),
 *   effectiveAt (default: when recorded), source (default `'portal'`), reference, note
 * @param options `allowUnknown` (default false)
 * @throws UsageError for invalid input; UnknownPseudonymError for a pseudonym without patient; StoreError for a read-only store.
 * @example await grantConsent(store, { pseudonym: 'P1', purpose: 'research-general', source: 'paper', reference: 'form 2024-17' })
 */
export async function grantConsent(store: CohortStore, change: ConsentChange, options: ConsentChangeOptions = {}): Promise<ConsentEvent> {
  return (await changeConsent(store, change, 'grant', options)).event;
}

/**
 * Records a revocation (appends an event), checked as {@link changeConsent}. It
 * takes effect at `effectiveAt` (default: when recorded): sessions started from
 * then on no longer see the patient for that purpose; sessions opened before
 * keep their snapshot.
 *
 * @throws UsageError for invalid input; UnknownPseudonymError; ConsentConflictError for a revocation dated before the grant in force; StoreError for a read-only store.
 * @example await revokeConsent(store, { pseudonym: 'P1', purpose: 'research-general' })
 */
export async function revokeConsent(store: CohortStore, change: ConsentChange, options: ConsentChangeOptions = {}): Promise<ConsentEvent> {
  return (await changeConsent(store, change, 'revoke', options)).event;
}

/**
 * Every consent event of a pseudonym, ordered by effective time, then recording order.
 * @example const events = await consentHistory(store, 'P1')
 */
export async function consentHistory(store: CohortStore, pseudonym: string): Promise<ConsentEvent[]> {
  return exclusive(store, async (c) => {
    const rows = (await c.runAndReadAll(`${SELECT_EVENTS} WHERE pseudonym = ${literal(pseudonym)} ORDER BY effective_at, seq`)).getRowsJS();
    return rows.map(toEvent);
  });
}

/**
 * Every consent event of the registry (all patients), ordered by seq. For exports and tests.
 */
export async function allConsentEvents(store: CohortStore): Promise<ConsentEvent[]> {
  return exclusive(store, async (c) => (await c.runAndReadAll(`${SELECT_EVENTS} ORDER BY seq`)).getRowsJS().map(toEvent));
}

/** Options of {@link consentStatus}. */
export interface ConsentStatusOptions {
  /** Time the state is asked for. Default: now. */
  at?: Date;
  /** Count only events recorded at or before this time ("what the registry said then"). Default: all recorded events. */
  knownAt?: Date;
}

/**
 * State of each consent (purpose, provider) of a pseudonym at a time, from its history
 * (rules in state.ts). Consents without an event at or before `at` are not listed.
 *
 * @example const states = await consentStatus(store, 'P1', { at: new Date('2024-01-01') })
 */
export async function consentStatus(store: CohortStore, pseudonym: string, options: ConsentStatusOptions = {}): Promise<ConsentState[]> {
  const history = await consentHistory(store, pseudonym);
  return consentStatesAt(history, options.at ?? new Date(), options.knownAt);
}
