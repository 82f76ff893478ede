/**
 * STEEP endpoints over many patients: events grouped by pseudonym, one row
 * per patient in the order of `patients`, time and status as Float64Array
 * ready for kaplanMeier / coxph. The rules are those of steep-endpoint.ts.
 */
import { UsageError } from '../../util/errors.js';
import { dayOf } from './day-number.js';
import { resolveSteepRules, steepEndpointDays, type OncologyEvent, type SteepResult, type SteepRuleOptions } from './steep-endpoint.js';
import type { SteepEventCategory } from './steep-definitions.js';

/** One patient's follow-up frame. */
export interface SteepPatient {
  pseudonym: string;
  /** Time origin, ISO date. */
  origin: string;
  /** Last follow-up or data cut-off, ISO date. */
  lastFollowUp: string;
}

/** Endpoint of many patients, aligned with the `patients` argument. */
export interface SteepEndpoints {
  pseudonym: string[];
  /** Days from origin to event or censoring. */
  time: Float64Array;
  /** 1 = event, 0 = censored. */
  status: Float64Array;
  eventType: (string | null)[];
  category: (SteepEventCategory | null)[];
  eventDate: (string | null)[];
  /** Per-patient warnings prefixed with the pseudonym, plus events of unknown patients. */
  warnings: string[];
}

/**
 * Vectorized {@link steepEndpoint}.
 * @param events canonical events of all patients (any order; not modified); events of pseudonyms not in `patients` are ignored with one warning.
 * @param patients one frame per patient (pseudonyms must be unique).
 * @param options endpoint and death-cause rules (defaults as in steepEndpoint).
 * @throws {UsageError} on duplicate pseudonyms, bad options, or a bad date (the message names the patient).
 * @example steepEndpoints(events, [{ pseudonym: 'P1', origin: '2020-01-01', lastFollowUp: '2025-01-01' }], { endpoint: 'IDFS' }).time
 */
export function steepEndpoints(
  events: readonly (OncologyEvent & { pseudonym: string })[],
  patients: readonly SteepPatient[],
  options: SteepRuleOptions,
): SteepEndpoints {
  const rules = resolveSteepRules(options);
  const n = patients.length;
  const groups = new Map<string, OncologyEvent[]>();
  for (const p of patients) {
    if (groups.has(p.pseudonym)) throw new UsageError(`Duplicate pseudonym in patients: ${p.pseudonym}`);
    groups.set(p.pseudonym, []);
  }
  let unknown = 0;
  for (const e of events) {
    const g = groups.get(e.pseudonym);
    if (g) g.push(e);
    else unknown++;
  }
  const out: SteepEndpoints = {
    pseudonym: new Array<string>(n),
    time: new Float64Array(n),
    status: new Float64Array(n),
    eventType: new Array<string | null>(n),
    category: new Array<SteepEventCategory | null>(n),
    eventDate: new Array<string | null>(n),
    warnings: [],
  };
  for (let i = 0; i < n; i++) {
    const p = patients[i] as SteepPatient;
    let r: SteepResult;
    try {
      r = steepEndpointDays(groups.get(p.pseudonym) as OncologyEvent[], dayOf(p.origin, 'origin'), dayOf(p.lastFollowUp, 'lastFollowUp'), rules);
    } catch (e) {
      if (e instanceof UsageError) throw new UsageError(`patient ${p.pseudonym}: ${e.message}`);
      throw e;
    }
    out.pseudonym[i] = p.pseudonym;
    out.time[i] = r.time;
    out.status[i] = r.status;
    out.eventType[i] = r.eventType;
    out.category[i] = r.category;
    out.eventDate[i] = r.eventDate;
    for (const w of r.warnings) out.warnings.push(`${p.pseudonym}: ${w}`);
  }
  if (unknown > 0) out.warnings.push(`${unknown} event(s) of pseudonyms not in patients ignored`);
  return out;
}
