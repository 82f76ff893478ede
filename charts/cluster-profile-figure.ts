/**
 * Cluster profiles: for each variable, the cluster means (or medians, with an
 * optional spread such as the IQR) side by side, one colour per cluster, as a
 * grouped dot (or bar) plot. By default on a standardized scale,
 * (value - overall mean) / overall SD, so that variables in different units
 * (age in years, EDSS, relapse counts) share one axis and 0 is the cohort
 * average, as the profile plots of k-means and latent class solutions.
 *
 * Disclosure display: cluster sizes in the legend go through
 * {@link displayCount} (`<threshold`); a cell whose count (the variable's `n`
 * for that cluster, else the cluster size) is in (0, threshold) is not drawn,
 * and cells given as null (suppressed upstream, or not available) are gaps.
 * Every gap is listed in `meta.suppressed` and noted under the plot.
 *
 * Reference: Hennig C et al. (2015) "Handbook of cluster analysis", ch. 27
 * (cluster validation and interpretation); Statistics Netherlands (2010)
 * "Handbook on statistical disclosure control", ch. 4 (threshold rule for
 * tables of magnitudes).
 */
import { UsageError } from '../util/errors.js';
import { checkDisclosure, displayCount, finiteOrNull, formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, REFERENCE_GREY } from './palette.js';
import type { ClusterProfileInput, DisclosureDisplay, FigureSpec, PlotlyAnnotation, PlotlyBarTrace, PlotlyScatterTrace, PlotlyShape, PlotlyTrace } from './types.js';

/** Options of {@link clusterProfileFigure}; every field optional. */
export interface ClusterProfileFigureOptions extends CommonFigureOptions {
  /** Figure title (default 'Cluster profiles'). */
  title?: string;
  /** Value scale (default 'standardized': needs each variable's `mean` and `sd`; 'raw' plots the values as given). */
  scale?: 'standardized' | 'raw';
  /** Marks (default 'dot'; 'bar' draws grouped horizontal bars from 0). */
  style?: 'dot' | 'bar';
  /** x-axis title (default 'Standardized value (SD from the overall mean)' or 'Value'). */
  xTitle?: string;
  /** Display names of clusters (default `Cluster ${label}`). */
  clusterLabels?: Readonly<Record<string, string>>;
  /** Draw lower/upper as whiskers where given (default true). */
  spread?: boolean;
  /** Display-side disclosure control (default none): sizes below it shown as `<threshold`, cells with fewer not drawn. */
  disclosure?: DisclosureDisplay;
}

/** One cell not drawn. */
interface Gap {
  variable: string;
  cluster: string;
  reason: 'suppressed' | 'below threshold' | 'not available';
}

/**
 * Builds the cluster profile figure.
 *
 * @param input clusters (label, size or null) and variables (centre per cluster, optional lower/upper/n, overall mean/sd); not modified.
 * @param options see {@link ClusterProfileFigureOptions}.
 * @returns a plotly spec; `meta.suppressed` lists the gaps, `meta.sizes` the sizes as displayed.
 * @throws UsageError for no clusters or variables, arrays of the wrong length, a missing or non-positive sd on the standardized scale, or a bad option
 * @example clusterProfileFigure({ clusters: [{ cluster: 1, size: 40 }, { cluster: 2, size: 35 }], variables: [{ name: 'age', centre: [52, 61], mean: 56, sd: 10 }] })
 */
