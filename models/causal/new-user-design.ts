/**
 * The new-user active-comparator design (Lund, Richardson & Stürmer, Curr
 * Epidemiol Rep 2015;2:221–228; Hernán & Robins 2016): patients enter at the
 * first start of either therapy (time zero), in the arm of the therapy they
 * started (both on the same day: left out), and are followed from there
 * (intention to treat). Confounding: stabilised inverse-probability-of-
 * treatment weights from a logistic propensity model on the covariates at the
 * index date, the days from the index date to the start, and the time-updated
 * covariates carried forward to the start (point-treatment.ts). Effects:
 * weighted Aalen-Johansen risks at the horizon, their difference and ratio,
 * and the weighted Cox hazard ratio, with robust variance clustered by patient
 * or the patient bootstrap. The naive estimate is the crude (unweighted) Cox
 * model of the arms. This generalises `midia ms compare` (whose MS-specific
 * entry rules stay in its command) to any therapy on the treatments table.
 */
import { MidiaError, UsageError } from '../../util/errors.js';
import { maybe, NONE, type MaybeEstimate } from './clone-censor-weight-analysis.js';
import type { TrialPatients } from './clone-censor-weight.js';
import { pointTreatmentAnalysis, type DesignAnalysis, type PointEntries, type PointTreatmentOptions } from './point-treatment.js';
import { naiveHazardRatio } from './tte-effects.js';

/** Patients of a new-user comparison: the trial arrays plus the start of the comparator. */
export interface NewUserPatients extends TrialPatients {
  /** First start of the active comparator on or after the index date (days); Infinity = never. */
  controlStart: ArrayLike<number>;
}

/** Last value of a time-updated covariate at or before day t (the first value when none is earlier). */
function valueAt(c: NonNullable<TrialPatients['timeUpdated']>[number], i: number, t: number): number {
  let v = NaN;
  for (let q = 0; q < c.patient.length; q++) {
    if (c.patient[q] !== i) continue;
    if (Number.isNaN(v) || c.time[q]! <= t) v = c.value[q]!;
    if (c.time[q]! > t) break;
  }
  return v;
}

/**
 * New-user active-comparator analysis.
 * @param p trial arrays (start = first start of the treatment) and controlStart.
 * @param options horizonDays, confLevel (0.95), truncate (none), bootstrap (none).
 * @throws {UsageError} on mismatched lengths.
 * @example analyseNewUsers({ ...built.patients, controlStart }, { horizonDays: 1826 }).estimates
 */
export function analyseNewUsers(p: NewUserPatients, options: PointTreatmentOptions): DesignAnalysis {
  const n = p.exit.length;
  if (p.controlStart.length !== n || p.start.length !== n || p.status.length !== n) throw new UsageError('analyseNewUsers: one start, comparator start, exit and status per patient');
  const H = options.horizonDays;
  const warnings: string[] = [];
  const idx: number[] = [];
  const t0: number[] = [];
  const arm: number[] = [];
  let sameDay = 0;
  for (let i = 0; i < n; i++) {
    const a = p.start[i]!;
    const b = p.controlStart[i]!;
    const t = Math.min(a, b);
    if (!(t < p.exit[i]!)) continue;
    if (a === b) { sameDay++; continue; }
    idx.push(i);
    t0.push(t);
    arm.push(a < b ? 1 : 0);
  }
  if (sameDay > 0) warnings.push('patients who started both therapies on the same day were left out');
  const m = idx.length;
  const time = new Float64Array(m);
  const status = new Uint8Array(m);
  let events = 0;
  for (let k = 0; k < m; k++) {
    const i = idx[k]!;
    const fu = p.exit[i]! - t0[k]!;
    time[k] = Math.min(fu, H);
    status[k] = fu <= H ? p.status[i]! : 0;
    if (status[k] === 1) events++;
  }
  const covariates = [
    ...p.baseline.map((c) => ({ name: c.name, values: Float64Array.from(idx, (i) => c.values[i]!) })),
    { name: 'daysToStart', values: Float64Array.from(t0) },
    ...(p.timeUpdated ?? []).map((c) => ({ name: c.name, values: Float64Array.from(idx, (i, k) => valueAt(c, i, t0[k]!)) })),
  ];
  for (const c of covariates) if (c.values.some((v) => !Number.isFinite(v))) throw new UsageError(`new-user design: covariate ${c.name} has no value for some entries`);
  const entries: PointEntries = { patient: Int32Array.from(idx), arm: Uint8Array.from(arm), time, status, stratum: null, covariates };
  let naive: MaybeEstimate = NONE('hazard-ratio');
  try {
    naive = maybe(naiveHazardRatio({ exit: time, status, ever: entries.arm, covariates: [] }, options.confLevel ?? 0.95));
  } catch (e) {
    if (!(e instanceof MidiaError)) throw e;
    warnings.push(`naive model: ${e.message}`);
  }
  if (m === 0) warnings.push('nobody started either therapy during follow-up');
  return pointTreatmentAnalysis(entries, n, events, naive, options, warnings);
}
