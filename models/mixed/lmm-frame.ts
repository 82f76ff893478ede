/**
 * The input side of a linear mixed model: formula + columns -> the arrays of
 * the numeric core, as lme4's `lFormula` does it.
 *
 * - Rows: complete cases over the response, the fixed-effects variables, the
 *   random-effects variables and the grouping column (lme4 evaluates the model
 *   frame of `subbars(formula)` with `na.omit`), counted in `nDropped`.
 *   Variables are evaluated on every row before rows are dropped, so the knots
 *   of `ns(time, df = 3)` come from every non-missing `time`, as in R.
 * - Exception: a missing value of the grouping column is an error naming the
 *   rows (an observation without its patient is bad data here; R would drop it).
 * - Fixed-effects design by models/design (R's model.matrix with treatment
 *   contrasts, intercept column); rank-deficient columns dropped with lme4's
 *   message (fixed-rank.ts).
 * - Random-effects design: the left side of the bar as a formula
 *   (`~ time` = intercept + time; `~ 0 + time` = time).
 * - Groups: levels of the grouping column in the used rows, sorted as R's
 *   `factor()` (numbers numerically, text by code point).
 * - lme4's identifiability checks (`lmerControl`: check.nlev.gtr.1,
 *   check.nobs.vs.nlev, check.nobs.vs.nRE, all "stop"), and one more: a random
 *   slope that no group can inform (no group with two different values of
 *   the slope variable, e.g. every patient seen once) is an error naming the
 *   rows; patients with one visit in a random-slope model are a warning.
 */
import { DataValidationError, ModelError, UnknownColumnError, type RecordIssue } from '../../util/errors.js';
import { buildModelFrame, compareCodePoints } from '../design/model-frame.js';
import { formatRNumber } from '../design/format-r-number.js';
import type { ColumnTable, FactorOptions, ModelFrame, SplineKnots } from '../design/types.js';
import { keptColumns } from './fixed-rank.js';
import { parseMixedFormula, type MixedFormula } from './random-effects-formula.js';

/** Most rows named in one error. */
const MAX_ISSUES = 20;
/** Most rows named in one warning. */
const MAX_ROWS_IN_WARNING = 10;

/** Options of {@link buildLmmFrame}. */
export interface LmmFrameOptions {
  /** Contrast options per categorical column (as models/design). */
  factors?: Readonly<Record<string, FactorOptions>>;
  /** The data's file name in DataValidationError issues (default `<memory>`). */
  file?: string;
  /** Rank tolerance of the fixed-effects matrix (default 1e-7, lme4's). */
  rankTol?: number;
  /**
   * Warnings name the rows of one-observation groups (default true); false for
   * outputs under disclosure control, where only the count is given.
   */
  nameRows?: boolean;
}

/** Observations per group. */
export interface GroupCounts {
  /** The grouping column. */
  name: string;
  /** Number of groups (patients). */
  count: number;
  /** Fewest, median and most observations of a group. */
  minObs: number;
  medianObs: number;
  maxObs: number;
  /** Groups with one observation. */
  singleObservation: number;
}

/** The arrays of a mixed model and what is needed to rebuild them on new data. */
export interface LmmFrame {
  formula: MixedFormula;
  /** Rows used. */
  n: number;
  /** Rows dropped for missing values. */
  nDropped: number;
  /** Original (0-based) row of each used row. */
  rowIndex: Int32Array;
  /** Response. */
  y: Float64Array;
  /** Fixed-effects columns kept (full rank) and their names. */
  x: Float64Array[];
  fixedNames: string[];
  /** Names of fixed-effects columns dropped as collinear. */
  droppedColumns: string[];
  /** Indices of the kept columns in the full fixed design. */
  keptFixed: number[];
  /** Random-effects columns and their names (`(Intercept)`, `time`). */
  z: Float64Array[];
  randomNames: string[];
  /** Group of each row (0-based), the level labels, rows per group. */
  group: Int32Array;
  groupLevels: string[];
  groupSizes: Int32Array;
  groupCounts: GroupCounts;
  /** Levels and spline knots of both designs (R's xlevels / predvars) for predictions. */
  fixedLevels: Record<string, string[]>;
  fixedSplines: Record<string, SplineKnots>;
  randomLevels: Record<string, string[]>;
  randomSplines: Record<string, SplineKnots>;
  /** Warnings (rows dropped, collinear columns, one-visit groups). */
  warnings: string[];
}

