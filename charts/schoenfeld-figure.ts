/**
 * Scaled Schoenfeld residual plot of one Cox model term against transformed
 * time, with a smooth and its pointwise band, for the proportional-hazards
 * check (as R's `plot(cox.zph(fit)[k])`): under proportional hazards the
 * smooth β(t) is flat; the Grambsch–Therneau test p of the term is shown in
 * the title.
 *
 * Smooth: local linear regression (loess degree 1, tricube weights, span 2/3,
 * see {@link localLinearSmooth}) with a ±2 SE band; R draws a natural spline
 * with 4 df and a ±2 SE band instead, so the curves are close but not equal.
 * x axis: the transformed times g(t) of the test (`zph.x`: 1 - KM by default),
 * labelled with the corresponding times, as R does.
 *
 * Reference: Grambsch PM, Therneau TM (1994) Biometrika 81:515–526;
 * R survival 3.5-3 `plot.cox.zph`.
 */
import type { CoxZphResult } from '../models/survival/cox/cox-zph.js';
import { UsageError } from '../util/errors.js';
import { finiteOrNull, formatNumber, pEquals } from './format.js';
import { axis, baseLayout, defaultConfig, timeAxisTitle, type CommonFigureOptions } from './layout-defaults.js';
import { niceBreaks } from './nice-breaks.js';
import { colorAt, DEFAULT_PALETTE, REFERENCE_GREY, withAlpha } from './palette.js';
import { localLinearSmooth } from '../models/stats/loess.js';
import type { FigureSpec, PlotlyShape, PlotlyTrace } from './types.js';

/** Options of {@link schoenfeldFigure}; every field optional. */
export interface SchoenfeldFigureOptions extends CommonFigureOptions {
  /** Time unit shown in the x-axis title (default: none, the axis says 'Time'). */
  timeUnit?: string;
  /** x-axis title (default `Time (${timeUnit})`, or `g(t) (${transform} scale)` with `timeLabels: false`). */
  xTitle?: string;
  /** y-axis title (default `Beta(t) for ${term}`, as R). */
  yTitle?: string;
  /** Label the transformed-time axis with the original times (default true, as R). */
  timeLabels?: boolean;
  /** Show the residual points (default true, as R's `resid = TRUE`). */
  showPoints?: boolean;
  /** Show the smooth (default true). */
  showSmooth?: boolean;
  /** Show the ±bandZ SE band around the smooth (default true, as R's `se = TRUE`). */
  showBand?: boolean;
  /** Smoother span (default 2/3). */
  span?: number;
  /** Number of smooth evaluation points (default 40, R's `nsmo`). */
  points?: number;
  /** Band half-width in standard errors (default 2, as R). */
  bandZ?: number;
  /** Draw a dashed horizontal line at this value, e.g. the Cox coefficient (default none). */
  coefficient?: number;
  /** Draw a dotted horizontal line at 0 (default true). */
  zeroLine?: boolean;
  /** Opacity of the residual points (default 0.5). */
  pointOpacity?: number;
}

/** Sorted distinct (time, g(t)) pairs and linear interpolation between them. */
function timeToX(time: ArrayLike<number>, x: ArrayLike<number>): (t: number) => number {
  const idx = Array.from({ length: time.length }, (_, i) => i).filter((i) => Number.isFinite(time[i]!) && Number.isFinite(x[i]!));
  idx.sort((a, b) => time[a]! - time[b]!);
  const ts: number[] = [];
  const xs: number[] = [];
  for (const i of idx) {
    if (ts.length && ts[ts.length - 1] === time[i]) continue;
    ts.push(time[i]!);
    xs.push(x[i]!);
  }
  return (t: number): number => {
    if (t <= ts[0]!) return xs[0]!;
    if (t >= ts[ts.length - 1]!) return xs[xs.length - 1]!;
    let lo = 0;
    let hi = ts.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (ts[mid]! <= t) lo = mid;
      else hi = mid;
    }
    const f = (t - ts[lo]!) / (ts[hi]! - ts[lo]!);
    return xs[lo]! + f * (xs[hi]! - xs[lo]!);
  };
}

/**
 * Schoenfeld residual figure of one term of a `coxZph` result.
 *
 * @param zph a {@link CoxZphResult} (not modified).
 * @param term one of `zph.yNames` (a term label, or a column name with `terms: false`).
 * @param options see {@link SchoenfeldFigureOptions}.
 * @throws UsageError for an unknown term or invalid smoother options
 * @example schoenfeldFigure(coxZph(fit.internals), 'age', { coefficient: fit.coefficients[0] })
 */
