/**
 * Per-patient therapy-response features and baseline characteristics for
 * clustering and treatment comparisons (`midia ms cluster`, `midia ms compare`): ARR on
 * therapy, EDSS slope, NEDA-3 status, MRI activity, baseline EDSS, prior
 * relapses, age and disease duration at a reference date.
 *
 * Pure functions on plain records (dates as ISO strings or day numbers, see
 * {@link toDayNumber}); no database access. Missing numeric values are NaN
 * (the convention of models/design ColumnTable), so a feature matrix can drop
 * incomplete rows in one place ({@link featureMatrix}).
 *
 * Definitions (docs/ms-outcomes.md):
 * - ARR (over the window) and ARR on therapy: follow-up relapses
 *   ({@link isFollowUpRelapse}, docs/ms-outcomes.md: after the start of the
 *   window, or of an exposure interval, up to and including its end; the
 *   onset relapse on the index date does not count) divided by the years of
 *   the window or of DMT exposure (crude rate of the patient; exposure ends at
 *   a stop or switch, ongoing exposure runs to the end of the window).
 * - EDSS slope: ordinary least-squares slope of the recorded EDSS on time in
 *   years over the window (as the per-course feature of bench/cluster.ts);
 *   NaN with fewer than `minSlopeVisits` visits or no spread in time.
 * - NEDA-3: {@link nedaStatus} over the first `nedaYears` years after the
 *   first DMT start (NEDA at 2 years: Havrdova et al., Lancet Neurol
 *   2009;8:254-260; Giovannoni et al., Mult Scler Relat Disord 2015;4:329).
 * - MRI activity: share of MRI scans on therapy with a new/enlarging T2 or a
 *   gadolinium-enhancing lesion.
 */
import { UsageError } from '../../util/errors.js';
import { toDayNumber, type MsDate } from './day-number.js';
import { INCLUDE_INDEX_RELAPSES_DEFAULT, isFollowUpRelapse } from './follow-up-relapse.js';
import { nedaStatus, type MriFinding } from './neda.js';
import { DAYS_PER_YEAR } from './relapse-rate.js';

/** One recorded EDSS score. */
export interface DatedEdss {
  date: MsDate;
  edss: number;
}

/** A DMT exposure window (a stop of null means ongoing to the end of the patient's window). */
export interface ExposureInterval {
  start: MsDate;
  stop: MsDate | null;
}

/** Everything {@link responseFeatures} needs about one patient. */
export interface PatientResponseInput {
  id: string;
  /** Start of the observation window (e.g. the index date; a relapse on it is not a follow-up relapse). */
  start: MsDate;
  /** End of the observation window (e.g. the last contact), inclusive. */
  end: MsDate;
  edss: readonly DatedEdss[];
  /** Relapse onsets (any time; only the follow-up relapses of the window count). */
  relapses: readonly MsDate[];
  mri: readonly MriFinding[];
  /** Confirmed worsening events (onset `date`, `confirmedDate`), e.g. from confirmedDisabilityEvents. */
  cdw: readonly { date: MsDate; confirmedDate: MsDate }[];
  /** DMT exposure windows. */
  therapy: readonly ExposureInterval[];
}

/** Options of {@link responseFeatures}; every field has a default. */
export interface ResponseFeatureOptions {
  /** Fewest EDSS scores for a slope (default 2: a line needs two points). */
  minSlopeVisits?: number;
  /** NEDA-3 window after the first DMT start, in years (default 2; Havrdova 2009). */
  nedaYears?: number;
  /** Baseline EDSS: latest score up to this many days before the reference date (default 365). */
  baselineDaysBefore?: number;
  /** ...or, when there is none, the earliest up to this many days after it (default 90). */
  baselineDaysAfter?: number;
  /** Count a relapse on the window start (and on an exposure start) too (default false: docs/ms-outcomes.md "Follow-up relapses"). */
  includeIndexRelapses?: boolean;
}

