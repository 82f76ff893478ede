/**
 * The `factors` option of a formula analysis (reference level or level order
 * per categorical variable, as R's `relevel(V, ref = "L")`) may name only
 * variables of the formula: a misspelt name would otherwise be ignored and
 * the analysis would silently use the default level order (docs/formulas.md).
 */
import { parseFormula } from '../../models/design/formula.js';
import type { FactorOptions } from '../../models/design/types.js';
import { UsageError } from '../../util/errors.js';

/** Per-variable factor options (reference level, level order), as the survival analyses take them. */
export type { FactorOptions } from '../../models/design/types.js';

/**
 * The variables of a formula that `factors` may name: columns, the labels of
 * expressions (`I(age/10)`), and strata variables.
 * @example formulaVariables('Surv(t, s) ~ sex + strata(site)') // => ['sex', 'site']
 */
export function formulaVariables(formula: string): string[] {
  const f = parseFormula(formula);
  const known = new Set<string>();
  for (const t of f.terms) for (const v of t.variables) known.add(v.expr ? v.label : v.name);
  for (const s of f.strata) known.add(s);
  return [...known];
}

/**
 * Checks that every variable named in `factors` is a variable of `formula`.
 * @throws UsageError naming the first variable that is not, with the formula's variables.
 * @example checkFactorVariables('Surv(t, s) ~ sex', { sx: { reference: '2' } }) // throws: 'sx' is not a variable of the formula
 */
export function checkFactorVariables(formula: string, factors: Readonly<Record<string, FactorOptions>> | undefined): void {
  if (factors === undefined) return;
  const names = Object.keys(factors);
  if (names.length === 0) return;
  const known = formulaVariables(formula);
  for (const name of names) {
    if (!known.includes(name)) throw new UsageError(`reference level: '${name}' is not a variable of the formula (its variables: ${known.join(', ') || 'none'})`);
  }
}
