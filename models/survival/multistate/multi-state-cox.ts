/**
 * Multi-state Cox model, as R survival 3.5-3's
 * `coxph(Surv(start, stop, state) ~ x, id = id)`: one Cox model per observed
 * transition j -> k (the rows spent in state j are at risk; an event is an
 * entry into k), fitted together on the stacked data with one stratum per
 * transition and the patient as cluster (robust variance, R's default for
 * multi-state models). Coefficients are separate per transition by default
 * (named as R: `x_1:2`, states numbered 1, 2, ... in the order of
 * `states`); `common` makes a term's coefficient shared by several
 * transitions, as R's `list(Surv(...) ~ x, 1:2 + 3:2 ~ x / common)` (named
 * after the first of them in transition order).
 *
 * The fit itself is the project's `coxph` on the stacked data (models/survival/cox/cox.ts);
 * this file builds the stacked data and maps the results back to transitions.
 * Predicted state occupation for a covariate profile: multi-state-cox-predict.ts.
 *
 * Not supported (errors): strata(), cluster(), offset(), pspline() and tt()
 * terms, per-transition formulas other than shared coefficients, shared
 * (proportional) baseline hazards, case weights, transitions into the state
 * a patient is already in.
 *
 * Reference: R survival 3.5-3 `R/coxph.R` (multi-state branch), `stacker`;
 * Therneau, Crowson & Atkinson, vignette "Multi-state models and competing
 * risks", section "Multi-state Cox models"; Putter, Fiocco & Geskus (2007)
 * Stat Med 26:2389-2430.
 */
import { FormulaError, UsageError } from '../../../util/errors.js';
import { buildModelFrame } from '../../design/model-frame.js';
import type { ColumnTable, FactorOptions, ModelFrame } from '../../design/types.js';
import { coxph, type CoxFit } from '../cox/cox.js';
import type { CoxControl, CoxTies } from '../cox/cox-control.js';
import { keptRows, multiStateResponse } from './aalen-johansen.js';
import { readMultiStateRows, type MultiStateRows } from './multi-state-data.js';

/** Coefficients shared by several transitions (R: `1:2 + 3:2 ~ x / common`). */
export interface CommonCoefficients {
  /** Transitions as R numbers them (`'1:2'`, states 1-based in the order of `states`) or by labels (`'(s0):death'`). */
  transitions: readonly string[];
  /** Term labels of the formula (`x`, `group`, `factor(grade)`) or design column names (`groupb`). */
  terms: readonly string[];
}

/** Options of {@link multiStateCox}. */
export interface MultiStateCoxOptions {
  /** Patient id column (R's `id`); required for `Surv(start, stop, state)`. */
  id?: string;
  /** Column with the state occupied during each row (R's `istate`). */
  istate?: string;
  /** State labels meaning censored besides empty / missing (default `['censor']`). */
  censor?: readonly string[];
  /** States nobody may leave (default `['death', 'dead']`, case-insensitive). */
  absorbing?: readonly string[];
  /** Shared coefficients (default none: every coefficient separate per transition). */
  common?: readonly CommonCoefficients[];
  /** Tie method (default `'efron'`, R's default). */
  ties?: CoxTies;
  /** Fit controls as coxph's (defaults of R's coxph.control). */
  control?: Partial<Omit<CoxControl, 'ties'>>;
  /** Factor options (reference level, level order) by column. */
  factors?: Readonly<Record<string, FactorOptions>>;
  /** File named in errors (default `<memory>`). */
  file?: string;
  /** Name patient ids in errors (default true). */
  nameIds?: boolean;
}

/** One transition of the model. */
export interface CoxTransition {
  /** R's name: 1-based state numbers `from:to`. */
  label: string;
  from: string;
  to: string;
  /** Events (entries into `to` from `from`). */
  events: number;
}

/** One coefficient of the multi-state model. */
export interface MultiStateCoxTerm {
  /** R's name: `x_1:2` (the first transition for a shared coefficient). */
  term: string;
  /** Design column (`x`, `groupb`). */
  column: string;
  /** Transitions (R labels) that share it. */
  transitions: string[];
  coef: number;
  /** Robust standard error (R's `sqrt(diag(fit$var))`, clustered by patient). */
  se: number;
  /** Model-based standard error (R's `sqrt(diag(fit$naive.var))`). */
  naiveSe: number;
  z: number;
  p: number;
  hr: number;
  lower: number;
  upper: number;
}

