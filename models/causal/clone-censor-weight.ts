/**
 * Clone-censor-weight for treatment strategies with a grace period (Cain et
 * al., Int J Biostat 2010;6:18; Hernán, BMJ 2018;360:k182; Maringe et al.,
 * Int J Epidemiol 2020;49:1719–1729). Every eligible patient is copied into
 * both arms at time zero:
 * - treatment arm, "start the therapy within G days": the clone deviates at G
 *   when the therapy has not started by then (artificially censored at G);
 * - control arm, "do not start it within G days": the clone deviates when the
 *   therapy starts within G (censored at the start day).
 * With `strategy: 'sustained'` the treatment arm also deviates when the therapy
 * stops, and the control arm whenever it starts ("never start").
 * An outcome on the day of a deviation counts (it came first).
 *
 * Deviation is informative, so each clone carries a time-varying inverse
 * probability of censoring weight W_k = prod_{j < k} 1 / P(no deviation in
 * interval j | history), from pooled logistic hazard models of starting (and,
 * sustained, stopping) on the person-interval rows of the patients (not the
 * clones): control arm P = 1 - h_j (not starting in j); treatment arm P = h_K
 * in the last grace interval K (those who start in the last interval stand in
 * for those censored at G, as the deviation-based weights of Cain et al.
 * prescribe; earlier intervals carry no risk of deviation), and 1 - q_j for
 * not stopping (sustained). The weight of interval k uses the intervals before
 * k (the censoring of interval k happens within it). Weights may be truncated
 * at quantiles over clone-intervals (Cole & Hernán, Am J Epidemiol
 * 2008;168:656–664) or capped.
 *
 * Output: counting-process rows (start, stop] per clone, split where its weight
 * changes, for weighted Aalen-Johansen risks (tte-risk.ts) and the weighted Cox
 * model with robust variance clustered by patient. Definitions:
 * docs/target-trial.md.
 */
import { ModelError, UsageError } from '../../util/errors.js';
import { personIntervals, type PersonIntervals } from './person-intervals.js';
import { pooledLogistic, type IntervalTerm, type NamedColumn, type PooledLogisticFit } from './pooled-logistic.js';
import { intervalGrid, intervalOf, MONTH_DAYS, type IntervalGrid } from './tte-grid.js';

/** A covariate measured repeatedly: values carried forward to the start of each interval. */
export interface TimeUpdatedCovariate {
  name: string;
  /** Patient index, time (days from time zero; <= 0 for the baseline value) and value of each measurement, sorted by patient then time. */
  patient: Int32Array;
  time: Float64Array;
  value: Float64Array;
}

/** The eligible patients of one emulated trial (times in days from time zero). */
export interface TrialPatients {
  /** End of follow-up: outcome, competing event or censoring (> 0). */
  exit: ArrayLike<number>;
  /** 0 censored, 1 outcome, 2 competing event. */
  status: ArrayLike<number>;
  /** First start of the therapy on or after time zero (>= 0); Infinity = never. */
  start: ArrayLike<number>;
  /** End of continuous use of the therapy (sustained strategies); Infinity = ongoing. */
  stop?: ArrayLike<number>;
  /** Baseline covariates of the censoring models, one value per patient. */
  baseline: readonly NamedColumn[];
  /** Time-updated covariates of the censoring models (last value carried forward). */
  timeUpdated?: readonly TimeUpdatedCovariate[];
  /** Prior weight per patient (bootstrap multiplicities); default 1. */
  patientWeights?: ArrayLike<number>;
}

/** Options of {@link cloneCensorWeight}. */
export interface CloneCensorWeightOptions {
  /** Grace period G in days (> 0). */
  graceDays: number;
  /** Follow-up ends at the horizon (days). */
  horizonDays: number;
  /** Interval length in days (default 30.4375, one month). */
  intervalDays?: number;
  /** 'initiation' (default: the strategies constrain only the grace period) or 'sustained'. */
  strategy?: 'initiation' | 'sustained';
  /** Time terms of the censoring models (default 'factor'). */
  intervalTerm?: IntervalTerm;
  /** Truncate the weights at these quantiles over clone-intervals, e.g. [0.01, 0.99] (default none). */
  truncate?: readonly [number, number] | null;
  /** Cap the weights at this value (default none). */
  maxWeight?: number | null;
}

