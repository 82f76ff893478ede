/**
 * Figure specs to HTML: a `<div>` that plotly draws into, and standalone
 * HTML documents with plotly.js inlined from node_modules (no CDN, no network).
 */
import type { FigureSpec, PlotlyConfig } from '../charts/types.js';
import { escapeHtml, scriptJson, scriptSafeSource } from './escape.js';
import { readPlotlyBundle } from './plotly-bundle.js';

/**
 * Plotly config applied under every figure's own `config` (the figure wins):
 * `responsive: true` (resize with the page), `displaylogo: false`.
 * Reference: https://plotly.com/javascript/configuration-options/
 */
export const DEFAULT_PLOTLY_CONFIG: Readonly<PlotlyConfig> = Object.freeze({ responsive: true, displaylogo: false });

/** CSS class of every figure container (tests and report styles select it). */
export const FIGURE_CLASS = 'midia-figure';

/**
 * A stable element id from free text: lower-case letters, digits and dashes, prefixed `fig-`.
 * @example figureId('KM by ER') // => 'fig-km-by-er'
 */
export function figureId(text: string): string {
  const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `fig-${slug || 'figure'}`;
}

/**
 * The HTML of one figure: a container `<div id="ID" class="midia-figure">`,
 * the spec as `<script type="application/json" id="ID-spec">` and a script
 * that calls `Plotly.newPlot` on it. Needs plotly.js loaded earlier on the
 * page (see {@link plotlyScriptTag}); does not modify `spec`.
 * @param spec the figure (data, layout, config)
 * @param id element id; must be unique on the page (default: from the figure title)
 * @example figureFragment(spec, 'fig-km') // => '<div id="fig-km" class="midia-figure" ...'
 */
export function figureFragment(spec: FigureSpec, id: string = figureId(spec.meta?.title ?? spec.layout.title?.text ?? 'figure')): string {
  const safeId = escapeHtml(id);
  const payload = { data: spec.data, layout: spec.layout, config: { ...DEFAULT_PLOTLY_CONFIG, ...(spec.config ?? {}) } };
  const height = typeof spec.layout.height === 'number' ? `${spec.layout.height}px` : '480px';
  const width = typeof spec.layout.width === 'number' ? `${spec.layout.width}px` : '100%';
  return [
    `<div id="${safeId}" class="${FIGURE_CLASS}" data-kind="${escapeHtml(spec.meta?.kind ?? 'figure')}" style="width:${width};min-height:${height}"></div>`,
    `<script type="application/json" id="${safeId}-spec">${scriptJson(payload)}</script>`,
    // Waits for window.Plotly: in a notebook the bundle may arrive in an earlier output.
    `<script>(function draw(n){if(!window.Plotly){if(n<200)setTimeout(function(){draw(n+1);},50);return;}` +
      `var s=JSON.parse(document.getElementById(${scriptJson(`${id}-spec`)}).textContent);` +
      `window.Plotly.newPlot(${scriptJson(id)},s.data,s.layout,s.config);})(0);</script>`,
  ].join('\n');
}

/** A `<script>` element holding the whole plotly.js bundle (about 4.8 MB), read from node_modules. */
export function plotlyScriptTag(): string {
  return `<script>${scriptSafeSource(readPlotlyBundle())}</script>`;
}

/** Options of {@link figureHtml}. */
export interface FigureHtmlOptions {
  /** Document title. Default: the figure's `meta.title`, else its layout title, else 'Figure'. */
  title?: string;
}

/**
 * A standalone HTML document showing one figure, with plotly.js inlined:
 * it opens from disk with no network access.
 * @example writeFileSync('km.html', figureHtml(kaplanMeierFigure(fit)))
 */
export function figureHtml(spec: FigureSpec, options: FigureHtmlOptions = {}): string {
  const title = options.title ?? spec.meta?.title ?? spec.layout.title?.text ?? 'Figure';
  return htmlDocument(title, `${figureFragment(spec)}\n`, { plotly: true });
}

/** Minimal page styles shared by standalone figures and reports. */
export const PAGE_CSS = `
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#222}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:4px}
p.note{color:#555}
table.midia-table{border-collapse:collapse;margin:12px 0;font-size:0.9em}
table.midia-table caption{text-align:left;font-weight:bold;padding:4px 0}
table.midia-table th,table.midia-table td{border-bottom:1px solid #e3e3e3;padding:3px 10px}
table.midia-table th{background:#f5f5f5;text-align:left}
table.midia-table td.num{text-align:right;font-variant-numeric:tabular-nums}
.midia-figure{margin:12px 0}
`;

/**
 * A complete HTML document around `body` (UTF-8, page styles, optionally
 * plotly.js inlined in the head).
 */
export function htmlDocument(title: string, body: string, options: { plotly: boolean }): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    options.plotly ? plotlyScriptTag() : '',
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
