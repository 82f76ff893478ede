/**
 * The whole clone-censor-weight analysis of one emulated trial on arrays:
 * clones and weights (clone-censor-weight.ts), the risks of both strategies at
 * the horizon with their difference and ratio, the weighted Cox hazard ratio
 * (tte-effects.ts), intervals from the robust variance clustered by patient
 * or from the patient bootstrap (tte-bootstrap.ts), the naive "ever started
 * vs never started" Cox model the emulation corrects, balance (SMD) of the
 * weighted clones over follow-up, and warnings for the bad inputs a reviewer
 * meets: a strategy nobody follows, positivity violations, extreme weights.
 * A strategy that cannot be estimated gives null estimates and a warning,
 * never NaN. Definitions: docs/target-trial.md.
 */
import { MidiaError, ModelError } from '../../util/errors.js';
import { balanceTable, type BalanceTableRow } from './balance.js';
import { cloneCensorWeight, type CloneCensorWeightOptions, type CloneCensorWeightResult, type CloneRows, type TrialPatients } from './clone-censor-weight.js';
import { bootstrapReplicates, percentileInterval } from './tte-bootstrap.js';
import { naiveHazardRatio, riskContrasts, weightedHazardRatio, type EffectEstimate, type RiskContrasts } from './tte-effects.js';

/** Options of {@link analyseCloneCensorWeight}. */
export interface CloneCensorWeightAnalysisOptions extends CloneCensorWeightOptions {
  /** Confidence level (default 0.95). */
  confLevel?: number;
  /** Percentile bootstrap instead of the robust intervals (default none). */
  bootstrap?: { replicates: number; seed?: number; onProgress?: (done: number, total: number) => void } | null;
  /** Times (days) of the balance tables of the weighted clones (default: the end of the grace period, then every 365 days before the horizon). */
  balanceTimes?: readonly number[];
}

/** An estimate that may be unavailable (null, with a warning saying why). */
export interface MaybeEstimate {
  measure: EffectEstimate['measure'];
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** Standard error (of the difference; of the log ratio): robust, or the bootstrap SD. */
  se: number | null;
}

/** Balance of the clones at risk at one time after time zero. */
export interface CloneBalance {
  time: number;
  /** Patients at risk per arm (unweighted). */
  atRisk: { treatment: number; control: number };
  rows: BalanceTableRow[];
}

/** Result of {@link analyseCloneCensorWeight}. */
export interface CloneCensorWeightAnalysis {
  /** Clones and weights; null when the trial could not be weighted (see warnings). */
  ccw: CloneCensorWeightResult | null;
  /** Eligible patients and patients with the outcome by the horizon (patients, not clones). */
  patients: number;
  events: number;
  /** Risks at the horizon with the curves; null when not estimable. */
  risks: RiskContrasts | null;
  /** Risk difference (treatment minus control), risk ratio, hazard ratio. */
  estimates: MaybeEstimate[];
  /** The naive ever-started Cox model. */
  naive: MaybeEstimate;
  interval: 'robust' | 'percentile-bootstrap';
  bootstrap: { replicates: number; used: number; failed: number; seed: number } | null;
  balance: CloneBalance[];
  warnings: string[];
}

/** An estimate that is not available. */
export const NONE = (measure: EffectEstimate['measure']): MaybeEstimate => ({ measure, estimate: null, lower: null, upper: null, se: null });
/** A finite number, else null. */
export const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
/** An estimate with non-finite members as null. */
export const maybe = (e: EffectEstimate): MaybeEstimate => ({ measure: e.measure, estimate: finite(e.estimate), lower: finite(e.lower), upper: finite(e.upper), se: finite(e.se) });

/** Standard deviation of finite replicate values (of their logarithm for ratios). */
export function replicateSd(values: Float64Array, log: boolean): number {
  const x = Array.from(values).filter((v) => Number.isFinite(v) && (!log || v > 0)).map((v) => (log ? Math.log(v) : v));
  if (x.length < 2) return NaN;
  const m = x.reduce((a, v) => a + v, 0) / x.length;
  return Math.sqrt(x.reduce((a, v) => a + (v - m) ** 2, 0) / (x.length - 1));
}