export function schoenfeldFigure(zph: CoxZphResult, term: string, options: SchoenfeldFigureOptions = {}): FigureSpec {
  const j = zph.yNames.indexOf(term);
  if (j < 0) throw new UsageError(`Unrecognized term: ${term} (available: ${zph.yNames.join(', ')})`);
  const timeLabels = options.timeLabels ?? true;
  const showPoints = options.showPoints ?? true;
  const showSmooth = options.showSmooth ?? true;
  const showBand = options.showBand ?? true;
  const pointOpacity = options.pointOpacity ?? 0.5;
  const palette = options.colors ?? DEFAULT_PALETTE;
  const color = colorAt(palette, 0);
  const test = zph.tests[j];
  const pText = test && test.term === term ? pEquals(test.p) : null;
  const title = options.title ?? `Schoenfeld residuals: ${term}${pText ? ` (PH test ${pText})` : ''}`;
  const yAll = zph.y[j]!;
  const xs: number[] = [];
  const ys: number[] = [];
  const ts: number[] = [];
  for (let i = 0; i < yAll.length; i++) {
    if (Number.isFinite(yAll[i]!) && Number.isFinite(zph.x[i]!)) {
      xs.push(zph.x[i]!);
      ys.push(yAll[i]!);
      ts.push(zph.time[i]!);
    }
  }
  const warnings: string[] = [];
  if (xs.length < yAll.length) warnings.push(`${yAll.length - xs.length} residual(s) missing (covariate constant within a stratum) are not shown`);
  const data: PlotlyTrace[] = [];
  if (showPoints) {
    data.push({
      type: 'scatter', mode: 'markers', name: 'scaled Schoenfeld residuals', x: xs, y: ys,
      text: ts.map((t, i) => `t = ${formatNumber(t, 6)}<br>residual = ${formatNumber(ys[i]!)}`),
      hovertemplate: '%{text}<extra></extra>', marker: { size: 6, color: '#555555', opacity: pointOpacity },
      meta: { role: 'residuals' },
    });
  }
  let smoothMeta: { span: number; points: number; bandZ: number } | null = null;
  if ((showSmooth || showBand) && xs.length >= 2) {
    const span = options.span ?? 2 / 3;
    const points = options.points ?? 40;
    const bandZ = options.bandZ ?? 2;
    const sm = localLinearSmooth(xs, ys, { span, points, bandZ });
    smoothMeta = { span, points, bandZ };
    if (showBand) {
      data.push({
        type: 'scatter', mode: 'lines', name: `+${formatNumber(bandZ)} SE`, x: sm.x, y: sm.upper.map(finiteOrNull),
        line: { width: 0, color: withAlpha(color, 0) }, hoverinfo: 'skip', showlegend: false, meta: { role: 'band-upper' },
      });
      data.push({
        type: 'scatter', mode: 'lines', name: `±${formatNumber(bandZ)} SE`, x: [...sm.x], y: sm.lower.map(finiteOrNull),
        line: { width: 0, color: withAlpha(color, 0) }, fill: 'tonexty', fillcolor: withAlpha(color, 0.2), hoverinfo: 'skip',
        meta: { role: 'band-lower' },
      });
    }
    if (showSmooth) {
      data.push({
        type: 'scatter', mode: 'lines', name: 'smooth', x: sm.x, y: sm.fit.map(finiteOrNull), line: { color, width: 2.5 },
        text: sm.fit.map((f, i) => `g(t) = ${formatNumber(sm.x[i]!)}<br>β(t) = ${formatNumber(f)} ± ${formatNumber(bandZ * sm.se[i]!)}`),
        hovertemplate: '%{text}<extra></extra>', meta: { role: 'smooth' },
      });
    }
  } else if (showSmooth && xs.length < 2) {
    warnings.push('smooth omitted: fewer than 2 residuals');
  }
  const shapes: PlotlyShape[] = [];
  if (options.zeroLine ?? true) {
    shapes.push({ type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: 0, y1: 0, line: { color: REFERENCE_GREY, width: 1, dash: 'dot' }, layer: 'below' });
  }
  if (options.coefficient !== undefined) {
    if (!Number.isFinite(options.coefficient)) throw new UsageError(`coefficient must be finite, got ${options.coefficient}`);
    shapes.push({ type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: options.coefficient, y1: options.coefficient, line: { color: REFERENCE_GREY, width: 1.5, dash: 'dash' }, layer: 'below' });
  }
  const layout = baseLayout(title, options);
  let xAxisExtra = {};
  if (timeLabels && ts.length >= 2 && zph.transform !== 'identity') {
    const map = timeToX(zph.time, zph.x);
    const tMin = Math.min(...ts);
    const tMax = Math.max(...ts);
    const breaks = niceBreaks(tMin, tMax, 5);
    const tickvals: number[] = [];
    const ticktext: string[] = [];
    for (const b of breaks) {
      const v = map(b);
      if (tickvals.length && Math.abs(v - tickvals[tickvals.length - 1]!) < 1e-12) continue;
      tickvals.push(v);
      ticktext.push(formatNumber(b));
    }
    xAxisExtra = { tickvals, ticktext };
  }
  const defaultX = timeLabels || zph.transform === 'identity' ? timeAxisTitle(options.timeUnit) : `g(t) (${zph.transform} transform)`;
  layout.xaxis = axis(options.xTitle ?? defaultX, xAxisExtra);
  layout.yaxis = axis(options.yTitle ?? `Beta(t) for ${term}`);
  layout.showlegend = false;
  if (shapes.length) layout.shapes = shapes;
  return {
    data,
    layout,
    config: defaultConfig(`schoenfeld-${term}`),
    meta: {
      kind: 'schoenfeld',
      title,
      term,
      transform: zph.transform,
      test: test && test.term === term ? { term, chisq: finiteOrNull(test.chisq), df: test.df, p: finiteOrNull(test.p) } : null,
      smooth: smoothMeta ? { method: 'local linear (tricube)', ...smoothMeta } : null,
      warnings,
    },
  };
}

/**
 * One Schoenfeld figure per term of a `coxZph` result, in `zph.yNames` order.
 * @param options passed to each {@link schoenfeldFigure} (a `title` is ignored: each figure names its term).
 * @example schoenfeldFigures(coxZph(fit.internals)).length // => number of terms
 */
export function schoenfeldFigures(zph: CoxZphResult, options: Omit<SchoenfeldFigureOptions, 'title'> = {}): FigureSpec[] {
  return zph.yNames.map((term) => schoenfeldFigure(zph, term, options));
}
