/**
 * NEDA-3 (no evidence of disease activity) in an observation window, and the
 * time to loss of NEDA: no relapse, no new or enlarging T2 lesion and no
 * gadolinium-enhancing lesion on MRI, no confirmed disability worsening
 * (Giovannoni G et al., Mult Scler Relat Disord 2015;4:329; Havrdova E et al.,
 * Lancet Neurol 2009;8:254; docs/ms-outcomes.md "NEDA-3"). Evaluated per patient
 * (any window) or per therapy episode (window = the episode).
 *
 * Rules (options, defaults in brackets):
 * - a relapse counts when it is a follow-up relapse of the window
 *   ({@link isFollowUpRelapse}: after the window start, up to its end; a
 *   relapse on the start (index) date, such as the onset relapse, does not
 *   count [`includeIndexRelapses: false`]) and lies at least
 *   `relapseGraceDays` [0] days after the start;
 * - MRI activity: an MRI in the window with new/enlarging T2 > 0 or Gd+ > 0;
 *   MRIs less than `rebaselineDays` [0] days after the window start are the new
 *   reference and do not count (common for therapy episodes: 90-180 days);
 * - a CDW counts by its onset date [`cdwDate: 'onset'`] or confirmation date;
 * - without any MRI in the window MRI activity is unknown: NEDA is `null`
 *   unless clinical activity already shows loss of NEDA [`requireMri: true`].
 * The time to loss is from the window start to the first evidence, censored
 * at the window end.
 */
import { UsageError } from '../../util/errors.js';
import { toDayNumber, isoFromDayNumber, type MsDate } from './day-number.js';
import { INCLUDE_INDEX_RELAPSES_DEFAULT, isFollowUpRelapse, type FollowUpRelapseOptions } from './follow-up-relapse.js';

/** One MRI examination with its findings (null = not reported). */
export interface MriFinding {
  date: MsDate;
  /** Number of new or enlarging T2 lesions versus the previous scan. */
  newT2: number | null;
  /** Number of gadolinium-enhancing lesions. */
  gdEnhancing: number | null;
}

/** Activity data of one patient. */
export interface NedaData {
  relapses: readonly MsDate[];
  mri: readonly MriFinding[];
  /** Confirmed worsening events (e.g. from {@link patientDisabilityEvents}: `date` onset, `confirmedDate`). */
  cdw: readonly { date: MsDate; confirmedDate: MsDate }[];
}

/** Options of {@link nedaStatus}. */
export interface NedaOptions extends FollowUpRelapseOptions {
  /** MRIs within this many days after the window start are a re-baseline and ignored (default 0). */
  rebaselineDays?: number;
  /** Clinical (relapse) re-baseline: relapses less than this many days after the start are ignored (default 0; a relapse on the start date never counts unless `includeIndexRelapses`). */
  relapseGraceDays?: number;
  /** Date of a CDW: `onset` (default) or `confirmation`. */
  cdwDate?: 'onset' | 'confirmation';
  /** Without an MRI in the window, NEDA is unknown (null) unless activity was found (default true). */
  requireMri?: boolean;
}

/** NEDA-3 of one window. */
export interface NedaResult {
  /** true = NEDA-3 held over the window; false = lost; null = unknown (no MRI, no clinical activity). */
  neda: boolean | null;
  /** First date of each kind of activity in the window (ISO), or null. */
  firstRelapse: string | null;
  firstMriActivity: string | null;
  firstCdw: string | null;
  /** Date NEDA was lost (earliest of the above), or null. */
  lossDate: string | null;
  /** Days from window start to loss, or to the window end when NEDA was not lost (censored). */
  time: number;
  /** 1 when NEDA was lost in the window, else 0 (censored). */
  event: 0 | 1;
  /** Number of MRIs assessed in the window (after the re-baseline period). */
  mriCount: number;
}

/**
 * NEDA-3 in `[start, end]` for one patient.
 * @throws {UsageError} on invalid dates, `end < start`, or negative option values.
 * @example nedaStatus({ relapses: [], mri: [{ date: '2021-01-10', newT2: 0, gdEnhancing: 0 }], cdw: [] }, '2020-06-01', '2021-06-01').neda // => true
 */
export function nedaStatus(data: NedaData, start: MsDate, end: MsDate, options: NedaOptions = {}): NedaResult {
  const s = toDayNumber(start, 'window start');
  const e = toDayNumber(end, 'window end');
  if (e < s) throw new UsageError(`NEDA window: end ${String(end)} before start ${String(start)}`);
  const rebaseline = options.rebaselineDays ?? 0;
  const grace = options.relapseGraceDays ?? 0;
  if (!(rebaseline >= 0) || !(grace >= 0)) throw new UsageError('NEDA: rebaselineDays and relapseGraceDays must be >= 0');
  const cdwDate = options.cdwDate ?? 'onset';
  if (cdwDate !== 'onset' && cdwDate !== 'confirmation') throw new UsageError(`NEDA: cdwDate must be onset or confirmation, got ${String(cdwDate)}`);
  const requireMri = options.requireMri ?? true;
  const includeIndex = options.includeIndexRelapses ?? INCLUDE_INDEX_RELAPSES_DEFAULT;
  const first = (days: number[]): number | null => (days.length ? Math.min(...days) : null);

  const rel = first(data.relapses.map((r) => toDayNumber(r, 'relapse date')).filter((d) => isFollowUpRelapse(d, s, e, includeIndex) && d - s >= grace));
  const mriIn = data.mri.map((m) => ({ day: toDayNumber(m.date, 'MRI date'), m })).filter((x) => x.day - s >= rebaseline && x.day <= e);
  const mriActive = first(mriIn.filter((x) => (x.m.newT2 ?? 0) > 0 || (x.m.gdEnhancing ?? 0) > 0).map((x) => x.day));
  const cdw = first(data.cdw.map((c) => toDayNumber(cdwDate === 'onset' ? c.date : c.confirmedDate, 'CDW date')).filter((d) => d >= s && d <= e));
  const candidates = [rel, mriActive, cdw].filter((d): d is number => d !== null);
  const loss = candidates.length ? Math.min(...candidates) : null;
  let neda: boolean | null = loss === null;
  if (loss === null && requireMri && mriIn.length === 0) neda = null;
  const iso = (d: number | null): string | null => (d === null ? null : isoFromDayNumber(d));
  return {
    neda,
    firstRelapse: iso(rel),
    firstMriActivity: iso(mriActive),
    firstCdw: iso(cdw),
    lossDate: iso(loss),
    time: (loss ?? e) - s,
    event: loss === null ? 0 : 1,
    mriCount: mriIn.length,
  };
}

/** A therapy episode (or any labelled window) of one patient. */
export interface NedaEpisode {
  id: string;
  label?: string;
  start: MsDate;
  end: MsDate;
}

/**
 * NEDA-3 per episode: each episode evaluated with {@link nedaStatus} on its patient's data.
 * @param dataById activity data by patient id (patients missing here have no activity and no MRI).
 * @example nedaByEpisode([{ id: '1', label: 'ocrelizumab', start: '2020-01-01', end: '2021-01-01' }], new Map([['1', data]]), { rebaselineDays: 90 })
 */
export function nedaByEpisode(episodes: readonly NedaEpisode[], dataById: ReadonlyMap<string, NedaData>, options: NedaOptions = {}): (NedaResult & { id: string; label: string | null })[] {
  const empty: NedaData = { relapses: [], mri: [], cdw: [] };
  return episodes.map((ep) => ({ id: ep.id, label: ep.label ?? null, ...nedaStatus(dataById.get(ep.id) ?? empty, ep.start, ep.end, options) }));
}
