/**
 * Aalen-Johansen front end: `Surv(start, stop, state) ~ group` with an id
 * column -> state occupation probabilities per group with their
 * infinitesimal-jackknife standard errors, equal to R survival 3.5-3's
 * `survfit(Surv(start, stop, state) ~ group, id = ID)` (`$pstate`,
 * `$std.err`, `$n.risk`, `$n.event`, `$n.censor`, `$cumhaz`).
 *
 * The right-hand side variables define the curves (crossed, labels as R:
 * `group=a`, `a=1, b=x`; `~ 1` gives one curve labelled `all`). Rows with a
 * missing grouping value are dropped and counted, unless the patient has
 * other rows (then it is an error naming the row: dropping it would cut the
 * patient's follow-up). `Surv(time, state)` (competing risks, one row per
 * patient, no id needed) is accepted too.
 *
 * Input checks are in multi-state-data.ts, the numbers in aalen-johansen-fit.ts;
 * definitions and the JSON contract in docs/multi-state.md.
 */
import { FormulaError, DataValidationError } from '../../../util/errors.js';
import { buildModelFrame } from '../../design/model-frame.js';
import { parseFormula } from '../../design/formula.js';
import type { ColumnTable, FactorOptions, Formula } from '../../design/types.js';
import { aalenJohansenCore, type AalenJohansenCurve } from './aalen-johansen-fit.js';
import { readMultiStateRows, type MultiStateRows } from './multi-state-data.js';

/** Options of {@link aalenJohansen}. */
export interface AalenJohansenOptions {
  /** Patient id column (R's `id`); required for `Surv(start, stop, state)`. */
  id?: string;
  /** Column with the state occupied during each row (R's `istate`); default: everyone starts in `(s0)`. */
  istate?: string;
  /** State labels meaning censored besides empty / missing (default `['censor']`). */
  censor?: readonly string[];
  /** States nobody may leave (default `['death', 'dead']`, case-insensitive; `[]` for none). */
  absorbing?: readonly string[];
  /** Level order of group variables by column (the order of the curves). Default: code-point order. */
  factors?: Readonly<Record<string, FactorOptions>>;
  /** Compute standard errors (default true, R's `se.fit = TRUE`). */
  se?: boolean;
  /** File named in errors (default `<memory>`). */
  file?: string;
  /** Name patient ids in errors (default true). */
  nameIds?: boolean;
}

/** One curve of an {@link AalenJohansenFit}. */
export interface AalenJohansenStratum extends AalenJohansenCurve {
  /** R's strata label (`group=a`) or `all`. */
  label: string;
  /** Patients in the curve. */
  n: number;
  /** Rows used (after merging split censored intervals). */
  nRows: number;
}

/** The JSON contract of `midia mstate --json` (docs/multi-state.md). */
export interface AalenJohansenJSON {
  states: string[];
  strata: {
    label: string;
    time: number[];
    /** One row per time, one column per state (order of `states`). */
    pstate: number[][];
    /** Standard errors, same layout. */
    stdErr: number[][];
  }[];
}

/** State occupation read at chosen times (step function; p0 before the first time). */
export interface StateOccupationAt {
  label: string;
  time: number[];
  pstate: number[][];
  stdErr: number[][];
  /** Number at risk over all states at the last time at or before each time (before the first time: the curve's patients). */
  nRisk: number[];
}

/** A transition with its number of events. */
export interface ObservedTransition {
  from: string;
  to: string;
  events: number;
}

const rowsOf = (flat: ArrayLike<number>, nRows: number, width: number): number[][] =>
  Array.from({ length: nRows }, (_, i) => Array.from({ length: width }, (_, j) => flat[i * width + j]!));

/** Aalen-Johansen state occupation curves with R-like read-outs. */
export class AalenJohansenFit {
  readonly formula: string;
  /** State labels (the initial state first; see docs/multi-state.md). */
  readonly states: readonly string[];
  readonly strata: readonly AalenJohansenStratum[];
  /** Observed transitions over all curves (R's `$transitions` without the censored column). */
  readonly transitions: readonly ObservedTransition[];
  /** Rows used (before merging split intervals) and dropped for a missing grouping value. */
  readonly n: number;
  readonly nDropped: number;
  readonly nSubjects: number;
  readonly warnings: readonly string[];

