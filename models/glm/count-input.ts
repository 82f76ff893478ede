/**
 * Input handling of the count regressions: arrays or a formula on a column
 * table become validated typed arrays ({@link GlmArrays}) plus term names and
 * cluster indices. The numeric core never sees anything else.
 */
import { DataValidationError, UsageError } from '../../util/errors.js';
import { buildModelFrame } from '../design/model-frame.js';
import type { ColumnTable } from '../design/types.js';
import type { GlmArrays } from './glm-fit.js';

/** Count-regression data as arrays. */
export interface CountRegressionInput {
  /** Non-negative counts (e.g. relapses per patient or per therapy episode). */
  y: ArrayLike<number>;
  /** Design columns in order; include an all-ones column named `(Intercept)` for an intercept (see {@link withIntercept}). */
  x: readonly { name: string; values: ArrayLike<number> }[];
  /** Offset, usually `log(follow-up years)`; default 0. */
  offset?: ArrayLike<number>;
  /** Prior (case) weights, e.g. inverse-probability weights; default 1. */
  weights?: ArrayLike<number>;
  /** Cluster labels for the robust (sandwich) variance, e.g. patient id when a patient has several episodes. */
  cluster?: ArrayLike<string | number>;
}

/** Validated arrays, names and cluster index. */
export interface PreparedCountData extends GlmArrays {
  names: string[];
  hasIntercept: boolean;
  /** 0-based cluster index per row, or null. */
  cluster: Int32Array | null;
  warnings: string[];
}

/**
 * Prepend an intercept column (all ones, named `(Intercept)` as R).
 * @example withIntercept([{ name: 'age', values: age }])
 */
export function withIntercept(x: readonly { name: string; values: ArrayLike<number> }[], n: number): { name: string; values: ArrayLike<number> }[] {
  return [{ name: '(Intercept)', values: new Float64Array(n).fill(1) }, ...x];
}

/**
 * Validate arrays: equal lengths, finite values, counts >= 0, weights >= 0.
 * @throws {DataValidationError} naming the first bad row and field.
 * @throws {UsageError} on length mismatches or an empty design.
 */
export function prepareCountData(input: CountRegressionInput): PreparedCountData {
  const n = input.y.length;
  if (n === 0) throw new UsageError('count regression: no observations');
  if (input.x.length === 0) throw new UsageError('count regression: the design has no columns');
  const check = (name: string, len: number): void => {
    if (len !== n) throw new UsageError(`count regression: ${name} has length ${len}, expected ${n}`);
  };
  const bad = (row: number, field: string, message: string, value: unknown): never => {
    throw new DataValidationError([{ file: '<memory>', row: row + 1, field, message, value }]);
  };
  const y = Float64Array.from(input.y);
  y.forEach((v, i) => {
    if (!(Number.isFinite(v) && v >= 0)) bad(i, 'y', `count must be a finite number >= 0, got ${v}`, v);
  });
  const x = input.x.map((c) => {
    check(`column '${c.name}'`, c.values.length);
    const v = Float64Array.from(c.values);
    v.forEach((e, i) => {
      if (!Number.isFinite(e)) bad(i, c.name, `design value must be finite, got ${e}`, e);
    });
    return v;
  });
  const offset = input.offset ? Float64Array.from(input.offset) : new Float64Array(n);
  check('offset', offset.length);
  offset.forEach((e, i) => {
    if (!Number.isFinite(e)) bad(i, 'offset', `offset must be finite (log of a positive exposure), got ${e}`, e);
  });
  const weights = input.weights ? Float64Array.from(input.weights) : new Float64Array(n).fill(1);
  check('weights', weights.length);
  weights.forEach((e, i) => {
    if (!(Number.isFinite(e) && e >= 0)) bad(i, 'weights', `weight must be finite and >= 0, got ${e}`, e);
  });
  let cluster: Int32Array | null = null;
  if (input.cluster) {
    check('cluster', input.cluster.length);
    const index = new Map<string | number, number>();
    cluster = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const key = input.cluster[i] as string | number;
      let k = index.get(key);
      if (k === undefined) index.set(key, (k = index.size));
      cluster[i] = k;
    }
  }
  const warnings: string[] = [];
  y.forEach((v, i) => {
    if (!Number.isInteger(v) && warnings.length === 0) warnings.push(`non-integer count ${v} in row ${i + 1} (R warns likewise)`);
  });
  const names = input.x.map((c) => c.name);
  return { x, y, offset, weights, names, hasIntercept: names[0] === '(Intercept)', cluster, warnings };
}

/**
 * Count-regression data from a formula on a column table, as R's
 * `glm(relapses ~ therapy + age + offset(logYears), ...)`: the response is
 * the left side, an intercept is included, factors are dummy-coded with the
 * first level as reference, `offset(col)` and `cluster(col)` are honoured,
 * rows with missing values are dropped (warning).
 * @param options weights: a column name or an array of case weights.
 * @throws {FormulaError} on a bad formula; {@link prepareCountData}'s errors.
 * @example countDataFromFormula('relapses ~ therapy + offset(logYears)', table)
 */
export function countDataFromFormula(formula: string, data: ColumnTable, options: { weights?: string | Float64Array } = {}): PreparedCountData {
  const mf = buildModelFrame(formula, data, { interceptColumn: true, ...(options.weights !== undefined ? { weights: options.weights } : {}) });
  if (!mf.y) throw new UsageError(`count regression needs a count response on the left of the formula: ${formula}`);
  const prepared = prepareCountData({
    y: mf.y,
    x: mf.x.map((values, j) => ({ name: mf.columnNames[j] as string, values })),
    ...(mf.offset ? { offset: mf.offset } : {}),
    ...(mf.weights ? { weights: mf.weights } : {}),
    ...(mf.cluster ? { cluster: mf.cluster } : {}),
  });
  prepared.warnings.unshift(...mf.warnings);
  return prepared;
}
