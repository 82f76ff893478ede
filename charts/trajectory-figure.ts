/**
 * Cluster trajectories: every individual course as a faint thin line and each
 * cluster's centre (class mean or medoid) as a bold line, coloured by cluster
 * ("spaghetti plot" with overlaid group trajectories, as in group-based
 * trajectory modelling of EDSS or PSA courses).
 *
 * Reference: Nagin DS, Odgers CL (2010) "Group-based trajectory modeling in
 * clinical research", Annu Rev Clin Psychol 6:109–138.
 */
import { UsageError } from '../util/errors.js';
import { finiteOrNull, formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, withAlpha } from './palette.js';
import type { FigureSpec, PlotlyTrace, TrajectoryCentre, TrajectoryInput } from './types.js';

/** Options of {@link trajectoryFigure}; every field optional. */
export interface TrajectoryFigureOptions extends CommonFigureOptions {
  /** Time unit in the x-axis title (default 'years'). */
  timeUnit?: string;
  /** x-axis title (default `Time (${timeUnit})`). */
  xTitle?: string;
  /** y-axis title (default 'Value'; e.g. 'EDSS'). */
  yTitle?: string;
  /** Display names of clusters (default `Cluster ${cluster}`). */
  clusterLabels?: Readonly<Record<string, string>>;
  /** Opacity of individual courses (default 0.15). */
  individualOpacity?: number;
  /** Width of individual courses in px (default 1). */
  individualWidth?: number;
  /** Width of centre courses in px (default 4). */
  centreWidth?: number;
  /**
   * Most individual courses drawn per cluster (default 300): beyond it every
   * k-th course in input order is drawn (deterministic), so that figures of
   * large cohorts stay light; `meta.warnings` says how many were drawn. Centres
   * always use all individuals as given by the caller.
   */
  maxIndividualsPerCluster?: number;
  /** Log-scale y axis (default false; true suits PSA). */
  logY?: boolean;
}

/**
 * Builds the trajectory figure.
 *
 * @param individuals one course per individual with its cluster (not modified).
 * @param centres one centre course per cluster (not modified).
 * @param options see {@link TrajectoryFigureOptions}.
 * @throws UsageError when a course's time and value lengths differ, or options are invalid
 * @example trajectoryFigure([{ id: 'p1', cluster: 1, time: [0, 1], value: [2, 2.5] }], [{ cluster: 1, time: [0, 1], value: [2, 2.4] }], { yTitle: 'EDSS' })
 */
export function trajectoryFigure(
  individuals: readonly TrajectoryInput[],
  centres: readonly TrajectoryCentre[],
  options: TrajectoryFigureOptions = {},
): FigureSpec {
  const palette = options.colors ?? DEFAULT_PALETTE;
  const opacity = options.individualOpacity ?? 0.15;
  const thin = options.individualWidth ?? 1;
  const bold = options.centreWidth ?? 4;
  const maxPer = options.maxIndividualsPerCluster ?? 300;
  if (!(opacity >= 0 && opacity <= 1)) throw new UsageError(`individualOpacity must be in [0, 1], got ${opacity}`);
  if (!(maxPer >= 1)) throw new UsageError(`maxIndividualsPerCluster must be >= 1, got ${maxPer}`);
  for (const c of [...individuals, ...centres]) {
    if (c.time.length !== c.value.length) {
      const who = 'id' in c ? `individual '${(c as TrajectoryInput).id}'` : `centre of cluster '${c.cluster}'`;
      throw new UsageError(`${who}: time has ${c.time.length} values, value has ${c.value.length}`);
    }
  }
  const key = (c: string | number): string => String(c);
  const clusters: string[] = [];
  for (const c of centres) if (!clusters.includes(key(c.cluster))) clusters.push(key(c.cluster));
  for (const c of individuals) if (!clusters.includes(key(c.cluster))) clusters.push(key(c.cluster));
  const label = (c: string): string => options.clusterLabels?.[c] ?? `Cluster ${c}`;
  const warnings: string[] = [];
  const data: PlotlyTrace[] = [];
  const counts: Record<string, number> = {};
  clusters.forEach((c, k) => {
    const color = colorAt(palette, k);
    const members = individuals.filter((i) => key(i.cluster) === c);
    counts[c] = members.length;
    const step = Math.ceil(members.length / maxPer);
    const drawn = step > 1 ? members.filter((_, i) => i % step === 0) : members;
    if (drawn.length < members.length) warnings.push(`${label(c)}: ${drawn.length} of ${members.length} individual courses drawn (one in ${step})`);
    const x: (number | null)[] = [];
    const y: (number | null)[] = [];
    const text: string[] = [];
    for (const m of drawn) {
      const order = m.time.map((_, i) => i).sort((a, b) => m.time[a]! - m.time[b]!);
      for (const i of order) {
        x.push(finiteOrNull(m.time[i]));
        y.push(finiteOrNull(m.value[i]));
        text.push(`${m.id} (${label(c)})<br>t = ${formatNumber(m.time[i]!, 6)}<br>value = ${formatNumber(m.value[i]!)}`);
      }
      x.push(null);
      y.push(null);
      text.push('');
    }
    data.push({
      type: 'scatter', mode: 'lines', name: `${label(c)} individuals`, x, y, text, hovertemplate: '%{text}<extra></extra>',
      line: { color: withAlpha(color, opacity), width: thin }, connectgaps: false, showlegend: false, legendgroup: `cluster-${c}`,
      meta: { role: 'individuals', cluster: c, drawn: drawn.length, total: members.length },
    });
  });
  clusters.forEach((c, k) => {
    const color = colorAt(palette, k);
    for (const centre of centres.filter((z) => key(z.cluster) === c)) {
      const order = centre.time.map((_, i) => i).sort((a, b) => centre.time[a]! - centre.time[b]!);
      data.push({
        type: 'scatter', mode: 'lines', name: `${label(c)} (n = ${counts[c]})`, x: order.map((i) => finiteOrNull(centre.time[i])),
        y: order.map((i) => finiteOrNull(centre.value[i])), line: { color, width: bold }, legendgroup: `cluster-${c}`,
        text: order.map((i) => `${label(c)} centre<br>t = ${formatNumber(centre.time[i]!, 6)}<br>value = ${formatNumber(centre.value[i]!)}`),
        hovertemplate: '%{text}<extra></extra>', meta: { role: 'centre', cluster: c },
      });
    }
  });
  const title = options.title ?? 'Trajectories by cluster';
  const layout = baseLayout(title, options);
  layout.xaxis = axis(options.xTitle ?? `Time (${options.timeUnit ?? 'years'})`);
  layout.yaxis = axis(options.yTitle ?? 'Value', options.logY ? { type: 'log' } : {});
  return { data, layout, config: defaultConfig('trajectories'), meta: { kind: 'trajectories', title, clusters, counts, warnings } };
}