  constructor(init: {
    formula: string; states: string[]; strata: AalenJohansenStratum[]; transitions: ObservedTransition[];
    n: number; nDropped: number; nSubjects: number; warnings: string[];
  }) {
    this.formula = init.formula;
    this.states = init.states;
    this.strata = init.strata;
    this.transitions = init.transitions;
    this.n = init.n;
    this.nDropped = init.nDropped;
    this.nSubjects = init.nSubjects;
    this.warnings = init.warnings;
  }

  /** The JSON contract `{"states", "strata": [{"label", "time", "pstate", "stdErr"}]}`. */
  toJSON(): AalenJohansenJSON {
    const S = this.states.length;
    return {
      states: [...this.states],
      strata: this.strata.map((c) => ({
        label: c.label,
        time: Array.from(c.time),
        pstate: rowsOf(c.pstate, c.time.length, S),
        stdErr: c.stdErr.length ? rowsOf(c.stdErr, c.time.length, S) : [],
      })),
    };
  }

  /**
   * State occupation at chosen times, as R's `summary(fit, times)`: the
   * estimate at the last time at or before each time (p0 and 0 before the first).
   * @example fit.at([12, 60])[0].pstate
   */
  at(times: readonly number[]): StateOccupationAt[] {
    const S = this.states.length;
    return this.strata.map((c) => {
      const out: StateOccupationAt = { label: c.label, time: [...times], pstate: [], stdErr: [], nRisk: [] };
      for (const t of times) {
        let k = -1;
        let lo = 0;
        let hi = c.time.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (c.time[mid]! <= t) {
            k = mid;
            lo = mid + 1;
          } else hi = mid - 1;
        }
        if (k < 0) {
          out.pstate.push(Array.from(c.p0));
          out.stdErr.push(new Array<number>(S).fill(0));
          out.nRisk.push(c.n);
        } else {
          out.pstate.push(Array.from(c.pstate.subarray(k * S, (k + 1) * S)));
          out.stdErr.push(c.stdErr.length ? Array.from(c.stdErr.subarray(k * S, (k + 1) * S)) : []);
          let r = 0;
          for (let j = 0; j < S; j++) r += c.nRisk[k * S + j]!;
          out.nRisk.push(r);
        }
      }
      return out;
    });
  }

  /**
   * Cumulative hazard of each observed transition per curve (R's `$cumhaz`,
   * Nelson-Aalen), columns named `from -> to`.
   */
  cumulativeHazard(): { label: string; transitions: string[]; time: number[]; cumhaz: number[][] }[] {
    const S = this.states.length;
    const index = this.transitions.map((tr) => [this.states.indexOf(tr.from), this.states.indexOf(tr.to)] as const);
    return this.strata.map((c) => ({
      label: c.label,
      transitions: this.transitions.map((tr) => `${tr.from} -> ${tr.to}`),
      time: Array.from(c.time),
      cumhaz: Array.from({ length: c.time.length }, (_, k) => index.map(([a, b]) => c.cumhaz[k * S * S + a * S + b]!)),
    }));
  }

  /** A printed table of state occupation (and standard errors) at the given times, per curve. */
  print(times: readonly number[]): string {
    const at = this.at(times);
    const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : 'NA');
    const lines: string[] = [`Call: survfit(formula = ${this.formula})`, `States: ${this.states.map((s, i) => `${i + 1}= ${s}`).join(', ')}`, ''];
    for (const a of at) {
      const stratum = this.strata.find((s) => s.label === a.label)!;
      lines.push(`${a.label} (n = ${stratum.n})`);
      const head = ['time', 'n.risk', ...this.states.map((s) => `P(${s})`), ...this.states.map((s) => `se(${s})`)];
      const rows = a.time.map((t, i) => [String(t), String(a.nRisk[i]!), ...a.pstate[i]!.map(fmt), ...(a.stdErr[i]!.length ? a.stdErr[i]!.map(fmt) : this.states.map(() => 'NA'))]);
      const all = [head, ...rows];
      const widths = head.map((_, j) => Math.max(...all.map((r) => r[j]!.length)));
      for (const r of all) lines.push(r.map((s, j) => s.padStart(widths[j]!)).join('  '));
      lines.push('');
    }
    return lines.join('\n');
  }
}

/** Parsed response and grouping of a multi-state formula. */
export interface MultiStateFormula {
  formula: Formula;
  start: string | undefined;
  stop: string;
  state: string;
}

