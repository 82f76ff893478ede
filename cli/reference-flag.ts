/**
 * `--reference V=L[,V=L]`: the reference level of categorical variables for
 * every formula command, as R's `relevel(V, ref = "L")`. One helper so that
 * each command adds the flag with one line (docs/formulas.md). This parses the
 * flag's text; the analysis checks that each V is a variable of its formula
 * (analyses/survival/factor-variables.ts); a command whose analysis does not
 * check it yet passes its formula here.
 */
import { checkFactorVariables, type FactorOptions } from '../analyses/survival/factor-variables.js';
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
 * @param formula when given, each V must be one of its variables (the analyses of analyses/survival check this themselves: they pass null).
 * @param base factor options already set (kept unless --reference names the same variable).
 * @throws UsageError for a malformed entry, a variable named twice, or a variable not in `formula`.
 * @example referenceFactors(parseArgs(['--reference', 'sex=female']), null) // => { sex: { reference: 'female' } }
 */
export function referenceFactors(
  args: ParsedArgs,
  formula: string | null,
  base?: Readonly<Record<string, FactorOptions>>,
): Readonly<Record<string, FactorOptions>> | undefined {
  const raw = args.flags[REFERENCE_FLAG];
  if (raw === undefined) return base;
  if (raw === true || raw.trim() === '') throw new UsageError('--reference needs V=L (variable = reference level), e.g. --reference sex=female');
  const out: Record<string, FactorOptions> = { ...(base ?? {}) };
  const seen = new Set<string>();
  for (const part of raw.split(',')) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? '' : part.slice(0, eq).trim();
    const level = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!name || !level) throw new UsageError(`--reference: '${part.trim()}' is not V=L (variable = reference level)`);
    if (seen.has(name)) throw new UsageError(`--reference names '${name}' twice`);
    seen.add(name);
    out[name] = { ...(out[name] ?? {}), reference: level };
  }
  if (formula !== null) checkFactorVariables(formula, Object.fromEntries([...seen].map((n) => [n, out[n]!])));
  return out;
}
