/**
 * Jupyter MIME bundles (the `data` of a display_data message) for figures
 * and tables: pure functions, so that the notebook display module stays a
 * thin shell over tslab and the bundles are testable without a kernel.
 * Reference: https://jupyter-client.readthedocs.io/en/stable/messaging.html#display-data
 */
import type { FigureSpec } from '../charts/types.js';
import { DEFAULT_PLOTLY_CONFIG, figureFragment, plotlyScriptTag } from './figure-html.js';
import { fitTables, type SummarizableFit } from './fit-tables.js';
import { columnTableRows, formatCell, tableHtml, type TableHtmlOptions, type TableInput } from './table-html.js';

/** The MIME type JupyterLab's plotly renderer (and VS Code) draw: a JSON figure `{data, layout, config}`. */
export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

/** A MIME bundle: MIME type to content (strings, or JSON objects for `+json` types). */
export type MimeBundle = Record<string, unknown>;

/** Options of {@link figureMimeBundle}. */
export interface FigureBundleOptions {
  /** Element id of the HTML fallback; must be unique within the notebook. */
  id: string;
  /**
   * Whether the HTML fallback carries the plotly.js bundle (4.8 MB). The
   * display module includes it in the first figure of a kernel session only
   * (later fallbacks wait for `window.Plotly`), so notebooks stay small.
   */
  includePlotly: boolean;
}

/**
 * The bundle of one figure: the plotly JSON (rendered by JupyterLab/VS Code),
 * a `text/html` fallback that draws the same figure with local plotly.js
 * (classic notebook, nbconvert HTML), and a `text/plain` line.
 * Does not modify `spec`.
 */
export function figureMimeBundle(spec: FigureSpec, options: FigureBundleOptions): MimeBundle {
  const json = JSON.parse(JSON.stringify({ data: spec.data, layout: spec.layout, config: { ...DEFAULT_PLOTLY_CONFIG, ...(spec.config ?? {}) } })) as unknown;
  const html = (options.includePlotly ? plotlyScriptTag() + '\n' : '') + figureFragment(spec, options.id);
  const title = spec.meta?.title ?? spec.layout.title?.text ?? 'figure';
  return { [PLOTLY_MIME]: json, 'text/html': html, 'text/plain': `<Figure ${spec.meta?.kind ?? 'plotly'}: ${title} (${spec.data.length} traces)>` };
}

/**
 * Plain-text rendering of a table (columns padded to equal width, numbers
 * formatted as in the HTML table), for the `text/plain` part of a bundle.
 */
export function tableText(input: TableInput, options: TableHtmlOptions = {}): string {
  const rows = Array.isArray(input) ? (input as readonly Record<string, unknown>[]) : columnTableRows(input as Exclude<TableInput, readonly unknown[]>);
  const columns = options.columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const shown = rows.slice(0, options.maxRows ?? 1000);
  const cells = shown.map((r) => columns.map((c) => formatCell(r[c] as never, options.digits)));
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((row) => (row[j] as string).length)));
  const line = (vals: string[]): string => vals.map((v, j) => v.padStart(widths[j] as number)).join('  ');
  const out = [options.caption ?? '', line([...columns]), ...cells.map(line)].filter((l, i) => i > 0 || l !== '');
  if (rows.length > shown.length) out.push(`(${rows.length - shown.length} more rows)`);
  return out.join('\n');
}

/** The bundle of a table: HTML and plain text. */
export function tableMimeBundle(input: TableInput, options: TableHtmlOptions = {}): MimeBundle {
  return { 'text/html': tableHtml(input, options), 'text/plain': tableText(input, options) };
}

/** The bundle of a fit's summary tables (Cox, Kaplan-Meier, log-rank, cox.zph, RMST), each with its caption. */
export function fitMimeBundle(fit: SummarizableFit, options: Omit<TableHtmlOptions, 'caption' | 'columns'> = {}): MimeBundle {
  const tables = fitTables(fit);
  return {
    'text/html': tables.map((t) => tableHtml(t.rows, { ...options, caption: t.caption })).join('\n'),
    'text/plain': tables.map((t) => tableText(t.rows, { ...options, caption: t.caption })).join('\n\n'),
  };
}
