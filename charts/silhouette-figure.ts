/**
 * Silhouette plot, as R's `plot(cluster::silhouette(...))`: one horizontal
 * bar per object with its width s(i), objects grouped by cluster (clusters in
 * label order, top to bottom) and sorted by decreasing width within each
 * cluster; each cluster's size and average width written beside it, the
 * overall average width in the x-axis title and as a dashed line.
 *
 * Large clusters are aggregated so that a 10,000-object plot stays small:
 * a cluster with more than `maxBarsPerCluster` objects is drawn as that many
 * bars, bar k showing the quantile (linear interpolation between order
 * statistics) of the cluster's sorted widths at the middle of its share of the
 * objects; each bar is as tall as the objects it stands for, so the outline
 * (and the clusters' relative heights) are those of the full plot.
 *
 * Disclosure control here is display-side only: sizes below the threshold are
 * written as `<threshold`, but the bars' extent still shows a cluster's size;
 * the engine's disclosure control is the real gate.
 *
 * Reference: Rousseeuw PJ (1987) "Silhouettes: a graphical aid to the
 * interpretation and validation of cluster analysis", J Comput Appl Math
 * 20:53–65; R cluster 2.1.4 `plot.silhouette`.
 */
import { UsageError } from '../util/errors.js';
import { checkDisclosure, displayCount, formatFixed, formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, REFERENCE_GREY } from './palette.js';
import type { DisclosureDisplay, FigureSpec, PlotlyAnnotation, PlotlyBarTrace, PlotlyShape, SilhouetteInput } from './types.js';

/** Options of {@link silhouetteFigure}; every field optional. */
export interface SilhouetteFigureOptions extends CommonFigureOptions {
  /** Figure title (default 'Silhouette plot'). */
  title?: string;
  /** Display names of clusters (default `Cluster ${label}`). */
  clusterLabels?: Readonly<Record<string, string>>;
  /** Most bars drawn per cluster (default 200); larger clusters are drawn as quantile bars (see the module notes). */
  maxBarsPerCluster?: number;
  /** Dashed vertical line at the overall average width (default true). */
  averageLine?: boolean;
  /** Display-side disclosure control of the cluster sizes (default none). */
  disclosure?: DisclosureDisplay;
}

