/**
 * Shared visual defaults: font, background, margins and the plotly config of
 * every figure. Builders start from these and apply their own options.
 *
 * Accessibility: 14 px base font (WCAG 2.1 recommends no less than 12 pt on
 * print; dashboards commonly use 14 px), white background, dark grey text
 * (#222 on white, contrast 16:1), light gridlines.
 */
import type { PlotlyAxis, PlotlyConfig, PlotlyLayout, PlotlyLegend } from './types.js';

/** Default font family: common sans-serif fonts available offline on hospital desktops. */
export const DEFAULT_FONT_FAMILY = 'Arial, Helvetica, "Liberation Sans", sans-serif';
/** Default base font size in px. */
export const DEFAULT_FONT_SIZE = 14;
/** Default figure height in px (plots are responsive in width). */
export const DEFAULT_HEIGHT = 500;
/** Text colour. */
export const TEXT_COLOR = '#222222';
/** Gridline colour. */
export const GRID_COLOR = '#E5E5E5';

/** Options every builder accepts. */
export interface CommonFigureOptions {
  /** Figure title (each builder documents its default). */
  title?: string;
  /** Base font size in px (default 14). */
  fontSize?: number;
  /** Figure height in px (each builder documents its default; 500 unless stated). */
  height?: number;
  /** Figure width in px (default: unset, responsive to the container). */
  width?: number;
  /** Series colours (default: the Okabe–Ito based {@link DEFAULT_PALETTE}). */
  colors?: readonly string[];
}

/**
 * A layout with the shared defaults and the given title.
 * @example baseLayout('Survival', {}).title.text // => 'Survival'
 */
export function baseLayout(title: string, o: CommonFigureOptions, defaultHeight = DEFAULT_HEIGHT): PlotlyLayout & { title: { text: string } } {
  const size = o.fontSize ?? DEFAULT_FONT_SIZE;
  const layout: PlotlyLayout & { title: { text: string } } = {
    title: { text: title, font: { size: Math.round(size * 1.25) }, x: 0.02, xanchor: 'left' },
    font: { family: DEFAULT_FONT_FAMILY, size, color: TEXT_COLOR },
    height: o.height ?? defaultHeight,
    margin: { l: 70, r: 30, t: 60, b: 60 },
    plot_bgcolor: '#FFFFFF',
    paper_bgcolor: '#FFFFFF',
    hovermode: 'closest',
    showlegend: true,
  };
  if (o.width !== undefined) layout.width = o.width;
  return layout;
}

/** An axis with a title and the shared styling. */
export function axis(title: string, extra: PlotlyAxis = {}): PlotlyAxis {
  return {
    title: { text: title },
    showgrid: true,
    gridcolor: GRID_COLOR,
    zeroline: false,
    showline: true,
    linecolor: '#444444',
    ticks: 'outside',
    automargin: true,
    ...extra,
  };
}

/**
 * Legend to the right of the plot area, top-aligned: outside the curves, so it
 * can hide none of them whatever their shape (plotly widens the right margin
 * to fit it), and clear of the title above the plot.
 * @example kaplanMeierFigure(fit).layout.legend // => legendOutsideRight()
 */
export function legendOutsideRight(): PlotlyLegend {
  return { orientation: 'v', x: 1.02, xanchor: 'left', y: 1, yanchor: 'top' };
}

/**
 * Title of a time axis: `Time (unit)` when the unit is known, plain `Time`
 * otherwise (a figure must not claim days for data in weeks).
 * @example timeAxisTitle('months') // => 'Time (months)'; timeAxisTitle(undefined) // => 'Time'
 */
export function timeAxisTitle(unit: string | undefined): string {
  return unit === undefined || unit.trim() === '' ? 'Time' : `Time (${unit})`;
}

/** Plotly config shared by all figures: responsive, no plotly logo, PNG export at 2× scale. */
export function defaultConfig(filename: string): PlotlyConfig {
  return {
    responsive: true,
    displaylogo: false,
    toImageButtonOptions: { format: 'png', filename, scale: 2 },
  };
}
