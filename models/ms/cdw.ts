/**
 * Confirmed disability worsening (CDW, also CDP) and confirmed disability
 * improvement (CDI) on the EDSS, from one patient's visits and relapse onsets,
 * with every rule an option ({@link CdwOptions}, defaults and sources there).
 *
 * Rules (see docs/ms-outcomes.md "Confirmed disability worsening and improvement"; msprog, MSoutcomes):
 * 1. Visits without an EDSS are dropped (warning); several visits on one day:
 *    the last one listed is kept (msprog); visits are sorted by date.
 * 2. A visit 0 to `relapseExclusionDays` days after a relapse onset is
 *    "excluded": it is never a reference nor a confirmation; it may be an
 *    event onset (that is RAW), and it must still show the change when it lies
 *    between an onset and its confirmation (rule 4).
 * 3. The reference is the first non-excluded visit. A visit is a candidate
 *    worsening when `edss - ref >= delta(ref)` and a candidate improvement when
 *    `ref - edss >= delta(ref)` ({@link edssMinimumChange}, band edge `deltaEdge`).
 * 4. A candidate is confirmed at the first non-excluded later visit that lies
 *    `confirmDays - toleranceBeforeDays` to `confirmDays + toleranceAfterDays`
 *    days after the onset, provided the change holds at EVERY visit from the
 *    onset up to and including it, excluded visits too (msprog:
 *    `all(sapply((change_idx + 1):conf_idx[[1]], ...))`); with
 *    `requireSustained` it must also hold at every later non-excluded visit.
 *    A candidate at the last visit, or with no visit in the window, is not an
 *    event.
 * 5. After a confirmed event the scan resumes after the confirmation visit.
 *    Roving baseline: the reference (both directions) moves to the
 *    confirmation visit (or the extreme EDSS from onset to confirmation).
 *    Fixed baseline: the reference stays, except that a further event of the
 *    same direction is measured from the level the previous one confirmed
 *    (lowest EDSS onset..confirmation for worsening, highest for improvement),
 *    so a plateau is not counted twice.
 * 6. With `rebaselineAfterRelapse` (Kappos 2020), a non-excluded visit that is
 *    not a confirmed onset and follows a relapse onset after the reference
 *    becomes the new reference.
 * 7. Each CDW is classified RAW / PIRA / null ({@link classifyWorsening}); CDI kind is null.
 * 8. Selection ({@link CdwEventSelection}): `first`/`firsteach` keep the first
 *    CDW and the first CDI, `firstCDW` the first CDW, `firstCDWtype` the first
 *    CDW of each kind (PIRA, RAW, neither), `firstany` the first event,
 *    `multiple` all; the scan itself is the same for every choice.
 */
import { UsageError } from '../../util/errors.js';
import { resolveCdwOptions, type CdwEventSelection, type CdwOptions, type ResolvedCdwOptions } from './cdw-options.js';
import { isoFromDayNumber, toDayNumber, type MsDate } from './day-number.js';
import { edssMinimumChange } from './edss-delta.js';
import { classifyWorsening, type WorseningKind } from './worsening-kind.js';

/** One EDSS assessment of one patient. */
export interface EdssVisit {
  /** ISO date or day number (days since 1970-01-01). */
  date: MsDate;
  /** EDSS (0 to 10); NaN or null = not assessed (the visit is dropped). */
  edss: number | null;
}

/** One confirmed event: the `midia ms cdw` JSON contract, field for field. */
export interface DisabilityEvent {
  id: string;
  type: 'CDW' | 'CDI';
  /** For CDW: PIRA, RAW or null (neither); always null for CDI. */
  kind: WorseningKind;
  /** Onset (first visit with the change), ISO date. */
  date: string;
  /** Reference EDSS the change was measured from. */
  baselineEdss: number;
  /** EDSS at onset. */
  edss: number;
  /** Date of the confirmation visit, ISO. */
  confirmedDate: string;
}

/** Result of the derivation: events in order of onset, warnings as data. */
export interface DisabilityEventsResult {
  events: DisabilityEvent[];
  warnings: string[];
}

interface Prepared {
  days: number[];
  edss: number[];
  excluded: boolean[];
  relapses: number[];
}

