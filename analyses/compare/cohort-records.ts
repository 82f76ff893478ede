/**
 * The rows of a comparison from canonical records in memory (a generated
 * synthetic cohort): the twin of compare-records.ts (the session's SQL) for
 * benchmarks and simulation studies that run hundreds of replicates without a
 * database. Same rules: age in completed years at the index date (birth on
 * the 15th of the month, or 1 July when the month is unknown), last follow-up
 * the latest dated record capped at death, the last covariate value in the
 * baseline window, therapies by substance (case-insensitive) or ATC prefix,
 * outcomes by event type or code. test/analyses/compare/compare-records.test.ts
 * holds the two together on the synthetic cohort.
 */
import type { ClinicalEvent, Observation, Patient, Treatment, Visit } from '../../engine/schema.js';
import { EVENT_TYPES } from '../../engine/schema.js';
import { daysFromCivil, daysFromIso } from '../../util/dates.js';
import { UsageError } from '../../util/errors.js';
import { TABLE_COVARIATES, type ResolvedCompareOptions } from './compare-options.js';
import { ATC_PATTERN, covariateCode, neededCovariates } from './compare-records.js';
import type { CompareRecords } from './trial-data.js';

/** Canonical records of a cohort. */
export interface CohortTables {
  patients: readonly Patient[];
  events: readonly ClinicalEvent[];
  observations: readonly Observation[];
  treatments: readonly Treatment[];
  visits: readonly Visit[];
}

function therapyMatcher(name: string): (t: Treatment) => boolean {
  const lower = name.toLowerCase();
  const atc = ATC_PATTERN.test(name) && name.length >= 3 ? name.toUpperCase() : null;
  return (t) => t.substance.toLowerCase() === lower || (atc !== null && (t.atc ?? '').toUpperCase().startsWith(atc));
}

function group<T extends { pseudonym: string }>(rows: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const l = m.get(r.pseudonym);
    if (l) l.push(r);
    else m.set(r.pseudonym, [r]);
  }
  return m;
}

/**
 * Builds the rows of a comparison from canonical records.
 * @throws {UsageError} for an outcome or covariate the records cannot serve (as compare-records.ts).
 * @example analyseComparison(compareRecordsFromCohort(withSupportiveTherapies(generateCohort()), o), o)
 */
