/**
 * The model-frame builder: formula + columns -> analysis-ready typed arrays,
 * as R's `model.frame()` (with `na.action = na.omit`) followed by
 * `model.matrix()` with treatment contrasts.
 *
 * Reference: R documentation `?model.frame`, `?model.matrix`,
 * `?contr.treatment`, `?survival::Surv`, `?survival::strata`; R source
 * `src/library/stats/src/model.c` (`TermCode`: which factors of a term are
 * coded by contrasts and which by full indicators; column order).
 */
import { DataValidationError, FormulaError, UnknownColumnError, UsageError } from '../../util/errors.js';
import type { RecordIssue } from '../../util/errors.js';
import { formatRNumber } from './format-r-number.js';
import { parseFormula } from './formula.js';
import { deparseName, deparseNode, exprColumns, ExprEvaluator } from './formula-expr.js';
import { naturalSplineBasis, naturalSplineKnots } from './natural-spline.js';
import { psplineBasis } from './pspline-basis.js';
import type {
  Column,
  ColumnTable,
  FactorOptions,
  Formula,
  FormulaNode,
  ModelFrame,
  ModelFrameOptions,
  PsplineTerm,
  SplineKnots,
  VariableRef,
} from './types.js';

/** Most issues listed in one DataValidationError. */
const MAX_ISSUES = 20;

/** Compare strings by Unicode code point (not UTF-16 code unit). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Surrogates (0xD800-0xDFFF) encode code points above 0xFFFF: they sort after 0xE000-0xFFFF.
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (sa !== sb) return sa ? 1 : -1;
    return ca - cb;
  }
  return a.length - b.length;
}

function isNumeric(col: Column): col is Float64Array {
  return col instanceof Float64Array;
}

/** Position of a column name in the formula text (for error messages), or -1. */
function positionOf(text: string, name: string): number {
  const re = new RegExp(`(^|[^\\p{L}\\p{N}._])(${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?![\\p{L}\\p{N}._])`, 'u');
  const m = re.exec(text);
  return m ? m.index + m[1]!.length : -1;
}

/** A categorical variable: per-row provisional codes and the text of each code. */
interface Categorical {
  /** Provisional code per original row, -1 for missing. */
  raw: Int32Array;
  /** Text of each provisional code (R's level label). */
  text: string[];
  /** Numeric value of each provisional code, for numeric columns (sort key). */
  num: number[] | null;
}

function encodeCategorical(col: Column): Categorical {
  const n = col.length;
  const raw = new Int32Array(n);
  if (isNumeric(col)) {
    const ids = new Map<number, number>();
    const num: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = col[i]!;
      if (Number.isNaN(v)) {
        raw[i] = -1;
        continue;
      }
      const key = v === 0 ? 0 : v; // -0 and 0 are one level
      let id = ids.get(key);
      if (id === undefined) {
        id = num.length;
        ids.set(key, id);
        num.push(key);
      }
      raw[i] = id;
    }
    return { raw, text: num.map(formatRNumber), num };
  }
  const ids = new Map<string, number>();
  const text: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = col[i];
    if (v === null || v === undefined) {
      raw[i] = -1;
      continue;
    }
    let id = ids.get(v);
    if (id === undefined) {
      id = text.length;
      ids.set(v, id);
      text.push(v);
    }
    raw[i] = id;
  }
  return { raw, text, num: null };
}

/** Provisional codes present in the used rows, sorted as R sorts factor levels. */
function presentSorted(cat: Categorical, rowIndex: Int32Array): number[] {
  const seen = new Uint8Array(cat.text.length);
  for (let k = 0; k < rowIndex.length; k++) seen[cat.raw[rowIndex[k]!]!] = 1;
  const present: number[] = [];
  for (let c = 0; c < seen.length; c++) if (seen[c]) present.push(c);
  if (cat.num) {
    const num = cat.num;
    present.sort((a, b) => num[a]! - num[b]!);
  } else {
    present.sort((a, b) => compareCodePoints(cat.text[a]!, cat.text[b]!));
  }
  return present;
}

/** Codes 0..L-1 per used row for the given level order (provisional codes). */
function recode(cat: Categorical, order: number[], rowIndex: Int32Array): Int32Array {
  const map = new Int32Array(cat.text.length).fill(-1);
  order.forEach((c, i) => (map[c] = i));
  const out = new Int32Array(rowIndex.length);
  for (let k = 0; k < rowIndex.length; k++) out[k] = map[cat.raw[rowIndex[k]!]!]!;
  return out;
}

function gather(col: Float64Array, rowIndex: Int32Array): Float64Array {
  if (rowIndex.length === col.length) return col.slice(); // no row dropped: a plain copy
  const out = new Float64Array(rowIndex.length);
  for (let k = 0; k < rowIndex.length; k++) out[k] = col[rowIndex[k]!]!;
  return out;
}

function markMissing(col: Column, drop: Uint8Array): void {
  if (isNumeric(col)) markMissingNumbers(col, drop);
  else markMissingStrings(col, drop);
}