/** The resolved defaults of {@link ResponseFeatureOptions}. */
export const DEFAULT_RESPONSE_FEATURE_OPTIONS = Object.freeze({ minSlopeVisits: 2, nedaYears: 2, baselineDaysBefore: 365, baselineDaysAfter: 90, includeIndexRelapses: INCLUDE_INDEX_RELAPSES_DEFAULT });

/** Response features of one patient (NaN = not defined for this patient). */
export interface ResponseFeatures {
  id: string;
  /** Window length in years. */
  years: number;
  /** Follow-up relapses of the window (after its start, up to its end). */
  relapses: number;
  /** Relapses per year over the window. */
  arr: number;
  /** Years on DMT inside the window (0 when never treated). */
  onTherapyYears: number;
  /** Follow-up relapses of the DMT exposure intervals (after an exposure start, up to its end). */
  relapsesOnTherapy: number;
  /** Relapses per year on DMT (NaN when never on DMT). */
  arrOnTherapy: number;
  /** OLS slope of EDSS per year over the window (NaN with too few scores). */
  edssSlope: number;
  /** EDSS scores in the window. */
  edssVisits: number;
  /** Baseline EDSS at the window start (see {@link baselineEdss}); NaN when none. */
  baselineEdss: number;
  /** MRI scans on DMT inside the window. */
  mriScansOnTherapy: number;
  /** Share of MRI scans on DMT with activity (NaN when none). */
  mriActivity: number;
  /** A confirmed worsening with onset in the window. */
  cdw: boolean;
  /** NEDA-3 over the first `nedaYears` after the first DMT start: true, false, or null (unknown or never treated). */
  neda: boolean | null;
}

function resolve(options: ResponseFeatureOptions): Required<ResponseFeatureOptions> {
  const o = { ...DEFAULT_RESPONSE_FEATURE_OPTIONS, ...options };
  if (!(Number.isInteger(o.minSlopeVisits) && o.minSlopeVisits >= 2)) throw new UsageError(`minSlopeVisits must be an integer >= 2, got ${o.minSlopeVisits}`);
  if (!(o.nedaYears > 0)) throw new UsageError(`nedaYears must be > 0, got ${o.nedaYears}`);
  if (!(o.baselineDaysBefore >= 0) || !(o.baselineDaysAfter >= 0)) throw new UsageError('baselineDaysBefore and baselineDaysAfter must be >= 0');
  return o;
}

/**
 * Ordinary least-squares slope of EDSS on time (per year of 365.25 days).
 * @param visits EDSS scores (any order; non-finite scores ignored).
 * @param minVisits fewest scores (default 2).
 * @returns the slope, NaN with fewer scores or when all dates are equal.
 * @example edssSlope([{ date: '2020-01-01', edss: 2 }, { date: '2021-01-01', edss: 3 }]) // => 365.25 / 366
 */
export function edssSlope(visits: readonly DatedEdss[], minVisits = 2): number {
  const pts = visits.filter((v) => Number.isFinite(v.edss)).map((v) => ({ t: toDayNumber(v.date, 'EDSS date') / DAYS_PER_YEAR, y: v.edss }));
  if (pts.length < minVisits) return NaN;
  const mt = pts.reduce((a, p) => a + p.t, 0) / pts.length;
  const my = pts.reduce((a, p) => a + p.y, 0) / pts.length;
  let sxx = 0;
  let sxy = 0;
  for (const p of pts) {
    sxx += (p.t - mt) ** 2;
    sxy += (p.t - mt) * (p.y - my);
  }
  return sxx > 0 ? sxy / sxx : NaN;
}

/**
 * Baseline EDSS at a reference date: the latest score in
 * [date - daysBefore, date], else the earliest in (date, date + daysAfter];
 * NaN when neither exists.
 * @param daysBefore default 365; @param daysAfter default 90.
 * @example baselineEdss([{ date: '2019-06-01', edss: 2.5 }], '2020-01-01') // => 2.5
 */
