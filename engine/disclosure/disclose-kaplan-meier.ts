/**
 * Disclosure control of Kaplan-Meier output (the number-at-risk table and the
 * curve steps) before it leaves the engine.
 *
 * Per stratum, event times are grouped into consecutive intervals so that each
 * reported step carries at least `threshold` events: without individual times,
 * intervals are unions of grid cells `(k w, (k+1) w]` (grid width `w` from
 * {@link niceWidth} unless given) and are labelled by their grid bounds; with
 * `allowIndividualTimes`, consecutive event times are merged and labelled by
 * their first and last event time. A remainder of fewer than `threshold`
 * events at the end joins the last interval; a stratum with fewer events in
 * all shows no steps. Each interval reports the number at risk at its start
 * (at least `threshold`, as it covers that many events), the events in it, the
 * censored in it (hidden when `0 < n < threshold`), and the survival estimate
 * with its interval at its end. The median and its limits are rounded up to the
 * grid unless individual times are allowed. A stratum with fewer than
 * `threshold` subjects is hidden whole, and so is every stratum named in
 * `hiddenStrata` (the release audit's choice, release-audit.ts: shown, it
 * would reveal a small group together with the study's earlier releases or
 * with the other strata of this table).
 */
import type { KaplanMeierJSON } from '../../models/survival/kaplan-meier/kaplan-meier.js';
import { checkThreshold } from './suppress-small-counts.js';
import { ceilToGrid, checkWidth, floorToGrid, niceWidth } from './time-grid.js';

/** Options of {@link discloseKaplanMeier}. */
export interface KaplanMeierDisclosureOptions {
  /** Minimum events per reported step and minimum shown count (default 5). */
  threshold?: number;
  /** May event times be shown? Default `false` (grid bounds only). */
  allowIndividualTimes?: boolean;
  /** Grid width in the time unit of the fit (default: {@link niceWidth} of the largest event time over 20 intervals). */
  gridWidth?: number;
  /** Strata to hide whole for consistency with other releases (labels; default none). */
  hiddenStrata?: readonly string[];
}

/** One reported step. */
export interface DisclosedInterval {
  /** Interval (from, to]: grid bounds, or first and last event time when individual times are allowed. */
  from: number;
  to: number;
  /** Number at risk at the start of the interval. */
  nRisk: number;
  /** Events in the interval (>= threshold). */
  nEvent: number;
  /** Censored at event times in the interval; null when 0 < n < threshold. */
  nCensor: number | null;
  /** Survival estimate and limits at the end of the interval. */
  surv: number;
  stdErr: number | null;
  lower: number | null;
  upper: number | null;
}

/** One disclosed stratum. */
export interface DisclosedStratum {
  label: string;
  /** Subjects; null when the stratum is hidden (fewer than threshold). */
  n: number | null;
  /** Events; null when hidden. */
  events: number | null;
  intervals: DisclosedInterval[];
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  /** True when the stratum was hidden whole. */
  suppressed: boolean;
}

/** Disclosed Kaplan-Meier output. */
export interface DisclosedKaplanMeier {
  strata: DisclosedStratum[];
  confType: string;
  confLevel: number;
  threshold: number;
  allowIndividualTimes: boolean;
  /** Grid width used (null when individual times are allowed). */
  gridWidth: number | null;
  warnings: string[];
}

/**
 * Kaplan-Meier output with no step of fewer than `threshold` events and no
 * individual event time (unless allowed).
 *
 * @param fit the fit's JSON (`kaplanMeier(...).toJSON()`)
 * @param options `threshold` (5), `allowIndividualTimes` (false), `gridWidth` (automatic)
 * @throws UsageError for a bad threshold or grid width.
 * @example discloseKaplanMeier(kaplanMeier('Surv(time, status) ~ sex', lung).toJSON(), { threshold: 10 })
 */
