/**
 * Distribution of inverse-probability weights per arm, from their quantiles
 * (the weights themselves are per patient and never leave the engine): a box
 * from the 25th to the 75th percentile with the median, whiskers from the 1st
 * to the 99th percentile, the minimum and maximum as points and the mean as a
 * diamond, on a log axis (weights are ratios; 1 = no reweighting).
 * Cole & Hernán, Am J Epidemiol 2008;168:656–664 recommend reporting them.
 */
import { UsageError } from '../util/errors.js';
import { finiteOrNull, formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, REFERENCE_GREY } from './palette.js';
import type { FigureSpec, PlotlyShape, PlotlyTrace } from './types.js';

/** Quantiles of one arm's weights. */
export interface WeightQuantiles {
  arm: string;
  min: number;
  p01: number;
  p25: number;
  median: number;
  mean: number;
  p75: number;
  p99: number;
  max: number;
}

/**
 * Builds the weight-distribution figure.
 * @param arms quantiles per arm (not modified); @param options common figure options.
 * @throws UsageError without arms or with non-positive weights.
 * @example weightDistributionFigure([{ arm: 'treatment', min: 1, p01: 1, p25: 1, median: 1, mean: 2.3, p75: 1, p99: 25, max: 36 }])
 */
export function weightDistributionFigure(arms: readonly WeightQuantiles[], options: CommonFigureOptions = {}): FigureSpec {
  if (arms.length === 0) throw new UsageError('weightDistributionFigure needs at least one arm');
  for (const a of arms) if (!(a.min > 0)) throw new UsageError(`weightDistributionFigure: weights must be > 0 (arm ${a.arm} has minimum ${a.min})`);
  const palette = options.colors ?? DEFAULT_PALETTE;
  const shapes: PlotlyShape[] = [];
  const data: PlotlyTrace[] = [];
  arms.forEach((a, k) => {
    const c = colorAt(palette, k);
    shapes.push({ type: 'rect', xref: 'x', yref: 'y', x0: a.p25, x1: a.p75, y0: k - 0.25, y1: k + 0.25, fillcolor: c, opacity: 0.35, line: { color: c, width: 1 } });
    shapes.push({ type: 'line', xref: 'x', yref: 'y', x0: a.p01, x1: a.p99, y0: k, y1: k, line: { color: c, width: 1.5 } });
    shapes.push({ type: 'line', xref: 'x', yref: 'y', x0: a.median, x1: a.median, y0: k - 0.25, y1: k + 0.25, line: { color: c, width: 3 } });
    data.push({
      type: 'scatter', mode: 'markers', name: a.arm, x: [finiteOrNull(a.min), finiteOrNull(a.max), finiteOrNull(a.mean)], y: [k, k, k],
      marker: { symbol: ['line-ns-open', 'line-ns-open', 'diamond'], size: [14, 14, 10], color: c },
      text: [`min ${formatNumber(a.min)}`, `max ${formatNumber(a.max)}`, `mean ${formatNumber(a.mean)}; median ${formatNumber(a.median)}; 1st-99th percentile ${formatNumber(a.p01)}-${formatNumber(a.p99)}`],
      hovertemplate: '%{text}<extra></extra>',
      meta: { role: 'weights', arm: a.arm },
    });
  });
  shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: 1, x1: 1, y0: 0, y1: 1, line: { color: REFERENCE_GREY, width: 1, dash: 'dash' }, layer: 'below' });
  const title = options.title ?? 'Distribution of the weights';
  const layout = baseLayout(title, options, Math.max(260, 160 + 70 * arms.length));
  layout.xaxis = axis('weight (log scale)', { type: 'log' });
  layout.yaxis = { tickvals: arms.map((_, k) => k), ticktext: arms.map((a) => a.arm), range: [arms.length - 0.5, -0.5], showgrid: false, zeroline: false, fixedrange: true, automargin: true };
  layout.shapes = shapes;
  layout.showlegend = false;
  const extreme = arms.filter((a) => a.max > 100).map((a) => a.arm);
  return { data, layout, config: defaultConfig('weights'), meta: { kind: 'weight-distribution', title, arms: arms.map((a) => a.arm), warnings: extreme.length ? [`weights above 100 in: ${extreme.join(', ')}`] : [] } };
}