// Kept monomorphic (one array type each) so the loops stay fast.
function markMissingNumbers(col: Float64Array, drop: Uint8Array): void {
  const n = col.length;
  for (let i = 0; i < n; i++) {
    const v = col[i]!;
    if (v !== v) drop[i] = 1;
  }
}

function markMissingStrings(col: readonly (string | null)[], drop: Uint8Array): void {
  for (let i = 0; i < col.length; i++) if (col[i] === null || col[i] === undefined) drop[i] = 1;
}

/** One variable of the terms, resolved against the data. */
type ResolvedVar =
  | { kind: 'numeric'; ref: VariableRef; cols: Float64Array[]; names: string[] }
  | { kind: 'factor'; ref: VariableRef; levels: string[]; codes: Int32Array };

/** A variable evaluated on every row of the table, before rows are dropped. */
type PendingVar =
  | { kind: 'numeric'; ref: VariableRef; values: Float64Array }
  | { kind: 'factor'; ref: VariableRef; cat: Categorical; logical: boolean };

/** Key of a categorical variable in `levels`, `factors` and `xlevels`: the column, or the label of an expression. */
function levelKey(ref: VariableRef): string {
  return ref.expr ? ref.label : ref.name;
}

/** Text values of a logical (0/1/NaN) vector, as R's as.character(). */
function logicalText(v: Float64Array): (string | null)[] {
  return Array.from(v, (x) => (x !== x ? null : x ? 'TRUE' : 'FALSE'));
}

/**
 * Build the model frame and design matrix for a formula on columnar data,
 * as R's `model.frame()` + `model.matrix()` with treatment contrasts.
 *
 * Rules (all as R unless stated):
 * - A string column, or any column wrapped in `factor()`, is categorical. Levels are
 *   those occurring in the used rows (R drops unused levels of character columns),
 *   sorted by code point for strings (R sorts in the locale's collation; the two
 *   agree for ASCII letters of one case) and numerically for numbers, written as R's
 *   `as.character()` (`1`, `2`, `10`, `1e+05`). `options.factors[column]` may give
 *   `levels` (explicit order; a used value outside it is an error; listed levels that
 *   do not occur are dropped with a warning) and `reference` (moved first). Giving
 *   factor options for a numeric column makes it categorical. A factor with one level
 *   is a FormulaError naming it.
 * - Treatment contrasts: the first level is the reference; dummy columns are named
 *   variable label + level (`sexmale`, `factor(grade)2`). A factor in an interaction
 *   whose margin is not in the model gets full indicators, as R (`x:f` alone gives
 *   `x:fa`, `x:fb`); without an intercept (`- 1`, `+ 0`) the first factor gets full
 *   indicators, except with a `Surv` response: there the baseline hazard plays the
 *   intercept and factors keep contrasts, as survival's `coxph` (which sets
 *   `attr(Terms, "intercept") <- 1`, survival 3.5 `model.matrix.coxph`).
 *   Interaction columns are products; the first variable varies fastest (R's order).
 * - `interceptColumn` (default false) adds R's `(Intercept)` column first, with assign -1.
 * - Rows with a missing value (NaN / null) in any used column (response, terms,
 *   strata, cluster, offset, weights) are dropped: `nDropped`, a warning
 *   `"n observations deleted due to missingness"`, `rowIndex` keeps original indices.
 *   Transforms giving a non-finite value (`log` or `sqrt` of a negative, `log(0)`,
 *   `exp` overflow) drop the row too, with a warning (R keeps -Inf; models then fail).
 * - `Surv` status: see {@link ModelFrameOptions.survStatus} (default `'auto'`).
 *   Times are not checked (models decide); in counting data `start >= stop` is a
 *   DataValidationError naming the 1-based row (R turns it into NA with a warning).
 * - `strata(a, b)`: index per row over the combinations that occur, ordered with the
 *   first variable varying slowest, labels `a=1, b=x` (R's `strata()`); a column with
 *   `factors` options orders its levels as they say (R: a factor's level order).
 * - `cluster(id)`: index per row in sorted order of the id values.
 * - `weights` (option): column name or array; a negative weight is a DataValidationError.
 * - Expressions (`I(age/10)`, `log(x + 1)`, `Surv(time, status == 2)`) are evaluated
 *   on the whole table with R's semantics (see `formula-expr.ts`); missingness is
 *   that of the evaluated variable, as R's `na.omit` on the model frame (so
 *   `x %in% c(1, 2)` keeps a row with missing x, as FALSE). A logical variable
 *   (`I(age > 60)`) is coded as R codes logicals: levels FALSE, TRUE, one column
 *   `I(age > 60)TRUE`. A logical `Surv` status is the event indicator as given.
 * - `factor(x, levels = c(...))` and `relevel(x, ref = "b")` in the formula set the
 *   level order and reference of that variable (taking precedence over `factors`).
 * - `ns(x, df = , knots = )`: R's natural spline basis (`natural-spline.ts`), knots
 *   from all non-missing x of the table (R evaluates `ns()` before dropping rows),
 *   columns `ns(x, df = 3)1`, `2`, ...; the knots are returned in `splines` and
 *   `options.splines` reuses them (prediction on new data, R's `predvars`).
 * - `pspline(x)`: survival's P-spline basis (`pspline-basis.ts`), columns `ps(x)3`, ...,
 *   described in `psplines` for the penalized Cox fit; `tt(x)`: the column x, listed
 *   in `ttColumns` for the Cox fit to transform. Neither may be in an interaction.
 * - `xlevels` (option, for prediction on new data): levels of a previous fit
 *   (its `frame.levels`) used as they are, so the columns match the fit even
 *   when some levels are absent (R's `xlev` in `predict`); they take precedence
 *   over `factors`, and a value outside them is a DataValidationError.
 *
 * @param formula formula text or a parsed {@link Formula}.
 * @param data columns by name (`Float64Array` with NaN for missing, or strings with null).
 * @param options see {@link ModelFrameOptions}; every field optional.
 * @returns the {@link ModelFrame}.
 * @throws FormulaError for a parse error, a one-level factor or a column of the wrong type;
 *   UnknownColumnError for a column not in `data`; DataValidationError for bad
 *   values (status coding, start >= stop, negative weights, values outside declared levels);
 *   UsageError for invalid options or columns of different lengths.
 * @example buildModelFrame('Surv(time, status) ~ age + sex', { time, status, age, sex }).columnNames // => ['age', 'sexmale']
 */
