/**
 * Sequential trials (Hernán et al., Epidemiology 2008;19:766–779; Danaei et
 * al., Stat Methods Med Res 2013;22:70–96): a new trial emulated at the start
 * of each of the first T intervals after the index date (time zero tau_j =
 * j x interval). Eligible for trial j: still followed at tau_j and not yet
 * started; the treatment arm starts the therapy in [tau_j, tau_j + interval),
 * the control arm does not. Each trial follows its patients from tau_j
 * (intention to treat) to the outcome, a competing event, last follow-up or
 * the horizon. A patient enters every trial they are eligible for, so the
 * trials are pooled with variances clustered by patient (robust, or the
 * patient bootstrap). Confounding: stabilised IP weights (stabilised within
 * each trial) from one pooled logistic model of starting on factor(trial),
 * the baseline covariates and the time-updated covariates carried forward to
 * tau_j. Effects: weighted Aalen-Johansen risks at the horizon pooled over
 * trials, their difference and ratio, and the Cox hazard ratio stratified by
 * trial (R `coxph(Surv(time, status == 1) ~ arm + strata(trial) + cluster(patient), weights = w)`).
 * The naive estimate is the "ever started" Cox model from the index date.
 */
import { MidiaError, UsageError } from '../../util/errors.js';
import { maybe, NONE, type MaybeEstimate } from './clone-censor-weight-analysis.js';
import type { TrialPatients } from './clone-censor-weight.js';
import { pointTreatmentAnalysis, type DesignAnalysis, type PointEntries, type PointTreatmentOptions } from './point-treatment.js';
import { naiveHazardRatio } from './tte-effects.js';
import { MONTH_DAYS } from './tte-grid.js';

/** Options of {@link analyseSequentialTrials}. */
export interface SequentialTrialsOptions extends PointTreatmentOptions {
  /** Number of trials (default 12). */
  trials?: number;
  /** Spacing of the trials' time zeros (default one month, 30.4375 days). */
  intervalDays?: number;
}

/**
 * Sequential-trials analysis.
 * @param p trial arrays (start = first start of the therapy after the index date).
 * @param options horizonDays, trials (12), intervalDays (30.4375), confLevel, truncate, bootstrap.
 * @throws {UsageError} for a bad number of trials or interval.
 * @example analyseSequentialTrials(built.patients, { horizonDays: 1826, trials: 12 }).estimates
 */
export function analyseSequentialTrials(p: TrialPatients, options: SequentialTrialsOptions): DesignAnalysis {
  const T = options.trials ?? 12;
  const d = options.intervalDays ?? MONTH_DAYS;
  if (!(Number.isInteger(T) && T >= 1)) throw new UsageError(`trials must be a positive integer, got ${T}`);
  if (!(d > 0)) throw new UsageError(`intervalDays must be > 0, got ${d}`);
  const n = p.exit.length;
  const H = options.horizonDays;
  const patient: number[] = [];
  const arm: number[] = [];
  const trial: number[] = [];
  const time: number[] = [];
  const status: number[] = [];
  let events = 0;
  const counted = new Uint8Array(n);
  for (let j = 0; j < T; j++) {
    const tau = j * d;
    for (let i = 0; i < n; i++) {
      const e = p.exit[i]!;
      const s = p.start[i]!;
      if (!(e > tau) || !(s >= tau)) continue;
      const a = s < tau + d && s < e ? 1 : 0;
      const fu = e - tau;
      patient.push(i);
      arm.push(a);
      trial.push(j);
      time.push(Math.min(fu, H));
      const st = fu <= H ? p.status[i]! : 0;
      status.push(st);
      if (st === 1 && !counted[i]) { counted[i] = 1; events++; }
    }
  }
  const m = patient.length;
  const valueAt = (c: NonNullable<TrialPatients['timeUpdated']>[number]): Float64Array => {
    // last value at or before the trial's time zero (first value when none is earlier)
    const out = new Float64Array(m).fill(NaN);
    const first = new Map<number, number>();
    for (let q = 0; q < c.patient.length; q++) if (!first.has(c.patient[q]!)) first.set(c.patient[q]!, q);
    for (let r = 0; r < m; r++) {
      const i = patient[r]!;
      const a = first.get(i);
      if (a === undefined) continue;
      const tau = trial[r]! * d;
      let v = c.value[a]!;
      for (let q = a; q < c.patient.length && c.patient[q] === i && c.time[q]! <= tau; q++) v = c.value[q]!;
      out[r] = v;
    }
    return out;
  };
  const levels = [...new Set(trial)].sort((a, b) => a - b);
  const covariates = [
    ...levels.slice(1).map((l) => ({ name: `factor(trial)${l}`, values: Float64Array.from(trial, (t) => (t === l ? 1 : 0)) })),
    ...p.baseline.map((c) => ({ name: c.name, values: Float64Array.from(patient, (i) => c.values[i]!) })),
    ...(p.timeUpdated ?? []).map((c) => ({ name: c.name, values: valueAt(c) })),
  ];
  for (const c of covariates) if (c.values.some((v) => !Number.isFinite(v))) throw new UsageError(`sequential trials: covariate ${c.name} has no value for some entries`);
  const entries: PointEntries = { patient: Int32Array.from(patient), arm: Uint8Array.from(arm), time: Float64Array.from(time), status: Uint8Array.from(status), stratum: Int32Array.from(trial), covariates };
  const warnings: string[] = [];
  // naive: ever started vs never from the index date
  let naive: MaybeEstimate = NONE('hazard-ratio');
  const exitH = Float64Array.from(p.exit, (e) => Math.min(e, H));
  const statusH = Float64Array.from(p.exit, (e, i) => (e <= H ? p.status[i]! : 0));
  try {
    naive = maybe(naiveHazardRatio({ exit: exitH, status: statusH, ever: Float64Array.from(p.start, (s, i) => (s < exitH[i]! ? 1 : 0)), covariates: p.baseline }, options.confLevel ?? 0.95));
  } catch (e) {
    if (!(e instanceof MidiaError)) throw e;
    warnings.push(`naive model: ${e.message}`);
  }
  const eventsH = Array.from(statusH).filter((s) => s === 1).length;
  return pointTreatmentAnalysis(entries, n, Math.max(events, eventsH), naive, options, warnings);
}