function prepare(id: string, visits: readonly EdssVisit[], relapses: readonly MsDate[], o: ResolvedCdwOptions, warnings: string[]): Prepared {
  const byDay = new Map<number, number>();
  let dropped = 0;
  let duplicates = 0;
  visits.forEach((v, k) => {
    const day = toDayNumber(v.date, `patient ${id}, visit ${k + 1} date`);
    const e = v.edss;
    if (e === null || Number.isNaN(e)) {
      dropped++;
      return;
    }
    if (!(e >= 0 && e <= 10)) throw new UsageError(`patient ${id}, visit ${k + 1}: EDSS must be in [0, 10], got ${e}`);
    if (byDay.has(day)) duplicates++;
    byDay.set(day, e);
  });
  if (dropped) warnings.push(`patient ${id}: ${dropped} visit(s) without EDSS dropped`);
  if (duplicates) warnings.push(`patient ${id}: ${duplicates} same-day visit(s); the last one listed kept`);
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const edss = days.map((d) => byDay.get(d) as number);
  const rel = relapses.map((r, k) => toDayNumber(r, `patient ${id}, relapse ${k + 1} date`)).sort((a, b) => a - b);
  const excluded = days.map((d) => rel.some((r) => d - r >= 0 && d - r <= o.relapseExclusionDays));
  return { days, edss, excluded, relapses: rel };
}

interface Reference {
  index: number;
  value: number;
}

/**
 * CDW and CDI events of one patient.
 * @param id patient identifier copied to each event.
 * @param visits EDSS assessments (any order).
 * @param relapses relapse onset dates (any order).
 * @param options see {@link CdwOptions}; defaults as msprog except `deltaEdge` 5.5.
 * @throws {UsageError} on invalid dates, EDSS outside [0, 10] or invalid options.
 * @example patientDisabilityEvents('1', [{date:'2020-01-01',edss:2},{date:'2020-06-01',edss:3},{date:'2020-10-01',edss:3}], []).events[0].type // => 'CDW'
 */
export function patientDisabilityEvents(
  id: string,
  visits: readonly EdssVisit[],
  relapses: readonly MsDate[],
  options: CdwOptions | ResolvedCdwOptions = {},
): DisabilityEventsResult {
  const o = resolveCdwOptions(options);
  const warnings: string[] = [];
  const p = prepare(id, visits, relapses, o, warnings);
  const { days, edss, excluded } = p;
  const n = days.length;
  const events: DisabilityEvent[] = [];
  const bands = { deltaEdge: o.deltaEdge };
  const worse = (ref: number, v: number): boolean => v - ref >= edssMinimumChange(ref, bands);
  const better = (ref: number, v: number): boolean => ref - v >= edssMinimumChange(ref, bands);

  let first = 0;
  while (first < n && excluded[first]) first++;
  if (first >= n) {
    if (n > 0) warnings.push(`patient ${id}: every visit lies within a relapse exclusion window; no reference`);
    return { events, warnings };
  }
  let wRef: Reference = { index: first, value: edss[first] as number };
  let iRef: Reference = { ...wRef };

  /** Index of the confirmation visit of a candidate at `i`, or -1. */
  const confirm = (i: number, holds: (v: number) => boolean): number => {
    const onset = days[i] as number;
    let j = -1;
    for (let k = i + 1; k < n; k++) {
      const dt = (days[k] as number) - onset;
      if (dt > o.confirmDays + o.toleranceAfterDays) return -1;
      // every visit up to the confirmation must show the change, one within a relapse's influence too (msprog)
      if (!holds(edss[k] as number)) return -1;
      if (!excluded[k] && dt >= o.confirmDays - o.toleranceBeforeDays) {
        j = k;
        break;
      }
    }
    if (j < 0) return -1;
    if (o.requireSustained) {
      for (let k = j + 1; k < n; k++) if (!excluded[k] && !holds(edss[k] as number)) return -1;
    }
    return j;
  };
  const extreme = (i: number, j: number, pickLow: boolean): Reference => {
    let best: Reference = { index: j, value: edss[j] as number };
    for (let k = i; k <= j; k++) {
      if (excluded[k]) continue;
      const v = edss[k] as number;
      if (pickLow ? v < best.value : v > best.value) best = { index: k, value: v };
    }
    return best;
  };

  let i = first + 1;
  while (i < n) {
    const v = edss[i] as number;
    let type: 'CDW' | 'CDI' | null = null;
    let j = -1;
    if (worse(wRef.value, v)) {
      const ref = wRef.value;
      j = confirm(i, (x) => worse(ref, x));
      if (j >= 0) type = 'CDW';
    }
    if (type === null && o.improvement && better(iRef.value, v)) {
      const ref = iRef.value;
      j = confirm(i, (x) => better(ref, x));
      if (j >= 0) type = 'CDI';
    }
    if (type !== null) {
      const ref = type === 'CDW' ? wRef : iRef;
      const refDay = days[ref.index] as number;
      events.push({
        id,
        type,
        kind: type === 'CDW' ? classifyWorsening(p.relapses, refDay, days[i] as number, days[j] as number, o.rawWindowDays, o.piraWindows) : null,
        date: isoFromDayNumber(days[i] as number),
        baselineEdss: ref.value,
        edss: v,
        confirmedDate: isoFromDayNumber(days[j] as number),
      });
      const level = extreme(i, j, type === 'CDW');
      if (o.baseline === 'roving') {
        const next = o.rovingReference === 'confirmation' ? { index: j, value: edss[j] as number } : level;
        wRef = next;
        iRef = { ...next };
      } else if (type === 'CDW') {
        wRef = level;
      } else {
        iRef = level;
      }
      i = j + 1;
      continue;
    }
    if (o.rebaselineAfterRelapse && !excluded[i]) {
      const lastRefDay = Math.max(days[wRef.index] as number, days[iRef.index] as number);
      if (p.relapses.some((r) => r > lastRefDay && r <= (days[i] as number))) {
        wRef = { index: i, value: v };
        iRef = { index: i, value: v };
      }
    }
    i++;
  }
  return { events: selectEvents(events, o.events), warnings };
}

