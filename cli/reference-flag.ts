/**
 * `--reference V=L[,V=L]`: the reference level of categorical variables for
 * every formula command, as R's `relevel(V, ref = "L")`. One helper so that
 * each command adds the flag with one line (docs/formulas.md).
 */
import { parseFormula } from '../models/design/formula.js';
import type { FactorOptions } from '../models/design/types.js';
import { UsageError } from '../util/errors.js';
import type { ParsedArgs } from './command.js';

/** The flag's name, for `checkFlags`. */
export const REFERENCE_FLAG = 'reference';

/** The flag's help line. */
export const REFERENCE_HELP = `  --reference V=L[,V=L]  reference (first) level of the categorical variable V, as
                   relevel(V, ref = "L") in R; a numeric V becomes categorical (as factor(V));
                   a relevel() or factor(levels =) in the formula wins`;

/**
 * The `factors` option from `--reference`, merged over `base` (absent flag: `base` unchanged).
 *
 * @param args the parsed command line.
 * @param formula the formula text: each V must be one of its variables (column, or a variable's label).
 * @param base factor options already set (kept unless --reference names the same variable).
 * @throws UsageError for a malformed entry, a variable named twice or a variable not in the formula.
 * @example referenceFactors(parseArgs(['--reference', 'sex=female']), 'Surv(t, s) ~ sex') // => { sex: { reference: 'female' } }
 */
export function referenceFactors(
  args: ParsedArgs,
  formula: string,
  base?: Readonly<Record<string, FactorOptions>>,
): Readonly<Record<string, FactorOptions>> | undefined {
  const raw = args.flags[REFERENCE_FLAG];
  if (raw === undefined) return base;
  if (raw === true || raw.trim() === '') throw new UsageError('--reference needs V=L (variable = reference level), e.g. --reference sex=female');
  const f = parseFormula(formula);
  const known = new Set<string>();
  for (const t of f.terms) for (const v of t.variables) known.add(v.expr ? v.label : v.name);
  for (const s of f.strata) known.add(s);
  const out: Record<string, FactorOptions> = { ...(base ?? {}) };
  const seen = new Set<string>();
  for (const part of raw.split(',')) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? '' : part.slice(0, eq).trim();
    const level = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!name || !level) throw new UsageError(`--reference: '${part.trim()}' is not V=L (variable = reference level)`);
    if (seen.has(name)) throw new UsageError(`--reference names '${name}' twice`);
    seen.add(name);
    if (!known.has(name)) {
      throw new UsageError(`--reference: '${name}' is not a variable of the formula (its variables: ${[...known].join(', ') || 'none'})`);
    }
    out[name] = { ...(out[name] ?? {}), reference: level };
  }
  return out;
}
