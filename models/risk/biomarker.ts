/**
 * Added value of a biomarker over a base Cox model, on typed arrays:
 *
 * - base model `Surv ~ base` and extended model `Surv ~ base + marker` are
 *   fitted with {@link coxFit} (ties: Efron by default, as R's coxph);
 * - **likelihood-ratio test** of the nested models: `2 (l_full - l_base)` on
 *   (number of marker columns) df (R: `anova(base, full)`);
 * - **change in Harrell's C** of the linear predictors, with a paired
 *   bootstrap CI ({@link compareConcordance}; apparent, i.e. not
 *   optimism-corrected: use bootstrapOptimism for that);
 * - **change in time-dependent AUC** at the horizon (cumulative/dynamic, IPCW);
 * - **net reclassification improvement** at the horizon with risks
 *   `1 - exp(-H0(h) exp(lp))` (Breslow baseline): continuous (any up/down
 *   move) and categorical (moves across `cutoffs`), with censoring handled by
 *   Kaplan-Meier as Pencina, D'Agostino & Steyerberg (2011):
 *   `NRI_events = [P(up)(1 - S_up(h)) - P(down)(1 - S_down(h))] / (1 - S(h))`,
 *   `NRI_nonevents = [P(down) S_down(h) - P(up) S_up(h)] / S(h)`, with S the KM
 *   of all rows and S_up / S_down the KM within the moved-up / moved-down rows.
 *
 * Screens: {@link univariableScreen} fits one Cox model per candidate
 * (optionally adjusted for base covariates) and {@link multivariableScreen}
 * one model with all candidates; Wald p-values are adjusted by
 * Benjamini-Hochberg (R `p.adjust(p, "BH")`) via {@link pAdjust}.
 *
 * Reference: Pencina MJ, D'Agostino RB Sr, Steyerberg EW (2011) Stat Med
 * 30:11-21; Pencina MJ et al. (2008) Stat Med 27:157-172; Benjamini Y,
 * Hochberg Y (1995) JRSS B 57:289-300; Harrell FE (2015) Regression Modeling Strategies.
 */
import { ModelError, UsageError } from '../../util/errors.js';
import { pchisq, pnorm } from '../stats/distributions.js';
import { coxFit } from '../survival/cox/cox-fit.js';
import type { CoxTies } from '../survival/cox/cox-control.js';
import { pAdjust } from '../survival/survival-utils.js';
import type { PAdjustMethod } from '../survival/survival-utils.js';
import { breslowCumulativeHazard } from './metrics/calibration.js';
import { compareConcordance } from './metrics/compare.js';
import type { ConcordanceComparison } from './metrics/compare.js';
import { timeDependentAuc } from './metrics/td-auc.js';
import { kaplanMeierStep, survivalAt } from './metrics/survival-step.js';

/** Input of {@link biomarkerValue}. */
export interface BiomarkerInput {
  time: Float64Array;
  status: Float64Array;
  /** Base covariates (column-major); may be empty (then the base model is the null model). */
  base: readonly Float64Array[];
  /** The biomarker column(s) added to the base model. */
  marker: readonly Float64Array[];
}

/** Options of {@link biomarkerValue}. */
export interface BiomarkerOptions {
  /** Horizon for the time-dependent AUC and the NRI (required, same unit as time). */
  horizon: number;
  /** Risk thresholds of the categorical NRI (ascending, in (0, 1)). Default [0.1, 0.2] (low / intermediate / high). */
  cutoffs?: readonly number[];
  /** Tie method of the Cox fits. Default 'efron' (R's coxph default). */
  ties?: CoxTies;
  /** Bootstrap replicates and seed of the CI of the change in C. Defaults 1000 and 1. */
  B?: number;
  seed?: number;
}

/** A net reclassification improvement with its event and non-event parts. */
export interface Nri {
  events: number;
  nonEvents: number;
  total: number;
  /** Share of rows moved up and down. */
  up: number;
  down: number;
}

/** Result of {@link biomarkerValue}. */
export interface BiomarkerResult {
  lrt: { chisq: number; df: number; pValue: number };
  concordance: ConcordanceComparison;
  auc: { horizon: number; base: number; full: number; difference: number };
  nri: { continuous: Nri; categorical: Nri; cutoffs: number[] };
  /** Coefficients of the extended model (base columns first, then marker columns). */
  coefFull: Float64Array;
  riskBase: Float64Array;
  riskFull: Float64Array;
  warnings: string[];
}

