/**
 * Effects of an emulated trial from weighted clone rows: the risks of each
 * strategy at a horizon (weighted Aalen-Johansen, competing events as a
 * competing cause), their difference (treatment minus control) and ratio with
 * robust variance clustered by patient (the clones of one patient share a
 * cluster: sum_i (U_i^treatment - U_i^control)^2 with the IJ influences U of
 * weighted-aalen-johansen.ts; the ratio on the log scale by the delta method),
 * and the hazard ratio of the weighted Cox model (cause-specific when a
 * competing event is present) with the robust variance clustered by patient,
 * R's `coxph(Surv(start, stop, status == 1) ~ arm + cluster(patient), weights = w)`.
 * The variances treat the weights as known (the usual robust variance of IPW
 * analyses; the bootstrap of tte-bootstrap.ts refits the weights).
 * Definitions: docs/target-trial.md.
 */
import { ModelError, UsageError } from '../../util/errors.js';
import type { ColumnTable } from '../design/types.js';
import { qnorm } from '../stats/distributions.js';
import { coxph } from '../survival/cox/cox.js';
import { coxFit } from '../survival/cox/cox-fit.js';
import type { CloneRows } from './clone-censor-weight.js';
import { clusterInfluence, riskAt, weightedCumulativeIncidence, type RiskRows, type WeightedRiskCurve } from './weighted-aalen-johansen.js';

/** One effect measure with its interval (ratios on their natural scale; `se` of the log ratio). */
export interface EffectEstimate {
  measure: 'risk-difference' | 'risk-ratio' | 'hazard-ratio';
  estimate: number;
  lower: number;
  upper: number;
  /** Standard error (of the difference; of the log ratio). */
  se: number;
}

/** Risks of both strategies at the horizon and their contrasts. */
export interface RiskContrasts {
  horizon: number;
  riskTreatment: number;
  riskControl: number;
  seTreatment: number;
  seControl: number;
  difference: EffectEstimate;
  ratio: EffectEstimate;
  curves: { treatment: WeightedRiskCurve; control: WeightedRiskCurve };
}

/** The rows of one arm (positive weight, positive length). */
export function armRows(rows: CloneRows, arm: 0 | 1): RiskRows {
  const keep: number[] = [];
  for (let r = 0; r < rows.arm.length; r++) if (rows.arm[r] === arm && rows.weight[r]! > 0 && rows.stop[r]! > rows.start[r]!) keep.push(r);
  return {
    start: Float64Array.from(keep, (r) => rows.start[r]!),
    stop: Float64Array.from(keep, (r) => rows.stop[r]!),
    status: Uint8Array.from(keep, (r) => rows.status[r]!),
    weight: Float64Array.from(keep, (r) => rows.weight[r]!),
    cluster: Int32Array.from(keep, (r) => rows.patient[r]!),
  };
}

/**
 * Risks at the horizon, their difference and ratio with robust intervals clustered by patient.
 * @param rows weighted clone rows; @param patients number of patients (clusters).
 * @param horizon time of the risks (days); @param confLevel (0.95).
 * @throws {UsageError} on bad rows.
 * @example riskContrasts(ccw.rows, n, 1826).difference.estimate
 */
export function riskContrasts(rows: CloneRows, patients: number, horizon: number, confLevel = 0.95): RiskContrasts {
  const z = qnorm(1 - (1 - confLevel) / 2);
  const rt = armRows(rows, 1);
  const rc = armRows(rows, 0);
  const ct = weightedCumulativeIncidence(rt);
  const cc = weightedCumulativeIncidence(rc);
  const ft = riskAt(ct, horizon);
  const fc = riskAt(cc, horizon);
  const ut = clusterInfluence(rt, ct, horizon, patients);
  const uc = clusterInfluence(rc, cc, horizon, patients);
  let vt = 0;
  let vc = 0;
  let vd = 0;
  let vr = 0;
  for (let i = 0; i < patients; i++) {
    vt += ut[i]! ** 2;
    vc += uc[i]! ** 2;
    vd += (ut[i]! - uc[i]!) ** 2;
    vr += (ut[i]! / ft - uc[i]! / fc) ** 2;
  }
  const d = ft - fc;
  const sd = Math.sqrt(vd);
  const lr = Math.log(ft / fc);
  const sr = Math.sqrt(vr);
  const ratioDefined = ft > 0 && fc > 0;
  return {
    horizon,
    riskTreatment: ft,
    riskControl: fc,
    seTreatment: Math.sqrt(vt),
    seControl: Math.sqrt(vc),
    difference: { measure: 'risk-difference', estimate: d, se: sd, lower: d - z * sd, upper: d + z * sd },
    ratio: ratioDefined
      ? { measure: 'risk-ratio', estimate: ft / fc, se: sr, lower: Math.exp(lr - z * sr), upper: Math.exp(lr + z * sr) }
      : { measure: 'risk-ratio', estimate: NaN, se: NaN, lower: NaN, upper: NaN },
    curves: { treatment: ct, control: cc },
  };
}