/** JSON form of a {@link MultiStateCoxFit}. */
export interface MultiStateCoxJSON {
  states: string[];
  transitions: CoxTransition[];
  terms: { term: string; transitions: string[]; coef: number | null; se: number | null; naiveSe: number | null; z: number | null; p: number | null; hr: number | null; lower95: number | null; upper95: number | null }[];
  loglik: [number, number];
  n: number;
  events: number;
  patients: number;
  dropped: number;
  converged: boolean;
  warnings: string[];
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** A fitted multi-state Cox model. */
export class MultiStateCoxFit {
  readonly formula: string;
  readonly states: readonly string[];
  readonly transitions: readonly CoxTransition[];
  readonly terms: readonly MultiStateCoxTerm[];
  /** Coefficient index of design column c for transition t: `coefIndex[c * nTransitions + t]`. */
  readonly coefIndex: Int32Array;
  /** Design column names of the formula's right-hand side. */
  readonly columns: readonly string[];
  /** The stacked Cox fit (strata = transitions in order, cluster = patient). */
  readonly cox: CoxFit;
  /** The model frame of the right-hand side (levels and spline knots for new data). */
  readonly frame: ModelFrame;
  /** The validated rows (all of them, unmerged). */
  readonly rows: MultiStateRows;
  /** Rows used and dropped for missing covariates; patients. */
  readonly n: number;
  readonly nDropped: number;
  readonly nSubjects: number;
  readonly nEvent: number;
  readonly loglik: [number, number];
  readonly converged: boolean;
  readonly warnings: readonly string[];
  /** Options that rebuild the data (for predictions). */
  readonly dataOptions: { id?: string; istate?: string; censor?: readonly string[]; absorbing?: readonly string[] };

  constructor(init: Omit<MultiStateCoxFit, 'toJSON' | 'coefficient' | 'summary'>) {
    this.formula = init.formula;
    this.states = init.states;
    this.transitions = init.transitions;
    this.terms = init.terms;
    this.coefIndex = init.coefIndex;
    this.columns = init.columns;
    this.cox = init.cox;
    this.frame = init.frame;
    this.rows = init.rows;
    this.n = init.n;
    this.nDropped = init.nDropped;
    this.nSubjects = init.nSubjects;
    this.nEvent = init.nEvent;
    this.loglik = init.loglik;
    this.converged = init.converged;
    this.warnings = init.warnings;
    this.dataOptions = init.dataOptions;
  }

  /** The coefficient of a design column for a transition (R label `1:2`), 0 when dropped as collinear. */
  coefficient(column: string, transition: string): number {
    const c = this.columns.indexOf(column);
    const t = this.transitions.findIndex((tr) => tr.label === transition);
    if (c < 0 || t < 0) throw new UsageError(`No coefficient for column ${column} and transition ${transition}`);
    const b = this.terms[this.coefIndex[c * this.transitions.length + t]!]!.coef;
    return Number.isNaN(b) ? 0 : b;
  }

  /** JSON form (non-finite numbers as null). */
  toJSON(): MultiStateCoxJSON {
    return {
      states: [...this.states],
      transitions: this.transitions.map((t) => ({ ...t })),
      terms: this.terms.map((t) => ({
        term: t.term,
        transitions: [...t.transitions],
        coef: num(t.coef),
        se: num(t.se),
        naiveSe: num(t.naiveSe),
        z: num(t.z),
        p: num(t.p),
        hr: num(t.hr),
        lower95: num(t.lower),
        upper95: num(t.upper),
      })),
      loglik: [this.loglik[0], this.loglik[1]],
      n: this.n,
      events: this.nEvent,
      patients: this.nSubjects,
      dropped: this.nDropped,
      converged: this.converged,
      warnings: [...this.warnings],
    };
  }

  /** A printed table per transition, like R's print(coxph) of a multi-state model. */
  summary(): string {
    const f = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : 'NA');
    const lines = [`Call: coxph(formula = ${this.formula}, id = ...)`, ''];
    for (const tr of this.transitions) {
      lines.push(`${tr.label} (${tr.from} -> ${tr.to}, ${tr.events} events)`);
      const rows = this.terms.filter((t) => t.transitions.includes(tr.label)).map((t) => [t.column, f(t.coef), f(t.hr), f(t.naiveSe), f(t.se), f(t.z), f(t.p)]);
      const head = ['', 'coef', 'exp(coef)', 'se(coef)', 'robust se', 'z', 'p'];
      const all = [head, ...rows];
      const w = head.map((_, j) => Math.max(...all.map((r) => r[j]!.length)));
      for (const r of all) lines.push(r.map((s, j) => (j === 0 ? s.padEnd(w[j]!) : s.padStart(w[j]!))).join('  '));
      lines.push('');
    }
    lines.push(` States: ${this.states.map((s, i) => `${i + 1}= ${s}`).join(', ')}`);
    const lr = 2 * (this.loglik[1] - this.loglik[0]);
    lines.push(`Likelihood ratio test=${f(lr)} on ${this.terms.length} df`);
    lines.push(`n= ${this.n}, number of events= ${this.nEvent}${this.nDropped ? ` (${this.nDropped} observations deleted due to missingness)` : ''}`);
    return lines.join('\n');
  }
}

