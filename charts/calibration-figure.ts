/**
 * Calibration plot: observed against predicted risk by group (e.g. deciles of
 * predicted risk at a horizon, observed = 1 - Kaplan–Meier), with the line of
 * identity as reference and optional confidence intervals of the observed
 * risk, as `rms::calibrate` plots and the TRIPOD recommendations.
 *
 * Reference: Steyerberg EW, Vergouwe Y (2014) "Towards better clinical
 * prediction models: seven steps for development and an ABCD for validation",
 * Eur Heart J 35:1925–1931; Collins GS et al. (2015) TRIPOD, BMJ 350:g7594.
 */
import { UsageError } from '../util/errors.js';
import { finiteOrNull, formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, REFERENCE_GREY } from './palette.js';
import type { CalibrationInput, FigureSpec, PlotlyScatterTrace } from './types.js';

/** Options of {@link calibrationFigure}; every field optional. */
export interface CalibrationFigureOptions extends CommonFigureOptions {
  /** x-axis title (default 'Predicted risk'). */
  xTitle?: string;
  /** y-axis title (default 'Observed risk'). */
  yTitle?: string;
  /** Upper end of both axes (default: max of all values × 1.05, at most 1; axes are square and share the range). */
  axisMax?: number;
  /** Connect the group points with a line (default true). */
  connect?: boolean;
  /** Name of the series in the legend and hover (default 'Observed'). */
  name?: string;
  /** Marker size in px (default 9). */
  markerSize?: number;
  /** Show the risks as percentages on the axes (default false). */
  percent?: boolean;
}

/**
 * Builds a calibration figure.
 *
 * @param input predicted and observed risks per group, optional limits and sizes (not modified).
 * @param options see {@link CalibrationFigureOptions}.
 * @throws UsageError when the arrays differ in length, are empty, or hold values outside [0, 1]
 * @example calibrationFigure({ predicted: [0.1, 0.2], observed: [0.12, 0.18], n: [100, 100] })
 */
export function calibrationFigure(input: CalibrationInput, options: CalibrationFigureOptions = {}): FigureSpec {
  const m = input.predicted.length;
  if (m === 0) throw new UsageError('calibrationFigure needs at least one group');
  for (const [k, arr] of Object.entries({ observed: input.observed, lower: input.lower, upper: input.upper, n: input.n })) {
    if (arr !== undefined && arr.length !== m) throw new UsageError(`calibration input '${k}' has ${arr.length} values for ${m} groups`);
  }
  for (const [k, arr] of Object.entries({ predicted: input.predicted, observed: input.observed, lower: input.lower, upper: input.upper })) {
    if (arr?.some((v) => Number.isFinite(v) && (v < 0 || v > 1))) throw new UsageError(`calibration input '${k}' has values outside [0, 1]`);
  }
  const title = options.title ?? 'Calibration';
  const name = options.name ?? 'Observed';
  const color = colorAt(options.colors ?? DEFAULT_PALETTE, 0);
  const connect = options.connect ?? true;
  const order = input.predicted.map((_, i) => i).sort((a, b) => input.predicted[a]! - input.predicted[b]!);
  const hasCi = input.lower !== undefined && input.upper !== undefined;
  const fmt = (v: number): string => (options.percent ? `${formatNumber(v * 100, 3)}%` : formatNumber(v));
  const trace: PlotlyScatterTrace = {
    type: 'scatter',
    mode: connect ? 'lines+markers' : 'markers',
    name,
    x: order.map((i) => finiteOrNull(input.predicted[i])),
    y: order.map((i) => finiteOrNull(input.observed[i])),
    text: order.map((i) => {
      const ci = hasCi ? ` (${fmt(input.lower![i]!)}–${fmt(input.upper![i]!)})` : '';
      const n = input.n ? `<br>n = ${formatNumber(input.n[i]!)}` : '';
      return `group ${i + 1}<br>predicted = ${fmt(input.predicted[i]!)}<br>observed = ${fmt(input.observed[i]!)}${ci}${n}`;
    }),
    hovertemplate: '%{text}<extra></extra>',
    marker: { size: options.markerSize ?? 9, color },
    line: { color, width: 1.5 },
    meta: { role: 'groups' },
  };
  if (hasCi) {
    trace.error_y = {
      type: 'data', symmetric: false, color, thickness: 1.5, width: 4,
      array: order.map((i) => finiteOrNull(input.upper![i]! - input.observed[i]!)),
      arrayminus: order.map((i) => finiteOrNull(input.observed[i]! - input.lower![i]!)),
    };
  }
  let max = 0;
  for (const arr of [input.predicted, input.observed, input.upper ?? []]) for (const v of arr) if (Number.isFinite(v)) max = Math.max(max, v);
  const axisMax = options.axisMax ?? Math.min(1, Math.max(max * 1.05, 0.01));
  if (!(axisMax > 0 && axisMax <= 1)) throw new UsageError(`axisMax must be in (0, 1], got ${axisMax}`);
  const reference: PlotlyScatterTrace = {
    type: 'scatter', mode: 'lines', name: 'Ideal', x: [0, axisMax], y: [0, axisMax], hoverinfo: 'skip',
    line: { color: REFERENCE_GREY, width: 1, dash: 'dash' }, meta: { role: 'reference' },
  };
  const layout = baseLayout(title, options);
  const tickformat = options.percent ? '.0%' : undefined;
  layout.xaxis = axis(options.xTitle ?? 'Predicted risk', { range: [0, axisMax], ...(tickformat ? { tickformat } : {}) });
  layout.yaxis = axis(options.yTitle ?? 'Observed risk', { range: [0, axisMax], ...(tickformat ? { tickformat } : {}) });
  layout.legend = { x: 0.02, xanchor: 'left', y: 0.98, yanchor: 'top' };
  return {
    data: [reference, trace],
    layout,
    config: defaultConfig('calibration'),
    meta: { kind: 'calibration', title, groups: m, warnings: [] },
  };
}