interface CoxSummary {
  coef: Float64Array;
  se: Float64Array;
  loglik: number;
  lp: Float64Array;
  converged: boolean;
}

function fitCox(x: readonly Float64Array[], time: Float64Array, status: Float64Array, ties: CoxTies): CoxSummary {
  const n = time.length;
  if (x.length === 0) {
    const f = coxFit({ x: [], time, status }, { ties });
    return { coef: new Float64Array(0), se: new Float64Array(0), loglik: f.loglik[1], lp: new Float64Array(n), converged: true };
  }
  const f = coxFit({ x, time, status }, { ties });
  const p = x.length;
  const se = new Float64Array(p);
  for (let j = 0; j < p; j++) se[j] = Math.sqrt(f.naiveVar[j * p + j]!);
  // Uncentred linear predictor x b (the centring cancels in every use below).
  const lp = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    const b = f.coef[j]!;
    if (!Number.isFinite(b)) continue;
    for (let i = 0; i < n; i++) lp[i] = lp[i]! + b * x[j]![i]!;
  }
  return { coef: f.coef, se, loglik: f.loglik[1], lp, converged: f.converged };
}

/** Risk of an event by h from a Cox linear predictor with the Breslow baseline. */
function riskAt(time: Float64Array, status: Float64Array, lp: Float64Array, h: number): Float64Array {
  const H0 = breslowCumulativeHazard(time, status, lp, h);
  return lp.map((e) => 1 - Math.exp(-H0 * Math.exp(e)));
}

/**
 * NRI at horizon h from a move indicator (+1 up, -1 down, 0 same), censoring by KM (Pencina 2011).
 */
export function netReclassification(time: Float64Array, status: Float64Array, move: Int8Array, h: number): Nri {
  const n = time.length;
  const sub = (sign: number) => {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (move[i] === sign) rows.push(i);
    const S = rows.length ? survivalAt(kaplanMeierStep(Float64Array.from(rows, (i) => time[i]!), Float64Array.from(rows, (i) => status[i]!)), h) : 1;
    return { share: rows.length / n, S };
  };
  const S = survivalAt(kaplanMeierStep(time, status), h);
  const up = sub(1);
  const down = sub(-1);
  const events = S < 1 ? (up.share * (1 - up.S) - down.share * (1 - down.S)) / (1 - S) : NaN;
  const nonEvents = S > 0 ? (down.share * down.S - up.share * up.S) / S : NaN;
  return { events, nonEvents, total: events + nonEvents, up: up.share, down: down.share };
}

/**
 * Added value of a biomarker over a base Cox model.
 * @throws UsageError for bad lengths, horizon or cutoffs; ModelError when a Cox fit fails
 * @example biomarkerValue({ time, status, base: [age, nodes], marker: [pgr] }, { horizon: 1825 }).lrt.pValue
 */