/** Value at fractional position `pos` of a sorted array (linear interpolation, clamped). */
function interpolate(sorted: readonly number[], pos: number): number {
  const p = Math.min(Math.max(pos, 0), sorted.length - 1);
  const lo = Math.floor(p);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (p - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Builds the silhouette figure.
 *
 * @param input widths and cluster labels per object, optional neighbours and ids; not modified.
 * @param options see {@link SilhouetteFigureOptions}.
 * @returns a plotly spec; `meta.average`, `meta.clusters` (label, size, size as displayed, average, bars drawn), `meta.warnings` (aggregated clusters).
 * @throws UsageError for no objects, unequal lengths, a width outside [-1, 1], or a bad option
 * @example silhouetteFigure({ widths: sil.widths, labels: fit.labels }, { maxBarsPerCluster: 100 })
 */
export function silhouetteFigure(input: SilhouetteInput, options: SilhouetteFigureOptions = {}): FigureSpec {
  const n = input.widths.length;
  if (n === 0) throw new UsageError('silhouetteFigure needs at least one object');
  if (input.labels.length !== n) throw new UsageError(`silhouette input 'labels' has ${input.labels.length} values for ${n} widths`);
  if (input.neighbor !== undefined && input.neighbor.length !== n) throw new UsageError(`silhouette input 'neighbor' has ${input.neighbor.length} values for ${n} widths`);
  if (input.ids !== undefined && input.ids.length !== n) throw new UsageError(`silhouette input 'ids' has ${input.ids.length} values for ${n} widths`);
  for (let i = 0; i < n; i++) {
    const w = input.widths[i]!;
    if (!(Number.isFinite(w) && w >= -1 && w <= 1)) throw new UsageError(`silhouette input 'widths[${i}]' must be in [-1, 1], got ${w}`);
  }
  const maxBars = options.maxBarsPerCluster ?? 200;
  if (!(Number.isInteger(maxBars) && maxBars >= 1)) throw new UsageError(`maxBarsPerCluster must be an integer >= 1, got ${maxBars}`);
  const disclosure = checkDisclosure(options.disclosure);
  const label = (i: number): string => String(input.labels[i] as string | number);
  const members = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const c = label(i);
    const list = members.get(c);
    if (list) list.push(i);
    else members.set(c, [i]);
  }
  const numeric = [...members.keys()].every((c) => c.trim() !== '' && Number.isFinite(Number(c)));
  const clusters = [...members.keys()].sort((a, b) => (numeric ? Number(a) - Number(b) : a.localeCompare(b)));
  const name = (c: string): string => options.clusterLabels?.[c] ?? `Cluster ${c}`;
  const palette = options.colors ?? DEFAULT_PALETTE;
  const gap = Math.max(1, Math.round(0.02 * n));
  let total = 0;
  for (let i = 0; i < n; i++) total += input.widths[i]!;
  const average = total / n;
  const data: PlotlyBarTrace[] = [];
  const annotations: PlotlyAnnotation[] = [];
  const tickvals: number[] = [];
  const ticktext: string[] = [];
  const warnings: string[] = [];
  const summary: { cluster: string; size: number; display: string; average: number; bars: number }[] = [];
  let offset = 0;
  clusters.forEach((c, k) => {
    const color = colorAt(palette, k);
    // Decreasing width, ties by input order (plot.silhouette sorts within cluster by decreasing s(i)).
    const idx = [...members.get(c)!].sort((a, b) => input.widths[b]! - input.widths[a]! || a - b);
    const size = idx.length;
    let sum = 0;
    for (const i of idx) sum += input.widths[i]!;
    const avg = sum / size;
    const x: number[] = [];
    const y: number[] = [];
    const text: string[] = [];
    let width: number | number[] = 1;
    if (size <= maxBars) {
      idx.forEach((i, r) => {
        x.push(input.widths[i]!);
        y.push(offset + r);
        const who = input.ids?.[i] ?? `object ${i + 1}`;
        const nb = input.neighbor !== undefined ? `, neighbour ${name(String(input.neighbor[i] as string | number))}` : '';
        text.push(`${who}<br>${name(c)}${nb}<br>s = ${formatNumber(input.widths[i]!)}`);
      });
    } else {
      const sorted = idx.map((i) => input.widths[i]!);
      const share = size / maxBars;
      const widths: number[] = [];
      for (let b = 0; b < maxBars; b++) {
        const from = b * share;
        x.push(interpolate(sorted, from + share / 2 - 0.5));
        y.push(offset - 0.5 + from + share / 2);
        widths.push(share);
        const first = Math.floor(from) + 1;
        const last = Math.max(first, Math.floor(from + share));
        text.push(`${name(c)}<br>objects ranked ${first}–${last} of ${displayCount(size, disclosure)}<br>s ≈ ${formatNumber(x[b]!)}`);
      }
      width = widths;
      warnings.push(`${name(c)}: ${size} objects drawn as ${maxBars} quantile bars`);
    }
    data.push({
      type: 'bar', orientation: 'h', name: name(c), x, y, width, text, textposition: 'none', hovertemplate: '%{text}<extra></extra>',
      marker: { color, line: { width: 0 } }, meta: { role: 'cluster', cluster: c, size, bars: x.length },
    });
    const middle = offset - 0.5 + size / 2;
    tickvals.push(middle);
    ticktext.push(name(c));
    annotations.push({
      text: `n = ${displayCount(size, disclosure)} | ${formatFixed(avg, 2)}`, xref: 'paper', yref: 'y', x: 1.01, y: middle, showarrow: false,
      xanchor: 'left', yanchor: 'middle', font: { size: 12, color },
    });
    summary.push({ cluster: c, size, display: displayCount(size, disclosure), average: avg, bars: x.length });
    offset += size + gap;
  });
  let minW = 0;
  for (let i = 0; i < n; i++) minW = Math.min(minW, input.widths[i]!);
  const title = options.title ?? 'Silhouette plot';
  const layout = baseLayout(title, options, Math.max(400, Math.min(900, 200 + 40 * clusters.length + (offset > 400 ? 300 : offset * 0.75))));
  layout.xaxis = axis(`Silhouette width s(i); average ${formatFixed(average, 2)}`, { range: [minW - 0.05, 1] });
  layout.yaxis = {
    range: [offset - gap - 0.5, -0.5], tickvals, ticktext, showgrid: false, zeroline: false, ticks: '', automargin: true, fixedrange: true,
  };
  layout.bargap = 0;
  layout.showlegend = false;
  layout.margin = { ...layout.margin, r: 130 };
  const shapes: PlotlyShape[] = [{ type: 'line', xref: 'x', yref: 'paper', x0: 0, x1: 0, y0: 0, y1: 1, line: { color: '#444444', width: 1 }, layer: 'above' }];
  if (options.averageLine ?? true) {
    shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: average, x1: average, y0: 0, y1: 1, line: { color: REFERENCE_GREY, width: 1, dash: 'dash' }, layer: 'above' });
  }
  layout.shapes = shapes;
  layout.annotations = annotations;
  return {
    data,
    layout,
    config: defaultConfig('silhouette'),
    meta: { kind: 'silhouette', title, n, average, clusters: summary, warnings },
  };
}
