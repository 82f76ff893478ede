/**
 * Kaplan–Meier figure: right-continuous step curves per stratum with pointwise
 * confidence bands, censoring marks, optional median lines and an aligned
 * number-at-risk table under the plot, as R's `plot(survfit)` with
 * `survminer::ggsurvplot(risk.table = TRUE)`.
 *
 * The at-risk counts are `fit.atRisk(times)` (R's `summary(fit, times,
 * extend = TRUE)$n.risk`), so the table always matches the fit. The bands are
 * the fit's own limits (`fit.confType`, default 'log' as R's survfit).
 */
import type { KaplanMeierFit } from '../models/survival/kaplan-meier/kaplan-meier.js';
import { UsageError } from '../util/errors.js';
import { axis, baseLayout, defaultConfig, legendOutsideRight, timeAxisTitle, type CommonFigureOptions } from './layout-defaults.js';
import { checkDisclosure, displayCount, finiteOrNull, formatNumber } from './format.js';
import { niceBreaks } from './nice-breaks.js';
import { checkRiskTimes, defaultRiskTableFraction, RISK_TABLE_GAP, RISK_TABLE_LEFT_PAD, riskTableParts, type RiskTableRow } from './risk-table.js';
import { colorAt, DEFAULT_PALETTE, REFERENCE_GREY, withAlpha } from './palette.js';
import type { DisclosureDisplay, FigureSpec, PlotlyAnnotation, PlotlyShape, PlotlyTrace } from './types.js';

/** Options of {@link kaplanMeierFigure}; every field optional. */
export interface KaplanMeierFigureOptions extends CommonFigureOptions {
  /** Time unit shown in the x-axis title (default: none, the axis says 'Time'; give the unit of the data, e.g. the analysis table's). */
  timeUnit?: string;
  /** x-axis title (default `Time (${timeUnit})`, or `Time` without a unit). */
  xTitle?: string;
  /** y-axis title (default 'Survival probability', or 'Cumulative event probability' with `fun: 'event'`). */
  yTitle?: string;
  /** Plot S(t) ('survival', default) or 1 - S(t) ('event', R's `fun = "event"`). */
  fun?: 'survival' | 'event';
  /** Display names of the curves by fit label (default: the fit's labels, e.g. `sex=1`). */
  labels?: Readonly<Record<string, string>>;
  /** Draw the pointwise confidence bands (default true; none when the fit has confType 'none'). */
  confidenceBands?: boolean;
  /** Opacity of the band fill (default 0.15). */
  bandOpacity?: number;
  /** Mark censoring times with '+' on the curve (default true, as R's `mark.time`). */
  censorMarks?: boolean;
  /** Dashed lines at S = 0.5 and each median survival time (default false). */
  medianLines?: boolean;
  /** Curve line width in px (default 2). */
  lineWidth?: number;
  /** Show the number-at-risk table below the plot (default true). */
  riskTable?: boolean;
  /** Times of the at-risk table and x ticks (default: round breaks from 0 to the last follow-up time, about 6, see {@link niceBreaks}). */
  riskTimes?: readonly number[];
  /** Fraction of the figure height for the at-risk table (default `min(0.4, 0.1 + 0.05 × curves)`). */
  riskTableFraction?: number;
  /** Display-side disclosure control of the counts: values in (0, threshold) show as `<threshold` (default: none). */
  disclosure?: DisclosureDisplay;
  /** Upper end of the time axis (default: the last follow-up time). */
  xMax?: number;
}

const nullIfNaN = finiteOrNull;

/**
 * Builds the Kaplan–Meier figure of a fit.
 *
 * @param fit a {@link KaplanMeierFit} (not modified).
 * @param options see {@link KaplanMeierFigureOptions}; every default documented there.
 * @returns a plotly spec; `meta.riskTable` holds the table's times and counts, `meta.warnings` any notes.
 * @throws UsageError for invalid options (negative or unsorted risk times, bad fractions or thresholds)
 * @example
 * ```ts
 * const fit = kaplanMeier('Surv(time, status) ~ sex', lung);
 * const spec = kaplanMeierFigure(fit, { timeUnit: 'days', disclosure: { threshold: 5 } });
 * ```
 */
