/**
 * Discriminating patterns as a forest of odds ratios: for the patterns that
 * best separate the groups (smallest p first, models/patterns/discriminating-patterns.ts),
 * the odds of containing the pattern in one group against the reference
 * group, with Woolf's interval on a log axis (forest-plot.ts). A ratio
 * computed with the Haldane correction (a zero cell) is marked `(+0.5)` in its
 * label; the adjusted p-value (q) is part of the label, the p column shows the
 * raw p.
 */
import type { DiscriminatingPatterns } from '../models/patterns/discriminating-patterns.js';
import { UsageError } from '../util/errors.js';
import { forestPlot, type ForestPlotOptions, type ForestRow } from './forest-plot.js';
import { formatNumber } from './format.js';
import { patternLabel } from './pattern-support-figure.js';
import type { FigureSpec } from './types.js';

/** Options of {@link discriminatingPatternsFigure}; every field optional. */
export interface DiscriminatingPatternsFigureOptions extends ForestPlotOptions {
  /** The group whose odds ratio against the reference is drawn (default: the first non-reference group). */
  group?: string;
  /** Draw the `top` patterns with the smallest p (default 20). */
  top?: number;
}

/**
 * Builds the odds-ratio forest of discriminating patterns.
 * @param result discriminatingPatterns' result (not modified)
 * @param alphabet item labels by code (the mining result's `alphabet`)
 * @param groups group labels by group index
 * @throws UsageError for an unknown group, the reference group, or no tested pattern
 * @example discriminatingPatternsFigure(contrast, mined.alphabet, ['no relapse', 'relapse'])
 */
export function discriminatingPatternsFigure(result: DiscriminatingPatterns, alphabet: readonly string[], groups: readonly string[], options: DiscriminatingPatternsFigureOptions = {}): FigureSpec {
  const top = options.top ?? 20;
  if (!(Number.isInteger(top) && top >= 1)) throw new UsageError(`top must be an integer >= 1, got ${top}`);
  const groupIndex = options.group === undefined ? groups.findIndex((_, g) => g !== result.reference) : groups.indexOf(options.group);
  if (groupIndex < 0) throw new UsageError(`unknown group '${String(options.group)}' (groups: ${groups.join(', ')})`);
  if (groupIndex === result.reference) throw new UsageError(`'${groups[groupIndex]}' is the reference group: choose another`);
  const tested = result.patterns.filter((d) => d.p !== null).slice(0, top);
  if (tested.length === 0) throw new UsageError('no tested pattern to draw');
  const rows: ForestRow[] = tested.map((d) => {
    const or = d.oddsRatios.find((o) => o.group === groupIndex)!;
    const label = patternLabel(d.itemsets.map((s) => s.map((c) => alphabet[c] as string)));
    return { label: `${label}${or.haldane ? ' (+0.5)' : ''}  q ${formatNumber(d.q ?? NaN)}`, estimate: or.estimate, lower: or.lower, upper: or.upper, p: d.p };
  });
  const title = options.title ?? `Discriminating patterns: ${groups[groupIndex]} vs ${groups[result.reference]}`;
  const spec = forestPlot(rows, { estimateLabel: 'OR', ...options, title });
  return { ...spec, meta: { ...spec.meta, kind: 'discriminating-patterns', title, group: groups[groupIndex] as string, reference: groups[result.reference] as string } };
}
