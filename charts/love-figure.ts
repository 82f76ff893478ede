/**
 * Covariate balance ("love") plot: standardized mean differences of each
 * covariate before and after weighting or matching, with reference lines at
 * |SMD| = 0.1 (the usual threshold of negligible imbalance), as
 * `cobalt::love.plot`.
 *
 * Reference: Austin PC (2009) "Balance diagnostics for comparing the
 * distribution of baseline covariates between treatment groups in
 * propensity-score matched samples", Stat Med 28:3083–3107 (the 0.1 rule).
 */
import { UsageError } from '../util/errors.js';
import { finiteOrNull, formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, REFERENCE_GREY } from './palette.js';
import type { BalanceRow, FigureSpec, PlotlyShape, PlotlyTrace } from './types.js';

/** Options of {@link loveFigure}; every field optional. */
export interface LoveFigureOptions extends CommonFigureOptions {
  /** Plot |SMD| (default true, as cobalt's `abs = TRUE`); false shows signed SMDs with lines at ±threshold. */
  absolute?: boolean;
  /** Balance threshold (default 0.1, Austin 2009). */
  threshold?: number;
  /** Row order: as given ('input', default) or by the before-adjustment imbalance, largest on top ('before'). */
  order?: 'input' | 'before';
  /** Legend names (default 'Unadjusted' and 'Adjusted'). */
  beforeLabel?: string;
  afterLabel?: string;
  /** x-axis title (default 'Absolute standardized mean difference' or 'Standardized mean difference'). */
  xTitle?: string;
  /** Join each covariate's two points with a grey segment (default true). */
  connect?: boolean;
}

/**
 * Builds a love plot.
 *
 * @param rows covariates with SMD before and after adjustment (not modified).
 * @param options see {@link LoveFigureOptions}.
 * @throws UsageError for no rows or a non-positive threshold
 * @example loveFigure([{ covariate: 'age', smdBefore: 0.32, smdAfter: 0.04 }])
 */
export function loveFigure(rows: readonly BalanceRow[], options: LoveFigureOptions = {}): FigureSpec {
  if (rows.length === 0) throw new UsageError('loveFigure needs at least one covariate');
  const absolute = options.absolute ?? true;
  const threshold = options.threshold ?? 0.1;
  if (!(threshold > 0)) throw new UsageError(`threshold must be > 0, got ${threshold}`);
  const order = options.order ?? 'input';
  if (order !== 'input' && order !== 'before') throw new UsageError(`order must be 'input' or 'before', got '${String(order)}'`);
  const palette = options.colors ?? DEFAULT_PALETTE;
  const f = (v: number): number | null => finiteOrNull(absolute ? Math.abs(v) : v);
  const sorted = order === 'before' ? [...rows].sort((a, b) => Math.abs(b.smdBefore) - Math.abs(a.smdBefore)) : [...rows];
  const n = sorted.length;
  const yPos = sorted.map((_, k) => k);
  const beforeLabel = options.beforeLabel ?? 'Unadjusted';
  const afterLabel = options.afterLabel ?? 'Adjusted';
  const data: PlotlyTrace[] = [];
  if (options.connect ?? true) {
    const x: (number | null)[] = [];
    const y: (number | null)[] = [];
    sorted.forEach((r, k) => {
      x.push(f(r.smdBefore), f(r.smdAfter), null);
      y.push(k, k, null);
    });
    data.push({ type: 'scatter', mode: 'lines', name: 'change', x, y, line: { color: '#BBBBBB', width: 1 }, hoverinfo: 'skip', showlegend: false, meta: { role: 'connector' } });
  }
  const points = (label: string, get: (r: BalanceRow) => number, k: number, symbol: string, role: string): void => {
    data.push({
      type: 'scatter', mode: 'markers', name: label, x: sorted.map((r) => f(get(r))), y: yPos,
      marker: { symbol, size: 10, color: colorAt(palette, k) },
      text: sorted.map((r) => `${r.covariate}<br>${label}: SMD = ${formatNumber(get(r))}`), hovertemplate: '%{text}<extra></extra>',
      meta: { role },
    });
  };
  points(beforeLabel, (r) => r.smdBefore, 1, 'circle-open', 'before');
  points(afterLabel, (r) => r.smdAfter, 0, 'circle', 'after');
  const line = (x: number): PlotlyShape => ({ type: 'line', xref: 'x', yref: 'paper', x0: x, x1: x, y0: 0, y1: 1, line: { color: REFERENCE_GREY, width: 1, dash: 'dash' }, layer: 'below' });
  const shapes: PlotlyShape[] = absolute ? [line(threshold)] : [line(-threshold), line(threshold)];
  shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: 0, x1: 0, y0: 0, y1: 1, line: { color: '#444444', width: 1 }, layer: 'below' });
  const title = options.title ?? 'Covariate balance';
  const layout = baseLayout(title, options, Math.max(300, 140 + 28 * n));
  layout.xaxis = axis(options.xTitle ?? (absolute ? 'Absolute standardized mean difference' : 'Standardized mean difference'), absolute ? { rangemode: 'tozero' } : {});
  layout.yaxis = { range: [n - 0.5, -0.5], tickvals: yPos, ticktext: sorted.map((r) => r.covariate), showgrid: true, gridcolor: '#F0F0F0', zeroline: false, ticks: '', automargin: true, fixedrange: true };
  layout.shapes = shapes;
  const imbalanced = sorted.filter((r) => Math.abs(r.smdAfter) >= threshold).map((r) => r.covariate);
  return {
    data,
    layout,
    config: defaultConfig('balance'),
    meta: {
      kind: 'love',
      title,
      threshold,
      absolute,
      covariates: sorted.map((r) => r.covariate),
      warnings: imbalanced.length ? [`|SMD| >= ${formatNumber(threshold)} after adjustment: ${imbalanced.join(', ')}`] : [],
    },
  };
}
