/**
 * Forest plot: ratio estimates (hazard ratios, subdistribution hazard ratios,
 * odds ratios) with confidence intervals on a log axis, a reference line at 1,
 * row labels on the left and a text column "HR (95% CI)" and p on the right,
 * as `survminer::ggforest` and `forestplot::forestplot`.
 *
 * Reference: Lewis S, Clarke M (2001) "Forest plots: trying to see the wood
 * and the trees", BMJ 322:1479–1480 (log scale so that ratios r and 1/r are
 * equidistant from 1).
 */
import { UsageError } from '../util/errors.js';
import { finiteOrNull, formatFixed, formatNumber, formatP } from './format.js';
import { axis, baseLayout, defaultConfig, type CommonFigureOptions } from './layout-defaults.js';
import { DEFAULT_PALETTE } from './palette.js';
import type { FigureSpec, PlotlyAnnotation, PlotlyScatterTrace } from './types.js';

/** One row of a forest plot. */
export interface ForestRow {
  label: string;
  /** Point estimate (ratio scale); NaN or null for a row without estimate (e.g. a dropped coefficient). */
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** Two-sided p value (optional). */
  p?: number | null;
}

/** Options of {@link forestPlot}; every field optional. */
export interface ForestPlotOptions extends CommonFigureOptions {
  /** Name of the estimate in the text column header and axis title (default 'HR'). */
  estimateLabel?: string;
  /** Confidence level, for headers only (default 0.95). */
  confLevel?: number;
  /** x-axis title (default `${estimateLabel} (${level} CI)`). */
  xTitle?: string;
  /** Log-scale x axis (default true; a linear axis suits differences). */
  logScale?: boolean;
  /** Position of the reference line (default 1; 0 on a linear axis for differences). */
  reference?: number;
  /** Decimals of the estimates in the text column (default 2). */
  decimals?: number;
  /** Show the p column when any row has a p value (default true). */
  showP?: boolean;
  /** Show the estimate text column (default true). */
  showText?: boolean;
  /** Marker colour (default the first palette colour, #0072B2). */
  color?: string;
  /** Marker size in px (default 10). */
  markerSize?: number;
  /** Header over the row labels (default none). */
  labelHeader?: string;
}

/**
 * Builds a forest plot from rows (top to bottom in the given order).
 *
 * @param rows labels, estimates and limits (not modified).
 * @param options see {@link ForestPlotOptions}.
 * @throws UsageError when there are no rows, a limit is non-positive on a log axis, or lower > estimate > upper
 * @example forestPlot([{ label: 'age', estimate: 1.01, lower: 0.99, upper: 1.03, p: 0.23 }], { estimateLabel: 'HR' })
 */
