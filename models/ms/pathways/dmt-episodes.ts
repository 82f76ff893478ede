/**
 * DMT episodes, therapy lines and switches from treatment records.
 *
 * There is no single standard (docs/ms-outcomes.md "Therapy episodes and switches");
 * the rules used here, in order, per patient:
 * 1. Records are sorted by start, then stop (ongoing last), then drug name.
 *    A record whose stop lies before its start is an error.
 * 2. Same drug (names compared after {@link normalizeDrugName}: case, spaces,
 *    hyphens, underscores), restarted: a record of the drug of the current (latest)
 *    episode that starts no later than `gapDays` days after that episode's stop
 *    (or while it runs) continues the episode; its stop becomes the later stop
 *    (ongoing if either is). A later start opens a new episode (a restart).
 * 3. Overlap: a record of another drug that starts while the current episode
 *    runs ends that episode the day before the new start (the switch date);
 *    the overlap is reported as `overlapDays` on the transition. If the earlier
 *    drug was recorded as outlasting the new one (concurrent use, add-on), a
 *    warning says so; concurrent therapy is not modelled. Two drugs started
 *    on the same day: the one sorted first keeps a one-day episode, warned.
 * 4. Lines: the k-th episode of a patient is therapy line k (a restart of the
 *    same drug after a gap is a new line).
 * 5. Transitions between consecutive episodes, with `gap` = next start - stop:
 *    same drug: `restart`; other drug with gap <= `switchGapDays`: `switch`;
 *    longer: `discontinuation` (then a new start). Each is labelled by the
 *    efficacy classes: `escalation` (moderate -> high), `lateral` (same
 *    class), `de-escalation` (high -> moderate), null when a class is unknown.
 *    The stop reason is the one recorded on the last record of the episode.
 * 6. An episode ends `ongoing` (no stop), `switch`, `restart`,
 *    `discontinuation` (a longer gap before the next one) or `stopped` (the
 *    patient's last episode has a stop).
 * Durations are `stop - start` in days; ongoing episodes run to `asOf`.
 */
import { UsageError } from '../../../util/errors.js';
import { isoFromDayNumber, toDayNumber, type MsDate } from '../day-number.js';
import { DEFAULT_DMT_CLASS_MAP, dmtClassOf, normalizeDrugName, type DmtClassMap, type DmtEfficacy } from './drug-classes.js';

/** One treatment record (a prescription period of one drug). */
export interface TreatmentRecord {
  id: string;
  drug: string;
  start: MsDate;
  /** Last day; null or undefined while ongoing. */
  stop?: MsDate | null;
  /** Why the drug was stopped (efficacy, adverse_event, patient_wish, ...). */
  stopReason?: string | null;
}

/** Options of {@link dmtEpisodes}; every field optional. */
export interface DmtEpisodeOptions {
  /** The same drug restarted within this many days of its stop continues the episode. Default 90 (docs/ms-outcomes.md: 90-180). */
  gapDays?: number;
  /** Another drug started within this many days of a stop is a switch; a longer gap is a discontinuation. Default 90. */
  switchGapDays?: number;
  /** Drug -> class map. Default {@link DEFAULT_DMT_CLASS_MAP} (DGN 2021). */
  classMap?: DmtClassMap;
  /** Ongoing episodes are counted up to this date. Default: the latest start or stop in the records. */
  asOf?: MsDate;
}

/** Options with defaults filled in. */
export interface ResolvedDmtEpisodeOptions {
  gapDays: number;
  switchGapDays: number;
  classMap: DmtClassMap;
  /** Day number, or null when there are no records. */
  asOf: number | null;
}

/** The defaults (see {@link DmtEpisodeOptions}). */
export const DEFAULT_DMT_EPISODE_OPTIONS = Object.freeze({ gapDays: 90, switchGapDays: 90, classMap: DEFAULT_DMT_CLASS_MAP });

/** How an episode ended. */
export type EpisodeEnd = 'ongoing' | 'switch' | 'restart' | 'discontinuation' | 'stopped';

/** One continuous use of one drug. */
export interface DmtEpisode {
  id: string;
  /** Therapy line (1 = first). */
  line: number;
  drug: string;
  efficacy: DmtEfficacy | null;
  dgnClass: 'I' | 'II' | 'III' | null;
  start: string;
  /** ISO stop, null while ongoing. */
  stop: string | null;
  /** stop - start in days (to `asOf` while ongoing). */
  durationDays: number;
  ongoing: boolean;
  end: EpisodeEnd;
  stopReason: string | null;
  /** Records merged into this episode. */
  records: number;
}

