/**
 * Numeric core of the Kaplan-Meier estimator on typed arrays, matching R
 * survival 3.5-3 `survfit(Surv(...) ~ x)` (survfitKM and its C routine
 * survfitkm): one curve per stratum, one row per distinct (stop) time —
 * censoring-only times included, as R keeps them — with case-weighted
 * counts, the product-limit survival, Greenwood's variance, the cumulative
 * hazard (Nelson-Aalen or Fleming-Harrington) and pointwise confidence limits.
 *
 * Definitions at each distinct time t (weights w, default 1):
 *   n(t) = sum of w over rows at risk (time >= t; for counting-process data
 *          start < t <= stop), d(t) = weighted events, c(t) = weighted censored.
 *   S(t) = prod_{s <= t} (1 - d(s)/n(s))                    (Kaplan & Meier 1958)
 *   var(log S(t)) = sum_{s <= t} d(s) / (n(s) (n(s) - d(s)))   (Greenwood 1926)
 * Times whose events all carry weight 0 do not change the estimates.
 * When the weights are not all integers, R switches to the infinitesimal
 * jackknife (robust) variance; this core does the same (see
 * {@link robustKaplanMeierSe}), so the standard errors agree with R's.
 *
 * Confidence limits (R's survfit_confint, level 1 - alpha, z = qnorm(1 - alpha/2)):
 *   log (R's default): S exp(±z se_log), NA where S = 0, upper clipped at 1;
 *   log-log: exp(-exp(log(-log S) ∓ z se_log / log S)), NA where S is 0 or 1;
 *   plain: S ± z S se_log clipped to [0, 1].
 */

import { UsageError } from '../../../util/errors.js';
import { qnorm } from '../../stats/distributions.js';
import { cumulativeHazardFromCounts, type CumhazType } from './nelson-aalen-fit.js';
import { robustKaplanMeierSe } from './kaplan-meier-robust.js';
import { argsortFloat64, orderByStratumAndTime, validateSurvivalArrays, type SurvivalArrays } from '../survival-utils.js';

/** Type of the pointwise confidence interval of S(t) (R's `conf.type`). */
export type ConfType = 'log' | 'log-log' | 'plain' | 'none';

/** Options of the Kaplan-Meier core. */
export interface KaplanMeierCoreOptions {
  /** Confidence interval type; default 'log' as R's survfit (lifelines uses log-log). */
  confType?: ConfType;
  /** Confidence level; default 0.95 as R. */
  confLevel?: number;
  /** Cumulative hazard: 1 = Nelson-Aalen (default, as R's ctype = 1), 2 = Fleming-Harrington. */
  ctype?: CumhazType;
}

/** One Kaplan-Meier curve (one stratum), with a row per distinct time. */
export interface KaplanMeierCurve {
  /** Stratum index. */
  stratum: number;
  /** Number of records (rows) in the stratum. */
  n: number;
  /** Distinct times (ascending), including times with censoring only. */
  time: Float64Array;
  /** Case-weighted number at risk. */
  nRisk: Float64Array;
  /** Case-weighted number of events. */
  nEvent: Float64Array;
  /** Case-weighted number censored. */
  nCensor: Float64Array;
  /** Unweighted number of events (used by the Fleming-Harrington hazard and R's checks). */
  nEventCount: Float64Array;
  /** Kaplan-Meier survival estimate S(t). */
  surv: Float64Array;
  /** Standard error of S(t) itself (what R's `summary(fit)$std.err` shows). */
  stdErrSurv: Float64Array;
  /**
   * Standard error of the cumulative hazard -log S(t) (R's `fit$std.err`
   * when `logse` is true: Greenwood). Infinity once S reaches 0.
   */
  stdErrLogSurv: Float64Array;
  /** Cumulative hazard (R's `fit$cumhaz`, per ctype). */
  cumhaz: Float64Array;
  /** Standard error of the cumulative hazard (R's `fit$std.chaz`). */
  stdErrCumhaz: Float64Array;
  /** Lower confidence limit of S(t); NaN where R gives NA (and all NaN for confType 'none'). */
  lower: Float64Array;
  /** Upper confidence limit of S(t); NaN where R gives NA. */
  upper: Float64Array;
}