/** The transition index a `common` entry names (`'1:2'` or `'from:to'` labels). */
function transitionIndex(text: string, transitions: readonly CoxTransition[], states: readonly string[]): number {
  const byLabel = transitions.findIndex((t) => t.label === text);
  if (byLabel >= 0) return byLabel;
  const cut = text.lastIndexOf(':');
  if (cut > 0) {
    const from = text.slice(0, cut).trim();
    const to = text.slice(cut + 1).trim();
    const t = transitions.findIndex((tr) => tr.from === from && tr.to === to);
    if (t >= 0) return t;
  }
  throw new UsageError(
    `common: no transition ${text} (transitions: ${transitions.map((t) => `${t.label} = ${t.from}:${t.to}`).join(', ')}; states ${states.map((s, i) => `${i + 1}= ${s}`).join(', ')})`,
  );
}

/**
 * Fits a multi-state Cox model (see the file comment).
 *
 * @param formula `Surv(start, stop, state) ~ x + ...` (covariates in R's formula language)
 * @param data columns by name
 * @param options id, istate, censor, absorbing, common (none), ties ('efron'), control, factors
 * @throws FormulaError for unsupported terms or no covariates; errors of multi-state-data.ts for bad rows;
 *   UsageError for a `common` entry naming an unknown transition or term
 * @example multiStateCox('Surv(start, stop, state) ~ x', data, { id: 'id' }).terms.map((t) => t.term) // => ['x_1:2', 'x_3:2', 'x_1:3']
 */
