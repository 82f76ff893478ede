import {
  changeConsentIn,
  consentHistoryOf,
  consentStatusOf,
  CONSENT_SOURCES,
  importConsents,
  parseIsoTime,
  type ConsentChange,
  type ConsentChangeResult,
  type ConsentEvent,
  type ConsentSource,
} from '../../analyses/admin/consent.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, hasFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, ParsedArgs } from '../command.js';
import { dbFlag } from '../io.js';
import { jsonText, textTable } from '../output.js';

const ACTIONS = ['grant', 'revoke', 'status', 'history', 'import'] as const;

function eventJson(e: ConsentEvent): Record<string, unknown> {
  return { ...e, effectiveAt: e.effectiveAt.toISOString(), recordedAt: e.recordedAt.toISOString() };
}

function eventRows(events: readonly ConsentEvent[]): (string | number | null)[][] {
  return events.map((e) => [e.seq, e.purpose, e.provider, e.action, e.effectiveAt.toISOString(), e.source, e.reference, e.recordedAt.toISOString()]);
}

/** The state that holds now, as one line: what a grant or revoke prints after recording. */
function stateLine(r: ConsentChangeResult): string {
  const e = r.event;
  const what = `${e.purpose}${e.provider ? ` (${e.provider})` : ''}`;
  if (r.now === null) return `now: no ${what} consent in force for ${e.pseudonym} (this ${e.action} takes effect ${e.effectiveAt.toISOString()})`;
  const d = r.now.event;
  const pending = d.seq !== e.seq ? ` (this ${e.action} takes effect ${e.effectiveAt.toISOString()})` : '';
  return `now: ${what} ${r.now.granted ? 'granted' : 'revoked'} for ${e.pseudonym} since ${d.effectiveAt.toISOString()} (event ${d.seq})${pending}`;
}

function atFlag(args: ParsedArgs, what: string): Date | undefined {
  const at = stringFlag(args, 'at');
  return at === undefined ? undefined : parseIsoTime(at, `--at (${what})`);
}

function change(args: ParsedArgs): ConsentChange {
  const c: ConsentChange = { pseudonym: requiredFlag(args, 'pseudonym'), purpose: requiredFlag(args, 'purpose') };
  const provider = stringFlag(args, 'provider');
  const source = stringFlag(args, 'source');
  const reference = stringFlag(args, 'reference');
  const note = stringFlag(args, 'note');
  const at = atFlag(args, 'effective time');
  if (provider !== undefined) c.provider = provider;
  if (source !== undefined) {
    if (!(CONSENT_SOURCES as readonly string[]).includes(source)) throw new UsageError(`--source must be one of ${CONSENT_SOURCES.join(', ')}, got '${source}'`);
    c.source = source as ConsentSource;
  }
  if (reference !== undefined) c.reference = reference;
  if (note !== undefined) c.note = note;
  if (at !== undefined) c.effectiveAt = at;
  return c;
}