export function baselineEdss(visits: readonly DatedEdss[], date: MsDate, daysBefore = 365, daysAfter = 90): number {
  const ref = toDayNumber(date, 'reference date');
  let before: { d: number; v: number } | null = null;
  let after: { d: number; v: number } | null = null;
  for (const x of visits) {
    if (!Number.isFinite(x.edss)) continue;
    const d = toDayNumber(x.date, 'EDSS date');
    if (d <= ref && d >= ref - daysBefore && (before === null || d >= before.d)) before = { d, v: x.edss };
    if (d > ref && d <= ref + daysAfter && (after === null || d < after.d)) after = { d, v: x.edss };
  }
  return before?.v ?? after?.v ?? NaN;
}

/**
 * Number of dates in [from, to) (half-open: `from` inclusive, `to` exclusive).
 * @example countBetween(['2020-01-01', '2020-06-01'], '2019-06-01', '2020-06-01') // => 1
 */
export function countBetween(dates: readonly MsDate[], from: MsDate, to: MsDate): number {
  const a = toDayNumber(from, 'from');
  const b = toDayNumber(to, 'to');
  let n = 0;
  for (const x of dates) {
    const d = toDayNumber(x, 'date');
    if (d >= a && d < b) n++;
  }
  return n;
}

/**
 * Age in years at a date from the year and month of birth (the day is never
 * stored: the 15th of the month is assumed, 1 July when the month is unknown).
 * @example ageAt(1990, 1, '2020-01-15') // => 30
 */
export function ageAt(birthYear: number, birthMonth: number | null, date: MsDate): number {
  if (!Number.isInteger(birthYear)) throw new UsageError(`birth year must be an integer, got ${birthYear}`);
  if (birthMonth !== null && !(Number.isInteger(birthMonth) && birthMonth >= 1 && birthMonth <= 12)) throw new UsageError(`birth month must be 1-12, got ${birthMonth}`);
  const birth = Date.UTC(birthYear, birthMonth === null ? 6 : birthMonth - 1, birthMonth === null ? 1 : 15) / 86400000;
  return (toDayNumber(date, 'date') - birth) / DAYS_PER_YEAR;
}

/** Exposure windows clipped to [s, e] as day-number pairs (end inclusive), overlaps merged. */
function clippedExposure(therapy: readonly ExposureInterval[], s: number, e: number): [number, number][] {
  const raw = therapy
    .map((t): [number, number] => [Math.max(s, toDayNumber(t.start, 'therapy start')), Math.min(e, t.stop === null ? e : toDayNumber(t.stop, 'therapy stop'))])
    .filter(([a, b]) => b >= a)
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const w of raw) {
    const last = out[out.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else out.push([w[0], w[1]]);
  }
  return out;
}

/**
 * Therapy-response features of one patient over its window.
 * @param input dates, EDSS, relapses, MRI, CDW events and DMT exposure of the patient.
 * @param options minSlopeVisits (2), nedaYears (2), baselineDaysBefore (365), baselineDaysAfter (90), includeIndexRelapses (false).
 * @throws {UsageError} on an end before the start, invalid dates or options.
 * @example responseFeatures({ id: 'a', start: '2020-01-01', end: '2022-01-01', edss: [], relapses: [], mri: [], cdw: [], therapy: [] }).arr // => 0
 */