/** Label of a grouping value as R's `factor()` writes it. */
export function groupLabel(v: string | number | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isNaN(v) ? null : formatRNumber(v);
  return v;
}

function rowsText(rows: readonly number[]): string {
  const shown = rows.slice(0, MAX_ROWS_IN_WARNING).join(', ');
  return rows.length > MAX_ROWS_IN_WARNING ? `${shown}, ... (${rows.length} in all)` : shown;
}

function median(sorted: Int32Array): number {
  const m = sorted.length;
  if (m === 0) return NaN;
  return m % 2 ? sorted[(m - 1) / 2]! : (sorted[m / 2 - 1]! + sorted[m / 2]!) / 2;
}

/**
 * Builds the arrays of a linear mixed model from a formula and columns.
 * @param formula e.g. `y ~ arm + ns(time, df = 3) + (time | id)` (random-effects-formula.ts).
 * @param data columns by name (`Float64Array` with NaN for missing, strings with null).
 * @param options see {@link LmmFrameOptions}.
 * @throws FormulaError for the formula; UnknownColumnError for a column not in the data
 *   (the grouping column too); DataValidationError naming file, row and field for a
 *   missing grouping value and for a random slope no group can inform; ModelError for
 *   fewer than 2 groups, no more rows than groups, or no more rows than random effects.
 * @example buildLmmFrame('Reaction ~ Days + (Days | Subject)', sleepstudy).randomNames // => ['(Intercept)', 'Days']
 */
