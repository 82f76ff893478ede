/**
 * The number-at-risk table under a survival or incidence plot: a second
 * subplot (x axis `x2` matching `x`, y axis `y2` with one row per curve) with
 * the counts as text at the table times, coloured like their curves, as
 * `survminer::ggsurvplot(risk.table = TRUE)`. Shared by the Kaplan–Meier and
 * cumulative incidence figures.
 */
import { UsageError } from '../util/errors.js';
import { displayCount, formatNumber } from './format.js';
import type { DisclosureDisplay, PlotlyAnnotation, PlotlyLayout, PlotlyScatterTrace } from './types.js';

/** One row of the at-risk table as shown. */
export interface RiskTableRow {
  /** Curve label (as in the fit). */
  label: string;
  /** Exact counts at the table times. */
  counts: number[];
  /** Displayed text (after disclosure control). */
  display: string[];
}

/** Input of {@link riskTableParts}. */
export interface RiskTableInput {
  times: readonly number[];
  rows: readonly { label: string; nRisk: readonly number[] }[];
  /** Display name of each row (same order). */
  names: readonly string[];
  /** Text colour of each row (same order). */
  colors: readonly string[];
  /** Fraction of the figure height for the table. */
  fraction: number;
  /** x range shared with the plot. */
  xRange: number[];
  disclosure: DisclosureDisplay | undefined;
  fontSize: number;
}

/** Default table height fraction: `min(0.4, 0.1 + 0.05 × rows)`. */
export function defaultRiskTableFraction(rows: number): number {
  return Math.min(0.4, 0.1 + 0.05 * rows);
}

/** Space left of time 0 (fraction of the time range) so that the counts at t = 0 clear the row labels. */
export const RISK_TABLE_LEFT_PAD = 0.06;

/** Vertical gap (paper fraction) between the plot and the table, leaving room for the x-axis title. */
export const RISK_TABLE_GAP = 0.19;

/**
 * Validates risk-table times: finite, >= 0, strictly increasing.
 * @throws UsageError otherwise
 */
export function checkRiskTimes(times: readonly number[]): void {
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    if (!Number.isFinite(t) || t < 0) throw new UsageError(`riskTimes must be finite and >= 0, got ${t}`);
    if (i > 0 && t <= times[i - 1]!) throw new UsageError('riskTimes must be strictly increasing');
  }
}

/**
 * The traces, axes and heading of an at-risk table. The caller puts the
 * plot's y axis in the domain `[fraction + RISK_TABLE_GAP, 1]`.
 * @throws UsageError when the fraction is outside (0, 0.8) or a row's counts do not match the times
 */
export function riskTableParts(input: RiskTableInput): {
  traces: PlotlyScatterTrace[];
  xaxis2: NonNullable<PlotlyLayout['xaxis']>;
  yaxis2: NonNullable<PlotlyLayout['yaxis']>;
  heading: PlotlyAnnotation;
  rows: RiskTableRow[];
} {
  const { times, disclosure, fraction } = input;
  if (!(fraction > 0 && fraction < 0.8)) throw new UsageError(`riskTableFraction must be in (0, 0.8), got ${fraction}`);
  const m = input.rows.length;
  const rows: RiskTableRow[] = input.rows.map((r) => {
    if (r.nRisk.length !== times.length) {
      throw new UsageError(`at-risk row '${r.label}' has ${r.nRisk.length} counts for ${times.length} times`);
    }
    return { label: r.label, counts: [...r.nRisk], display: r.nRisk.map((v) => displayCount(v, disclosure)) };
  });
  const traces: PlotlyScatterTrace[] = rows.map((row, k) => {
    const name = input.names[k] ?? row.label;
    return {
      type: 'scatter',
      mode: 'text',
      name: `${name} at risk`,
      x: [...times],
      y: times.map(() => k),
      text: row.display,
      textfont: { color: input.colors[k]!, size: input.fontSize },
      hovertemplate: times.map((t, j) => `${name}<br>at risk at t = ${formatNumber(t, 6)}: ${row.display[j]}<extra></extra>`),
      xaxis: 'x2',
      yaxis: 'y2',
      showlegend: false,
      cliponaxis: false,
      meta: { role: 'risk-table', curve: row.label },
    };
  });
  const th = disclosure ? formatNumber(disclosure.threshold) : '';
  return {
    traces,
    rows,
    xaxis2: {
      anchor: 'y2', matches: 'x', range: [...input.xRange], showticklabels: false, showgrid: false, zeroline: false,
      showline: false, ticks: '', tickvals: [...times],
    },
    yaxis2: {
      domain: [0, fraction], anchor: 'x2', range: [m - 0.5, -0.5], tickvals: rows.map((_, k) => k),
      ticktext: rows.map((r, k) => input.names[k] ?? r.label), showgrid: false, zeroline: false, showline: false,
      ticks: '', fixedrange: true, automargin: true, ticklabelstandoff: 28,
    },
    heading: {
      text: disclosure ? `Number at risk (counts below ${th} shown as <${th})` : 'Number at risk',
      xref: 'paper', yref: 'paper', x: 0, y: fraction, xanchor: 'left', yanchor: 'bottom', showarrow: false,
      font: { size: input.fontSize },
    },
  };
}
