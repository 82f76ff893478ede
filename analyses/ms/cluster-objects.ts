/**
 * What `msCluster` clusters and how it describes the clusters:
 * - `gmm`, `kmeans`: per-patient response features (models/ms/response-features.ts;
 *   default ARR on therapy, EDSS slope, MRI activity), standardised as R's `scale()`;
 *   patients with a missing feature (e.g. never treated) are left out and counted;
 * - `grid-pam`, `dtw-pam`, `lcgm`: EDSS courses in years since the first EDSS
 *   (patients with at least 2 scores on different days);
 * - `sequence`: therapy sequences (models/ms/therapy-sequence.ts: states at
 *   the midpoint of each slot from the index date, truncated at last contact).
 * The profile variables of every patient (baseline, outcomes, therapies) and
 * the mean EDSS course of each cluster on a yearly grid.
 */
import type { ProfileVariable } from '../../models/cluster/cluster-profiles.js';
import { courseGrid, regularGrid } from '../../models/cluster/grid-distance.js';
import type { Course } from '../../models/cluster/trajectory.js';
import { toDayNumber } from '../../models/ms/day-number.js';
import { dmtClassOf } from '../../models/ms/pathways/drug-classes.js';
import { treatmentStrategies } from '../../models/ms/pathways/treatment-strategy.js';
import { ageAt, featureMatrix, responseFeatures, type ResponseFeatures } from '../../models/ms/response-features.js';
import { encodeSequences, therapySequences } from '../../models/ms/therapy-sequence.js';
import type { ClusterSettings } from './cluster-settings.js';
import type { MsPatient } from './ms-cohort.js';

/** The objects of one clustering run: their patients and data. */
export interface ClusterObjects {
  /** Pseudonyms of the clustered objects, in object order. */
  ids: string[];
  /** gmm, kmeans: standardised feature rows. */
  rows: number[][];
  /** Trajectory methods: EDSS courses. */
  courses: Course[];
  /** sequence: encoded sequences, their alphabet, slots per sequence and how many were truncated. */
  sequences: { encoded: number[][]; alphabet: string[]; slots: number; truncated: number } | null;
}

/** True for the methods that cluster EDSS courses. */
export function isTrajectoryMethod(method: ClusterSettings['method']): boolean {
  return method === 'grid-pam' || method === 'dtw-pam' || method === 'lcgm';
}

/**
 * EDSS course of a patient in years since the first score (same-day duplicates: the first kept); null with fewer than 2 days.
 * @example courseOf({ edss: [{ date: '2020-01-01', edss: 2 }, { date: '2021-01-01', edss: 3 }] }) // => { time: [0, 1.002...], value: [2, 3] }
 */
export function courseOf(p: Pick<MsPatient, 'edss'>): Course | null {
  const pts = [...p.edss].sort((a, b) => String(a.date).localeCompare(String(b.date)));
  const first = pts[0];
  if (first === undefined || pts.length < 2) return null;
  const t0 = toDayNumber(first.date);
  const time: number[] = [];
  const value: number[] = [];
  for (const v of pts) {
    const t = (toDayNumber(v.date) - t0) / 365.25;
    const last = time[time.length - 1];
    if (last !== undefined && t <= last) continue;
    time.push(t);
    value.push(v.edss);
  }
  return time.length >= 2 ? { time, value } : null;
}

/** Response features of every patient over the whole follow-up (index date to end). */
export function cohortFeatures(patients: readonly MsPatient[]): ResponseFeatures[] {
  return patients.map((p) => responseFeatures({ id: p.id, start: p.onset, end: p.end, edss: p.edss, relapses: p.relapses, mri: p.mri, cdw: p.cdw, therapy: p.episodes.map((e) => ({ start: e.start, stop: e.stop })) }));
}

function sequenceInput(patients: readonly MsPatient[]) {
  return patients.map((p) => ({ id: p.id, index: p.onset, end: p.end, episodes: p.episodes.map((e) => ({ drug: e.drug, start: e.start, stop: e.stop, efficacy: e.efficacy })) }));
}

/** The objects the method clusters (see the module comment). */
export function clusterObjects(patients: readonly MsPatient[], features: readonly ResponseFeatures[], s: ClusterSettings): ClusterObjects {
  if (s.method === 'sequence') {
    const r = therapySequences(sequenceInput(patients), { years: s.windowYears, stepMonths: s.stepMonths, states: s.states });
    // patients whose follow-up ends before the first slot midpoint have no sequence: left out and counted as excluded
    const kept = r.sequences.filter((q) => q.states.length > 0);
    return { ids: kept.map((q) => q.id), rows: [], courses: [], sequences: { encoded: encodeSequences(kept.map((q) => q.states), r.alphabet), alphabet: r.alphabet, slots: r.slots, truncated: r.truncated } };
  }
  if (isTrajectoryMethod(s.method)) {
    const kept = patients.map((p) => ({ id: p.id, c: courseOf(p) })).filter((x): x is { id: string; c: Course } => x.c !== null);
    return { ids: kept.map((x) => x.id), rows: [], courses: kept.map((x) => x.c), sequences: null };
  }
  const m = featureMatrix(features, s.features, true);
  return { ids: m.ids, rows: m.rows, courses: [], sequences: null };
}