export function forestPlot(rows: readonly ForestRow[], options: ForestPlotOptions = {}): FigureSpec {
  if (rows.length === 0) throw new UsageError('forestPlot needs at least one row');
  const est = options.estimateLabel ?? 'HR';
  const confLevel = options.confLevel ?? 0.95;
  const level = `${formatNumber(confLevel * 100)}%`;
  const logScale = options.logScale ?? true;
  const reference = options.reference ?? (logScale ? 1 : 0);
  const decimals = options.decimals ?? 2;
  const showText = options.showText ?? true;
  const showP = (options.showP ?? true) && rows.some((r) => finiteOrNull(r.p ?? null) !== null);
  const color = options.color ?? options.colors?.[0] ?? DEFAULT_PALETTE[0]!;
  const markerSize = options.markerSize ?? 10;
  const title = options.title ?? 'Forest plot';
  if (logScale && !(reference > 0)) throw new UsageError(`reference must be > 0 on a log axis, got ${reference}`);

  const n = rows.length;
  const xs: (number | null)[] = [];
  const plus: (number | null)[] = [];
  const minus: (number | null)[] = [];
  const hover: string[] = [];
  const ciText: string[] = [];
  let lo = reference;
  let hi = reference;
  rows.forEach((r) => {
    const e = finiteOrNull(r.estimate);
    const l = finiteOrNull(r.lower);
    const u = finiteOrNull(r.upper);
    if (logScale && ((e !== null && e <= 0) || (l !== null && l <= 0) || (u !== null && u <= 0))) {
      throw new UsageError(`forest row '${r.label}': values must be > 0 on a log axis (estimate ${r.estimate}, ${r.lower}–${r.upper})`);
    }
    if (e !== null && ((l !== null && l > e * (1 + 1e-12)) || (u !== null && u < e * (1 - 1e-12)))) {
      throw new UsageError(`forest row '${r.label}': limits ${r.lower}–${r.upper} do not bracket the estimate ${r.estimate}`);
    }
    xs.push(e);
    plus.push(e !== null && u !== null ? u - e : null);
    minus.push(e !== null && l !== null ? e - l : null);
    for (const v of [e, l, u]) if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const ci = l !== null && u !== null ? ` (${formatFixed(l, decimals)}–${formatFixed(u, decimals)})` : '';
    ciText.push(e === null ? 'NA' : `${formatFixed(e, decimals)}${ci}`);
    hover.push(
      `${r.label}<br>${est} = ${formatNumber(e)}${l !== null && u !== null ? `<br>${level} CI ${formatNumber(l)}–${formatNumber(u)}` : ''}` +
        (finiteOrNull(r.p ?? null) !== null ? `<br>p = ${formatNumber(r.p!)}` : ''),
    );
  });
  const yPos = rows.map((_, k) => k);
  const estimates: PlotlyScatterTrace = {
    type: 'scatter', mode: 'markers', name: est, x: xs, y: yPos, text: hover, hovertemplate: '%{text}<extra></extra>',
    marker: { symbol: 'square', size: markerSize, color },
    error_x: { type: 'data', symmetric: false, array: plus, arrayminus: minus, color, thickness: 2, width: 0 },
    showlegend: false, meta: { role: 'estimates' },
  };
  const data: PlotlyScatterTrace[] = [estimates];

  const plotRight = showText ? (showP ? 0.6 : 0.7) : 1;
  let range: number[];
  if (logScale) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    const pad = Math.max(0.05, (b - a) * 0.08);
    range = [a - pad, b + pad];
  } else {
    const pad = Math.max(1e-9, (hi - lo) * 0.08);
    range = [lo - pad, hi + pad];
  }
  const layout = baseLayout(title, options, Math.max(250, 130 + 32 * n));
  layout.showlegend = false;
  layout.xaxis = axis(options.xTitle ?? `${est} (${level} CI)`, {
    type: logScale ? 'log' : 'linear', range, domain: [0, plotRight], anchor: 'y', zeroline: false,
  });
  layout.yaxis = {
    range: [n - 0.5, -1.2], tickvals: yPos, ticktext: rows.map((r) => r.label), showgrid: false, zeroline: false,
    showline: false, ticks: '', automargin: true, fixedrange: true, anchor: 'x',
  };
  layout.shapes = [{
    type: 'line', xref: 'x', yref: 'y', x0: reference, x1: reference, y0: n - 0.5, y1: -0.5,
    line: { color: '#555555', width: 1.5, dash: 'dash' }, layer: 'below',
  }];
  const annotations: PlotlyAnnotation[] = [];
  if (showText) {
    layout.xaxis2 = { domain: [plotRight + 0.02, 1], range: [0, 1], anchor: 'y', showticklabels: false, showgrid: false, zeroline: false, showline: false, ticks: '', fixedrange: true };
    data.push({
      type: 'scatter', mode: 'text', name: `${est} (${level} CI)`, x: rows.map(() => 0), y: yPos, text: ciText,
      textposition: 'middle right', xaxis: 'x2', yaxis: 'y', hoverinfo: 'skip', showlegend: false, cliponaxis: false,
      meta: { role: 'estimate-text' },
    });
    annotations.push({ text: `<b>${est} (${level} CI)</b>`, xref: 'x2', yref: 'y', x: 0, y: -1, xanchor: 'left', yanchor: 'middle', showarrow: false });
    if (showP) {
      data.push({
        type: 'scatter', mode: 'text', name: 'p', x: rows.map(() => 0.72), y: yPos,
        text: rows.map((r) => (finiteOrNull(r.p ?? null) === null ? '' : formatP(r.p!))),
        textposition: 'middle right', xaxis: 'x2', yaxis: 'y', hoverinfo: 'skip', showlegend: false, cliponaxis: false,
        meta: { role: 'p-text' },
      });
      annotations.push({ text: '<b>p</b>', xref: 'x2', yref: 'y', x: 0.72, y: -1, xanchor: 'left', yanchor: 'middle', showarrow: false });
    }
  }
  if (options.labelHeader) {
    annotations.push({ text: `<b>${options.labelHeader}</b>`, xref: 'paper', yref: 'y', x: 0, y: -1, xanchor: 'right', yanchor: 'middle', showarrow: false });
  }
  if (annotations.length) layout.annotations = annotations;
  return {
    data,
    layout,
    config: defaultConfig('forest-plot'),
    meta: {
      kind: 'forest',
      title,
      estimateLabel: est,
      confLevel,
      rows: rows.map((r) => ({
        label: r.label, estimate: finiteOrNull(r.estimate), lower: finiteOrNull(r.lower), upper: finiteOrNull(r.upper),
        p: finiteOrNull(r.p ?? null),
      })),
      warnings: rows.filter((r) => finiteOrNull(r.estimate) === null).map((r) => `row '${r.label}' has no estimate (shown as NA)`),
    },
  };
}