/** Balance tables of the clones at risk (start <= t < stop) at each time, unweighted and weighted. */
export function cloneBalance(rows: CloneRows, patients: TrialPatients, times: readonly number[]): CloneBalance[] {
  const out: CloneBalance[] = [];
  for (const t of times) {
    const idx: number[] = [];
    for (let r = 0; r < rows.arm.length; r++) if (rows.start[r]! <= t && t < rows.stop[r]! && rows.weight[r]! > 0) idx.push(r);
    const arm = Float64Array.from(idx, (r) => rows.arm[r]!);
    const n1 = arm.reduce((a, v) => a + v, 0);
    const n0 = arm.length - n1;
    if (n1 < 2 || n0 < 2 || patients.baseline.length === 0) {
      out.push({ time: t, atRisk: { treatment: n1, control: n0 }, rows: [] });
      continue;
    }
    const w = Float64Array.from(idx, (r) => rows.weight[r]!);
    const covs = patients.baseline.map((c) => ({ name: c.name, values: Float64Array.from(idx, (r) => c.values[rows.patient[r]!]!) }));
    out.push({ time: t, atRisk: { treatment: n1, control: n0 }, rows: balanceTable(covs, arm, w) });
  }
  return out;
}

/**
 * Clone-censor-weight analysis of one emulated trial.
 * @param patients exit, status, start (stop), baseline and time-updated covariates (days from time zero).
 * @param options grace, horizon, intervals, strategy, censoring-model time terms, truncation (clone-censor-weight.ts); confLevel (0.95); bootstrap (none); balanceTimes.
 * @throws {UsageError} for bad options or inputs (naming the patient).
 * @example analyseCloneCensorWeight(patients, { graceDays: 90, horizonDays: 1826 }).estimates
 */