/** Variables of the cluster profiles and the group each belongs to. */
export const PROFILE_GROUPS: Readonly<Record<string, 'baseline' | 'outcomes' | 'therapies'>> = Object.freeze({
  ageAtOnset: 'baseline',
  sex: 'baseline',
  baselineEdss: 'baseline',
  followUpYears: 'baseline',
  arr: 'outcomes',
  arrOnTherapy: 'outcomes',
  edssSlope: 'outcomes',
  mriActivity: 'outcomes',
  cdw: 'outcomes',
  neda: 'outcomes',
  everModerateEfficacy: 'therapies',
  everHighEfficacy: 'therapies',
  strategy: 'therapies',
  shareUntreated: 'therapies',
  shareModerate: 'therapies',
  shareHigh: 'therapies',
});

/**
 * For `method: 'sequence'`: per patient the share of the slots of the (possibly
 * truncated) therapy sequence spent untreated, on moderate- and on
 * high-efficacy DMT (by efficacy class whatever `states`; unclassified drugs
 * count in none); NaN for a patient without a sequence.
 */
export function sequenceShares(patients: readonly MsPatient[], s: ClusterSettings): Map<string, [number, number, number]> {
  const r = therapySequences(sequenceInput(patients), { years: s.windowYears, stepMonths: s.stepMonths, states: 'class' });
  return new Map(
    r.sequences.map((q) => {
      const n = q.states.length;
      const share = (st: string): number => (n === 0 ? NaN : q.states.filter((x) => x === st).length / n);
      return [q.id, [share('untreated'), share('moderate'), share('high')]];
    }),
  );
}

/** The profile variables of every patient (one value per patient, in cohort order). */
export function profileVariables(patients: readonly MsPatient[], features: readonly ResponseFeatures[], shares: Map<string, [number, number, number]> | null): ProfileVariable[] {
  const strategies = new Map(treatmentStrategies(patients.flatMap((p) => p.episodes)).map((s) => [s.id, s.strategy]));
  const ever = (p: MsPatient, eff: 'moderate' | 'high'): string => (p.episodes.some((e) => (e.efficacy ?? dmtClassOf(e.drug)?.efficacy ?? null) === eff) ? 'yes' : 'no');
  const yn = (b: boolean | null): string | null => (b === null ? null : b ? 'yes' : 'no');
  return [
    { name: 'ageAtOnset', kind: 'numeric', values: patients.map((p) => (Number.isFinite(p.birthYear) ? ageAt(p.birthYear, p.birthMonth, p.onset) : NaN)) },
    { name: 'sex', kind: 'categorical', values: patients.map((p) => p.sex), levels: ['female', 'male', 'diverse', 'unknown'] },
    { name: 'baselineEdss', kind: 'numeric', values: features.map((f) => f.baselineEdss) },
    { name: 'followUpYears', kind: 'numeric', values: features.map((f) => f.years) },
    { name: 'arr', kind: 'numeric', values: features.map((f) => f.arr) },
    { name: 'arrOnTherapy', kind: 'numeric', values: features.map((f) => f.arrOnTherapy) },
    { name: 'edssSlope', kind: 'numeric', values: features.map((f) => f.edssSlope) },
    { name: 'mriActivity', kind: 'numeric', values: features.map((f) => f.mriActivity) },
    { name: 'cdw', kind: 'categorical', values: features.map((f) => yn(f.cdw)), levels: ['yes', 'no'] },
    { name: 'neda', kind: 'categorical', values: features.map((f) => yn(f.neda)), levels: ['yes', 'no'] },
    { name: 'everModerateEfficacy', kind: 'categorical', values: patients.map((p) => ever(p, 'moderate')), levels: ['yes', 'no'] },
    { name: 'everHighEfficacy', kind: 'categorical', values: patients.map((p) => ever(p, 'high')), levels: ['yes', 'no'] },
    { name: 'strategy', kind: 'categorical', values: patients.map((p) => strategies.get(p.id) ?? 'untreated'), levels: ['early-intensive', 'escalation', 'late-intensive', 'no-high-efficacy', 'untreated'] },
    ...(shares
      ? (['shareUntreated', 'shareModerate', 'shareHigh'] as const).map((name, j): ProfileVariable => ({ name, kind: 'numeric', values: patients.map((p) => shares.get(p.id)?.[j] ?? NaN) }))
      : []),
  ];
}

/**
 * The mean EDSS course of each cluster on the yearly grid 0..`years`: the
 * mean over the cluster's courses interpolated as the grid distance does
 * (linear between visits, held constant before the first and after the last
 * visit: models/cluster/grid-distance.ts), so every member counts at every
 * grid point.
 * @param labels cluster of each course (0-based).
 * @returns per cluster the grid times and means.
 */
export function clusterCentres(courses: readonly Course[], labels: ArrayLike<number>, K: number, years: number): { time: number[]; value: number[][] } {
  const grid = regularGrid(0, years, Math.round(years) + 1);
  const G = grid.length;
  const m = courseGrid(courses, grid);
  const sum = Array.from({ length: K }, () => new Float64Array(G));
  const n = new Float64Array(K);
  for (let i = 0; i < courses.length; i++) {
    const c = labels[i] as number;
    const row = sum[c];
    if (row === undefined) continue;
    n[c] = (n[c] as number) + 1;
    for (let g = 0; g < G; g++) row[g] = (row[g] as number) + (m.data[i * G + g] as number);
  }
  return { time: Array.from(grid), value: sum.map((row, c) => Array.from(row, (x) => x / (n[c] as number))) };
}