/** Kind of a transition between consecutive episodes. */
export type TransitionType = 'switch' | 'restart' | 'discontinuation';
/** Direction of a transition by efficacy class. */
export type SwitchDirection = 'escalation' | 'lateral' | 'de-escalation';

/** A transition from line k to line k + 1. */
export interface DmtTransition {
  id: string;
  fromLine: number;
  toLine: number;
  fromDrug: string;
  toDrug: string;
  fromEfficacy: DmtEfficacy | null;
  toEfficacy: DmtEfficacy | null;
  type: TransitionType;
  direction: SwitchDirection | null;
  /** Stop of the earlier episode (ISO). */
  date: string;
  /** Days from the stop to the next start (0 or more; 0 when they overlapped). */
  gapDays: number;
  /** Days the recorded periods overlapped, stop day included (0 when none, or when the earlier record had no stop). */
  overlapDays: number;
  stopReason: string | null;
}

/** Result of {@link dmtEpisodes}. */
export interface DmtEpisodesResult {
  episodes: DmtEpisode[];
  transitions: DmtTransition[];
  /** Drugs without a class in the map (sorted, normalized as given). */
  unclassified: string[];
  warnings: string[];
  options: ResolvedDmtEpisodeOptions;
}

function nonNegative(name: string, v: number): number {
  if (!(Number.isFinite(v) && v >= 0)) throw new UsageError(`${name} must be a finite number >= 0, got ${v}`);
  return v;
}

interface Rec {
  drug: string;
  start: number;
  stop: number | null;
  reason: string | null;
}

interface Work {
  drug: string;
  start: number;
  stop: number | null;
  /** Stop as recorded before truncation by an overlapping switch. */
  recordedStop: number | null;
  reason: string | null;
  records: number;
  overlapNext: number;
}

/** Direction of a change between two efficacy classes. */
export function switchDirection(from: DmtEfficacy | null, to: DmtEfficacy | null): SwitchDirection | null {
  if (from === null || to === null) return null;
  if (from === to) return 'lateral';
  return from === 'moderate' ? 'escalation' : 'de-escalation';
}

/**
 * DMT episodes, therapy lines and transitions (switch / restart /
 * discontinuation with escalation / lateral / de-escalation) from treatment
 * records of many patients; rules in the module documentation.
 * @param treatments records of all patients (not mutated).
 * @param options gapDays 90, switchGapDays 90, classMap DGN 2021, asOf latest date.
 * @throws {UsageError} on invalid dates, a stop before its start, an empty drug or bad options.
 * @example dmtEpisodes([{ id: '1', drug: 'fingolimod', start: '2020-01-01', stop: '2021-01-01' }]).episodes[0].line // => 1
 */