export function compareRecordsFromCohort(t: CohortTables, o: ResolvedCompareOptions): CompareRecords {
  const codes = new Set(t.events.filter((e) => e.code !== null && e.code !== undefined).map((e) => e.code!.toLowerCase()));
  const types = new Set((EVENT_TYPES as readonly string[]).map((x) => x.toLowerCase()));
  for (const [label, list] of [['--outcome', o.outcome], ['--negative-controls', o.negativeControls]] as const) {
    for (const x of list) if (!types.has(x.toLowerCase()) && !codes.has(x.toLowerCase())) throw new UsageError(`${label} ${x}: neither an event type (${EVENT_TYPES.join(', ')}) nor the code of any event in the study's data`);
  }
  const obsBy = group(t.observations);
  const evBy = group(t.events);
  const trBy = group(t.treatments);
  const viBy = group(t.visits);
  // covariate codes: exact code found case-insensitively, numeric unless only texts
  const codeOf = new Map<string, { code: string; text: boolean }>();
  for (const c of neededCovariates(o)) {
    if ((TABLE_COVARIATES as readonly string[]).includes(c.toLowerCase())) continue;
    const { code: wanted, forceText } = covariateCode(c);
    const hits = t.observations.filter((x) => x.code.toLowerCase() === wanted.toLowerCase());
    if (hits.length === 0) throw new UsageError(`--covariates ${c}: not an analysis-table column (${TABLE_COVARIATES.join(', ')}) and no observation has this code`);
    const code = [...new Set(hits.map((h) => h.code))].sort()[0]!;
    const same = hits.filter((h) => h.code === code);
    const hasText = same.some((h) => h.value_text !== null && h.value_text !== undefined);
    if (forceText && !hasText) throw new UsageError(`--covariates ${c}: observations of ${code} have no text values`);
    codeOf.set(c, { code, text: forceText || (!same.some((h) => h.value !== null && h.value !== undefined) && hasText) });
  }
  const treat = therapyMatcher(o.treatment);
  const control = o.design === 'new-user' ? therapyMatcher(o.control) : () => false;
  const names = new Set([...o.outcome, ...o.negativeControls, 'death'].map((x) => x.toLowerCase()));
  const out: CompareRecords = { patients: [], therapies: [], events: [], measurements: [] };
  for (const p of t.patients) {
    if (p.diagnosis !== o.diagnosis) continue;
    const index = daysFromIso(p.index_date);
    const ev = evBy.get(p.pseudonym) ?? [];
    const ob = obsBy.get(p.pseudonym) ?? [];
    const tr = trBy.get(p.pseudonym) ?? [];
    let last = Math.max(index, p.last_contact ? daysFromIso(p.last_contact) : index);
    for (const e of ev) last = Math.max(last, daysFromIso(e.date));
    for (const x of ob) last = Math.max(last, daysFromIso(x.date));
    for (const v of viBy.get(p.pseudonym) ?? []) last = Math.max(last, daysFromIso(v.date));
    for (const x of tr) last = Math.max(last, daysFromIso(x.start), x.stop ? daysFromIso(x.stop) : -Infinity);
    const deaths = ev.filter((e) => e.type === 'death').map((e) => daysFromIso(e.date));
    if (deaths.length) last = Math.min(last, Math.min(...deaths));
    const birth = daysFromCivil(p.birth_year, p.birth_month ?? 7, p.birth_month === null || p.birth_month === undefined ? 1 : 15);
    const covariates: Record<string, number | string | null> = {};
    for (const c of neededCovariates(o)) {
      const col = c.toLowerCase();
      if (col === 'age') covariates[c] = Math.floor((index - birth) / 365.25);
      else if (col === 'sex') covariates[c] = p.sex;
      else if (col === 'site') covariates[c] = p.site ?? null;
      else if (col === 'diagnosis_icd10') covariates[c] = p.diagnosis_icd10 ?? null;
      else {
        const { code, text } = codeOf.get(c)!;
        const window = ob
          .filter((x) => x.code === code && (text ? x.value_text !== null && x.value_text !== undefined : x.value !== null && x.value !== undefined))
          .filter((x) => {
            const d = daysFromIso(x.date) - index;
            return d >= -o.baselineDaysBefore && d <= o.baselineDaysAfter;
          })
          .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
        const hit = window[window.length - 1];
        covariates[c] = hit ? (text ? hit.value_text! : hit.value!) : null;
      }
    }
    out.patients.push({ pseudonym: p.pseudonym, lastFollowUp: last - index, covariates });
    for (const x of tr) {
      const which = treat(x) ? 'treatment' : control(x) ? 'control' : null;
      if (which) out.therapies.push({ pseudonym: p.pseudonym, which, start: daysFromIso(x.start) - index, stop: x.stop ? daysFromIso(x.stop) - index : null });
    }
    for (const e of ev) if (names.has(e.type.toLowerCase()) || (e.code !== null && e.code !== undefined && names.has(e.code.toLowerCase()))) out.events.push({ pseudonym: p.pseudonym, day: daysFromIso(e.date) - index, type: e.type, code: e.code ?? null });
    for (const c of o.timeUpdated) {
      const { code } = codeOf.get(c)!;
      for (const x of ob) if (x.code === code && x.value !== null && x.value !== undefined && daysFromIso(x.date) - index >= -o.baselineDaysBefore) out.measurements.push({ code: c, pseudonym: p.pseudonym, day: daysFromIso(x.date) - index, value: x.value });
    }
  }
  out.patients.sort((a, b) => (a.pseudonym < b.pseudonym ? -1 : a.pseudonym > b.pseudonym ? 1 : 0));
  return out;
}
