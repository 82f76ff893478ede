/**
 * Types shared by the formula parser, the model-frame builder and every model.
 * Models see only these typed arrays, never the database.
 */

/**
 * One column of analysis data. Numbers are `Float64Array` with `NaN` for
 * missing; categorical values are arrays of strings with `null` for missing.
 */
export type Column = Float64Array | readonly (string | null)[];

/** Columns by name, all of the same length. */
export type ColumnTable = Readonly<Record<string, Column>>;

/**
 * A node of a parsed formula (the syntax tree of `formula-syntax.ts`). Expressions
 * inside calls (`I(age/10)`, `Surv(time, status == 2)`) are kept as nodes and
 * evaluated on the data by the model-frame builder.
 */
export type FormulaNode =
  | { t: 'name'; name: string; quoted: boolean; pos: number }
  | { t: 'num'; text: string; value: number; pos: number }
  | { t: 'str'; value: string; pos: number }
  | { t: 'call'; fn: string; quoted: boolean; pos: number; args: FormulaNode[]; names: (string | null)[]; namePos: number[] }
  | { t: 'bin'; op: string; pos: number; left: FormulaNode; right: FormulaNode }
  | { t: 'unary'; op: '+' | '-' | '!'; pos: number; operand: FormulaNode }
  | { t: 'paren'; pos: number; inner: FormulaNode }
  | { t: 'sum'; pos: number; items: { sign: '+' | '-'; node: FormulaNode; pos: number }[] };

/**
 * The parsed response `Surv(time, status)`, `Surv(start, stop, event)` or a plain variable.
 * `time`, `start`, `stop` and `status` name the column; when an argument is an
 * expression (`status == 2`, `time/365.25`) they hold its text as R deparses it
 * and the matching `*Expr` field holds the expression (absent for plain columns).
 */
export type ResponseSpec =
  | { kind: 'surv'; time: string; status: string; timeExpr?: FormulaNode; statusExpr?: FormulaNode }
  | {
      kind: 'surv-counting';
      start: string;
      stop: string;
      status: string;
      startExpr?: FormulaNode;
      stopExpr?: FormulaNode;
      statusExpr?: FormulaNode;
    }
  | { kind: 'variable'; name: string };

/** A variable reference inside a term, possibly transformed: `x`, `factor(x)`, `log(x)`, `I(age/10)`, `ns(age, df = 3)`. */
export interface VariableRef {
  /**
   * Column name in the data: the column of a plain variable or of a one-column
   * transform; for an expression (`I(x - y)`), the first column it uses
   * (all of them are in {@link VariableRef.columns}).
   */
  name: string;
  /**
   * Transformation applied before use. `I-square` is `I(x^2)`; `I-power` is
   * `I(x^p)` for another numeric power `p` (see {@link VariableRef.power});
   * `expr` is any other arithmetic or logical expression ({@link VariableRef.expr});
   * `ns` a natural cubic spline basis ({@link VariableRef.spline}); `pspline` a
   * penalized spline (Cox only, {@link VariableRef.pspline}); `tt` a
   * time-transformed covariate (Cox only).
   */
  transform: 'none' | 'factor' | 'log' | 'sqrt' | 'exp' | 'I-square' | 'I-power' | 'expr' | 'ns' | 'pspline' | 'tt';
  /**
   * The variable as R deparses it, e.g. `factor(grade)`, `I(x^2)`, `` `my var` ``,
   * `relevel(x, ref = "b")`, `ns(age, df = 3)` (whitespace normalized, non-syntactic
   * names backquoted): used in term and column names.
   */
  label: string;
  /** The power of `I(x^p)` (2 for `I-square`); absent for other transforms. */
  power?: number;
  /** 0-based position of the variable in the formula text, when parsed from text. */
  position?: number;
  /**
   * The expression evaluated per row: for `expr`, the whole expression; for
   * `factor`, `ns`, `pspline` and `tt`, their first argument when it is not a
   * plain column. Absent for plain columns.
   */
  expr?: FormulaNode;
  /** Every data column the variable uses (a plain variable: `[name]`). */
  columns?: string[];
  /** `factor(x, levels = c(...))`: the declared level order. */
  levels?: string[];
  /** `relevel(x, ref = "b")`: the reference level. */
  reference?: string;
  /** `relevel(x, ref = 2)`: the reference as R's 1-based index into the levels. */
  referenceIndex?: number;
  /** `ns(x, df = , knots = , intercept = , Boundary.knots = )` as written. */
  spline?: { df?: number; knots?: number[]; intercept: boolean; boundaryKnots?: [number, number] };
  /** `pspline(x, df = 4, nterm = , theta = , ...)` as written. */
  pspline?: { df?: number; theta?: number; nterm?: number; degree: number; eps: number };
}

/** One model term: a main effect (one variable) or an interaction (two or more). */
export interface Term {
  /** R's term label: `age`, `factor(grade)`, `age:sex`. */
  label: string;
  variables: VariableRef[];
}

