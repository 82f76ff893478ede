/**
 * Kaplan–Meier figure of a *disclosed* fit (engine/disclosure
 * discloseKaplanMeier): what `midia km --db` prints, drawn. Each shown stratum
 * is a step curve through the survival estimate at the end of each reported
 * interval (intervals of at least the study's threshold of events, on a time
 * grid unless individual times are allowed), with its confidence band; hidden
 * strata are listed under the title and drawn not at all. There are no
 * censoring marks and no per-event steps: only what the disclosed table holds.
 * The number at risk at the start of each interval is in the hover text.
 *
 * The input is declared structurally so that charts/ imports no engine code.
 */
import { UsageError } from '../util/errors.js';
import { finiteOrNull, formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, legendOutsideRight, timeAxisTitle, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, withAlpha } from './palette.js';
import type { FigureSpec, PlotlyTrace } from './types.js';

/** The disclosed Kaplan–Meier output the figure draws (a subset of DisclosedKaplanMeier). */
export interface DisclosedKaplanMeierInput {
  strata: readonly {
    label: string;
    n: number | null;
    suppressed: boolean;
    intervals: readonly { from: number; to: number; nRisk: number; nEvent: number; surv: number; lower: number | null; upper: number | null }[];
  }[];
  confLevel: number;
  threshold: number;
  gridWidth: number | null;
}

/** Options of {@link disclosedKaplanMeierFigure}. */
export interface DisclosedKaplanMeierFigureOptions extends CommonFigureOptions {
  /** Time unit in the x-axis title (default: none, the axis says 'Time'). */
  timeUnit?: string;
  /** Draw the confidence bands (default true). */
  confidenceBands?: boolean;
}

/**
 * Builds the figure of a disclosed Kaplan–Meier fit.
 * @param km the disclosed fit (not modified)
 * @param options title (default 'Kaplan–Meier estimate (disclosure-controlled)'), timeUnit (none: 'Time'), confidenceBands (true)
 * @throws UsageError when every stratum is hidden (nothing may be drawn).
 * @example disclosedKaplanMeierFigure(discloseKaplanMeier(fit.toJSON(), { threshold: 5 }))
 */
export function disclosedKaplanMeierFigure(km: DisclosedKaplanMeierInput, options: DisclosedKaplanMeierFigureOptions = {}): FigureSpec {
  const shown = km.strata.filter((s) => !s.suppressed);
  if (shown.length === 0) throw new UsageError(`every stratum is hidden by disclosure control (threshold ${km.threshold}): nothing to draw`);
  const palette = options.colors ?? DEFAULT_PALETTE;
  const bands = options.confidenceBands ?? true;
  const level = `${formatNumber(km.confLevel * 100)}%`;
  const data: PlotlyTrace[] = [];
  let xMax = 0;
  shown.forEach((s, k) => {
    const color = colorAt(palette, k);
    const x = [0, ...s.intervals.map((iv) => iv.to)];
    const y = [1, ...s.intervals.map((iv) => iv.surv)];
    if (x.length) xMax = Math.max(xMax, x[x.length - 1]!);
    if (bands && s.intervals.length) {
      const line = { shape: 'hv' as const, width: 0, color: withAlpha(color, 0) };
      data.push({ type: 'scatter', mode: 'lines', x: [...x], y: [1, ...s.intervals.map((iv) => finiteOrNull(iv.upper))], line, hoverinfo: 'skip', showlegend: false, legendgroup: s.label, name: `${s.label} upper ${level}`, meta: { role: 'band-upper', curve: s.label } });
      data.push({ type: 'scatter', mode: 'lines', x: [...x], y: [1, ...s.intervals.map((iv) => finiteOrNull(iv.lower))], line, fill: 'tonexty', fillcolor: withAlpha(color, 0.15), hoverinfo: 'skip', showlegend: false, legendgroup: s.label, name: `${s.label} lower ${level}`, meta: { role: 'band-lower', curve: s.label } });
    }
    const text = ['start', ...s.intervals.map((iv) => `${s.label}<br>(${formatNumber(iv.from, 6)}, ${formatNumber(iv.to, 6)}]: ${iv.nEvent} events, ${iv.nRisk} at risk<br>S = ${formatNumber(iv.surv)}`)];
    data.push({ type: 'scatter', mode: 'lines', name: s.n === null ? s.label : `${s.label} (n = ${s.n})`, x, y, text, hovertemplate: '%{text}<extra></extra>', line: { shape: 'hv', color, width: 2 }, legendgroup: s.label, meta: { role: 'curve', curve: s.label } });
  });
  const hidden = km.strata.filter((s) => s.suppressed).map((s) => s.label);
  const base = options.title ?? 'Kaplan–Meier estimate (disclosure-controlled)';
  const note = `steps of at least ${km.threshold} events${km.gridWidth === null ? '' : `, times on a grid of ${formatNumber(km.gridWidth, 6)}`}${hidden.length ? `; hidden: ${hidden.join('; ')}` : ''}`;
  const layout = baseLayout(`${base}<br><sup>${note}</sup>`, options);
  layout.legend = legendOutsideRight();
  layout.xaxis = axis(timeAxisTitle(options.timeUnit), { range: [0, (xMax > 0 ? xMax : 1) * 1.02], rangemode: 'tozero' });
  layout.yaxis = axis('Survival probability', { range: [0, 1.02], rangemode: 'tozero' });
  return {
    data,
    layout,
    config: defaultConfig('kaplan-meier'),
    meta: { kind: 'kaplan-meier-disclosed', title: base, threshold: km.threshold, gridWidth: km.gridWidth, hidden },
  };
}