/** Result of {@link kaplanMeierCore}. */
export interface KaplanMeierCoreResult {
  curves: KaplanMeierCurve[];
  confType: ConfType;
  confLevel: number;
  ctype: CumhazType;
  /** True when the variance is Greenwood's (integer weights); false for R's robust (IJ) variance. */
  greenwood: boolean;
  /** R's `logse`: whether R's `std.err` is on the log scale (`stdErrLogSurv`) rather than of S (`stdErrSurv`). */
  logse: boolean;
  /** True for counting-process `(start, stop]` data. */
  counting: boolean;
}

/**
 * Validates and fills the defaults of KM options (one place, as coxph.control).
 * @throws UsageError for an unknown confType, a confLevel outside (0, 1) or a ctype other than 1/2
 */
export function kaplanMeierCoreOptions(o: KaplanMeierCoreOptions = {}): Required<KaplanMeierCoreOptions> {
  const confType = o.confType ?? 'log';
  if (!['log', 'log-log', 'plain', 'none'].includes(confType)) {
    throw new UsageError(`Unrecognized confType: ${String(confType)} (expected 'log', 'log-log', 'plain' or 'none')`);
  }
  const confLevel = o.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw new UsageError(`confLevel must be in (0, 1), got ${confLevel}`);
  const ctype = o.ctype ?? 1;
  if (ctype !== 1 && ctype !== 2) throw new UsageError(`ctype must be 1 or 2, got ${String(ctype)}`);
  return { confType, confLevel, ctype };
}

/**
 * Pointwise confidence limits of S(t) as R's `survfit_confint`.
 * @param surv survival estimates
 * @param seLog standard error of -log S (Greenwood scale)
 * @param confType 'log' | 'log-log' | 'plain' | 'none'
 * @param confLevel e.g. 0.95
 */
export function survivalConfidenceLimits(
  surv: Float64Array,
  seLog: Float64Array,
  confType: ConfType,
  confLevel: number,
): { lower: Float64Array; upper: Float64Array } {
  const m = surv.length;
  const lower = new Float64Array(m).fill(NaN);
  const upper = new Float64Array(m).fill(NaN);
  if (confType === 'none') return { lower, upper };
  const z = qnorm(1 - (1 - confLevel) / 2);
  for (let i = 0; i < m; i++) {
    const p = surv[i]!;
    const se = seLog[i]!;
    if (confType === 'plain') {
      const se2 = se * p * z;
      lower[i] = p - se2 > 0 ? p - se2 : Number.isNaN(se2) ? NaN : 0;
      upper[i] = p + se2 < 1 ? p + se2 : Number.isNaN(se2) ? NaN : 1;
    } else if (confType === 'log') {
      if (p === 0) continue;
      const se2 = z * se;
      lower[i] = Math.exp(Math.log(p) - se2);
      upper[i] = Math.min(Math.exp(Math.log(p) + se2), 1);
    } else {
      if (p === 0 || p === 1) continue;
      const lp = Math.log(p);
      const se2 = (z * se) / lp;
      const ll = Math.log(-lp);
      lower[i] = Math.exp(-Math.exp(ll - se2));
      upper[i] = Math.exp(-Math.exp(ll + se2));
    }
  }
  return { lower, upper };
}

/**
 * Kaplan-Meier curves per stratum from typed arrays (right-censored or
 * counting-process data), as R's `survfit` with `stype = 1`.
 * @param data time/status (and optional start, weights, strata)
 * @param options confType ('log'), confLevel (0.95), ctype (1)
 * @throws UsageError on mismatched lengths, non-finite times, status not 0/1, start >= stop, negative weights
 * @example kaplanMeierCore({ time: new Float64Array([1, 2, 3]), status: new Float64Array([1, 0, 1]) }).curves[0].surv
 *   // => [0.6667, 0.6667, 0]
 */
