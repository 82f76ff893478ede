/**
 * Time-dependent performance curves: AUC(t) or Brier score(t) of one or more
 * models on a common time grid, with optional pointwise confidence bands, as
 * `timeROC::plotAUCcurve` and `riskRegression::plot(Score(...))`.
 *
 * Reference lines by metric: AUC 0.5 (a non-informative model); none for the
 * Brier score (its null model is data-dependent: pass it as a series).
 *
 * Reference: Blanche P, Dartigues JF, Jacqmin-Gadda H (2013) Stat Med
 * 32:5381–5397 (time-dependent AUC); Graf E et al. (1999) Stat Med
 * 18:2529–2545 (Brier score for censored data).
 */
import { UsageError } from '../util/errors.js';
import { finiteOrNull, formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, REFERENCE_GREY, withAlpha } from './palette.js';
import type { FigureSpec, PlotlyShape, PlotlyTrace, TimeDependentInput } from './types.js';

/** Options of {@link timeDependentFigure}; every field optional. */
export interface TimeDependentFigureOptions extends CommonFigureOptions {
  /** Which metric (default 'auc'): sets the default y title, y range and reference line. */
  metric?: 'auc' | 'brier' | 'other';
  /** Time unit in the x-axis title (default 'days'). */
  timeUnit?: string;
  /** x-axis title (default `Time (${timeUnit})`). */
  xTitle?: string;
  /** y-axis title (default 'AUC(t)', 'Brier score(t)' or 'Value'). */
  yTitle?: string;
  /** Draw bands where a series has lower and upper limits (default true). */
  confidenceBands?: boolean;
  /** Band fill opacity (default 0.15). */
  bandOpacity?: number;
  /** Horizontal reference line (default 0.5 for AUC, none otherwise; null for none). */
  reference?: number | null;
  /** Show markers at the grid times (default true). */
  markers?: boolean;
}

/**
 * Builds a time-dependent AUC or Brier figure.
 *
 * @param input the time grid and one series per model (not modified).
 * @param options see {@link TimeDependentFigureOptions}.
 * @throws UsageError when there is no series or a series length differs from the grid
 * @example timeDependentFigure({ time: [365, 730], series: [{ name: 'Cox', value: [0.71, 0.69] }] }, { metric: 'auc' })
 */
export function timeDependentFigure(input: TimeDependentInput, options: TimeDependentFigureOptions = {}): FigureSpec {
  const metric = options.metric ?? 'auc';
  if (!['auc', 'brier', 'other'].includes(metric)) throw new UsageError(`metric must be 'auc', 'brier' or 'other', got '${String(metric)}'`);
  if (input.series.length === 0) throw new UsageError('timeDependentFigure needs at least one series');
  const nt = input.time.length;
  for (const s of input.series) {
    for (const [k, arr] of Object.entries({ value: s.value, lower: s.lower, upper: s.upper })) {
      if (arr !== undefined && arr.length !== nt) throw new UsageError(`series '${s.name}' ${k} has ${arr.length} values for ${nt} times`);
    }
  }
  const palette = options.colors ?? DEFAULT_PALETTE;
  const bands = options.confidenceBands ?? true;
  const bandOpacity = options.bandOpacity ?? 0.15;
  const markers = options.markers ?? true;
  const yName = metric === 'auc' ? 'AUC(t)' : metric === 'brier' ? 'Brier score(t)' : 'Value';
  const title = options.title ?? (metric === 'auc' ? 'Time-dependent AUC' : metric === 'brier' ? 'Time-dependent Brier score' : 'Time-dependent performance');
  const time = input.time.map(finiteOrNull);
  const data: PlotlyTrace[] = [];
  input.series.forEach((s, k) => {
    const color = colorAt(palette, k);
    const group = `series-${k}`;
    if (bands && s.lower && s.upper) {
      data.push({
        type: 'scatter', mode: 'lines', name: `${s.name} upper`, x: [...time], y: s.upper.map(finiteOrNull),
        line: { width: 0, color: withAlpha(color, 0) }, hoverinfo: 'skip', showlegend: false, legendgroup: group,
        meta: { role: 'band-upper', series: s.name },
      });
      data.push({
        type: 'scatter', mode: 'lines', name: `${s.name} lower`, x: [...time], y: s.lower.map(finiteOrNull),
        line: { width: 0, color: withAlpha(color, 0) }, fill: 'tonexty', fillcolor: withAlpha(color, bandOpacity),
        hoverinfo: 'skip', showlegend: false, legendgroup: group, meta: { role: 'band-lower', series: s.name },
      });
    }
    data.push({
      type: 'scatter', mode: markers ? 'lines+markers' : 'lines', name: s.name, x: [...time], y: s.value.map(finiteOrNull),
      line: { color, width: 2 }, marker: { color, size: 6 }, legendgroup: group,
      text: s.value.map((v, i) => {
        const ci = s.lower && s.upper ? ` (${formatNumber(s.lower[i]!)}–${formatNumber(s.upper[i]!)})` : '';
        return `${s.name}<br>t = ${formatNumber(input.time[i]!, 6)}<br>${yName} = ${formatNumber(v)}${ci}`;
      }),
      hovertemplate: '%{text}<extra></extra>', meta: { role: 'series', series: s.name },
    });
  });
  const layout = baseLayout(title, options);
  layout.xaxis = axis(options.xTitle ?? `Time (${options.timeUnit ?? 'days'})`);
  layout.yaxis = axis(options.yTitle ?? yName, metric === 'auc' ? { range: [0, 1] } : metric === 'brier' ? { rangemode: 'tozero' } : {});
  const reference = options.reference === undefined ? (metric === 'auc' ? 0.5 : null) : options.reference;
  if (reference !== null) {
    const shape: PlotlyShape = { type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: reference, y1: reference, line: { color: REFERENCE_GREY, width: 1, dash: 'dash' }, layer: 'below' };
    layout.shapes = [shape];
  }
  return { data, layout, config: defaultConfig(`time-dependent-${metric}`), meta: { kind: 'time-dependent', title, metric, reference, warnings: [] } };
}