export function buildModelFrame(formula: string | Formula, data: ColumnTable, options: ModelFrameOptions = {}): ModelFrame {
  const f = typeof formula === 'string' ? parseFormula(formula) : formula;
  const survStatus = options.survStatus ?? 'auto';
  if (survStatus !== 'auto' && survStatus !== 'raw') throw new UsageError(`Invalid survStatus '${String(survStatus)}': use 'auto' or 'raw'`);
  const interceptColumn = options.interceptColumn ?? false;
  const factorOptions = options.factors ?? {};
  const xlevels = options.xlevels ?? {};
  const fixedSplines = options.splines ?? {};
  const warnings: string[] = [];
  const available = Object.keys(data);

  // --- columns and their common length
  let n0 = -1;
  let firstName = '';
  const used = new Map<string, Column>();
  const column = (name: string): Column => {
    const have = used.get(name);
    if (have) return have;
    if (!Object.prototype.hasOwnProperty.call(data, name)) throw new UnknownColumnError(name, available);
    const col = data[name]!;
    if (n0 < 0) {
      n0 = col.length;
      firstName = name;
    } else if (col.length !== n0) {
      throw new UsageError(`Column '${name}' has ${col.length} rows but '${firstName}' has ${n0}`);
    }
    used.set(name, col);
    return col;
  };
  const typeError = (name: string, message: string, position?: number): never => {
    throw new FormulaError(f.text, message, name, position ?? positionOf(f.text, name));
  };
  const numericColumn = (name: string, role: string): Float64Array => {
    const col = column(name);
    if (!isNumeric(col)) return typeError(name, `${role} '${name}' must be a numeric column`);
    return col;
  };

  // Every column the formula uses, so that the row count is known before expressions are evaluated.
  const resp = f.response;
  const varRefs = new Map<string, VariableRef>();
  for (const t of f.terms) for (const v of t.variables) if (!varRefs.has(v.label)) varRefs.set(v.label, v);
  const exprCols = (e: FormulaNode | undefined): void => {
    if (e) for (const c of exprColumns(e)) column(c);
  };
  if (resp?.kind === 'surv') {
    if (resp.timeExpr) exprCols(resp.timeExpr);
    else column(resp.time);
    if (resp.statusExpr) exprCols(resp.statusExpr);
    else column(resp.status);
  } else if (resp?.kind === 'surv-counting') {
    for (const [name, e] of [[resp.start, resp.startExpr], [resp.stop, resp.stopExpr], [resp.status, resp.statusExpr]] as const) {
      if (e) exprCols(e);
      else column(name);
    }
  } else if (resp?.kind === 'variable') column(resp.name);
  for (const v of varRefs.values()) {
    if (v.expr) exprCols(v.expr);
    else column(v.name);
  }
  for (const s of f.strata) column(s);
  if (f.offsetExpr) exprCols(f.offsetExpr);
  else if (f.offset !== null) column(f.offset);

  let weightCol: Float64Array | null = null;
  if (typeof options.weights === 'string') {
    const w = column(options.weights);
    if (!isNumeric(w)) throw new UsageError(`Weights column '${options.weights}' must be numeric`);
    weightCol = w;
  } else if (options.weights instanceof Float64Array) {
    weightCol = options.weights;
    if (n0 >= 0 && weightCol.length !== n0) throw new UsageError(`weights has ${weightCol.length} values but the data has ${n0} rows`);
    if (n0 < 0) n0 = weightCol.length;
  } else if (options.weights !== undefined) {
    throw new UsageError('weights must be a column name or a Float64Array');
  }
  if (f.cluster !== null) column(f.cluster);
  if (n0 < 0) n0 = available.length ? data[available[0]!]!.length : 0;

  const evaluator = new ExprEvaluator(f.text, n0, (name) => column(name));
  /** A numeric expression on every row (scalars recycled). */
  const numericExpr = (e: FormulaNode, role: string): Float64Array => {
    const v = evaluator.evaluate(e);
    const x = evaluator.numbers(v, e, role);
    return x.length === n0 ? x : new Float64Array(n0).fill(x[0] ?? NaN);
  };

  // --- response
  let timeCol: Float64Array | null = null;
  let startCol: Float64Array | null = null;
  let statusColRaw: Column | null = null;
  let statusLogical = false;
  let statusName = '';
  let yCol: Float64Array | null = null;
  const statusOf = (name: string, e: FormulaNode | undefined): Column => {
    if (!e) return column(name);
    const v = evaluator.evaluate(e);
    statusLogical = v.type === 'lgl';
    if (v.type === 'str') return v.v.length === n0 ? v.v : new Array<string | null>(n0).fill(v.v[0] ?? null);
    return v.v.length === n0 ? v.v : new Float64Array(n0).fill(v.v[0] ?? NaN);
  };
  if (resp?.kind === 'surv') {
    timeCol = resp.timeExpr ? numericExpr(resp.timeExpr, 'Surv time') : numericColumn(resp.time, 'Surv time');
    statusColRaw = statusOf(resp.status, resp.statusExpr);
    statusName = resp.status;
  } else if (resp?.kind === 'surv-counting') {
    startCol = resp.startExpr ? numericExpr(resp.startExpr, 'Surv start') : numericColumn(resp.start, 'Surv start');
    timeCol = resp.stopExpr ? numericExpr(resp.stopExpr, 'Surv stop') : numericColumn(resp.stop, 'Surv stop');
    statusColRaw = statusOf(resp.status, resp.statusExpr);
    statusName = resp.status;
  } else if (resp?.kind === 'variable') {
    yCol = numericColumn(resp.name, 'Response');
  }
  const clusterCol = f.cluster !== null ? column(f.cluster) : null;
  const offsetCol = f.offsetExpr ? numericExpr(f.offsetExpr, 'offset()') : f.offset !== null ? numericColumn(f.offset, 'Offset') : null;

  // --- missingness of the model frame's columns (R's na.omit)
  const drop = new Uint8Array(n0);
  for (const col of [timeCol, startCol, statusColRaw, yCol, clusterCol, offsetCol, weightCol]) if (col) markMissing(col, drop);
  for (const s of f.strata) markMissing(column(s), drop);

  // Variables evaluated on every row: transforms of numeric variables; categorical encodings.
  const pending: PendingVar[] = [];
  const nonFinite = (ref: VariableRef, values: Float64Array, inputs: Column[]): void => {
    let bad = 0;
    for (let i = 0; i < n0; i++) {
      const y = values[i]!;
      if (Number.isFinite(y)) continue;
      if (y === y || inputs.every((c) => (isNumeric(c) ? c[i] === c[i] : c[i] !== null && c[i] !== undefined))) {
        if (!drop[i]) bad++;
      }
      drop[i] = 1;
    }
    if (bad > 0) warnings.push(`${ref.label} is not finite for ${bad} row${bad === 1 ? '' : 's'} (${transformDomain(ref)}): dropped`);
  };
  for (const ref of varRefs.values()) {
    if (ref.expr && (ref.transform === 'expr' || ref.transform === 'factor' || ref.transform === 'ns' || ref.transform === 'pspline' || ref.transform === 'tt')) {
      const v = evaluator.evaluate(ref.expr);
      const num = (a: Float64Array): Float64Array => (a.length === n0 ? a : new Float64Array(n0).fill(a[0] ?? NaN));
      if (ref.transform === 'factor' || (ref.transform === 'expr' && v.type !== 'num')) {
        let values: Column;
        if (v.type === 'str') values = v.v.length === n0 ? v.v : new Array<string | null>(n0).fill(v.v[0] ?? null);
        else if (v.type === 'lgl') values = logicalText(num(v.v));
        else values = num(v.v);
        markMissing(values, drop);
        pending.push({ kind: 'factor', ref, cat: encodeCategorical(values), logical: ref.transform === 'expr' && v.type === 'lgl' });
        continue;
      }
      if (v.type === 'str') throw new FormulaError(f.text, `${ref.label} needs numbers, but the expression gives text`, ref.name, ref.position ?? -1);
      const values = num(v.v);
      nonFinite(ref, values, (ref.columns ?? [ref.name]).map((c) => column(c)));
      pending.push({ kind: 'numeric', ref, values });
      continue;
    }
    const col = column(ref.name);
    const key = levelKey(ref);
    const declared = factorOptions[key] !== undefined || xlevels[key] !== undefined;
    if (ref.transform === 'factor' || ((ref.transform === 'none' || ref.transform === 'expr') && (!isNumeric(col) || declared))) {
      markMissing(col, drop);
      pending.push({ kind: 'factor', ref, cat: encodeCategorical(col), logical: false });
      continue;
    }
    if (!isNumeric(col)) throw new FormulaError(f.text, `${ref.label}: cannot transform the categorical column '${ref.name}'`, ref.name, positionOf(f.text, ref.name));
    markMissing(col, drop);
    if (ref.transform === 'none' || ref.transform === 'ns' || ref.transform === 'pspline' || ref.transform === 'tt') {
      pending.push({ kind: 'numeric', ref, values: col });
      continue;
    }
    const fn = transformFunction(ref);
    const values = new Float64Array(n0);
    for (let i = 0; i < n0; i++) {
      const x = col[i]!;
      values[i] = x !== x ? NaN : fn(x);
    }
    nonFinite(ref, values, [col]);
    pending.push({ kind: 'numeric', ref, values });
  }

  // --- validation of values that are errors rather than missing
  const issues: RecordIssue[] = [];
  if (startCol && timeCol && resp?.kind === 'surv-counting') {
    for (let i = 0; i < n0 && issues.length < MAX_ISSUES; i++) {
      const a = startCol[i]!;
      const b = timeCol[i]!;
      if (!Number.isNaN(a) && !Number.isNaN(b) && !(a < b)) {
        issues.push({ file: '<memory>', row: i + 1, field: resp.stop, message: `stop time ${b} must be greater than start time ${a}`, value: b });
      }
    }
  }
  if (weightCol) {
    const wname = typeof options.weights === 'string' ? options.weights : 'weights';
    for (let i = 0; i < n0 && issues.length < MAX_ISSUES; i++) {
      if (weightCol[i]! < 0) issues.push({ file: '<memory>', row: i + 1, field: wname, message: `negative weight ${weightCol[i]}`, value: weightCol[i] });
    }
  }
  if (issues.length) throw new DataValidationError(issues);

  // --- used rows
  let n = 0;
  for (let i = 0; i < n0; i++) if (!drop[i]) n++;
  const rowIndex = new Int32Array(n);
  for (let i = 0, k = 0; i < n0; i++) if (!drop[i]) rowIndex[k++] = i;
  const nDropped = n0 - n;
  if (nDropped > 0) {
    warnings.unshift(`${nDropped} observation${nDropped === 1 ? '' : 's'} deleted due to missingness`);
  }
  if (n === 0 && n0 > 0) warnings.push('No (non-missing) observations left');

  // --- response
  let time: Float64Array | null = null;
  let start: Float64Array | null = null;
  let status: Float64Array | null = null;
  if (timeCol) time = gather(timeCol, rowIndex);
  if (startCol) start = gather(startCol, rowIndex);
  if (statusColRaw) {
    status = statusLogical ? gather(statusColRaw as Float64Array, rowIndex) : readStatus(statusColRaw, statusName, rowIndex, survStatus, f);
  }
  const y = yCol ? gather(yCol, rowIndex) : null;

  // --- variables on the used rows: factor levels, spline bases
  const levels: Record<string, string[]> = {};
  const splines: Record<string, SplineKnots> = {};
  const psplineBases = new Map<string, { basis: Float64Array[]; names: string[]; spec: Omit<PsplineTerm, 'label' | 'term' | 'columns'> }>();
  const resolved = new Map<string, ResolvedVar>();
  for (const p of pending) {
    if (p.kind === 'numeric') {
      const ref = p.ref;
      if (ref.transform === 'ns') {
        const knots = fixedSplines[ref.label] ?? naturalSplineKnots(p.values, ref.spline ?? { intercept: false });
        const { warning, ...kept } = knots as SplineKnots & { warning?: string };
        if (warning) warnings.push(warning);
        splines[ref.label] = { knots: [...kept.knots], boundaryKnots: [kept.boundaryKnots[0], kept.boundaryKnots[1]], intercept: kept.intercept };
        const cols = naturalSplineBasis(gather(p.values, rowIndex), kept);
        // R names the columns of a matrix variable label + column number, a one-column matrix by the label alone.
        resolved.set(ref.label, { kind: 'numeric', ref, cols, names: cols.length === 1 ? [ref.label] : cols.map((_, j) => `${ref.label}${j + 1}`) });
        continue;
      }
      if (ref.transform === 'pspline') {
        const opts = ref.pspline ?? { degree: 3, eps: 0.1 };
        const df = opts.df ?? 4;
        const pb = psplineBasis(p.values, gather(p.values, rowIndex), { nterm: opts.nterm ?? Math.round(2.5 * df), degree: opts.degree });
        const xname = ref.expr ? deparseNode(ref.expr) : deparseName(ref.name);
        const names = pb.basis.map((_, j) => `ps(${xname})${j + 3}`);
        psplineBases.set(ref.label, { basis: pb.basis, names, spec: { df, theta: opts.theta ?? null, knots: pb.knots, degree: opts.degree, eps: opts.eps } });
        resolved.set(ref.label, { kind: 'numeric', ref, cols: pb.basis, names });
        continue;
      }
      resolved.set(ref.label, { kind: 'numeric', ref, cols: [gather(p.values, rowIndex)], names: [ref.label] });
      continue;
    }
    const key = levelKey(p.ref);
    if (p.logical) {
      // R codes a logical variable with levels FALSE, TRUE whatever occurs.
      const fixed = xlevels[key] ?? ['FALSE', 'TRUE'];
      const codes = fixedLevelCodes(p.cat, fixed, rowIndex, p.ref);
      levels[key] = [...fixed];
      resolved.set(p.ref.label, { kind: 'factor', ref: p.ref, levels: [...fixed], codes });
      continue;
    }
    const fixed = xlevels[key];
    if (fixed !== undefined) {
      const codes = fixedLevelCodes(p.cat, fixed, rowIndex, p.ref);
      levels[key] = [...fixed];
      resolved.set(p.ref.label, { kind: 'factor', ref: p.ref, levels: [...fixed], codes });
      continue;
    }
    const opts: FactorOptions = { ...(factorOptions[key] ?? {}) };
    if (p.ref.levels) opts.levels = p.ref.levels;
    if (p.ref.reference !== undefined) opts.reference = p.ref.reference;
    if (p.ref.referenceIndex !== undefined) opts.reference = referenceByIndex(p.cat, p.ref, opts, f);
    const order = levelOrder(p.cat, rowIndex, p.ref, opts, warnings);
    const levs = order.map((c) => p.cat.text[c]!);
    if (levs.length < 2 && n > 0) {
      throw new FormulaError(
        f.text,
        `Factor ${p.ref.label} has only one level (${levs.join('')}) in the used rows: contrasts need 2 or more`,
        p.ref.label,
        p.ref.position ?? positionOf(f.text, p.ref.name),
      );
    }
    levels[key] = levs;
    resolved.set(p.ref.label, { kind: 'factor', ref: p.ref, levels: levs, codes: recode(p.cat, order, rowIndex) });
  }

  // --- design matrix
  const x: Float64Array[] = [];
  const columnNames: string[] = [];
  const assign: number[] = [];
  const psplines: PsplineTerm[] = [];
  const ttColumns: number[] = [];
  if (interceptColumn) {
    x.push(new Float64Array(n).fill(1));
    columnNames.push('(Intercept)');
    assign.push(-1);
  }
  const coding = factorCoding(f, resolved);
  f.terms.forEach((term, ti) => {
    const special = term.variables.find((v) => v.transform === 'pspline' || v.transform === 'tt');
    if (special && term.variables.length > 1) {
      throw new FormulaError(f.text, `${special.label} cannot be part of an interaction`, special.label, special.position ?? -1);
    }
    const parts = term.variables.map((v, vi) => {
      const r = resolved.get(v.label)!;
      if (r.kind === 'numeric') return { r, choices: r.cols.map((col, j) => ({ name: r.names[j]!, level: -1, col })) };
      const full = coding[ti]![vi] === 2;
      const choices = r.levels.map((l, li) => ({ name: v.label + l, level: li, col: null as Float64Array | null })).slice(full ? 0 : 1);
      return { r, choices };
    });
    const first = x.length;
    // Enumerate combinations, first variable varying fastest.
    const counts = parts.map((p) => p.choices.length);
    const total = counts.reduce((a, b) => a * b, 1);
    const idx = new Array<number>(parts.length).fill(0);
    for (let c = 0; c < total; c++) {
      const names: string[] = [];
      let values: Float64Array;
      if (parts.length === 1 && parts[0]!.r.kind === 'numeric') {
        values = parts[0]!.choices[idx[0]!]!.col!;
      } else {
        values = new Float64Array(n).fill(1);
        for (let p = 0; p < parts.length; p++) {
          const part = parts[p]!;
          const choice = part.choices[idx[p]!]!;
          if (part.r.kind === 'numeric') {
            const v = choice.col!;
            for (let k = 0; k < n; k++) values[k]! *= v[k]!;
          } else {
            const codes = part.r.codes;
            const level = choice.level;
            for (let k = 0; k < n; k++) if (codes[k] !== level) values[k] = 0;
          }
        }
      }
      for (let p = 0; p < parts.length; p++) names.push(parts[p]!.choices[idx[p]!]!.name);
      x.push(values);
      columnNames.push(names.join(':'));
      assign.push(ti);
      for (let p = 0; p < parts.length; p++) {
        if (++idx[p]! < counts[p]!) break;
        idx[p] = 0;
      }
    }
    const cols = Array.from({ length: x.length - first }, (_, j) => first + j);
    if (special?.transform === 'tt') ttColumns.push(...cols);
    if (special?.transform === 'pspline') {
      const pb = psplineBases.get(special.label)!;
      psplines.push({ label: term.label, term: ti, columns: cols, ...pb.spec });
    }
  });

  // --- strata, cluster, offset, weights
  let strata: Int32Array | null = null;
  let strataLabels: string[] = [];
  if (f.strata.length > 0) {
    const s = buildStrata(
      f.strata.map((name) => ({ name, cat: encodeCategorical(column(name)), opts: factorOptions[name] })),
      rowIndex,
      warnings,
    );
    strata = s.index;
    strataLabels = s.labels;
  }
  let cluster: Int32Array | null = null;
  if (clusterCol) {
    const cat = encodeCategorical(clusterCol);
    cluster = recode(cat, presentSorted(cat, rowIndex), rowIndex);
  }
  const offset = offsetCol ? gather(offsetCol, rowIndex) : null;
  const weights = weightCol ? gather(weightCol, rowIndex) : null;

  const frame: ModelFrame = {
    formula: f,
    n,
    nDropped,
    rowIndex,
    time,
    start,
    status,
    y,
    x,
    columnNames,
    assign,
    levels,
    strata,
    strataLabels,
    cluster,
    offset,
    weights,
    warnings,
  };
  if (Object.keys(splines).length) frame.splines = splines;
  if (psplines.length) frame.psplines = psplines;
  if (ttColumns.length) frame.ttColumns = ttColumns;
  return frame;
}