export function biomarkerValue(input: BiomarkerInput, options: BiomarkerOptions): BiomarkerResult {
  const { time, status, base, marker } = input;
  const n = time.length;
  if (marker.length === 0) throw new UsageError('biomarkerValue: at least one marker column is required');
  for (const c of [...base, ...marker]) if (c.length !== n) throw new UsageError(`biomarkerValue: a column has length ${c.length}, expected ${n}`);
  const h = options.horizon;
  if (!(h > 0 && Number.isFinite(h))) throw new UsageError(`biomarkerValue: horizon must be > 0, got ${h}`);
  const cutoffs = [...(options.cutoffs ?? [0.1, 0.2])];
  for (let k = 0; k < cutoffs.length; k++) {
    if (!(cutoffs[k]! > 0 && cutoffs[k]! < 1) || (k > 0 && !(cutoffs[k]! > cutoffs[k - 1]!))) throw new UsageError(`biomarkerValue: cutoffs must be increasing in (0, 1), got ${cutoffs.join(', ')}`);
  }
  const ties = options.ties ?? 'efron';
  const warnings: string[] = [];
  const fb = fitCox(base, time, status, ties);
  const ff = fitCox([...base, ...marker], time, status, ties);
  if (!fb.converged || !ff.converged) warnings.push('a Cox fit did not converge');
  if (ff.coef.some((b) => !Number.isFinite(b))) throw new ModelError('biomarkerValue: the extended model has collinear columns');
  const df = marker.length;
  const chisq = 2 * (ff.loglik - fb.loglik);
  const concordance = compareConcordance(time, status, fb.lp, ff.lp, { B: options.B ?? 1000, seed: options.seed ?? 1 });
  const aucB = timeDependentAuc(time, status, fb.lp, [h]).auc[0]!;
  const aucF = timeDependentAuc(time, status, ff.lp, [h]).auc[0]!;
  const riskBase = riskAt(time, status, fb.lp, h);
  const riskFull = riskAt(time, status, ff.lp, h);
  const cont = new Int8Array(n);
  const cat = new Int8Array(n);
  const category = (r: number): number => {
    let c = 0;
    while (c < cutoffs.length && r >= cutoffs[c]!) c++;
    return c;
  };
  for (let i = 0; i < n; i++) {
    cont[i] = riskFull[i]! > riskBase[i]! ? 1 : riskFull[i]! < riskBase[i]! ? -1 : 0;
    cat[i] = Math.sign(category(riskFull[i]!) - category(riskBase[i]!));
  }
  return {
    lrt: { chisq, df, pValue: pchisq(chisq, df) },
    concordance,
    auc: { horizon: h, base: aucB, full: aucF, difference: aucF - aucB },
    nri: { continuous: netReclassification(time, status, cont, h), categorical: netReclassification(time, status, cat, h), cutoffs },
    coefFull: ff.coef,
    riskBase,
    riskFull,
    warnings,
  };
}

/** One row of a screen. */
export interface ScreenRow {
  name: string;
  coef: number;
  se: number;
  hazardRatio: number;
  z: number;
  pValue: number;
  /** Adjusted p-value (Benjamini-Hochberg by default). */
  qValue: number;
}

/** Options of the screens. */
export interface ScreenOptions {
  /** Covariates every model is adjusted for. Default none. */
  adjust?: readonly Float64Array[];
  /** Multiple-testing adjustment. Default 'BH' (false-discovery rate). */
  method?: PAdjustMethod;
  /** Tie method. Default 'efron'. */
  ties?: CoxTies;
}

/**
 * One Cox model per candidate (plus `adjust` covariates); Wald p-values of the candidate, FDR-adjusted.
 * @example univariableScreen(time, status, genes, geneNames).filter((r) => r.qValue < 0.05)
 */
export function univariableScreen(
  time: Float64Array,
  status: Float64Array,
  candidates: readonly Float64Array[],
  names: readonly string[],
  options: ScreenOptions = {},
): ScreenRow[] {
  if (names.length !== candidates.length) throw new UsageError(`univariableScreen: ${names.length} names for ${candidates.length} candidates`);
  const adj = options.adjust ?? [];
  const ties = options.ties ?? 'efron';
  const rows = candidates.map((c, k) => {
    const f = fitCox([c, ...adj], time, status, ties);
    return waldRow(names[k]!, f.coef[0]!, f.se[0]!);
  });
  return adjustRows(rows, options.method ?? 'BH');
}

/**
 * One Cox model with all candidates (plus `adjust`); Wald p-value of each candidate, FDR-adjusted.
 */
export function multivariableScreen(
  time: Float64Array,
  status: Float64Array,
  candidates: readonly Float64Array[],
  names: readonly string[],
  options: ScreenOptions = {},
): ScreenRow[] {
  if (names.length !== candidates.length) throw new UsageError(`multivariableScreen: ${names.length} names for ${candidates.length} candidates`);
  const f = fitCox([...candidates, ...(options.adjust ?? [])], time, status, options.ties ?? 'efron');
  const rows = candidates.map((_, k) => waldRow(names[k]!, f.coef[k]!, f.se[k]!));
  return adjustRows(rows, options.method ?? 'BH');
}

function waldRow(name: string, coef: number, se: number): ScreenRow {
  const z = coef / se;
  return { name, coef, se, hazardRatio: Math.exp(coef), z, pValue: Number.isFinite(z) ? 2 * pnorm(-Math.abs(z)) : NaN, qValue: NaN };
}

function adjustRows(rows: ScreenRow[], method: PAdjustMethod): ScreenRow[] {
  const q = pAdjust(rows.map((r) => r.pValue), method);
  return rows.map((r, k) => ({ ...r, qValue: q[k]! }));
}