export function discloseKaplanMeier(fit: KaplanMeierJSON, options: KaplanMeierDisclosureOptions = {}): DisclosedKaplanMeier {
  const threshold = checkThreshold(options.threshold);
  const allow = options.allowIndividualTimes ?? false;
  let maxTime = 0;
  for (const s of fit.strata) for (const t of s.time) if (t > maxTime) maxTime = t;
  const width = allow ? null : (checkWidth(options.gridWidth) ?? niceWidth(maxTime));
  const warnings: string[] = [];
  const hidden = new Set(options.hiddenStrata ?? []);
  const strata = fit.strata.map((s): DisclosedStratum => {
    if (s.n < threshold || hidden.has(s.label)) {
      warnings.push(
        s.n < threshold
          ? `stratum ${s.label}: fewer than ${threshold} subjects, hidden`
          : `stratum ${s.label}: hidden, because with the other strata or the study's earlier releases it would reveal a group of fewer than ${threshold} patients`,
      );
      return { label: s.label, n: null, events: null, intervals: [], median: null, medianLower: null, medianUpper: null, suppressed: true };
    }
    // Units to merge: grid cells (or single event times when allowed), in time order.
    const units: { key: number; rows: number[] }[] = [];
    for (let i = 0; i < s.time.length; i++) {
      const key = width === null ? s.time[i]! : ceilToGrid(s.time[i]!, width);
      const last = units[units.length - 1];
      if (last && last.key === key) last.rows.push(i);
      else units.push({ key, rows: [i] });
    }
    const groups: number[][] = [];
    let current: number[] = [];
    let events = 0;
    for (const u of units) {
      current.push(...u.rows);
      for (const i of u.rows) events += s.nEvent[i]!;
      if (events >= threshold) {
        groups.push(current);
        current = [];
        events = 0;
      }
    }
    if (current.length) {
      if (groups.length) groups[groups.length - 1]!.push(...current);
      else if (s.time.length) warnings.push(`stratum ${s.label}: fewer than ${threshold} events, no steps shown`);
    }
    const intervals = groups.map((rows): DisclosedInterval => {
      const first = rows[0]!;
      const last = rows[rows.length - 1]!;
      let nEvent = 0;
      let nCensor = 0;
      for (const i of rows) {
        nEvent += s.nEvent[i]!;
        nCensor += s.nCensor[i]!;
      }
      const from = width === null ? s.time[first]! : floorToGrid(ceilToGrid(s.time[first]!, width) - width, width);
      const to = width === null ? s.time[last]! : ceilToGrid(s.time[last]!, width);
      return {
        from,
        to,
        nRisk: s.nRisk[first]!,
        nEvent,
        nCensor: nCensor > 0 && nCensor < threshold ? null : nCensor,
        surv: s.surv[last]!,
        stdErr: s.stdErr[last] ?? null,
        lower: s.lower[last] ?? null,
        upper: s.upper[last] ?? null,
      };
    });
    const coarse = (t: number | null) => (t === null || width === null ? t : ceilToGrid(t, width));
    return {
      label: s.label,
      n: s.n,
      events: s.events < threshold && s.events > 0 ? null : s.events,
      intervals,
      median: coarse(s.median),
      medianLower: coarse(s.medianLower),
      medianUpper: coarse(s.medianUpper),
      suppressed: false,
    };
  });
  return { strata, confType: fit.confType, confLevel: fit.confLevel, threshold, allowIndividualTimes: allow, gridWidth: width, warnings };
}

/** A survival table at chosen times (as `fit.summary({ times })`). */
export interface SurvivalAtTimes {
  time: number[];
  nRisk: number[];
  nEvent: number[];
  surv: number[];
  stdErr: number[];
  lower: number[];
  upper: number[];
}

/** A disclosed survival table at chosen times: small counts and estimates on fewer than threshold at risk are null. */
export interface DisclosedSurvivalAtTimes {
  time: number[];
  nRisk: (number | null)[];
  nEvent: (number | null)[];
  surv: (number | null)[];
  stdErr: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
}

/**
 * Disclosure of a survival table at user-chosen times (not event times): a
 * number at risk below `threshold` hides the row's estimates and counts; event
 * counts `0 < n < threshold` are hidden.
 * @example discloseSurvivalAtTimes(fit.summary({ times: [365, 730] })[0].table, { threshold: 5 })
 */
export function discloseSurvivalAtTimes(table: SurvivalAtTimes, options: { threshold?: number } = {}): DisclosedSurvivalAtTimes {
  const threshold = checkThreshold(options.threshold);
  const ok = table.nRisk.map((n) => n >= threshold);
  const num = (v: number | undefined, i: number) => (ok[i] && v !== undefined && Number.isFinite(v) ? v : null);
  return {
    time: [...table.time],
    nRisk: table.nRisk.map((n, i) => (ok[i] ? n : null)),
    nEvent: table.nEvent.map((n, i) => (ok[i] && !(n > 0 && n < threshold) ? n : null)),
    surv: table.surv.map(num),
    stdErr: table.stdErr.map(num),
    lower: table.lower.map(num),
    upper: table.upper.map(num),
  };
}
