/**
 * Calibration of predicted risks at a horizon h:
 *
 * - **Risk groups** (`groups`, default 10): rows ordered by predicted risk and
 *   cut at its quantiles (R's type 7) into groups; per group the mean
 *   predicted risk and the observed risk `1 - KM(h)` of the group (point
 *   estimate; Steyerberg EW (2019) Clinical Prediction Models, 2nd ed., ch. 15).
 * - **Calibration-in-the-large**: observed `O = 1 - KM(h)` of all rows,
 *   expected `E = mean(p)`; `intercept = O - E` (risk scale) and `oeRatio = O / E`.
 * - **Calibration slope**: coefficient of `cll = log(-log(1 - p))` in a Cox
 *   model (Breslow ties) fitted to follow-up administratively censored at h
 *   (1 = ideal, < 1 = predictions too extreme). Crowson CS, Atkinson EJ,
 *   Therneau TM (2016) Stat Methods Med Res 25:1692-1706; McLernon DJ et al.
 *   (2023) Ann Intern Med 176:105-114.
 * - **ICI, E50, E90** (Austin PC, Harrell FE, van Klaveren D (2020) Stat Med
 *   39:2714-2742): a Cox model on a restricted cubic spline of cll (3 knots
 *   at the 10/50/90% quantiles, Harrell's basis) gives each row's smoothed
 *   observed risk `1 - exp(-H0(h) exp(f(cll)))` (Breslow H0); ICI is the mean,
 *   E50 the median and E90 the 90th percentile of |observed - predicted|.
 *
 * Golden test against an R reference (coxph + the same spline basis) in
 * test/golden/risk-metrics.R.
 */
import { UsageError } from '../../../util/errors.js';
import { coxFit } from '../../survival/cox/cox-fit.js';
import { kaplanMeierStep, survivalAt } from './survival-step.js';
import { quantileType7 } from '../../stats/quantile.js';

/** Options of {@link calibrationAtHorizon}. */
export interface CalibrationOptions {
  /** Number of risk groups. Default 10 (deciles). */
  groups?: number;
}

/** One risk group. */
export interface CalibrationGroup {
  n: number;
  /** Mean predicted risk. */
  predicted: number;
  /** Observed risk 1 - KM(h) in the group. */
  observed: number;
}

/** Result of {@link calibrationAtHorizon}. */
export interface CalibrationResult {
  horizon: number;
  groups: CalibrationGroup[];
  observed: number;
  expected: number;
  /** O - E on the risk scale. */
  intercept: number;
  oeRatio: number;
  slope: number;
  ici: number;
  e50: number;
  e90: number;
  /** Smoothed observed risk per row (the ICI curve). */
  smoothedObserved: Float64Array;
  warnings: string[];
}

/** Harrell's restricted cubic spline basis with 3 knots (R `rms::rcs` normalisation by (k3 - k1)^2): the non-linear column. */
export function rcs3(x: Float64Array, k: readonly [number, number, number]): Float64Array {
  const [k1, k2, k3] = k;
  const c3 = (v: number): number => (v > 0 ? v * v * v : 0);
  const s = (k3 - k1) * (k3 - k1);
  return x.map((v) => (c3(v - k1) - (c3(v - k2) * (k3 - k1)) / (k3 - k2) + (c3(v - k3) * (k2 - k1)) / (k3 - k2)) / s);
}

/**
 * Calibration of predicted risks at horizon h.
 * @param risk predicted probability of an event by h, in (0, 1)
 * @throws UsageError for risks outside (0, 1) or a bad horizon
 * @example calibrationAtHorizon(time, status, risk5y, 1825).slope // => ~1 when well calibrated
 */