/** The level named by R's `relevel(x, ref = k)`: the k-th level of the factor before unused levels are dropped. */
function referenceByIndex(cat: Categorical, ref: VariableRef, opts: FactorOptions, f: Formula): string {
  let all: string[];
  if (opts.levels) all = [...opts.levels];
  else {
    const everyRow = new Int32Array(cat.raw.length);
    let m = 0;
    for (let i = 0; i < cat.raw.length; i++) if (cat.raw[i]! >= 0) everyRow[m++] = i;
    all = presentSorted(cat, everyRow.subarray(0, m)).map((c) => cat.text[c]!);
  }
  const k = ref.referenceIndex!;
  if (k > all.length) {
    throw new FormulaError(f.text, `relevel(): ref = ${k} but ${ref.label} has ${all.length} levels (${all.join(', ')})`, ref.label, ref.position ?? -1);
  }
  return all[k - 1]!;
}

function transformFunction(ref: VariableRef): (x: number) => number {
  switch (ref.transform) {
    case 'log':
      return Math.log;
    case 'sqrt':
      return Math.sqrt;
    case 'exp':
      return Math.exp;
    case 'I-square':
      return (x) => x * x;
    case 'I-power': {
      const p = ref.power ?? 2;
      return (x) => Math.pow(x, p);
    }
    default:
      return (x) => x;
  }
}