/**
 * Hazard ratio of the treatment strategy from the weighted Cox model on the clone rows
 * (Efron ties, robust variance clustered by patient; competing events censored: cause-specific).
 * @param rows weighted clone rows; @param confLevel (0.95).
 * @param strata optional stratum per row (sequential trials: the trial), R's `strata(trial)`.
 * @throws {ModelError} when an arm has no outcome event (the hazard ratio is not estimable).
 * @example weightedHazardRatio(ccw.rows).estimate
 */
export function weightedHazardRatio(rows: CloneRows, confLevel = 0.95, strata: ArrayLike<number> | null = null): EffectEstimate & { converged: boolean; warnings: string[] } {
  const keep: number[] = [];
  const events = [0, 0];
  for (let r = 0; r < rows.arm.length; r++) {
    if (!(rows.weight[r]! > 0 && rows.stop[r]! > rows.start[r]!)) continue;
    keep.push(r);
    if (rows.status[r] === 1) events[rows.arm[r]!]!++;
  }
  if (events[0] === 0 || events[1] === 0) throw new ModelError(`the hazard ratio is not estimable: no outcome event in the ${events[1] === 0 ? 'treatment' : 'control'} arm`);
  // The numeric core of coxph (models/survival/cox/cox-fit.ts) on the rows as they are: the same fit as
  // coxph('Surv(start, stop, event) ~ arm [+ strata(trial)] + cluster(patient)', weights = w), without the
  // formula frame and the concordance, which large clone data sets do not need.
  const fit = coxFit(
    {
      x: [Float64Array.from(keep, (r) => rows.arm[r]!)],
      time: Float64Array.from(keep, (r) => rows.stop[r]!),
      status: Float64Array.from(keep, (r) => (rows.status[r] === 1 ? 1 : 0)),
      start: Float64Array.from(keep, (r) => rows.start[r]!),
      strata: strata ? Int32Array.from(keep, (r) => strata[r]!) : null,
      weights: Float64Array.from(keep, (r) => rows.weight[r]!),
      cluster: Int32Array.from(keep, (r) => rows.patient[r]!),
    },
    { ties: 'efron', robust: true },
  );
  const b = fit.coef[0]!;
  if (!Number.isFinite(b)) throw new ModelError('the weighted Cox model gave no estimate for the treatment strategy');
  const se = Math.sqrt((fit.robustVar ?? fit.naiveVar)[0]!);
  const z = qnorm(1 - (1 - confLevel) / 2);
  return { measure: 'hazard-ratio', estimate: Math.exp(b), se, lower: Math.exp(b - z * se), upper: Math.exp(b + z * se), converged: fit.converged, warnings: fit.warnings };
}

/** Input of {@link naiveHazardRatio}: one row per patient from time zero. */
export interface NaiveInput {
  exit: ArrayLike<number>;
  status: ArrayLike<number>;
  /** 1 = started the therapy at any time before the end of follow-up ("ever"), 0 = never. */
  ever: ArrayLike<number>;
  covariates: readonly { name: string; values: ArrayLike<number> }[];
}

/**
 * The naive "ever started vs never started" Cox model from time zero (the
 * analysis an emulation corrects: it credits the treated with the time before
 * their start, immortal time), adjusted for the same covariates; competing
 * events censored (cause-specific), Efron ties, model-based variance.
 * @throws {ModelError} when either group is empty or has no event.
 * @example naiveHazardRatio({ exit, status, ever, covariates: [] }).estimate
 */
export function naiveHazardRatio(input: NaiveInput, confLevel = 0.95): EffectEstimate & { warnings: string[] } {
  const n = input.exit.length;
  if (input.status.length !== n || input.ever.length !== n) throw new UsageError('naiveHazardRatio: exit, status and ever must have the same length');
  let ever = 0;
  for (let i = 0; i < n; i++) ever += input.ever[i]! === 1 ? 1 : 0;
  if (ever === 0 || ever === n) throw new ModelError(`the naive hazard ratio is not estimable: ${ever === 0 ? 'nobody' : 'everybody'} started the therapy`);
  const columns: Record<string, Float64Array> = {
    time: Float64Array.from(input.exit),
    event: Float64Array.from(input.status, (s) => (s === 1 ? 1 : 0)),
    ever: Float64Array.from(input.ever),
  };
  const names = input.covariates.map((c, j) => {
    columns[`x${j + 1}`] = Float64Array.from(c.values);
    return `x${j + 1}`;
  });
  const table: ColumnTable = columns;
  const fit = coxph(`Surv(time, event) ~ ${['ever', ...names].join(' + ')}`, table, { confLevel });
  const t = fit.terms.find((x) => x.term === 'ever');
  if (!t || !Number.isFinite(t.coef)) throw new ModelError('the naive Cox model gave no estimate for ever starting the therapy');
  return { measure: 'hazard-ratio', estimate: t.hr, se: t.se, lower: t.lower, upper: t.upper, warnings: fit.warnings };
}
