/**
 * The new-user, active-comparator design of `msCompare` on an MS cohort: each
 * patient enters at the start of the first DMT episode of the treatment (A)
 * or the control (B) (a drug, or an efficacy class), with baseline
 * covariates at that start (models/ms/response-features.ts
 * baselineCovariates); follow-up to the episode stop or the end of follow-up
 * (as-treated); outcomes: time to first follow-up relapse, time to first CDW
 * from the baseline EDSS at entry, or follow-up relapses per year.
 */
import { confirmedDisabilityEvents, type EdssVisitRow } from '../../models/ms/cdw.js';
import { toDayNumber } from '../../models/ms/day-number.js';
import { isFollowUpRelapse } from '../../models/ms/follow-up-relapse.js';
import { dmtClassOf, normalizeDrugName } from '../../models/ms/pathways/drug-classes.js';
import type { DmtEpisode } from '../../models/ms/pathways/dmt-episodes.js';
import { DAYS_PER_YEAR } from '../../models/ms/relapse-rate.js';
import { baselineCovariates, type BaselineCovariates } from '../../models/ms/response-features.js';
import type { CompareSettings } from './compare-settings.js';
import type { MsPatient } from './ms-cohort.js';

type Arms = Pick<CompareSettings, 'by' | 'treatment' | 'control'>;

/** The group of an episode: 1 treatment, 0 control, null neither. */
function armOf(e: DmtEpisode, s: Arms): 0 | 1 | null {
  if (s.by === 'drug') {
    const d = normalizeDrugName(e.drug);
    return d === normalizeDrugName(s.treatment) ? 1 : d === normalizeDrugName(s.control) ? 0 : null;
  }
  const eff = e.efficacy ?? dmtClassOf(e.drug)?.efficacy ?? null;
  return eff === s.treatment ? 1 : eff === s.control ? 0 : null;
}

/** One analysed patient: entry episode, arm, baseline and outcome. */
export interface Entry {
  patient: MsPatient;
  arm: 0 | 1;
  start: string;
  /** Last day of exposure: the episode stop, or the end of follow-up while ongoing (as-treated). */
  stop: string;
  baseline: BaselineCovariates;
}

/** The new users of the treatment or the control, and how many had no follow-up after the start (left out). */
export function entries(patients: readonly MsPatient[], s: Arms): { entries: Entry[]; noFollowUp: number } {
  const out: Entry[] = [];
  let noFollowUp = 0;
  for (const p of patients) {
    const e = [...p.episodes].sort((a, b) => a.start.localeCompare(b.start)).find((x) => armOf(x, s) !== null);
    if (!e) continue;
    const end = toDayNumber(p.end);
    const stopDay = Math.min(end, e.stop === null ? end : toDayNumber(e.stop));
    if (!(stopDay > toDayNumber(e.start))) {
      noFollowUp++;
      continue;
    }
    const baseline = baselineCovariates({ date: e.start, onset: p.onset, birthYear: p.birthYear, birthMonth: p.birthMonth, sex: p.sex, edss: p.edss, relapses: p.relapses, therapyStarts: p.episodes.map((x) => x.start) });
    out.push({ patient: p, arm: armOf(e, s) as 0 | 1, start: e.start, stop: new Date(stopDay * 86400000).toISOString().slice(0, 10), baseline });
  }
  return { entries: out, noFollowUp };
}

/** Date of the baseline EDSS visit at `start` (latest in [start - 365, start], else first in (start, start + 90]); null when none. */
function baselineVisitDay(p: MsPatient, start: number): number | null {
  let before: number | null = null;
  let after: number | null = null;
  for (const v of p.edss) {
    const d = toDayNumber(v.date);
    if (d <= start && d >= start - 365 && (before === null || d > before)) before = d;
    if (d > start && d <= start + 90 && (after === null || d < after)) after = d;
  }
  return before ?? after;
}

/** Outcome columns: time (years) and status for relapse/CDW, relapses and log years for ARR. */
export function outcomes(list: readonly Entry[], s: Pick<CompareSettings, 'outcome'>): { time: Float64Array; status: Float64Array; relapses: Float64Array; logYears: Float64Array } {
  const n = list.length;
  const time = new Float64Array(n);
  const status = new Float64Array(n);
  const relapses = new Float64Array(n);
  const logYears = new Float64Array(n);
  let cdwFirst: Map<string, number> | null = null;
  if (s.outcome === 'cdw') {
    // CDW from the baseline visit at entry on (fixed baseline, first event, msprog defaults with band edge 5.5)
    const visits: EdssVisitRow[] = [];
    const rel: { id: string; date: string }[] = [];
    for (const e of list) {
      const b = baselineVisitDay(e.patient, toDayNumber(e.start));
      if (b === null) continue;
      for (const v of e.patient.edss) if (toDayNumber(v.date) >= b) visits.push({ id: e.patient.id, date: String(v.date), edss: v.edss });
      for (const r of e.patient.relapses) rel.push({ id: e.patient.id, date: r });
    }
    const ev = confirmedDisabilityEvents(visits, rel);
    cdwFirst = new Map();
    for (const x of ev.events) if (x.type === 'CDW' && !cdwFirst.has(x.id)) cdwFirst.set(x.id, toDayNumber(x.date));
  }
  list.forEach((e, i) => {
    const a = toDayNumber(e.start);
    const b = toDayNumber(e.stop);
    // follow-up relapses of the entry window (after the therapy start, up to the stop): the one rule of models/ms/follow-up-relapse.ts
    const rel = e.patient.relapses.map((r) => toDayNumber(r)).filter((d) => isFollowUpRelapse(d, a, b)).sort((x, y) => x - y);
    relapses[i] = rel.length;
    logYears[i] = Math.log((b - a) / DAYS_PER_YEAR);
    const eventDay = s.outcome === 'relapse' ? (rel[0] ?? null) : s.outcome === 'cdw' ? (cdwFirst?.get(e.patient.id) ?? null) : null;
    const hit = eventDay !== null && eventDay > a && eventDay <= b;
    status[i] = hit ? 1 : 0;
    time[i] = ((hit ? (eventDay as number) : b) - a) / DAYS_PER_YEAR;
  });
  return { time, status, relapses, logYears };
}

