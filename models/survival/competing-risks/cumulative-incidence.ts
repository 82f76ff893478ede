/**
 * Cumulative incidence of competing risks by group, with Gray's test, as
 * `cmprsk::cuminc` (and `cmprsk::timepoints` for values at chosen times):
 * formula front end and result object. The numeric work is in
 * {@link cumulativeIncidenceFit}.
 *
 * Formula: `Surv(time, event) ~ group` (or `~ 1` for one group), optionally
 * `+ strata(s)` for stratified tests (cmprsk's `strata` argument; the option
 * `strata` does the same). `event` keeps its codes: `cencode` (default 0) is
 * censored, every other value a cause. The group may be a string or numeric
 * column (or `factor(x)`); groups are ordered as factor levels: numerically for
 * numbers, by code point for strings (R sorts in the locale's collation; the two
 * agree for ASCII letters of one case), or as given by `factors`.
 *
 * Confidence intervals (not computed by cmprsk): pointwise, at `confLevel`
 * (default 0.95), on the log(-log) scale by default,
 * `F^exp(±z √var / (F log F))`, as tidycmprsk and Stata's `stcompet`;
 * `confType: 'plain'` gives `F ± z √var` clipped to [0, 1].
 *
 * Reference: cmprsk 2.2-11 `cuminc`, `timepoints`; Gray RJ (1988) Ann Stat
 * 16:1141–1154; Choudhury JB (2002) Stat Med 21:1129–1144 (log-log intervals).
 */
import { buildModelFrame, compareCodePoints } from '../../design/model-frame.js';
import { formatRNumber } from '../../design/format-r-number.js';
import type { ColumnTable, FactorOptions } from '../../design/types.js';
import { UsageError } from '../../../util/errors.js';
import { qnorm } from '../../stats/distributions.js';
import { cumulativeIncidenceFit, type GrayTestRow, type LabelledIncidenceCurve } from './cumulative-incidence-fit.js';
import { incidenceAt } from './cumulative-incidence-timepoints.js';

/** Options of {@link cumulativeIncidence}; every field optional. */
export interface CumulativeIncidenceOptions {
  /** Times at which to report estimates (cmprsk `timepoints`); sorted and de-duplicated. Default none. */
  times?: readonly number[];
  /** Status code of censored observations (default 0, as cmprsk). */
  cencode?: number;
  /** Power rho of Gray's weight `(1 - F(t-))^rho` (default 0, as cmprsk). */
  rho?: number;
  /** Column whose values stratify Gray's test (cmprsk `strata`; default none). */
  strata?: string;
  /** Confidence level of the pointwise intervals at `times` (default 0.95). */
  confLevel?: number;
  /** Interval scale (default `'log-log'`). */
  confType?: 'log-log' | 'plain';
  /** Level order of the group column (`{ group: { levels: [...] } }`). */
  factors?: Readonly<Record<string, FactorOptions>>;
}

/** Estimates at requested times, keyed by curve label (`"<group> <cause>"`). */
export interface IncidenceAtTimes {
  times: number[];
  /** Estimate per curve label; NaN (JSON null) beyond a group's last follow-up time. */
  est: Record<string, number[]>;
  var: Record<string, number[]>;
  lower: Record<string, number[]>;
  upper: Record<string, number[]>;
}

/** JSON form of a {@link CumulativeIncidenceResult}. */
export interface CumulativeIncidenceJSON {
  curves: { group: string; cause: number; label: string; time: number[]; est: number[]; var: number[] }[];
  tests: GrayTestRow[];
  at: IncidenceAtTimes | null;
  n: number;
  nDropped: number;
  confLevel: number;
  warnings: string[];
}

/** Result of {@link cumulativeIncidence}. */
export interface CumulativeIncidenceResult {
  formula: string;
  /** One curve per cause and group (cause-major, as cmprsk). */
  curves: LabelledIncidenceCurve[];
  /** Gray's test per cause (empty with one group). */
  tests: GrayTestRow[];
  /** Estimates at `options.times`, or null. */
  at: IncidenceAtTimes | null;
  n: number;
  /** Rows with an event of any cause (status other than cencode). */
  events: number;
  /** Events per cause code (keys as the curve labels print the cause). */
  eventsByCause: Record<string, number>;
  nDropped: number;
  confLevel: number;
  warnings: string[];
  /** Estimates, variances and intervals at any times (cmprsk `timepoints`). */
  timepoints(times: readonly number[]): IncidenceAtTimes;
  /**
   * `{"curves":[{"group","cause","label","time":[],"est":[],"var":[]}],
   *   "tests":[{"cause","stat","df","p"}], "at":{"times","est":{label:[]},"var","lower","upper"} | null,
   *   "n","nDropped","confLevel","warnings"}`; NaN becomes null.
   */
  toJSON(): CumulativeIncidenceJSON;
}

/**
 * Cumulative incidence curves per group and cause with Gray's tests, as `cmprsk::cuminc`.
 *
 * @param formula `Surv(time, event) ~ group` (or `~ 1`), optionally `+ strata(s)`.
 * @param data columns by name.
 * @param options `times`, `cencode` (0), `rho` (0), `strata`, `confLevel` (0.95), `confType` ('log-log'), `factors`.
 * @throws FormulaError / UnknownColumnError from the model frame; UsageError for
 *   more than one grouping term, a transformed group, negative times or invalid options.
 * @example cumulativeIncidence('Surv(etime, event) ~ sex', mgus2, { times: [120] }).tests[0].p
 */