export function responseFeatures(input: PatientResponseInput, options: ResponseFeatureOptions = {}): ResponseFeatures {
  const o = resolve(options);
  const s = toDayNumber(input.start, `window start of ${input.id}`);
  const e = toDayNumber(input.end, `window end of ${input.id}`);
  if (e < s) throw new UsageError(`window of ${input.id}: end ${String(input.end)} before start ${String(input.start)}`);
  const years = (e - s) / DAYS_PER_YEAR;
  const relDays = input.relapses.map((r) => toDayNumber(r, `relapse of ${input.id}`));
  const relapses = relDays.filter((d) => isFollowUpRelapse(d, s, e, o.includeIndexRelapses)).length;
  const exposure = clippedExposure(input.therapy, s, e);
  const onTherapyDays = exposure.reduce((a, [x, y]) => a + (y - x), 0);
  const inExposure = (d: number): boolean => exposure.some(([x, y]) => d >= x && d <= y);
  const relapsesOnTherapy = relDays.filter((d) => exposure.some(([x, y]) => isFollowUpRelapse(d, x, y, o.includeIndexRelapses))).length;
  const edssIn = input.edss.filter((v) => {
    const d = toDayNumber(v.date, `EDSS date of ${input.id}`);
    return d >= s && d <= e && Number.isFinite(v.edss);
  });
  const mriOn = input.mri.filter((m) => inExposure(toDayNumber(m.date, `MRI date of ${input.id}`)) && (m.newT2 !== null || m.gdEnhancing !== null));
  const active = mriOn.filter((m) => (m.newT2 ?? 0) > 0 || (m.gdEnhancing ?? 0) > 0).length;
  const cdw = input.cdw.some((c) => {
    const d = toDayNumber(c.date, `CDW date of ${input.id}`);
    return d >= s && d <= e;
  });
  let neda: boolean | null = null;
  const first = exposure[0];
  if (first) {
    const nedaEnd = Math.min(e, first[0] + Math.round(o.nedaYears * DAYS_PER_YEAR));
    neda = nedaStatus({ relapses: input.relapses, mri: input.mri, cdw: input.cdw }, first[0], nedaEnd, { includeIndexRelapses: o.includeIndexRelapses }).neda;
  }
  return {
    id: input.id,
    years,
    relapses,
    arr: years > 0 ? relapses / years : NaN,
    onTherapyYears: onTherapyDays / DAYS_PER_YEAR,
    relapsesOnTherapy,
    arrOnTherapy: onTherapyDays > 0 ? relapsesOnTherapy / (onTherapyDays / DAYS_PER_YEAR) : NaN,
    edssSlope: edssSlope(edssIn, o.minSlopeVisits),
    edssVisits: edssIn.length,
    baselineEdss: baselineEdss(input.edss, input.start, o.baselineDaysBefore, o.baselineDaysAfter),
    mriScansOnTherapy: mriOn.length,
    mriActivity: mriOn.length > 0 ? active / mriOn.length : NaN,
    cdw,
    neda,
  };
}

/** Numeric response features usable as clustering coordinates. */
export const RESPONSE_FEATURE_NAMES = ['arrOnTherapy', 'edssSlope', 'mriActivity', 'baselineEdss', 'arr', 'neda'] as const;
export type ResponseFeatureName = (typeof RESPONSE_FEATURE_NAMES)[number];

/** Default clustering coordinates: ARR on therapy, EDSS slope, MRI activity (the therapy-response features of `midia ms cluster`). */
export const DEFAULT_CLUSTER_FEATURES: readonly ResponseFeatureName[] = Object.freeze(['arrOnTherapy', 'edssSlope', 'mriActivity']);

/** A feature matrix of complete rows. */
export interface FeatureMatrix {
  /** Rows (one per kept patient), columns in `names` order. */
  rows: number[][];
  /** Patient ids of the rows. */
  ids: string[];
  names: string[];
  /** Column means and SDs used for standardising (mean 0 / SD 1 when not standardised). */
  center: number[];
  scale: number[];
  /** Patients dropped for a missing feature. */
  dropped: string[];
}

function featureValue(f: ResponseFeatures, name: ResponseFeatureName): number {
  if (name === 'neda') return f.neda === null ? NaN : f.neda ? 1 : 0;
  return f[name];
}

/**
 * Complete-case feature matrix, optionally standardised (z-scores with the
 * sample SD, as R's `scale()`; a constant column is centred only). Clustering
 * has no missing-data model, so rows with any NaN feature are dropped and listed.
 * @param standardize default true (k-means and Euclidean distances depend on units).
 * @throws {UsageError} for an unknown feature name or none.
 * @example featureMatrix(features, ['arrOnTherapy', 'edssSlope']).rows
 */