/** Counting-process rows of the weighted clones. */
export interface CloneRows {
  /** 0-based patient index (the cluster). */
  patient: Int32Array;
  /** 1 treatment strategy, 0 control strategy. */
  arm: Uint8Array;
  start: Float64Array;
  stop: Float64Array;
  /** 0 censored (also artificially), 1 outcome, 2 competing event, at `stop`. */
  status: Uint8Array;
  weight: Float64Array;
}

/** Summary of a weight distribution over clone-intervals. */
export interface WeightSummary {
  arm: 'treatment' | 'control';
  /** Clone-intervals summarised. */
  count: number;
  min: number;
  p01: number;
  p25: number;
  median: number;
  mean: number;
  p75: number;
  p99: number;
  max: number;
}

/** Result of {@link cloneCensorWeight}. */
export interface CloneCensorWeightResult {
  rows: CloneRows;
  grid: IntervalGrid;
  /** The hazard model of starting the therapy. */
  initiation: PooledLogisticFit;
  /** The hazard model of stopping it (sustained strategies). */
  discontinuation: PooledLogisticFit | null;
  /** Patients whose clone was artificially censored, per arm. */
  artificiallyCensored: { treatment: number; control: number };
  /** Patients who started within the grace period (before the end of follow-up). */
  startedInGrace: number;
  /** Patients still followed and not started at the start of the last grace interval (at risk of the treatment arm's deviation). */
  atRiskLastGraceInterval: number;
  weights: { treatment: WeightSummary; control: WeightSummary; truncated: number };
  /**
   * Positivity: patients whose probability of following the strategy through the
   * grace period is below 0.01 (treatment: h_K; control: prod (1 - h_j)), and the range of the fitted starting hazards.
   */
  positivity: { treatmentBelow001: number; controlBelow001: number; minHazard: number; maxHazard: number };
  warnings: string[];
}

interface PatientHazards {
  /** Offset of the patient's first row in the model rows, or -1. */
  first: Int32Array;
  count: Int32Array;
}

function indexRows(rows: PersonIntervals, n: number): PatientHazards {
  const first = new Int32Array(n).fill(-1);
  const count = new Int32Array(n);
  for (let r = 0; r < rows.patient.length; r++) {
    const i = rows.patient[r]!;
    if (first[i] === -1) first[i] = r;
    count[i]!++;
  }
  return { first, count };
}

/** Last value at or before the start of each row's interval (b_{k-1}); the first value when none is earlier. */
function carryForward(c: TimeUpdatedCovariate, rows: PersonIntervals, grid: IntervalGrid, n: number): Float64Array {
  const from = new Int32Array(n + 1).fill(-1);
  const to = new Int32Array(n + 1);
  for (let r = 0; r < c.patient.length; r++) {
    const i = c.patient[r]!;
    if (i < 0 || i >= n) throw new UsageError(`time-updated covariate ${c.name}: patient index ${i} out of range`);
    if (r > 0 && (c.patient[r - 1]! > i || (c.patient[r - 1] === i && c.time[r - 1]! > c.time[r]!))) throw new UsageError(`time-updated covariate ${c.name}: measurements must be sorted by patient and time (row ${r + 1})`);
    if (from[i] === -1) from[i] = r;
    to[i] = r + 1;
  }
  const out = new Float64Array(rows.patient.length);
  for (let r = 0; r < out.length; r++) {
    const i = rows.patient[r]!;
    const a = from[i]!;
    if (a < 0) {
      out[r] = NaN;
      continue;
    }
    const t = grid.boundaries[rows.interval[r]! - 1]!;
    let v = c.value[a]!;
    for (let q = a; q < to[i]! && c.time[q]! <= t; q++) v = c.value[q]!;
    out[r] = v;
  }
  return out;
}

function fitModel(rows: PersonIntervals, patients: TrialPatients, grid: IntervalGrid, n: number, intervalTerm: IntervalTerm | undefined, what: string): PooledLogisticFit {
  const timeUpdated = (patients.timeUpdated ?? []).map((c) => ({ name: c.name, values: carryForward(c, rows, grid, n) }));
  for (const c of timeUpdated) {
    const r = c.values.findIndex((v) => !Number.isFinite(v));
    if (r >= 0) throw new UsageError(`time-updated covariate ${c.name} has no value for patient ${rows.patient[r]! + 1}`);
  }
  let transitions = 0;
  for (let r = 0; r < rows.y.length; r++) transitions += rows.y[r]! * (patients.patientWeights ? patients.patientWeights[rows.patient[r]!]! : 1);
  if (transitions === 0) throw new ModelError(`no patient ${what}: the ${what === 'started the therapy' ? 'treatment strategy has no followers' : 'model has no transitions'}; nothing to weight`);
  return pooledLogistic({ rows, baseline: patients.baseline, timeUpdated, ...(patients.patientWeights ? { patientWeights: patients.patientWeights } : {}) }, intervalTerm ? { intervalTerm } : {});
}

