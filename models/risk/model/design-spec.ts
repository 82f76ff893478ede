/**
 * The design specification of a deployable risk model: which covariates a
 * patient has (numeric or categorical with levels) and how each design column
 * is computed from them (the value itself, or a 0/1 indicator of one level,
 * treatment contrasts as R's `model.matrix`). Derived from a fitted
 * {@link ModelFrame}; only main effects of plain variables and `factor(x)` are
 * deployable (interactions and transforms such as `log(x)` are refused, so
 * that the artifact stays a simple, auditable mapping).
 */
import { DataValidationError, FormulaError } from '../../../util/errors.js';
import type { RecordIssue } from '../../../util/errors.js';
import { formatRNumber } from '../../design/format-r-number.js';
import type { ColumnTable, ModelFrame } from '../../design/types.js';

/** A covariate of the design (training range and description are added by the artifact builder). */
export interface DesignCovariate {
  name: string;
  type: 'numeric' | 'categorical';
  /** Levels, first = reference (categorical only). */
  levels?: string[];
}

/** A design column: the covariate's value, or the indicator of `level`. */
export interface DesignColumn {
  name: string;
  covariate: string;
  level?: string;
}

/** Covariates and design columns of a model. */
export interface DesignSpec {
  formula: string;
  covariates: DesignCovariate[];
  columns: DesignColumn[];
}

/**
 * The design specification of a model frame.
 *
 * @param frame a model frame built from a `Surv(time, status) ~ terms` formula; not modified.
 * @returns covariates (in term order) and columns (in design order).
 * @throws FormulaError for interactions, transforms other than `factor()`, strata, offsets or clusters.
 * @example designSpecFromFrame(buildModelFrame('Surv(t, d) ~ age + factor(grade)', data)).columns
 */
export function designSpecFromFrame(frame: ModelFrame): DesignSpec {
  const f = frame.formula;
  if (f.strata.length) throw new FormulaError(f.text, 'deployable risk models do not support strata()');
  if (f.offset) throw new FormulaError(f.text, 'deployable risk models do not support offset()');
  if (f.cluster) throw new FormulaError(f.text, 'deployable risk models do not support cluster()');
  const covariates: DesignCovariate[] = [];
  for (const t of f.terms) {
    if (t.variables.length !== 1) throw new FormulaError(f.text, 'deployable risk models support main effects only', t.label);
    const v = t.variables[0]!;
    if (v.transform !== 'none' && v.transform !== 'factor')
      throw new FormulaError(f.text, 'deployable risk models support plain variables and factor() only', t.label);
    if (covariates.some((c) => c.name === v.name)) throw new FormulaError(f.text, 'a variable may appear in one term only', t.label);
    const levels = frame.levels[v.name];
    covariates.push(levels ? { name: v.name, type: 'categorical', levels: [...levels] } : { name: v.name, type: 'numeric' });
  }
  const columns: DesignColumn[] = frame.columnNames.map((name, j) => {
    const term = f.terms[frame.assign[j]!]!;
    const v = term.variables[0]!;
    const cov = covariates.find((c) => c.name === v.name)!;
    if (cov.type === 'numeric') return { name, covariate: v.name };
    const level = name.slice(v.label.length);
    if (!cov.levels!.includes(level)) throw new FormulaError(f.text, `cannot map design column '${name}' to a level of ${v.name}`, term.label);
    return { name, covariate: v.name, level };
  });
  return { formula: f.text, covariates, columns };
}

/**
 * Raw (uncentred) design columns of new rows for a specification. Numeric
 * factor codes are matched to levels in R's number format (`2`, `0.5`).
 *
 * @param spec the design specification.
 * @param table the rows; must hold every covariate, without missing values; not modified.
 * @returns column-major design (one Float64Array per design column) and the row count.
 * @throws DataValidationError naming row and field of a missing column, missing value or unknown level.
 * @example designFromTable(spec, { age: Float64Array.of(50), grade: ['2'] }).x
 */
export function designFromTable(spec: DesignSpec, table: ColumnTable): { x: Float64Array[]; n: number } {
  const first = spec.covariates[0];
  const n = first && table[first.name] ? table[first.name]!.length : 0;
  const issues: RecordIssue[] = [];
  const values = new Map<string, Float64Array | (string | null)[]>();
  for (const c of spec.covariates) {
    const col = table[c.name];
    if (!col) {
      issues.push({ file: '<memory>', row: 0, field: c.name, message: `column '${c.name}' is missing` });
      continue;
    }
    if (c.type === 'numeric') {
      if (!(col instanceof Float64Array)) {
        issues.push({ file: '<memory>', row: 0, field: c.name, message: `column '${c.name}' must be numeric` });
        continue;
      }
      for (let i = 0; i < n; i++) if (Number.isNaN(col[i]!)) issues.push({ file: '<memory>', row: i + 1, field: c.name, message: 'missing value' });
      values.set(c.name, col);
    } else {
      const text = col instanceof Float64Array ? Array.from(col, (v) => (Number.isNaN(v) ? null : formatRNumber(v))) : [...col];
      for (let i = 0; i < n; i++) {
        const v = text[i];
        if (v === null || v === undefined) issues.push({ file: '<memory>', row: i + 1, field: c.name, message: 'missing value' });
        else if (!c.levels!.includes(v)) issues.push({ file: '<memory>', row: i + 1, field: c.name, message: `unknown level '${v}'`, value: v });
      }
      values.set(c.name, text);
    }
    if (issues.length > 100) break;
  }
  if (issues.length) throw new DataValidationError(issues);
  const x = spec.columns.map((col) => {
    const v = values.get(col.covariate)!;
    const out = new Float64Array(n);
    if (col.level === undefined) out.set(v as Float64Array);
    else for (let i = 0; i < n; i++) out[i] = (v as (string | null)[])[i] === col.level ? 1 : 0;
    return out;
  });
  return { x, n };
}