function transformDomain(ref: VariableRef): string {
  switch (ref.transform) {
    case 'log':
      return 'log of a value <= 0';
    case 'sqrt':
      return 'sqrt of a negative value';
    case 'exp':
      return 'exp overflow';
    case 'I-square':
    case 'I-power':
      return 'power of a negative value or overflow';
    default:
      return 'undefined value, as log or sqrt of a negative number, or a division by zero';
  }
}

/** Codes against levels fixed by a previous fit (R's `xlev`); a value outside them is an error. */
function fixedLevelCodes(cat: Categorical, fixed: readonly string[], rowIndex: Int32Array, ref: VariableRef): Int32Array {
  const index = new Map<string, number>();
  fixed.forEach((l, i) => index.set(l, i));
  const map = Int32Array.from(cat.text, (t) => index.get(t) ?? -1);
  const codes = new Int32Array(rowIndex.length);
  const issues: RecordIssue[] = [];
  for (let k = 0; k < rowIndex.length; k++) {
    const c = map[cat.raw[rowIndex[k]!]!]!;
    if (c < 0 && issues.length < MAX_ISSUES) {
      const bad = cat.text[cat.raw[rowIndex[k]!]!]!;
      issues.push({
        file: '<memory>',
        row: rowIndex[k]! + 1,
        field: ref.name,
        message: `value '${bad}' of ${ref.label} is not among the levels of the fit (${fixed.join(', ')})`,
        value: bad,
      });
    }
    codes[k] = c;
  }
  if (issues.length) throw new DataValidationError(issues);
  return codes;
}