/**
 * The events kept by a selection (events in order of onset, as derived).
 * @example selectEvents(events, 'firstCDWtype') // first PIRA, first RAW and first unclassified CDW, by onset
 */
export function selectEvents(events: readonly DisabilityEvent[], selection: CdwEventSelection): DisabilityEvent[] {
  const firstOf = (groups: readonly ((e: DisabilityEvent) => boolean)[]): DisabilityEvent[] => {
    const kept = new Set<DisabilityEvent>();
    for (const g of groups) {
      const e = events.find(g);
      if (e) kept.add(e);
    }
    return events.filter((e) => kept.has(e));
  };
  switch (selection) {
    case 'multiple':
      return [...events];
    case 'firstany':
      return events.slice(0, 1);
    case 'firstCDW':
      return firstOf([(e) => e.type === 'CDW']);
    case 'firstCDWtype':
      return firstOf([(e) => e.type === 'CDW' && e.kind === 'PIRA', (e) => e.type === 'CDW' && e.kind === 'RAW', (e) => e.type === 'CDW' && e.kind === null]);
    case 'first':
    case 'firsteach':
      return firstOf([(e) => e.type === 'CDW', (e) => e.type === 'CDI']);
  }
}

/** One EDSS row of a multi-patient table (the `--visits` file: id, date, edss). */
export interface EdssVisitRow extends EdssVisit {
  id: string;
}

/** One relapse row (the `--relapses` file: id, date). */
export interface RelapseRow {
  id: string;
  date: MsDate;
}

/**
 * CDW and CDI events of many patients: rows grouped by `id`, each patient
 * derived by {@link patientDisabilityEvents}; events ordered by id (as first
 * seen in `visits`) then onset. This is the numeric core of `midia ms cdw`.
 * @param visits EDSS rows of all patients.
 * @param relapses relapse rows (patients without visits are ignored).
 * @param options see {@link CdwOptions}.
 * @throws {UsageError} on invalid dates, EDSS or options.
 * @example confirmedDisabilityEvents(visitRows, relapseRows, { baseline: 'roving', events: 'multiple' })
 */
export function confirmedDisabilityEvents(
  visits: readonly EdssVisitRow[],
  relapses: readonly RelapseRow[],
  options: CdwOptions = {},
): DisabilityEventsResult & { options: ResolvedCdwOptions } {
  const o = resolveCdwOptions(options);
  const byId = new Map<string, EdssVisit[]>();
  for (const v of visits) {
    let list = byId.get(v.id);
    if (!list) byId.set(v.id, (list = []));
    list.push(v);
  }
  const relById = new Map<string, MsDate[]>();
  for (const r of relapses) {
    let list = relById.get(r.id);
    if (!list) relById.set(r.id, (list = []));
    list.push(r.date);
  }
  const events: DisabilityEvent[] = [];
  const warnings: string[] = [];
  for (const [id, list] of byId) {
    const r = patientDisabilityEvents(id, list, relById.get(id) ?? [], o);
    events.push(...r.events);
    warnings.push(...r.warnings);
  }
  return { events, warnings, options: o };
}
