/**
 * Risk curves of the strategies of an emulated trial: the cumulative
 * incidence (risk) of the outcome over time under each strategy, as right-
 * continuous steps (the weighted Aalen-Johansen estimates of
 * models/causal/weighted-aalen-johansen.ts, after disclosure control: points
 * at grid times), with dashed reference lines at the end of the grace period
 * and at the horizon where the risks are compared.
 */
import { UsageError } from '../util/errors.js';
import { finiteOrNull, formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, legendOutsideRight, timeAxisTitle, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, REFERENCE_GREY } from './palette.js';
import type { FigureSpec, PlotlyAnnotation, PlotlyShape, PlotlyTrace } from './types.js';

/** One strategy's curve: risk at each time (step function, right-continuous). */
export interface RiskCurveInput {
  label: string;
  time: readonly number[];
  risk: readonly number[];
}

/** Options of {@link riskCurvesFigure}. */
export interface RiskCurvesFigureOptions extends CommonFigureOptions {
  /** Unit of the time axis (default 'days'). */
  timeUnit?: string;
  /** End of the grace period (a dashed line; default none). */
  graceEnd?: number | null;
  /** Horizon of the risk comparison (a dashed line; default none). */
  horizon?: number | null;
  /** y-axis title (default 'Risk (cumulative incidence)'). */
  yTitle?: string;
}

/**
 * Builds the risk-curve figure.
 * @param curves one curve per strategy (not modified); @param options see {@link RiskCurvesFigureOptions}.
 * @throws UsageError without curves or with time and risk of different lengths.
 * @example riskCurvesFigure([{ label: 'start within 180 days', time: [0, 365], risk: [0, 0.05] }], { graceEnd: 180, horizon: 1826 })
 */
export function riskCurvesFigure(curves: readonly RiskCurveInput[], options: RiskCurvesFigureOptions = {}): FigureSpec {
  if (curves.length === 0) throw new UsageError('riskCurvesFigure needs at least one curve');
  for (const c of curves) if (c.time.length !== c.risk.length) throw new UsageError(`riskCurvesFigure: curve '${c.label}' has ${c.time.length} times and ${c.risk.length} risks`);
  const palette = options.colors ?? DEFAULT_PALETTE;
  const data: PlotlyTrace[] = curves.map((c, k) => ({
    type: 'scatter',
    mode: 'lines',
    name: c.label,
    x: c.time.map((t) => finiteOrNull(t)),
    y: c.risk.map((r) => finiteOrNull(r)),
    line: { color: colorAt(palette, k), width: 2, shape: 'hv' },
    text: c.time.map((t, i) => `${c.label}<br>time ${formatNumber(t)}: risk ${formatNumber(c.risk[i]!)}`),
    hovertemplate: '%{text}<extra></extra>',
    meta: { role: 'risk', label: c.label },
  }));
  const shapes: PlotlyShape[] = [];
  const annotations: PlotlyAnnotation[] = [];
  const mark = (x: number | null | undefined, text: string): void => {
    if (x === null || x === undefined || !Number.isFinite(x)) return;
    shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: x, x1: x, y0: 0, y1: 1, line: { color: REFERENCE_GREY, width: 1, dash: 'dash' }, layer: 'below' });
    annotations.push({ text, xref: 'x', yref: 'paper', x, y: 1, showarrow: false, xanchor: 'left', yanchor: 'top', font: { size: 11, color: REFERENCE_GREY } });
  };
  mark(options.graceEnd, 'end of grace period');
  mark(options.horizon, 'horizon');
  const title = options.title ?? 'Risk under each strategy';
  const layout = baseLayout(title, options);
  layout.xaxis = axis(timeAxisTitle(options.timeUnit ?? 'days'), { rangemode: 'tozero' });
  layout.yaxis = axis(options.yTitle ?? 'Risk (cumulative incidence)', { rangemode: 'tozero' });
  layout.legend = legendOutsideRight();
  layout.shapes = shapes;
  layout.annotations = annotations;
  return { data, layout, config: defaultConfig('risk-curves'), meta: { kind: 'risk-curves', title, curves: curves.map((c) => c.label), warnings: curves.filter((c) => c.time.length === 0).map((c) => `no points for '${c.label}' (hidden by disclosure control or no events)`) } };
}
