/**
 * Frequent sequential patterns as horizontal bars of their support share
 * (the share of sequences, i.e. patients, containing each pattern), largest
 * on top, as TraMineR's `plot(seqefsub(...))`; with groups, one bar per
 * group side by side (the share of each group's sequences), as TraMineR's
 * `plot(seqecmpgroup(...))` shows the discriminating patterns' frequencies.
 * Patterns are labelled in SPADE notation, `<{a}, {b, c}>`.
 *
 * Reference: Studer M et al. (2011) Sociol Methods Res 40:471-510.
 */
import { UsageError } from '../util/errors.js';
import { formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, legendOutsideRight, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE } from './palette.js';
import type { FigureSpec, PlotlyBarTrace } from './types.js';

/** One pattern of the figure. */
export interface PatternSupportRow {
  /** Itemsets of item labels. */
  pattern: readonly (readonly string[])[];
  /** Share of all sequences containing the pattern (0-1). */
  share: number;
  /** Count of sequences (shown on hover). */
  support?: number;
  /** Share of each group's sequences, in the order of `options.groups`. */
  groupShares?: readonly number[];
}

/** Options of {@link patternSupportFigure}; every field optional. */
export interface PatternSupportFigureOptions extends CommonFigureOptions {
  /** Group labels: draws `groupShares` (one bar per group) instead of the overall share. */
  groups?: readonly string[];
  /** Draw only the first `top` rows (default 30), in the given order, first on top. */
  top?: number;
  /** x-axis title (default 'Share of sequences'). */
  xTitle?: string;
}

/** SPADE notation of a pattern: `<{a}, {b, c}>`. */
export function patternLabel(pattern: readonly (readonly string[])[]): string {
  return `<${pattern.map((s) => `{${s.join(', ')}}`).join(', ')}>`;
}

/**
 * Builds the pattern support figure (rows drawn in the given order, first on top).
 * @throws UsageError for no rows, a share outside [0, 1], or group shares that do not match `groups`
 * @example patternSupportFigure([{ pattern: [['dmt'], ['relapse']], share: 0.24, support: 12 }])
 */
export function patternSupportFigure(rows: readonly PatternSupportRow[], options: PatternSupportFigureOptions = {}): FigureSpec {
  if (rows.length === 0) throw new UsageError('patternSupportFigure needs at least one pattern');
  const top = options.top ?? 30;
  if (!(Number.isInteger(top) && top >= 1)) throw new UsageError(`top must be an integer >= 1, got ${top}`);
  const groups = options.groups;
  rows.forEach((r, i) => {
    if (!(r.share >= 0 && r.share <= 1)) throw new UsageError(`pattern row ${i}: share must be in [0, 1], got ${r.share}`);
    if (groups && r.groupShares?.length !== groups.length) throw new UsageError(`pattern row ${i}: ${r.groupShares?.length ?? 0} group shares for ${groups.length} groups`);
  });
  const drawn = rows.slice(0, top);
  const labels = drawn.map((r) => patternLabel(r.pattern));
  const palette = options.colors ?? DEFAULT_PALETTE;
  const series = groups ? groups.map((g, j) => ({ name: g, values: drawn.map((r) => r.groupShares![j]!) })) : [{ name: 'all', values: drawn.map((r) => r.share) }];
  const data: PlotlyBarTrace[] = series.map((s, j) => ({
    type: 'bar',
    orientation: 'h',
    name: s.name,
    x: s.values,
    y: labels,
    marker: { color: colorAt(palette, j) },
    text: drawn.map((r, i) => `${labels[i]}${groups ? `<br>${s.name}` : ''}<br>share ${formatNumber(s.values[i]!)}${!groups && r.support !== undefined ? ` (${r.support} sequences)` : ''}`),
    textposition: 'none',
    hovertemplate: '%{text}<extra></extra>',
    meta: { role: groups ? 'group-share' : 'share' },
  }));
  const title = options.title ?? (groups ? 'Pattern shares by group' : 'Frequent patterns');
  const layout = baseLayout(title, options, Math.max(300, 140 + 26 * drawn.length * (groups ? Math.min(groups.length, 3) : 1)));
  layout.xaxis = axis(options.xTitle ?? 'Share of sequences', { range: [0, 1] });
  layout.yaxis = { type: 'category', autorange: 'reversed', showgrid: false, zeroline: false, ticks: '', automargin: true, fixedrange: true };
  layout.showlegend = Boolean(groups);
  if (groups) {
    layout.legend = legendOutsideRight();
    layout.barmode = 'group';
  }
  layout.bargap = 0.25;
  const warnings = drawn.length < rows.length ? [`${drawn.length} of ${rows.length} patterns shown (top ${top})`] : [];
  return { data, layout, config: defaultConfig('patterns'), meta: { kind: 'pattern-support', title, patterns: labels, warnings } };
}