export function featureMatrix(features: readonly ResponseFeatures[], names: readonly ResponseFeatureName[] = DEFAULT_CLUSTER_FEATURES, standardize = true): FeatureMatrix {
  if (names.length === 0) throw new UsageError('featureMatrix: no features');
  for (const n of names) if (!(RESPONSE_FEATURE_NAMES as readonly string[]).includes(n)) throw new UsageError(`Unknown response feature: ${String(n)} (one of ${RESPONSE_FEATURE_NAMES.join(', ')})`);
  const rows: number[][] = [];
  const ids: string[] = [];
  const dropped: string[] = [];
  for (const f of features) {
    const r = names.map((n) => featureValue(f, n));
    if (r.every(Number.isFinite)) {
      rows.push(r);
      ids.push(f.id);
    } else dropped.push(f.id);
  }
  const p = names.length;
  const center = new Array<number>(p).fill(0);
  const scale = new Array<number>(p).fill(1);
  if (standardize && rows.length > 0) {
    for (let j = 0; j < p; j++) {
      const m = rows.reduce((a, r) => a + (r[j] as number), 0) / rows.length;
      const v = rows.length > 1 ? rows.reduce((a, r) => a + ((r[j] as number) - m) ** 2, 0) / (rows.length - 1) : 0;
      center[j] = m;
      scale[j] = v > 0 ? Math.sqrt(v) : 1;
    }
    for (const r of rows) for (let j = 0; j < p; j++) r[j] = ((r[j] as number) - (center[j] as number)) / (scale[j] as number);
  }
  return { rows, ids, names: [...names], center, scale, dropped };
}

/** Baseline covariates at a reference date (e.g. a therapy start) for a propensity score. */
export interface BaselineCovariates {
  /** Age in years ({@link ageAt}). */
  age: number;
  /** 1 female, 0 otherwise. */
  female: number;
  /** Years from onset (the index date) to the reference date. */
  duration: number;
  /** Baseline EDSS ({@link baselineEdss}); NaN when none. */
  edss: number;
  /** Relapse onsets in the year before the reference date. */
  relapses1y: number;
  /** Relapse onsets in the 2 years before the reference date. */
  relapses2y: number;
  /** 1 when a DMT was used before the reference date. */
  priorTherapy: number;
}

/** What {@link baselineCovariates} needs. */
export interface BaselineInput {
  date: MsDate;
  onset: MsDate;
  birthYear: number;
  birthMonth: number | null;
  sex: string;
  edss: readonly DatedEdss[];
  relapses: readonly MsDate[];
  /** Starts of earlier DMT exposures (any before `date` counts). */
  therapyStarts: readonly MsDate[];
}

/**
 * Baseline covariates at a reference date, as docs/ms-outcomes.md "Comparing therapies on registry data"
 * lists them: age, sex, disease duration, EDSS, prior relapses (1 and 2
 * years before), prior DMT.
 * @param options baselineDaysBefore (365), baselineDaysAfter (90) for the EDSS.
 * @example baselineCovariates({ date: '2020-01-01', onset: '2018-01-01', birthYear: 1990, birthMonth: 1, sex: 'female', edss: [], relapses: [], therapyStarts: [] }).duration // => 2
 */
export function baselineCovariates(input: BaselineInput, options: Pick<ResponseFeatureOptions, 'baselineDaysBefore' | 'baselineDaysAfter'> = {}): BaselineCovariates {
  const o = resolve(options);
  const d = toDayNumber(input.date, 'reference date');
  return {
    age: ageAt(input.birthYear, input.birthMonth, input.date),
    female: input.sex === 'female' ? 1 : 0,
    duration: (d - toDayNumber(input.onset, 'onset')) / DAYS_PER_YEAR,
    edss: baselineEdss(input.edss, input.date, o.baselineDaysBefore, o.baselineDaysAfter),
    relapses1y: countBetween(input.relapses, d - 365, d),
    relapses2y: countBetween(input.relapses, d - 730, d),
    priorTherapy: input.therapyStarts.some((s) => toDayNumber(s, 'therapy start') < d) ? 1 : 0,
  };
}