/** Level order (provisional codes) of one categorical variable, honouring its options. */
function levelOrder(cat: Categorical, rowIndex: Int32Array, ref: VariableRef, opts: FactorOptions | undefined, warnings: string[]): number[] {
  let order = presentSorted(cat, rowIndex);
  if (opts?.levels) {
    const byText = new Map<string, number>();
    order.forEach((c) => byText.set(cat.text[c]!, c));
    const declared = new Set(opts.levels);
    const outside = order.filter((c) => !declared.has(cat.text[c]!));
    if (outside.length) {
      const bad = cat.text[outside[0]!]!;
      const row = rowIndex.find((i) => cat.raw[i] === outside[0]);
      throw new DataValidationError([
        {
          file: '<memory>',
          row: (row ?? -1) + 1,
          field: ref.name,
          message: `value '${bad}' of ${ref.label} is not among the declared levels (${opts.levels.join(', ')})`,
          value: bad,
        },
      ]);
    }
    const unused = opts.levels.filter((l) => !byText.has(l));
    if (unused.length) warnings.push(`${ref.label}: declared level${unused.length === 1 ? '' : 's'} ${unused.join(', ')} not present in the used rows: dropped`);
    order = opts.levels.filter((l) => byText.has(l)).map((l) => byText.get(l)!);
  }
  if (opts?.reference !== undefined) {
    const ref0 = order.find((c) => cat.text[c] === opts.reference);
    if (ref0 === undefined) {
      throw new UsageError(`Reference level '${opts.reference}' of ${ref.label} is not among its levels in the used rows (${order.map((c) => cat.text[c]).join(', ')})`);
    }
    order = [ref0, ...order.filter((c) => c !== ref0)];
  }
  return order;
}