export function kaplanMeierCore(data: SurvivalArrays, options: KaplanMeierCoreOptions = {}): KaplanMeierCoreResult {
  const opts = kaplanMeierCoreOptions(options);
  const nStrata = validateSurvivalArrays(data, 'kaplanMeier');
  const { time, status } = data;
  const start = data.start ?? null;
  const w = data.weights ?? null;
  const strata = nStrata > 1 ? (data.strata ?? null) : null;
  let integerWeights = true;
  if (w) for (let i = 0; i < w.length; i++) if (w[i]! !== Math.floor(w[i]!)) { integerWeights = false; break; }

  if (!start && integerWeights) {
    const fast = integerTimeCurves(time, status, w, strata, nStrata, opts);
    if (fast) return { curves: fast, ...opts, greenwood: true, logse: true, counting: false };
  }
  const { order, offsets, sortedTime } = orderByStratumAndTime(time, strata, nStrata);
  const curves: KaplanMeierCurve[] = [];
  for (let k = 0; k < nStrata; k++) {
    const s0 = offsets[k]!;
    const s1 = offsets[k + 1]!;
    const rows = order.subarray(s0, s1);
    const st = sortedTime.subarray(s0, s1);
    // distinct times
    let nt = 0;
    for (let i = 0; i < st.length; i++) if (i === 0 || st[i]! !== st[i - 1]!) nt++;
    const t = new Float64Array(nt);
    const nRisk = new Float64Array(nt);
    const nEvent = new Float64Array(nt);
    const nCensor = new Float64Array(nt);
    const nEventCount = new Float64Array(nt);
    let j = -1;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const ti = st[i]!;
      if (i === 0 || ti !== t[j]!) t[++j] = ti;
      const wi = w ? w[r]! : 1;
      if (status[r] === 1) {
        nEvent[j]! += wi;
        nEventCount[j]!++;
      } else nCensor[j]! += wi;
    }
    // number at risk, accumulated backwards as R does
    let acc = 0;
    let p = rows.length - 1;
    const starts = start ? argsortFloat64(start, rows) : null;
    let q = starts ? starts.length - 1 : -1;
    for (let m = nt - 1; m >= 0; m--) {
      for (; p >= 0; p--) {
        if (st[p]! < t[m]!) break;
        acc += w ? w[rows[p]!]! : 1;
      }
      if (starts && start) {
        for (; q >= 0; q--) {
          const r = starts[q]!;
          if (start[r]! < t[m]!) break;
          acc -= w ? w[r]! : 1;
        }
      }
      nRisk[m] = acc;
    }
    const { surv, seLog } = productLimit(nRisk, nEvent, nEventCount);
    const haz = cumulativeHazardFromCounts(nRisk, nEvent, nEventCount, opts.ctype);
    let stdErrSurv: Float64Array;
    let stdErrLogSurv: Float64Array;
    let stdErrCumhaz = haz.stdErr;
    if (integerWeights) {
      stdErrLogSurv = seLog;
      stdErrSurv = new Float64Array(nt);
      for (let m = 0; m < nt; m++) stdErrSurv[m] = surv[m]! * seLog[m]!; // NaN when S = 0 and se = Inf, as R
    } else {
      const rob = robustKaplanMeierSe({ rows, time, status, start, weights: w!, t, nRisk, nEvent, nEventCount, ctype: opts.ctype });
      stdErrCumhaz = rob.seCumhaz;
      if (opts.ctype === 1) {
        stdErrSurv = rob.seSurv;
        stdErrLogSurv = new Float64Array(nt);
        // R: se <- ifelse(se == 0, 0, se / p)
        for (let m = 0; m < nt; m++) stdErrLogSurv[m] = stdErrSurv[m] === 0 ? 0 : stdErrSurv[m]! / surv[m]!;
      } else {
        // R 3.5-3 quirk, kept for agreement: with ctype = 2 survfit marks the robust
        // std.err as log-scale (logse = TRUE), so limits and summary treat it so.
        stdErrLogSurv = rob.seSurv;
        stdErrSurv = new Float64Array(nt);
        for (let m = 0; m < nt; m++) stdErrSurv[m] = surv[m]! * stdErrLogSurv[m]!;
      }
    }
    const ci = survivalConfidenceLimits(surv, stdErrLogSurv, opts.confType, opts.confLevel);
    curves.push({
      stratum: k,
      n: rows.length,
      time: t,
      nRisk,
      nEvent,
      nCensor,
      nEventCount,
      surv,
      stdErrSurv,
      stdErrLogSurv,
      cumhaz: haz.cumhaz,
      stdErrCumhaz,
      lower: ci.lower,
      upper: ci.upper,
    });
  }
  return { curves, ...opts, greenwood: integerWeights, logse: integerWeights || opts.ctype === 2, counting: start !== null };
}

