/**
 * Design-matrix rows for new data, coded exactly as a fitted model's frame:
 * used by `predict` of {@link survreg} and {@link fineGray}.
 *
 * Rule (as R's `predict(..., newdata)` with the model's `xlevels`): the rows of
 * the fitted frame and the new rows are stacked and put through the same
 * formula (without its response), so factor levels, their order and the
 * reference level are those of the fit. A factor level in `newdata` that the
 * fit did not see is an error; a row with a missing value gets NaN in every
 * column (R's `na.pass`: its predictions are NA).
 *
 * Reference: R `predict.lm` / `model.frame(Terms, newdata, xlev = object$xlevels)`.
 */
import { buildModelFrame } from '../../design/model-frame.js';
import type { Column, ColumnTable, Formula, ModelFrame, ModelFrameOptions } from '../../design/types.js';
import { UnknownColumnError, UsageError } from '../../../util/errors.js';

function take(col: Column, rows: Int32Array): Column {
  if (col instanceof Float64Array) return Float64Array.from(rows, (i) => col[i]!);
  return Array.from(rows, (i) => col[i]!);
}

function concat(a: Column, b: Column, name: string): Column {
  if (a instanceof Float64Array && b instanceof Float64Array) {
    const out = new Float64Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
  }
  if (!(a instanceof Float64Array) && !(b instanceof Float64Array)) return [...a, ...b];
  throw new UsageError(`newdata column '${name}' is ${b instanceof Float64Array ? 'numeric' : 'text'} but was not in the fitted data`);
}

/**
 * Design columns (column-major, in the fit's column order) for `newdata`.
 *
 * @param frame the fitted model frame.
 * @param data the data the model was fitted on.
 * @param newdata new rows with every covariate the formula uses.
 * @param options the frame options the fit used (factors, interceptColumn).
 * @returns one Float64Array of length `nrow(newdata)` per design column.
 * @throws UnknownColumnError for a covariate missing from `newdata`;
 *   UsageError for an unseen factor level or a type mismatch.
 * @example designForNewData(fit.frame, data, { age: Float64Array.of(60) }, {})
 */
export function designForNewData(
  frame: ModelFrame,
  data: ColumnTable,
  newdata: ColumnTable,
  options: ModelFrameOptions,
): Float64Array[] {
  const formula: Formula = { ...frame.formula, response: null, strata: [], cluster: null, offset: null };
  const names = [...new Set(formula.terms.flatMap((t) => t.variables.map((v) => v.name)))];
  const nOld = frame.n;
  let nNew = -1;
  const combined: Record<string, Column> = {};
  for (const name of names) {
    const col = newdata[name];
    if (!col) throw new UnknownColumnError(name, Object.keys(newdata));
    if (nNew >= 0 && col.length !== nNew) throw new UsageError(`newdata columns differ in length ('${name}')`);
    nNew = col.length;
    combined[name] = concat(take(data[name]!, frame.rowIndex), col, name);
  }
  if (nNew < 0) {
    const first = Object.values(newdata)[0];
    nNew = first ? first.length : 1;
  }
  if (names.length === 0) combined['.n'] = new Float64Array(nOld + nNew);
  // ns() keeps the fit's knots (R's predvars), not knots of the fitted rows plus the new ones.
  const nf = buildModelFrame(formula, combined, { factors: options.factors, interceptColumn: options.interceptColumn, ...(frame.splines ? { splines: frame.splines } : {}) });
  // The fitted rows are complete; new rows with a missing value were dropped.
  if (nf.columnNames.join('\u0000') !== frame.columnNames.join('\u0000')) {
    throw new UsageError(
      `newdata gives design columns [${nf.columnNames.join(', ')}], the fit has [${frame.columnNames.join(', ')}]: a factor level not seen in the fit?`,
    );
  }
  return nf.x.map((c) => {
    const out = new Float64Array(nNew).fill(NaN);
    for (let k = nOld; k < nf.n; k++) out[nf.rowIndex[k]! - nOld] = c[k]!;
    return out;
  });
}
