/**
 * Model formulas and design matrices: the R formula language and the
 * model-frame builder that turns a formula and columns into typed arrays.
 *
 * @example
 * ```ts
 * import { parseFormula, buildModelFrame } from 'midia-hub/models/design';
 * parseFormula('Surv(time, status) ~ age * sex').terms.map((t) => t.label);
 * // => ['age', 'sex', 'age:sex']
 * const frame = buildModelFrame('Surv(time, status) ~ age + sex', {
 *   time: new Float64Array([5, 8, 3]),
 *   status: new Float64Array([1, 0, 1]),
 *   age: new Float64Array([61, 54, 70]),
 *   sex: ['female', 'male', 'female'],
 * });
 * frame.columnNames; // => ['age', 'sexmale']
 * ```
 *
 * Entry point `midia-hub/models/design` (README, "Library API"); the root `midia-hub`
 * re-exports a curated part of it (docs/public-api.md).
 */
export { parseFormula, deparseName, MAX_FORMULA_DEPTH, MAX_FORMULA_LENGTH, MAX_INTERACTION_ORDER, MAX_TERMS } from './formula.js';
export { deparseNode } from './formula-expr.js';
export { naturalSplineBasis, naturalSplineKnots } from './natural-spline.js';
export { buildModelFrame, compareCodePoints } from './model-frame.js';
export { formatRNumber } from './format-r-number.js';
export type {
  Column,
  ColumnTable,
  FactorOptions,
  Formula,
  FormulaNode,
  ModelFrame,
  ModelFrameOptions,
  PsplineTerm,
  ResponseSpec,
  SplineKnots,
  Term,
  VariableRef,
} from './types.js';