/**
 * R's factor coding per term and variable (`attr(terms, "factors")`): 1 = by
 * contrasts, 2 = by full indicators. A factor gets contrasts when the term
 * without it (its margin) is empty or contained in a preceding term; without an
 * intercept the first factor of the first term holding one gets indicators.
 */
function factorCoding(f: Formula, resolved: Map<string, ResolvedVar>): number[][] {
  const sets = f.terms.map((t) => new Set(t.variables.map((v) => v.label)));
  const coding = f.terms.map((t, ti) =>
    t.variables.map((v) => {
      const margin = [...sets[ti]!].filter((l) => l !== v.label);
      if (margin.length === 0) return 1;
      for (let j = 0; j < ti; j++) if (margin.every((l) => sets[j]!.has(l))) return 1;
      return 2;
    }),
  );
  // coxph always keeps the baseline hazard as the intercept when coding factors
  // (survival's model.matrix.coxph sets attr(Terms, "intercept") <- 1).
  const survival = f.response?.kind === 'surv' || f.response?.kind === 'surv-counting';
  if (!f.intercept && !survival) {
    outer: for (let ti = 0; ti < f.terms.length; ti++) {
      const vars = f.terms[ti]!.variables;
      for (let vi = 0; vi < vars.length; vi++) {
        if (resolved.get(vars[vi]!.label)?.kind === 'factor') {
          coding[ti]![vi] = 2;
          break outer;
        }
      }
    }
  }
  return coding;
}

