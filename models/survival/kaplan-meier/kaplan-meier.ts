/**
 * Kaplan-Meier front end: formula + columns -> {@link KaplanMeierFit}, as R's
 * `survfit(Surv(time, status) ~ x, data, weights)` (survival 3.5-3). The
 * right-hand side variables define the curves (crossed, labels `x=a` or
 * `a=1, b=x`; `~ 1` gives one curve labelled `all`). Counting-process
 * responses `Surv(start, stop, event)` are supported (risk set start < t <= stop).
 *
 * The numbers come from {@link kaplanMeierCore}; this file handles input
 * (model frame, missing values, labels) and the read-outs.
 */

import { FormulaError } from '../../../util/errors.js';
import { buildModelFrame } from '../../design/model-frame.js';
import { parseFormula } from '../../design/formula.js';
import type { ColumnTable, FactorOptions, Formula, ModelFrame } from '../../design/types.js';
import type { CumhazType } from './nelson-aalen-fit.js';
import {
  kaplanMeierCore,
  kaplanMeierCoreOptions,
  type ConfType,
  type KaplanMeierCurve,
} from './kaplan-meier-fit.js';
import {
  medianSurvival,
  numberAtRisk,
  summarizeCurve,
  survivalAtTimes,
  type KaplanMeierSummaryOptions,
  type KaplanMeierSummaryTable,
  type MedianSurvival,
} from './kaplan-meier-summary.js';

/** Options of {@link kaplanMeier}. */
export interface KaplanMeierOptions {
  /** Pointwise CI type of S(t): default 'log' as R's survfit (lifelines uses 'log-log'). */
  confType?: ConfType;
  /** Confidence level, default 0.95 (R's `conf.int`). */
  confLevel?: number;
  /** Name of a column of case weights (default: none). Non-integer weights give R's robust (IJ) standard errors. */
  weights?: string;
  /** Cumulative hazard type: 1 = Nelson-Aalen (default, R's ctype = 1) or 2 = Fleming-Harrington. */
  ctype?: CumhazType;
  /** Level order of group variables by column (`reference` first, or `levels`): the order of the curves. Default: sorted. */
  factors?: Readonly<Record<string, FactorOptions>>;
}

/** One labelled curve of a {@link KaplanMeierFit}. */
export interface LabelledKaplanMeierCurve extends KaplanMeierCurve {
  /** R's strata label (`sex=1`, `trt=1, celltype=adeno`) or `all`. */
  label: string;
}

/** JSON form of one stratum (the CLI contract). */
export interface KaplanMeierStratumJSON {
  label: string;
  /** Event times (R's `summary(fit)`, censored = FALSE). */
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  surv: number[];
  /** Standard error of the survival estimate itself; null where R gives NaN (S = 0 after a Greenwood term 1/0). */
  stdErr: (number | null)[];
  /** Confidence limits; null where R gives NA. */
  lower: (number | null)[];
  upper: (number | null)[];
  median: number | null;
  medianLower: number | null;
  medianUpper: number | null;
  /** Number of records. */
  n: number;
  /** Case-weighted number of events. */
  events: number;
}

/** JSON form of a {@link KaplanMeierFit}. */
export interface KaplanMeierJSON {
  strata: KaplanMeierStratumJSON[];
  confType: ConfType;
  confLevel: number;
}

const nullIfNaN = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** A fitted set of Kaplan-Meier curves with R-like read-outs. */
export class KaplanMeierFit {
  readonly formula: string;
  readonly curves: readonly LabelledKaplanMeierCurve[];
  readonly confType: ConfType;
  readonly confLevel: number;
  readonly ctype: CumhazType;
  /** False when R's robust (infinitesimal jackknife) variance was used (non-integer weights). */
  readonly greenwood: boolean;
  /** R's `logse` flag: true when R's `fit$std.err` is `stdErrLogSurv`, false when it is `stdErrSurv`. */
  readonly logse: boolean;
  /** Rows used and rows dropped for missing values. */
  readonly n: number;
  readonly nDropped: number;
  readonly warnings: readonly string[];

  constructor(init: {
    formula: string; curves: LabelledKaplanMeierCurve[]; confType: ConfType; confLevel: number; ctype: CumhazType;
    greenwood: boolean; logse: boolean; n: number; nDropped: number; warnings: string[];
  }) {
    this.formula = init.formula;
    this.curves = init.curves;
    this.confType = init.confType;
    this.confLevel = init.confLevel;
    this.ctype = init.ctype;
    this.greenwood = init.greenwood;
    this.logse = init.logse;
    this.n = init.n;
    this.nDropped = init.nDropped;
    this.warnings = init.warnings;
  }

  /** Curve labels in order. */
  get labels(): string[] {
    return this.curves.map((c) => c.label);
  }