export const consentCommand: Command = {
  name: 'consent',
  summary: 'Record and query patient consent (grant, revoke, status, history, FHIR Consent import)',
  help: `Usage: midia consent grant|revoke|status|history|import --db FILE [flags]

The consent registry of a cohort database: an append-only history of grants
and revocations per pseudonym and purpose. Analyses see a patient only while
the consent for their purpose is in force at the time the analysis starts.

Purposes:
  research-general      general research use (MII Broad Consent, "MDAT wissenschaftlich nutzen")
  study:<id>            one study (a study registered as accepting broad consent
                        also admits research-general grants without a study decision)
  treatment-sharing     sharing with a named treating provider (needs --provider)

Actions:
  grant, revoke         append an event (--pseudonym, --purpose required) and
                        print the state that now holds. Refused (exit 2, nothing
                        recorded): a pseudonym with no patient in the store
                        (a typo?) unless --allow-unknown; a revocation whose
                        --at lies before the grant it should override (that
                        grant would stay in force)
  status                state of each consent of --pseudonym at --at (default
                        now), by effective time
  history               every event of --pseudonym, in effective order
  import FILE           FHIR R4 Consent resources (Bundle, resource or NDJSON);
                        MII Broad Consent policy codes are mapped (see
                        engine/consent/fhir-consent.ts); pseudonyms without a
                        patient in the store are accepted (consents often arrive
                        before the data) and counted, if of an accepted form

Flags:
  --db FILE             cohort database file (required)
  --pseudonym P         the patient's pseudonym
  --purpose P           research-general | study:<id> | treatment-sharing
  --provider NAME       provider for treatment-sharing
  --at TIME             ISO date (YYYY-MM-DD = 00:00 UTC) or date-time with zone;
                        grant/revoke: when it takes effect (default: when it
                        is recorded); status: the time asked about (default now)
  --allow-unknown       grant/revoke for a pseudonym whose data are imported later
                        (it must still be of an accepted form: psn-..., the
                        synthetic forms, or the store's --pseudonym-pattern)
  --source S            ${CONSENT_SOURCES.join(' | ')} (default portal)
  --reference TEXT      reference of the source document (form number, resource id)
  --note TEXT           free-text note
  --json                print JSON

Examples:
  midia consent grant --db cohort.duckdb --pseudonym psn-3f9c0a --purpose research-general --source paper --reference BC-2024-117
  midia consent revoke --db cohort.duckdb --pseudonym psn-3f9c0a --purpose study:MS-PIRA --at 2025-03-01
  midia consent status --db cohort.duckdb --pseudonym psn-3f9c0a --at 2024-12-31 --json
  midia consent import --db cohort.duckdb consents.ndjson
`,
  async run(args, io) {
    const [action, ...rest] = args.positional;
    if (action === undefined || !(ACTIONS as readonly string[]).includes(action)) {
      throw new UsageError(`consent needs an action: ${ACTIONS.join(', ')}${action !== undefined ? ` (got '${action}')` : ''}`);
    }
    const json = hasFlag(args, 'json');
    if (action === 'import') {
      checkFlags(args, ['db']);
      if (rest.length !== 1) throw new UsageError('consent import needs exactly one FILE (FHIR Bundle, Consent resource or NDJSON)');
      const report = await importConsents(dbFlag(args), rest[0]!);
      if (json) io.stdout.write(jsonText(report));
      else {
        io.stdout.write(textTable(['file', 'consents', 'appended', 'duplicates'], [[report.file, report.consents, report.appended, report.duplicates]]));
        if (report.unknownPseudonyms) io.stdout.write(`${report.unknownPseudonyms} pseudonym(s) without a patient in the store yet: their consent applies once their data are imported\n`);
        const skipped = Object.entries(report.skipped);
        if (skipped.length) io.stdout.write(`skipped: ${skipped.map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
        const unmapped = Object.entries(report.unmappedCodes);
        if (unmapped.length) io.stdout.write(`codes without a purpose: ${unmapped.map(([k, n]) => `${k} (${n})`).join(', ')}\n`);
      }
      return 0;
    }
    if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
    if (action === 'grant' || action === 'revoke') {
      checkFlags(args, ['db', 'pseudonym', 'purpose', 'provider', 'at', 'source', 'reference', 'note', 'allow-unknown']);
      const c = change(args);
      const r = await changeConsentIn(dbFlag(args), c, action, { allowUnknown: hasFlag(args, 'allow-unknown') });
      const event = r.event;
      if (json) {
        const now = r.now ? { purpose: r.now.purpose, provider: r.now.provider, granted: r.now.granted, since: r.now.event.effectiveAt.toISOString(), event: r.now.event.seq } : null;
        io.stdout.write(jsonText({ ...eventJson(event), knownPatient: r.knownPatient, now }));
      } else {
        io.stdout.write(`${action === 'grant' ? 'granted' : 'revoked'}: ${event.pseudonym} ${event.purpose}${event.provider ? ` (${event.provider})` : ''}, effective ${event.effectiveAt.toISOString()} (event ${event.seq})\n${stateLine(r)}\n`);
        if (!r.knownPatient) io.stdout.write(`note: no patient ${event.pseudonym} in the store yet: the consent applies once the patient's data are imported\n`);
      }
      return 0;
    }
    checkFlags(args, ['db', 'pseudonym', ...(action === 'status' ? ['at'] : [])]);
    const pseudonym = requiredFlag(args, 'pseudonym');
    const at = action === 'status' ? (atFlag(args, 'time asked about') ?? new Date()) : undefined;
    const db = dbFlag(args);
    if (action === 'history') {
      const events = await consentHistoryOf(db, pseudonym);
      if (json) io.stdout.write(jsonText({ pseudonym, events: events.map(eventJson) }));
      else if (!events.length) io.stdout.write(`no consent events for ${pseudonym}\n`);
      else io.stdout.write(textTable(['seq', 'purpose', 'provider', 'action', 'effective', 'source', 'reference', 'recorded'], eventRows(events)));
      return 0;
    }
    const states = await consentStatusOf(db, pseudonym, at!);
    if (json) {
      io.stdout.write(jsonText({ pseudonym, at: at!.toISOString(), consents: states.map((s) => ({ purpose: s.purpose, provider: s.provider, granted: s.granted, since: s.event.effectiveAt.toISOString(), event: s.event.seq, source: s.event.source })) }));
    } else if (!states.length) io.stdout.write(`no consent in the registry for ${pseudonym} at ${at!.toISOString()}\n`);
    else io.stdout.write(textTable(['purpose', 'provider', 'state', 'since', 'source'], states.map((s) => [s.purpose, s.provider, s.granted ? 'granted' : 'revoked', s.event.effectiveAt.toISOString(), s.event.source])));
    return 0;
  },
};