/** Type-7 quantile of values with integer repeat counts, sorted by value. */
function repeatedQuantile(sorted: { v: number; c: number }[], total: number, prob: number): number {
  const h = (total - 1) * prob;
  const lo = Math.floor(h);
  const at = (k: number): number => {
    let acc = 0;
    for (const s of sorted) {
      acc += s.c;
      if (k < acc) return s.v;
    }
    return sorted[sorted.length - 1]!.v;
  };
  const a = at(lo);
  return a + (h - lo) * (at(Math.min(total - 1, lo + 1)) - a);
}

/** Summary of weights given as values with repeat counts. */
export function summarise(arm: 'treatment' | 'control', pieces: { v: number; c: number }[]): WeightSummary {
  const s = [...pieces].sort((a, b) => a.v - b.v);
  let total = 0;
  let sum = 0;
  for (const p of s) {
    total += p.c;
    sum += p.v * p.c;
  }
  if (total === 0) return { arm, count: 0, min: NaN, p01: NaN, p25: NaN, median: NaN, mean: NaN, p75: NaN, p99: NaN, max: NaN };
  const q = (p: number): number => repeatedQuantile(s, total, p);
  return { arm, count: total, min: s[0]!.v, p01: q(0.01), p25: q(0.25), median: q(0.5), mean: sum / total, p75: q(0.75), p99: q(0.99), max: s[s.length - 1]!.v };
}

/**
 * Clones, artificially censors and weights the patients of one emulated trial.
 * @param patients exit, status, start (stop), baseline and time-updated covariates, patient weights.
 * @param options graceDays, horizonDays, intervalDays (30.4375), strategy ('initiation'), intervalTerm ('factor'), truncate (none), maxWeight (none).
 * @throws {UsageError} for bad options or inputs (naming the patient); {@link ModelError} when nobody starts the therapy within the grace period.
 * @example cloneCensorWeight({ exit, status, start, baseline: [{ name: 'age', values: age }] }, { graceDays: 90, horizonDays: 1826 }).rows
 */