  /** R's `summary(fit, times, censored, extend)`, one table per curve. */
  summary(options: KaplanMeierSummaryOptions = {}): { label: string; table: KaplanMeierSummaryTable }[] {
    return this.curves.map((c) => ({ label: c.label, table: summarizeCurve(c, options) }));
  }

  /** S(t) of each curve at the given times (1 before the first time). */
  survivalAt(times: readonly number[]): { label: string; surv: number[] }[] {
    return this.curves.map((c) => ({ label: c.label, surv: survivalAtTimes(c, times) }));
  }

  /** Number at risk of each curve at the given times (R's summary(fit, times, extend = TRUE)$n.risk). */
  atRisk(times: readonly number[]): { label: string; nRisk: number[] }[] {
    return this.curves.map((c) => ({ label: c.label, nRisk: numberAtRisk(c, times) }));
  }

  /** Median survival with confidence limits per curve (R's print.survfit). */
  medians(): ({ label: string } & MedianSurvival)[] {
    return this.curves.map((c) => ({ label: c.label, ...medianSurvival(c) }));
  }

  /** The CLI JSON contract: event-time rows per stratum, medians, counts. */
  toJSON(): KaplanMeierJSON {
    return {
      strata: this.curves.map((c) => {
        const s = summarizeCurve(c);
        const med = medianSurvival(c);
        let events = 0;
        for (let i = 0; i < c.nEvent.length; i++) events += c.nEvent[i]!;
        return {
          label: c.label,
          time: s.time,
          nRisk: s.nRisk,
          nEvent: s.nEvent,
          nCensor: s.nCensor,
          surv: s.surv,
          stdErr: s.stdErr.map(nullIfNaN),
          lower: s.lower.map(nullIfNaN),
          upper: s.upper.map(nullIfNaN),
          median: med.median,
          medianLower: med.lower,
          medianUpper: med.upper,
          n: c.n,
          events,
        };
      }),
      confType: this.confType,
      confLevel: this.confLevel,
    };
  }

  /** Text like R's print.survfit: n, events, median and its CI per curve. */
  print(): string {
    const lv = `${Math.round(this.confLevel * 100) / 100}`;
    const head = ['', 'n', 'events', 'median', `${lv}LCL`, `${lv}UCL`];
    const fmt = (x: number | null): string => (x === null ? 'NA' : `${Number(x.toPrecision(7))}`);
    const rows = this.medians().map((m, i) => {
      const c = this.curves[i]!;
      let events = 0;
      for (let j = 0; j < c.nEvent.length; j++) events += c.nEvent[j]!;
      return [c.label, `${c.n}`, `${Number(events.toPrecision(7))}`, fmt(m.median), fmt(m.lower), fmt(m.upper)];
    });
    const all = [head, ...rows];
    const widths = head.map((_, j) => Math.max(...all.map((r) => r[j]!.length)));
    const line = (r: string[]): string => r.map((s, j) => (j === 0 ? s.padEnd(widths[j]!) : s.padStart(widths[j]!))).join(' ');
    return [`Call: survfit(formula = ${this.formula})`, '', ...all.map(line)].join('\n');
  }
}

/**
 * The model frame of a survfit/survdiff-style formula: right-hand side
 * variables become crossed groups (labels as R), `strata(...)` kept apart.
 * @internal shared by kaplanMeier, nelsonAalen, logRank and rmst.
 */
