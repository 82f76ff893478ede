/**
 * Time to a STEEP breast cancer endpoint for one patient, from the patient's
 * canonical events (engine/schema.ts event types `local_recurrence`,
 * `regional_recurrence`, `distant_metastasis`, `contralateral_cancer`,
 * `second_primary`, `dcis`, `death` with the cause of death in `detail`).
 * Which events count is the table of steep-definitions.ts (STEEP, Hudis JCO
 * 2007;25:2127; STEEP 2.0, Tolaney JCO 2021;39:2720).
 *
 * Rules, each a documented choice:
 * - time is in days from `origin` (diagnosis, surgery or randomisation: the
 *   caller states which) to the first counted event, or to the censoring day;
 * - follow-up ends at `lastFollowUp` or at death, whichever is first: a death
 *   that the endpoint does not count (e.g. a non-breast death for DRFI)
 *   censors at the day of death (a patient cannot relapse after death);
 * - events after the end of follow-up are ignored (a data cut-off) and events
 *   before `origin` are ignored, each with a warning;
 * - an event on the origin day counts, with time 0;
 * - when several counted events share the first day, the reported type is the
 *   first in the order local, regional, distant, contralateral, second
 *   primary, death.
 *
 * The event types must already mean what STEEP means: `local_recurrence` and
 * `regional_recurrence` are invasive (an in situ recurrence is `dcis`);
 * `second_primary` is a second invasive non-breast primary, without
 * non-melanoma skin cancers and in situ carcinomas (STEEP excludes them).
 */
import { UsageError } from '../../util/errors.js';
import { dayOf, isoOf } from './day-number.js';
import { STEEP_DEFINITIONS, STEEP_ENDPOINTS, type SteepEndpointName, type SteepEventCategory } from './steep-definitions.js';

/** The fields of a canonical clinical event that the endpoints read (engine/schema.ts `ClinicalEvent` fits). */
export interface OncologyEvent {
  /** ISO date `YYYY-MM-DD`. */
  date: string;
  /** Canonical event type, e.g. `distant_metastasis`. Types outside the STEEP table are ignored. */
  type: string;
  /** For `death`: the cause, e.g. `breast_cancer`, `other_cause`; null or empty = unknown. */
  detail?: string | null;
}

/** What to do with a death of unknown cause in an endpoint that counts only breast cancer deaths. */
export type UnknownDeathCause = 'censor' | 'event';

/** Options shared by {@link steepEndpoint} and `steepEndpoints`. */
export interface SteepRuleOptions {
  /** The endpoint (see STEEP_DEFINITIONS). */
  endpoint: SteepEndpointName;
  /** `detail` values of a death from breast cancer (default `['breast_cancer']`, the generator's and importer's code). */
  breastCancerDeathCauses?: readonly string[];
  /** `detail` values meaning "cause unknown", besides null and '' (default `['unknown']`). */
  unknownDeathCauseCodes?: readonly string[];
  /** Unknown-cause deaths in RFI and DRFI: `'censor'` (default) or `'event'` (verify against the protocol). */
  unknownDeathCause?: UnknownDeathCause;
}

/** Options of {@link steepEndpoint}. */
export interface SteepOptions extends SteepRuleOptions {
  /** Time origin, ISO date. */
  origin: string;
  /** Last follow-up (or data cut-off), ISO date; censoring day when no event. */
  lastFollowUp: string;
}

/** Time to the endpoint of one patient. */
export interface SteepResult {
  /** Days from origin to the event or to censoring. */
  time: number;
  /** 1 = event, 0 = censored. */
  status: 0 | 1;
  /** Canonical type of the event that ended follow-up (e.g. `distant_metastasis`), null when censored. */
  eventType: string | null;
  /** Its category in the STEEP table, null when censored. */
  category: SteepEventCategory | null;
  /** ISO date of the event, or null when censored. */
  eventDate: string | null;
  /** ISO date follow-up ended (event, death or last follow-up). */
  endDate: string;
  warnings: string[];
}

/** Rule options with every default filled in. */
export interface ResolvedSteepRules {
  endpoint: SteepEndpointName;
  counts: ReadonlySet<SteepEventCategory>;
  breastCancerDeathCauses: ReadonlySet<string>;
  unknownDeathCauseCodes: ReadonlySet<string>;
  unknownDeathCause: UnknownDeathCause;
}

/**
 * Validate the rule options and fill in the defaults (the one place they live).
 * @throws {UsageError} on an unknown endpoint or `unknownDeathCause`.
 */