/** A parsed formula. `a*b` is expanded to `a + b + a:b` at parse time, as R does. */
export interface Formula {
  text: string;
  response: ResponseSpec | null;
  terms: Term[];
  /** Columns named in `strata(...)` (several: crossed, as R's `strata(a, b)`). */
  strata: string[];
  /** Column named in `cluster(...)`, or null. */
  cluster: string | null;
  /** Column named in `offset(...)` (or the expression's text, as `log(pyears)`), or null. */
  offset: string | null;
  /** The expression of `offset(...)` when it is not a plain column (`offset(log(pyears))`). */
  offsetExpr?: FormulaNode;
  /** False when the formula says `- 1` or `+ 0`. */
  intercept: boolean;
}

/** Contrast options for one categorical variable. */
export interface FactorOptions {
  /** Reference level (default: the first level in code-point order). */
  reference?: string;
  /** Explicit level order (first = reference unless `reference` is given). */
  levels?: readonly string[];
}

/** Options of {@link ModelFrame} construction. */
export interface ModelFrameOptions {
  /** Per-variable contrast options, keyed by column name. */
  factors?: Readonly<Record<string, FactorOptions>>;
  /** Name of a column of case weights, or an array of weights. */
  weights?: string | Float64Array;
  /** Include an intercept column in X (default false: survival models have none). */
  interceptColumn?: boolean;
  /**
   * How the status of `Surv(...)` is read (default `'auto'`).
   * - `'auto'`, as R's `Surv()` (survival 3.5, `?Surv`): 0/1 (or a TRUE/FALSE
   *   string column) stays; when every non-missing value is 1 or 2, 1 = censored
   *   and 2 = event (mapped to 0/1). Any other coding is an error (R turns it into
   *   NA with a warning; silently dropping events is worse here).
   * - `'raw'`: values kept as given, e.g. 0 = censored, 1..k = competing causes.
   */
  survStatus?: 'auto' | 'raw';
  /**
   * Levels fixed by a previous fit, by column name (pass that fit's
   * `ModelFrame.levels`), as R's `xlev` in `predict()`: used exactly, first =
   * reference, unused levels kept (so the design columns match the fit, even
   * for a single new row), taking precedence over `factors`. A value outside
   * them is a DataValidationError. Default: none (levels come from the data).
   */
  xlevels?: Readonly<Record<string, readonly string[]>>;
  /**
   * Knots of `ns()` variables fixed by a previous fit (its `ModelFrame.splines`,
   * keyed by variable label), as R's `predvars` in `predict()`. Default: knots
   * from the data.
   */
  splines?: Readonly<Record<string, SplineKnots>>;
}

/**
 * Analysis-ready arrays for one model, after dropping rows with missing
 * values in any used column (counted in `nDropped`, as R's `na.action`).
 */
export interface ModelFrame {
  formula: Formula;
  /** Number of rows used. */
  n: number;
  /** Rows dropped for missing values. */
  nDropped: number;
  /** Original (0-based) row index of each used row. */
  rowIndex: Int32Array;
  /** Survival response, when the formula has `Surv(...)`. */
  time: Float64Array | null;
  /** Start times of counting-process data, else null. */
  start: Float64Array | null;
  /** Event indicator / status as given (0/1, or 0..k for competing risks; R's 1/2 coding is mapped to 0/1). */
  status: Float64Array | null;
  /** Plain response variable, when the formula's left side is a variable. */
  y: Float64Array | null;
  /** Design matrix, column-major: one Float64Array of length n per column. */
  x: Float64Array[];
  /** Column names as R writes them: `age`, `gradeII`, `factor(grade)2`, `age:sexmale`. */
  columnNames: string[];
  /** For each design column, the index of its term in `formula.terms` (R's `assign`). */
  assign: number[];
  /** Levels of each categorical variable used, by column name (R's `xlevels`). */
  levels: Record<string, string[]>;
  /** Stratum index (0-based) per row, or null without strata. */
  strata: Int32Array | null;
  /** Stratum labels as R writes them (`sex=female`, or `a=1, b=2`). */
  strataLabels: string[];
  /** Cluster index per row, or null. */
  cluster: Int32Array | null;
  /** Offset per row, or null. */
  offset: Float64Array | null;
  /** Case weights per row, or null. */
  weights: Float64Array | null;
  /** Warnings collected while building (e.g. rows dropped). */
  warnings: string[];
  /**
   * Knots of each `ns()` variable by label (R's `predvars`): pass them back as
   * {@link ModelFrameOptions.splines} to build the same basis on new data.
   */
  splines?: Record<string, SplineKnots>;
  /** The `pspline()` terms: their design columns and basis (Cox only). */
  psplines?: PsplineTerm[];
  /** Design columns that hold `tt()` variables, before the time transform (Cox only). */
  ttColumns?: number[];
}

/** Knots of a natural spline basis, as `splines::ns` stores them. */
export interface SplineKnots {
  knots: number[];
  boundaryKnots: [number, number];
  intercept: boolean;
}

/** One `pspline()` term of a model frame. */
export interface PsplineTerm {
  /** Term label, e.g. `pspline(age)`. */
  label: string;
  /** Index of the term in `formula.terms`. */
  term: number;
  /** Design columns of the basis (consecutive). */
  columns: number[];
  /** Target degrees of freedom (when theta is not given). */
  df: number;
  /** Fixed smoothing parameter in [0, 1), when given. */
  theta: number | null;
  /** Knots of the B-spline basis (all of them, as `splineDesign`). */
  knots: number[];
  /** Spline degree (3). */
  degree: number;
  /** Tolerance on df, as survival's `eps` (0.1). */
  eps: number;
}