export function analyseCloneCensorWeight(patients: TrialPatients, options: CloneCensorWeightAnalysisOptions): CloneCensorWeightAnalysis {
  const n = patients.exit.length;
  const H = options.horizonDays;
  const G = options.graceDays;
  const confLevel = options.confLevel ?? 0.95;
  const warnings: string[] = [];
  let events = 0;
  let ever = 0;
  const everArr = new Float64Array(n);
  const exitH = new Float64Array(n);
  const statusH = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = patients.exit[i]!;
    exitH[i] = Math.min(e, H);
    statusH[i] = e <= H ? patients.status[i]! : 0;
    if (statusH[i] === 1) events++;
    everArr[i] = patients.start[i]! < exitH[i]! ? 1 : 0;
    ever += everArr[i]!;
  }
  let naive = NONE('hazard-ratio');
  try {
    const nv = naiveHazardRatio({ exit: exitH, status: statusH, ever: everArr, covariates: patients.baseline }, confLevel);
    naive = maybe(nv);
    warnings.push(...nv.warnings.map((w) => `naive model: ${w}`));
  } catch (e) {
    if (!(e instanceof MidiaError)) throw e;
    warnings.push(`naive model: ${e.message}`);
  }
  const base = { patients: n, events, naive, interval: (options.bootstrap ? 'percentile-bootstrap' : 'robust') as CloneCensorWeightAnalysis['interval'], bootstrap: null, balance: [] as CloneBalance[] };
  const empty = (): CloneCensorWeightAnalysis => ({ ...base, ccw: null, risks: null, estimates: [NONE('risk-difference'), NONE('risk-ratio'), NONE('hazard-ratio')], warnings: [...new Set(warnings)] });
  if (ever === 0) warnings.push('nobody started the therapy during follow-up');
  let ccw: CloneCensorWeightResult;
  try {
    ccw = cloneCensorWeight(patients, options);
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    warnings.push(`the treatment strategy cannot be emulated: ${e.message}`);
    return empty();
  }
  warnings.push(...ccw.warnings);
  // Followers of each strategy beyond the grace period.
  const beyond = [0, 0];
  const seen = [new Uint8Array(n), new Uint8Array(n)];
  for (let r = 0; r < ccw.rows.arm.length; r++) {
    const a = ccw.rows.arm[r]!;
    const i = ccw.rows.patient[r]!;
    if (ccw.rows.stop[r]! > G && !seen[a]![i]) {
      seen[a]![i] = 1;
      beyond[a]!++;
    }
  }
  for (const [a, name] of [[1, 'treatment'], [0, 'control']] as const) {
    if (beyond[a] === 0) {
      warnings.push(`nobody followed the ${name} strategy beyond the grace period of ${G} days: its risk at the horizon is not estimable`);
      return { ...empty(), ccw, warnings: [...new Set(warnings)] };
    }
    if (beyond[a]! < 10) warnings.push(`fewer than 10 patients followed the ${name} strategy beyond the grace period: estimates are unstable`);
  }
  if (ccw.atRiskLastGraceInterval > 0 && ccw.initiation.fitted.length > 0) {
    // treatment-arm weights rest on the starters of the last grace interval
    let lastStarters = 0;
    for (let i = 0; i < n; i++) {
      const s = patients.start[i]!;
      if (s <= G && s > ccw.grid.boundaries[ccw.grid.graceIntervals - 1]! && s < exitH[i]!) lastStarters++;
    }
    if (lastStarters === 0 && ccw.grid.graceIntervals > 1) warnings.push('nobody started the therapy in the last interval of the grace period: the treatment arm is not weighted for those censored at its end (positivity)');
  }
  const risks = riskContrasts(ccw.rows, n, H, confLevel);
  let hr: (EffectEstimate & { warnings: string[] }) | null = null;
  try {
    hr = weightedHazardRatio(ccw.rows, confLevel);
    warnings.push(...hr.warnings.map((w) => `weighted Cox model: ${w}`));
  } catch (e) {
    if (!(e instanceof MidiaError)) throw e;
    warnings.push(e.message);
  }
  let estimates: MaybeEstimate[] = [maybe(risks.difference), maybe(risks.ratio), hr ? maybe(hr) : NONE('hazard-ratio')];
  if (!(risks.riskTreatment > 0 && risks.riskControl > 0)) warnings.push('a risk at the horizon is 0: the risk ratio is not estimable');
  let bootstrap: CloneCensorWeightAnalysis['bootstrap'] = null;
  if (options.bootstrap) {
    const bs = bootstrapReplicates(
      n,
      (m) => {
        const rep = cloneCensorWeight({ ...patients, patientWeights: patients.patientWeights ? Float64Array.from(m, (v, i) => v * patients.patientWeights![i]!) : m }, options);
        const rc = riskContrasts(rep.rows, n, H, confLevel);
        let h = NaN;
        if (hr) {
          try {
            h = weightedHazardRatio(rep.rows, confLevel).estimate;
          } catch (e) {
            if (!(e instanceof MidiaError)) throw e;
          }
        }
        return { rd: rc.difference.estimate, rr: rc.ratio.estimate, hr: h };
      },
      options.bootstrap,
    );
    const ci = (k: string, est: MaybeEstimate, log: boolean): MaybeEstimate => {
      const v = bs.estimates[k];
      if (!v || est.estimate === null) return est;
      const p = percentileInterval(v, confLevel);
      return { ...est, lower: finite(p.lower), upper: finite(p.upper), se: finite(replicateSd(v, log)) };
    };
    estimates = [ci('rd', estimates[0]!, false), ci('rr', estimates[1]!, true), ci('hr', estimates[2]!, true)];
    const used = bs.estimates.rd ? Array.from(bs.estimates.rd).filter(Number.isFinite).length : 0;
    bootstrap = { replicates: options.bootstrap.replicates, used, failed: bs.failed, seed: bs.seed };
    if (bs.failed > 0) warnings.push(`${bs.failed} of ${options.bootstrap.replicates} bootstrap replicates could not be analysed (${bs.failures.join('; ')}); the intervals use the others`);
  }
  const times = options.balanceTimes ?? [G, ...Array.from({ length: Math.floor((H - 1) / 365) }, (_, k) => (k + 1) * 365).filter((t) => t > G && t < H)];
  const balance = cloneBalance(ccw.rows, patients, times);
  for (const b of balance) {
    const worst = b.rows.reduce((a, r) => (Number.isFinite(r.smdAfter) ? Math.max(a, Math.abs(r.smdAfter)) : a), 0);
    if (worst > 0.1) warnings.push(`weighted clones at day ${Math.round(b.time)}: |SMD| up to ${worst.toFixed(2)} (> 0.1, Austin 2009): balance is not achieved`);
  }
  return { ...base, ccw, risks, estimates, bootstrap, balance, warnings: [...new Set(warnings)] };
}