export function buildLmmFrame(formula: string, data: ColumnTable, options: LmmFrameOptions = {}): LmmFrame {
  const mf = parseMixedFormula(formula);
  const file = options.file ?? '<memory>';
  const groupName = mf.random.group;
  if (!Object.prototype.hasOwnProperty.call(data, groupName)) throw new UnknownColumnError(groupName, Object.keys(data));
  const groupCol = data[groupName]!;
  const n0 = groupCol.length;

  // A missing grouping value is an error naming the rows.
  const issues: RecordIssue[] = [];
  for (let i = 0; i < n0 && issues.length < MAX_ISSUES; i++) {
    const v = groupCol[i];
    if (groupLabel(v) === null) {
      issues.push({ file, row: i + 1, field: groupName, message: `missing ${groupName}: every observation needs its group (patient) for the random effects`, value: null });
    }
  }
  if (issues.length) throw new DataValidationError(issues);

  // Rows complete in the random-effects variables, then in the fixed part as well.
  const factors = options.factors ?? {};
  const mask = (keep: Int32Array): Float64Array => {
    const w = new Float64Array(n0).fill(NaN);
    for (let k = 0; k < keep.length; k++) w[keep[k]!] = 1;
    return w;
  };
  let randomFrame: ModelFrame = buildModelFrame(mf.random.formula, data, { factors, interceptColumn: mf.random.formula.intercept });
  const fixedFrame: ModelFrame = buildModelFrame(mf.fixed, data, { factors, interceptColumn: mf.fixed.intercept, weights: mask(randomFrame.rowIndex) });
  if (fixedFrame.n !== randomFrame.n) {
    randomFrame = buildModelFrame(mf.random.formula, data, { factors, interceptColumn: mf.random.formula.intercept, weights: mask(fixedFrame.rowIndex) });
  }
  const rowIndex = fixedFrame.rowIndex;
  const n = fixedFrame.n;
  const warnings = [...fixedFrame.warnings];

  // Groups in the used rows, sorted as R's factor().
  const numericGroup = groupCol instanceof Float64Array;
  const seen = new Map<string, number>();
  const firstValue: (string | number)[] = [];
  const raw = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const v = groupCol[rowIndex[k]!]!;
    const label = groupLabel(v)!;
    let id = seen.get(label);
    if (id === undefined) {
      id = firstValue.length;
      seen.set(label, id);
      firstValue.push(v);
    }
    raw[k] = id;
  }
  const order = firstValue.map((_, i) => i);
  if (numericGroup) order.sort((a, b) => (firstValue[a] as number) - (firstValue[b] as number));
  else order.sort((a, b) => compareCodePoints(firstValue[a] as string, firstValue[b] as string));
  const rank = new Int32Array(order.length);
  order.forEach((id, r) => (rank[id] = r));
  const group = Int32Array.from(raw, (id) => rank[id]!);
  const groupLevels = order.map((id) => groupLabel(firstValue[id]!)!);
  const J = groupLevels.length;
  const groupSizes = new Int32Array(J);
  for (let k = 0; k < n; k++) groupSizes[group[k]!]!++;

  // Random-effects design.
  const z = randomFrame.x;
  const randomNames = randomFrame.columnNames;
  const q = z.length;

  // lme4's checks and the slope check.
  if (J < 2) throw new ModelError(`grouping factor ${groupName} has ${J} level${J === 1 ? '' : 's'} in the used rows: a random effect needs at least 2 groups (lme4: grouping factors must have > 1 sampled level)`);
  const interceptAt = randomNames.indexOf('(Intercept)');
  if (interceptAt >= 0 && q > 1) {
    for (let r = 0; r < q; r++) {
      if (r === interceptAt) continue;
      const col = z[r]!;
      const firstVal = new Float64Array(J).fill(NaN);
      let informed = false;
      for (let k = 0; k < n && !informed; k++) {
        const g = group[k]!;
        const v = col[k]!;
        if (firstVal[g] !== firstVal[g]) firstVal[g] = v;
        else if (v !== firstVal[g]) informed = true;
      }
      if (!informed) {
        const rows: RecordIssue[] = [];
        const done = new Uint8Array(J);
        for (let k = 0; k < n && rows.length < MAX_ISSUES; k++) {
          const g = group[k]!;
          if (done[g]) continue;
          done[g] = 1;
          rows.push({
            file,
            row: rowIndex[k]! + 1,
            field: groupName,
            message: `${groupName} ${groupLevels[g]} has ${groupSizes[g]} observation${groupSizes[g] === 1 ? '' : 's'}${groupSizes[g]! > 1 ? ` all with one value of ${randomNames[r]}` : ''}: no ${groupName} has two observations with different ${randomNames[r]}, so the random slope for ${randomNames[r]} in ${mf.random.text} is not identifiable (use (1 | ${groupName}))`,
            value: groupLevels[g],
          });
        }
        throw new DataValidationError(rows);
      }
    }
  }
  if (n <= J) {
    throw new ModelError(`number of levels of each grouping factor must be < number of observations (${groupName}: ${J} levels, ${n} observations)`);
  }
  if (n <= q * J) {
    throw new ModelError(
      `number of observations (=${n}) <= number of random effects (=${q * J}) for term ${mf.random.text}; the random-effects parameters and the residual variance (or scale parameter) are probably unidentifiable`,
    );
  }

  // One-visit groups: counted always; a warning when a slope is fitted.
  const sizesSorted = Int32Array.from(groupSizes).sort();
  const singleRows: number[] = [];
  for (let k = 0; k < n; k++) if (groupSizes[group[k]!] === 1) singleRows.push(rowIndex[k]! + 1);
  if (singleRows.length > 0 && q > 1) {
    const where = options.nameRows === false ? '' : ` (row${singleRows.length === 1 ? '' : 's'} ${rowsText(singleRows)})`;
    warnings.push(
      `${singleRows.length} ${groupName} value${singleRows.length === 1 ? ' has' : 's have'} one observation${where}: they inform the random intercept, not the random slope`,
    );
  }

  // Fixed-effects columns of full rank (lme4's check.rankX = "message+drop.cols").
  const keptFixed = keptColumns(fixedFrame.x, options.rankTol ?? 1e-7);
  const droppedColumns = fixedFrame.columnNames.filter((_, j) => !keptFixed.includes(j));
  if (droppedColumns.length) {
    warnings.push(
      `fixed-effect model matrix is rank deficient so dropping ${droppedColumns.length} column${droppedColumns.length === 1 ? '' : 's'} / coefficient${droppedColumns.length === 1 ? '' : 's'} (${droppedColumns.join(', ')})`,
    );
  }
  return {
    formula: mf,
    n,
    nDropped: fixedFrame.nDropped,
    rowIndex,
    y: fixedFrame.y!,
    x: keptFixed.map((j) => fixedFrame.x[j]!),
    fixedNames: keptFixed.map((j) => fixedFrame.columnNames[j]!),
    droppedColumns,
    keptFixed,
    z,
    randomNames,
    group,
    groupLevels,
    groupSizes,
    groupCounts: {
      name: groupName,
      count: J,
      minObs: sizesSorted[0] ?? 0,
      medianObs: median(sizesSorted),
      maxObs: sizesSorted[J - 1] ?? 0,
      singleObservation: singleRows.length,
    },
    fixedLevels: fixedFrame.levels,
    fixedSplines: fixedFrame.splines ?? {},
    randomLevels: randomFrame.levels,
    randomSplines: randomFrame.splines ?? {},
    warnings,
  };
}