export function multiStateCox(formula: string, data: ColumnTable, options: MultiStateCoxOptions = {}): MultiStateCoxFit {
  const resp = multiStateResponse(formula);
  const f = resp.formula;
  const file = options.file ?? '<memory>';
  const nameIds = options.nameIds ?? true;
  if (f.strata.length) throw new FormulaError(formula, 'strata() is not supported in a multi-state Cox model (each transition is its own stratum)', 'strata');
  if (f.cluster) throw new FormulaError(formula, 'cluster() is not supported in a multi-state Cox model: the id column gives the clusters', 'cluster');
  if (f.offset) throw new FormulaError(formula, 'offset() is not supported in a multi-state Cox model', 'offset');
  if (f.terms.length === 0) throw new FormulaError(formula, 'A multi-state Cox model needs covariates (for state occupation without covariates use aalenJohansen)');
  const frame = buildModelFrame({ ...f, response: null, strata: [], cluster: null, offset: null }, data, options.factors ? { factors: options.factors } : {});
  if (frame.psplines?.length || frame.ttColumns?.length) throw new FormulaError(formula, 'pspline() and tt() terms are not supported in a multi-state Cox model');
  const nData = Object.values(data)[0]?.length ?? 0;
  const group = new Int32Array(nData).fill(-1);
  for (let i = 0; i < frame.n; i++) group[frame.rowIndex[i]!] = 0;
  const kept = keptRows(group, data, options.id, file, nameIds);
  const dataOptions = {
    ...(options.id !== undefined ? { id: options.id } : {}),
    ...(options.istate !== undefined ? { istate: options.istate } : {}),
    ...(options.censor !== undefined ? { censor: options.censor } : {}),
    ...(options.absorbing !== undefined ? { absorbing: options.absorbing } : {}),
  };
  const rows = readMultiStateRows(
    data,
    { stop: resp.stop, state: resp.state, file, nameIds, mergeSplitRows: false, ...(resp.start !== undefined ? { start: resp.start } : {}), ...dataOptions },
    kept,
  );
  const states = rows.states;
  const transitions: CoxTransition[] = rows.transitions.map((t) => ({ label: `${t.from + 1}:${t.to + 1}`, from: states[t.from]!, to: states[t.to]!, events: t.events }));
  if (transitions.length === 0) throw new UsageError('No transitions in the data: every row is censored');
  const nT = transitions.length;
  const columns = frame.columnNames;
  const P = columns.length;

  // Which (column, transition) pairs share a coefficient.
  const termLabels = f.terms.map((t) => t.label);
  const sharedWith = new Map<string, number>(); // `${c}:${t}` -> group id
  (options.common ?? []).forEach((g, gi) => {
    const ts = g.transitions.map((x) => transitionIndex(x, transitions, states));
    const cs = new Set<number>();
    for (const name of g.terms) {
      const ti = termLabels.indexOf(name);
      const byTerm = frame.assign.map((a, c) => (a === ti ? c : -1)).filter((c) => c >= 0);
      const byColumn = columns.indexOf(name);
      if (ti >= 0 && byTerm.length) byTerm.forEach((c) => cs.add(c));
      else if (byColumn >= 0) cs.add(byColumn);
      else throw new UsageError(`common: no term or column ${name} (terms: ${termLabels.join(', ')}; columns: ${columns.join(', ')})`);
    }
    for (const c of cs) for (const t of ts) sharedWith.set(`${c}:${t}`, gi);
  });
  // Coefficient numbering as R's cmap: transitions in order, columns in order; a shared pair reuses the first.
  const coefIndex = new Int32Array(P * nT);
  const firstOfGroup = new Map<string, number>();
  const coefColumn: number[] = [];
  const coefTransitions: number[][] = [];
  for (let t = 0; t < nT; t++) {
    for (let c = 0; c < P; c++) {
      const g = sharedWith.get(`${c}:${t}`);
      const key = g === undefined ? null : `${g}:${c}`;
      const existing = key === null ? undefined : firstOfGroup.get(key);
      if (existing !== undefined) {
        coefIndex[c * nT + t] = existing;
        coefTransitions[existing]!.push(t);
        continue;
      }
      const k = coefColumn.length;
      coefColumn.push(c);
      coefTransitions.push([t]);
      coefIndex[c * nT + t] = k;
      if (key !== null) firstOfGroup.set(key, k);
    }
  }
  const K = coefColumn.length;

  // Stacked data: per transition, the rows spent in its from-state.
  const frameRowOf = new Int32Array(nData).fill(-1);
  for (let i = 0; i < frame.n; i++) frameRowOf[frame.rowIndex[i]!] = i;
  let m = 0;
  for (const tr of rows.transitions) for (let j = 0; j < rows.nRows; j++) if (rows.current[j] === tr.from) m++;
  const start = new Float64Array(m);
  const stop = new Float64Array(m);
  const event = new Float64Array(m);
  const stratum: string[] = new Array(m);
  const cluster: string[] = new Array(m);
  const xs = Array.from({ length: K }, () => new Float64Array(m));
  const width = String(nT).length;
  let q = 0;
  rows.transitions.forEach((tr, t) => {
    const label = `t${String(t + 1).padStart(width, '0')}`;
    for (let j = 0; j < rows.nRows; j++) {
      if (rows.current[j] !== tr.from) continue;
      start[q] = rows.entry[j]!;
      stop[q] = rows.exit[j]!;
      event[q] = rows.status[j]! - 1 === tr.to ? 1 : 0;
      stratum[q] = label;
      cluster[q] = String(rows.subject[j]!);
      const fr = frameRowOf[rows.dataRow[j]!]!;
      for (let c = 0; c < P; c++) xs[coefIndex[c * nT + t]!]![q] = frame.x[c]![fr]!;
      q++;
    }
  });
  const table: Record<string, Float64Array | string[]> = { start, stop, event, transition: stratum, patient: cluster };
  const names = Array.from({ length: K }, (_, k) => `b${k + 1}`);
  names.forEach((nm, k) => (table[nm] = xs[k]!));
  const stackedFormula = `Surv(start, stop, event) ~ ${names.join(' + ')} + strata(transition) + cluster(patient)`;
  const cox = coxph(stackedFormula, table, {
    ties: options.ties ?? 'efron',
    robust: true,
    ...(options.control ? { control: options.control } : {}),
  });
  const terms: MultiStateCoxTerm[] = cox.terms.map((ct, k) => {
    const c = coefColumn[k]!;
    const ts = coefTransitions[k]!;
    return {
      term: `${columns[c]}_${transitions[ts[0]!]!.label}`,
      column: columns[c]!,
      transitions: ts.map((t) => transitions[t]!.label),
      coef: ct.coef,
      se: ct.robustSe ?? ct.se,
      naiveSe: ct.se,
      z: ct.z,
      p: ct.p,
      hr: ct.hr,
      lower: ct.lower,
      upper: ct.upper,
    };
  });
  const warnings = cox.warnings.map((w) => names.reduce((s, nm, k) => s.replace(new RegExp(`\\b${nm}\\b`, 'g'), terms[k]!.term), w));
  if (frame.nDropped > 0) warnings.unshift(`${frame.nDropped} observation${frame.nDropped === 1 ? '' : 's'} deleted due to missingness`);
  let nEvent = 0;
  for (const t of transitions) nEvent += t.events;
  return new MultiStateCoxFit({
    formula,
    states,
    transitions,
    terms,
    coefIndex,
    columns,
    cox,
    frame,
    rows,
    n: rows.nRows,
    nDropped: frame.nDropped,
    nSubjects: rows.nSubjects,
    nEvent,
    loglik: [cox.loglik[0], cox.loglik[1]],
    converged: cox.converged,
    warnings,
    dataOptions,
  });
}