/** Status as numbers, mapped as R's Surv() in 'auto' mode. */
function readStatus(col: Column, name: string, rowIndex: Int32Array, mode: 'auto' | 'raw', f: Formula): Float64Array {
  const n = rowIndex.length;
  const out = new Float64Array(n);
  if (!isNumeric(col)) {
    for (let k = 0; k < n; k++) {
      const v = col[rowIndex[k]!];
      if (v === 'TRUE') out[k] = 1;
      else if (v === 'FALSE') out[k] = 0;
      else throw new FormulaError(f.text, `Status '${name}' must be numeric or TRUE/FALSE, found '${v}'`, name, positionOf(f.text, name));
    }
    return out;
  }
  let all01 = true;
  let all12 = true;
  for (let k = 0; k < n; k++) {
    const v = col[rowIndex[k]!]!;
    out[k] = v;
    if (v !== 0 && v !== 1) all01 = false;
    if (v !== 1 && v !== 2) all12 = false;
  }
  if (mode === 'raw' || all01) return out;
  if (all12) {
    for (let k = 0; k < n; k++) out[k] = out[k]! - 1;
    return out;
  }
  const issues: RecordIssue[] = [];
  for (let k = 0; k < n && issues.length < MAX_ISSUES; k++) {
    const v = out[k]!;
    if (v !== 0 && v !== 1) {
      issues.push({
        file: '<memory>',
        row: rowIndex[k]! + 1,
        field: name,
        message: `status ${v} is not 0/1 (or 1/2 for all rows): for competing risks or multi-state data use 'midia cif' or 'midia finegray --cause ${v}' (library: cumulativeIncidence, fineGray), or keep one event type with Surv(time, ${name} == 1)`,
        value: v,
      });
    }
  }
  throw new DataValidationError(issues);
}

/** Crossed strata as R's strata(): occurring combinations, first variable slowest. */
function buildStrata(
  vars: { name: string; cat: Categorical; opts?: FactorOptions | undefined }[],
  rowIndex: Int32Array,
  warnings: string[],
): { index: Int32Array; labels: string[] } {
  const n = rowIndex.length;
  const perVar = vars.map((v) => {
    // Level order: as given by the factor options of the column (R: the factor's levels), else sorted.
    const order = v.opts ? levelOrder(v.cat, rowIndex, { name: v.name, label: v.name, transform: 'none' }, v.opts, warnings) : presentSorted(v.cat, rowIndex);
    return { name: v.name, levels: order.map((c) => v.cat.text[c]!), codes: recode(v.cat, order, rowIndex) };
  });
  const combined = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let code = 0;
    for (const v of perVar) code = code * v.levels.length + v.codes[k]!;
    combined[k] = code;
  }
  const present = Array.from(new Set(combined)).sort((a, b) => a - b);
  const map = new Map<number, number>();
  present.forEach((c, i) => map.set(c, i));
  const index = new Int32Array(n);
  for (let k = 0; k < n; k++) index[k] = map.get(combined[k]!)!;
  const labels = present.map((code) => {
    const parts: string[] = [];
    let rest = code;
    for (let j = perVar.length - 1; j >= 0; j--) {
      const v = perVar[j]!;
      const L = v.levels.length;
      parts.unshift(`${v.name}=${v.levels[rest % L]}`);
      rest = Math.floor(rest / L);
    }
    return parts.join(', ');
  });
  return { index, labels };
}