export function dmtEpisodes(treatments: readonly TreatmentRecord[], options: DmtEpisodeOptions = {}): DmtEpisodesResult {
  const gapDays = nonNegative('gapDays', options.gapDays ?? DEFAULT_DMT_EPISODE_OPTIONS.gapDays);
  const switchGapDays = nonNegative('switchGapDays', options.switchGapDays ?? DEFAULT_DMT_EPISODE_OPTIONS.switchGapDays);
  const classMap = options.classMap ?? DEFAULT_DMT_EPISODE_OPTIONS.classMap;
  const warnings: string[] = [];
  const byId = new Map<string, Rec[]>();
  let latest = -Infinity;
  treatments.forEach((t, row) => {
    const drug = String(t.drug ?? '').trim();
    if (drug === '') throw new UsageError(`treatment row ${row + 1} (id ${t.id}): empty drug`);
    const start = toDayNumber(t.start, `treatment row ${row + 1} start`);
    const stop = t.stop === null || t.stop === undefined || t.stop === '' ? null : toDayNumber(t.stop, `treatment row ${row + 1} stop`);
    if (stop !== null && stop < start) throw new UsageError(`treatment row ${row + 1} (id ${t.id}, ${drug}): stop ${isoFromDayNumber(stop)} before start ${isoFromDayNumber(start)}`);
    latest = Math.max(latest, start, stop ?? start);
    let list = byId.get(t.id);
    if (!list) byId.set(t.id, (list = []));
    list.push({ drug, start, stop, reason: t.stopReason ?? null });
  });
  const asOf = options.asOf !== undefined ? toDayNumber(options.asOf, 'asOf') : Number.isFinite(latest) ? latest : null;
  const resolved: ResolvedDmtEpisodeOptions = { gapDays, switchGapDays, classMap, asOf };

  const episodes: DmtEpisode[] = [];
  const transitions: DmtTransition[] = [];
  const unclassified = new Set<string>();
  for (const [id, recs] of byId) {
    const sorted = [...recs].sort(
      (a, b) => a.start - b.start || (a.stop ?? Infinity) - (b.stop ?? Infinity) || (a.drug < b.drug ? -1 : a.drug > b.drug ? 1 : 0),
    );
    const work: Work[] = [];
    for (const r of sorted) {
      const cur = work[work.length - 1];
      if (cur && normalizeDrugName(cur.drug) === normalizeDrugName(r.drug) && (cur.stop === null || r.start <= cur.stop + gapDays)) {
        // rule 2: continues the episode
        if (cur.stop === null || r.stop === null) {
          cur.stop = null;
          cur.recordedStop = null;
          cur.reason = null;
        } else if (r.stop >= cur.stop) {
          cur.stop = r.stop;
          cur.recordedStop = r.stop;
          cur.reason = r.reason;
        }
        cur.records++;
        continue;
      }
      if (cur && (cur.stop === null || cur.stop >= r.start)) {
        // rule 3: overlap, the earlier episode ends the day before the new start
        const recordedStop = cur.stop;
        if (recordedStop === null || (r.stop !== null && recordedStop > r.stop)) {
          warnings.push(`patient ${id}: ${cur.drug} recorded beyond the start of ${r.drug} on ${isoFromDayNumber(r.start)}${recordedStop === null ? ' (ongoing)' : ''}; concurrent use not modelled, ${cur.drug} ends at the switch`);
        }
        if (r.start <= cur.start) {
          warnings.push(`patient ${id}: ${cur.drug} and ${r.drug} start on the same day ${isoFromDayNumber(r.start)}; ${cur.drug} kept as a one-day episode`);
          cur.overlapNext = recordedStop === null ? 0 : recordedStop - r.start + 1;
          cur.stop = cur.start;
        } else {
          // an ongoing earlier record (stop not recorded) counts no overlap; it is warned above
          cur.overlapNext = recordedStop === null ? 0 : recordedStop - r.start + 1;
          cur.stop = r.start - 1;
        }
        if (recordedStop === null) cur.reason = null;
      }
      work.push({ drug: r.drug, start: r.start, stop: r.stop, recordedStop: r.stop, reason: r.reason, records: 1, overlapNext: 0 });
    }
    const eps: DmtEpisode[] = work.map((w, k) => {
      const cls = dmtClassOf(w.drug, classMap);
      if (!cls) unclassified.add(w.drug);
      const ongoing = w.stop === null;
      const end = ongoing ? (asOf ?? w.start) : (w.stop as number);
      return {
        id,
        line: k + 1,
        drug: w.drug,
        efficacy: cls?.efficacy ?? null,
        dgnClass: cls?.dgnClass ?? null,
        start: isoFromDayNumber(w.start),
        stop: ongoing ? null : isoFromDayNumber(w.stop as number),
        durationDays: Math.max(0, end - w.start),
        ongoing,
        end: ongoing ? 'ongoing' : 'stopped',
        stopReason: w.reason,
        records: w.records,
      };
    });
    for (let k = 0; k + 1 < work.length; k++) {
      const a = work[k] as Work;
      const b = work[k + 1] as Work;
      const ea = eps[k] as DmtEpisode;
      const eb = eps[k + 1] as DmtEpisode;
      const stop = a.stop as number;
      const overlap = a.overlapNext;
      const gap = overlap > 0 ? 0 : Math.max(0, b.start - stop);
      const sameDrug = normalizeDrugName(a.drug) === normalizeDrugName(b.drug);
      const type: TransitionType = sameDrug ? 'restart' : gap <= switchGapDays ? 'switch' : 'discontinuation';
      ea.end = type;
      transitions.push({
        id,
        fromLine: ea.line,
        toLine: eb.line,
        fromDrug: ea.drug,
        toDrug: eb.drug,
        fromEfficacy: ea.efficacy,
        toEfficacy: eb.efficacy,
        type,
        direction: switchDirection(ea.efficacy, eb.efficacy),
        date: isoFromDayNumber(stop),
        gapDays: gap,
        overlapDays: overlap,
        stopReason: a.reason,
      });
    }
    episodes.push(...eps);
  }
  if (unclassified.size > 0) warnings.push(`drugs without a class in the map: ${[...unclassified].sort().join(', ')}`);
  return { episodes, transitions, unclassified: [...unclassified].sort(), warnings, options: resolved };
}