export function kaplanMeierFigure(fit: KaplanMeierFit, options: KaplanMeierFigureOptions = {}): FigureSpec {
  const fun = options.fun ?? 'survival';
  if (fun !== 'survival' && fun !== 'event') throw new UsageError(`fun must be 'survival' or 'event', got '${String(fun)}'`);
  const title = options.title ?? 'Kaplan–Meier estimate';
  const palette = options.colors ?? DEFAULT_PALETTE;
  const lineWidth = options.lineWidth ?? 2;
  const bandOpacity = options.bandOpacity ?? 0.15;
  const wantBands = options.confidenceBands ?? true;
  const censorMarks = options.censorMarks ?? true;
  const riskTable = options.riskTable ?? true;
  const disclosure = checkDisclosure(options.disclosure);
  const warnings: string[] = [];
  if (!(bandOpacity >= 0 && bandOpacity <= 1)) throw new UsageError(`bandOpacity must be in [0, 1], got ${bandOpacity}`);

  const curves = fit.curves;
  let lastTime = 0;
  for (const c of curves) if (c.time.length) lastTime = Math.max(lastTime, c.time[c.time.length - 1]!);
  const xMax = options.xMax ?? lastTime;
  if (!(Number.isFinite(xMax) && xMax > 0) && curves.some((c) => c.time.length > 0)) {
    throw new UsageError(`xMax must be a positive number, got ${xMax}`);
  }
  const riskTimes = options.riskTimes ? [...options.riskTimes] : lastTime > 0 ? niceBreaks(0, Math.min(xMax, lastTime), 5) : [0];
  checkRiskTimes(riskTimes);
  const bands = wantBands && fit.confType !== 'none';
  if (wantBands && fit.confType === 'none') warnings.push("confidence bands omitted: the fit has confType 'none'");
  const y = (s: number): number | null => nullIfNaN(fun === 'event' ? 1 - s : s);
  const yName = fun === 'event' ? 'F(t)' : 'S(t)';
  const level = `${formatNumber(fit.confLevel * 100)}%`;

  const displayName = (label: string): string => options.labels?.[label] ?? label;
  const data: PlotlyTrace[] = [];
  curves.forEach((c, k) => {
    const name = displayName(c.label);
    const color = colorAt(palette, k);
    const group = `curve-${k}`;
    const nt = c.time.length;
    const startAtZero = nt === 0 || c.time[0]! > 0;
    const xs: number[] = startAtZero ? [0] : [];
    const ys: (number | null)[] = startAtZero ? [y(1)] : [];
    const text: string[] = startAtZero ? [`${name}<br>t = 0<br>${yName} = ${formatNumber(y(1))}<br>at risk: ${displayCount(c.n, disclosure)}`] : [];
    for (let i = 0; i < nt; i++) {
      xs.push(c.time[i]!);
      ys.push(y(c.surv[i]!));
      const lo = fun === 'event' ? 1 - c.upper[i]! : c.lower[i]!;
      const hi = fun === 'event' ? 1 - c.lower[i]! : c.upper[i]!;
      const ci = bands ? ` (${level} CI ${formatNumber(lo)}–${formatNumber(hi)})` : '';
      text.push(
        `${name}<br>t = ${formatNumber(c.time[i]!, 6)}<br>${yName} = ${formatNumber(y(c.surv[i]!))}${ci}` +
          `<br>at risk: ${displayCount(c.nRisk[i]!, disclosure)}, events: ${displayCount(c.nEvent[i]!, disclosure)}, censored: ${displayCount(c.nCensor[i]!, disclosure)}`,
      );
    }
    if (bands) {
      const bx: number[] = startAtZero ? [0] : [];
      const lower: number[] = startAtZero ? [y(1)!] : [];
      const upper: number[] = startAtZero ? [y(1)!] : [];
      for (let i = 0; i < nt; i++) {
        const lo = c.lower[i]!;
        const hi = c.upper[i]!;
        if (!Number.isFinite(lo) || !Number.isFinite(hi)) continue; // R's NA limits: no band there
        bx.push(c.time[i]!);
        lower.push(fun === 'event' ? 1 - hi : lo);
        upper.push(fun === 'event' ? 1 - lo : hi);
      }
      const bandLine = { shape: 'hv' as const, width: 0, color: withAlpha(color, 0) };
      data.push({
        type: 'scatter', mode: 'lines', x: bx, y: upper, line: bandLine, hoverinfo: 'skip',
        showlegend: false, legendgroup: group, name: `${name} upper ${level}`, meta: { role: 'band-upper', curve: c.label },
      });
      data.push({
        type: 'scatter', mode: 'lines', x: [...bx], y: lower, line: bandLine, fill: 'tonexty',
        fillcolor: withAlpha(color, bandOpacity), hoverinfo: 'skip', showlegend: false, legendgroup: group,
        name: `${name} lower ${level}`, meta: { role: 'band-lower', curve: c.label },
      });
    }
    data.push({
      type: 'scatter', mode: 'lines', name, x: xs, y: ys, text, hovertemplate: '%{text}<extra></extra>',
      line: { shape: 'hv', color, width: lineWidth }, legendgroup: group, meta: { role: 'curve', curve: c.label },
    });
    if (censorMarks) {
      const cx: number[] = [];
      const cy: (number | null)[] = [];
      const ct: string[] = [];
      for (let i = 0; i < nt; i++) {
        if (c.nCensor[i]! > 0) {
          cx.push(c.time[i]!);
          cy.push(y(c.surv[i]!));
          ct.push(`${name}<br>censored at t = ${formatNumber(c.time[i]!, 6)}: ${displayCount(c.nCensor[i]!, disclosure)}`);
        }
      }
      data.push({
        type: 'scatter', mode: 'markers', name: `${name} censored`, x: cx, y: cy, text: ct,
        hovertemplate: '%{text}<extra></extra>', showlegend: false, legendgroup: group,
        marker: { symbol: 'cross-thin', size: 9, color, line: { color, width: 1.5 } },
        meta: { role: 'censor', curve: c.label },
      });
    }
  });

  const layout = baseLayout(title, options, riskTable ? 500 + 25 * curves.length : 500);
  const shapes: PlotlyShape[] = [];
  const annotations: PlotlyAnnotation[] = [];
  const medians = fit.medians().map((m) => ({ label: m.label, median: m.median, lower: m.lower, upper: m.upper }));
  if (options.medianLines) {
    const reached = medians.filter((m) => m.median !== null) as { label: string; median: number }[];
    if (reached.length) {
      const far = Math.max(...reached.map((m) => m.median));
      const dash = { color: REFERENCE_GREY, width: 1, dash: 'dash' as const };
      shapes.push({ type: 'line', xref: 'x', yref: 'y', x0: 0, x1: far, y0: 0.5, y1: 0.5, line: dash, layer: 'below' });
      for (const m of reached) {
        shapes.push({ type: 'line', xref: 'x', yref: 'y', x0: m.median, x1: m.median, y0: 0, y1: 0.5, line: dash, layer: 'below' });
      }
    } else {
      warnings.push('median lines omitted: no curve reaches 0.5');
    }
  }

  const xRange = [riskTable ? -RISK_TABLE_LEFT_PAD * xMax : 0, xMax * 1.02];
  layout.xaxis = axis(options.xTitle ?? timeAxisTitle(options.timeUnit), { range: xRange, anchor: 'y', tickvals: riskTimes });
  layout.yaxis = axis(options.yTitle ?? (fun === 'event' ? 'Cumulative event probability' : 'Survival probability'), {
    range: [0, 1.02],
    anchor: 'x',
  });
  layout.legend = legendOutsideRight();

  let tableRows: RiskTableRow[] = [];
  if (riskTable) {
    const fraction = options.riskTableFraction ?? defaultRiskTableFraction(curves.length);
    const parts = riskTableParts({
      times: riskTimes, rows: fit.atRisk(riskTimes), names: curves.map((c) => displayName(c.label)),
      colors: curves.map((_, k) => colorAt(palette, k)), fraction, xRange, disclosure, fontSize: options.fontSize ?? 14,
    });
    layout.yaxis.domain = [fraction + RISK_TABLE_GAP, 1];
    data.push(...parts.traces);
    layout.xaxis2 = parts.xaxis2;
    layout.yaxis2 = parts.yaxis2;
    annotations.push(parts.heading);
    tableRows = parts.rows;
  }
  if (shapes.length) layout.shapes = shapes;
  if (annotations.length) layout.annotations = annotations;

  return {
    data,
    layout,
    config: defaultConfig('kaplan-meier'),
    meta: {
      kind: 'kaplan-meier',
      title,
      formula: fit.formula,
      fun,
      confType: fit.confType,
      confLevel: fit.confLevel,
      bands,
      riskTable: riskTable ? { times: [...riskTimes], rows: tableRows } : null,
      medians,
      warnings,
    },
  };
}