export function resolveSteepRules(options: SteepRuleOptions): ResolvedSteepRules {
  const endpoint = options.endpoint;
  if (!(STEEP_ENDPOINTS as readonly string[]).includes(endpoint)) {
    throw new UsageError(`Unknown STEEP endpoint: ${String(endpoint)} (expected one of ${STEEP_ENDPOINTS.join(', ')})`);
  }
  const unknownDeathCause = options.unknownDeathCause ?? 'censor';
  if (unknownDeathCause !== 'censor' && unknownDeathCause !== 'event') {
    throw new UsageError(`unknownDeathCause must be 'censor' or 'event', got ${String(unknownDeathCause)}`);
  }
  const def = STEEP_DEFINITIONS[endpoint];
  const counts = new Set<SteepEventCategory>(def.counts);
  if (def.causeSpecificDeath && unknownDeathCause === 'event') counts.add('death_unknown_cause');
  return {
    endpoint,
    counts,
    breastCancerDeathCauses: new Set(options.breastCancerDeathCauses ?? ['breast_cancer']),
    unknownDeathCauseCodes: new Set(options.unknownDeathCauseCodes ?? ['unknown']),
    unknownDeathCause,
  };
}

const TYPE_CATEGORY: Readonly<Record<string, SteepEventCategory>> = {
  local_recurrence: 'local',
  regional_recurrence: 'regional',
  distant_metastasis: 'distant',
  contralateral_cancer: 'contralateral',
  second_primary: 'second_primary',
  dcis: 'dcis',
};

/** Tie-break order when several counted events share a day. */
const PRIORITY: readonly SteepEventCategory[] = [
  'local',
  'regional',
  'distant',
  'contralateral',
  'second_primary',
  'dcis',
  'death_breast_cancer',
  'death_other_cause',
  'death_unknown_cause',
];

/**
 * STEEP category of a canonical event, or null for a type the table ignores.
 * @example steepCategory({ date: '2020-01-01', type: 'death', detail: 'breast_cancer' }, rules) // => 'death_breast_cancer'
 */
export function steepCategory(event: OncologyEvent, rules: ResolvedSteepRules): SteepEventCategory | null {
  if (event.type === 'death') {
    const cause = event.detail ?? '';
    if (cause === '' || rules.unknownDeathCauseCodes.has(cause)) return 'death_unknown_cause';
    return rules.breastCancerDeathCauses.has(cause) ? 'death_breast_cancer' : 'death_other_cause';
  }
  return TYPE_CATEGORY[event.type] ?? null;
}

/**
 * Core on resolved rules and day numbers (used by the vectorized facade).
 * @throws {UsageError} on a bad event date or lastFollowUp before origin.
 */
export function steepEndpointDays(events: readonly OncologyEvent[], originDay: number, lastDay: number, rules: ResolvedSteepRules): SteepResult {
  if (lastDay < originDay) throw new UsageError(`lastFollowUp (${isoOf(lastDay)}) is before origin (${isoOf(originDay)})`);
  const warnings: string[] = [];
  // End of follow-up: last follow-up or the first death, whichever is first.
  let endDay = lastDay;
  for (const e of events) {
    if (e.type !== 'death') continue;
    const d = dayOf(e.date, `death date`);
    if (d >= originDay && d < endDay) endDay = d;
  }
  let bestDay = Infinity;
  let best: OncologyEvent | null = null;
  let bestCat: SteepEventCategory | null = null;
  let before = 0;
  let after = 0;
  for (const e of events) {
    const cat = steepCategory(e, rules);
    if (cat === null || !rules.counts.has(cat)) continue;
    const d = dayOf(e.date, `${e.type} date`);
    if (d < originDay) {
      before++;
      continue;
    }
    if (d > endDay) {
      after++;
      continue;
    }
    if (d < bestDay || (d === bestDay && bestCat !== null && PRIORITY.indexOf(cat) < PRIORITY.indexOf(bestCat))) {
      bestDay = d;
      best = e;
      bestCat = cat;
    }
  }
  if (before > 0) warnings.push(`${before} counted event(s) before origin ${isoOf(originDay)} ignored`);
  if (after > 0) warnings.push(`${after} counted event(s) after the end of follow-up ${isoOf(endDay)} ignored`);
  if (best === null) {
    return { time: endDay - originDay, status: 0, eventType: null, category: null, eventDate: null, endDate: isoOf(endDay), warnings };
  }
  const date = isoOf(bestDay);
  return { time: bestDay - originDay, status: 1, eventType: best.type, category: bestCat, eventDate: date, endDate: date, warnings };
}

/**
 * Time (days) and status of one patient for a STEEP endpoint.
 * @param events the patient's canonical events (any order; not modified).
 * @param options endpoint, origin, lastFollowUp and the death-cause rules (defaults above).
 * @throws {UsageError} on an unknown endpoint, a malformed date, or lastFollowUp before origin.
 * @example
 * steepEndpoint([{ date: '2021-03-01', type: 'distant_metastasis' }], { endpoint: 'DRFI', origin: '2020-03-01', lastFollowUp: '2024-01-01' })
 * // => { time: 365, status: 1, eventType: 'distant_metastasis', ... }
 */
export function steepEndpoint(events: readonly OncologyEvent[], options: SteepOptions): SteepResult {
  const rules = resolveSteepRules(options);
  return steepEndpointDays(events, dayOf(options.origin, 'origin'), dayOf(options.lastFollowUp, 'lastFollowUp'), rules);
}
