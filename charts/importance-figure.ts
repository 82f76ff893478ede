/**
 * Variable importance as horizontal bars sorted by value, largest on top (as
 * `ranger` / `randomForestSRC` importance plots and `vip::vip`): permutation
 * importance of a random survival forest, |coefficients| of a penalized model,
 * or a biomarker screen's statistic. Optional interval whiskers
 * (bootstrap or confidence limits) and a reference line at zero: permutation
 * importances at or below zero mean the variable does not help prediction.
 *
 * Reference: Breiman L (2001) "Random forests", Mach Learn 45:5–32
 * (permutation importance); Ishwaran H et al. (2008) "Random survival
 * forests", Ann Appl Stat 2:841–860; Greenwell BM, Boehmke BC (2020) "Variable
 * importance plots", R Journal 12(1):343–366.
 */
import { UsageError } from '../util/errors.js';
import { finiteOrNull, formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, REFERENCE_GREY } from './palette.js';
import type { FigureSpec, ImportanceRow, PlotlyBarTrace, PlotlyShape } from './types.js';

/** Options of {@link importanceFigure}; every field optional. */
export interface ImportanceFigureOptions extends CommonFigureOptions {
  /** Figure title (default 'Variable importance'). */
  title?: string;
  /** x-axis title (default 'Importance'; e.g. 'Permutation importance (ΔC)'). */
  xTitle?: string;
  /** Row order (default 'value': largest on top; 'input' keeps the given order, first on top). */
  order?: 'value' | 'input';
  /** Plot |value| (and the interval of |value| when the interval does not cross 0), e.g. for coefficients (default false). */
  absolute?: boolean;
  /** Show only the `top` rows after sorting (default: all). */
  top?: number;
  /** Vertical reference line at zero (default true). */
  zeroLine?: boolean;
  /** Colour of bars with a value <= 0 (default the reference grey; others take the first palette colour). */
  nonPositiveColor?: string;
}

/**
 * Builds the variable importance figure.
 *
 * @param rows one row per variable: name, value, optional lower/upper; not modified.
 * @param options see {@link ImportanceFigureOptions}.
 * @returns a plotly spec; `meta.variables` lists the drawn names top to bottom, `meta.warnings` notes missing values.
 * @throws UsageError for no rows, a duplicate name, a lower/upper given without the other, or a bad option
 * @example importanceFigure([{ name: 'nodes', value: 0.05 }, { name: 'age', value: 0.01 }], { xTitle: 'Permutation importance (ΔC)' })
 */
export function importanceFigure(rows: readonly ImportanceRow[], options: ImportanceFigureOptions = {}): FigureSpec {
  if (rows.length === 0) throw new UsageError('importanceFigure needs at least one row');
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (seen.has(r.name)) throw new UsageError(`importance rows: duplicate name '${r.name}' at ${i}`);
    seen.add(r.name);
    if ((r.lower === undefined) !== (r.upper === undefined)) throw new UsageError(`importance row '${r.name}': give both lower and upper, or neither`);
  });
  const order = options.order ?? 'value';
  if (order !== 'value' && order !== 'input') throw new UsageError(`order must be 'value' or 'input', got '${String(order)}'`);
  const top = options.top ?? rows.length;
  if (!(Number.isInteger(top) && top >= 1)) throw new UsageError(`top must be an integer >= 1, got ${top}`);
  const absolute = options.absolute ?? false;
  const shown = rows.map((r) => {
    if (!absolute) return { name: r.name, value: r.value, lower: r.lower, upper: r.upper };
    const v = Math.abs(r.value);
    if (r.lower === undefined || r.upper === undefined) return { name: r.name, value: v, lower: undefined, upper: undefined };
    const lo = Math.abs(r.lower);
    const hi = Math.abs(r.upper);
    const crosses = r.lower < 0 && r.upper > 0;
    return { name: r.name, value: v, lower: crosses ? 0 : Math.min(lo, hi), upper: Math.max(lo, hi) };
  });
  const warnings: string[] = [];
  const missing = shown.filter((r) => !Number.isFinite(r.value)).map((r) => r.name);
  if (missing.length) warnings.push(`no importance value for: ${missing.join(', ')}`);
  // Missing values sort last (bottom).
  const key = (v: number): number => (Number.isFinite(v) ? v : -Infinity);
  const sorted = order === 'value' ? [...shown].sort((a, b) => key(b.value) - key(a.value)) : [...shown];
  const drawn = sorted.slice(0, top);
  if (drawn.length < sorted.length) warnings.push(`${drawn.length} of ${sorted.length} variables shown (top ${top})`);
  const palette = options.colors ?? DEFAULT_PALETTE;
  const pos = colorAt(palette, 0);
  const neg = options.nonPositiveColor ?? REFERENCE_GREY;
  const hasCi = drawn.some((r) => r.lower !== undefined);
  const bar: PlotlyBarTrace = {
    type: 'bar',
    orientation: 'h',
    name: options.xTitle ?? 'Importance',
    x: drawn.map((r) => finiteOrNull(r.value)),
    y: drawn.map((r) => r.name),
    marker: { color: drawn.map((r) => (Number.isFinite(r.value) && r.value > 0 ? pos : neg)) },
    text: drawn.map((r) => {
      const ci = r.lower !== undefined && r.upper !== undefined ? ` (${formatNumber(r.lower)} to ${formatNumber(r.upper)})` : '';
      return `${r.name}<br>${absolute ? '|value|' : 'value'} = ${formatNumber(r.value)}${ci}`;
    }),
    textposition: 'none',
    hovertemplate: '%{text}<extra></extra>',
    meta: { role: 'importance' },
  };
  if (hasCi) {
    bar.error_x = {
      type: 'data', symmetric: false, color: '#444444', thickness: 1.5, width: 4,
      array: drawn.map((r) => (r.upper === undefined ? null : finiteOrNull(r.upper - r.value))),
      arrayminus: drawn.map((r) => (r.lower === undefined ? null : finiteOrNull(r.value - r.lower))),
    };
  }
  const title = options.title ?? 'Variable importance';
  const n = drawn.length;
  const layout = baseLayout(title, options, Math.max(300, 140 + 26 * n));
  layout.xaxis = axis(options.xTitle ?? 'Importance');
  layout.yaxis = { type: 'category', autorange: 'reversed', showgrid: false, zeroline: false, ticks: '', automargin: true, fixedrange: true };
  layout.showlegend = false;
  layout.bargap = 0.3;
  if (options.zeroLine ?? true) {
    const shape: PlotlyShape = { type: 'line', xref: 'x', yref: 'paper', x0: 0, x1: 0, y0: 0, y1: 1, line: { color: '#444444', width: 1 }, layer: 'above' };
    layout.shapes = [shape];
  }
  return {
    data: [bar],
    layout,
    config: defaultConfig('importance'),
    meta: { kind: 'importance', title, variables: drawn.map((r) => r.name), absolute, warnings },
  };
}