/**
 * The response columns of `Surv(start, stop, state)` or `Surv(time, state)`.
 * @throws FormulaError without such a response, or with expressions inside Surv()
 */
export function multiStateResponse(formulaText: string): MultiStateFormula {
  const f = parseFormula(formulaText);
  const r = f.response;
  if (!r || r.kind === 'variable') throw new FormulaError(formulaText, 'The response must be Surv(start, stop, state) or Surv(time, state)');
  if (r.kind === 'surv') {
    if (r.timeExpr || r.statusExpr) throw new FormulaError(formulaText, 'Multi-state Surv() takes plain columns: Surv(start, stop, state)');
    return { formula: f, start: undefined, stop: r.time, state: r.status };
  }
  if (r.startExpr || r.stopExpr || r.statusExpr) throw new FormulaError(formulaText, 'Multi-state Surv() takes plain columns: Surv(start, stop, state)');
  return { formula: f, start: r.start, stop: r.stop, state: r.status };
}

/** Rewrites `a=1, b=x` with display names (`factor(a)=1, b=x`), walking the known variable order. */
function renameLabelParts(label: string, vars: readonly string[], shownAs: ReadonlyMap<string, string>): string {
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
 * Curves of a survfit-style right-hand side: group index per data row
 * (-1 = dropped for a missing value) and labels as R writes them.
 * @internal shared with the multi-state Cox front end's checks.
 */
export function curveGroups(
  f: Formula,
  data: ColumnTable,
  factors: Readonly<Record<string, FactorOptions>> | undefined,
): { group: Int32Array; labels: string[]; nDropped: number } {
  const levelOptions: Record<string, FactorOptions> = { ...(factors ?? {}) };
  const vars: string[] = [];
  const shownAs = new Map<string, string>();
  for (const t of f.terms) {
    for (const v of t.variables) {
      if (v.transform !== 'none' && v.transform !== 'factor') throw new FormulaError(f.text, `Transformed variables cannot define curves: ${v.label}`, v.label);
      if (!vars.includes(v.name)) vars.push(v.name);
      if (v.label !== v.name) shownAs.set(v.name, v.label);
      if (v.levels || v.reference !== undefined) {
        levelOptions[v.name] = { ...levelOptions[v.name], ...(v.levels ? { levels: v.levels } : {}), ...(v.reference !== undefined ? { reference: v.reference } : {}) };
      }
    }
  }
  for (const s of f.strata) if (!vars.includes(s)) vars.push(s);
  if (f.cluster || f.offset) throw new FormulaError(f.text, 'cluster() and offset() have no meaning for state occupation curves (the id gives the clusters)');
  const nRows = Object.values(data)[0]?.length ?? 0;
  if (vars.length === 0) return { group: new Int32Array(nRows), labels: ['all'], nDropped: 0 };
  const frame = buildModelFrame({ ...f, response: null, terms: [], strata: vars, cluster: null, offset: null }, data, { factors: levelOptions });
  const group = new Int32Array(nRows).fill(-1);
  for (let i = 0; i < frame.n; i++) group[frame.rowIndex[i]!] = frame.strata ? frame.strata[i]! : 0;
  const labels = frame.strata ? frame.strataLabels.map((l) => (shownAs.size ? renameLabelParts(l, vars, shownAs) : l)) : ['all'];
  return { group, labels, nDropped: frame.nDropped };
}

/**
 * Rows of `data` kept after dropping missing grouping values; a patient with
 * some rows dropped and some kept is an error naming the row.
 * @internal
 */
export function keptRows(group: Int32Array, data: ColumnTable, id: string | undefined, file: string, nameIds: boolean): Int32Array {
  const kept: number[] = [];
  for (let i = 0; i < group.length; i++) if (group[i]! >= 0) kept.push(i);
  if (kept.length === group.length || !id || !(id in data)) return Int32Array.from(kept);
  const idCol = data[id]!;
  const key = (i: number): string => String(idCol[i]);
  const keptIds = new Set(kept.map(key));
  const issues = [];
  for (let i = 0; i < group.length; i++) {
    if (group[i]! < 0 && keptIds.has(key(i))) {
      issues.push({ file, row: i + 1, field: null, message: `missing grouping value while other rows of the patient have one${nameIds ? ` (patient ${key(i)})` : ''}: dropping the row would cut the patient's follow-up` });
    }
  }
  if (issues.length) throw new DataValidationError(issues);
  return Int32Array.from(kept);
}

/** Splits validated rows by curve and runs the core on each. */
function curvesOf(rows: MultiStateRows, groupOfRow: Int32Array, labels: readonly string[], se: boolean): AalenJohansenStratum[] {
  const S = rows.states.length;
  return labels.map((label, g) => {
    const idx: number[] = [];
    for (let j = 0; j < rows.nRows; j++) if (groupOfRow[j] === g) idx.push(j);
    const local = new Map<number, number>();
    const subject = new Int32Array(idx.length);
    idx.forEach((j, q) => {
      const s = rows.subject[j]!;
      let l = local.get(s);
      if (l === undefined) {
        l = local.size;
        local.set(s, l);
      }
      subject[q] = l;
    });
    const initialState = new Int32Array(local.size);
    for (const [s, l] of local) initialState[l] = rows.initialState[s]!;
    const pick = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const o = make(idx.length);
      idx.forEach((j, q) => (o[q] = a[j]!));
      return o;
    };
    const core = aalenJohansenCore({
      entry: pick(rows.entry, (n) => new Float64Array(n)),
      exit: pick(rows.exit, (n) => new Float64Array(n)),
      status: pick(rows.status, (n) => new Int32Array(n)),
      current: pick(rows.current, (n) => new Int32Array(n)),
      subject,
      nSubjects: local.size,
      initialState,
      nStates: S,
      se,
    });
    return { ...core, label, n: local.size, nRows: idx.length };
  });
}