export function survivalGroupFrame(
  formulaText: string,
  data: ColumnTable,
  weights?: string,
  factors?: Readonly<Record<string, FactorOptions>>,
): { frame: ModelFrame; group: Int32Array | null; groupLabels: string[]; strata: Int32Array | null; strataLabels: string[] } {
  const f = parseFormula(formulaText);
  // Level order of the group variables: `factors`, then the formula's own relevel() / factor(levels =).
  const levelOptions: Record<string, FactorOptions> = { ...(factors ?? {}) };
  if (!f.response || f.response.kind === 'variable') {
    throw new FormulaError(formulaText, 'The response must be Surv(time, status) or Surv(start, stop, event)');
  }
  const groupVars: string[] = [];
  const shownAs = new Map<string, string>(); // column -> label text in curve names (`factor(x)` as R)
  for (const t of f.terms) {
    for (const v of t.variables) {
      if (v.transform !== 'none' && v.transform !== 'factor') {
        throw new FormulaError(formulaText, `Transformed variables cannot define curves: ${v.label}`, v.label);
      }
      if (!groupVars.includes(v.name)) groupVars.push(v.name);
      if (v.label !== v.name) shownAs.set(v.name, v.label);
      if (v.levels || v.reference !== undefined) {
        levelOptions[v.name] = { ...levelOptions[v.name], ...(v.levels ? { levels: v.levels } : {}), ...(v.reference !== undefined ? { reference: v.reference } : {}) };
      }
    }
  }
  const relabel = (labels: string[], vars: string[]): string[] =>
    shownAs.size === 0 ? labels : labels.map((l) => renameLabelParts(l, vars, shownAs));
  const all: Formula = { ...f, terms: [], strata: [...groupVars, ...f.strata.filter((s) => !groupVars.includes(s))] };
  const frame = buildModelFrame(all, data, { ...(weights !== undefined ? { weights } : {}), factors: levelOptions });
  frame.strataLabels = relabel(frame.strataLabels, all.strata);
  if (groupVars.length === 0 && f.strata.length === 0) {
    return { frame, group: null, groupLabels: ['all'], strata: null, strataLabels: [] };
  }
  // Re-derive groups and strata separately on the rows kept.
  const sub: Record<string, ColumnTable[string]> = {};
  const take = (name: string): void => {
    const col = data[name]!;
    if (col instanceof Float64Array) {
      const o = new Float64Array(frame.n);
      for (let i = 0; i < frame.n; i++) o[i] = col[frame.rowIndex[i]!]!;
      sub[name] = o;
    } else {
      const o: (string | null)[] = new Array(frame.n);
      for (let i = 0; i < frame.n; i++) o[i] = col[frame.rowIndex[i]!]!;
      sub[name] = o;
    }
  };
  for (const v of groupVars) take(v);
  for (const s of f.strata) take(s);
  const part = (vars: string[]): { index: Int32Array | null; labels: string[] } => {
    if (vars.length === 0) return { index: null, labels: ['all'] };
    const fr = buildModelFrame({ ...f, response: null, terms: [], strata: vars, cluster: null, offset: null }, sub, { factors: levelOptions });
    return { index: fr.strata, labels: fr.strataLabels };
  };
  const g = part(groupVars);
  g.labels = relabel(g.labels, groupVars);
  const s = part(f.strata);
  return { frame, group: g.index, groupLabels: g.labels, strata: s.index, strataLabels: f.strata.length ? s.labels : [] };
}

/** Rewrites `a=1, b=x` with display names (`factor(a)=1, b=x`), walking the known variable order. */
function renameLabelParts(label: string, vars: string[], shownAs: Map<string, string>): string {
  let out = '';
  let pos = 0;
  for (let j = 0; j < vars.length; j++) {
    const name = vars[j]!;
    const head = `${name}=`;
    if (!label.startsWith(head, pos)) return label;
    const next = j + 1 < vars.length ? label.indexOf(`, ${vars[j + 1]}=`, pos + head.length) : label.length;
    if (next < 0) return label;
    out += (j > 0 ? ', ' : '') + `${shownAs.get(name) ?? name}=` + label.slice(pos + head.length, next);
    pos = next + 2;
  }
  return out;
}

/**
 * Kaplan-Meier survival curves (R: `survfit(formula, data, weights, conf.type, conf.int)`).
 * @param formula `Surv(time, status) ~ group` (or `~ 1`, or `Surv(start, stop, event) ~ ...`);
 *   strata(x) terms are crossed with the other variables as R's survfit does
 * @param data columns by name
 * @param options confType ('log'), confLevel (0.95), weights (none), ctype (1)
 * @throws FormulaError / UnknownColumnError / DataValidationError from the model frame; UsageError for bad options or data
 * @example kaplanMeier('Surv(time, status) ~ sex', lung).medians() // => [{ label: 'sex=1', median: 270, ... }, ...]
 */
export function kaplanMeier(formula: string, data: ColumnTable, options: KaplanMeierOptions = {}): KaplanMeierFit {
  const opts = kaplanMeierCoreOptions(options);
  const g = survivalGroupFrame(formula, data, options.weights, options.factors);
  const fr = g.frame;
  // survfit crosses strata() with the other variables: both are in fr.strata.
  const curvesIndex = fr.strata;
  const labels = curvesIndex ? fr.strataLabels : ['all'];
  const core = kaplanMeierCore(
    {
      time: fr.time!,
      status: fr.status!,
      start: fr.start,
      weights: fr.weights,
      strata: curvesIndex,
      nStrata: labels.length,
    },
    opts,
  );
  const curves = core.curves.map((c) => ({ ...c, label: labels[c.stratum]! }));
  return new KaplanMeierFit({
    formula,
    curves,
    confType: core.confType,
    confLevel: core.confLevel,
    ctype: core.ctype,
    greenwood: core.greenwood,
    logse: core.logse,
    n: fr.n,
    nDropped: fr.nDropped,
    warnings: [...fr.warnings],
  });
}