export function clusterProfileFigure(input: ClusterProfileInput, options: ClusterProfileFigureOptions = {}): FigureSpec {
  const K = input.clusters.length;
  const V = input.variables.length;
  if (K === 0) throw new UsageError('clusterProfileFigure needs at least one cluster');
  if (V === 0) throw new UsageError('clusterProfileFigure needs at least one variable');
  const scale = options.scale ?? 'standardized';
  if (scale !== 'standardized' && scale !== 'raw') throw new UsageError(`scale must be 'standardized' or 'raw', got '${String(scale)}'`);
  const style = options.style ?? 'dot';
  if (style !== 'dot' && style !== 'bar') throw new UsageError(`style must be 'dot' or 'bar', got '${String(style)}'`);
  const disclosure = checkDisclosure(options.disclosure);
  const statistic = input.statistic ?? 'mean';
  input.clusters.forEach((c, k) => {
    if (c.size !== null && !(Number.isFinite(c.size) && c.size >= 0)) throw new UsageError(`cluster profile input 'clusters[${k}].size' must be a count >= 0 or null, got ${c.size}`);
  });
  input.variables.forEach((v, j) => {
    for (const [key, arr] of Object.entries({ centre: v.centre, lower: v.lower, upper: v.upper, n: v.n })) {
      if (arr !== undefined && arr.length !== K) throw new UsageError(`cluster profile input 'variables[${j}].${key}' has ${arr.length} values for ${K} clusters`);
    }
    if ((v.lower === undefined) !== (v.upper === undefined)) throw new UsageError(`cluster profile input 'variables[${j}]' (${v.name}): give both lower and upper, or neither`);
    if (scale === 'standardized') {
      if (!(v.mean !== undefined && Number.isFinite(v.mean))) throw new UsageError(`cluster profile input 'variables[${j}].mean' (${v.name}) is needed on the standardized scale (or use scale: 'raw')`);
      if (!(v.sd !== undefined && Number.isFinite(v.sd) && v.sd > 0)) throw new UsageError(`cluster profile input 'variables[${j}].sd' (${v.name}) must be > 0 on the standardized scale, got ${v.sd}`);
    }
  });
  const key = (c: string | number): string => String(c);
  const name = (c: string | number): string => options.clusterLabels?.[key(c)] ?? `Cluster ${key(c)}`;
  const palette = options.colors ?? DEFAULT_PALETTE;
  const z = (j: number, v: number | null | undefined): number | null => {
    if (v === null || v === undefined || !Number.isFinite(v)) return null;
    const vr = input.variables[j]!;
    return scale === 'standardized' ? (v - vr.mean!) / vr.sd! : v;
  };
  const sizes = input.clusters.map((c) => (c.size === null ? 'suppressed' : displayCount(c.size, disclosure)));
  const gaps: Gap[] = [];
  const band = 0.7;
  const step = band / K;
  const spread = options.spread ?? true;
  const data: PlotlyTrace[] = [];
  input.clusters.forEach((c, k) => {
    const color = colorAt(palette, k);
    const y: number[] = [];
    const x: (number | null)[] = [];
    const plus: (number | null)[] = [];
    const minus: (number | null)[] = [];
    const text: string[] = [];
    let anySpread = false;
    input.variables.forEach((v, j) => {
      y.push(j + (k - (K - 1) / 2) * step);
      const raw = v.centre[k];
      const count = v.n?.[k] ?? c.size;
      let value: number | null = null;
      if (raw === null || raw === undefined) gaps.push({ variable: v.name, cluster: key(c.cluster), reason: 'suppressed' });
      else if (disclosure && count !== null && count > 0 && count < disclosure.threshold) gaps.push({ variable: v.name, cluster: key(c.cluster), reason: 'below threshold' });
      else if (!Number.isFinite(raw)) gaps.push({ variable: v.name, cluster: key(c.cluster), reason: 'not available' });
      else value = z(j, raw);
      x.push(value);
      const lo = value === null ? null : z(j, v.lower?.[k]);
      const hi = value === null ? null : z(j, v.upper?.[k]);
      if (lo !== null && hi !== null) anySpread = true;
      plus.push(value !== null && hi !== null ? finiteOrNull(hi - value) : null);
      minus.push(value !== null && lo !== null ? finiteOrNull(value - lo) : null);
      if (value === null) {
        text.push(`${v.name}<br>${name(c.cluster)}: not shown (${gaps[gaps.length - 1]!.reason})`);
      } else {
        const rng = v.lower && v.upper ? ` (${formatNumber(v.lower[k])} to ${formatNumber(v.upper[k])})` : '';
        const zs = scale === 'standardized' ? `<br>standardized = ${formatNumber(value)}` : '';
        const ns = v.n?.[k] !== undefined && v.n[k] !== null ? `<br>n = ${displayCount(v.n[k]!, disclosure)}` : '';
        text.push(`${v.name}<br>${name(c.cluster)}: ${statistic} = ${formatNumber(raw)}${rng}${zs}${ns}`);
      }
    });
    const legend = `${name(c.cluster)} (n = ${sizes[k]})`;
    const errorBar = spread && anySpread ? { type: 'data' as const, symmetric: false, array: plus, arrayminus: minus, color, thickness: 1.5, width: 3 } : undefined;
    if (style === 'dot') {
      const t: PlotlyScatterTrace = {
        type: 'scatter', mode: 'markers', name: legend, x, y, text, hovertemplate: '%{text}<extra></extra>',
        marker: { color, size: 10, symbol: 'circle' }, meta: { role: 'cluster', cluster: key(c.cluster) },
      };
      if (errorBar) t.error_x = errorBar;
      data.push(t);
    } else {
      const t: PlotlyBarTrace = {
        type: 'bar', orientation: 'h', name: legend, x, y, width: step * 0.9, text, textposition: 'none', hovertemplate: '%{text}<extra></extra>',
        marker: { color }, meta: { role: 'cluster', cluster: key(c.cluster) },
      };
      if (errorBar) t.error_x = errorBar;
      data.push(t);
    }
  });
  const title = options.title ?? 'Cluster profiles';
  const layout = baseLayout(title, options, Math.max(320, 160 + 40 * V));
  const xTitle = options.xTitle ?? (scale === 'standardized' ? 'Standardized value (SD from the overall mean)' : 'Value');
  layout.xaxis = axis(xTitle);
  layout.yaxis = {
    range: [V - 0.5, -0.5], tickvals: input.variables.map((_, j) => j), ticktext: input.variables.map((v) => v.name),
    showgrid: false, zeroline: false, ticks: '', automargin: true, fixedrange: true,
  };
  layout.legend = { title: { text: 'Cluster (size)' } };
  if (style === 'bar') layout.barmode = 'overlay';
  const shapes: PlotlyShape[] = [];
  if (scale === 'standardized' || style === 'bar') {
    shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: 0, x1: 0, y0: 0, y1: 1, line: { color: REFERENCE_GREY, width: 1, dash: scale === 'standardized' ? 'dash' : 'solid' }, layer: 'below' });
  }
  for (let j = 1; j < V; j++) shapes.push({ type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: j - 0.5, y1: j - 0.5, line: { color: '#EEEEEE', width: 1 }, layer: 'below' });
  if (shapes.length) layout.shapes = shapes;
  const warnings: string[] = [];
  const annotations: PlotlyAnnotation[] = [];
  if (gaps.length) {
    const below = gaps.filter((g) => g.reason === 'below threshold').length;
    const parts = [`${gaps.length} cell(s) not shown`];
    if (below) parts.push(`${below} with fewer than ${formatNumber(disclosure!.threshold)} patients`);
    const note = `${parts.join(', ')}: ${gaps.map((g) => `${g.variable} (${name(g.cluster)})`).join(', ')}`;
    warnings.push(note);
    // Under the legend (right of the plot), clear of the axis titles.
    annotations.push({ text: `Gaps: ${parts.join(';<br>')}`, xref: 'paper', yref: 'paper', x: 1.02, y: 0, showarrow: false, xanchor: 'left', yanchor: 'bottom', align: 'left', font: { size: 11, color: '#555555' } });
  }
  if (annotations.length) layout.annotations = annotations;
  return {
    data,
    layout,
    config: defaultConfig('cluster-profiles'),
    meta: {
      kind: 'cluster-profile',
      title,
      scale,
      statistic,
      clusters: input.clusters.map((c) => key(c.cluster)),
      variables: input.variables.map((v) => v.name),
      sizes,
      suppressed: gaps,
      warnings,
    },
  };
}