export function calibrationAtHorizon(
  time: Float64Array,
  status: Float64Array,
  risk: Float64Array,
  horizon: number,
  options: CalibrationOptions = {},
): CalibrationResult {
  const n = time.length;
  if (status.length !== n || risk.length !== n) throw new UsageError('calibrationAtHorizon: time, status and risk must have the same length');
  if (!(horizon > 0 && Number.isFinite(horizon))) throw new UsageError(`calibrationAtHorizon: horizon must be > 0, got ${horizon}`);
  for (const p of risk) if (!(p > 0 && p < 1)) throw new UsageError(`calibrationAtHorizon: predicted risk must be in (0, 1), got ${p}`);
  const ng = options.groups ?? 10;
  if (!(Number.isInteger(ng) && ng >= 1)) throw new UsageError(`calibrationAtHorizon: groups must be a positive integer, got ${ng}`);
  const warnings: string[] = [];
  // Administrative censoring at h.
  const th = time.map((t) => Math.min(t, horizon));
  const sh = status.map((s, i) => (time[i]! > horizon ? 0 : s));

  // Risk groups by quantiles of p.
  const cuts: number[] = [];
  for (let g = 1; g < ng; g++) cuts.push(quantileType7(risk, g / ng));
  const gid = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let g = 0;
    while (g < cuts.length && risk[i]! > cuts[g]!) g++;
    gid[i] = g;
  }
  const groups: CalibrationGroup[] = [];
  for (let g = 0; g < ng; g++) {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (gid[i] === g) rows.push(i);
    if (rows.length === 0) continue;
    const t = Float64Array.from(rows, (i) => th[i]!);
    const s = Float64Array.from(rows, (i) => sh[i]!);
    let mp = 0;
    for (const i of rows) mp += risk[i]!;
    groups.push({ n: rows.length, predicted: mp / rows.length, observed: 1 - survivalAt(kaplanMeierStep(t, s), horizon) });
  }

  const observed = 1 - survivalAt(kaplanMeierStep(th, sh), horizon);
  let expected = 0;
  for (const p of risk) expected += p;
  expected /= n;

  const cll = risk.map((p) => Math.log(-Math.log(1 - p)));
  const slopeFit = coxFit({ x: [cll], time: th, status: sh }, { ties: 'breslow' });
  if (!slopeFit.converged) warnings.push('calibration slope: Cox fit did not converge');
  const slope = slopeFit.coef[0]!;

  const knots: [number, number, number] = [quantileType7(cll, 0.1), quantileType7(cll, 0.5), quantileType7(cll, 0.9)];
  const spline = rcs3(cll, knots);
  const sFit = coxFit({ x: [cll, spline], time: th, status: sh }, { ties: 'breslow' });
  if (!sFit.converged) warnings.push('ICI: spline Cox fit did not converge');
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) eta[i] = sFit.coef[0]! * cll[i]! + sFit.coef[1]! * spline[i]!;
  const h0 = breslowCumulativeHazard(th, sh, eta, horizon);
  const smoothedObserved = eta.map((e) => 1 - Math.exp(-h0 * Math.exp(e)));
  const absDiff = smoothedObserved.map((o, i) => Math.abs(o - risk[i]!));
  let ici = 0;
  for (const v of absDiff) ici += v;
  ici /= n;
  return {
    horizon,
    groups,
    observed,
    expected,
    intercept: observed - expected,
    oeRatio: observed / expected,
    slope,
    ici,
    e50: quantileType7(absDiff, 0.5),
    e90: quantileType7(absDiff, 0.9),
    smoothedObserved,
    warnings,
  };
}

/** Breslow cumulative baseline hazard at t for linear predictor eta (not centred): sum_{s <= t} d_s / sum_{T_j >= s} exp(eta_j). */
export function breslowCumulativeHazard(time: Float64Array, status: Float64Array, eta: Float64Array, t: number): number {
  const n = time.length;
  const ord = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[b]! - time[a]!);
  let risk = 0;
  let h = 0;
  let r = 0;
  while (r < n) {
    const tt = time[ord[r]!]!;
    let d = 0;
    let r2 = r;
    while (r2 < n && time[ord[r2]!]! === tt) {
      risk += Math.exp(eta[ord[r2]!]!);
      if (status[ord[r2]!]! > 0) d++;
      r2++;
    }
    if (tt <= t && d > 0) h += d / risk;
    r = r2;
  }
  return h;
}

/** R's type-7 sample quantile (re-exported from models/stats/quantile.ts). */
export { quantileType7 };