export function cumulativeIncidence(
  formula: string,
  data: ColumnTable,
  options: CumulativeIncidenceOptions = {},
): CumulativeIncidenceResult {
  const cencode = options.cencode ?? 0;
  const rho = options.rho ?? 0;
  const confLevel = options.confLevel ?? 0.95;
  const confType = options.confType ?? 'log-log';
  if (!Number.isFinite(cencode)) throw new UsageError(`cencode must be a number, got ${cencode}`);
  if (!Number.isFinite(rho)) throw new UsageError(`rho must be a finite number, got ${rho}`);
  if (!(confLevel > 0 && confLevel < 1)) throw new UsageError(`confLevel must be in (0, 1), got ${confLevel}`);
  if (confType !== 'log-log' && confType !== 'plain') throw new UsageError(`confType must be 'log-log' or 'plain', got '${String(confType)}'`);
  const text = options.strata ? `${formula} + strata(${options.strata})` : formula;
  const frame = buildModelFrame(text, data, { survStatus: 'raw', factors: options.factors });
  const f = frame.formula;
  if (f.response?.kind !== 'surv' || !frame.time || !frame.status) {
    throw new UsageError(`cumulativeIncidence needs Surv(time, event) on the left: ${formula}`);
  }
  if (f.terms.length > 1 || f.terms.some((t) => t.variables.length !== 1)) {
    throw new UsageError(`cumulativeIncidence takes one grouping variable: ${formula}`);
  }
  const n = frame.n;
  let groupIdx = new Int32Array(n);
  let groupLabels = ['1'];
  const term = f.terms[0];
  if (term) {
    const v = term.variables[0]!;
    if (v.transform !== 'none' && v.transform !== 'factor') {
      throw new UsageError(`cumulativeIncidence: the group must be a column or factor(column), got ${v.label}`);
    }
    const col = data[v.name]!;
    if (col instanceof Float64Array) {
      const vals = Float64Array.from(frame.rowIndex, (i) => col[i]!);
      const given = options.factors?.[v.name]?.levels;
      const uniq = given ? given.map(Number) : [...new Set(vals)].sort((a, b) => a - b);
      const pos = new Map(uniq.map((u, k) => [u, k] as const));
      groupIdx = Int32Array.from(vals, (x) => pos.get(x) ?? -1);
      groupLabels = uniq.map(formatRNumber);
    } else {
      const vals = Array.from(frame.rowIndex, (i) => col[i]!);
      const levels = frame.levels[v.name] ?? [...new Set(vals as string[])].sort(compareCodePoints);
      const pos = new Map(levels.map((u, k) => [u, k] as const));
      groupIdx = Int32Array.from(vals, (x) => pos.get(x as string) ?? -1);
      groupLabels = [...levels];
    }
    const bad = groupIdx.indexOf(-1);
    if (bad >= 0) throw new UsageError(`group value in row ${frame.rowIndex[bad]! + 1} is not among the declared levels`);
  }
  const core = cumulativeIncidenceFit(
    {
      time: frame.time,
      status: frame.status,
      group: groupIdx,
      groupLabels,
      strata: frame.strata,
      nStrata: frame.strataLabels.length || 1,
    },
    { cencode, rho },
  );
  const warnings = [...frame.warnings, ...core.warnings];
  const z = qnorm((1 + confLevel) / 2);

  const timepoints = (times: readonly number[]): IncidenceAtTimes => {
    for (const t of times) if (!Number.isFinite(t)) throw new UsageError(`times must be finite numbers, got ${t}`);
    const ts = [...new Set(times)].sort((a, b) => a - b);
    const out: IncidenceAtTimes = { times: ts, est: {}, var: {}, lower: {}, upper: {} };
    for (const curve of core.curves) {
      const at = incidenceAt(curve, ts);
      const lo: number[] = [];
      const hi: number[] = [];
      at.est.forEach((e, i) => {
        const [l, u] = interval(e, at.var[i]!, z, confType);
        lo.push(l);
        hi.push(u);
      });
      out.est[curve.label] = Array.from(at.est);
      out.var[curve.label] = Array.from(at.var);
      out.lower[curve.label] = lo;
      out.upper[curve.label] = hi;
    }
    return out;
  };
  const at = options.times ? timepoints(options.times) : null;
  const eventsByCause: Record<string, number> = {};
  let events = 0;
  for (let i = 0; i < n; i++) {
    const s = frame.status[i]!;
    if (s === cencode) continue;
    events++;
    const key = formatRNumber(s);
    eventsByCause[key] = (eventsByCause[key] ?? 0) + 1;
  }
  return {
    formula,
    curves: core.curves,
    tests: core.tests,
    at,
    n,
    events,
    eventsByCause,
    nDropped: frame.nDropped,
    confLevel,
    warnings,
    timepoints,
    toJSON: () => ({
      curves: core.curves.map((c) => ({
        group: c.group,
        cause: c.cause,
        label: c.label,
        time: Array.from(c.time),
        est: Array.from(c.est),
        var: Array.from(c.var),
      })),
      tests: core.tests.map((t) => ({ ...t })),
      at,
      n,
      nDropped: frame.nDropped,
      confLevel,
      warnings: [...warnings],
    }),
  };
}

/** Pointwise interval for an estimate `est` with variance `v`. */
function interval(est: number, v: number, z: number, type: 'log-log' | 'plain'): [number, number] {
  if (Number.isNaN(est) || Number.isNaN(v)) return [NaN, NaN];
  const se = Math.sqrt(v);
  if (type === 'plain') return [Math.max(0, est - z * se), Math.min(1, est + z * se)];
  if (est <= 0 || est >= 1) return [est, est];
  const k = (z * se) / (est * Math.log(est));
  return [Math.pow(est, Math.exp(-k)), Math.pow(est, Math.exp(k))];
}