export function cloneCensorWeight(patients: TrialPatients, options: CloneCensorWeightOptions): CloneCensorWeightResult {
  const n = patients.exit.length;
  const strategy = options.strategy ?? 'initiation';
  if (strategy !== 'initiation' && strategy !== 'sustained') throw new UsageError(`Unknown strategy: ${String(strategy)} (use initiation or sustained)`);
  if (!(options.graceDays > 0)) throw new UsageError(`clone-censor-weight needs a grace period > 0 days, got ${options.graceDays} (compare at time zero with the new-user design instead)`);
  if (!(options.horizonDays > options.graceDays)) throw new UsageError(`the horizon (${options.horizonDays} days) must be later than the end of the grace period (${options.graceDays} days)`);
  if (patients.status.length !== n || patients.start.length !== n || (patients.stop && patients.stop.length !== n)) throw new UsageError('cloneCensorWeight: exit, status, start and stop must have one value per patient');
  if (patients.patientWeights && patients.patientWeights.length !== n) throw new UsageError('cloneCensorWeight: patientWeights must have one value per patient');
  for (const c of patients.baseline) if (c.values.length !== n) throw new UsageError(`cloneCensorWeight: covariate ${c.name} has ${c.values.length} values for ${n} patients`);
  if (strategy === 'sustained' && !patients.stop) throw new UsageError('a sustained strategy needs the stop of each therapy (patients.stop)');
  const H = options.horizonDays;
  const G = options.graceDays;
  const grid = intervalGrid({ intervalDays: options.intervalDays ?? MONTH_DAYS, graceDays: G, endDays: H });
  const b = grid.boundaries;
  const m = b.length - 1;
  const K = grid.graceIntervals;
  const exit = new Float64Array(n);
  const status = new Uint8Array(n);
  const start = new Float64Array(n);
  const stop = new Float64Array(n).fill(Infinity);
  const mult = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    const e = patients.exit[i]!;
    const s = patients.status[i]!;
    const st = patients.start[i]!;
    if (!(e > 0)) throw new UsageError(`patient ${i + 1}: follow-up must end after time zero, got ${e} days`);
    if (s !== 0 && s !== 1 && s !== 2) throw new UsageError(`patient ${i + 1}: status must be 0, 1 or 2, got ${s}`);
    if (!(st >= 0)) throw new UsageError(`patient ${i + 1}: therapy start must be >= 0 days after time zero (or Infinity), got ${st}`);
    exit[i] = Math.min(e, H);
    status[i] = e <= H ? s : 0;
    start[i] = st;
    if (patients.stop) {
      const sp = patients.stop[i]!;
      if (st !== Infinity && !(sp >= st)) throw new UsageError(`patient ${i + 1}: therapy stop (${sp}) before its start (${st})`);
      stop[i] = sp;
    }
    if (patients.patientWeights) {
      const w = patients.patientWeights[i]!;
      if (!(w >= 0)) throw new UsageError(`patient ${i + 1}: patient weight must be >= 0, got ${w}`);
      mult[i] = w;
    }
  }
  const warnings: string[] = [];
  // Censoring models on the patients' person-intervals.
  const initRows = personIntervals(grid, { from: new Float64Array(n), event: start, exit }, 1, strategy === 'initiation' ? K : m);
  const initiation = fitModel(initRows, patients, grid, n, options.intervalTerm, 'started the therapy');
  warnings.push(...initiation.warnings.map((w) => `starting model: ${w}`));
  const initIdx = indexRows(initRows, n);
  let discontinuation: PooledLogisticFit | null = null;
  let stopRows: PersonIntervals | null = null;
  let stopIdx: PatientHazards | null = null;
  if (strategy === 'sustained') {
    const from = Float64Array.from(start, (s, i) => (s < exit[i]! && s <= G ? s : Infinity));
    stopRows = personIntervals(grid, { from, event: stop, exit }, 1, m);
    if (stopRows.y.length > 0 && stopRows.y.some((v, r) => v === 1 && mult[stopRows!.patient[r]!]! > 0)) {
      discontinuation = fitModel(stopRows, patients, grid, n, options.intervalTerm, 'stopped the therapy');
      warnings.push(...discontinuation.warnings.map((w) => `stopping model: ${w}`));
      stopIdx = indexRows(stopRows, n);
    } else stopRows = null;
  }
  // Per patient and arm: the factor 1 / P(no deviation) of each interval (1 where none is at risk).
  const factor = (i: number, arm: 0 | 1): Float64Array => {
    const f = new Float64Array(m + 2).fill(1);
    const a = initIdx.first[i]!;
    for (let r = a; a >= 0 && r < a + initIdx.count[i]!; r++) {
      const k = initRows.interval[r]!;
      const h = initiation.fitted[r]!;
      if (arm === 0) f[k] = 1 / (1 - h);
      else if (k === K) f[k] = 1 / h;
    }
    if (arm === 1 && stopRows && stopIdx && discontinuation) {
      const s = stopIdx.first[i]!;
      for (let r = s; s >= 0 && r < s + stopIdx.count[i]!; r++) f[stopRows.interval[r]!]! /= 1 - discontinuation.fitted[r]!;
    }
    return f;
  };
  // Clone end times and statuses.
  const patientOut: number[] = [];
  const armOut: number[] = [];
  const startOut: number[] = [];
  const stopOut: number[] = [];
  const statusOut: number[] = [];
  const weightOut: number[] = [];
  const spans: number[] = []; // grid intervals covered by each row (for quantiles over clone-intervals)
  const censored = [0, 0];
  let startedInGrace = 0;
  let atRiskLast = 0;
  const posBelow = [0, 0];
  for (let i = 0; i < n; i++) {
    const s = start[i]!;
    const e = exit[i]!;
    if (s <= G && s < e) startedInGrace++;
    if (K >= 1 && (K === 1 || s > b[K - 1]!) && e > b[K - 1]!) atRiskLast++;
    for (const arm of [1, 0] as const) {
      let dev = Infinity;
      if (arm === 1) {
        if (!(s <= G)) dev = G;
        else if (strategy === 'sustained' && stop[i]! < e) dev = stop[i]!;
      } else if (s <= G || strategy === 'sustained') dev = s;
      const deviates = dev < e;
      const T = deviates ? dev : e;
      const st = deviates ? 0 : status[i]!;
      if (deviates) censored[arm === 1 ? 0 : 1]! += 1;
      if (!(T > 0) || mult[i] === 0) continue;
      const f = factor(i, arm);
      // positivity of following the strategy through the grace period
      let pFollow = 1;
      for (let k = 1; k <= K; k++) pFollow /= f[k]!;
      if (arm === 1 && s <= G && intervalOf(grid, s) === K && pFollow < 0.01) posBelow[0]!++;
      if (arm === 0 && !(s <= G) && pFollow < 0.01) posBelow[1]!++;
      let w = 1;
      let pieceStart = 0;
      let pieceWeight = 1;
      let pieceSpan = 0;
      for (let k = 1; k <= m + 1 && b[k - 1]! < T; k++) {
        if (k > 1) w *= f[k - 1]!;
        if (w !== pieceWeight && b[k - 1]! > pieceStart) {
          patientOut.push(i); armOut.push(arm); startOut.push(pieceStart); stopOut.push(b[k - 1]!); statusOut.push(0); weightOut.push(pieceWeight); spans.push(pieceSpan);
          pieceStart = b[k - 1]!;
          pieceSpan = 0;
        }
        pieceWeight = w;
        pieceSpan++;
      }
      patientOut.push(i); armOut.push(arm); startOut.push(pieceStart); stopOut.push(T); statusOut.push(st); weightOut.push(pieceWeight); spans.push(pieceSpan);
    }
  }
  const weight = Float64Array.from(weightOut);
  const arms = Uint8Array.from(armOut);
  const patientIdx = Int32Array.from(patientOut);
  // Truncation and caps over clone-intervals (each row counts once per grid interval it spans, times the patient weight).
  let truncated = 0;
  const tr = options.truncate ?? null;
  const cap = options.maxWeight ?? null;
  if (tr) {
    const [lo, hi] = tr;
    if (!(lo >= 0 && hi <= 1 && lo < hi)) throw new UsageError(`truncate quantiles must satisfy 0 <= lower < upper <= 1, got [${lo}, ${hi}]`);
    const pieces = Array.from(weight, (v, r) => ({ v, c: spans[r]! * Math.round(mult[patientIdx[r]!]!) })).filter((p) => p.c > 0).sort((x, y) => x.v - y.v);
    const total = pieces.reduce((a, p) => a + p.c, 0);
    const qlo = repeatedQuantile(pieces, total, lo);
    const qhi = repeatedQuantile(pieces, total, hi);
    for (let r = 0; r < weight.length; r++) {
      if (weight[r]! < qlo) { weight[r] = qlo; truncated++; }
      else if (weight[r]! > qhi) { weight[r] = qhi; truncated++; }
    }
  }
  if (cap !== null) {
    if (!(cap >= 1)) throw new UsageError(`maxWeight must be >= 1, got ${cap}`);
    for (let r = 0; r < weight.length; r++) if (weight[r]! > cap) { weight[r] = cap; truncated++; }
  }
  const summary = (arm: 0 | 1): WeightSummary => summarise(arm === 1 ? 'treatment' : 'control', Array.from(weight, (v, r) => ({ v, c: arms[r] === arm ? spans[r]! * Math.round(mult[patientIdx[r]!]!) : 0 })).filter((p) => p.c > 0));
  const ws = { treatment: summary(1), control: summary(0), truncated };
  for (const s of [ws.treatment, ws.control]) if (s.max > 100) warnings.push(`extreme weights in the ${s.arm} arm (max ${s.max.toPrecision(4)}): check positivity, or truncate the weights`);
  if (posBelow[0]! + posBelow[1]! > 0) warnings.push('positivity: some patients followed a strategy they had a probability below 0.01 of following (see positivity)');
  // Rows weighted by the patient weights (bootstrap multiplicities).
  if (patients.patientWeights) for (let r = 0; r < weight.length; r++) weight[r]! *= mult[patientIdx[r]!]!;
  let minH = Infinity;
  let maxH = -Infinity;
  for (let r = 0; r < initiation.fitted.length; r++) {
    if (mult[initRows.patient[r]!] === 0) continue;
    minH = Math.min(minH, initiation.fitted[r]!);
    maxH = Math.max(maxH, initiation.fitted[r]!);
  }
  return {
    rows: { patient: patientIdx, arm: arms, start: Float64Array.from(startOut), stop: Float64Array.from(stopOut), status: Uint8Array.from(statusOut), weight },
    grid,
    initiation,
    discontinuation,
    artificiallyCensored: { treatment: censored[0]!, control: censored[1]! },
    startedInGrace,
    atRiskLastGraceInterval: atRiskLast,
    weights: ws,
    positivity: { treatmentBelow001: posBelow[0]!, controlBelow001: posBelow[1]!, minHazard: minH, maxHazard: maxH },
    warnings,
  };
}