/** Kaplan-Meier product and Greenwood's se of -log S from per-time counts. */
function productLimit(nRisk: Float64Array, nEvent: Float64Array, nEventCount: Float64Array): { surv: Float64Array; seLog: Float64Array } {
  const nt = nRisk.length;
  const surv = new Float64Array(nt);
  const seLog = new Float64Array(nt);
  let km = 1;
  let v = 0;
  for (let m = 0; m < nt; m++) {
    const d0 = nEventCount[m]!;
    const d1 = nEvent[m]!;
    const nr = nRisk[m]!;
    if (d0 > 0 && d1 > 0) {
      km *= (nr - d1) / nr;
      v += d1 / (nr * (nr - d1));
    }
    surv[m] = km;
    seLog[m] = Math.sqrt(v);
  }
  return { surv, seLog };
}

/**
 * Fast path for right-censored data whose times are all integers in a range
 * not much larger than the number of rows (days, months): counts are
 * accumulated in one pass into buckets (stratum, time) — no sort. Returns
 * null when the times do not qualify. Same results as the sorted path.
 */
function integerTimeCurves(
  time: Float64Array,
  status: Float64Array,
  w: Float64Array | null,
  strata: Int32Array | null,
  nStrata: number,
  opts: Required<KaplanMeierCoreOptions>,
): KaplanMeierCurve[] | null {
  const n = time.length;
  if (n === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    if (t !== Math.floor(t)) return null;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  const range = hi - lo + 1;
  if (range * nStrata > 4 * n + 65536 || range * nStrata > 2 ** 28) return null;
  const size = range * nStrata;
  const cnt = new Int32Array(size);
  const evc = new Float64Array(size);
  const ev = new Float64Array(size);
  const cens = new Float64Array(size);
  const perStratum = new Int32Array(nStrata);
  for (let i = 0; i < n; i++) {
    const k = strata ? strata[i]! : 0;
    const b = k * range + (time[i]! - lo);
    cnt[b]!++;
    perStratum[k]!++;
    const wi = w ? w[i]! : 1;
    if (status[i] === 1) {
      ev[b]! += wi;
      evc[b]!++;
    } else cens[b]! += wi;
  }
  const curves: KaplanMeierCurve[] = [];
  for (let k = 0; k < nStrata; k++) {
    const base = k * range;
    let nt = 0;
    for (let b = 0; b < range; b++) if (cnt[base + b]! > 0) nt++;
    const t = new Float64Array(nt);
    const nRisk = new Float64Array(nt);
    const nEvent = new Float64Array(nt);
    const nCensor = new Float64Array(nt);
    const nEventCount = new Float64Array(nt);
    let m = 0;
    for (let b = 0; b < range; b++) {
      if (cnt[base + b]! === 0) continue;
      t[m] = lo + b;
      nEvent[m] = ev[base + b]!;
      nEventCount[m] = evc[base + b]!;
      nCensor[m] = cens[base + b]!;
      m++;
    }
    let acc = 0;
    for (let j = nt - 1; j >= 0; j--) {
      acc += nEvent[j]! + nCensor[j]!;
      nRisk[j] = acc;
    }
    const { surv, seLog } = productLimit(nRisk, nEvent, nEventCount);
    const haz = cumulativeHazardFromCounts(nRisk, nEvent, nEventCount, opts.ctype);
    const stdErrSurv = new Float64Array(nt);
    for (let j = 0; j < nt; j++) stdErrSurv[j] = surv[j]! * seLog[j]!;
    const ci = survivalConfidenceLimits(surv, seLog, opts.confType, opts.confLevel);
    curves.push({
      stratum: k, n: perStratum[k]!, time: t, nRisk, nEvent, nCensor, nEventCount, surv, stdErrSurv,
      stdErrLogSurv: seLog, cumhaz: haz.cumhaz, stdErrCumhaz: haz.stdErr, lower: ci.lower, upper: ci.upper,
    });
  }
  return curves;
}
