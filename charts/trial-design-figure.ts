/**
 * Design diagram of an emulated trial: time zero, the grace period and the
 * follow-up to the horizon for each strategy, with the rule that censors a
 * clone (clone-censor-weight: "not started by the end of the grace period" in
 * the treatment arm, "starts within it" in the control arm). Built from shapes
 * and annotations on a time axis, so it renders in every plotly target.
 * After the design diagrams of Hernán, BMJ 2018;360:k182 and Maringe et al.,
 * Int J Epidemiol 2020;49:1719.
 */
import { UsageError } from '../util/errors.js';
import { axis, baseLayout, defaultConfig, timeAxisTitle, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, REFERENCE_GREY, withAlpha } from './palette.js';
import type { FigureSpec, PlotlyAnnotation, PlotlyShape, PlotlyTrace } from './types.js';

/** What the diagram shows. */
export interface TrialDesignInput {
  design: 'clone-censor-weight' | 'new-user' | 'sequential';
  /** Grace period (days; clone-censor-weight). */
  graceDays?: number | null;
  horizonDays: number;
  /** Labels of the two strategies. */
  treatment: string;
  control: string;
  /** Number of sequential trials and their spacing (days). */
  trials?: number;
  intervalDays?: number;
}

/**
 * Builds the design diagram.
 * @param d design, grace, horizon, strategy labels; @param options common figure options.
 * @throws UsageError for a non-positive horizon or a grace period outside (0, horizon).
 * @example trialDesignFigure({ design: 'clone-censor-weight', graceDays: 180, horizonDays: 1826, treatment: 'start within 180 days', control: 'no start within 180 days' })
 */
export function trialDesignFigure(d: TrialDesignInput, options: CommonFigureOptions = {}): FigureSpec {
  const H = d.horizonDays;
  if (!(H > 0)) throw new UsageError(`trialDesignFigure: horizon must be > 0, got ${H}`);
  const G = d.graceDays ?? null;
  if (d.design === 'clone-censor-weight' && !(G !== null && G > 0 && G < H)) throw new UsageError(`trialDesignFigure: the grace period must be in (0, ${H}), got ${G}`);
  const palette = options.colors ?? DEFAULT_PALETTE;
  const shapes: PlotlyShape[] = [];
  const annotations: PlotlyAnnotation[] = [];
  const rows = [
    { y: 1, label: d.treatment, color: colorAt(palette, 0) },
    { y: 0, label: d.control, color: colorAt(palette, 1) },
  ];
  const note = (x: number, y: number, text: string, anchor: 'left' | 'center' | 'right' = 'center', color = '#222222'): void => {
    annotations.push({ text, xref: 'x', yref: 'y', x, y, showarrow: false, xanchor: anchor, yanchor: 'middle', font: { size: 11, color } });
  };
  if (d.design === 'sequential') {
    const T = d.trials ?? 12;
    const step = d.intervalDays ?? 30.4375;
    for (let j = 0; j < T; j++) {
      const y = j / Math.max(1, T - 1);
      shapes.push({ type: 'line', xref: 'x', yref: 'y', x0: j * step, x1: j * step + H, y0: y, y1: y, line: { color: withAlpha(colorAt(palette, 0), 0.6), width: 3 } });
    }
    note(0, 1.15, `trial j starts at j x ${Math.round(step)} days: who starts in that interval vs who does not (intention to treat)`, 'left');
  } else {
    for (const r of rows) shapes.push({ type: 'line', xref: 'x', yref: 'y', x0: 0, x1: H, y0: r.y, y1: r.y, line: { color: r.color, width: 6 } });
    if (d.design === 'clone-censor-weight' && G !== null) {
      shapes.push({ type: 'rect', xref: 'x', yref: 'y', x0: 0, x1: G, y0: -0.35, y1: 1.35, fillcolor: withAlpha(REFERENCE_GREY, 0.15), line: { color: REFERENCE_GREY, width: 1, dash: 'dot' }, layer: 'below' });
      note(G / 2, 1.5, `grace period: ${G} days`);
      note(G, 1.22, 'censored here if not started', 'left', rows[0]!.color);
      note(G / 2, -0.25, 'censored at a start', 'center', rows[1]!.color);
      note(0, -0.55, 'time zero: every patient cloned into both strategies; deviations censored and weighted', 'left', REFERENCE_GREY);
    } else note(0, -0.45, 'time zero: the first start of either therapy; follow-up from there (intention to treat)', 'left', REFERENCE_GREY);
    for (const r of rows) note(H, r.y + 0.22, r.label, 'right', r.color);
  }
  shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: 0, x1: 0, y0: 0, y1: 1, line: { color: '#222222', width: 2 } });
  shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: H, x1: H, y0: 0, y1: 1, line: { color: REFERENCE_GREY, width: 1, dash: 'dash' } });
  // an invisible trace so that the axes have data (plotly draws no axes for shapes alone)
  const data: PlotlyTrace[] = [{ type: 'scatter', mode: 'markers', x: [0, H], y: [-0.6, 1.6], marker: { opacity: 0 }, hoverinfo: 'skip', showlegend: false, meta: { role: 'frame' } }];
  const title = options.title ?? `Design: ${d.design}`;
  const layout = baseLayout(title, options, 360);
  layout.showlegend = false;
  layout.xaxis = axis(timeAxisTitle('days from time zero'), { range: [-0.02 * H, 1.02 * H] });
  layout.yaxis = { range: [-0.8, 1.8], fixedrange: true, showgrid: false, zeroline: false, showline: false, showticklabels: false, ticks: '' };
  layout.shapes = shapes;
  layout.annotations = annotations;
  return { data, layout, config: defaultConfig('trial-design'), meta: { kind: 'trial-design', title, design: d.design, graceDays: G, horizonDays: H } };
}