/**
 * Aalen-Johansen state occupation probabilities per group with their
 * standard errors, as R's `survfit(Surv(start, stop, state) ~ group, id = ID)`
 * (survival 3.5-3; definitions in aalen-johansen-fit.ts and docs/multi-state.md).
 *
 * @param formula `Surv(start, stop, state) ~ group` (or `~ 1`; `Surv(time, state)` for one row per patient)
 * @param data columns by name: numeric start and stop, state as text (empty or `censor` for none) or numbers (0 for none)
 * @param options id (required with start), istate, censor, absorbing, factors, se (true)
 * @throws FormulaError for a bad formula; UsageError / UnknownColumnError for bad columns;
 *   DataValidationError naming file, row, field and patient for impossible state sequences,
 *   overlaps, gaps, stop <= start and missing values
 * @example aalenJohansen('Surv(start, stop, state) ~ group', data, { id: 'id' }).toJSON().states // => ['(s0)', 'death', 'recurrence']
 */
export function aalenJohansen(formula: string, data: ColumnTable, options: AalenJohansenOptions = {}): AalenJohansenFit {
  const resp = multiStateResponse(formula);
  const file = options.file ?? '<memory>';
  const nameIds = options.nameIds ?? true;
  const { group, labels, nDropped } = curveGroups(resp.formula, data, options.factors);
  const kept = keptRows(group, data, options.id, file, nameIds);
  const groupOfKept = Int32Array.from(kept, (i) => group[i]!);
  const rows = readMultiStateRows(
    data,
    {
      stop: resp.stop,
      state: resp.state,
      file,
      nameIds,
      ...(resp.start !== undefined ? { start: resp.start } : {}),
      ...(options.id !== undefined ? { id: options.id } : {}),
      ...(options.istate !== undefined ? { istate: options.istate } : {}),
      ...(options.censor !== undefined ? { censor: options.censor } : {}),
      ...(options.absorbing !== undefined ? { absorbing: options.absorbing } : {}),
    },
    kept,
    groupOfKept,
  );
  const rowGroup = Int32Array.from(rows.dataRow, (r) => group[r]!);
  const strata = curvesOf(rows, rowGroup, labels, options.se ?? true);
  const warnings: string[] = [];
  if (nDropped > 0) warnings.push(`${nDropped} observation${nDropped === 1 ? '' : 's'} deleted due to missingness`);
  const empty = strata.filter((s) => s.n === 0).map((s) => s.label);
  if (empty.length) warnings.push(`no rows in ${empty.join(', ')}`);
  return new AalenJohansenFit({
    formula,
    states: rows.states,
    strata: strata.filter((s) => s.n > 0),
    transitions: rows.transitions.map((t) => ({ from: rows.states[t.from]!, to: rows.states[t.to]!, events: t.events })),
    n: kept.length,
    nDropped,
    nSubjects: rows.nSubjects,
    warnings,
  });
}
